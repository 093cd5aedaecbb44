/* Every error code has its own string, and unknown codes are handled. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "epp/common.h"

static void
every_code_has_a_distinct_string(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; i < EPP_ERRCODE_COUNT; i++) {
		const char *s = epp_strerror(-i);
		assert_non_null(s);
		assert_string_not_equal(s, "unknown error");
		for (j = 0; j < i; j++)
			assert_string_not_equal(s, epp_strerror(-j));
	}
	assert_string_equal(epp_strerror(-EPP_ERRCODE_COUNT), "unknown error");
	assert_string_equal(epp_strerror(1), "unknown error");
	assert_string_equal(epp_strerror(EPP_ENOTFOUND), "not found");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_code_has_a_distinct_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
