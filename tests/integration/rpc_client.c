/*
 * libepprpc against a real broker (the harness node) and the echo
 * consumer: many threads on one client with no crossover, stray replies,
 * deadlines without spinning, a missing queue, the health file and retry.
 * Each test uses its own queue names, so tests may share the node.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <cmocka.h>

#include "rpc_util.h"

static struct broker B;

static void
queue_name(char *buf, size_t len, const char *what)
{
	snprintf(buf, len, "rpc_test_%d_%s", (int)getpid(), what);
}

struct hammer {
	pthread_t tid;
	epprpc_client *c;
	int thread;
	int calls;
	int ok;
	int crossed;
	int failed;
	int last_rc;
};

static void *
hammer_main(void *arg)
{
	struct hammer *h = arg;
	char req[160], *reply;
	int i, rc;

	for (i = 0; i < h->calls; i++) {
		/* Unique per call: a reply for any other call differs. */
		snprintf(req, sizeof(req),
		         "{\"cmd\":\"echo\",\"args\":{\"thread\":%d,"
		         "\"seq\":%d,\"nonce\":\"%lx\"}}",
		         h->thread, i, (unsigned long)(now_ms() * 1000.0));
		rc = epprpc_call(&reply, h->c, req, 10000);
		if (rc != EPPRPC_OK) {
			h->failed++;
			h->last_rc = rc;
			continue;
		}
		if (strcmp(reply, req) == 0)
			h->ok++;
		else
			h->crossed++;
		epprpc_free(reply);
	}
	return NULL;
}

/* hammer: `threads` threads, `total` calls in all, on one client. */
static void
hammer(int reply_mode, int threads, int total)
{
	struct hammer h[64];
	epprpc_options o;
	epprpc_client *c;
	epprpc_stats st;
	char q[64];
	pid_t echo;
	int i, ok = 0, crossed = 0, failed = 0, sent = 0;
	double t0, secs;

	queue_name(q, sizeof(q), reply_mode ? "hammer_q" : "hammer_d");
	echo = echo_start(&B, q);
	assert_true(echo > 0);
	broker_options(&B, &o, q);
	o.reply_mode = reply_mode;
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_OK);
	t0 = now_ms();
	for (i = 0; i < threads; i++) {
		memset(&h[i], 0, sizeof(h[i]));
		h[i].c = c;
		h[i].thread = i;
		h[i].calls = total / threads + (i < total % threads);
		sent += h[i].calls;
		assert_int_equal(
		        pthread_create(&h[i].tid, NULL, hammer_main, &h[i]), 0);
	}
	for (i = 0; i < threads; i++) {
		pthread_join(h[i].tid, NULL);
		ok += h[i].ok;
		crossed += h[i].crossed;
		failed += h[i].failed;
		if (h[i].failed)
			print_message("thread %d: %d failed, last %s\n", i,
			              h[i].failed,
			              epprpc_strerror(h[i].last_rc));
	}
	secs = (now_ms() - t0) / 1e3;
	epprpc_client_stats(c, &st);
	print_message("%d threads, %d calls (%s): %.2f s, %.0f calls/s\n",
	              threads, sent, reply_mode ? "reply queue" : "direct",
	              secs, sent / secs);
	epprpc_client_free(c);
	echo_stop(echo);

	assert_int_equal(sent, total);
	assert_int_equal(crossed, 0);
	assert_int_equal(failed, 0);
	assert_int_equal(ok, total);
	assert_int_equal(st.calls, (unsigned long long)total);
	assert_int_equal(st.replies, (unsigned long long)total);
	assert_int_equal(st.stray_replies, 0);
	assert_int_equal(st.connects, 1);
}

static void
threads_32_direct_reply_to(void **state)
{
	(void)state;
	hammer(EPPRPC_REPLY_DIRECT, 32, 10000);
}

static void
threads_8_reply_queue(void **state)
{
	(void)state;
	hammer(EPPRPC_REPLY_QUEUE, 8, 2000);
}

static void
stray_reply_is_dropped(void **state)
{
	const char *req = "{\"cmd\":\"echo_stray\",\"args\":{\"n\":1}}";
	epprpc_options o;
	epprpc_client *c;
	epprpc_stats st;
	char q[64], *reply;
	pid_t echo;
	int rc;

	(void)state;
	queue_name(q, sizeof(q), "stray");
	echo = echo_start(&B, q);
	assert_true(echo > 0);
	broker_options(&B, &o, q);
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_OK);
	/* With a deadline, the stray reply is neither the answer nor a
	 * timeout (the Python client takes it for a timeout). */
	rc = epprpc_call(&reply, c, req, 5000);
	assert_int_equal(rc, EPPRPC_OK);
	assert_string_equal(reply, req);
	epprpc_free(reply);
	epprpc_client_stats(c, &st);
	assert_int_equal(st.stray_replies, 1);
	assert_int_equal(st.replies, 1);
	epprpc_client_free(c);
	echo_stop(echo);
}

