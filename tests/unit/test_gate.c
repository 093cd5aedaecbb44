/* epp-gate core: configuration, redaction, dedup window, backoff, health
 * file, sd_notify. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <glob.h>
#include <unistd.h>
#include <cmocka.h>

#include "gate.h"

static char tmpdir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/gate-unit-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *
write_file(const char *name, const char *text)
{
	static char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void
test_cred_ok(void **state)
{
	struct gate_cred c;
	char err[256];

	(void)state;
	assert_int_equal(gate_cred_load(&c,
	                                write_file("ok", "epp.example 700 "
	                                                 "reg1 s3cret-Pw\n\n"),
	                                err, sizeof(err)),
	                 0);
	assert_string_equal(c.host, "epp.example");
	assert_string_equal(c.port, "700");
	assert_string_equal(c.login, "reg1");
	assert_string_equal(c.password, "s3cret-Pw");
	gate_cred_free(&c);
}

/* Each broken file gets an error that names the file and never quotes the
 * password. */
static void
test_cred_errors(void **state)
{
	static const struct {
		const char *text, *expect;
	} cases[] = {
	        {"", "0 fields"},
	        {"host 700 login", "3 fields"},
	        {"host 700 login TopSecret extra", "more than 4 fields"},
	        {"host port login TopSecret", "port (field 2)"},
	        {"host 99999 login TopSecret", "port (field 2)"},
	        {"host 700 login TopSecret\nhost 700 l2 TopSecret",
	         "found 2 lines"},
	};
	struct gate_cred c;
	char err[256], name[16];
	const char *path;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(name, sizeof(name), "bad%zu", i);
		path = write_file(name, cases[i].text);
		assert_int_equal(gate_cred_load(&c, path, err, sizeof(err)),
		                 -1);
		assert_non_null(strstr(err, path));
		assert_non_null(strstr(err, cases[i].expect));
		assert_null(strstr(err, "TopSecret"));
	}
	assert_int_equal(
	        gate_cred_load(&c, "/nonexistent/creds", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/creds: cannot open"));
}

/* The broker's file: one node per line; a one-line file as before. */
static void
test_cred_nodes(void **state)
{
	struct gate_cred c;
	char err[256];
	const char *path;

	(void)state;
	path = write_file("one", "mq1 5672 u TopSecret\n");
	assert_int_equal(gate_cred_load_nodes(&c, path, err, sizeof(err)), 0);
	assert_int_equal(gate_cred_count(&c), 1);
	assert_string_equal(c.host, "mq1");
	assert_null(c.next);
	gate_cred_free(&c);

	path = write_file("three", "mq1 5672 u TopSecret\n\n"
	                           "mq2 5673 u TopSecret\r\n"
	                           "  mq3 5674 v Other\n");
	assert_int_equal(gate_cred_load_nodes(&c, path, err, sizeof(err)), 0);
	assert_int_equal(gate_cred_count(&c), 3);
	assert_string_equal(c.next->host, "mq2");
	assert_string_equal(c.next->port, "5673");
	assert_string_equal(c.next->next->host, "mq3");
	assert_string_equal(c.next->next->login, "v");
	assert_null(c.next->next->next);
	gate_cred_free(&c);

	/* A bad line is named by its number; the password never shows. */
	path = write_file("badline", "mq1 5672 u TopSecret\n"
	                             "mq2 70000 u TopSecret\n");
	assert_int_equal(gate_cred_load_nodes(&c, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "line 2"));
	assert_non_null(strstr(err, "port (field 2)"));
	assert_null(strstr(err, "TopSecret"));
	/* A one-line file keeps the one-line error text. */
	path = write_file("badone", "mq1 5672 TopSecret\n");
	assert_int_equal(gate_cred_load_nodes(&c, path, err, sizeof(err)), -1);
	assert_null(strstr(err, "line 1"));
	assert_non_null(strstr(err, "3 fields"));
	path = write_file("empty", "\n  \n");
	assert_int_equal(gate_cred_load_nodes(&c, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no line"));
}

static int
parse(struct gate_config *c, char *err, int argc, ...)
{
	static char prog[] = "epp-gate";
	char *argv[32];
	va_list ap;
	int i;

	va_start(ap, argc);
	argv[0] = prog;
	for (i = 1; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	argv[argc] = NULL;
	va_end(ap);
	return gate_parse_args(c, argc, argv, err, 256);
}

static void
test_args(void **state)
{
	struct gate_config c;
	char err[256];

	(void)state;
	assert_int_equal(parse(&c, err, 1), 0);
	assert_string_equal(c.queue, "epp_messages");
	assert_int_equal(c.sessions, 1);
	assert_int_equal(c.keepalive_s, 300);
	assert_int_equal(c.queue_type, GATE_QUEUE_DEFAULT);

	/* The original's spellings, short and long. */
	assert_int_equal(parse(&c, err, 9, "-v", "--reconnect", "--epp=e.txt",
	                       "-r", "r.txt", "--queue=q1", "-p",
	                       "--sentry_dsn=x"),
	                 0);
	assert_string_equal(c.epp_file, "e.txt");
	assert_string_equal(c.rabbitmq_file, "r.txt");
	assert_string_equal(c.queue, "q1");
	assert_true(c.verbose && c.reconnect && c.verbose_poll);
	assert_string_equal(c.sentry_dsn, "x");

	assert_int_equal(parse(&c, err, 10, "--sessions", "4", "--keepalive",
	                       "60", "--queue-type", "quorum", "-n",
	                       "--timeout", "7"),
	                 0);
	assert_int_equal(c.timeout_s, 7);
	assert_int_equal(c.sessions, 4);
	assert_int_equal(c.keepalive_s, 60);
	assert_int_equal(c.queue_type, GATE_QUEUE_QUORUM);
	assert_true(c.check_only);

	/* journal and refusal options */
	assert_int_equal(c.refused_retry_s, 600);
	assert_int_equal(c.journal_keep_s, 7L * 86400);
	assert_null(c.journal_file);
	assert_int_equal(parse(&c, err, 7, "--journal", "j.db",
	                       "--journal-keep", "12h", "--refused-retry",
	                       "30"),
	                 0);
	assert_string_equal(c.journal_file, "j.db");
	assert_int_equal(c.journal_keep_s, 12L * 3600);
	assert_int_equal(c.refused_retry_s, 30);
	assert_int_equal(parse(&c, err, 3, "--journal-keep", "3"), 0);
	assert_int_equal(c.journal_keep_s, 3L * 86400);
	assert_int_equal(parse(&c, err, 3, "--journal-keep", "3w"), -1);
	assert_non_null(strstr(err, "--journal-keep"));
	assert_int_equal(parse(&c, err, 3, "--journal-keep", "0"), -1);
	assert_int_equal(parse(&c, err, 3, "--refused-retry", "0"), -1);

	/* poll delivery: off by default, every 60 s */
	assert_null(c.poll_exchange);
	assert_int_equal(c.poll_interval_s, 60);
	assert_int_equal(parse(&c, err, 5, "--poll-exchange", "epp_poll",
	                       "--poll-interval", "5"),
	                 0);
	assert_string_equal(c.poll_exchange, "epp_poll");
	assert_int_equal(c.poll_interval_s, 5);
	assert_int_equal(parse(&c, err, 3, "--poll-interval", "0"), -1);
	assert_non_null(strstr(err, "--poll-interval"));
	assert_int_equal(parse(&c, err, 3, "--poll-exchange", ""), -1);
	assert_non_null(strstr(err, "--poll-exchange"));
	assert_int_equal(parse(&c, err, 3, "--poll-exchange", "amq.fanout"),
	                 -1);

	assert_int_equal(parse(&c, err, 2, "--help"), 1);
	assert_int_equal(parse(&c, err, 3, "--sessions", "0"), -1);
	assert_non_null(strstr(err, "--sessions"));
	assert_int_equal(parse(&c, err, 2, "--queue-type=lazy"), -1);
	assert_int_equal(parse(&c, err, 2, "--bogus"), -1);
	assert_non_null(strstr(err, "unknown option"));
	assert_int_equal(parse(&c, err, 3, "--cert", "c.pem"), -1);
	assert_int_equal(parse(&c, err, 2, "-e"), -1);
	assert_non_null(strstr(err, "needs a value"));
}

static void
test_alert_conf(void **state)
{
	struct gate_alert_conf a;
	char err[256];
	const char *p;

	(void)state;
	p = write_file("alert.json",
	               "{\"smtp_host\": \"mail.example\", \"smtp_port\": 587, "
	               "\"smtp_user\": \"u\", \"smtp_password\": \"MailPw\", "
	               "\"from\": \"gate@example\", "
	               "\"to\": [\"a@example\", \"b@example\"]}");
	assert_int_equal(gate_alert_conf_load(&a, p, err, sizeof(err)), 0);
	assert_string_equal(a.url, "smtp://mail.example:587");
	assert_true(a.starttls);
	assert_string_equal(a.to[1], "b@example");
	assert_null(a.to[2]);
	gate_alert_conf_free(&a);

	p = write_file("alert2.json", "{\"smtp_host\": \"m\", \"ssl\": true, "
	                              "\"from\": \"f\", \"to\": \"x@y\"}");
	assert_int_equal(gate_alert_conf_load(&a, p, err, sizeof(err)), 0);
	assert_string_equal(a.url, "smtps://m:465");
	assert_string_equal(a.to[0], "x@y");
	gate_alert_conf_free(&a);

	p = write_file("alert3.json", "{\"smtp_host\": \"m\", \"from\": 1}");
	assert_int_equal(gate_alert_conf_load(&a, p, err, sizeof(err)), -1);
	p = write_file("alert4.json", "{not json");
	assert_int_equal(gate_alert_conf_load(&a, p, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "alert4.json"));
}

static void
test_redact_xml(void **state)
{
	static const char in[] =
	        "<epp><command><login><clID>r1</clID><pw>Secret1</pw>"
	        "<newPW>Secret2</newPW></login><create><domain:create>"
	        "<domain:authInfo><domain:pw roid=\"x\">Secret3</domain:pw>"
	        "</domain:authInfo><domain:pwx>kept</domain:pwx>"
	        "<contact:authInfo><contact:pw/></contact:authInfo>"
	        "</domain:create></create></command></epp>";
	char *out;

	(void)state;
	out = gate_redact_xml(in, strlen(in));
	assert_non_null(out);
	assert_null(strstr(out, "Secret1"));
	assert_null(strstr(out, "Secret2"));
	assert_null(strstr(out, "Secret3"));
	assert_non_null(strstr(out, "<pw>***</pw>"));
	assert_non_null(strstr(out, "<newPW>***</newPW>"));
	assert_non_null(strstr(out, "<domain:authInfo>***</domain:authInfo>"));
	assert_non_null(strstr(out, "<domain:pwx>kept</domain:pwx>"));
	assert_non_null(strstr(out, "<clID>r1</clID>"));
	free(out);

	/* Cut short inside a secret: the rest is dropped, not shown. */
	out = gate_redact_xml("<a><pw>Half", 11);
	assert_string_equal(out, "<a><pw>***");
	free(out);
}

static void
test_redact_json(void **state)
{
	static const char in[] =
	        "{\"cmd\": \"domain_create\", \"args\": {\"name\": \"a.test\", "
	        "\"auth_info\": \"AuthSecret\", \"contacts\": [{\"password\": "
	        "\"P2\"}], \"pw\": null}}";
	char *out;

	(void)state;
	out = gate_redact_json(in, strlen(in));
	assert_non_null(out);
	assert_null(strstr(out, "AuthSecret"));
	assert_null(strstr(out, "P2"));
	assert_non_null(strstr(out, "\"auth_info\":\"***\""));
	assert_non_null(strstr(out, "\"name\":\"a.test\""));
	free(out);
	out = gate_redact_json("nope AuthSecret", 15);
	assert_string_equal(out, "(15 bytes, not JSON)");
	free(out);
}

static void
test_scrub(void **state)
{
	char line[] = "login failed for BrokerPw! and again BrokerPw";

	(void)state;
	gate_log_add_secret("BrokerPw");
	gate_log_add_secret("x"); /* too short to scrub */
	gate_scrub_secrets(line);
	assert_string_equal(line, "login failed for ********! and again "
	                          "********");
	gate_log_clear_secrets();
}

static void
test_dedup(void **state)
{
	struct gate_dedup *d = gate_dedup_new(3, 1000);
	char *r, key[8];
	size_t len, i;

	(void)state;
	assert_non_null(d);
	assert_null(gate_dedup_get(d, "c1", &len));
	assert_int_equal(gate_dedup_put(d, "c1", "{\"r\":1}", 7), 0);
	r = gate_dedup_get(d, "c1", &len);
	assert_non_null(r);
	assert_int_equal(len, 7);
	assert_string_equal(r, "{\"r\":1}");
	free(r);
	/* Bounded in entries: the oldest goes first. */
	for (i = 2; i <= 4; i++) {
		snprintf(key, sizeof(key), "c%zu", i);
		assert_int_equal(gate_dedup_put(d, key, "x", 1), 0);
	}
	assert_int_equal(gate_dedup_count(d), 3);
	assert_null(gate_dedup_get(d, "c1", &len));
	r = gate_dedup_get(d, "c4", &len);
	assert_non_null(r);
	free(r);
	/* Bounded in bytes: a big reply pushes out the others; a reply
	 * larger than the window is not kept. */
	{
		char big[996];
		memset(big, 'b', sizeof(big));
		assert_int_equal(gate_dedup_put(d, "big", big, sizeof(big)), 0);
		assert_int_equal(gate_dedup_count(d), 1);
		r = gate_dedup_get(d, "big", &len);
		assert_non_null(r);
		assert_int_equal(len, sizeof(big));
		free(r);
	}
	{
		char huge[1200];
		memset(huge, 'h', sizeof(huge));
		assert_int_equal(gate_dedup_put(d, "h2", huge, sizeof(huge)),
		                 -1);
	}
	assert_int_equal(gate_dedup_put(d, "", "x", 1), -1);
	gate_dedup_free(d);
}

/* Two handles (two gate processes) on a new journal file in path. */
static void
journal_pair(char *path, struct gate_journal **a, struct gate_journal **b)
{
	char err[300];
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(gate_journal_open(a, path, err, sizeof(err)), 0);
	assert_int_equal(gate_journal_open(b, path, err, sizeof(err)), 0);
}

/* A gate that records c4 (answered) and c5 (sent), then dies without
 * closing its journal. */
static void
journal_killed_gate(const char *path)
{
	struct gate_journal *j;
	char err[300];
	int64_t id;
	pid_t pid;
	int status;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (gate_journal_open(&j, path, err, sizeof(err)) != 0 ||
		    gate_journal_begin(j, &id, "c4", "domain_create",
		                       "k.example", "TR-4", err,
		                       sizeof(err)) != 0 ||
		    gate_journal_end(j, id, 1000, "SV-4", 3, "{\"k\":4}", 7,
		                     err, sizeof(err)) != 0 ||
		    gate_journal_begin(j, &id, "c5", "domain_renew",
		                       "k.example", "TR-5", err,
		                       sizeof(err)) != 0)
			_exit(1);
		_exit(0); /* no close: its records stay in its log */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* How many intent logs lie next to the journal at path. */
static int
intent_files(const char *path)
{
	char pattern[300];
	glob_t g;
	int n;

	snprintf(pattern, sizeof(pattern), "%s.intent.*", path);
	if (glob(pattern, 0, NULL, &g) != 0)
		return 0;
	n = (int)g.gl_pathc;
	globfree(&g);
	return n;
}

/* Remove a journal file and its WAL companions. */
static void
journal_unlink(const char *path)
{
	char name[300], pattern[300];
	glob_t g;
	size_t i;

	unlink(path);
	snprintf(pattern, sizeof(pattern), "%s.intent.*", path);
	if (glob(pattern, 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++)
			unlink(g.gl_pathv[i]);
		globfree(&g);
	}
	snprintf(name, sizeof(name), "%s-wal", path);
	unlink(name);
	snprintf(name, sizeof(name), "%s-shm", path);
	unlink(name);
}

/* Workers sharing a journal: their rows are committed in groups, each
 * with its own id and its own reply. */
struct journal_worker {
	struct gate_journal *j;
	int n, k;
	int64_t ids[200];
};

static void *
journal_worker(void *arg)
{
	struct journal_worker *w = arg;
	char corr[32], reply[32], err[300];
	int i;

	for (i = 0; i < w->n; i++) {
		snprintf(corr, sizeof(corr), "w%d-%d", w->k, i);
		snprintf(reply, sizeof(reply), "{\"w\":%d,\"i\":%d}", w->k, i);
		if (gate_journal_begin(w->j, &w->ids[i], corr, "domain_create",
		                       corr, corr, err, sizeof(err)) != 0 ||
		    gate_journal_end(w->j, w->ids[i], 1000, NULL, 1, reply,
		                     strlen(reply), err, sizeof(err)) != 0)
			return w; /* non-NULL: failed */
	}
	return NULL;
}

static void
test_journal_threads(void **state)
{
	struct journal_worker w[4];
	struct gate_journal *a, *b;
	struct gate_journal_entry e;
	char path[] = "/tmp/test_gate_journalXXXXXX", err[300], want[32];
	pthread_t t[4];
	void *res;
	int k, i, l;

	(void)state;
	journal_pair(path, &a, &b);
	for (k = 0; k < 4; k++) {
		w[k].j = a;
		w[k].n = 200;
		w[k].k = k;
		assert_int_equal(
		        pthread_create(&t[k], NULL, journal_worker, &w[k]), 0);
	}
	for (k = 0; k < 4; k++) {
		assert_int_equal(pthread_join(t[k], &res), 0);
		assert_null(res);
	}
	/* the main thread's tick commits the last replies */
	assert_int_equal(gate_journal_checkpoint(a, err, sizeof(err)), 0);
	for (k = 0; k < 4; k++)
		for (i = 0; i < 200; i++) {
			for (l = 0; l < k; l++)
				assert_true(w[l].ids[i] != w[k].ids[i]);
			snprintf(want, sizeof(want), "w%d-%d", k, i);
			assert_int_equal(gate_journal_find(b, want, &e, err,
			                                   sizeof(err)),
			                 1);
			assert_true(e.id < 0);
			snprintf(want, sizeof(want), "{\"w\":%d,\"i\":%d}", k,
			         i);
			assert_string_equal(e.reply, want);
			free(e.reply);
		}
	gate_journal_close(a);
	gate_journal_close(b);
	journal_unlink(path);
}

/* The journal: a row per transform, found again after a "crash" (a
 * second handle on the file), shared, pruned by age. */
static void
test_journal(void **state)
{
	struct gate_journal *a, *b;
	struct gate_journal_entry e;
	char path[] = "/tmp/test_gate_journalXXXXXX", err[300];
	int64_t id1, id2, id3;
	long removed;

	(void)state;
	journal_pair(path, &a, &b);
	assert_int_equal(gate_journal_find(a, "c1", &e, err, sizeof(err)), 0);

	/* sent and answered: the reply comes back */
	assert_int_equal(gate_journal_begin(a, &id1, "c1", "domain_create",
	                                    "a.example", "TR-1", err,
	                                    sizeof(err)),
	                 0);
	assert_true(id1 > 0);
	assert_int_equal(gate_journal_retry(a, id1, "TR-1b", err, sizeof(err)),
	                 0);
	assert_int_equal(gate_journal_end(a, id1, 1000, "SV-1", 12, "{\"r\":1}",
	                                  7, err, sizeof(err)),
	                 0);
	/* not in SQLite yet: another gate (the other handle) reads it from
	 * this one's intent log */
	assert_int_equal(gate_journal_find(b, "c1", &e, err, sizeof(err)), 1);
	assert_int_equal(e.id, 0);
	assert_string_equal(e.reply, "{\"r\":1}");
	assert_string_equal(e.cltrid, "TR-1b");
	free(e.reply);
	/* its own gate moves it into SQLite first: a row */
	assert_int_equal(gate_journal_find(a, "c1", &e, err, sizeof(err)), 1);
	assert_true(e.id < 0);
	assert_string_equal(e.reply, "{\"r\":1}");
	free(e.reply);
	/* sent, no reply: the process died mid-flight */
	assert_int_equal(gate_journal_begin(a, &id2, "c2", "domain_renew", NULL,
	                                    "TR-2", err, sizeof(err)),
	                 0);
	assert_int_equal(gate_journal_find(b, "c2", &e, err, sizeof(err)), 2);
	assert_null(e.reply);
	assert_string_equal(e.cltrid, "TR-2");
	/* the tick moves it; the other gate sees both rows */
	assert_int_equal(gate_journal_checkpoint(a, err, sizeof(err)), 0);
	assert_int_equal(gate_journal_find(b, "c1", &e, err, sizeof(err)), 1);
	assert_true(e.id < 0);
	assert_string_equal(e.reply, "{\"r\":1}");
	assert_int_equal(e.reply_len, 7);
	assert_string_equal(e.cltrid, "TR-1b");
	assert_string_equal(e.cmd, "domain_create");
	free(e.reply);
	assert_int_equal(gate_journal_find(b, "c2", &e, err, sizeof(err)), 2);
	assert_null(e.reply);
	assert_string_equal(e.cltrid, "TR-2");
	/* an outcome-unknown reply recorded on a row found */
	assert_int_equal(gate_journal_end(b, e.id, 0, NULL, 0, "{\"u\":1}", 7,
	                                  err, sizeof(err)),
	                 0);
	assert_int_equal(gate_journal_find(b, "c2", &e, err, sizeof(err)), 1);
	assert_string_equal(e.reply, "{\"u\":1}");
	free(e.reply);
	/* not sent after all: forgotten, in the log and in SQLite */
	assert_int_equal(gate_journal_begin(b, &id3, "c3", "host_delete",
	                                    "ns.example", "TR-3", err,
	                                    sizeof(err)),
	                 0);
	assert_int_equal(gate_journal_forget(b, id3, err, sizeof(err)), 0);
	assert_int_equal(gate_journal_find(a, "c3", &e, err, sizeof(err)), 0);
	assert_int_equal(gate_journal_checkpoint(b, err, sizeof(err)), 0);
	assert_int_equal(gate_journal_find(a, "c3", &e, err, sizeof(err)), 0);
	/* a gate killed with records in its log: the next lookup moves
	 * them into SQLite and removes the log */
	journal_killed_gate(path);
	assert_int_equal(gate_journal_find(a, "c4", &e, err, sizeof(err)), 1);
	assert_true(e.id < 0);
	assert_string_equal(e.reply, "{\"k\":4}");
	free(e.reply);
	assert_int_equal(gate_journal_find(b, "c5", &e, err, sizeof(err)), 2);
	assert_true(e.id < 0);
	assert_int_equal(intent_files(path), 2); /* a's and b's own */
	/* pruning by age: nothing is a day old, everything is "-1 s" old */
	assert_int_equal(
	        gate_journal_prune(a, 86400, &removed, err, sizeof(err)), 0);
	assert_int_equal(removed, 0);
	assert_int_equal(gate_journal_prune(a, -1, &removed, err, sizeof(err)),
	                 0);
	assert_int_equal(removed, 4);
	assert_int_equal(gate_journal_find(b, "c1", &e, err, sizeof(err)), 0);
	gate_journal_close(a);
	gate_journal_close(b);
	gate_journal_close(NULL);

	/* a file that cannot be a journal: the error names it */
	assert_int_equal(gate_journal_open(&a, "/nonexistent/dir/j.db", err,
	                                   sizeof(err)),
	                 -1);
	assert_null(a);
	assert_non_null(strstr(err, "/nonexistent/dir/j.db"));
	journal_unlink(path);
}

static void
test_backoff(void **state)
{
	struct gate_backoff b;
	int i, d, prev_max = 0;

	(void)state;
	gate_backoff_init(&b, 100, 5000, 42);
	for (i = 0; i < 12; i++) {
		int hi = 100 << (i < 6 ? i : 6);
		if (hi > 5000)
			hi = 5000;
		d = gate_backoff_next(&b);
		assert_true(d >= hi / 2 && d <= hi);
		if (hi > prev_max)
			prev_max = hi;
	}
	assert_int_equal(prev_max, 5000);
	gate_backoff_reset(&b);
	d = gate_backoff_next(&b);
	assert_true(d >= 50 && d <= 100);
}

static void
test_health(void **state)
{
	struct gate_health h;
	char path[128], buf[256];
	FILE *fp;

	(void)state;
	snprintf(path, sizeof(path), "%s/health", tmpdir);
	assert_int_equal(gate_health_init(&h, path), 0);
	assert_int_equal(gate_health_changed(&h), 0);
	/* A file that appears is a change, once. */
	fp = fopen(path, "a");
	fputs("client error at now\n", fp);
	fclose(fp);
	assert_int_equal(gate_health_changed(&h), 1);
	assert_int_equal(gate_health_changed(&h), 0);
	/* A line appended is one too. */
	fp = fopen(path, "a");
	fputs("client error again\n", fp);
	fclose(fp);
	assert_int_equal(gate_health_changed(&h), 1);
	assert_int_equal(gate_health_changed(&h), 0);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, "client error at now\n");
	gate_health_free(&h);
}

static void
test_sd_notify(void **state)
{
	struct sockaddr_un sa;
	char path[128], buf[64];
	ssize_t n;
	int fd;

	(void)state;
	unsetenv("NOTIFY_SOCKET");
	assert_int_equal(gate_sd_notify("READY=1"), 0);
	snprintf(path, sizeof(path), "%s/notify", tmpdir);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	setenv("NOTIFY_SOCKET", path, 1);
	assert_int_equal(gate_sd_notify("READY=1"), 0);
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	assert_int_equal(n, 7);
	buf[n] = '\0';
	assert_string_equal(buf, "READY=1");
	setenv("NOTIFY_SOCKET", "relative/path", 1);
	assert_int_equal(gate_sd_notify("READY=1"), -1);
	unsetenv("NOTIFY_SOCKET");
	close(fd);

	setenv("WATCHDOG_USEC", "30000000", 1);
	unsetenv("WATCHDOG_PID");
	assert_int_equal(gate_sd_watchdog_ms(), 30000);
	setenv("WATCHDOG_PID", "1", 1);
	assert_int_equal(gate_sd_watchdog_ms(), 0);
	unsetenv("WATCHDOG_USEC");
}

/* A tiny SMTP server for one session: records what the client says. */
struct smtp {
	int lfd;
	char log[4096];
};

static void *
smtp_serve(void *arg)
{
	struct smtp *m = arg;
	char buf[2048];
	size_t used = 0;
	int fd, data = 0;
	ssize_t n;

	fd = accept(m->lfd, NULL, NULL);
	if (fd < 0)
		return NULL;
	(void)!write(fd, "220 test ESMTP\r\n", 16);
	while ((n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		if (used + (size_t)n < sizeof(m->log)) {
			memcpy(m->log + used, buf, (size_t)n + 1);
			used += (size_t)n;
		}
		if (data) {
			/* The end mark may arrive split over reads. */
			if (strstr(m->log + data - 1, "\r\n.\r\n")) {
				data = 0;
				(void)!write(fd, "250 queued\r\n", 12);
			}
		} else if (strncmp(buf, "DATA", 4) == 0) {
			data = (int)used; /* where the message starts, + 1 */
			(void)!write(fd, "354 go on\r\n", 11);
		} else if (strncmp(buf, "QUIT", 4) == 0) {
			(void)!write(fd, "221 bye\r\n", 9);
			break;
		} else if (strncmp(buf, "EHLO", 4) == 0) {
			(void)!write(fd, "250 test\r\n", 10);
		} else {
			(void)!write(fd, "250 ok\r\n", 8);
		}
	}
	close(fd);
	return NULL;
}

static void
test_alert_send(void **state)
{
	struct gate_alert_conf a;
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	struct smtp m;
	pthread_t t;
	char err[256], json[256];
	const char *p;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.lfd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(m.lfd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(m.lfd, 1), 0);
	getsockname(m.lfd, (struct sockaddr *)&sin, &len);
	snprintf(json, sizeof(json),
	         "{\"smtp_host\": \"127.0.0.1\", \"smtp_port\": %d, "
	         "\"starttls\": false, \"from\": \"gate@example\", "
	         "\"to\": [\"ops@example\"]}",
	         ntohs(sin.sin_port));
	p = write_file("alert-send.json", json);
	assert_int_equal(gate_alert_conf_load(&a, p, err, sizeof(err)), 0);
	assert_int_equal(gate_alert_init(err, sizeof(err)), 0);
	pthread_create(&t, NULL, smtp_serve, &m);
	assert_int_equal(gate_alert_send(&a, "EPP sessions are down",
	                                 "0 of 4 EPP sessions are logged in."),
	                 0);
	pthread_join(t, NULL);
	close(m.lfd);
	assert_non_null(strstr(m.log, "MAIL FROM:<gate@example>"));
	assert_non_null(strstr(m.log, "RCPT TO:<ops@example>"));
	assert_non_null(strstr(m.log, "] EPP sessions are down\r\n"));
	assert_non_null(strstr(m.log, "0 of 4 EPP sessions are logged in."));
	/* Nobody listens any more: a failure, not a hang or a crash. */
	assert_int_equal(gate_alert_send(&a, "x", "y"), -1);
	gate_alert_conf_free(&a);
}

/* The "sessions down" mail says which, since when, why, and what next. */
static void
test_alert_body(void **state)
{
	const struct gate_alert_session down[] = {
	        {2, 1700000000000LL,
	         "epp.example:700: TLS failure: certificate verify failed"},
	        {3, 1700000060000LL,
	         "epp.example:700: login refused: 2502 Session limit "
	         "exceeded"},
	        {4, 0, ""},
	};
	char body[1024], tiny[16];

	(void)state;
	gate_alert_body(body, sizeof(body), 0, 1, 4, down, 3,
	                "The gate logs in again.");
	assert_non_null(strstr(body, "1 of 4 EPP sessions are logged in."));
	assert_non_null(strstr(body, "session 2: down since 2023-11-14 "
	                             "22:13:20 UTC: epp.example:700: TLS "
	                             "failure: certificate verify failed"));
	assert_non_null(strstr(body, "session 3: down since 2023-11-14 "
	                             "22:14:20 UTC: epp.example:700: login "
	                             "refused: 2502"));
	assert_non_null(strstr(body, "session 4: down since the start: no "
	                             "attempt finished yet"));
	assert_non_null(strstr(body, "\nThe gate logs in again.\n"));
	gate_alert_body(body, sizeof(body), 1, 4, 4, NULL, 0, NULL);
	assert_string_equal(body, "4 of 4 EPP sessions are logged in.\n");
	/* cut, never overrun */
	gate_alert_body(tiny, sizeof(tiny), 0, 1, 4, down, 3, "x");
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
}

/* A registry's text in a log line: no line end, no terminal escape. */
static void
test_log_one_line(void **state)
{
	char path[] = "/tmp/gate-log-XXXXXX", buf[512];
	int fd = mkstemp(path), saved = dup(STDERR_FILENO);
	ssize_t n;

	(void)state;
	assert_true(fd >= 0 && saved >= 0);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	gate_log_init(2);
	gate_log(1, "reply: %s", "Denied\n2026-12-04 error forged\r\x1b[31m");
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	close(saved);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	unlink(path);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_non_null(
	        strstr(buf, "reply: Denied 2026-12-04 error forged  [31m\n"));
	assert_ptr_equal(strchr(buf, '\n'), buf + n - 1);
	assert_null(strchr(buf, 0x1b));
	assert_null(strchr(buf, '\r'));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_cred_ok),
	        cmocka_unit_test(test_alert_body),
	        cmocka_unit_test(test_cred_errors),
	        cmocka_unit_test(test_cred_nodes),
	        cmocka_unit_test(test_args),
	        cmocka_unit_test(test_alert_conf),
	        cmocka_unit_test(test_redact_xml),
	        cmocka_unit_test(test_redact_json),
	        cmocka_unit_test(test_scrub),
	        cmocka_unit_test(test_dedup),
	        cmocka_unit_test(test_journal),
	        cmocka_unit_test(test_journal_threads),
	        cmocka_unit_test(test_backoff),
	        cmocka_unit_test(test_health),
	        cmocka_unit_test(test_sd_notify),
	        cmocka_unit_test(test_alert_send),
	        cmocka_unit_test(test_log_one_line),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
