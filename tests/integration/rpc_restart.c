/*
 * libepprpc when the broker goes away: a restart in the middle of calls
 * (the client reconnects by itself), a call in flight when the broker
 * stops (fails at once, not at its deadline), and the health-file line and
 * retry while the broker is down; open with the broker down, eager and
 * lazy. Runs its own node (RPC_RESTART_DIR), so
 * the shared node of the other tests is never disturbed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <cmocka.h>

#include "rpc_util.h"

static struct broker B;
static char node_dir[400];

static int
node(const char *verb)
{
	char cmd[1200];

	snprintf(cmd, sizeof(cmd), "'%s' %s '%s' >/dev/null",
	         getenv("EPPKIT_RABBITMQ_SH"), verb, node_dir);
	return system(cmd);
}

enum { BEFORE, DURING, AFTER };

static volatile int phase;
static volatile int stop_flag;

struct worker {
	pthread_t tid;
	epprpc_client *c;
	int id;
	int ok[3];
	int failed[3];
	int crossed;
	int odd_rc; /* an error that is not a transport error */
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	char req[128], *reply;
	int i, rc, ph;

	for (i = 0; !stop_flag; i++) {
		snprintf(req, sizeof(req),
		         "{\"cmd\":\"echo\",\"args\":{\"w\":%d,\"i\":%d}}",
		         w->id, i);
		ph = phase;
		rc = epprpc_call(&reply, w->c, req, 3000);
		if (rc == EPPRPC_OK) {
			if (strcmp(reply, req) != 0)
				w->crossed++;
			epprpc_free(reply);
			w->ok[ph == phase ? ph : DURING]++;
			continue;
		}
		w->failed[ph]++;
		if (rc != EPPRPC_ETRANSPORT && rc != EPPRPC_ECONNECT &&
		    rc != EPPRPC_EUNKNOWN && rc != EPPRPC_ELOGIN &&
		    rc != EPPRPC_EUNROUTABLE && rc != EPPRPC_ETIMEOUT)
			w->odd_rc = rc;
		sleep_ms(50);
	}
	return NULL;
}

struct inflight {
	pthread_t tid;
	epprpc_client *c;
	int rc;
	double ms;
	char err[512];
};

static void *
inflight_main(void *arg)
{
	struct inflight *f = arg;
	char *reply = NULL;
	double t0 = now_ms();

	f->rc = epprpc_call(&reply, f->c, "{\"cmd\":\"echo_drop\"}", 30000);
	f->ms = now_ms() - t0;
	snprintf(f->err, sizeof(f->err), "%s", epprpc_last_error());
	epprpc_free(reply);
	return NULL;
}

static void
broker_restart_stop_and_health_file(void **state)
{
	struct worker w[4];
	struct inflight f;
	epprpc_options o;
	epprpc_client *a, *b;
	epprpc_stats st;
	char health[64], line[512], *reply = NULL;
	int i, ok[3] = {0, 0, 0}, failed[3] = {0, 0, 0}, lines = 0, rc;
	pid_t echo;
	double t0, ms;
	FILE *hf;

	(void)state;
	echo = echo_start(&B, "rpc_restart");
	assert_true(echo > 0);
	broker_options(&B, &o, "rpc_restart");
	assert_int_equal(epprpc_client_open(&a, &o), EPPRPC_OK);
	snprintf(health, sizeof(health), "/tmp/rpc_restart_health.%d",
	         (int)getpid());
	unlink(health);
	o.health_file = health;
	assert_int_equal(epprpc_client_open(&b, &o), EPPRPC_OK);

	/* 1. Restart the broker while four threads keep calling. */
	phase = BEFORE;
	for (i = 0; i < 4; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].c = a;
		w[i].id = i;
		assert_int_equal(
		        pthread_create(&w[i].tid, NULL, worker_main, &w[i]), 0);
	}
	sleep_ms(1000);
	phase = DURING;
	assert_int_equal(node("restart"), 0);
	phase = AFTER;
	sleep_ms(3000);
	stop_flag = 1;
	for (i = 0; i < 4; i++) {
		pthread_join(w[i].tid, NULL);
		ok[BEFORE] += w[i].ok[BEFORE];
		ok[AFTER] += w[i].ok[AFTER];
		failed[DURING] += w[i].failed[DURING];
		failed[AFTER] += w[i].failed[AFTER];
		assert_int_equal(w[i].crossed, 0);
		assert_int_equal(w[i].odd_rc, 0);
	}
	epprpc_client_stats(a, &st);
	print_message("restart: ok before %d, failed during %d, failed "
	              "after %d, ok after %d, connects %llu\n",
	              ok[BEFORE], failed[DURING], failed[AFTER], ok[AFTER],
	              st.connects);
	assert_true(ok[BEFORE] > 0);
	assert_true(failed[DURING] > 0);
	assert_true(ok[AFTER] > 0);
	assert_true(st.connects >= 2);

	/* 2. A call in flight when the broker stops fails at once. */
	memset(&f, 0, sizeof(f));
	f.c = a;
	assert_int_equal(pthread_create(&f.tid, NULL, inflight_main, &f), 0);
	sleep_ms(500);
	assert_int_equal(node("stop"), 0);
	pthread_join(f.tid, NULL);
	print_message("in flight at stop: %s after %.0f ms\n",
	              epprpc_strerror(f.rc), f.ms);
	/* "echo" is no query: its reply died with the connection, so its
	 * outcome is unknown, named by its correlation id. */
	assert_int_equal(f.rc, EPPRPC_EUNKNOWN);
	assert_non_null(strstr(f.err, "correlation id"));
	assert_true(f.ms < 15000.0);

	/* 3. Broker down, health file set: one line, a 2 s wait, one retry,
	 * then a clear error. */
	t0 = now_ms();
	rc = epprpc_call(&reply, b, "{\"cmd\":\"echo\"}", 3000);
	ms = now_ms() - t0;
	assert_true(rc == EPPRPC_ECONNECT || rc == EPPRPC_ETRANSPORT);
	assert_null(reply);
	assert_true(ms >= 2000.0);
	assert_non_null(strstr(epprpc_last_error(), B.host));
	hf = fopen(health, "r");
	assert_non_null(hf);
	while (fgets(line, sizeof(line), hf)) {
		lines++;
		assert_non_null(strstr(line, " at "));
		assert_null(strstr(line, B.pass));
	}
	fclose(hf);
	assert_int_equal(lines, 1);
	epprpc_client_stats(b, &st);
	assert_int_equal(st.retries, 1);
	unlink(health);

	epprpc_client_free(a);
	epprpc_client_free(b);
	echo_stop(echo);
}

