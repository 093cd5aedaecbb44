/*
 * IDNA: every case of tests/data/idna/cases.txt through
 * epp_idn_to_ascii(), each accepted name back through
 * epp_idn_to_unicode(), and the wording of the refusals.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "epp/command.h"
#include "epp/idn.h"
#include "epp/json.h"

/* Append code point cp to buf as UTF-8. */
static size_t
put_utf8(char *buf, unsigned long cp)
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xc0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xe0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	buf[0] = (char)(0xf0 | (cp >> 18));
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	buf[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The field with \uXXXX, \U0XXXXXXX and \xNN turned into bytes. */
static void
unescape(char *dst, const char *src)
{
	while (*src != '\0') {
		char hex[9] = "";
		size_t n = 0;

		if (src[0] == '\\' &&
		    (src[1] == 'u' || src[1] == 'U' || src[1] == 'x')) {
			n = src[1] == 'u' ? 4 : src[1] == 'U' ? 8 : 2;
			memcpy(hex, src + 2, n);
			if (src[1] == 'x')
				*dst++ = (char)strtoul(hex, NULL, 16);
			else
				dst += put_utf8(dst, strtoul(hex, NULL, 16));
			src += 2 + n;
		} else {
			*dst++ = *src++;
		}
	}
	*dst = '\0';
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static void
every_case(void **state)
{
	char path[512], line[2048];
	FILE *f;
	int n = 0, refused = 0, classes = 0;
	unsigned seen = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/data/idna/cases.txt",
	         EPPKIT_SOURCE_DIR);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		char *in, *want, *note, name[1024], *out = NULL, *back = NULL;
		epp_idn_class class = EPP_IDN_OK;
		epp_error err;
		int rc;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		in = strtok(line, ";");
		want = strtok(NULL, ";");
		note = strtok(NULL, "\n");
		assert_non_null(want);
		assert_non_null(note);
		in = trim(in);
		want = trim(want);
		unescape(name, in);
		memset(&err, 0, sizeof(err));
		rc = epp_idn_to_ascii(&out, name, &class, &err);
		n++;
		if (want[0] == '!') {
			if (rc != EPP_EINVAL)
				fail_msg("%s (%s): accepted as %s, want %s", in,
				         note, out, want);
			if (strcmp(epp_idn_class_name(class), want + 1) != 0)
				fail_msg("%s (%s): refused as %s (%s), want %s",
				         in, note, epp_idn_class_name(class),
				         err.text, want);
			assert_int_equal(err.code, EPP_EINVAL);
			assert_true(strlen(err.text) > 10);
			assert_null(out);
			refused++;
			if (!(seen & (1u << class)))
				classes++;
			seen |= 1u << class;
			continue;
		}
		if (rc != EPP_OK)
			fail_msg("%s (%s): refused: %s", in, note, err.text);
		if (strcmp(out, want) != 0)
			fail_msg("%s (%s): got %s, want %s", in, note, out,
			         want);
		/* and back: the A-labels give a name that maps to them again */
		assert_int_equal(epp_idn_to_unicode(&back, out, &err), EPP_OK);
		free(out);
		out = NULL;
		assert_int_equal(epp_idn_to_ascii(&out, back, NULL, &err),
		                 EPP_OK);
		assert_string_equal(out, want);
		free(out);
		free(back);
	}
	fclose(f);
	assert_true(n >= 50);
	assert_true(refused >= 20);
	/* every refusal class */
	assert_true(classes >= 10);
}

static void
refusals_name_the_label_and_code_point(void **state)
{
	char *out = NULL;
	epp_error err;

	(void)state;
	assert_int_equal(epp_idn_to_ascii(&out,
	                                  "ok.a\xe2\x98\x83"
	                                  "b.example",
	                                  NULL, &err),
	                 EPP_EINVAL);
	assert_non_null(strstr(err.text, "label 2"));
	assert_non_null(strstr(err.text, "U+2603"));

	assert_int_equal(epp_idn_to_ascii(&out,
	                                  "a\xe2\x80\x8c"
	                                  "b.example",
	                                  NULL, &err),
	                 EPP_EINVAL);
	assert_non_null(strstr(err.text, "U+200C"));
	assert_non_null(strstr(err.text, "CONTEXTJ"));

	/* a control character is never printed raw */
	assert_int_equal(
	        epp_idn_to_ascii(&out, "b\xc3\xbc\n.example", NULL, &err),
	        EPP_EINVAL);
	assert_null(strchr(err.text, '\n'));
	assert_null(out);
}