struct waiter {
	pthread_t tid;
	epprpc_client *c;
	int rc;
	double ms;
};

static void *
waiter_main(void *arg)
{
	struct waiter *w = arg;
	char *reply = NULL;
	double t0 = now_ms();

	w->rc = epprpc_call(&reply, w->c, "{\"cmd\":\"echo_drop\"}", 1500);
	w->ms = now_ms() - t0;
	epprpc_free(reply);
	return NULL;
}

static void
timeout_at_deadline_without_spinning(void **state)
{
	struct waiter w[8];
	epprpc_options o;
	epprpc_client *c;
	epprpc_stats st;
	char q[64], *reply;
	pid_t echo;
	double cpu0, cpu, t0;
	int i;

	(void)state;
	queue_name(q, sizeof(q), "timeout");
	echo = echo_start(&B, q);
	assert_true(echo > 0);
	broker_options(&B, &o, q);
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_OK);

	/* Eight callers wait 1.5 s for replies that never come. */
	cpu0 = cpu_ms();
	t0 = now_ms();
	for (i = 0; i < 8; i++) {
		w[i].c = c;
		assert_int_equal(
		        pthread_create(&w[i].tid, NULL, waiter_main, &w[i]), 0);
	}
	for (i = 0; i < 8; i++)
		pthread_join(w[i].tid, NULL);
	cpu = cpu_ms() - cpu0;
	print_message(
	        "8 waiters, 1500 ms deadline: wall %.0f ms, CPU %.1f ms\n",
	        now_ms() - t0, cpu);
	for (i = 0; i < 8; i++) {
		assert_int_equal(w[i].rc, EPPRPC_ETIMEOUT);
		assert_true(w[i].ms >= 1499.0);
		assert_true(w[i].ms < 1900.0);
	}
	/* A spinning waiter would burn about 1500 ms per thread. */
	assert_true(cpu < 100.0);

	/* The client still works, and the late replies never come. */
	assert_int_equal(epprpc_call(&reply, c, "{\"cmd\":\"echo\"}", 5000),
	                 EPPRPC_OK);
	assert_string_equal(reply, "{\"cmd\":\"echo\"}");
	epprpc_free(reply);
	epprpc_client_stats(c, &st);
	assert_int_equal(st.timeouts, 8);
	epprpc_client_free(c);
	echo_stop(echo);
}

static void
missing_queue_fails_fast(void **state)
{
	epprpc_options o;
	epprpc_client *c;
	char q[64], *reply = NULL;
	double t0;

	(void)state;
	queue_name(q, sizeof(q), "nobody");
	broker_options(&B, &o, q);
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_OK);
	t0 = now_ms();
	assert_int_equal(
	        epprpc_call(&reply, c, "{\"cmd\":\"poll_req\"}", 10000),
	        EPPRPC_EUNROUTABLE);
	assert_true(now_ms() - t0 < 2000.0);
	assert_null(reply);
	assert_non_null(strstr(epprpc_last_error(), q));
	assert_null(strstr(epprpc_last_error(), B.pass));
	epprpc_client_free(c);
}

static void
wrong_password_is_a_login_error(void **state)
{
	epprpc_options o;
	epprpc_client *c = NULL;

	(void)state;
	broker_options(&B, &o, "q");
	o.password = "not-the-password";
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_ELOGIN);
	assert_null(c);
	assert_non_null(strstr(epprpc_last_error(), B.user));
	assert_null(strstr(epprpc_last_error(), "not-the-password"));
}

struct gate_restarter {
	pthread_t tid;
	const char *health;
	const char *queue;
	pid_t echo;
};

/* Stands in for systemd: when the health file changes, start the "gate". */
static void *
restarter_main(void *arg)
{
	struct gate_restarter *r = arg;

	if (wait_nonempty(r->health, 5000))
		r->echo = echo_start(&B, r->queue);
	return NULL;
}

