/*
 * epp-gate configuration: command line, credential files, alert mail
 * settings. Every error names the file and the problem; none quotes a
 * password.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "cli.h"
#include "epp/params.h"
#include "gate.h"
#include "ratelimit.h"

enum {
	OPT_SESSIONS = 256,
	OPT_KEEPALIVE,
	OPT_HEALTH,
	OPT_CA,
	OPT_CERT,
	OPT_KEY,
	OPT_INSECURE,
	OPT_QUEUE_TYPE,
	OPT_MAX_AGE,
	OPT_MAX_RETRIES,
	OPT_MAX_BODY,
	OPT_HEARTBEAT,
	OPT_TIMEOUT,
	OPT_REFUSED_RETRY,
	OPT_JOURNAL,
	OPT_JOURNAL_KEEP,
	OPT_METRICS_LISTEN,
	OPT_RATE_LIMIT,
	OPT_KEY_PASSPHRASE,
	OPT_POLL_EXCHANGE,
	OPT_POLL_INTERVAL
};

static const struct option long_opts[] = {
        {"epp", required_argument, NULL, 'e'},
        {"rabbitmq", required_argument, NULL, 'r'},
        {"queue", required_argument, NULL, 'q'},
        {"reconnect", no_argument, NULL, 'c'},
        {"verbose", no_argument, NULL, 'v'},
        {"verbose_poll", no_argument, NULL, 'p'},
        {"alert_email_config", required_argument, NULL, 'a'},
        {"sentry_dsn", required_argument, NULL, 's'},
        {"sessions", required_argument, NULL, OPT_SESSIONS},
        {"keepalive", required_argument, NULL, OPT_KEEPALIVE},
        {"health-file", required_argument, NULL, OPT_HEALTH},
        {"ca", required_argument, NULL, OPT_CA},
        {"cert", required_argument, NULL, OPT_CERT},
        {"key", required_argument, NULL, OPT_KEY},
        {"key-passphrase-file", required_argument, NULL, OPT_KEY_PASSPHRASE},
        {"insecure", no_argument, NULL, OPT_INSECURE},
        {"queue-type", required_argument, NULL, OPT_QUEUE_TYPE},
        {"max-session-age", required_argument, NULL, OPT_MAX_AGE},
        {"max-retries", required_argument, NULL, OPT_MAX_RETRIES},
        {"max-body", required_argument, NULL, OPT_MAX_BODY},
        {"heartbeat", required_argument, NULL, OPT_HEARTBEAT},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"refused-retry", required_argument, NULL, OPT_REFUSED_RETRY},
        {"journal", required_argument, NULL, OPT_JOURNAL},
        {"journal-keep", required_argument, NULL, OPT_JOURNAL_KEEP},
        {"metrics-listen", required_argument, NULL, OPT_METRICS_LISTEN},
        {"rate-limit", required_argument, NULL, OPT_RATE_LIMIT},
        {"poll-exchange", required_argument, NULL, OPT_POLL_EXCHANGE},
        {"poll-interval", required_argument, NULL, OPT_POLL_INTERVAL},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};

void
gate_usage(FILE *fp)
{
	fputs("usage: epp-gate [-cnpv] [-e FILE] [-r FILE] [-q QUEUE] "
	      "[-a FILE] [options]\n"
	      "\n"
	      "Serve JSON EPP requests from a RabbitMQ queue over logged-in "
	      "EPP sessions.\n"
	      "\n"
	      "  -e, --epp FILE              EPP credentials: "
	      "'host port login password'\n"
	      "                              (default ./epp_credentials)\n"
	      "  -r, --rabbitmq FILE         broker credentials: "
	      "'host port login password'\n"
	      "                              (default ./rabbitmq_credentials);"
	      "\n"
	      "                              one line per node of a cluster\n"
	      "  -q, --queue NAME            request queue (default "
	      "epp_messages)\n"
	      "  -c, --reconnect             accepted for compatibility; the "
	      "gate always reconnects\n"
	      "  -v, --verbose               log requests and XML (secrets "
	      "redacted)\n"
	      "  -p, --verbose_poll          also log poll_req/poll_ack "
	      "traffic\n"
	      "  -a, --alert_email_config F  JSON SMTP settings for alert "
	      "mails\n"
	      "  -s, --sentry_dsn DSN        accepted and ignored\n"
	      "  -n                          check the configuration and exit\n"
	      "      --sessions N            EPP sessions, one worker each "
	      "(default 1)\n"
	      "      --keepalive S           <hello> after S idle seconds "
	      "(default 300)\n"
	      "      --max-session-age S     log in afresh after S seconds "
	      "(default 0: never)\n"
	      "      --max-retries N         give up after N failed "
	      "reconnects to the registry\n"
	      "                              or the broker (default 0: "
	      "never)\n"
	      "      --refused-retry S       after a good start, a refused "
	      "login (or a failed\n"
	      "                              certificate check) stops logins "
	      "for S seconds\n"
	      "                              (default 600); at start-up it "
	      "ends the gate (exit 78)\n"
	      "      --health-file FILE      watched, never written: "
	      "reconnect when a\n"
	      "                              client appends a line\n"
	      "      --ca FILE               CA bundle for the registry "
	      "certificate\n"
	      "      --cert FILE, --key FILE client certificate and key\n"
	      "      --key-passphrase-file F the key's passphrase: the first "
	      "line of F\n"
	      "      --insecure              do not verify the registry "
	      "certificate\n"
	      "      --journal FILE          record every transform in this "
	      "SQLite file; a\n"
	      "                              redelivered one is answered "
	      "from it, never\n"
	      "                              sent twice (gates may share "
	      "the file)\n"
	      "      --journal-keep AGE      prune journal rows older than "
	      "AGE: days, or with\n"
	      "                              s, m, h, d (default 7d)\n"
	      "      --queue-type TYPE       classic (default, the original's "
	      "flags), durable, quorum\n"
	      "      --max-body BYTES        largest request accepted "
	      "(default 1048576)\n"
	      "      --heartbeat S           AMQP heartbeat (default 30)\n"
	      "      --timeout S             wait at most S seconds for a "
	      "registry response (default 30)\n"
	      "      --metrics-listen A:P    serve Prometheus /metrics and "
	      "/healthz on ADDR:PORT\n"
	      "                              (default: off)\n"
	      "      --rate-limit N/s        send at most N commands a second "
	      "(all sessions);\n"
	      "                              NAME=N/s for one command "
	      "(domain_create) or verb\n"
	      "                              (check); repeatable; requests "
	      "wait, within their\n"
	      "                              deadline\n"
	      "      --poll-exchange NAME    deliver the registry's poll "
	      "messages to this\n"
	      "                              exchange (durable fanout), each "
	      "acked at the\n"
	      "                              registry once the broker "
	      "confirmed it (default: off)\n"
	      "      --poll-interval S       look for poll messages every S "
	      "seconds (default 60)\n"
	      "  -h, --help                  this text\n"
	      "  -V, --version               the version\n"
	      "\n",
	      fp);
	cli_exit_usage(fp, CLI_SHOWS_NOINPUT | CLI_SHOWS_CONFIG);
	fputs("  (78: a credential file that does not parse, a queue "
	      "declared with other\n"
	      "  flags, --max-retries used up; see epp-gate(8))\n",
	      fp);
}

static int
parse_int(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* The numeric options: where each goes, its range, what to say. */
static const struct {
	int opt;
	long lo, hi;
	const char *help;
} numbers[] = {
        {OPT_SESSIONS, 1, 256, "--sessions: a number from 1 to 256"},
        {OPT_KEEPALIVE, 1, 86400, "--keepalive: seconds from 1 to 86400"},
        {OPT_MAX_AGE, 0, INT_MAX, "--max-session-age: seconds, 0 = never"},
        {OPT_MAX_RETRIES, 0, INT_MAX, "--max-retries: a count, 0 = forever"},
        {OPT_MAX_BODY, 64, 64L * 1024 * 1024,
         "--max-body: bytes from 64 to 64 MiB"},
        {OPT_HEARTBEAT, 0, 3600, "--heartbeat: seconds from 0 to 3600"},
        {OPT_TIMEOUT, 1, 3600, "--timeout: seconds from 1 to 3600"},
        {OPT_REFUSED_RETRY, 1, 86400,
         "--refused-retry: seconds from 1 to 86400"},
        {OPT_POLL_INTERVAL, 1, 86400,
         "--poll-interval: seconds from 1 to 86400"},
};