static void
to_unicode(void **state)
{
	char *out = NULL;
	epp_error err;

	(void)state;
	assert_int_equal(
	        epp_idn_to_unicode(&out, "xn--bcher-kva.example", &err),
	        EPP_OK);
	assert_string_equal(out, "b\xc3\xbc"
	                         "cher.example");
	free(out);
	assert_int_equal(epp_idn_to_unicode(&out, "plain.example", &err),
	                 EPP_OK);
	assert_string_equal(out, "plain.example");
	free(out);
	assert_int_equal(epp_idn_to_unicode(&out, "a.xn--abc.example", &err),
	                 EPP_EINVAL);
	assert_null(out);
	assert_non_null(strstr(err.text, "label 2"));
	assert_int_equal(epp_idn_is_unicode("b\xc3\xbc"), 1);
	assert_int_equal(epp_idn_is_unicode("plain"), 0);
	assert_int_equal(epp_idn_has_alabel("a.XN--bcher-kva"), 1);
	assert_int_equal(epp_idn_has_alabel("a.xnbcher"), 0);
}

/* The request flag: "idn": true converts, its absence refuses with the
 * A-label form, anything but a boolean is refused. */
static void
requests(void **state)
{
	epp_command *cmd = NULL;
	epp_error err;
	const char *xml;
	size_t len;
	const char *conv = "{\"cmd\": \"host_create\", \"idn\": true, "
	                   "\"args\": {\"name\": \"ns1.b\u00fccher.example\"}}";
	const char *ns = "{\"cmd\": \"domain_update\", \"idn\": true, "
	                 "\"args\": {\"name\": \"b\u00fccher.example\", "
	                 "\"add_nameservers\": [\"ns1.\u4f8b\u3048.jp\"]}}";
	const char *plain = "{\"cmd\": \"domain_check\", \"args\": "
	                    "{\"domains\": [\"ok.example\", "
	                    "\"b\u00fccher.example\"]}}";
	const char *flag = "{\"cmd\": \"domain_check\", \"idn\": \"yes\", "
	                   "\"args\": {\"domains\": [\"a.example\"]}}";
	const char *contact = "{\"cmd\": \"contact_check\", \"idn\": true, "
	                      "\"args\": {\"contacts\": [\"c-100\"]}}";

	(void)state;
	assert_int_equal(
	        epp_json_to_command(&cmd, conv, strlen(conv), "TID-1", &err),
	        EPP_OK);
	xml = epp_command_xml(cmd, &len);
	assert_non_null(strstr(xml, "<host:name>ns1.xn--bcher-kva.example<"));
	epp_command_free(cmd);
	assert_int_equal(
	        epp_json_to_command(&cmd, ns, strlen(ns), "TID-2", &err),
	        EPP_OK);
	xml = epp_command_xml(cmd, &len);
	assert_non_null(strstr(xml, "xn--bcher-kva.example"));
	assert_non_null(strstr(xml, "ns1.xn--r8jz45g.jp"));
	epp_command_free(cmd);
	assert_int_equal(
	        epp_json_to_command(&cmd, plain, strlen(plain), "TID-3", &err),
	        EPP_EINVAL);
	assert_null(cmd);
	assert_non_null(strstr(err.text, "args.domains[1]"));
	assert_non_null(strstr(err.text, "xn--bcher-kva.example"));
	assert_int_equal(
	        epp_json_to_command(&cmd, flag, strlen(flag), "TID-4", &err),
	        EPP_EINVAL);
	assert_non_null(strstr(err.text, "idn"));
	/* a contact request is left alone */
	assert_int_equal(epp_json_to_command(&cmd, contact, strlen(contact),
	                                     "TID-5", &err),
	                 EPP_OK);
	epp_command_free(cmd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_case),
	        cmocka_unit_test(refusals_name_the_label_and_code_point),
	        cmocka_unit_test(to_unicode),
	        cmocka_unit_test(requests),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