static void
health_file_line_and_retry(void **state)
{
	struct gate_restarter r;
	epprpc_options o;
	epprpc_client *c;
	epprpc_stats st;
	char q[64], health[64], line[512], *reply = NULL;
	double t0, ms;
	FILE *f;
	int n = 0;

	(void)state;
	queue_name(q, sizeof(q), "health");
	snprintf(health, sizeof(health), "/tmp/rpc_health.%d", (int)getpid());
	unlink(health);
	broker_options(&B, &o, q);
	o.health_file = health;
	o.retry_delay_ms = 1500;
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_OK);

	/* No gate yet: the call fails, marks the health file, the
	 * "watcher" starts the gate, the retry succeeds. */
	memset(&r, 0, sizeof(r));
	r.health = health;
	r.queue = q;
	assert_int_equal(pthread_create(&r.tid, NULL, restarter_main, &r), 0);
	t0 = now_ms();
	assert_int_equal(epprpc_call(&reply, c, "{\"cmd\":\"echo\"}", 5000),
	                 EPPRPC_OK);
	ms = now_ms() - t0;
	pthread_join(r.tid, NULL);
	assert_true(r.echo > 0);
	assert_string_equal(reply, "{\"cmd\":\"echo\"}");
	epprpc_free(reply);
	assert_true(ms >= 1500.0);
	epprpc_client_stats(c, &st);
	assert_int_equal(st.retries, 1);

	f = fopen(health, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		n++;
		/* "<error> at <asctime>", e.g. "... at Fri Nov 27 22:36:31
		 * 2026" */
		assert_non_null(strstr(line, "has no queue"));
		assert_non_null(strstr(line, " at "));
		assert_int_equal(line[strlen(line) - 1], '\n');
		assert_true(strlen(strstr(line, " at ")) == 4 + 24 + 1);
		assert_null(strstr(line, B.pass));
	}
	fclose(f);
	assert_int_equal(n, 1);
	echo_stop(r.echo);
	epprpc_client_free(c);
	unlink(health);

	/* Without a health file: no wait, no retry, a clear error. (The
	 * first queue now exists: the echo declared it.) */
	queue_name(q, sizeof(q), "health_none");
	o.health_file = NULL;
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_OK);
	t0 = now_ms();
	assert_int_equal(epprpc_call(&reply, c, "{\"cmd\":\"echo\"}", 5000),
	                 EPPRPC_EUNROUTABLE);
	assert_true(now_ms() - t0 < 1000.0);
	epprpc_client_stats(c, &st);
	assert_int_equal(st.retries, 0);
	assert_int_equal(access(health, F_OK), -1);
	epprpc_client_free(c);
}

static void
typed_helpers_send_their_requests(void **state)
{
	const char *names[] = {"a.example", "b.example"};
	epprpc_options o;
	epprpc_client *c;
	json_t *reply = NULL;
	char q[64];
	pid_t echo;

	(void)state;
	queue_name(q, sizeof(q), "typed");
	echo = echo_start(&B, q);
	assert_true(echo > 0);
	broker_options(&B, &o, q);
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_OK);
	/* The echo returns the request: what went on the wire. */
	assert_int_equal(epprpc_domain_check(&reply, c, names, 2), EPPRPC_OK);
	assert_string_equal(json_string_value(json_object_get(reply, "cmd")),
	                    "domain_check");
	assert_int_equal(json_array_size(json_object_get(
	                         json_object_get(reply, "args"), "domains")),
	                 2);
	/* An echoed request has no result code. */
	assert_int_equal(epprpc_reply_result(reply, NULL, NULL),
	                 EPPRPC_RESULT_BAD_RESPONSE);
	json_decref(reply);
	/* A builder refusal never reaches the broker. */
	assert_int_equal(epprpc_domain_check(&reply, c, names, 0),
	                 EPPRPC_EINVAL);
	assert_null(reply);
	epprpc_client_free(c);
	echo_stop(echo);
}

