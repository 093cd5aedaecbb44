/*
 * A small RPC client for the gate's tests and benchmark, on rabbitmq-c
 * alone (so the tests depend on nothing but the broker and the gate).
 *
 *   gate_client call QUEUE JSON            one call, prints the reply
 *   gate_client load QUEUE JSON N K        N calls from K threads
 *   gate_client noreply QUEUE JSON         publish without reply_to
 *   gate_client fire QUEUE JSON N REPLYQ   publish N persistent requests
 *                                          whose replies go to the durable
 *                                          queue REPLYQ, and leave
 *   gate_client notify PATH MS             bind a unix datagram socket at
 *                                          PATH and print what arrives
 *                                          (sd_notify) for MS milliseconds
 *   gate_client big QUEUE BYTES            one call whose body is BYTES bytes
 *                                          (not JSON), prints the reply
 *   gate_client collect REPLYQ N           read replies from REPLYQ until N
 *                                          distinct correlation ids came
 *                                          (or --timeout passed); prints
 *                                          "distinct N duplicates D"
 *
 * Broker from $AMQP_HOST, $AMQP_PORT, $AMQP_USER, $AMQP_PASSWORD. In JSON,
 * "%N" is replaced by the call's number (unique names for creates).
 * Options (before the mode): --timeout MS (per call, default 30000),
 * --direct (amq.rabbitmq.reply-to instead of an exclusive queue),
 * --deadline MS (call, fire: the x-epp-deadline header, now + MS, which
 * may be negative; no AMQP expiration, so the broker delivers it).
 * load prints "calls N ok N error N unknown N lost N", then
 * "req/s R p50 X p90 Y p99 Z" (milliseconds); exit 1 when a call is lost.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <amqp.h>
#include <amqp_tcp_socket.h>

static int timeout_ms = 30000;
static int direct;
static int with_deadline;
static long deadline_ms;
static const char *queue, *tmpl;
static long total, next_call;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long n_ok, n_err, n_unknown, n_lost;
static double *lat;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
die(const char *what)
{
	fprintf(stderr, "gate_client: %s\n", what);
	exit(2);
}

struct client {
	amqp_connection_state_t c;
	amqp_bytes_t reply_q;
	unsigned long seq;
	int id;
};

static void
check(amqp_rpc_reply_t r, const char *what)
{
	if (r.reply_type != AMQP_RESPONSE_NORMAL)
		die(what);
}

static void
client_open(struct client *cl, int id)
{
	const char *host = getenv("AMQP_HOST"), *port = getenv("AMQP_PORT");
	const char *user = getenv("AMQP_USER"), *pw = getenv("AMQP_PASSWORD");
	amqp_socket_t *s;
	amqp_queue_declare_ok_t *q;

	if (!host || !port || !user || !pw)
		die("set AMQP_HOST, AMQP_PORT, AMQP_USER, AMQP_PASSWORD");
	memset(cl, 0, sizeof(*cl));
	cl->id = id;
	cl->c = amqp_new_connection();
	s = amqp_tcp_socket_new(cl->c);
	if (amqp_socket_open(s, host, atoi(port)) != AMQP_STATUS_OK)
		die("cannot connect to the broker");
	check(amqp_login(cl->c, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, user,
	                 pw),
	      "login");
	amqp_channel_open(cl->c, 1);
	check(amqp_get_rpc_reply(cl->c), "channel");
	if (direct) {
		cl->reply_q = amqp_cstring_bytes("amq.rabbitmq.reply-to");
	} else {
		q = amqp_queue_declare(cl->c, 1, amqp_empty_bytes, 0, 0, 1, 1,
		                       amqp_empty_table);
		check(amqp_get_rpc_reply(cl->c), "reply queue");
		cl->reply_q = amqp_bytes_malloc_dup(q->queue);
	}
	amqp_basic_consume(cl->c, 1, cl->reply_q, amqp_empty_bytes, 0, 1, 0,
	                   amqp_empty_table);
	check(amqp_get_rpc_reply(cl->c), "consume");
}

static void
client_close(struct client *cl)
{
	amqp_connection_close(cl->c, AMQP_REPLY_SUCCESS);
	amqp_destroy_connection(cl->c);
	if (!direct)
		amqp_bytes_free(cl->reply_q);
}

/* The deadline header of --deadline, in `p` (entry `e` lives with it). */
static void
set_deadline(amqp_basic_properties_t *p, amqp_table_entry_t *e)
{
	struct timespec ts;

	if (!with_deadline)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	e->key = amqp_cstring_bytes("x-epp-deadline");
	e->value.kind = AMQP_FIELD_KIND_I64;
	e->value.value.i64 =
	        (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + deadline_ms;
	p->_flags |= AMQP_BASIC_HEADERS_FLAG;
	p->headers.num_entries = 1;
	p->headers.entries = e;
}

static void
publish_len(struct client *cl, const char *body, size_t len, const char *corr,
            int reply)
{
	amqp_basic_properties_t p;
	amqp_table_entry_t e;
	amqp_bytes_t b;

	memset(&p, 0, sizeof(p));
	set_deadline(&p, &e);
	p._flags |= AMQP_BASIC_CORRELATION_ID_FLAG;
	p.correlation_id = amqp_cstring_bytes(corr);
	if (reply) {
		p._flags |= AMQP_BASIC_REPLY_TO_FLAG;
		p.reply_to = cl->reply_q;
	}
	b.bytes = (void *)(uintptr_t)body;
	b.len = len;
	if (amqp_basic_publish(cl->c, 1, amqp_empty_bytes,
	                       amqp_cstring_bytes(queue), 0, 0, &p,
	                       b) != AMQP_STATUS_OK)
		die("publish");
}

static void
publish(struct client *cl, const char *body, const char *corr, int reply)
{
	publish_len(cl, body, strlen(body), corr, reply);
}

/* Wait for the reply to `corr`; others are dropped. Malloc'd or NULL. */
static char *
wait_reply(struct client *cl, const char *corr)
{
	double deadline = now_ms() + timeout_ms;
	amqp_envelope_t env;
	amqp_rpc_reply_t r;
	struct timeval tv;
	char *out;

	for (;;) {
		double left = deadline - now_ms();
		if (left <= 0)
			return NULL;
		tv.tv_sec = (long)(left / 1000);
		tv.tv_usec = (long)((left - tv.tv_sec * 1000.0) * 1000);
		amqp_maybe_release_buffers(cl->c);
		r = amqp_consume_message(cl->c, &env, &tv, 0);
		if (r.reply_type != AMQP_RESPONSE_NORMAL) {
			if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
			    r.library_error == AMQP_STATUS_TIMEOUT)
				return NULL;
			die("consume");
		}
		if (env.message.properties.correlation_id.len == strlen(corr) &&
		    memcmp(env.message.properties.correlation_id.bytes, corr,
		           strlen(corr)) == 0) {
			out = malloc(env.message.body.len + 1);
			memcpy(out, env.message.body.bytes,
			       env.message.body.len);
			out[env.message.body.len] = '\0';
			amqp_destroy_envelope(&env);
			return out;
		}
		amqp_destroy_envelope(&env);
	}
}

