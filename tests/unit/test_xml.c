/* Safe XML parsing, text checks, the command envelope and response basics. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/parser.h>

#include "core/command_private.h"
#include "xml/xml_private.h"
#include "epp/response.h"

static void
parse_rejects_doctype_and_entities(void **state)
{
	static const char xxe[] =
	        "<?xml version=\"1.0\"?><!DOCTYPE epp [<!ENTITY x SYSTEM "
	        "\"file:///etc/passwd\">]><epp>&x;</epp>";
	static const char laughs[] =
	        "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\">"
	        "<!ENTITY b \"&a;&a;&a;&a;\">]><l>&b;</l>";
	epp_error err;
	xmlDocPtr doc;

	(void)state;
	assert_int_equal(epp__xml_parse(&doc, xxe, strlen(xxe), 0, &err),
	                 EPP_EPROTO);
	assert_null(doc);
	assert_non_null(strstr(err.text, "DOCTYPE"));
	assert_int_equal(epp__xml_parse(&doc, laughs, strlen(laughs), 0, &err),
	                 EPP_EPROTO);
	assert_null(doc);
}

static void
parse_reports_position(void **state)
{
	static const char bad[] = "<epp>\n  <a></b>\n</epp>";
	epp_error err;
	xmlDocPtr doc;

	(void)state;
	assert_int_equal(epp__xml_parse(&doc, bad, strlen(bad), 0, &err),
	                 EPP_EPROTO);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.text, "not well-formed"));
	assert_int_equal(epp__xml_parse(&doc, "", 0, 0, &err), EPP_EPROTO);
	assert_int_equal(epp__xml_parse(&doc, bad, strlen(bad), 5, &err),
	                 EPP_ELIMIT);
}

static void
parse_limits_depth(void **state)
{
	char buf[2048];
	size_t off = 0;
	epp_error err;
	xmlDocPtr doc;
	int i;

	(void)state;
	for (i = 0; i < EPP_XML_MAX_DEPTH; i++)
		off += (size_t)sprintf(buf + off, "<a>");
	for (i = 0; i < EPP_XML_MAX_DEPTH; i++)
		off += (size_t)sprintf(buf + off, "</a>");
	assert_int_equal(epp__xml_parse(&doc, buf, off, 0, &err), EPP_OK);
	xmlFreeDoc(doc);
	off = 0;
	for (i = 0; i <= EPP_XML_MAX_DEPTH; i++)
		off += (size_t)sprintf(buf + off, "<a>");
	for (i = 0; i <= EPP_XML_MAX_DEPTH; i++)
		off += (size_t)sprintf(buf + off, "</a>");
	assert_int_equal(epp__xml_parse(&doc, buf, off, 0, &err), EPP_ELIMIT);
}

static void
text_checks(void **state)
{
	(void)state;
	assert_true(epp__xml_text_ok("plain <&>\"' text"));
	assert_true(epp__xml_text_ok("\xd0\xb4\xd0\xbe\xd0\xbc"));
	assert_true(epp__xml_text_ok("\xf0\x9f\x98\x80"));
	assert_true(epp__xml_text_ok("tab\tnl\ncr\r"));
	assert_false(epp__xml_text_ok("bell\a"));
	assert_false(epp__xml_text_ok("\xc0\xaf"));     /* overlong */
	assert_false(epp__xml_text_ok("\xed\xa0\x80")); /* surrogate */
	assert_false(epp__xml_text_ok("\xe2\x82"));     /* truncated */
	assert_false(epp__xml_text_ok("\xff"));
	assert_false(epp__xml_text_ok(NULL));
}

