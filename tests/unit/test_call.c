/*
 * The one call path of a JSON request (epp_call and its steps) over the
 * in-memory transport: a command and its reply JSON, hello, duplicate
 * keys, the size limit, an unknown command, a builder's refusal, a broken
 * session, a request built again from one parse, and the options version.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "epp/json.h"
#include "minireg.h"

#define PASSWORD "s3cret-Pw!"

struct fixture {
	struct minireg reg;
	epp_transport *t;
	int silent; /* the peer stops answering */
};

static void
peer(epp_transport *t, const char *frame, size_t len, void *ud)
{
	struct fixture *f = ud;
	size_t out_len;
	char *out;

	if (f->silent)
		return;
	out = minireg_answer(&f->reg, frame, len, &out_len);
	assert_int_equal(epp_transport_mem_push_frame(t, out, out_len), EPP_OK);
	free(out);
}

static epp_session *
open_session(struct fixture *f)
{
	epp_mem_options m = EPP_MEM_OPTIONS_INIT;
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_session *s = NULL;

	memset(f, 0, sizeof(*f));
	f->reg.password = PASSWORD;
	m.peer = peer;
	m.userdata = f;
	o.client_id = "registrar-1";
	o.password = PASSWORD;
	assert_int_equal(epp_transport_mem_new(&f->t, &m), EPP_OK);
	assert_int_equal(
	        epp_transport_mem_push_frame(f->t, minireg_default_greeting,
	                                     strlen(minireg_default_greeting)),
	        EPP_OK);
	assert_int_equal(epp_session_open_transport(&s, f->t, &o), EPP_OK);
	return s;
}

/* epp_call on `json`; the return code, the reply in *reply. */
static int
call(epp_session *s, const char *json, char **reply)
{
	size_t len = 0;
	int rc = epp_call(reply, &len, s, json, strlen(json), NULL);

	assert_non_null(*reply);
	assert_int_equal(strlen(*reply), len);
	return rc;
}

static void
a_command_gives_the_registry_reply(void **state)
{
	struct fixture f;
	epp_session *s = open_session(&f);
	char *reply = NULL;
	int before = f.reg.commands;

	(void)state;
	assert_int_equal(call(s,
	                      "{\"cmd\": \"domain_check\", \"args\": "
	                      "{\"domains\": [\"a.example\"]}}",
	                      &reply),
	                 EPP_OK);
	assert_int_equal(f.reg.commands, before + 1);
	assert_non_null(strstr(f.reg.last_request, "<domain:check"));
	assert_non_null(strstr(reply, "{\"epp\": {\"response\": "));
	assert_non_null(strstr(reply, "\"@code\": \"1000\""));
	free(reply);
	epp_session_free(s);
}

static void
hello_gives_the_greeting(void **state)
{
	struct fixture f;
	epp_session *s = open_session(&f);
	char *reply = NULL;

	(void)state;
	assert_int_equal(call(s, "{\"cmd\": \"hello\"}", &reply), EPP_OK);
	assert_int_equal(f.reg.hellos, 1);
	assert_non_null(strstr(reply, "{\"epp\": {\"greeting\": "));
	free(reply);
	epp_session_free(s);
}

