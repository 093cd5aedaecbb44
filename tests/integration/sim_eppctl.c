/*
 * eppctl call, the shortcuts and the shell against epp-sim over TLS:
 * replies in the compat JSON and in the readable form, exit codes 0/1/2/3,
 * bad requests refused before any traffic (epp-sim's counters stay
 * empty), authInfo only from a file or the environment and never printed,
 * the shell driven through a pipe: one login for many commands, <hello>
 * when idle, a new login when the registry closed the session; and the
 * shell on a terminal: a prompt, and a history without authInfo lines.
 */
/* posix_openpt() and its friends, for the terminal test */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <jansson.h>

#include "../support/slurp.h"
#include "sim_harness.h"

#define EPPCTL_BIN EPPKIT_BINARY_DIR "/bin/eppctl"
#define AUTH       "Sc-auth-9f3e"

struct run {
	pid_t pid;
	int in; /* the child's stdin, -1 once closed */
	char out_path[320], err_path[320];
	char *out, *err;
};

static void
sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* A whole output file; the test fails when it cannot be read. */
static char *
output(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);

	assert_non_null(text);
	return text;
}

static void
write_file(const struct simh_proc *p, const char *name, const char *text)
{
	char path[320];
	FILE *f;

	simh_path(p, name, path, sizeof(path));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/*
 * Start eppctl logged in as `clid` (password "password" + its last
 * letter) against the simulator, with `args` (NULL-terminated) after the
 * connection options and `env` (NULL or "NAME=value") added. With `tty`
 * its stdin, stdout and stderr are a new terminal whose master side is
 * r->in (read the output from it with tty_expect()).
 */
static void
start_on(struct run *r, const struct simh_proc *p, const char *clid,
         const char *env, const char *const *args, int tty)
{
	static int seq;
	char port[16], ca[320], cert[320], key[320], pw[64], home[300];
	char *argv[64], *envp[6], slave[128] = "";
	struct winsize ws = {24, 160, 0, 0};
	int n = 0, i, pipefd[2], fd;

	memset(r, 0, sizeof(*r));
	snprintf(port, sizeof(port), "%d", p->port);
	simh_path(p, "certs/ca.pem", ca, sizeof(ca));
	simh_path(p, "certs/client.pem", cert, sizeof(cert));
	simh_path(p, "certs/client-key.pem", key, sizeof(key));
	snprintf(pw, sizeof(pw), "EPP_PASSWORD=password%c",
	         clid[strlen(clid) - 1]);
	snprintf(home, sizeof(home), "HOME=%s", p->dir);
	seq++;
	snprintf(r->out_path, sizeof(r->out_path), "%s/eppctl-%d.out", p->dir,
	         seq);
	snprintf(r->err_path, sizeof(r->err_path), "%s/eppctl-%d.err", p->dir,
	         seq);
	const char *fixed[] = {
	        EPPCTL_BIN,  "--host", "127.0.0.1", "--server-name",
	        "localhost", "--port", port,        "--user",
	        clid,        "--ca",   ca,          "--cert",
	        cert,        "--key",  key,         "--timeout",
	        "5"};
	for (i = 0; i < (int)(sizeof(fixed) / sizeof(fixed[0])); i++)
		argv[n++] = strdup(fixed[i]);
	for (i = 0; args[i] != NULL && n < 63; i++)
		argv[n++] = strdup(args[i]);
	argv[n] = NULL;
	envp[0] = pw;
	envp[1] = home;
	envp[2] = (char *)(uintptr_t) "TERM=dumb";
	envp[3] = env ? (char *)(uintptr_t)env : NULL;
	envp[4] = NULL;
	if (tty) {
		pipefd[1] = posix_openpt(O_RDWR | O_NOCTTY);
		assert_true(pipefd[1] >= 0);
		assert_int_equal(grantpt(pipefd[1]), 0);
		assert_int_equal(unlockpt(pipefd[1]), 0);
		snprintf(slave, sizeof(slave), "%s", ptsname(pipefd[1]));
		ioctl(pipefd[1], TIOCSWINSZ, &ws);
		pipefd[0] = -1;
	} else {
		assert_int_equal(pipe(pipefd), 0);
	}
	r->pid = fork();
	assert_true(r->pid >= 0);
	if (r->pid == 0 && tty) {
		close(pipefd[1]);
		setsid(); /* the terminal becomes the controlling one */
		fd = open(slave, O_RDWR);
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		close(fd);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	if (r->pid == 0) {
		dup2(pipefd[0], STDIN_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		fd = open(r->out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, STDOUT_FILENO);
		close(fd);
		fd = open(r->err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, STDERR_FILENO);
		close(fd);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	for (i = 0; i < n; i++)
		free(argv[i]);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	r->in = pipefd[1];
}

static void
start(struct run *r, const struct simh_proc *p, const char *clid,
      const char *env, const char *const *args)
{
	start_on(r, p, clid, env, args, 0);
}

/*
 * Read the terminal's output into `screen` (of `cap` bytes, appended at
 * *len) until `want` shows after *from; *from then points past it.
 * Returns 0, or -1 after 10 s or at its end.
 */
static int
tty_expect(struct run *r, char *screen, size_t cap, size_t *len, size_t *from,
           const char *want)
{
	struct pollfd pf = {r->in, POLLIN, 0};
	const char *hit;
	ssize_t n;
	int i;

	for (i = 0; i < 100; i++) {
		screen[*len] = '\0';
		hit = strstr(screen + *from, want);
		if (hit != NULL) {
			*from = (size_t)(hit - screen) + strlen(want);
			return 0;
		}
		if (poll(&pf, 1, 100) <= 0)
			continue;
		n = read(r->in, screen + *len, cap - 1 - *len);
		if (n <= 0)
			return -1;
		*len += (size_t)n;
	}
	return -1;
}

static void
feed(struct run *r, const char *text)
{
	size_t len = strlen(text);

	assert_int_equal(write(r->in, text, len), (ssize_t)len);
}

/* Close stdin, wait, read the outputs; returns the exit status. Neither
 * output may hold a password or the authInfo. */
static int
finish(struct run *r)
{
	int st;

	if (r->in >= 0)
		close(r->in);
	r->in = -1;
	assert_int_equal(waitpid(r->pid, &st, 0), r->pid);
	r->out = output(r->out_path);
	r->err = output(r->err_path);
	assert_null(strstr(r->out, "passwordA"));
	assert_null(strstr(r->err, "passwordA"));
	assert_null(strstr(r->out, "passwordB"));
	assert_null(strstr(r->err, AUTH));
	assert_null(strstr(r->out, AUTH));
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
done(struct run *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* Run eppctl to the end with `input` on stdin; args NULL-terminated. */
static int
eppctl(struct run *r, const struct simh_proc *p, const char *clid,
       const char *env, const char *input, ...)
{
	const char *args[48];
	va_list ap;
	int n = 0, rc;

	va_start(ap, input);
	while (n < 47 && (args[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	args[n] = NULL;
	start(r, p, clid, env, args);
	if (input)
		feed(r, input);
	rc = finish(r);
	if (getenv("SIM_EPPCTL_VERBOSE"))
		print_message("stdout:\n%sstderr:\n%s", r->out, r->err);
	return rc;
}

static json_t *
parse(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, 0, &e);

	if (v == NULL)
		print_error("not JSON (%s): %s\n", e.text, text);
	assert_non_null(v);
	return v;
}

/* A string at a path of object keys ("epp", "response", ...). */
static const char *
at(json_t *v, ...)
{
	const char *k;
	va_list ap;

	va_start(ap, v);
	while (v && (k = va_arg(ap, const char *)) != NULL)
		v = json_object_get(v, k);
	va_end(ap);
	return json_string_value(v);
}

static json_t *
resdata(json_t *v, const char *what)
{
	return json_object_get(
	        json_object_get(
	                json_object_get(json_object_get(v, "epp"), "response"),
	                "resData"),
	        what);
}

static const char *
code_of(json_t *v)
{
	return at(v, "epp", "response", "result", "@code", NULL);
}

/* The simulator's counters so far (malloc'ed log). */
static char *
counters(struct simh_proc *p)
{
	simh_signal(p, SIGUSR1);
	return simh_log(p);
}

static void
call_check_and_create(void **state)
{
	struct simh_proc p;
	struct run r;
	json_t *v, *cd;
	char *log;

	(void)state;
	simh_start(&p, NULL);
	assert_int_equal(
	        eppctl(&r, &p, "ClientA", NULL, NULL, "call",
	               "{\"cmd\": \"domain_check\", \"args\": {\"domains\": "
	               "[\"a.example\", \"b.example\"]}}",
	               NULL),
	        0);
	/* One line, the gate's compat JSON. */
	assert_non_null(strchr(r.out, '\n'));
	assert_int_equal(strchr(r.out, '\n')[1], '\0');
	v = parse(r.out);
	assert_string_equal(code_of(v), "1000");
	cd = json_object_get(resdata(v, "chkData"), "cd");
	assert_true(json_is_array(cd));
	assert_int_equal(json_array_size(cd), 2);
	assert_string_equal(at(json_array_get(cd, 1), "name", "#text", NULL),
	                    "b.example");
	assert_string_equal(at(json_array_get(cd, 0), "name", "@avail", NULL),
	                    "1");
	json_decref(v);
	done(&r);

	/* The request from stdin; a contact for the domain. */
	assert_int_equal(
	        eppctl(&r, &p, "ClientA", NULL,
	               "{\"cmd\": \"contact_create\", \"args\": {\"id\": "
	               "\"c-call\", \"email\": \"c@example.net\", \"voice\": "
	               "\"+1.5555550100\", \"contacts\": [{\"type\": \"int\", "
	               "\"name\": \"C Call\", \"address\": {\"street\": "
	               "[\"1 Main St\"], \"city\": \"Springfield\", \"cc\": "
	               "\"US\"}}]}}\n",
	               "call", "-", NULL),
	        0);
	v = parse(r.out);
	assert_string_equal(code_of(v), "1000");
	assert_string_equal(at(resdata(v, "creData"), "id", NULL), "c-call");
	json_decref(v);
	done(&r);

	const char *create =
	        "{\"cmd\": \"domain_create\", \"args\": {\"name\": "
	        "\"call.example\", \"registrant\": \"c-call\", \"period\": 1, "
	        "\"period_units\": \"y\", \"contacts\": {\"admin\": "
	        "\"c-call\", \"tech\": \"c-call\"}}}";
	assert_int_equal(
	        eppctl(&r, &p, "ClientA", NULL, NULL, "call", create, NULL), 0);
	v = parse(r.out);
	assert_string_equal(code_of(v), "1000");
	assert_string_equal(at(resdata(v, "creData"), "name", NULL),
	                    "call.example");
	json_decref(v);
	done(&r);

	/* Again: 2302, exit 1, the reply still printed. */
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "call",
	                        "--pretty", create, NULL),
	                 1);
	assert_non_null(strstr(r.out, "\n  \"epp\": {"));
	v = parse(r.out);
	assert_string_equal(code_of(v), "2302");
	json_decref(v);
	done(&r);

	/* One domain: "cd" is an object, as applications expect. */
	assert_int_equal(
	        eppctl(&r, &p, "ClientA", NULL, NULL, "call",
	               "{\"cmd\": \"domain_check\", \"args\": {\"domains\": "
	               "[\"call.example\"]}}",
	               NULL),
	        0);
	v = parse(r.out);
	cd = json_object_get(resdata(v, "chkData"), "cd");
	assert_true(json_is_object(cd));
	assert_string_equal(at(cd, "name", "@avail", NULL), "0");
	json_decref(v);
	done(&r);

	log = counters(&p);
	assert_non_null(strstr(log, "epp-sim: count domain_create 2\n"));
	assert_non_null(strstr(log, "epp-sim: count login 5\n"));
	assert_non_null(strstr(log, "epp-sim: count logout 5\n"));
	free(log);
	assert_int_equal(simh_stop(&p), 0);
}

static void
bad_requests_send_nothing(void **state)
{
	struct simh_proc p;
	struct run r;
	char *log;

	(void)state;
	simh_start(&p, NULL);
	write_file(&p, "auth", AUTH "\n");
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "call",
	                        "{\"cmd\": ", NULL),
	                 64);
	assert_non_null(strstr(r.err, "request is not valid JSON"));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "call",
	                        "{\"cmd\": \"domain_frob\"}", NULL),
	                 64);
	assert_non_null(strstr(r.err, "cmd: unknown command"));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "call",
	                        "{\"cmd\": \"domain_check\", \"args\": {}}",
	                        NULL),
	                 64);
	assert_non_null(strstr(r.err, "domains"));
	done(&r);
	assert_int_equal(
	        eppctl(&r, &p, "ClientA", NULL, NULL, "call",
	               "{\"cmd\": \"domain_create\", \"args\": {\"name\": "
	               "\"x.example\", \"registrant\": \"c\", \"period\": "
	               "\"one\", \"auth_info\": \"" AUTH "\"}}",
	               NULL),
	        64);
	assert_non_null(strstr(r.err, "period"));
	done(&r);
	/* Shortcuts: checked the same way, before connecting. */
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain",
	                        "renew", "x.example", NULL),
	                 64);
	assert_non_null(strstr(r.err, "cur_exp_date"));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain",
	                        "create", "x.example", "--registrant", "c",
	                        "--period", "0y", NULL),
	                 64);
	assert_non_null(strstr(r.err, "--period"));
	done(&r);
	/* An authInfo on the command line is refused, not sent. */
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain", "info",
	                        "x.example", "--auth-info", AUTH, NULL),
	                 64);
	assert_non_null(strstr(r.err, "not accepted on the command line"));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain", "info",
	                        "x.example", "--auth-info-env",
	                        "SIM_EPPCTL_UNSET", NULL),
	                 64);
	assert_non_null(strstr(r.err, "SIM_EPPCTL_UNSET"));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain",
	                        "chack", "x.example", NULL),
	                 64);
	assert_non_null(strstr(r.err, "unknown action 'chack'; did you mean "
	                              "check?"));
	done(&r);

	log = counters(&p);
	assert_non_null(strstr(log, "epp-sim: duplicates 0\n"));
	assert_null(strstr(log, "epp-sim: count "));
	assert_null(strstr(log, "cmd clid="));
	free(log);

	/* The counters do count: one good request shows up. */
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain",
	                        "check", "x.example", NULL),
	                 0);
	done(&r);
	log = counters(&p);
	assert_non_null(strstr(log, "epp-sim: count login 1\n"));
	assert_non_null(strstr(log, "epp-sim: count domain_check 1\n"));
	free(log);
	assert_int_equal(simh_stop(&p), 0);
}

