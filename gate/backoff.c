/*
 * Exponential backoff with jitter for reconnects: many gates (or workers)
 * that lost the same registry must not knock on its door in lockstep.
 */
#include <time.h>

#include "gate.h"

void
gate_backoff_init(struct gate_backoff *b, int base_ms, int max_ms,
                  uint64_t seed)
{
	b->attempt = 0;
	b->base_ms = base_ms > 0 ? base_ms : 1;
	b->max_ms = max_ms >= b->base_ms ? max_ms : b->base_ms;
	b->rng = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

void
gate_backoff_reset(struct gate_backoff *b)
{
	b->attempt = 0;
}

/* xorshift64*: good enough to spread retries, no shared state. */
static uint64_t
next_random(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

int
gate_backoff_next(struct gate_backoff *b)
{
	long long d = b->base_ms;
	unsigned i;
	int half;

	for (i = 0; i < b->attempt && d < b->max_ms; i++)
		d *= 2;
	if (d > b->max_ms)
		d = b->max_ms;
	if (b->attempt < 64)
		b->attempt++;
	half = (int)(d / 2);
	return half + (int)(next_random(&b->rng) % (uint64_t)(d - half + 1));
}

uint64_t
gate_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int64_t
gate_now_real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
