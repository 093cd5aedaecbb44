/*
 * Journal benchmark: what recording a transform costs the gate, without
 * a broker or a registry. THREADS workers share one journal, as a gate's
 * workers do, each recording TRANSFORMS transforms (the row before the
 * command goes out, then the reply); a thread of its own moves them into
 * SQLite every 100 ms as the gate's main thread does. The time includes
 * the last move, at close. Prints transforms/s and the CPU time (user +
 * system) per transform.
 *
 * Usage: bench_journal [FILE] [THREADS] [TRANSFORMS]
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "gate.h"

static struct gate_journal *journal;
static long per_thread = 5000;
static atomic_int done;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void *
worker(void *arg)
{
	char corr[64], cltrid[64], object[64], reply[512], err[256];
	long id = (long)(intptr_t)arg, i;
	int64_t row;

	for (i = 0; i < per_thread; i++) {
		snprintf(corr, sizeof(corr), "bench-%ld-%ld-%ld",
		         (long)getpid(), id, i);
		snprintf(cltrid, sizeof(cltrid), "GATE-%ld-%ld", id, i);
		snprintf(object, sizeof(object), "bench-%ld-%ld.example", id,
		         i);
		snprintf(reply, sizeof(reply),
		         "{\"epp\":{\"response\":{\"result\":{\"@code\":"
		         "\"1000\","
		         "\"msg\":\"Command completed successfully\"},"
		         "\"resData\":{\"domain:creData\":{\"domain:name\":"
		         "\"%s\",\"domain:crDate\":\"2026-12-04T00:00:00Z\"}},"
		         "\"trID\":{\"clTRID\":\"%s\",\"svTRID\":\"SIM-%ld\"}}}"
		         "}",
		         object, cltrid, i);
		if (gate_journal_begin(journal, &row, corr, "domain_create",
		                       object, cltrid, err, sizeof(err)) != 0 ||
		    gate_journal_end(journal, row, 1000, "SIM-1", 1, reply,
		                     strlen(reply), err, sizeof(err)) != 0) {
			fprintf(stderr, "bench_journal: %s\n", err);
			exit(1);
		}
	}
	return NULL;
}

static void *
checkpointer(void *arg)
{
	struct timespec pause = {0, 100 * 1000 * 1000};
	char err[256];

	(void)arg;
	while (!atomic_load(&done)) {
		if (gate_journal_checkpoint(journal, err, sizeof(err)) != 0)
			fprintf(stderr, "bench_journal: %s\n", err);
		nanosleep(&pause, NULL);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	const char *file = argc > 1 ? argv[1] : "bench-journal.db";
	long threads = argc > 2 ? atol(argv[2]) : 4, i, total;
	pthread_t t[64], ck;
	double t0, c0, wall, cpu;
	char err[256];

	if (argc > 3)
		per_thread = atol(argv[3]);
	if (threads < 1 || threads > 64 || per_thread < 1) {
		fprintf(stderr, "usage: bench_journal [FILE] [THREADS 1-64] "
		                "[TRANSFORMS]\n");
		return 64;
	}
	if (gate_journal_open(&journal, file, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench_journal: %s\n", err);
		return 1;
	}
	pthread_create(&ck, NULL, checkpointer, NULL);
	t0 = now();
	c0 = cpu_seconds();
	for (i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
	for (i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	atomic_store(&done, 1);
	pthread_join(ck, NULL);
	/* what is still queued goes into SQLite here: part of the cost */
	gate_journal_close(journal);
	wall = now() - t0;
	cpu = cpu_seconds() - c0;
	total = threads * per_thread;
	printf("bench_journal: threads=%ld transforms=%ld seconds=%.2f "
	       "transforms_per_s=%.0f cpu_us_per_transform=%.1f\n",
	       threads, total, wall, (double)total / wall, cpu * 1e6 / total);
	return 0;
}