/* A refused request gets an error reply and sends nothing. */
static void
refused_requests_send_nothing(void **state)
{
	static const struct {
		const char *json;
		int rc;
		const char *error;
	} cases[] = {
	        {"{\"cmd\": \"domain_info\", \"args\": {\"name\": "
	         "\"a.example\"}, "
	         "\"args\": {\"name\": \"b.example\"}}",
	         EPP_EINVAL,
	         "{\"error\": \"request is not valid JSON: duplicate object "
	         "key (line 1, column 60)\"}"},
	        {"{\"cmd\": \"domain_frobnicate\"}", EPP_EINVAL,
	         "{\"error\": \"cmd: unknown command\"}"},
	        {"{\"cmd\": \"domain_info\", \"args\": {}}", EPP_EINVAL,
	         "{\"error\": \"domain_info: name: is required\"}"},
	        {"[1]", EPP_EINVAL,
	         "{\"error\": \"request must be a JSON object with \\\"cmd\\\" "
	         "and \\\"args\\\"\"}"},
	};
	struct fixture f;
	epp_session *s = open_session(&f);
	int before = f.reg.commands;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *reply = NULL;

		assert_int_equal(call(s, cases[i].json, &reply), cases[i].rc);
		assert_string_equal(reply, cases[i].error);
		free(reply);
	}
	assert_int_equal(f.reg.commands, before);
	epp_session_free(s);
}

static void
the_size_limit_is_the_callers(void **state)
{
	epp_request_options o = EPP_REQUEST_OPTIONS_INIT;
	const char *json = "{\"cmd\": \"hello\"}";
	struct fixture f;
	epp_session *s = open_session(&f);
	char *reply = NULL;

	(void)state;
	o.max_size = 8;
	assert_int_equal(epp_call(&reply, NULL, s, json, strlen(json), &o),
	                 EPP_ELIMIT);
	assert_string_equal(reply, "{\"error\": \"request too large: 16 "
	                           "bytes, the limit is 8\"}");
	free(reply);
	o.version = 99;
	assert_int_equal(epp_call(&reply, NULL, s, json, strlen(json), &o),
	                 EPP_EINVAL);
	assert_non_null(strstr(reply, "epp_request_options version 99"));
	free(reply);
	assert_int_equal(f.reg.hellos, 0);
	epp_session_free(s);
}

/* A transform whose answer never comes: the reply names its clTRID. */
static void
a_broken_transform_names_its_cltrid(void **state)
{
	struct fixture f;
	epp_session *s = open_session(&f);
	char *reply = NULL;
	int rc;

	(void)state;
	f.silent = 1;
	rc = call(s,
	          "{\"cmd\": \"domain_delete\", \"args\": {\"name\": "
	          "\"a.example\"}}",
	          &reply);
	assert_int_not_equal(rc, EPP_OK);
	assert_non_null(strstr(reply, "the outcome is unknown"));
	assert_non_null(strstr(reply, "\"clTRID\": \"EPPKIT-"));
	free(reply);
	epp_session_free(s);
}

/* One parse, built twice: two commands with their own clTRIDs. */
static void
a_request_is_built_again_from_one_parse(void **state)
{
	const char *json = "{\"cmd\": \"domain_info\", \"args\": {\"name\": "
	                   "\"a.example\"}}";
	epp_command *c1 = NULL, *c2 = NULL;
	epp_request *req = NULL;
	epp_error err;

	(void)state;
	assert_int_equal(
	        epp_request_parse(&req, json, strlen(json), NULL, &err),
	        EPP_OK);
	assert_string_equal(epp_request_cmd(req), "domain_info");
	assert_int_equal(epp_request_build(&c1, req, "ABC-1", &err), EPP_OK);
	assert_int_equal(epp_request_build(&c2, req, NULL, &err), EPP_OK);
	assert_string_equal(epp_command_cltrid(c1), "ABC-1");
	assert_string_not_equal(epp_command_cltrid(c2), "ABC-1");
	assert_non_null(strstr(epp_command_xml(c2, NULL), ">a.example<"));
	epp_command_free(c1);
	epp_command_free(c2);
	epp_request_free(req);
	epp_request_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(a_command_gives_the_registry_reply),
	        cmocka_unit_test(hello_gives_the_greeting),
	        cmocka_unit_test(refused_requests_send_nothing),
	        cmocka_unit_test(the_size_limit_is_the_callers),
	        cmocka_unit_test(a_broken_transform_names_its_cltrid),
	        cmocka_unit_test(a_request_is_built_again_from_one_parse),
	};

	epp_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
