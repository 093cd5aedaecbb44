/*
 * Invalid input is refused before anything is built: EPP_EINVAL, *out
 * NULL, and an error text that names the field and never quotes a secret.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "epp/contact.h"
#include "epp/domain.h"
#include "epp/host.h"
#include "epp/json.h"
#include "epp/poll.h"
#include "epp/rgp.h"
#include "epp/secdns.h"

static const struct {
	const char *json;
	const char *want; /* substring of err.text */
} bad_json[] = {
        {"not json", "request is not valid JSON: '[' or '{' expected (line "
                     "1, column 3)"},
        {"{\"cmd\":\"domain_info\",\"args\":{\"name\":\"a.com\"},"
         "\"args\":{\"name\":\"b.com\"}}",
         "request is not valid JSON: duplicate object key"},
        {"[]", "request must be a JSON object"},
        {"{\"args\":{}}", "cmd: missing"},
        {"{\"cmd\":7}", "cmd: missing or not a string"},
        {"{\"cmd\":\"domain_frobnicate\"}", "cmd: unknown command"},
        {"{\"cmd\":\"domain_info\",\"args\":[]}", "args: must be an object"},
        {"{\"cmd\":\"domain_info\",\"args\":{}}", "name: is required"},
        {"{\"cmd\":\"domain_info\",\"args\":{\"name\":\"\"}}",
         "name: is required"},
        {"{\"cmd\":\"domain_info\",\"args\":{\"name\":5}}",
         "name: must be a string"},
        {"{\"cmd\":\"domain_info\",\"args\":{\"name\":\"a b.com\"}}",
         "name: contains white space"},
        {"{\"cmd\":\"domain_info\",\"args\":{\"name\":\"x.com\",\"hosts\":"
         "\"some\"}}",
         "hosts: must be all, del, sub or none"},
        {"{\"cmd\":\"domain_check\",\"args\":{\"domains\":[]}}",
         "domains: no name given"},
        {"{\"cmd\":\"domain_check\",\"args\":{\"domains\":\"a.com\"}}",
         "domains: must be a list of strings"},
        {"{\"cmd\":\"domain_check\",\"args\":{\"domains\":[\"a.com\",\"\"]}}",
         "domains[1]: is required"},
        {"{\"cmd\":\"domain_check\",\"args\":{\"domains\":[\"a.com\",3]}}",
         "domains[1]: must be a string"},
        {"{\"cmd\":\"domain_create\",\"args\":{\"name\":\"x.com\","
         "\"registrant\":\"jd1234\",\"period\":0,\"period_units\":\"y\"}}",
         "period: must be 1 to 99"},
        {"{\"cmd\":\"domain_create\",\"args\":{\"name\":\"x.com\","
         "\"registrant\":\"jd1234\",\"period\":100,\"period_units\":\"y\"}}",
         "period: must be 1 to 99"},
        {"{\"cmd\":\"domain_create\",\"args\":{\"name\":\"x.com\","
         "\"registrant\":\"jd1234\",\"period\":\"1y\",\"period_units\":"
         "\"y\"}}",
         "period: must be a non-negative integer"},
        {"{\"cmd\":\"domain_create\",\"args\":{\"name\":\"x.com\","
         "\"registrant\":\"jd1234\",\"period\":1,\"period_units\":\"d\"}}",
         "period_units: must be"},
        {"{\"cmd\":\"domain_create\",\"args\":{\"name\":\"x.com\","
         "\"registrant\":\"jd1234\",\"period\":1}}",
         "period_units: is required"},
        {"{\"cmd\":\"domain_create\",\"args\":{\"name\":\"x.com\","
         "\"period\":1,\"period_units\":\"y\"}}",
         "registrant: is required"},
        {"{\"cmd\":\"domain_create\",\"args\":{\"name\":\"x.com\","
         "\"registrant\":\"jd\",\"period\":1,\"period_units\":\"y\"}}",
         "registrant: must be 3 to 16 characters"},
        {"{\"cmd\":\"domain_create\",\"args\":{\"name\":\"x.com\","
         "\"registrant\":\"jd1234\",\"period\":1,\"period_units\":\"y\","
         "\"contacts\":[{\"type\":\"owner\",\"id\":\"sh8013\"}]}}",
         "contacts[0]: type must be admin, billing or tech"},
        {"{\"cmd\":\"domain_create\",\"args\":{\"name\":\"x.com\","
         "\"registrant\":\"jd1234\",\"period\":1,\"period_units\":\"y\","
         "\"nameservers\":[\"ns1.x.net\",{\"name\":\"ns2.x.com\"}]}}",
         "nameservers: host objects and host attributes cannot be mixed"},
        {"{\"cmd\":\"domain_create\",\"args\":{\"name\":\"x.com\","
         "\"registrant\":\"jd1234\",\"period\":1,\"period_units\":\"y\","
         "\"nameservers\":[{\"name\":\"ns2.x.com\",\"ip_address\":[{\"ip\":"
         "\"300.1.1.1\"}]}]}}",
         "nameservers[0]: is not an IPv4 or IPv6 address"},
        {"{\"cmd\":\"domain_renew\",\"args\":{\"name\":\"x.com\","
         "\"cur_exp_date\":\"2021-02-30\",\"period\":1,\"period_units\":"
         "\"y\"}}",
         "cur_exp_date: must be YYYY-MM-DD"},
        {"{\"cmd\":\"domain_renew\",\"args\":{\"name\":\"x.com\","
         "\"cur_exp_date\":\"yesterday\",\"period\":1,\"period_units\":"
         "\"y\"}}",
         "cur_exp_date: must be YYYY-MM-DD"},
        {"{\"cmd\":\"domain_transfer\",\"args\":{\"name\":\"x.com\",\"op\":"
         "\"steal\"}}",
         "op: must be request, query"},
        {"{\"cmd\":\"domain_transfer\",\"args\":{\"name\":\"x.com\",\"op\":"
         "\"query\",\"period\":1,\"period_units\":\"y\"}}",
         "period: only a transfer request takes a period"},
        {"{\"cmd\":\"domain_update\",\"args\":{\"name\":\"x.com\","
         "\"add_statuses\":[{\"name\":\"clientFoo\"}]}}",
         "add_statuses[0]: unknown status value"},
        {"{\"cmd\":\"domain_update\",\"args\":{\"name\":\"x.com\","
         "\"add_statuses\":[{\"name\":\"clientHold\",\"value\":\"x\","
         "\"lang\":\"e n\"}]}}",
         "add_statuses[0]: lang is not a language tag"},
        {"{\"cmd\":\"domain_update\",\"args\":{\"name\":\"x.com\","
         "\"remove_statuses\":[{\"value\":\"x\"}]}}",
         "remove_statuses[0]: needs a \"name\""},
        {"{\"cmd\":\"domain_update\",\"args\":{\"name\":\"x.com\","
         "\"add_secdns\":{\"key_tag\":1,\"alg\":3,\"digest_type\":1,"
         "\"digest\":\"XYZ\"}}}",
         "add_secdns[0]: digest is not hexadecimal"},
        {"{\"cmd\":\"domain_update\",\"args\":{\"name\":\"x.com\","
         "\"add_secdns\":{\"key_tag\":70000,\"alg\":3,\"digest_type\":1,"
         "\"digest\":\"AB\"}}}",
         "add_secdns: key_tag: is out of range"},
        {"{\"cmd\":\"domain_update\",\"args\":{\"name\":\"x.com\","
         "\"rem_secdns\":{\"all\":false}}}",
         "rem_secdns: all: must be true"},
        {"{\"cmd\":\"domain_update\",\"args\":{\"name\":\"x.com\","
         "\"change_secdns\":{\"key_tag\":1,\"alg\":3,\"digest_type\":1,"
         "\"digest\":\"AB\"}}}",
         "change_secdns[0]: only max_sig_life can be changed"},
        {"{\"cmd\":\"domain_update\",\"args\":{\"name\":\"x.com\","
         "\"add_secdns\":{\"all\":true}}}",
         "add_secdns[0]: all only applies to rem_secdns"},
        {"{\"cmd\":\"domain_update\",\"args\":{\"name\":\"x.com\","
         "\"add_secdns\":{\"keydata_flags\":257,\"keydata_protocol\":3,"
         "\"keydata_alg\":8,\"keydata_pubkey\":\"AB=C\"}}}",
         "add_secdns[0]: pubkey is not base64"},
        {"{\"cmd\":\"domain_update\",\"args\":{\"name\":\"x.com\","
         "\"rgp_restore_report\":{\"post_data\":\"p\"}}}",
         "pre_data: is required"},
        {"{\"cmd\":\"domain_update\",\"args\":{\"name\":\"x.com\","
         "\"rgp_restore_report\":{\"pre_data\":\"a\",\"post_data\":\"b\","
         "\"del_time\":\"soon\",\"res_time\":\"2003-07-20T22:00:00.0Z\","
         "\"res_reason\":\"r\",\"statement1\":\"s\"}}}",
         "del_time: must be a date-time"},
        {"{\"cmd\":\"host_create\",\"args\":{\"name\":\"ns1.x.com\","
         "\"ip_address\":[{\"ip\":\"999.1.1.1\",\"version\":\"v4\"}]}}",
         "ip_address[0]: is not an IPv4 or IPv6 address"},
        {"{\"cmd\":\"host_create\",\"args\":{\"name\":\"ns1.x.com\","
         "\"ip_address\":[{\"ip\":\"2001:db8::1\",\"version\":\"v4\"}]}}",
         "ip_address[0]: address does not match its version"},
        {"{\"cmd\":\"host_create\",\"args\":{\"name\":\"ns1.x.com\","
         "\"ip_address\":[{\"ip\":\"192.0.2.1\",\"version\":\"v5\"}]}}",
         "ip_address[0]: version must be v4 or v6"},
        {"{\"cmd\":\"host_update\",\"args\":{\"name\":\"ns1.x.com\"}}",
         "nothing to add, remove or change"},
        {"{\"cmd\":\"contact_create\",\"args\":{\"id\":\"sh8013\",\"email\":"
         "\"a@b.c\",\"contacts\":[{\"type\":\"int\",\"name\":\"A\","
         "\"address\":{\"street\":[\"1\",\"2\",\"3\",\"4\"],\"city\":\"C\","
         "\"cc\":\"US\"}}]}}",
         "contacts.address.street[0]: at most 3 street lines"},
        {"{\"cmd\":\"contact_create\",\"args\":{\"id\":\"sh8013\",\"email\":"
         "\"a@b.c\",\"contacts\":[{\"type\":\"int\",\"name\":\"A\","
         "\"address\":{\"city\":\"C\",\"cc\":\"USA\"}}]}}",
         "contacts.address.cc[0]: must be a 2-letter country code"},
        {"{\"cmd\":\"contact_create\",\"args\":{\"id\":\"sh8013\",\"email\":"
         "\"a@b.c\",\"voice\":\"+1234567890\",\"contacts\":[{\"type\":"
         "\"int\",\"name\":\"A\",\"address\":{\"city\":\"C\",\"cc\":"
         "\"US\"}}]}}",
         "voice: must be +CC.NUMBER"},
        {"{\"cmd\":\"contact_create\",\"args\":{\"id\":\"sh8013\","
         "\"contacts\":[{\"type\":\"int\",\"name\":\"A\",\"address\":{"
         "\"city\":\"C\",\"cc\":\"US\"}}]}}",
         "email: is required"},
        {"{\"cmd\":\"contact_create\",\"args\":{\"id\":\"sh8013\",\"email\":"
         "\"a@b.c\",\"contacts\":[{\"type\":\"int\",\"name\":\"J\\u00f6rg\","
         "\"address\":{\"city\":\"C\",\"cc\":\"US\"}}]}}",
         "contacts.name[0]: must be ASCII in an \"int\" postal info"},
        {"{\"cmd\":\"contact_create\",\"args\":{\"id\":\"sh8013\",\"email\":"
         "\"a@b.c\",\"contacts\":[{\"type\":\"int\",\"name\":\"A\","
         "\"address\":{\"city\":\"C\",\"cc\":\"US\"}},{\"type\":\"int\","
         "\"name\":\"B\",\"address\":{\"city\":\"C\",\"cc\":\"US\"}}]}}",
         "contacts[1]: two postal infos of one type"},
        {"{\"cmd\":\"contact_create\",\"args\":{\"id\":\"sh8013\",\"email\":"
         "\"a@b.c\",\"contacts\":[{\"type\":\"intl\",\"name\":\"A\"}]}}",
         "contacts[0]: type must be int or loc"},
        {"{\"cmd\":\"contact_update\",\"args\":{\"id\":\"sh8013\"}}",
         "nothing to add, remove or change"},
        {"{\"cmd\":\"contact_transfer\",\"args\":{\"contact\":\"sh8013\","
         "\"op\":\"give\"}}",
         "op: must be request"},
        {"{\"cmd\":\"poll_ack\",\"args\":{}}", "msg_id: is required"},
        {"{\"cmd\":\"poll_ack\",\"args\":{\"msg_id\":\"a b\"}}",
         "msg_id: contains white space"},
        {"{\"cmd\":\"host_info\",\"args\":{\"name\":\"ns1.x.com\\u0007\"}}",
         "name: is not valid UTF-8 text (or holds a control character)"},
        /* not UTF-8 at all: jansson refuses it */
        {"{\"cmd\":\"host_info\",\"args\":{\"name\":\"\xff\xfe.com\"}}",
         "request is not valid JSON"},
};

