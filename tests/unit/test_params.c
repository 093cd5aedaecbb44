/* epp_params.txt parsing: the one-line "host port login password" file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "epp/params.h"

static void
parses_one_line(void **state)
{
	static const char text[] = "  epp.example\t700 reg-1 Pw-Top#1 \r\n\n";
	epp_params p;
	epp_error err;

	(void)state;
	assert_int_equal(
	        epp_params_parse(&p, text, strlen(text), "f.txt", &err),
	        EPP_OK);
	assert_string_equal(p.host, "epp.example");
	assert_string_equal(p.port, "700");
	assert_string_equal(p.login, "reg-1");
	assert_string_equal(p.password, "Pw-Top#1");
	epp_params_clear(&p);
	assert_null(p.password);
	epp_params_clear(NULL);
}

static void
rejects_with_reasons(void **state)
{
	static const struct {
		const char *text;
		int code;
		const char *expect;
	} cases[] = {
	        {"", EPP_EINVAL, "0 fields"},
	        {"h 700 login", EPP_EINVAL, "3 fields"},
	        {"h 700 login TopSecret extra", EPP_EINVAL, "more than 4"},
	        {"h 0 login TopSecret", EPP_EINVAL, "port (field 2)"},
	        {"h 70x login TopSecret", EPP_EINVAL, "port (field 2)"},
	        {"h 700 l TopSecret\nh 700 l TopSecret", EPP_EINVAL,
	         "found 2 lines"},
	};
	char big[EPP_PARAMS_MAX_SIZE + 2];
	epp_params p;
	epp_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(epp_params_parse(&p, cases[i].text,
		                                  strlen(cases[i].text),
		                                  "creds.txt", &err),
		                 cases[i].code);
		assert_non_null(strstr(err.text, "creds.txt: "));
		assert_non_null(strstr(err.text, cases[i].expect));
		assert_null(strstr(err.text, "TopSecret"));
		assert_null(p.host);
	}
	assert_int_equal(epp_params_parse(&p, "a\0b", 3, "n", &err),
	                 EPP_EINVAL);
	memset(big, ' ', sizeof(big));
	assert_int_equal(epp_params_parse(&p, big, sizeof(big), "n", &err),
	                 EPP_ELIMIT);
	assert_int_equal(
	        epp_params_load(&p, "/nonexistent/epp_params.txt", &err),
	        EPP_EIO);
	assert_non_null(strstr(err.text, "cannot open"));
}

static void
loads_file(void **state)
{
	char path[] = "/tmp/eppkit-params-XXXXXX";
	epp_params p;
	epp_error err;
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("127.0.0.1 7000 me pw\n", f);
	fclose(f);
	assert_int_equal(epp_params_load(&p, path, &err), EPP_OK);
	assert_string_equal(p.port, "7000");
	epp_params_clear(&p);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(parses_one_line),
	        cmocka_unit_test(rejects_with_reasons),
	        cmocka_unit_test(loads_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