/* The template with %N replaced by n. */
static char *
expand(long n)
{
	size_t cap = strlen(tmpl) + 256, o = 0;
	char *out = malloc(cap);
	const char *p;

	for (p = tmpl; *p && o + 24 < cap; p++) {
		if (p[0] == '%' && p[1] == 'N') {
			o += (size_t)snprintf(out + o, cap - o, "%ld", n);
			p++;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
	return out;
}

static void *
load_thread(void *arg)
{
	struct client cl;
	char corr[64], *body, *reply;
	double t0;
	long n;

	client_open(&cl, (int)(long)arg);
	for (;;) {
		pthread_mutex_lock(&lock);
		n = next_call < total ? next_call++ : -1;
		pthread_mutex_unlock(&lock);
		if (n < 0)
			break;
		snprintf(corr, sizeof(corr), "%d-%ld-%ld", getpid(), n,
		         (long)cl.id);
		body = expand(n);
		t0 = now_ms();
		publish(&cl, body, corr, 1);
		reply = wait_reply(&cl, corr);
		pthread_mutex_lock(&lock);
		lat[n] = now_ms() - t0;
		if (reply == NULL) {
			n_lost++;
			fprintf(stderr, "lost: call %ld\n", n);
		} else if (strstr(reply, "outcome is unknown")) {
			n_unknown++;
		} else if (strncmp(reply, "{\"error\"", 8) == 0) {
			n_err++;
			if (n_err <= 3)
				fprintf(stderr, "error reply: %s\n", reply);
		} else {
			n_ok++;
		}
		pthread_mutex_unlock(&lock);
		free(reply);
		free(body);
	}
	client_close(&cl);
	return NULL;
}

/* Declare the durable reply queue REPLYQ (it outlives a broker restart). */
static amqp_bytes_t
durable_queue(struct client *cl, const char *name)
{
	amqp_queue_declare(cl->c, 1, amqp_cstring_bytes(name), 0, 1, 0, 0,
	                   amqp_empty_table);
	check(amqp_get_rpc_reply(cl->c), "declare reply queue");
	return amqp_cstring_bytes(name);
}

static int
fire(long n, const char *replyq)
{
	amqp_basic_properties_t p;
	amqp_table_entry_t e;
	struct client cl;
	char corr[32], *body;
	long i;

	direct = 1; /* no exclusive queue of our own */
	client_open(&cl, 0);
	durable_queue(&cl, replyq);
	for (i = 0; i < n; i++) {
		memset(&p, 0, sizeof(p));
		set_deadline(&p, &e);
		p._flags |= AMQP_BASIC_CORRELATION_ID_FLAG |
		            AMQP_BASIC_REPLY_TO_FLAG |
		            AMQP_BASIC_DELIVERY_MODE_FLAG;
		snprintf(corr, sizeof(corr), "fire-%ld", i);
		p.correlation_id = amqp_cstring_bytes(corr);
		p.reply_to = amqp_cstring_bytes(replyq);
		p.delivery_mode = 2;
		body = expand(i);
		if (amqp_basic_publish(cl.c, 1, amqp_empty_bytes,
		                       amqp_cstring_bytes(queue), 0, 0, &p,
		                       amqp_cstring_bytes(body)) !=
		    AMQP_STATUS_OK)
			die("publish");
		free(body);
	}
	client_close(&cl);
	printf("fired %ld\n", n);
	return 0;
}

static int
collect(long n, const char *replyq)
{
	double deadline = now_ms() + timeout_ms;
	unsigned char *seen = calloc((size_t)n, 1);
	long distinct = 0, dups = 0, errors = 0, k;
	amqp_envelope_t env;
	amqp_rpc_reply_t r;
	struct timeval tv;
	struct client cl;
	char corr[64];

	direct = 1;
	client_open(&cl, 0);
	amqp_basic_consume(cl.c, 1, durable_queue(&cl, replyq),
	                   amqp_empty_bytes, 0, 1, 0, amqp_empty_table);
	check(amqp_get_rpc_reply(cl.c), "consume replies");
	while (distinct < n && now_ms() < deadline) {
		tv.tv_sec = 0;
		tv.tv_usec = 200000;
		amqp_maybe_release_buffers(cl.c);
		r = amqp_consume_message(cl.c, &env, &tv, 0);
		if (r.reply_type != AMQP_RESPONSE_NORMAL)
			continue;
		snprintf(corr, sizeof(corr), "%.*s",
		         (int)env.message.properties.correlation_id.len,
		         (const char *)
		                 env.message.properties.correlation_id.bytes);
		if (strncmp(corr, "fire-", 5) == 0 &&
		    (k = atol(corr + 5)) >= 0 && k < n) {
			if (seen[k])
				dups++;
			else
				distinct++;
			seen[k] = 1;
		}
		if (env.message.body.len > 8 &&
		    memcmp(env.message.body.bytes, "{\"error\"", 8) == 0)
			errors++;
		amqp_destroy_envelope(&env);
	}
	printf("distinct %ld duplicates %ld errors %ld\n", distinct, dups,
	       errors);
	for (k = 0; k < n && distinct < n; k++)
		if (!seen[k])
			fprintf(stderr, "missing: fire-%ld\n", k);
	free(seen);
	client_close(&cl);
	return distinct == n ? 0 : 1;
}

static int
notify_listen(const char *path, int ms)
{
	struct sockaddr_un sa;
	struct pollfd pfd;
	double deadline = now_ms() + ms;
	char buf[512];
	ssize_t n;
	int fd;

	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		die("cannot bind the notify socket");
	printf("listening\n");
	fflush(stdout);
	while (now_ms() < deadline) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)(deadline - now_ms()) + 1) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		for (char *p = buf; *p; p++)
			if (*p == '\n')
				*p = ' ';
		printf("%s\n", buf);
		fflush(stdout);
	}
	close(fd);
	unlink(path);
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	struct client cl;
	pthread_t *t;
	char *reply;
	double t0, secs;
	long k, i;
	int a = 1;

	while (a < argc && strncmp(argv[a], "--", 2) == 0) {
		if (strcmp(argv[a], "--timeout") == 0 && a + 1 < argc) {
			timeout_ms = atoi(argv[a + 1]);
			a += 2;
		} else if (strcmp(argv[a], "--deadline") == 0 && a + 1 < argc) {
			with_deadline = 1;
			deadline_ms = atol(argv[a + 1]);
			a += 2;
		} else if (strcmp(argv[a], "--direct") == 0) {
			direct = 1;
			a++;
		} else {
			die("unknown option");
		}
	}
	if (argc - a < 3)
		die("usage: gate_client [--timeout MS] [--direct] "
		    "call|noreply|load QUEUE JSON [N K]");
	queue = argv[a + 1];
	tmpl = argv[a + 2];
	if (strcmp(argv[a], "notify") == 0)
		return notify_listen(argv[a + 1], atoi(argv[a + 2]));
	if (strcmp(argv[a], "collect") == 0)
		return collect(atol(argv[a + 2]), argv[a + 1]);
	if (strcmp(argv[a], "fire") == 0) {
		if (argc - a < 5)
			die("fire QUEUE JSON N REPLYQ");
		return fire(atol(argv[a + 3]), argv[a + 4]);
	}
	if (strcmp(argv[a], "big") == 0) {
		size_t n = (size_t)atol(argv[a + 2]);
		char *body = malloc(n ? n : 1);
		if (body == NULL)
			die("out of memory");
		memset(body, ' ', n);
		client_open(&cl, 0);
		publish_len(&cl, body, n, "big-call", 1);
		free(body);
		reply = wait_reply(&cl, "big-call");
		printf("%s\n", reply ? reply : "(no reply)");
		client_close(&cl);
		return reply ? (free(reply), 0) : 1;
	}
	if (strcmp(argv[a], "call") == 0 || strcmp(argv[a], "noreply") == 0) {
		int with_reply = strcmp(argv[a], "call") == 0;
		char *body = expand(0);
		int rc;
		client_open(&cl, 0);
		publish(&cl, body, "single-call", with_reply);
		reply = wait_reply(&cl, "single-call");
		if (reply == NULL) {
			printf("(no reply)\n");
			rc = with_reply ? 1 : 0;
		} else {
			printf("%s\n", reply);
			rc = with_reply ? 0 : 1;
		}
		free(reply);
		free(body);
		client_close(&cl);
		return rc;
	}
	if (strcmp(argv[a], "load") != 0 || argc - a < 5)
		die("load QUEUE JSON N K");
	total = atol(argv[a + 3]);
	k = atol(argv[a + 4]);
	if (total <= 0 || k <= 0)
		die("N and K must be positive");
	lat = calloc((size_t)total, sizeof(double));
	t = calloc((size_t)k, sizeof(pthread_t));
	t0 = now_ms();
	for (i = 0; i < k; i++)
		pthread_create(&t[i], NULL, load_thread, (void *)i);
	for (i = 0; i < k; i++)
		pthread_join(t[i], NULL);
	secs = (now_ms() - t0) / 1e3;
	qsort(lat, (size_t)total, sizeof(double), cmp_double);
	printf("calls %ld ok %ld error %ld unknown %ld lost %ld\n", total, n_ok,
	       n_err, n_unknown, n_lost);
	printf("req/s %.0f p50 %.2f p90 %.2f p99 %.2f\n", total / secs,
	       lat[total / 2], lat[total * 9 / 10], lat[total * 99 / 100]);
	free(lat);
	free(t);
	return n_lost ? 1 : 0;
}
