/*
 * Token buckets for epp-gate (see ratelimit.h), as the generic cell rate
 * algorithm: each bucket keeps the time its next token is due, in
 * microseconds of the monotonic clock, and a reservation moves it on by
 * one interval. Reserving before sleeping keeps waiting workers in the
 * order they came.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gate.h"
#include "ratelimit.h"

#define MAX_RULES 32
#define NAME_LEN  48

struct bucket {
	char name[NAME_LEN]; /* "" for every command */
	double per_s;
	uint64_t interval_us;  /* one token */
	uint64_t tolerance_us; /* the burst, less one token */
	uint64_t tat_us;       /* when the next token is due */
};

struct gate_ratelimit {
	pthread_mutex_t lock;
	struct bucket b[MAX_RULES];
	size_t n;
};

struct gate_ratelimit *
gate_ratelimit_new(void)
{
	struct gate_ratelimit *rl = calloc(1, sizeof(*rl));

	if (rl != NULL)
		pthread_mutex_init(&rl->lock, NULL);
	return rl;
}

void
gate_ratelimit_free(struct gate_ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

size_t
gate_ratelimit_count(const struct gate_ratelimit *rl)
{
	return rl != NULL ? rl->n : 0;
}

int
gate_ratelimit_add(struct gate_ratelimit *rl, const char *spec, char *err,
                   size_t errlen)
{
	const char *eq = strchr(spec, '='), *rate = eq ? eq + 1 : spec, *p;
	struct bucket *b;
	char *end;
	double n, burst;
	size_t i;

	if (rl->n == MAX_RULES) {
		snprintf(err, errlen, "--rate-limit: at most %d rules",
		         MAX_RULES);
		return -1;
	}
	b = &rl->b[rl->n];
	memset(b, 0, sizeof(*b));
	if (eq != NULL) {
		if (eq == spec || (size_t)(eq - spec) >= NAME_LEN) {
			snprintf(err, errlen,
			         "--rate-limit %s: want NAME=N/s with a "
			         "command name or verb",
			         spec);
			return -1;
		}
		for (p = spec; p < eq; p++)
			if (!((*p >= 'a' && *p <= 'z') || *p == '_' ||
			      (*p >= '0' && *p <= '9'))) {
				snprintf(err, errlen,
				         "--rate-limit %s: a command name is "
				         "lower-case letters, digits and _",
				         spec);
				return -1;
			}
		memcpy(b->name, spec, (size_t)(eq - spec));
	}
	errno = 0;
	n = strtod(rate, &end);
	if (end == rate || errno != 0 || !(n > 0) || !isfinite(n) ||
	    (strcmp(end, "/s") != 0 && strcmp(end, "/m") != 0)) {
		snprintf(err, errlen,
		         "--rate-limit %s: want N/s or N/m with N > 0, e.g. "
		         "20/s or check=5/s",
		         spec);
		return -1;
	}
	if (strcmp(end, "/m") == 0)
		n /= 60;
	if (n > 1e6) {
		snprintf(err, errlen, "--rate-limit %s: over 1000000/s", spec);
		return -1;
	}
	for (i = 0; i < rl->n; i++)
		if (strcmp(rl->b[i].name, b->name) == 0) {
			snprintf(err, errlen,
			         "--rate-limit %s: %s has a rule already", spec,
			         b->name[0] ? b->name : "every command");
			return -1;
		}
	b->per_s = n;
	b->interval_us = (uint64_t)(1e6 / n);
	if (b->interval_us == 0)
		b->interval_us = 1;
	burst = n < 1 ? 1 : floor(n);
	b->tolerance_us = (uint64_t)((burst - 1) * (double)b->interval_us);
	rl->n++;
	return 0;
}

/* Does the rule of bucket b bind cmd? */
static int
binds(const struct bucket *b, const char *cmd)
{
	const char *us;

	if (b->name[0] == '\0')
		return 1;
	if (cmd == NULL)
		return 0;
	if (strchr(b->name, '_') != NULL)
		return strcmp(b->name, cmd) == 0;
	/* a verb: the part after the object's "_" */
	us = strchr(cmd, '_');
	return us != NULL && strcmp(us + 1, b->name) == 0;
}

long
gate_ratelimit_reserve(struct gate_ratelimit *rl, const char *cmd,
                       uint64_t now_ms, uint64_t deadline_ms)
{
	uint64_t now = now_ms * 1000, wait = 0;
	size_t i;

	if (rl == NULL || rl->n == 0)
		return 0;
	pthread_mutex_lock(&rl->lock);
	for (i = 0; i < rl->n; i++) {
		const struct bucket *b = &rl->b[i];
		uint64_t due;

		if (!binds(b, cmd))
			continue;
		due = b->tat_us > b->tolerance_us ? b->tat_us - b->tolerance_us
		                                  : 0;
		if (due > now && due - now > wait)
			wait = due - now;
	}
	if (deadline_ms != 0 && now + wait > deadline_ms * 1000) {
		pthread_mutex_unlock(&rl->lock);
		return -1;
	}
	for (i = 0; i < rl->n; i++) {
		struct bucket *b = &rl->b[i];
		uint64_t start;

		if (!binds(b, cmd))
			continue;
		/* the token is taken at now + wait, when the command goes */
		start = b->tat_us > now + wait ? b->tat_us : now + wait;
		b->tat_us = start + b->interval_us;
	}
	pthread_mutex_unlock(&rl->lock);
	return (long)((wait + 999) / 1000);
}

int
gate_ratelimit_wait(struct gate_ratelimit *rl, const char *cmd,
                    uint64_t deadline_ms, volatile sig_atomic_t *stop)
{
	long ms = gate_ratelimit_reserve(rl, cmd, gate_now_ms(), deadline_ms);

	if (ms < 0)
		return -1;
	/* sleep in slices so a stop request is seen */
	while (ms > 0) {
		long slice = ms > 100 ? 100 : ms;
		struct timespec ts = {slice / 1000, (slice % 1000) * 1000000L};

		if (stop != NULL && *stop)
			return -1;
		nanosleep(&ts, NULL);
		ms -= slice;
	}
	return 0;
}
