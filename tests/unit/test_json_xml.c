/* XML to compat JSON (docs/protocol.md mapping) and json.dumps()-style output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <cmocka.h>

#include "../support/slurp.h"

#include <jansson.h>

#include "epp/json.h"

/* Convert `xml` and compare with `want` byte for byte. */
static void
check(const char *xml, const char *want)
{
	epp_error err;
	char *out;
	size_t len;

	memset(&err, 0, sizeof(err));
	if (epp_json_from_xml(&out, &len, xml, strlen(xml), &err) != EPP_OK)
		fail_msg("conversion failed: %s", err.text);
	if (strcmp(out, want) != 0)
		fail_msg("got  %s\nwant %s", out, want);
	assert_int_equal(len, strlen(want));
	free(out);
}

/* Every file of the shared samples converts to its hand-checked JSON. */
static void
test_samples(void **state)
{
	DIR *d = opendir(EPPKIT_SAMPLES_DIR);
	struct dirent *de;
	char path[1024], want_path[1024];
	int seen = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name), xml_len, want_len, out_len;
		char *xml, *want, *out;
		epp_error err;

		if (n < 5 || strcmp(de->d_name + n - 4, ".xml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", EPPKIT_SAMPLES_DIR,
		         de->d_name);
		snprintf(want_path, sizeof(want_path),
		         "%s/tests/data/samples/%.*s.json", EPPKIT_SOURCE_DIR,
		         (int)(n - 4), de->d_name);
		xml = slurp(path, &xml_len);
		assert_non_null(xml);
		want = slurp(want_path, &want_len);
		if (want == NULL)
			fail_msg("no expected JSON for %s", de->d_name);
		/* the files end with the newline eppctl json prints */
		assert_true(want_len > 0 && want[want_len - 1] == '\n');
		want[--want_len] = '\0';
		if (epp_json_from_xml(&out, &out_len, xml, xml_len, &err) !=
		    EPP_OK)
			fail_msg("%s: %s", de->d_name, err.text);
		if (strcmp(out, want) != 0)
			fail_msg("%s:\ngot  %s\nwant %s", de->d_name, out,
			         want);
		assert_int_equal(out_len, want_len);
		free(out);
		free(want);
		free(xml);
		seen++;
	}
	closedir(d);
	assert_true(seen >= 22);
}

static void
test_shapes(void **state)
{
	(void)state;
	/* empty and whitespace-only elements are null, text is trimmed */
	check("<epp><a/><b>  \n\t </b><c> x y </c></epp>",
	      "{\"epp\": {\"a\": null, \"b\": null, \"c\": \"x y\"}}");
	/* attributes first, #text last; whitespace text is no #text */
	check("<epp><n avail=\"0\" x='y'>a.example</n><s s=\"ok\"> </s></epp>",
	      "{\"epp\": {\"n\": {\"@avail\": \"0\", \"@x\": \"y\", "
	      "\"#text\": \"a.example\"}, \"s\": {\"@s\": \"ok\"}}}");
	/* one child is a value, two are a list at the first position */
	check("<epp><cd>1</cd></epp>", "{\"epp\": {\"cd\": \"1\"}}");
	check("<epp><cd>1</cd><x/><cd>2</cd><cd><y/></cd></epp>",
	      "{\"epp\": {\"cd\": [\"1\", \"2\", {\"y\": null}], "
	      "\"x\": null}}");
	/* mixed content: text after a child is that child's #tail, which
	 * comes before its own #text */
	check("<epp>lead<b>B</b> t1 <!-- c --> t2<b/>t3<c/></epp>",
	      "{\"epp\": {\"b\": [{\"#tail\": \"t1  t2\", \"#text\": "
	      "\"B\"}, {\"#tail\": \"t3\"}], \"c\": null, "
	      "\"#text\": \"lead\"}}");
	/* CDATA is text; comments and PIs vanish, their neighbours join */
	check("<epp><a><![CDATA[ <x>&]]></a><b>x<!--y-->z<?p q?>w</b></epp>",
	      "{\"epp\": {\"a\": \"<x>&\", \"b\": \"xzw\"}}");
}

static void
test_namespaces(void **state)
{
	(void)state;
	/* prefixes dropped from element names, xmlns never shown,
	 * namespaced attributes in Clark notation */
	check("<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\" "
	      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
	      "xsi:schemaLocation=\"urn:ietf:params:xml:ns:epp-1.0 "
	      "epp-1.0.xsd\"><d:infData xmlns:d=\"urn:d\"><d:name "
	      "d:x=\"1\">n</d:name></d:infData><msg "
	      "xml:lang=\"fr\">m</msg></epp>",
	      "{\"epp\": {\"@{http://www.w3.org/2001/XMLSchema-instance}"
	      "schemaLocation\": \"urn:ietf:params:xml:ns:epp-1.0 "
	      "epp-1.0.xsd\", \"infData\": {\"name\": {\"@{urn:d}x\": "
	      "\"1\", \"#text\": \"n\"}}, \"msg\": {\"@{http://www.w3.org/"
	      "XML/1998/namespace}lang\": \"fr\", \"#text\": \"m\"}}}");
	/* same local name in two namespaces is one key */
	check("<epp xmlns:a=\"urn:a\" xmlns:b=\"urn:b\"><a:n>1</a:n>"
	      "<b:n>2</b:n></epp>",
	      "{\"epp\": {\"n\": [\"1\", \"2\"]}}");
}