/* A loopback port nobody listens on (bound, then closed). */
static int
free_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	return ntohs(sa.sin_port);
}

static void
connection_failure(void **state)
{
	struct simh_proc p, nobody;
	struct run r;

	(void)state;
	simh_start(&p, NULL);
	/* Unknown registrar: the registry refuses the login, exit 1. */
	assert_int_equal(
	        eppctl(&r, &p, "ClientZ", NULL, NULL, "poll", "req", NULL), 1);
	assert_non_null(strstr(r.err, "2200"));
	assert_string_equal(r.out, "");
	done(&r);
	/* Nobody listens there: exit 3, nothing on stdout. */
	nobody = p;
	nobody.port = free_port();
	assert_int_equal(eppctl(&r, &nobody, "ClientA", NULL, NULL, "call",
	                        "{\"cmd\": \"poll_req\"}", NULL),
	                 3);
	assert_non_null(strstr(r.err, "connect"));
	assert_string_equal(r.out, "");
	done(&r);
	assert_int_equal(simh_stop(&p), 0);
}

/* The value of "  key: value" in readable output, in buf. */
static const char *
field(const char *out, const char *key, char *buf, size_t len)
{
	char pat[128];
	const char *s;
	size_t n;

	snprintf(pat, sizeof(pat), "\n  %s: ", key);
	s = strstr(out, pat);
	assert_non_null(s);
	s += strlen(pat);
	n = strcspn(s, "\n");
	assert_true(n < len);
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

static void
shortcuts(void **state)
{
	struct simh_proc p;
	struct run r;
	char auth[320], ex[64], ex2[64], id[64];
	json_t *v;

	(void)state;
	simh_start(&p, NULL);
	write_file(&p, "auth", AUTH "\n");
	simh_path(&p, "auth", auth, sizeof(auth));

	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "contact",
	                        "create", "c-sc", "--name", "Ada Owner",
	                        "--email", "ada@example.net", "--voice",
	                        "+1.5555550100", "--street", "1 Main St",
	                        "--street", "Suite 2", "--city", "Springfield",
	                        "--cc", "US", NULL),
	                 0);
	assert_true(strncmp(r.out, "1000 Command completed successfully\n",
	                    36) == 0);
	assert_non_null(strstr(r.out, "\n  id: c-sc\n"));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "host", "create",
	                        "ns1.sc.example", "--addr", "192.0.2.1",
	                        "--addr", "2001:db8::1", NULL),
	                 0);
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "host", "info",
	                        "ns1.sc.example", NULL),
	                 0);
	assert_non_null(strstr(r.out, "\n  addr: 192.0.2.1 (ip=v4)\n"));
	assert_non_null(strstr(r.out, "\n  addr: 2001:db8::1 (ip=v6)\n"));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "host", "check",
	                        "ns1.sc.example", "ns2.sc.example", NULL),
	                 0);
	assert_non_null(strstr(r.out, "\n  ns1.sc.example: not available"));
	assert_non_null(strstr(r.out, "\n  ns2.sc.example: available\n"));
	done(&r);

	/* Create with the authInfo from a file; two years. */
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain",
	                        "create", "sc.example", "--registrant", "c-sc",
	                        "--admin", "c-sc", "--tech", "c-sc", "--ns",
	                        "ns1.sc.example", "--period", "2y",
	                        "--auth-info-file", auth, NULL),
	                 0);
	assert_non_null(strstr(r.out, "\n  name: sc.example\n"));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain", "info",
	                        "sc.example", NULL),
	                 0);
	assert_non_null(strstr(r.out, "\n  contact: c-sc (type=admin)\n"));
	assert_non_null(strstr(r.out, "\n  ns.hostObj: ns1.sc.example\n"));
	assert_non_null(strstr(r.out, "\n  status: ok\n"));
	assert_non_null(strstr(r.out, "\n  authInfo.pw: ***\n"));
	field(r.out, "exDate", ex, sizeof(ex));
	done(&r);

	/* Renew from the expiry date just read. */
	ex[10] = '\0';
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain",
	                        "renew", "sc.example", "--cur-exp-date", ex,
	                        "--period", "1y", NULL),
	                 0);
	field(r.out, "exDate", ex2, sizeof(ex2));
	assert_int_equal(atoi(ex2), atoi(ex) + 1);
	done(&r);
	/* Renewing from a wrong date: refused, exit 1. */
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain",
	                        "renew", "sc.example", "--cur-exp-date", ex,
	                        NULL),
	                 1);
	assert_true(strncmp(r.out, "2", 1) == 0);
	done(&r);

	/* ClientB asks for it with the authInfo from its environment; the
	 * sponsor hears of it by poll. */
	assert_int_equal(eppctl(&r, &p, "ClientB", "SC_AUTH=" AUTH, NULL,
	                        "domain", "transfer", "sc.example",
	                        "--auth-info-env", "SC_AUTH", NULL),
	                 0);
	assert_true(strncmp(r.out, "1001 ", 5) == 0);
	assert_non_null(strstr(r.out, "\n  trStatus: pending\n"));
	done(&r);
	assert_int_equal(
	        eppctl(&r, &p, "ClientA", NULL, NULL, "poll", "req", NULL), 0);
	assert_true(strncmp(r.out, "1301 ", 5) == 0);
	field(r.out, "msgQ.id", id, sizeof(id));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "poll", "ack",
	                        id, "--json", NULL),
	                 0);
	v = parse(r.out);
	assert_string_equal(code_of(v), "1000");
	json_decref(v);
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain",
	                        "transfer", "sc.example", "--op", "reject",
	                        NULL),
	                 0);
	done(&r);
	/* A wrong authInfo: 2202, exit 1. */
	write_file(&p, "wrong", "not-the-auth\n");
	simh_path(&p, "wrong", auth, sizeof(auth));
	assert_int_equal(eppctl(&r, &p, "ClientC", NULL, NULL, "domain",
	                        "transfer", "sc.example", "--auth-info-file",
	                        auth, NULL),
	                 1);
	assert_true(strncmp(r.out, "2202 ", 5) == 0);
	done(&r);

	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain",
	                        "update", "sc.example", "--add-status",
	                        "clientHold", "--rem-contact", "tech:c-sc",
	                        NULL),
	                 0);
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain", "info",
	                        "sc.example", NULL),
	                 0);
	assert_non_null(strstr(r.out, "\n  status: clientHold\n"));
	assert_null(strstr(r.out, "(type=tech)"));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "domain",
	                        "check", "sc.example", "free.example",
	                        "--pretty", NULL),
	                 0);
	v = parse(r.out);
	assert_int_equal(
	        json_array_size(json_object_get(resdata(v, "chkData"), "cd")),
	        2);
	json_decref(v);
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "contact",
	                        "info", "c-nobody", NULL),
	                 1);
	assert_true(strncmp(r.out, "2303 ", 5) == 0);
	done(&r);
	assert_int_equal(simh_stop(&p), 0);
}