/* An age: a number of days, or a number with s, m, h or d. */
static int
parse_age(const char *s, long *out)
{
	char *end;
	long v, unit = 86400;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || v < 1)
		return -1;
	if (*end == 's')
		unit = 1;
	else if (*end == 'm')
		unit = 60;
	else if (*end == 'h')
		unit = 3600;
	else if (*end != 'd' && *end != '\0')
		return -1;
	if (*end != '\0' && end[1] != '\0')
		return -1;
	if (v > 3650L * 86400 / unit)
		return -1;
	*out = v * unit;
	return 0;
}

/* ADDR:PORT or [V6]:PORT, the port a number from 0 to 65535. */
static int
check_listen(const char *s, char *err, size_t errlen)
{
	const char *colon = strrchr(s, ':');
	long port;

	if (colon == NULL || colon == s ||
	    parse_int(colon + 1, 0, 65535, &port) != 0) {
		snprintf(err, errlen,
		         "--metrics-listen: ADDR:PORT (127.0.0.1:9464, "
		         "[::1]:9464), not '%.100s'",
		         s);
		return -1;
	}
	return 0;
}

/* A --rate-limit rule, checked now so that a bad one is a usage error. */
static int
add_rate_limit(struct gate_config *c, const char *spec, char *err,
               size_t errlen)
{
	struct gate_ratelimit *rl;
	int i, rc;

	if (c->n_rate_limits >= GATE_MAX_RATE_LIMITS) {
		snprintf(err, errlen, "--rate-limit: at most %d rules",
		         GATE_MAX_RATE_LIMITS);
		return -1;
	}
	if ((rl = gate_ratelimit_new()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* with the rules before it: a second rule for a name is refused */
	for (i = 0, rc = 0; i < c->n_rate_limits && rc == 0; i++)
		rc = gate_ratelimit_add(rl, c->rate_limits[i], err, errlen);
	if (rc == 0)
		rc = gate_ratelimit_add(rl, spec, err, errlen);
	gate_ratelimit_free(rl);
	if (rc != 0)
		return -1;
	c->rate_limits[c->n_rate_limits++] = spec;
	return 0;
}

static int
set_number(struct gate_config *c, int opt, const char *arg, char *err,
           size_t errlen)
{
	size_t i;
	long v;

	for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		if (numbers[i].opt == opt)
			break;
	if (i == sizeof(numbers) / sizeof(numbers[0]) ||
	    parse_int(arg, numbers[i].lo, numbers[i].hi, &v) != 0) {
		snprintf(err, errlen, "%s",
		         i < sizeof(numbers) / sizeof(numbers[0])
		                 ? numbers[i].help
		                 : "bad number");
		return -1;
	}
	switch (opt) {
	case OPT_SESSIONS:
		c->sessions = (int)v;
		break;
	case OPT_KEEPALIVE:
		c->keepalive_s = (int)v;
		break;
	case OPT_MAX_AGE:
		c->max_age_s = (int)v;
		break;
	case OPT_MAX_RETRIES:
		c->max_retries = (int)v;
		break;
	case OPT_MAX_BODY:
		c->max_body = (size_t)v;
		break;
	case OPT_HEARTBEAT:
		c->heartbeat_s = (int)v;
		break;
	case OPT_REFUSED_RETRY:
		c->refused_retry_s = (int)v;
		break;
	case OPT_POLL_INTERVAL:
		c->poll_interval_s = (int)v;
		break;
	default:
		c->timeout_s = (int)v;
		break;
	}
	return 0;
}

int
gate_parse_args(struct gate_config *c, int argc, char **argv, char *err,
                size_t errlen)
{
	int ch;

	memset(c, 0, sizeof(*c));
	c->epp_file = "./epp_credentials";
	c->rabbitmq_file = "./rabbitmq_credentials";
	c->queue = "epp_messages";
	c->sessions = 1;
	c->keepalive_s = 300;
	c->heartbeat_s = 30;
	c->timeout_s = 30;
	c->refused_retry_s = 600;
	c->poll_interval_s = 60;
	c->journal_keep_s = 7L * 86400;
	c->max_body = 1024 * 1024;

	optind = 0; /* a fresh parse, with permutation */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":e:r:q:cvpa:s:nhV", long_opts,
	                         NULL)) != -1) {
		switch (ch) {
		case 'e':
			c->epp_file = optarg;
			break;
		case 'r':
			c->rabbitmq_file = optarg;
			break;
		case 'q':
			if (*optarg == '\0' || strlen(optarg) > 255) {
				snprintf(err, errlen,
				         "--queue: a name of 1 to 255 bytes");
				return -1;
			}
			c->queue = optarg;
			break;
		case 'c':
			c->reconnect = 1;
			break;
		case 'v':
			c->verbose = 1;
			break;
		case 'p':
			c->verbose_poll = 1;
			break;
		case 'a':
			c->alert_file = optarg;
			break;
		case 's':
			c->sentry_dsn = optarg;
			break;
		case 'n':
			c->check_only = 1;
			break;
		case 'h':
			return 1;
		case 'V':
			return 2;
		case OPT_SESSIONS:
		case OPT_KEEPALIVE:
		case OPT_MAX_AGE:
		case OPT_MAX_RETRIES:
		case OPT_MAX_BODY:
		case OPT_HEARTBEAT:
		case OPT_TIMEOUT:
		case OPT_REFUSED_RETRY:
		case OPT_POLL_INTERVAL:
			if (set_number(c, ch, optarg, err, errlen) != 0)
				return -1;
			break;
		case OPT_HEALTH:
			c->health_file = optarg;
			break;
		case OPT_JOURNAL:
			if (*optarg == '\0') {
				snprintf(err, errlen, "--journal: a file name");
				return -1;
			}
			c->journal_file = optarg;
			break;
		case OPT_JOURNAL_KEEP:
			if (parse_age(optarg, &c->journal_keep_s) != 0) {
				snprintf(err, errlen,
				         "--journal-keep: an age like 7d, 12h, "
				         "30m or 90s (at most 10 years), not "
				         "'%s'",
				         optarg);
				return -1;
			}
			break;
		case OPT_METRICS_LISTEN:
			if (check_listen(optarg, err, errlen) != 0)
				return -1;
			c->metrics_listen = optarg;
			break;
		case OPT_POLL_EXCHANGE:
			/* the default exchange ("") cannot be declared */
			if (*optarg == '\0' || strlen(optarg) > 255 ||
			    strncmp(optarg, "amq.", 4) == 0) {
				snprintf(err, errlen,
				         "--poll-exchange: a name of 1 to 255 "
				         "bytes, not starting with 'amq.'");
				return -1;
			}
			c->poll_exchange = optarg;
			break;
		case OPT_RATE_LIMIT:
			if (add_rate_limit(c, optarg, err, errlen) != 0)
				return -1;
			break;
		case OPT_CA:
			c->ca_file = optarg;
			break;
		case OPT_CERT:
			c->cert_file = optarg;
			break;
		case OPT_KEY:
			c->key_file = optarg;
			break;
		case OPT_KEY_PASSPHRASE:
			c->key_passphrase_file = optarg;
			break;
		case OPT_INSECURE:
			c->insecure = 1;
			break;
		case OPT_QUEUE_TYPE:
			if (strcmp(optarg, "classic") == 0)
				c->queue_type = GATE_QUEUE_DEFAULT;
			else if (strcmp(optarg, "durable") == 0)
				c->queue_type = GATE_QUEUE_DURABLE;
			else if (strcmp(optarg, "quorum") == 0)
				c->queue_type = GATE_QUEUE_QUORUM;
			else {
				snprintf(err, errlen,
				         "--queue-type: classic, durable or "
				         "quorum, not '%s'",
				         optarg);
				return -1;
			}
			break;
		case ':':
			snprintf(err, errlen, "option '%.*s' needs a value",
			         (int)strcspn(argv[optind - 1], "="),
			         argv[optind - 1]);
			return -1;
		default:
			if (strncmp(argv[optind - 1], "--", 2) != 0)
				snprintf(err, errlen, "unknown option '-%c'",
				         optopt);
			else if (optopt != 0)
				snprintf(err, errlen,
				         "option '%.*s' takes no value",
				         (int)strcspn(argv[optind - 1], "="),
				         argv[optind - 1]);
			else
				snprintf(err, errlen, "unknown option '%.*s'",
				         (int)strcspn(argv[optind - 1], "="),
				         argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if ((c->cert_file == NULL) != (c->key_file == NULL)) {
		snprintf(err, errlen, "%s",
		         c->cert_file ? "--cert needs --key FILE"
		                      : "--key needs --cert FILE");
		return -1;
	}
	return 0;
}

int
gate_secret_load(char **out, const char *path, char *err, size_t errlen)
{
	char line[1024];
	FILE *f = fopen(path, "r");

	*out = NULL;
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fgets(line, sizeof(line), f) == NULL) {
		fclose(f);
		snprintf(err, errlen,
		         "%s: empty; want the passphrase on its "
		         "first line",
		         path);
		return -1;
	}
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	*out = strdup(line);
	memset(line, 0, sizeof(line));
	if (*out == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void
gate_cred_free(struct gate_cred *c)
{
	struct gate_cred *next;

	if (c == NULL)
		return;
	next = c->next;
	if (next != NULL) {
		gate_cred_free(next);
		free(next);
	}
	free(c->host);
	if (c->password)
		memset(c->password, 0, strlen(c->password));
	free(c->port);
	free(c->login);
	free(c->password);
	memset(c, 0, sizeof(*c));
}

int
gate_cred_load(struct gate_cred *out, const char *path, char *err,
               size_t errlen)
{
	epp_params p;
	epp_error e;

	memset(out, 0, sizeof(*out));
	if (epp_params_load(&p, path, &e) != EPP_OK) {
		snprintf(err, errlen, "%s", e.text);
		return -1;
	}
	/* The strings move to *out; nothing to clear in p. */
	out->host = p.host;
	out->port = p.port;
	out->login = p.login;
	out->password = p.password;
	return 0;
}

unsigned
gate_cred_count(const struct gate_cred *c)
{
	unsigned n = 0;

	for (; c != NULL && c->host != NULL; c = c->next)
		n++;
	return n;
}

static size_t
line_end(const char *buf, size_t at, size_t n)
{
	while (at < n && buf[at] != '\n')
		at++;
	return at;
}

static int
blank_line(const char *buf, size_t at, size_t end)
{
	for (; at < end; at++)
		if (strchr(" \t\r\f\v", buf[at]) == NULL || buf[at] == '\0')
			return 0;
	return 1;
}

/* One line of the broker's file: parsed alone, named "FILE line N". */
static int
cred_line(struct gate_cred *out, const char *text, size_t len, const char *name,
          char *err, size_t errlen)
{
	epp_params p;
	epp_error e;

	if (epp_params_parse(&p, text, len, name, &e) != EPP_OK) {
		snprintf(err, errlen, "%s", e.text);
		return -1;
	}
	out->host = p.host;
	out->port = p.port;
	out->login = p.login;
	out->password = p.password;
	out->next = NULL;
	return 0;
}

int
gate_cred_load_nodes(struct gate_cred *out, const char *path, char *err,
                     size_t errlen)
{
	char buf[EPP_PARAMS_MAX_SIZE + 1], name[PATH_MAX + 32];
	struct gate_cred **tail = NULL, *node;
	size_t n, at, end;
	unsigned lines = 0, nodes = 0, total = 0;
	FILE *fp;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	fp = fopen(path, "r");
	if (fp == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path,
		         strerror(errno));
		return -1;
	}
	n = fread(buf, 1, sizeof(buf), fp);
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: read error", path);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	if (n > EPP_PARAMS_MAX_SIZE) {
		snprintf(err, errlen, "%s: larger than %d bytes", path,
		         EPP_PARAMS_MAX_SIZE);
		goto out;
	}
	for (at = 0; at < n; at = end + 1) {
		end = line_end(buf, at, n);
		total += !blank_line(buf, at, end);
	}
	for (at = 0; at < n; at = end + 1) {
		end = line_end(buf, at, n);
		lines++;
		if (blank_line(buf, at, end))
			continue;
		if (nodes == 0) {
			node = out;
		} else if ((node = calloc(1, sizeof(*node))) == NULL) {
			snprintf(err, errlen, "%s: out of memory", path);
			goto out;
		}
		/* A one-line file keeps the original's error texts. */
		if (total == 1)
			snprintf(name, sizeof(name), "%s", path);
		else
			snprintf(name, sizeof(name), "%s line %u", path, lines);
		if (cred_line(node, buf + at, end - at, name, err, errlen) !=
		    0) {
			if (node != out)
				free(node);
			goto out;
		}
		if (tail != NULL)
			*tail = node;
		tail = &node->next;
		nodes++;
	}
	if (nodes == 0) {
		snprintf(err, errlen,
		         "%s: no line 'host port login password' (one per "
		         "broker node)",
		         path);
		goto out;
	}
	rc = 0;
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	if (rc != 0)
		gate_cred_free(out);
	return rc;
}

void
gate_alert_conf_free(struct gate_alert_conf *a)
{
	size_t i;

	if (a == NULL)
		return;
	free(a->url);
	free(a->username);
	if (a->password)
		memset(a->password, 0, strlen(a->password));
	free(a->password);
	free(a->from);
	for (i = 0; a->to && a->to[i]; i++)
		free(a->to[i]);
	free(a->to);
	memset(a, 0, sizeof(*a));
}

/* First present string member among `names`; numbers are printed. */
static char *
json_str_any(json_t *o, const char *const *names)
{
	json_t *v;
	char buf[32];

	for (; *names; names++) {
		v = json_object_get(o, *names);
		if (json_is_string(v))
			return strdup(json_string_value(v));
		if (json_is_integer(v)) {
			snprintf(buf, sizeof(buf), "%lld",
			         (long long)json_integer_value(v));
			return strdup(buf);
		}
	}
	return NULL;
}

static int
json_bool_any(json_t *o, const char *const *names, int def)
{
	json_t *v;

	for (; *names; names++) {
		v = json_object_get(o, *names);
		if (json_is_boolean(v))
			return json_is_true(v);
		if (json_is_integer(v))
			return json_integer_value(v) != 0;
	}
	return def;
}

int
gate_alert_conf_load(struct gate_alert_conf *a, const char *path, char *err,
                     size_t errlen)
{
	static const char *const k_host[] = {"smtp_host", "host", "server",
	                                     NULL};
	static const char *const k_port[] = {"smtp_port", "port", NULL};
	static const char *const k_user[] = {
	        "smtp_user", "smtp_login", "username", "login", "user", NULL};
	static const char *const k_pass[] = {"smtp_password", "password", NULL};
	static const char *const k_from[] = {"from", "from_email", "sender",
	                                     "from_address", NULL};
	static const char *const k_to[] = {"to", "recipients", "to_email",
	                                   "receivers", NULL};
	static const char *const k_tls[] = {"starttls", "use_tls", "tls", NULL};
	static const char *const k_ssl[] = {"ssl", "use_ssl", NULL};
	static const char *const k_insecure[] = {"insecure", NULL};
	json_t *root, *to = NULL;
	json_error_t jerr;
	char *host = NULL, *port = NULL;
	size_t i, n;
	int ssl;

	memset(a, 0, sizeof(*a));
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		snprintf(err, errlen, "%s: line %d: %s", path, jerr.line,
		         jerr.text);
		return -1;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s: expected a JSON object", path);
		goto fail;
	}
	host = json_str_any(root, k_host);
	port = json_str_any(root, k_port);
	a->username = json_str_any(root, k_user);
	a->password = json_str_any(root, k_pass);
	a->from = json_str_any(root, k_from);
	ssl = json_bool_any(root, k_ssl, 0);
	a->starttls = json_bool_any(root, k_tls, !ssl);
	a->insecure = json_bool_any(root, k_insecure, 0);
	if (host == NULL || a->from == NULL) {
		snprintf(err, errlen, "%s: needs \"smtp_host\" and \"from\"",
		         path);
		goto fail;
	}
	for (i = 0; k_to[i] && to == NULL; i++)
		to = json_object_get(root, k_to[i]);
	n = json_is_array(to) ? json_array_size(to) : 1;
	if (to == NULL || (!json_is_string(to) && !json_is_array(to)) ||
	    n == 0) {
		snprintf(err, errlen,
		         "%s: needs \"to\": an address or a list of them",
		         path);
		goto fail;
	}
	a->to = calloc(n + 1, sizeof(char *));
	if (a->to == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		json_t *v = json_is_array(to) ? json_array_get(to, i) : to;
		if (!json_is_string(v)) {
			snprintf(err, errlen,
			         "%s: \"to\" entry %zu is not a string", path,
			         i + 1);
			goto fail;
		}
		a->to[i] = strdup(json_string_value(v));
		if (a->to[i] == NULL)
			goto nomem;
	}
	n = strlen(host) + 32;
	a->url = malloc(n);
	if (a->url == NULL)
		goto nomem;
	snprintf(a->url, n, "%s://%s:%s", ssl ? "smtps" : "smtp", host,
	         port ? port : (ssl ? "465" : "587"));
	free(host);
	free(port);
	json_decref(root);
	return 0;
nomem:
	snprintf(err, errlen, "%s: out of memory", path);
fail:
	free(host);
	free(port);
	gate_alert_conf_free(a);
	json_decref(root);
	return -1;
}
