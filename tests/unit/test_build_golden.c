/*
 * Golden cases: every tests/data/<case>/request.json (one per docs/protocol.md
 * cmd) and tests/unit/requests/<case>/request.json (variants) turned into
 * a command with clTRID ABC-12345 must give exactly its sent.xml, with the
 * command name of the request and the right kind (query or transform).
 * EPPKIT_REGEN_GOLDEN=1 rewrites the sent.xml files instead (review the
 * diff before committing).
 */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../support/slurp.h"

#include "epp/json.h"

#define CLTRID "ABC-12345"

static int
is_query(const char *cmd, const char *request)
{
	static const char *const queries[] = {
	        "domain_check",  "domain_info",  "host_check", "host_info",
	        "contact_check", "contact_info", "poll_req",   "hello",
	        "org_check",     "org_info",     NULL};

	for (int i = 0; queries[i]; i++)
		if (strcmp(cmd, queries[i]) == 0)
			return 1;
	return strstr(cmd, "_transfer") &&
	       strstr(request, "\"op\": \"query\"") != NULL;
}

/* Returns the number of cases checked in `dir`. */
static int
run_dir(const char *dir)
{
	int regen = getenv("EPPKIT_REGEN_GOLDEN") != NULL, n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[1024];
		char *req, *want;
		size_t req_len, want_len, got_len;
		epp_command *c;
		epp_error err;
		const char *got, *cmd;
		int rc;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/request.json", dir,
		         e->d_name);
		if ((req = slurp(path, &req_len)) == NULL)
			continue;
		memset(&err, 0, sizeof(err));
		rc = epp_json_to_command(&c, req, req_len, CLTRID, &err);
		if (rc != 0)
			fail_msg("%s: %s", e->d_name, err.text);
		got = epp_command_xml(c, &got_len);
		snprintf(path, sizeof(path), "%s/%s/sent.xml", dir, e->d_name);
		if (regen) {
			FILE *f = fopen(path, "wb");
			assert_non_null(f);
			fwrite(got, 1, got_len, f);
			fclose(f);
		}
		want = slurp(path, &want_len);
		if (want == NULL)
			fail_msg("%s: no sent.xml", e->d_name);
		if (want_len != got_len || memcmp(want, got, got_len) != 0)
			fail_msg("%s: built XML differs from sent.xml:\n%s",
			         e->d_name, got);
		/* tests/data cases are named after their cmd */
		cmd = epp_command_name(c);
		if (strstr(dir, "tests/data"))
			assert_string_equal(cmd, e->d_name);
		assert_int_equal(epp_command_kind_of(c),
		                 is_query(cmd, req) ? EPP_COMMAND_QUERY
		                                    : EPP_COMMAND_TRANSFORM);
		assert_string_equal(epp_command_cltrid(c),
		                    strcmp(cmd, "hello") == 0 ? "" : CLTRID);
		epp_command_free(c);
		free(req);
		free(want);
		n++;
	}
	closedir(d);
	return n;
}

static void
every_cmd_has_a_golden_case(void **state)
{
	(void)state;
	/* the 21 cmds: docs/protocol.md's table plus ours */
	assert_int_equal(run_dir(EPPKIT_SOURCE_DIR "/tests/data"), 21);
}

static void
variants_match(void **state)
{
	(void)state;
	assert_true(run_dir(EPPKIT_SOURCE_DIR "/tests/unit/requests") >= 13);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_cmd_has_a_golden_case),
	        cmocka_unit_test(variants_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
