/*
 * epp-gate rate limits: rule parsing, the burst, the steady rate, rules
 * by command and by verb, deadlines, and real waiting across threads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "gate.h"
#include "ratelimit.h"

static void
rules(void **state)
{
	struct gate_ratelimit *rl = gate_ratelimit_new();
	char err[256];

	(void)state;
	assert_int_equal(gate_ratelimit_count(rl), 0);
	assert_int_equal(gate_ratelimit_reserve(rl, "domain_check", 0, 0), 0);
	assert_int_equal(gate_ratelimit_add(rl, "20/s", err, sizeof(err)), 0);
	assert_int_equal(gate_ratelimit_add(rl, "check=5/s", err, sizeof(err)),
	                 0);
	assert_int_equal(
	        gate_ratelimit_add(rl, "domain_create=30/m", err, sizeof(err)),
	        0);
	assert_int_equal(gate_ratelimit_count(rl), 3);
	const char
	        *bad[] =
	                {
	                        "20",    "abc/s", "0/s",   "-1/s",
	                        "5/h",   "=5/s",  "X=5/s", "nan/s",
	                        "inf/s", "2e7/s", "20/s" /* a second overall rule */};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (gate_ratelimit_add(rl, bad[i], err, sizeof(err)) != -1)
			fail_msg("accepted %s", bad[i]);
		assert_non_null(strstr(err, "--rate-limit"));
	}
	assert_int_equal(gate_ratelimit_count(rl), 3);
	gate_ratelimit_free(rl);
}

static void
burst_then_rate(void **state)
{
	struct gate_ratelimit *rl = gate_ratelimit_new();
	char err[128];
	int i;

	(void)state;
	assert_int_equal(gate_ratelimit_add(rl, "10/s", err, sizeof(err)), 0);
	/* a quiet gate sends one second's worth at once */
	for (i = 0; i < 10; i++)
		assert_int_equal(gate_ratelimit_reserve(rl, "x_y", 1000, 0), 0);
	/* then one every 100 ms, reserved in order */
	assert_int_equal(gate_ratelimit_reserve(rl, "x_y", 1000, 0), 100);
	assert_int_equal(gate_ratelimit_reserve(rl, "x_y", 1000, 0), 200);
	/* a deadline that the wait would pass takes nothing */
	assert_int_equal(gate_ratelimit_reserve(rl, "x_y", 1000, 1250), -1);
	assert_int_equal(gate_ratelimit_reserve(rl, "x_y", 1000, 1400), 300);
	/* after a quiet second the burst is back */
	assert_int_equal(gate_ratelimit_reserve(rl, "x_y", 3000, 0), 0);
	gate_ratelimit_free(rl);
}

static void
by_command_and_verb(void **state)
{
	struct gate_ratelimit *rl = gate_ratelimit_new();
	char err[128];

	(void)state;
	assert_int_equal(gate_ratelimit_add(rl, "check=2/s", err, sizeof(err)),
	                 0);
	assert_int_equal(
	        gate_ratelimit_add(rl, "domain_create=1/s", err, sizeof(err)),
	        0);
	assert_int_equal(gate_ratelimit_reserve(rl, "domain_check", 0, 0), 0);
	assert_int_equal(gate_ratelimit_reserve(rl, "host_check", 0, 0), 0);
	/* the verb's bucket is shared by every object's check */
	assert_int_equal(gate_ratelimit_reserve(rl, "contact_check", 0, 0),
	                 500);
	/* other commands are not held back */
	assert_int_equal(gate_ratelimit_reserve(rl, "domain_info", 0, 0), 0);
	assert_int_equal(gate_ratelimit_reserve(rl, "domain_create", 0, 0), 0);
	assert_int_equal(gate_ratelimit_reserve(rl, "domain_create", 0, 0),
	                 1000);
	assert_int_equal(gate_ratelimit_reserve(rl, "hello", 0, 0), 0);
	gate_ratelimit_free(rl);
}

struct runner {
	struct gate_ratelimit *rl;
	int done;
};

static void *
run(void *p)
{
	struct runner *r = p;
	int i;

	for (i = 0; i < 10; i++)
		if (gate_ratelimit_wait(r->rl, "domain_check", 0, NULL) == 0)
			r->done++;
	return NULL;
}

/*
 * Four threads sharing 50/s with a burst of 50: 80 commands cannot go in
 * less than the 30 tokens past the burst take, 30 x 20 ms.
 */
static void
threads_share_the_bucket(void **state)
{
	struct gate_ratelimit *rl = gate_ratelimit_new();
	struct runner r[4];
	pthread_t t[4];
	char err[128];
	uint64_t start;
	int i, done = 0;

	(void)state;
	assert_int_equal(gate_ratelimit_add(rl, "50/s", err, sizeof(err)), 0);
	start = gate_now_ms();
	for (i = 0; i < 4; i++) {
		r[i].rl = rl;
		r[i].done = 0;
		pthread_create(&t[i], NULL, run, &r[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		done += r[i].done;
	}
	assert_int_equal(done, 40);
	for (i = 0; i < 4; i++) {
		r[i].done = 0;
		pthread_create(&t[i], NULL, run, &r[i]);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		done += r[i].done;
	}
	assert_int_equal(done, 80);
	assert_true(gate_now_ms() - start >= 600);
	gate_ratelimit_free(rl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(rules),
	        cmocka_unit_test(burst_then_rate),
	        cmocka_unit_test(by_command_and_verb),
	        cmocka_unit_test(threads_share_the_bucket),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
