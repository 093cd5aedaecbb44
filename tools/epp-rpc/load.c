/*
 * epp-rpc --repeat N --concurrency K: N calls of one request from K threads
 * sharing one client; prints requests/s and latency percentiles. This is
 * the benchmark client of bench/.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "epp-rpc.h"

struct worker {
	pthread_t tid;
	epprpc_client *c;
	const char *request;
	size_t request_len;
	int timeout_ms;
	long n;
	double *lat_ms; /* n slots */
	long ok, failed;
	int last_rc;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	char *reply;
	double t0;
	long i;
	int rc;

	for (i = 0; i < w->n; i++) {
		t0 = now_ms();
		rc = epprpc_call_len(w->c, w->request, w->request_len,
		                     w->timeout_ms, &reply, NULL);
		w->lat_ms[i] = now_ms() - t0;
		if (rc == EPPRPC_OK) {
			w->ok++;
			epprpc_free(reply);
		} else {
			w->failed++;
			w->last_rc = rc;
		}
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

int
rpc_load(epprpc_client *c, const char *request, long total, int threads,
         int timeout_ms)
{
	struct worker *w;
	double *lat, t0, secs;
	long ok = 0, failed = 0, per, off = 0;
	int i, last_rc = 0;

	if (total < 1 || threads < 1 || threads > 1024) {
		fprintf(stderr, "epp-rpc: --repeat >= 1, --concurrency 1 to "
		                "1024\n");
		return EXIT_USAGE;
	}
	if (threads > total)
		threads = (int)total;
	w = calloc((size_t)threads, sizeof(*w));
	lat = calloc((size_t)total, sizeof(*lat));
	if (w == NULL || lat == NULL) {
		fprintf(stderr, "epp-rpc: out of memory\n");
		return EXIT_TRANSPORT;
	}
	per = total / threads;
	t0 = now_ms();
	for (i = 0; i < threads; i++) {
		w[i].c = c;
		w[i].request = request;
		w[i].request_len = strlen(request);
		w[i].timeout_ms = timeout_ms;
		w[i].n = per + (i < total % threads ? 1 : 0);
		w[i].lat_ms = lat + off;
		off += w[i].n;
		if (pthread_create(&w[i].tid, NULL, work, &w[i]) != 0) {
			fprintf(stderr, "epp-rpc: cannot start thread %d\n", i);
			threads = i;
			break;
		}
	}
	for (i = 0; i < threads; i++) {
		pthread_join(w[i].tid, NULL);
		ok += w[i].ok;
		failed += w[i].failed;
		if (w[i].last_rc)
			last_rc = w[i].last_rc;
	}
	secs = (now_ms() - t0) / 1e3;
	qsort(lat, (size_t)off, sizeof(*lat), cmp_double);
	printf("requests %ld  concurrency %d  ok %ld  failed %ld\n", off,
	       threads, ok, failed);
	printf("time %.3f s  requests/s %.1f\n", secs,
	       secs > 0 ? (double)off / secs : 0.0);
	if (off > 0)
		printf("latency ms  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n",
		       pct(lat, off, 50), pct(lat, off, 90), pct(lat, off, 99),
		       lat[off - 1]);
	if (failed)
		printf("last error: %s\n", epprpc_strerror(last_rc));
	free(lat);
	free(w);
	return failed ? EXIT_TRANSPORT : 0;
}