static void
tls_to_the_broker(void **state)
{
	const char *req = "{\"cmd\":\"echo\",\"args\":{\"over\":\"tls\"}}";
	epprpc_options o = EPPRPC_OPTIONS_INIT;
	epprpc_client *c = NULL;
	char conf[600], cert[600], q[64], *reply;
	const char *dir = getenv("EPPKIT_RABBITMQ_DIR");
	pid_t echo;

	(void)state;
	assert_non_null(dir);
	snprintf(conf, sizeof(conf), "%s/rpc_client_tls.json", dir);
	snprintf(cert, sizeof(cert), "%s/tls/server.pem", dir);
	queue_name(q, sizeof(q), "tls");
	echo = echo_start(&B, q); /* the echo speaks plain AMQP */
	assert_true(echo > 0);
	o.use_env = 0;
	o.conf_path = conf;
	o.queue_name = q;
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_OK);
	assert_int_equal(epprpc_call(&reply, c, req, 5000), EPPRPC_OK);
	assert_string_equal(reply, req);
	epprpc_free(reply);
	epprpc_client_free(c);

	/* The broker's certificate does not chain to this "CA". */
	o.ca_file = cert;
	c = NULL;
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_ECONNECT);
	assert_null(c);
	assert_non_null(strstr(epprpc_last_error(), "TLS"));
	echo_stop(echo);
}

/* echo_padded: an echo request of exactly `len` bytes (len >= 40). */
static char *
echo_padded(size_t len)
{
	static const char head[] = "{\"cmd\":\"echo\",\"pad\":\"";
	char *r = malloc(len + 1);

	assert_non_null(r);
	memcpy(r, head, sizeof(head) - 1);
	memset(r + sizeof(head) - 1, 'x', len - (sizeof(head) - 1) - 2);
	memcpy(r + len - 2, "\"}", 3);
	return r;
}

static void
oversize_reply_fails_only_its_call(void **state)
{
	const char *small = "{\"cmd\":\"echo\",\"args\":{}}";
	epprpc_options o;
	epprpc_client *c;
	epprpc_stats st;
	char q[64], limit[32], *big, *reply = NULL;
	size_t len = 0;
	pid_t echo;

	(void)state;
	queue_name(q, sizeof(q), "maxreply");
	echo = echo_start(&B, q);
	assert_true(echo > 0);
	broker_options(&B, &o, q);
	o.max_reply = 4096;
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_OK);

	/* At the limit: delivered. One byte over: refused, named. */
	big = echo_padded(4096);
	assert_int_equal(epprpc_call_len(&reply, &len, c, big, 4096, 5000),
	                 EPPRPC_OK);
	assert_int_equal(len, 4096);
	assert_memory_equal(reply, big, 4096);
	epprpc_free(reply);
	free(big);
	big = echo_padded(4097);
	assert_int_equal(epprpc_call_len(&reply, &len, c, big, 4097, 5000),
	                 EPPRPC_ELIMIT);
	assert_null(reply);
	snprintf(limit, sizeof(limit), "%d bytes", 4096);
	assert_non_null(strstr(epprpc_last_error(), limit));
	assert_non_null(strstr(epprpc_last_error(), "4097"));
	free(big);

	/* The connection is still good for the next call. */
	assert_int_equal(epprpc_call(&reply, c, small, 5000), EPPRPC_OK);
	assert_string_equal(reply, small);
	epprpc_free(reply);
	epprpc_client_stats(c, &st);
	assert_int_equal(st.connects, 1);
	assert_int_equal(st.transport_errors, 0);
	assert_int_equal(st.retries, 0);
	epprpc_client_free(c);

	/* The default is 16 MiB. */
	broker_options(&B, &o, q);
	assert_int_equal(epprpc_client_open(&c, &o), EPPRPC_OK);
	big = echo_padded(EPPRPC_DEFAULT_MAX_REPLY + 1);
	assert_int_equal(epprpc_call_len(&reply, &len, c, big,
	                                 EPPRPC_DEFAULT_MAX_REPLY + 1, 20000),
	                 EPPRPC_ELIMIT);
	assert_null(reply);
	free(big);
	assert_int_equal(epprpc_call(&reply, c, small, 5000), EPPRPC_OK);
	assert_string_equal(reply, small);
	epprpc_free(reply);
	epprpc_client_free(c);
	echo_stop(echo);
}

static int
setup(void **state)
{
	(void)state;
	return broker_load(&B, getenv("EPPKIT_RABBITMQ_ENV"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(threads_32_direct_reply_to),
	        cmocka_unit_test(threads_8_reply_queue),
	        cmocka_unit_test(stray_reply_is_dropped),
	        cmocka_unit_test(timeout_at_deadline_without_spinning),
	        cmocka_unit_test(missing_queue_fails_fast),
	        cmocka_unit_test(wrong_password_is_a_login_error),
	        cmocka_unit_test(health_file_line_and_retry),
	        cmocka_unit_test(typed_helpers_send_their_requests),
	        cmocka_unit_test(tls_to_the_broker),
	        cmocka_unit_test(oversize_reply_fails_only_its_call),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
