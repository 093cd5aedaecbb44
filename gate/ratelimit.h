/*
 * epp-gate rate limits: token buckets shared by all workers of a gate, so
 * that the gate as a whole stays under a registry's command rate. A
 * request waits for its token; it is never refused for the rate alone.
 *
 * Rules, from --rate-limit (which may repeat):
 *   N/s           every command, N per second (N/m: per minute)
 *   NAME=N/s      commands named NAME ("domain_create"), or, when NAME
 *                 has no "_", every command of that verb ("check" is
 *                 domain_check, host_check, contact_check ...)
 * A command takes a token from the overall bucket and from each bucket
 * whose rule names it. Each bucket holds at most one second of tokens
 * (at least one), so a quiet gate may send a short burst.
 */
#ifndef GATE_RATELIMIT_H
#define GATE_RATELIMIT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

struct gate_ratelimit;

struct gate_ratelimit *gate_ratelimit_new(void);
void gate_ratelimit_free(struct gate_ratelimit *rl);

/* Add one rule. 0, or -1 with a message naming the bad part in err. */
int gate_ratelimit_add(struct gate_ratelimit *rl, const char *spec, char *err,
                       size_t errlen);

/* Rules in force (0 when none: gate_ratelimit_wait() returns at once). */
size_t gate_ratelimit_count(const struct gate_ratelimit *rl);

/*
 * Delay, in ms, before `cmd` may be sent, with its tokens taken: the
 * caller sleeps that long (gate_ratelimit_wait() does). When the delay
 * would pass `deadline_ms` (monotonic ms; 0 = none) nothing is taken and
 * -1 comes back.
 */
long gate_ratelimit_reserve(struct gate_ratelimit *rl, const char *cmd,
                            uint64_t now_ms, uint64_t deadline_ms);

/*
 * Take the tokens for `cmd` and sleep until they are due; returns early
 * with -1 when *stop becomes set, or -1 at once when the deadline would
 * pass. 0 when the command may go.
 */
int gate_ratelimit_wait(struct gate_ratelimit *rl, const char *cmd,
                        uint64_t deadline_ms, volatile sig_atomic_t *stop);

#endif
