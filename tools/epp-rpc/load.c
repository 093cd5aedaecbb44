/*
 * epp-rpc --repeat N --concurrency K: N calls of one request from K threads
 * sharing one client. While it runs, a progress line on a terminal; at the
 * end a summary that keeps registry errors, gate errors, timeouts and
 * transport errors apart from the successes, with latency percentiles
 * over the answered calls only (a timeout is not a latency). This is the
 * load client of bench/.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "epp-rpc.h"

#define PROGRESS_MS 250 /* at most 4 updates a second */

/* What became of the calls, kept apart. */
enum outcome {
	OUT_OK,
	OUT_REGISTRY, /* the registry answered with a code >= 2000 */
	OUT_GATE,     /* {"error": ...} or a reply without a result */
	OUT_TIMEOUT,
	OUT_TRANSPORT,
	OUT_COUNT
};

struct load {
	epprpc_client *c;
	const char *request;
	size_t request_len;
	atomic_long next;   /* the next call to make */
	atomic_long done;   /* calls finished */
	atomic_long failed; /* of which did not succeed */
	atomic_long counts[OUT_COUNT];
	double *lat_ms; /* latency of answered call i, -1 if none */
	long total;
	atomic_int last_rc;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static enum outcome
classify(int rc, const char *reply)
{
	json_error_t jerr;
	json_t *j;
	int code;
	epprpc_result_class cls;

	if (rc == EPPRPC_ETIMEOUT)
		return OUT_TIMEOUT;
	if (rc == EPPRPC_EREPLY)
		return OUT_GATE;
	if (rc != EPPRPC_OK)
		return OUT_TRANSPORT;
	j = json_loads(reply, 0, &jerr);
	cls = epprpc_reply_result(j, &code, NULL);
	json_decref(j);
	if (cls == EPPRPC_RESULT_SUCCESS)
		return OUT_OK;
	if (cls == EPPRPC_RESULT_GATE_ERROR ||
	    cls == EPPRPC_RESULT_BAD_RESPONSE)
		return OUT_GATE;
	return OUT_REGISTRY;
}

static void *
work(void *arg)
{
	struct load *l = arg;
	enum outcome out;
	char *reply;
	double t0;
	long i;
	int rc;

	while ((i = atomic_fetch_add(&l->next, 1)) < l->total) {
		reply = NULL;
		t0 = now_ms();
		rc = epprpc_call_len(&reply, NULL, l->c, l->request,
		                     l->request_len, 0);
		/* Only an answer has a latency. */
		l->lat_ms[i] = rc == EPPRPC_OK ? now_ms() - t0 : -1;
		out = classify(rc, reply);
		epprpc_free(reply);
		if (rc != EPPRPC_OK)
			atomic_store(&l->last_rc, rc);
		atomic_fetch_add(&l->counts[out], 1);
		if (out != OUT_OK)
			atomic_fetch_add(&l->failed, 1);
		atomic_fetch_add(&l->done, 1);
	}
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
pct(const double *sorted, long n, double p)
{
	long i = (long)(p / 100.0 * (double)n);

	if (i >= n)
		i = n - 1;
	return sorted[i];
}

/* "done/total  rate/s  errors", over itself on the terminal. */
static void
progress(struct load *l, double t0)
{
	long done = atomic_load(&l->done);
	double secs = (now_ms() - t0) / 1e3;

	printf("\r%ld/%ld  %.1f requests/s  %ld error%s\033[K", done, l->total,
	       secs > 0 ? (double)done / secs : 0.0, atomic_load(&l->failed),
	       atomic_load(&l->failed) == 1 ? "" : "s");
	fflush(stdout);
}

static void
summary_text(struct load *l, int threads, double secs, const double *lat,
             long answered)
{
	printf("requests %ld  concurrency %d  ok %ld  registry errors %ld  "
	       "gate errors %ld  timeouts %ld  transport errors %ld\n",
	       l->total, threads, atomic_load(&l->counts[OUT_OK]),
	       atomic_load(&l->counts[OUT_REGISTRY]),
	       atomic_load(&l->counts[OUT_GATE]),
	       atomic_load(&l->counts[OUT_TIMEOUT]),
	       atomic_load(&l->counts[OUT_TRANSPORT]));
	printf("time %.3f s  requests/s %.1f\n", secs,
	       secs > 0 ? (double)l->total / secs : 0.0);
	if (answered > 0)
		printf("latency ms (%ld answered)  p50 %.3f  p90 %.3f  p99 "
		       "%.3f  max %.3f\n",
		       answered, pct(lat, answered, 50), pct(lat, answered, 90),
		       pct(lat, answered, 99), lat[answered - 1]);
	if (atomic_load(&l->last_rc))
		printf("last error: %s\n",
		       epprpc_strerror(atomic_load(&l->last_rc)));
}

static void
summary_json(struct load *l, int threads, double secs, const double *lat,
             long answered)
{
	json_t *o, *latency = json_null();
	char *text;

	if (answered > 0)
		latency = json_pack(
		        "{s:f,s:f,s:f,s:f}", "p50", pct(lat, answered, 50),
		        "p90", pct(lat, answered, 90), "p99",
		        pct(lat, answered, 99), "max", lat[answered - 1]);
	o = json_pack(
	        "{s:I,s:i,s:I,s:I,s:I,s:I,s:I,s:I,s:f,s:f,s:o}", "requests",
	        (json_int_t)l->total, "concurrency", threads, "ok",
	        (json_int_t)atomic_load(&l->counts[OUT_OK]), "registry_errors",
	        (json_int_t)atomic_load(&l->counts[OUT_REGISTRY]),
	        "gate_errors", (json_int_t)atomic_load(&l->counts[OUT_GATE]),
	        "timeouts", (json_int_t)atomic_load(&l->counts[OUT_TIMEOUT]),
	        "transport_errors",
	        (json_int_t)atomic_load(&l->counts[OUT_TRANSPORT]), "answered",
	        (json_int_t)answered, "seconds", secs, "requests_per_s",
	        secs > 0 ? (double)l->total / secs : 0.0, "latency_ms",
	        latency);
	text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (text)
		puts(text);
	free(text);
	json_decref(o);
}

int
rpc_load(epprpc_client *c, const char *request, long total, int threads,
         int json)
{
	struct load l;
	pthread_t *tid;
	struct timespec tick = {0, PROGRESS_MS * 1000000L};
	double *lat, t0, secs;
	long i, answered = 0;
	int n, started, tty = isatty(STDOUT_FILENO);

	if (threads > total)
		threads = (int)total;
	memset(&l, 0, sizeof(l));
	l.c = c;
	l.request = request;
	l.request_len = strlen(request);
	l.total = total;
	tid = calloc((size_t)threads, sizeof(*tid));
	l.lat_ms = calloc((size_t)total, sizeof(*l.lat_ms));
	lat = calloc((size_t)total, sizeof(*lat));
	if (tid == NULL || l.lat_ms == NULL || lat == NULL) {
		fprintf(stderr, "epp-rpc: out of memory\n");
		free(tid);
		free(l.lat_ms);
		free(lat);
		return CLI_TRANSPORT;
	}
	t0 = now_ms();
	for (started = 0; started < threads; started++)
		if (pthread_create(&tid[started], NULL, work, &l) != 0) {
			fprintf(stderr, "epp-rpc: cannot start thread %d\n",
			        started + 1);
			break;
		}
	if (started == 0)
		work(&l);
	while (tty && atomic_load(&l.done) < total) {
		progress(&l, t0);
		nanosleep(&tick, NULL);
	}
	for (n = 0; n < started; n++)
		pthread_join(tid[n], NULL);
	secs = (now_ms() - t0) / 1e3;
	if (tty) {
		progress(&l, t0);
		printf("\n");
	}
	for (i = 0; i < total; i++)
		if (l.lat_ms[i] >= 0)
			lat[answered++] = l.lat_ms[i];
	qsort(lat, (size_t)answered, sizeof(*lat), cmp_double);
	if (json)
		summary_json(&l, threads, secs, lat, answered);
	else
		summary_text(&l, threads, secs, lat, answered);
	free(tid);
	free(l.lat_ms);
	free(lat);
	return atomic_load(&l.failed) ? CLI_REFUSED : CLI_OK;
}
