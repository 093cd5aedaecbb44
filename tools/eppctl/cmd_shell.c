/*
 * eppctl shell: one login, many commands. Reads lines such as
 *
 *	domain check a.example b.example
 *	call {"cmd": "poll_req"}
 *	hello | help | quit
 *
 * from a terminal (with line editing and history in ~/.eppctl_history
 * when built with libedit) or from a pipe (no prompt, same commands).
 *
 * While it waits for input it keeps the session alive: a <hello> after
 * --keepalive seconds of silence, and a look at the registry's socket,
 * so that a session the registry closed is noticed at once. A session
 * that broke is opened and logged in again, and the shell says so; a
 * query is then sent again, a transform only if provably none of it had
 * left (else its outcome is unknown and the shell says which clTRID to
 * look for). Ctrl-D or quit logs out.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <jansson.h>

#ifdef EPPCTL_HAVE_LIBEDIT
#include <histedit.h>
#endif

#include "eppctl.h"

#define MAX_LINE     (1024 * 1024) /* a call with a large request */
#define MAX_WORDS    64
#define HISTORY_SIZE 1000

struct shell {
	struct eppctl_conn *c;
	epp_session *s;
	int keepalive_s;
	int interactive; /* stdin is a terminal: prompt */
	int status;      /* of the last command */
	long long idle_since_ms;
	char *line; /* the current line */
	char *buf;  /* the plain reader's input */
	size_t have, cap;
	char prompt[128];
#ifdef EPPCTL_HAVE_LIBEDIT
	EditLine *el;
	History *hist;
	char *hist_file;
	mbstate_t mbs;
#endif
};

static volatile sig_atomic_t got_sigint;