static void
shell_through_a_pipe(void **state)
{
	struct simh_proc p;
	struct run r;
	char *log;
	json_t *v;
	const char *line;

	(void)state;
	simh_start(&p, NULL);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL,
	                        "help\n"
	                        "domain check a.example 'b.example'\n"
	                        "call {\"cmd\": \"domain_check\", \"args\": "
	                        "{\"domains\": [\"c.example\"]}}\n"
	                        "  # a comment, then an empty line\n"
	                        "\n"
	                        "hello\n"
	                        "frobnicate now\n"
	                        "call {\"cmd\": \"nope\"}\n"
	                        "domain info nosuch.example\n"
	                        "quit\n"
	                        "domain check after-quit.example\n",
	                        "shell", NULL),
	                 1); /* the last command before quit: 2303 */
	/* No prompt when stdin is not a terminal. */
	assert_null(strstr(r.out, "ClientA@"));
	assert_non_null(strstr(r.out, "  domain check NAME..."));
	assert_non_null(strstr(r.out, "\n  a.example: available\n"
	                              "  b.example: available\n"));
	line = strstr(r.out, "{\"epp\": ");
	assert_non_null(line);
	v = json_loadb(line, strcspn(line, "\n"), 0, NULL);
	assert_non_null(v);
	assert_string_equal(at(json_object_get(resdata(v, "chkData"), "cd"),
	                       "name", "#text", NULL),
	                    "c.example");
	json_decref(v);
	assert_non_null(strstr(r.out, "server      eppkit epp-sim\n"));
	assert_non_null(strstr(r.out, "\n2303 "));
	assert_null(strstr(r.out, "after-quit"));
	assert_non_null(strstr(r.err, "unknown command 'frobnicate'"));
	assert_non_null(strstr(r.err, "invalid request: cmd: unknown command"));
	done(&r);
	log = counters(&p);
	assert_non_null(strstr(log, "epp-sim: count login 1\n"));
	assert_non_null(strstr(log, "epp-sim: count logout 1\n"));
	assert_non_null(strstr(log, "epp-sim: count domain_check 2\n"));
	assert_non_null(strstr(log, "epp-sim: count domain_info 1\n"));
	free(log);

	/* The end of input logs out too (no quit). */
	assert_int_equal(
	        eppctl(&r, &p, "ClientB", NULL, "poll req", "shell", NULL), 0);
	assert_true(strncmp(r.out, "1300 ", 5) == 0);
	done(&r);
	log = counters(&p);
	assert_non_null(strstr(log, "epp-sim: count logout 2\n"));
	free(log);
	assert_int_equal(simh_stop(&p), 0);
}