static void
envelope_escapes_and_orders(void **state)
{
	epp__builder b;
	epp_command *c;
	xmlNodePtr verb, obj;
	epp_error err;
	const char *xml;

	(void)state;
	assert_int_equal(epp__builder_begin(&b, "domain_info",
	                                    EPP_COMMAND_QUERY, "info", &verb),
	                 EPP_OK);
	assert_int_equal(epp__builder_object(&b, verb, EPP_NS_DOMAIN, "domain",
	                                     "info", &obj),
	                 EPP_OK);
	assert_non_null(epp__xml_add(obj, obj->ns, "name", "a<&>\"'.example"));
	assert_non_null(epp__builder_extension(&b)); /* left empty */
	assert_int_equal(epp__builder_end(&b, "ABC-1", &c, &err), EPP_OK);
	xml = epp_command_xml(c, NULL);
	assert_non_null(strstr(xml, "<domain:name>a&lt;&amp;&gt;\"'.example"
	                            "</domain:name>"));
	assert_null(strstr(xml, "extension"));
	assert_non_null(strstr(xml, "</info><clTRID>ABC-1</clTRID>"));
	assert_string_equal(epp_command_cltrid(c), "ABC-1");
	assert_string_equal(epp_command_name(c), "domain_info");
	assert_int_equal(epp_command_kind_of(c), EPP_COMMAND_QUERY);
	epp_command_free(c);

	assert_int_equal(
	        epp__builder_begin(&b, "hello", EPP_COMMAND_QUERY, NULL, NULL),
	        EPP_OK);
	assert_int_equal(epp__builder_end(&b, NULL, &c, &err), EPP_OK);
	assert_non_null(strstr(epp_command_xml(c, NULL), "<hello/></epp>"));
	epp_command_free(c);

	assert_int_equal(epp__builder_begin(&b, "poll_req", EPP_COMMAND_QUERY,
	                                    "poll", NULL),
	                 EPP_OK);
	assert_int_equal(epp__builder_end(&b, "x", &c, &err), EPP_EINVAL);
	assert_null(c);
}

static void
cltrids_are_unique(void **state)
{
	char a[EPP_CLTRID_BUFSIZE], b[EPP_CLTRID_BUFSIZE];
	char prefix[40];
	int i;

	(void)state;
	epp_cltrid_generate(a, NULL);
	assert_int_equal(strncmp(a, "EPPKIT-", 7), 0);
	for (i = 0; i < 10000; i++) {
		epp_cltrid_generate(b, "reg");
		assert_string_not_equal(a, b);
		assert_true(strlen(b) <= 64);
		memcpy(a, b, sizeof(a));
	}
	memset(prefix, 'p', sizeof(prefix) - 1);
	prefix[sizeof(prefix) - 1] = '\0';
	epp_cltrid_generate(a, prefix);
	assert_true(strlen(a) >= 3 && strlen(a) <= 64);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void
response_basics(void **state)
{
	epp_response *r;
	epp_error err;
	size_t len;
	char *xml;

	(void)state;
	xml = slurp(EPPKIT_SAMPLES_DIR "/rfc5731-domain-info-response.xml",
	            &len);
	assert_int_equal(epp_response_parse(&r, xml, len, &err), EPP_OK);
	assert_int_equal(epp_response_code(r), 1000);
	assert_string_equal(epp_response_message(r),
	                    "Command completed successfully");
	assert_string_equal(epp_response_cltrid(r), "ABC-12345");
	assert_string_equal(epp_response_svtrid(r), "54322-XYZ");
	assert_memory_equal(epp_response_xml(r, NULL), xml, len);
	epp_response_free(r);
	free(xml);

	xml = slurp(EPPKIT_SAMPLES_DIR
	            "/rfc5730-error-2004-2005-extValue-response.xml",
	            &len);
	assert_int_equal(epp_response_parse(&r, xml, len, &err), EPP_OK);
	assert_int_equal(epp_response_code(r), 2004);
	epp_response_free(r);
	free(xml);

	xml = slurp(EPPKIT_SAMPLES_DIR "/rfc5730-greeting.xml", &len);
	assert_int_equal(epp_response_parse(&r, xml, len, &err), EPP_EPROTO);
	assert_non_null(strstr(err.text, "<response>"));
	free(xml);
	epp_response_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(parse_rejects_doctype_and_entities),
	        cmocka_unit_test(parse_reports_position),
	        cmocka_unit_test(parse_limits_depth),
	        cmocka_unit_test(text_checks),
	        cmocka_unit_test(envelope_escapes_and_orders),
	        cmocka_unit_test(cltrids_are_unique),
	        cmocka_unit_test(response_basics),
	};
	xmlInitParser();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
