/*
 * A registry-specific extension module registered at run time: used from
 * the C API and from JSON, limited to its commands, its XML checked like
 * raw extension XML, its namespace announced, bad registrations refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "epp/domain.h"
#include "epp/json.h"
#include "epp/session.h"

#define PROMO_NS "urn:example:promo-1.0"

static char *
promo_xml(const char *code)
{
	char *xml = malloc(256);

	if (xml)
		snprintf(xml, 256,
		         "<promo:code xmlns:promo=\"" PROMO_NS "\">%s"
		         "</promo:code>",
		         code);
	return xml;
}

static int
build(char **xml, const void *data, const char *cmd, void *ud, epp_error *err)
{
	const char *code = data;

	assert_string_equal(ud, "ud");
	assert_string_equal(cmd, "domain_create");
	if (*code == '\0') {
		snprintf(err->text, sizeof(err->text), "promo: empty code");
		return EPP_EINVAL;
	}
	*xml = promo_xml(code);
	return *xml ? EPP_OK : EPP_ENOMEM;
}

static int
build_json(char **xml, const struct json_t *v, const char *cmd, void *ud,
           epp_error *err)
{
	(void)cmd;
	(void)ud;
	if (!json_is_string(v)) {
		snprintf(err->text, sizeof(err->text),
		         "promo_code: must be a string");
		return EPP_EINVAL;
	}
	*xml = promo_xml(json_string_value(v));
	return EPP_OK;
}

static const char *const cmds[] = {"domain_create", NULL};

static void
registered_module(void **state)
{
	static char ud[] = "ud";
	epp_ext_module m = {"x-promo",    PROMO_NS,   cmds, build,
	                    "promo_code", build_json, ud};
	epp_domain_create_args a = EPP_DOMAIN_CREATE_ARGS_INIT;
	epp_domain_info_args inf = EPP_DOMAIN_INFO_ARGS_INIT;
	epp_ext_arg ext[] = {{"x-promo", "SPRING"}};
	const char *json = "{\"cmd\": \"domain_create\", \"args\": {\"name\": "
	                   "\"example.com\", \"registrant\": \"jd1234\", "
	                   "\"period\": 1, \"period_units\": \"y\", "
	                   "\"promo_code\": \"AUTUMN\", \"extension_xml\": "
	                   "\"<o:x xmlns:o='urn:o'/>\"}}";
	const char *const *uris;
	epp_command *c = NULL;
	epp_error err;
	int announced = 0;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(epp_ext_register(&m), EPP_OK);
	assert_string_equal(epp_ext_uri("x-promo"), PROMO_NS);
	for (uris = epp_supported_ext_uris(); *uris; uris++)
		announced |= strcmp(*uris, PROMO_NS) == 0;
	assert_true(announced);

	/* C API */
	a.name = "example.com";
	a.registrant = "jd1234";
	a.ext = ext;
	a.ext_count = 1;
	assert_int_equal(epp_domain_create_build(&c, &a, "ABC-1", &err),
	                 EPP_OK);
	assert_non_null(strstr(epp_command_xml(c, NULL),
	                       "<extension><promo:code xmlns:promo=\"" PROMO_NS
	                       "\">SPRING</promo:code></extension>"));
	epp_command_free(c);
	/* the module's own refusal, and XML that is not well-formed */
	ext[0].data = "";
	assert_int_equal(epp_domain_create_build(&c, &a, "ABC-1", &err),
	                 EPP_EINVAL);
	assert_string_equal(err.text, "promo: empty code");
	ext[0].data = "<b>";
	memset(&err, 0, sizeof(err));
	assert_int_equal(epp_domain_create_build(&c, &a, "ABC-1", &err),
	                 EPP_EINVAL);
	assert_non_null(strstr(err.text, "x-promo: is not well-formed"));
	/* only on its commands */
	inf.name = "example.com";
	inf.ext = ext;
	inf.ext_count = 1;
	assert_int_equal(epp_domain_info_build(&c, &inf, "ABC-1", &err),
	                 EPP_EINVAL);
	assert_non_null(strstr(err.text, "not allowed on this command"));

	/* JSON, next to raw extension XML */
	assert_int_equal(
	        epp_json_to_command(&c, json, strlen(json), "ABC-1", &err),
	        EPP_OK);
	assert_non_null(strstr(epp_command_xml(c, NULL),
	                       "<extension><o:x xmlns:o=\"urn:o\"/><promo:code "
	                       "xmlns:promo=\"" PROMO_NS
	                       "\">AUTUMN</promo:code>"
	                       "</extension>"));
	epp_command_free(c);

	/* bad registrations */
	assert_int_equal(epp_ext_register(&m), EPP_EINVAL); /* taken */
	m.name = "fee";
	assert_int_equal(epp_ext_register(&m), EPP_EINVAL); /* libepp's */
	m.name = "x-other";
	{
		static const char *const bad[] = {"domain_buy", NULL};
		m.commands = bad;
		assert_int_equal(epp_ext_register(&m), EPP_EINVAL);
	}
	m.commands = NULL;
	m.build = NULL;
	assert_int_equal(epp_ext_register(&m), EPP_EINVAL);
	assert_int_equal(epp_ext_register(NULL), EPP_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(registered_module),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