static int
count_of(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
shell_keepalive_and_reconnect(void **state)
{
	const char *const args[] = {"--idle-timeout", "2", NULL};
	const char *const no_ka[] = {"shell", "--keepalive", "0", NULL};
	const char *const ka[] = {"shell", "--keepalive", "1", NULL};
	struct simh_proc p;
	struct run r;
	char *log;

	(void)state;
	simh_start(&p, args);
	/* No keepalive: the registry closes the idle session; the shell
	 * notices, says so and logs in again. */
	start(&r, &p, "ClientA", NULL, no_ka);
	feed(&r, "domain check one.example\n");
	sleep_ms(3500);
	feed(&r, "domain check two.example\n");
	assert_int_equal(finish(&r), 0);
	assert_non_null(strstr(r.out, "  one.example: available\n"));
	assert_non_null(strstr(r.out, "  two.example: available\n"));
	assert_non_null(strstr(r.err, "reconnected and logged in again as "
	                              "ClientA"));
	done(&r);
	log = counters(&p);
	assert_non_null(strstr(log, "epp-sim: count login 2\n"));
	free(log);

	/* With a <hello> every second the session stays up. */
	start(&r, &p, "ClientB", NULL, ka);
	feed(&r, "domain check three.example\n");
	sleep_ms(3500);
	feed(&r, "domain check four.example\n");
	assert_int_equal(finish(&r), 0);
	assert_non_null(strstr(r.out, "  four.example: available\n"));
	assert_null(strstr(r.err, "reconnect"));
	done(&r);
	log = counters(&p);
	assert_non_null(strstr(log, "epp-sim: count login 3\n"));
	assert_true(count_of(log, "clid=ClientB cmd=hello") >= 2);
	free(log);
	assert_int_equal(simh_stop(&p), 0);
}

static void
shell_session_breaks_mid_command(void **state)
{
	/* Each connection ends after its second command (login + one). */
	const char *const args[] = {"--drop-after", "2", "--drop-mode", "close",
	                            NULL};
	const char *const sh[] = {"shell", "--keepalive", "0", NULL};
	struct simh_proc p;
	struct run r;

	(void)state;
	simh_start(&p, args);
	start(&r, &p, "ClientA", NULL, sh);
	feed(&r, "domain check q1.example\n");
	/* A query on the dead session is sent again after a new login. */
	feed(&r, "domain check q2.example\n");
	/* A transform that may have arrived is not. */
	feed(&r, "host create ns.q.example\n");
	finish(&r);
	assert_non_null(strstr(r.out, "  q1.example: available\n"));
	assert_non_null(strstr(r.out, "  q2.example: available\n"));
	assert_non_null(strstr(r.err, "sending domain_check again"));
	assert_non_null(strstr(r.err, "host_create may have reached the "
	                              "registry: check clTRID "));
	assert_null(strstr(r.out, "ns.q.example"));
	done(&r);
	assert_int_equal(simh_stop(&p), 0);
}

/* The extension shortcuts (cmd_ext.c): fee check and launch claims. */
static void
ext_shortcuts(void **state)
{
	struct simh_proc p;
	struct run r;

	(void)state;
	simh_start(&p, NULL);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "fee", "check",
	                        "--command", "create:2", "--command", "renew",
	                        "cheap.test", "premium-x.test", NULL),
	                 0);
	assert_non_null(strstr(r.out, "cheap.test avail=1 class=standard "
	                              "create 2y fee=20.00 USD\n"));
	assert_non_null(strstr(r.out, "cheap.test avail=1 class=standard "
	                              "renew 1y fee=10.00 USD\n"));
	assert_non_null(strstr(r.out, "premium-x.test avail=1 class=premium "
	                              "create 2y fee=200.00 USD\n"));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "launch",
	                        "claims", "trademark-a.test", "b.test", NULL),
	                 0);
	assert_non_null(strstr(r.out,
	                       "trademark-a.test exists=1 claimKey="
	                       "2026112700/1/2/3/trademark-a.test@tmch\n"));
	assert_non_null(strstr(r.out, "b.test exists=0\n"));
	done(&r);
	/* --json, anywhere on the line: one array a script reads */
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "fee", "check",
	                        "cheap.test", "--json", "--command", "create:2",
	                        NULL),
	                 0);
	assert_non_null(strstr(r.out,
	                       "[{\"name\":\"cheap.test\",\"avail\":true,"
	                       "\"class\":\"standard\",\"command\":"
	                       "\"create\",\"period\":2,\"unit\":\"y\","
	                       "\"fees\":[\"20.00\"],\"credits\":[],"
	                       "\"currency\":\"USD\""));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "--json",
	                        "launch", "claims", "b.test", NULL),
	                 0);
	assert_string_equal(r.out, "[{\"name\":\"b.test\",\"exists\":false,"
	                           "\"claim_keys\":[]}]\n");
	done(&r);
	/* a bad number is refused before connecting */
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "fee", "check",
	                        "--command", "create:two", "a.test", NULL),
	                 64);
	assert_non_null(strstr(r.err, "not 'two'"));
	done(&r);
	/* bad arguments: refused before connecting */
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "fee", "check",
	                        "--currency", "usd", "a.test", NULL),
	                 64);
	assert_non_null(strstr(r.err, "fee.currency"));
	done(&r);
	assert_int_equal(eppctl(&r, &p, "ClientA", NULL, NULL, "fee", "quote",
	                        "a.test", NULL),
	                 64);
	done(&r);
	assert_int_equal(simh_stop(&p), 0);
}