static void
json_requests_are_refused_with_the_field_named(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_json) / sizeof(bad_json[0]); i++) {
		epp_command *c = (epp_command *)&c;
		epp_error err;
		int rc;

		memset(&err, 0, sizeof(err));
		rc = epp_json_to_command(&c, bad_json[i].json,
		                         strlen(bad_json[i].json), "ABC-12345",
		                         &err);
		if (rc != EPP_EINVAL || c != NULL ||
		    strstr(err.text, bad_json[i].want) == NULL)
			fail_msg("case %zu: rc %d, text \"%s\", wanted \"%s\"",
			         i, rc, err.text, bad_json[i].want);
		assert_int_equal(err.code, EPP_EINVAL);
	}
}

static void
secrets_never_reach_an_error_text(void **state)
{
	static const char *const reqs[] = {
	        /* cut short right after the secret */
	        "{\"cmd\":\"domain_info\",\"args\":{\"name\":\"x.com\","
	        "\"auth_info\":\"Top$ecret9",
	        /* the secret itself is bad */
	        "{\"cmd\":\"domain_info\",\"args\":{\"name\":\"x.com\","
	        "\"auth_info\":\"Top$ecret9\\u0001\"}}",
	        "{\"cmd\":\"domain_update\",\"args\":{\"name\":\"x.com\","
	        "\"auth_info\":\"Top$ecret9\\u0002\"}}",
	        "{\"cmd\":\"contact_create\",\"args\":{\"id\":\"sh8013\","
	        "\"email\":\"a@b.c\",\"auth_info\":\"Top$ecret9\\u001f\","
	        "\"contacts\":[{\"type\":\"int\",\"name\":\"A\",\"address\":{"
	        "\"city\":\"C\",\"cc\":\"US\"}}]}}",
	        /* a stray token right after the secret */
	        "{\"cmd\":\"domain_info\",\"args\":{\"auth_info\":\"Top$"
	        "ecret9\""
	        " Top$ecret9}}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		epp_command *c;
		epp_error err;

		memset(&err, 0, sizeof(err));
		assert_int_equal(epp_json_to_command(&c, reqs[i],
		                                     strlen(reqs[i]),
		                                     "ABC-12345", &err),
		                 EPP_EINVAL);
		assert_non_null(err.text[0] ? err.text : NULL);
		if (strstr(err.text, "ecret") != NULL)
			fail_msg("case %zu leaks: %s", i, err.text);
	}
}