static void
on_sigint(int sig)
{
	(void)sig;
	got_sigint = 1;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A message that interrupts the prompt: keep the line being edited. */
static void
notice_done(struct shell *sh)
{
#ifdef EPPCTL_HAVE_LIBEDIT
	if (sh->el)
		el_set(sh->el, EL_REFRESH);
#else
	(void)sh;
#endif
}

/* Open and log in again; says what happened. 0 when logged in. */
static int
reconnect(struct shell *sh)
{
	int rc;

	epp_session_free(sh->s);
	sh->s = NULL;
	rc = eppctl_connect(sh->c, &sh->s, 1);
	if (rc != EPPCTL_OK) {
		fprintf(stderr, "eppctl: not connected; the next command "
		                "tries again\n");
		return -1;
	}
	fprintf(stderr, "eppctl: reconnected and logged in again as %s\n",
	        sh->c->user);
	return 0;
}

/* Idle: a <hello> keeps the session alive and proves it is. */
static void
keepalive(struct shell *sh, const char *why)
{
	int rc;

	if (sh->s == NULL) {
		reconnect(sh);
		notice_done(sh);
	} else {
		if (sh->c->verbose)
			fprintf(stderr, "eppctl: %s: sending <hello>\n", why);
		rc = epp_session_hello(sh->s);
		if (rc != EPP_OK) {
			if (sh->interactive)
				fputc('\n', stderr); /* off the prompt line */
			fprintf(stderr,
			        "eppctl: the session broke while idle (%s); "
			        "reconnecting\n",
			        *epp_session_errmsg(sh->s)
			                ? epp_session_errmsg(sh->s)
			                : epp_strerror(rc));
			reconnect(sh);
		}
		if (rc != EPP_OK || sh->c->verbose)
			notice_done(sh);
	}
	sh->idle_since_ms = now_ms();
}

/*
 * Wait until standard input is readable, keeping the session alive
 * meanwhile. Returns 0, or -1 on a poll error.
 */
static int
wait_input(struct shell *sh)
{
	struct pollfd pf[2];
	long long left;
	int n, timeout, watch;

	for (;;) {
		timeout = -1;
		if (sh->keepalive_s > 0) {
			left = sh->idle_since_ms + sh->keepalive_s * 1000LL -
			       now_ms();
			timeout = left > 0 ? (int)left : 0;
		}
		pf[0].fd = STDIN_FILENO;
		pf[0].events = POLLIN;
		pf[1].fd = sh->s ? epp_session_fd(sh->s) : -1;
		pf[1].events = POLLIN;
		pf[0].revents = pf[1].revents = 0;
		watch = pf[1].fd >= 0 ? 2 : 1;
		n = poll(pf, (nfds_t)watch, timeout);
		if (n < 0 && errno == EINTR) {
			if (got_sigint) {
				got_sigint = 0;
				fprintf(stderr, "\n(quit or Ctrl-D ends the "
				                "session)\n");
				notice_done(sh);
			}
			continue;
		}
		if (n < 0)
			return -1;
		if (pf[0].revents)
			return 0;
		if (n > 0 && pf[1].revents) {
			/* Nothing is due from the registry now: it closed
			 * the connection, or says something unasked. */
			keepalive(sh, "the registry's socket stirred");
			continue;
		}
		if (n == 0)
			keepalive(sh, "idle");
	}
}

/* --- input ----------------------------------------------------------- */

/* A line from the plain reader (no line editing), without its line end;
 * NULL at the end of input. Valid until the next call. */
static char *
plain_line(struct shell *sh)
{
	char *nl, *p;
	ssize_t n;
	size_t len;

	for (;;) {
		nl = sh->have ? memchr(sh->buf, '\n', sh->have) : NULL;
		if (nl != NULL)
			break;
		if (sh->have == sh->cap) {
			if (sh->cap >= MAX_LINE) {
				fprintf(stderr,
				        "eppctl: line longer than %d "
				        "bytes, dropped\n",
				        MAX_LINE);
				sh->have = 0;
				continue;
			}
			p = realloc(sh->buf, sh->cap ? sh->cap * 2 : 4096);
			if (p == NULL)
				return NULL;
			sh->buf = p;
			sh->cap = sh->cap ? sh->cap * 2 : 4096;
		}
		if (wait_input(sh) != 0)
			return NULL;
		n = read(STDIN_FILENO, sh->buf + sh->have, sh->cap - sh->have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (sh->have == 0)
				return NULL;
			nl = sh->buf + sh->have; /* a last line without \n */
			break;
		}
		sh->have += (size_t)n;
	}
	len = (size_t)(nl - sh->buf);
	if ((sh->line = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(sh->line, sh->buf, len);
	sh->line[len] = '\0';
	if (len < sh->have)
		len++; /* the '\n' */
	memmove(sh->buf, sh->buf + len, sh->have - len);
	sh->have -= len;
	return sh->line;
}

#ifdef EPPCTL_HAVE_LIBEDIT
/* libedit reads its characters through us, so that waiting at the
 * prompt still keeps the session alive. */
static int
el_read_char(EditLine *el, wchar_t *wc)
{
	struct shell *sh;
	size_t r;
	ssize_t n;
	char b;

	el_get(el, EL_CLIENTDATA, &sh);
	for (;;) {
		if (wait_input(sh) != 0)
			return -1;
		n = read(STDIN_FILENO, &b, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 ? 0 : -1;
		r = mbrtowc(wc, &b, 1, &sh->mbs);
		if (r == (size_t)-2)
			continue; /* more bytes of this character */
		if (r == (size_t)-1) {
			memset(&sh->mbs, 0, sizeof(sh->mbs));
			*wc = (wchar_t)(unsigned char)b;
		}
		return 1;
	}
}

static char *
el_prompt(EditLine *el)
{
	struct shell *sh;

	el_get(el, EL_CLIENTDATA, &sh);
	return sh->prompt;
}

static void
history_open(struct shell *sh)
{
	const char *f = getenv("EPPCTL_HISTORY"), *home = getenv("HOME");
	HistEvent ev;
	size_t n;

	sh->hist = history_init();
	if (sh->hist == NULL)
		return;
	history(sh->hist, &ev, H_SETSIZE, HISTORY_SIZE);
	history(sh->hist, &ev, H_SETUNIQUE, 1);
	if (f == NULL && home != NULL && *home) {
		n = strlen(home) + sizeof("/.eppctl_history");
		if ((sh->hist_file = malloc(n)) != NULL)
			snprintf(sh->hist_file, n, "%s/.eppctl_history", home);
	} else if (f != NULL && *f) {
		sh->hist_file = strdup(f);
	}
	if (sh->hist_file)
		history(sh->hist, &ev, H_LOAD, sh->hist_file);
}

static void
history_add(struct shell *sh, const char *line)
{
	HistEvent ev;

	/* A call may carry an authInfo: such lines are not kept. */
	if (sh->hist == NULL || *line == '\0' || strstr(line, "auth_info") ||
	    strstr(line, "\"pw\"") || strstr(line, "password"))
		return;
	history(sh->hist, &ev, H_ENTER, line);
}

static void
history_close(struct shell *sh)
{
	HistEvent ev;
	mode_t old;

	if (sh->hist == NULL)
		return;
	if (sh->hist_file) {
		old = umask(077);
		history(sh->hist, &ev, H_SAVE, sh->hist_file);
		umask(old);
	}
	history_end(sh->hist);
	free(sh->hist_file);
}

#define MAX_CANDIDATES 64

/* The words the shell itself knows, besides the shortcuts. */
static const char *const shell_words[] = {"call", "hello", "help",
                                          "quit", "exit",  NULL};

/*
 * Tab: complete the word before the cursor (a command, an object's verb,
 * an option name after "--"); with several candidates, insert what they
 * share, or list them when they share nothing more.
 */
static unsigned char
el_complete(EditLine *el, int ch)
{
	const char *cand[MAX_CANDIDATES], *prefix;
	char line[1024], *words[MAX_WORDS], *w;
	const LineInfo *li = el_line(el);
	size_t len, n = 0, common, i, plen;
	int nw = 0, dashes;

	(void)ch;
	len = (size_t)(li->cursor - li->buffer);
	if (len >= sizeof(line))
		return CC_ERROR;
	memcpy(line, li->buffer, len);
	line[len] = '\0';
	/* the word being typed starts after the last blank */
	prefix = line + len;
	while (prefix > line && prefix[-1] != ' ' && prefix[-1] != '\t')
		prefix--;
	/* the complete words before it */
	for (w = strtok(line, " \t"); w && w < prefix && nw < MAX_WORDS;
	     w = strtok(NULL, " \t"))
		if (w + strlen(w) < prefix)
			words[nw++] = w;
	if (nw > 0 && strcmp(words[0], "call") == 0)
		return CC_ERROR; /* JSON: nothing to complete */
	if (nw == 0)
		for (i = 0; shell_words[i]; i++)
			if (strncmp(shell_words[i], prefix, strlen(prefix)) ==
			    0)
				cand[n++] = shell_words[i];
	n += eppctl_shortcut_complete(nw, words, prefix, cand + n,
	                              MAX_CANDIDATES - n);
	if (n == 0)
		return CC_ERROR;
	dashes = strncmp(prefix, "--", 2) == 0 && nw > 1;
	plen = strlen(prefix) - (dashes ? 2 : 0);
	/* what every candidate shares beyond the prefix */
	common = strlen(cand[0]);
	for (i = 1; i < n; i++) {
		size_t k = 0;
		while (k < common && cand[i][k] == cand[0][k])
			k++;
		common = k;
	}
	if (common > plen) {
		char add[256];
		snprintf(add, sizeof(add), "%.*s%s", (int)(common - plen),
		         cand[0] + plen, n == 1 ? " " : "");
		el_insertstr(el, add);
		return CC_REFRESH;
	}
	if (n == 1) {
		el_insertstr(el, " ");
		return CC_REFRESH;
	}
	fputc('\n', stdout);
	for (i = 0; i < n; i++)
		printf("%s%s%s", dashes ? "--" : "", cand[i],
		       i + 1 < n ? "  " : "\n");
	fflush(stdout);
	return CC_REDISPLAY;
}

static int
editor_open(struct shell *sh, const char *argv0)
{
	setlocale(LC_CTYPE, "");
	sh->el = el_init(argv0, stdin, stdout, stderr);
	if (sh->el == NULL)
		return -1;
	history_open(sh);
	el_set(sh->el, EL_CLIENTDATA, sh);
	el_set(sh->el, EL_EDITOR, "emacs");
	el_set(sh->el, EL_PROMPT, el_prompt);
	el_set(sh->el, EL_GETCFN, el_read_char);
	if (sh->hist)
		el_set(sh->el, EL_HIST, history, sh->hist);
	el_set(sh->el, EL_ADDFN, "eppctl-complete",
	       "complete a command or an option name", el_complete);
	el_set(sh->el, EL_BIND, "^I", "eppctl-complete", NULL);
	el_source(sh->el, NULL); /* ~/.editrc */
	return 0;
}

static void
editor_close(struct shell *sh)
{
	if (sh->el)
		el_end(sh->el);
	sh->el = NULL;
	history_close(sh);
}

/* A line from the editor, its line end cut; NULL at Ctrl-D. */
static char *
editor_line(struct shell *sh)
{
	const char *l;
	int n;

	l = el_gets(sh->el, &n);
	if (l == NULL || n <= 0 || (sh->line = strdup(l)) == NULL)
		return NULL;
	sh->line[strcspn(sh->line, "\r\n")] = '\0';
	history_add(sh, sh->line);
	return sh->line;
}
#endif

static char *
next_line(struct shell *sh)
{
	char *line;

	free(sh->line);
	sh->line = NULL;
#ifdef EPPCTL_HAVE_LIBEDIT
	if (sh->el) {
		if ((line = editor_line(sh)) == NULL)
			fputc('\n', stdout); /* after the ^D */
		return line;
	}
#endif
	if (sh->interactive) {
		fputs(sh->prompt, stdout);
		fflush(stdout);
	}
	line = plain_line(sh);
	if (line == NULL && sh->interactive)
		fputc('\n', stdout);
	return line;
}

/* --- commands --------------------------------------------------------- */

/*
 * Split a line into words: blanks separate, '...' is literal, "..."
 * takes \" and \\, a backslash outside quotes escapes the next
 * character. Words are written into `line` itself. Returns the count,
 * or -1 (said why).
 */
static int
split_words(char *line, char **words)
{
	char *r = line, *w = line, quote;
	int n = 0;

	for (;;) {
		while (*r == ' ' || *r == '\t')
			r++;
		if (*r == '\0')
			return n;
		if (n == MAX_WORDS) {
			fprintf(stderr, "eppctl: more than %d words\n",
			        MAX_WORDS);
			return -1;
		}
		words[n++] = w;
		while (*r && *r != ' ' && *r != '\t') {
			if (*r == '\'' || *r == '"') {
				quote = *r++;
				while (*r && *r != quote) {
					if (quote == '"' && *r == '\\' &&
					    (r[1] == '"' || r[1] == '\\'))
						r++;
					*w++ = *r++;
				}
				if (*r != quote) {
					fprintf(stderr,
					        "eppctl: unmatched "
					        "%c\n",
					        quote);
					return -1;
				}
				r++;
			} else {
				if (*r == '\\' && r[1])
					r++;
				*w++ = *r++;
			}
		}
		if (*r)
			r++;
		*w++ = '\0';
	}
}

static int
broken(int rc)
{
	return rc != EPP_EINVAL && rc != EPP_ENOMEM && rc != EPP_ELIMIT;
}

/* Build, send (reconnecting once when the session broke), print. */
static int
run_request(struct shell *sh, const char *json, size_t len,
            enum eppctl_output how)
{
	epp_command *cmd;
	json_t *reply = NULL;
	int rc, code, attempt, sent, query;

	if ((rc = eppctl_request_build(sh->c, json, len, &cmd)) != EPPCTL_OK)
		return rc;
	query = epp_command_kind_of(cmd) == EPP_COMMAND_QUERY;
	for (attempt = 1;; attempt++) {
		if (sh->s == NULL && reconnect(sh) != 0) {
			rc = EPP_ECLOSED;
			break;
		}
		rc = eppctl_request_send(sh->s, cmd, &reply, &code);
		if (rc == EPP_OK || !broken(rc))
			break;
		sent = epp_session_request_sent(sh->s);
		fprintf(stderr,
		        "eppctl: the session broke during %s (%s); "
		        "reconnecting\n",
		        epp_command_name(cmd),
		        *epp_session_errmsg(sh->s) ? epp_session_errmsg(sh->s)
		                                   : epp_strerror(rc));
		if (reconnect(sh) != 0)
			break;
		if (attempt > 1)
			break;
		if (sent && !query) {
			fprintf(stderr,
			        "eppctl: %s may have reached the registry: "
			        "check clTRID %s before repeating it\n",
			        epp_command_name(cmd), epp_command_cltrid(cmd));
			break;
		}
		/* Safe to send again, with a clTRID of its own. */
		epp_command_free(cmd);
		if ((rc = eppctl_request_build(sh->c, json, len, &cmd)) !=
		    EPPCTL_OK)
			return rc;
		fprintf(stderr, "eppctl: sending %s again\n",
		        epp_command_name(cmd));
	}
	if (rc != EPP_OK) {
		if (!broken(rc))
			fprintf(stderr, "eppctl: %s failed: %s\n",
			        epp_command_name(cmd), epp_strerror(rc));
		epp_command_free(cmd);
		return rc == EPP_EINVAL ? EPPCTL_USAGE : EPPCTL_CONNECT;
	}
	epp_command_free(cmd);
	eppctl_print_reply(stdout, reply, how);
	json_decref(reply);
	return eppctl_code_status(code);
}

static int
run_shortcut(struct shell *sh, int argc, char **argv)
{
	enum eppctl_output how;
	char *request;
	int rc;

	rc = eppctl_shortcut_request(NULL, argc, argv, &request, &how);
	if (rc != EPPCTL_OK)
		return rc < 0 ? EPPCTL_OK : rc;
	rc = run_request(sh, request, strlen(request), how);
	eppctl_request_text_free(request);
	return rc;
}

/* call [--pretty] JSON: the JSON is the rest of the line, as typed. */
static int
run_call(struct shell *sh, char *rest)
{
	enum eppctl_output how = EPPCTL_OUT_JSON;

	for (;;) {
		rest += strspn(rest, " \t");
		if (strncmp(rest, "--pretty", 8) == 0) {
			how = EPPCTL_OUT_PRETTY;
			rest += 8;
		} else if (strncmp(rest, "--json", 6) == 0) {
			how = EPPCTL_OUT_JSON;
			rest += 6;
		} else {
			break;
		}
	}
	if (*rest == '\0') {
		fprintf(stderr, "usage: call [--pretty] {\"cmd\": ..., "
		                "\"args\": {...}}\n");
		return EPPCTL_USAGE;
	}
	return run_request(sh, rest, strlen(rest), how);
}

static int
run_hello(struct shell *sh)
{
	int rc;

	if (sh->s == NULL && reconnect(sh) != 0)
		return EPPCTL_CONNECT;
	rc = epp_session_hello(sh->s);
	if (rc != EPP_OK) {
		fprintf(stderr,
		        "eppctl: the session broke during hello (%s); "
		        "reconnecting\n",
		        *epp_session_errmsg(sh->s) ? epp_session_errmsg(sh->s)
		                                   : epp_strerror(rc));
		if (reconnect(sh) != 0 || epp_session_hello(sh->s) != EPP_OK)
			return EPPCTL_CONNECT;
	}
	eppctl_print_greeting(stdout, epp_session_greeting(sh->s));
	fflush(stdout);
	return EPPCTL_OK;
}

static void
help(void)
{
	printf("commands:\n"
	       "  call [--pretty] {\"cmd\": ..., \"args\": {...}}\n"
	       "                          send a JSON request, print the "
	       "compat JSON reply\n");
	eppctl_shortcut_usage(stdout, "  ");
	printf("  hello                   send <hello>, print the greeting\n"
	       "  help                    this list\n"
	       "  quit, exit, Ctrl-D      log out and leave\n"
	       "Words may be quoted with '...' or \"...\"; on a terminal Tab "
	       "completes\ncommands, actions and option names.\n");
	fflush(stdout);
}

/* Run one line; returns 1 when the shell should end. */
static int
run_line(struct shell *sh, char *line)
{
	char *words[MAX_WORDS], *rest;
	int n;

	line += strspn(line, " \t");
	if (*line == '\0' || *line == '#')
		return 0;
	if (strncmp(line, "call", 4) == 0 &&
	    (line[4] == ' ' || line[4] == '\t' || line[4] == '\0')) {
		rest = line + 4;
		sh->status = run_call(sh, rest);
		return 0;
	}
	if ((n = split_words(line, words)) <= 0) {
		sh->status = EPPCTL_USAGE;
		return 0;
	}
	if (strcmp(words[0], "quit") == 0 || strcmp(words[0], "exit") == 0)
		return 1;
	if (strcmp(words[0], "help") == 0 || strcmp(words[0], "?") == 0) {
		help();
		return 0;
	}
	if (strcmp(words[0], "hello") == 0)
		sh->status = run_hello(sh);
	else if (eppctl_shortcut_object(words[0]))
		sh->status = run_shortcut(sh, n, words);
	else {
		fprintf(stderr, "eppctl: unknown command '%s' (try help)\n",
		        words[0]);
		sh->status = EPPCTL_USAGE;
	}
	return 0;
}

static int
usage(FILE *f, int rc)
{
	fprintf(f, "usage: eppctl [connection options] shell "
	           "[--keepalive SECONDS]\n"
	           "An interactive session on one login; help lists its "
	           "commands.\n"
	           "--keepalive: send <hello> after so many idle seconds "
	           "(default 240, 0 never).\n");
	return rc;
}

int
eppctl_cmd_shell(struct eppctl_conn *c, int argc, char **argv)
{
	struct shell sh;
	struct sigaction sa;
	static const struct option own[] = {
	        {"keepalive", required_argument, NULL, EPPCTL_OPT_OWN},
	        {NULL, 0, NULL, 0},
	};
	char *line;
	long ka = 240;
	int rc;

	while ((rc = eppctl_getopt(c, argc, argv, own)) != EPPCTL_OPT_END) {
		if (rc == EPPCTL_OPT_HELP)
			return usage(stdout, EPPCTL_OK);
		if (rc == EPPCTL_OPT_ERROR ||
		    cli_number("eppctl", "--keepalive", optarg, 0, 86400,
		               &ka) != 0)
			return EPPCTL_USAGE;
	}
	if (optind < argc)
		return cli_usage_error("eppctl",
		                       "shell takes no arguments, not '%s'",
		                       argv[optind]);
	memset(&sh, 0, sizeof(sh));
	sh.c = c;
	sh.keepalive_s = (int)ka;
	sh.interactive = isatty(STDIN_FILENO);
	if ((rc = eppctl_connect(c, &sh.s, 1)) != EPPCTL_OK)
		return rc;
	snprintf(sh.prompt, sizeof(sh.prompt), "%s@%s> ", c->user, c->host);
	if (sh.interactive) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_sigint;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		fprintf(stderr,
		        "eppctl: logged in to %s as %s; help lists the "
		        "commands, quit or Ctrl-D leaves\n",
		        c->host, c->user);
#ifdef EPPCTL_HAVE_LIBEDIT
		if (editor_open(&sh, argv[0]) != 0)
			fprintf(stderr, "eppctl: no line editing\n");
#endif
	}
	sh.idle_since_ms = now_ms();
	while ((line = next_line(&sh)) != NULL) {
		if (run_line(&sh, line))
			break;
		sh.idle_since_ms = now_ms();
	}
#ifdef EPPCTL_HAVE_LIBEDIT
	editor_close(&sh);
#endif
	free(sh.buf);
	free(sh.line);
	rc = eppctl_disconnect(c, sh.s);
	if (sh.interactive && rc == EPPCTL_OK)
		fprintf(stderr, "eppctl: logged out\n");
	return sh.status != EPPCTL_OK ? sh.status : rc;
}