struct node_starter {
	pthread_t tid;
	const char *health;
	pid_t echo;
};

/* Stands in for systemd: when the health file changes, bring the broker
 * and the "gate" back. */
static void *
node_starter_main(void *arg)
{
	struct node_starter *n = arg;

	if (wait_nonempty(n->health, 15000) && node("restart") == 0)
		n->echo = echo_start(&B, "rpc_lazy");
	return NULL;
}

static void
open_with_the_broker_down(void **state)
{
	struct node_starter n;
	epprpc_options o;
	epprpc_client *c = NULL;
	epprpc_stats st;
	char health[64], line[512], *reply = NULL;
	double t0;
	int lines = 0;
	FILE *hf;

	(void)state;
	node("stop");
	broker_options(&B, &o, "rpc_lazy");
	snprintf(health, sizeof(health), "/tmp/rpc_lazy_health.%d",
	         (int)getpid());
	unlink(health);
	o.health_file = health;

	/* Eager (the default), like the Python client: a health-file line,
	 * the retry delay, one more attempt, a clear error. */
	o.retry_delay_ms = 300;
	t0 = now_ms();
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_ECONNECT);
	assert_null(c);
	assert_true(now_ms() - t0 >= 300.0);
	assert_true(now_ms() - t0 < 5000.0);
	/* "RabbitMQ at HOST:PORT: connection refused" */
	assert_non_null(strstr(epprpc_last_error(), "RabbitMQ at "));
	assert_non_null(strstr(epprpc_last_error(), ": connection refused"));
	assert_null(strstr(epprpc_last_error(), B.pass));
	hf = fopen(health, "r");
	assert_non_null(hf);
	while (fgets(line, sizeof(line), hf)) {
		lines++;
		assert_non_null(strstr(line, "RabbitMQ at "));
		assert_null(strstr(line, B.pass));
	}
	fclose(hf);
	assert_int_equal(lines, 1);
	lines = 0;
	unlink(health);
	/* Without a health file: one attempt, no wait. */
	o.health_file = NULL;
	t0 = now_ms();
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_ECONNECT);
	assert_true(now_ms() - t0 < 300.0);
	o.health_file = health;

	/* Lazy: open succeeds without the broker; the first call fails to
	 * connect, marks the health file, the "watcher" brings the broker
	 * back, and the retry connects and is answered. */
	o.lazy_connect = 1;
	o.retry_delay_ms = 20000;
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_OK);
	epprpc_client_stats(c, &st);
	assert_int_equal(st.connects, 0);
	memset(&n, 0, sizeof(n));
	n.health = health;
	assert_int_equal(pthread_create(&n.tid, NULL, node_starter_main, &n),
	                 0);
	assert_int_equal(epprpc_call(&reply, c, "{\"cmd\":\"echo\"}", 10000),
	                 EPPRPC_OK);
	pthread_join(n.tid, NULL);
	assert_true(n.echo > 0);
	assert_string_equal(reply, "{\"cmd\":\"echo\"}");
	epprpc_free(reply);
	epprpc_client_stats(c, &st);
	assert_int_equal(st.connects, 1);
	assert_int_equal(st.retries, 1);
	hf = fopen(health, "r");
	assert_non_null(hf);
	while (fgets(line, sizeof(line), hf)) {
		lines++;
		assert_non_null(strstr(line, ": connection refused at "));
		assert_null(strstr(line, B.pass));
	}
	fclose(hf);
	assert_int_equal(lines, 1);
	unlink(health);

	/* Connected now: the next call needs no retry. */
	assert_int_equal(epprpc_call(&reply, c, "{\"cmd\":\"echo\"}", 5000),
	                 EPPRPC_OK);
	epprpc_free(reply);
	epprpc_client_stats(c, &st);
	assert_int_equal(st.connects, 1);
	assert_int_equal(st.retries, 1);
	epprpc_client_free(c);
	echo_stop(n.echo);
}

static int
setup(void **state)
{
	char env[480];

	(void)state;
	if (getenv("RPC_RESTART_DIR") == NULL ||
	    getenv("EPPKIT_RABBITMQ_SH") == NULL)
		return -1;
	snprintf(node_dir, sizeof(node_dir), "%s", getenv("RPC_RESTART_DIR"));
	if (node("start") != 0)
		return -1;
	snprintf(env, sizeof(env), "%s/env", node_dir);
	return broker_load(&B, env);
}

static int
teardown(void **state)
{
	(void)state;
	node("stop");
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(broker_restart_stop_and_health_file),
	        cmocka_unit_test(open_with_the_broker_down),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