static void
test_escapes(void **state)
{
	(void)state;
	/* json.dumps escapes: quote, backslash, controls, DEL, non-ASCII
	 * lowercase, astral as surrogate pair; slash as is */
	check("<epp><q a=\"&lt;&amp;&gt;&quot;'\">a\"b\\c/d&#9;e&#13;"
	      "\x7f</q></epp>",
	      "{\"epp\": {\"q\": {\"@a\": \"<&>\\\"'\", \"#text\": "
	      "\"a\\\"b\\\\c/d\\te\\r\\u007f\"}}}");
	check("<epp><u>\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80</u>"
	      "<i>xn--bcher-kva.example</i></epp>",
	      "{\"epp\": {\"u\": \"\\u00e9t\\u00e9 \\u20ac "
	      "\\ud83d\\ude00\", \"i\": \"xn--bcher-kva.example\"}}");
	/* attribute values are normalised by the XML parser, not stripped */
	check("<epp><b a=\"&#10; x \"/></epp>",
	      "{\"epp\": {\"b\": {\"@a\": \"\\n x \"}}}");
	/* str.strip() removes Unicode spaces too (NBSP, ideographic) */
	check("<epp><s>\xc2\xa0 nb\xc2\xa0x \xe3\x80\x80</s>"
	      "<t>\xe2\x80\x83</t></epp>",
	      "{\"epp\": {\"s\": \"nb\\u00a0x\", \"t\": null}}");
	/* a document in another encoding is converted to UTF-8 */
	check("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><epp>\xe9</epp>",
	      "{\"epp\": \"\\u00e9\"}");
}

static void
test_errors(void **state)
{
	epp_error err;
	char *out = (char *)1;
	size_t len = 7;
	char *deep;
	size_t i, n = 0;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	        epp_json_from_xml(&out, &len, "<epp><a></epp>", 14, &err),
	        EPP_EPROTO);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(err.code, EPP_EPROTO);
	assert_non_null(strstr(err.text, "not well-formed"));
	assert_true(err.line >= 1);

	assert_int_equal(epp_json_from_xml(&out, NULL, "", 0, &err),
	                 EPP_EPROTO);
	/* not namespace-well-formed: unbound prefixes, two colons, a
	 * local name that is not an NCName */
	static const char *const ns_bad[] = {
	        "<epp><x:a/></epp>",
	        "<epp x:y=\"1\"/>",
	        "<epp xmlns:a=\"urn:a\"><a:b:c/></epp>",
	        "<epp xmlns:a=\"urn:a\"><a:1b/></epp>",
	};
	for (size_t k = 0; k < sizeof(ns_bad) / sizeof(ns_bad[0]); k++)
		assert_int_equal(epp_json_from_xml(&out, NULL, ns_bad[k],
		                                   strlen(ns_bad[k]), &err),
		                 EPP_EPROTO);
	/* DOCTYPEs are refused: no entity expansion of any kind */
	const char *bomb = "<?xml version=\"1.0\"?><!DOCTYPE epp [<!ENTITY a "
	                   "\"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
	                   "<epp>&b;</epp>";
	assert_int_equal(
	        epp_json_from_xml(&out, NULL, bomb, strlen(bomb), &err),
	        EPP_EPROTO);
	assert_non_null(strstr(err.text, "DOCTYPE"));

	deep = malloc(200 * 7 + 1);
	assert_non_null(deep);
	for (i = 0; i < 200; i++)
		n += (size_t)sprintf(deep + n, "<a>");
	for (i = 0; i < 200; i++)
		n += (size_t)sprintf(deep + n, "</a>");
	assert_int_equal(epp_json_from_xml(&out, NULL, deep, n, &err),
	                 EPP_ELIMIT);
	free(deep);
	assert_int_equal(epp_json_from_xml(NULL, NULL, "<a/>", 4, &err),
	                 EPP_EINVAL);
}

static void
dumps_is(json_t *v, const char *want)
{
	char *out;
	size_t len;

	assert_non_null(v);
	assert_int_equal(epp_json_dumps(&out, &len, v), EPP_OK);
	if (strcmp(out, want) != 0)
		fail_msg("got %s want %s", out, want);
	assert_int_equal(len, strlen(want));
	free(out);
	json_decref(v);
}

/* epp_json_dumps() writes other JSON (gate error replies) like
 * json.dumps() as well. */
static void
test_dumps(void **state)
{
	(void)state;
	dumps_is(json_pack("{s:s, s:[i, b, b, n], s:{}}", "error", "bad \"x\"",
	                   "l", 1, 1, 0, "o"),
	         "{\"error\": \"bad \\\"x\\\"\", \"l\": [1, true, false, "
	         "null], \"o\": {}}");
	dumps_is(json_pack("[f, f, f, f, f, f, f, f]", 1.0, 100.0, 0.1, -2.5,
	                   1e16, 1e-5, 0.0001, 1.5e300),
	         "[1.0, 100.0, 0.1, -2.5, 1e+16, 1e-05, 0.0001, 1.5e+300]");
	dumps_is(json_pack("[I, [], s]", (json_int_t)-123456789012345678,
	                   "\x01\x1f"),
	         "[-123456789012345678, [], \"\\u0001\\u001f\"]");
	assert_int_equal(epp_json_dumps(NULL, NULL, json_null()), EPP_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_samples),
	        cmocka_unit_test(test_shapes),
	        cmocka_unit_test(test_namespaces),
	        cmocka_unit_test(test_escapes),
	        cmocka_unit_test(test_errors),
	        cmocka_unit_test(test_dumps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