static void
shell_on_a_terminal(void **state)
{
	const char *const sh[] = {"shell", NULL};
	static char screen[65536];
	char hist_env[400], hist[300], *saved;
	size_t len = 0, from = 0;
	struct simh_proc p;
	struct run r;
	int st;

	(void)state;
	simh_start(&p, NULL);
	simh_path(&p, "history", hist, sizeof(hist));
	snprintf(hist_env, sizeof(hist_env), "EPPCTL_HISTORY=%s", hist);
	start_on(&r, &p, "ClientA", hist_env, sh, 1);
	assert_int_equal(tty_expect(&r, screen, sizeof(screen), &len, &from,
	                            "ClientA@127.0.0.1> "),
	                 0);
	feed(&r, "domain check tty.example\r");
	assert_int_equal(tty_expect(&r, screen, sizeof(screen), &len, &from,
	                            "tty.example: available"),
	                 0);
	assert_int_equal(tty_expect(&r, screen, sizeof(screen), &len, &from,
	                            "ClientA@127.0.0.1> "),
	                 0);
#ifdef EPPCTL_HAVE_LIBEDIT
	/* Tab completes the command, the action and an option name. */
	feed(&r, "dom\tch\ttab.example --pre\t\r");
	assert_int_equal(tty_expect(&r, screen, sizeof(screen), &len, &from,
	                            "domain check tab.example --pretty "),
	                 0);
	assert_int_equal(
	        tty_expect(&r, screen, sizeof(screen), &len, &from, "\"1000\""),
	        0);
	assert_int_equal(tty_expect(&r, screen, sizeof(screen), &len, &from,
	                            "ClientA@127.0.0.1> "),
	                 0);
	/* Several candidates: Tab lists them. */
	feed(&r, "domain re\t\t");
	assert_int_equal(tty_expect(&r, screen, sizeof(screen), &len, &from,
	                            "renew  restore"),
	                 0);
	feed(&r, "\025\r"); /* Ctrl-U: drop the line */
	assert_int_equal(tty_expect(&r, screen, sizeof(screen), &len, &from,
	                            "ClientA@127.0.0.1> "),
	                 0);
#endif
	/* A line that holds an authInfo is run but not kept. */
	feed(&r, "call {\"cmd\": \"domain_info\", \"args\": {\"name\": "
	         "\"tty.example\", \"auth_info\": \"" AUTH "\"}}\r");
	assert_int_equal(
	        tty_expect(&r, screen, sizeof(screen), &len, &from, "\"2303\""),
	        0);
	assert_int_equal(tty_expect(&r, screen, sizeof(screen), &len, &from,
	                            "ClientA@127.0.0.1> "),
	                 0);
	feed(&r, "quit\r");
	assert_int_equal(tty_expect(&r, screen, sizeof(screen), &len, &from,
	                            "eppctl: logged out"),
	                 0);
	/* Until the terminal ends with eppctl (closing it first would
	 * hang it up). */
	tty_expect(&r, screen, sizeof(screen), &len, &from, "\001");
	assert_int_equal(waitpid(r.pid, &st, 0), r.pid);
	close(r.in);
	if (!WIFEXITED(st))
		print_error("eppctl ended by signal %d; its screen:\n%s\n",
		            WTERMSIG(st), screen);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 1); /* the 2303 */
#ifdef EPPCTL_HAVE_LIBEDIT
	saved = slurp(hist, &len);
	assert_non_null(saved);
	assert_non_null(strstr(saved, "tty.example"));
	assert_null(strstr(saved, "auth_info"));
	assert_null(strstr(saved, AUTH));
	free(saved);
#else
	(void)saved;
#endif
	assert_int_equal(simh_stop(&p), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(call_check_and_create),
	        cmocka_unit_test(bad_requests_send_nothing),
	        cmocka_unit_test(connection_failure),
	        cmocka_unit_test(shortcuts),
	        cmocka_unit_test(ext_shortcuts),
	        cmocka_unit_test(shell_through_a_pipe),
	        cmocka_unit_test(shell_keepalive_and_reconnect),
	        cmocka_unit_test(shell_session_breaks_mid_command),
	        cmocka_unit_test(shell_on_a_terminal),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