static void
expect(int rc, epp_command **cp, const epp_error *err, const char *want)
{
	epp_command *c = *cp;

	assert_int_equal(rc, EPP_EINVAL);
	assert_null(c);
	if (strstr(err->text, want) == NULL)
		fail_msg("text \"%s\", wanted \"%s\"", err->text, want);
}

static void
c_api_refuses_bad_structures(void **state)
{
	epp_command *c = NULL;
	epp_error err;
	const char *names[] = {"ns1.example.com"};
	epp_ip_addr ip = {"192.0.2.1", EPP_IP_AUTO};
	epp_domain_host_attr attr = {"ns2.example.com", &ip, 1};
	epp_secdns_ds ds = {1, 8, 2, "ABCD", NULL};
	epp_secdns_key key = {257, 3, 8, "AwEAAQ=="};
	epp_secdns sd = EPP_SECDNS_INIT;
	epp_rgp_restore rgp = EPP_RGP_RESTORE_INIT;
	epp_ext_arg ext[2];
	epp_status many[12];

	(void)state;
	memset(&err, 0, sizeof(err));
	expect(epp_domain_info_build(&c, NULL, "ABC-12345", &err), &c, &err,
	       "must not be NULL");
	assert_int_equal(epp_domain_info_build(NULL, NULL, "ABC-12345", NULL),
	                 EPP_EINVAL);

	{
		epp_domain_info_args a = EPP_DOMAIN_INFO_ARGS_INIT;
		a.name = "\xc3\x28.example"; /* broken UTF-8 */
		expect(epp_domain_info_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "name: is not valid UTF-8");
		a.name = "example.com";
		expect(epp_domain_info_build(&c, &a, "ab", &err), &c, &err,
		       "clTRID must be 3 to 64");
		ext[0].module = EPP_EXT_SECDNS;
		ext[0].data = &sd;
		a.ext = ext;
		a.ext_count = 1;
		expect(epp_domain_info_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "secDNS: extension not allowed on this command");
		ext[0].module = "nosuch";
		expect(epp_domain_info_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "extension[0]: unknown extension module");
	}
	{
		epp_domain_create_args a = EPP_DOMAIN_CREATE_ARGS_INIT;
		a.name = "example.com";
		a.ns.host_objs = names;
		a.ns.host_obj_count = 1;
		a.ns.host_attrs = &attr;
		a.ns.host_attr_count = 1;
		expect(epp_domain_create_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "cannot be mixed");
		a.ns.host_attr_count = 0;
		a.period = 3;
		a.period_unit = 'w';
		expect(epp_domain_create_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "period_units");
		a.period_unit = 'y';
		sd.ds = &ds;
		sd.ds_count = 1;
		sd.keys = &key;
		sd.key_count = 1;
		ext[0].module = EPP_EXT_SECDNS;
		ext[0].data = &sd;
		a.ext = ext;
		a.ext_count = 1;
		expect(epp_domain_create_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "dsData and keyData cannot be mixed");
		sd.key_count = 0;
		sd.rem_all = 1;
		expect(epp_domain_create_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "only apply to an update");
		sd.rem_all = 0;
		ds.digest = "ABC";
		expect(epp_domain_create_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "odd number of digits");
		ds.digest = "ABCD";
		ext[1] = ext[0];
		a.ext_count = 2;
		expect(epp_domain_create_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "extension given twice");
		a.ext_count = 1;
		assert_int_equal(
		        epp_domain_create_build(&c, &a, "ABC-12345", &err),
		        EPP_OK);
		epp_command_free(c);
		c = NULL;
	}
	{
		epp_domain_update_args a = EPP_DOMAIN_UPDATE_ARGS_INIT;
		a.name = "example.com";
		a.chg_auth_info = "newpass";
		a.chg_auth_info_null = 1;
		expect(epp_domain_update_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "cannot both be set and nullified");
		a.chg_auth_info = NULL;
		for (int i = 0; i < 12; i++) {
			many[i].s = "clientHold";
			many[i].lang = NULL;
			many[i].text = NULL;
		}
		a.add_statuses = many;
		a.add_status_count = 12;
		expect(epp_domain_update_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "add_statuses: too many statuses");
		a.add_status_count = 0;
		rgp.op = EPP_RGP_REPORT;
		ext[0].module = EPP_EXT_RGP;
		ext[0].data = &rgp;
		a.ext = ext;
		a.ext_count = 1;
		expect(epp_domain_update_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "pre_data: is required");
		rgp.op = (epp_rgp_op)7;
		expect(epp_domain_update_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "op must be request or report");
	}
	{
		epp_contact_create_args a = EPP_CONTACT_CREATE_ARGS_INIT;
		epp_contact_postal p = {"loc", "N", NULL, {"1", "2", "3"},
		                        4,     "C", NULL, NULL,
		                        "DE"};
		a.id = "sh8013";
		a.email = "a@example.com";
		a.postal = &p;
		a.postal_count = 1;
		expect(epp_contact_create_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "at most 3 street lines");
		p.street_count = 3;
		a.voice.number = "+1.5555";
		a.voice.ext = "12 3";
		expect(epp_contact_create_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "voice: extension must be a token");
		a.voice.ext = "123";
		assert_int_equal(
		        epp_contact_create_build(&c, &a, "ABC-12345", &err),
		        EPP_OK);
		epp_command_free(c);
		c = NULL;
	}
	{
		epp_domain_transfer_args a = EPP_DOMAIN_TRANSFER_ARGS_INIT;
		a.name = "example.com";
		a.op = (epp_transfer_op)9;
		expect(epp_domain_transfer_build(&c, &a, "ABC-12345", &err), &c,
		       &err, "op: must be");
	}
	expect(epp_poll_ack_build(&c, "", "ABC-12345", &err), &c, &err,
	       "msg_id: is required");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(
	                json_requests_are_refused_with_the_field_named),
	        cmocka_unit_test(secrets_never_reach_an_error_text),
	        cmocka_unit_test(c_api_refuses_bad_structures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
