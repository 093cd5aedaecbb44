/*
 * Extension modules: the RFC examples of each extension (tests/data/ext)
 * parsed into typed data and compat JSON, and the refusals of invalid
 * extension arguments (with the field named, never the value).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "epp/domain.h"
#include "epp/host.h"
#include "epp/org.h"
#include "epp/ext_alloc_token.h"
#include "epp/ext_change_poll.h"
#include "epp/ext_launch.h"
#include "epp/ext_loginsec.h"
#include "epp/ext_orgext.h"
#include "epp/ext_secure_authinfo.h"
#include "epp/ext_unhandled.h"
#include "epp/ext_fee.h"
#include "epp/json.h"
#include "epp/response.h"
#include "epp/response_domain.h"
#include "slurp.h"

#define CLTRID "ABC-12345"

static epp_response *
load(const char *name)
{
	char path[512], *buf;
	epp_response *r = NULL;
	epp_error err;
	size_t n;

	snprintf(path, sizeof(path), "%s/tests/data/ext/%s", EPPKIT_SOURCE_DIR,
	         name);
	if ((buf = slurp(path, &n)) == NULL)
		fail_msg("cannot read %s", path);
	memset(&err, 0, sizeof(err));
	if (epp_response_parse(&r, buf, n, &err) != EPP_OK)
		fail_msg("%s: %s", name, err.text);
	free(buf);
	return r;
}

/* The compat JSON of the response holds `want`. */
static void
json_has(const epp_response *r, const char *want)
{
	char *json;
	size_t len;

	assert_int_equal(epp_response_json(&json, &len, r), EPP_OK);
	if (strstr(json, want) == NULL)
		fail_msg("JSON lacks %s:\n%s", want, json);
	free(json);
}

static void
fee_check_response(void **state)
{
	epp_response *r = load("rfc8748-fee-check-response.xml");
	const epp_fee_check_data *d = epp_response_fee_check(r);
	const epp_fee_cd_data *cd;

	(void)state;
	assert_non_null(d);
	assert_null(epp_response_fee_transform(r));
	assert_string_equal(d->currency, "USD");
	assert_int_equal(d->count, 3);
	cd = &d->items[0];
	assert_string_equal(cd->obj_id, "example.com");
	assert_string_equal(cd->element, "name");
	assert_int_equal(cd->avail, 1);
	assert_string_equal(cd->fee_class, "Premium");
	assert_int_equal(cd->command_count, 4);
	assert_string_equal(cd->commands[0].name, "create");
	assert_int_equal(cd->commands[0].period, 2);
	assert_string_equal(cd->commands[0].period_unit, "y");
	assert_int_equal(cd->commands[0].standard, 0);
	assert_int_equal(cd->commands[0].fee_count, 1);
	assert_string_equal(cd->commands[0].fees[0].amount, "10.00");
	assert_string_equal(cd->commands[0].fees[0].description,
	                    "Registration Fee");
	assert_int_equal(cd->commands[0].fees[0].refundable, 1);
	assert_string_equal(cd->commands[0].fees[0].grace_period, "P5D");
	assert_string_equal(cd->commands[3].name, "restore");
	assert_int_equal(cd->commands[3].period, 0);
	assert_null(cd->commands[3].period_unit);
	assert_int_equal(cd->commands[3].fees[0].refundable, -1);
	assert_string_equal(cd->commands[3].fees[0].amount, "5.00");
	cd = &d->items[1];
	assert_string_equal(cd->fee_class, "standard");
	assert_int_equal(cd->commands[0].standard, 1);
	assert_string_equal(cd->commands[0].fees[0].amount, "5.00");
	cd = &d->items[2];
	assert_string_equal(cd->obj_id, "example.xyz");
	assert_int_equal(cd->avail, 0);
	assert_null(cd->fee_class);
	assert_int_equal(cd->commands[0].fee_count, 0);
	assert_non_null(strstr(cd->reason, "Only 1 year"));
	json_has(r, "\"fee\": {\"@description\": \"Registration Fee\", "
	            "\"@refundable\": \"1\", \"@grace-period\": \"P5D\", "
	            "\"#text\": \"10.00\"}");
	json_has(r, "\"class\": \"Premium\"");
	epp_response_free(r);
}

static void
fee_transform_responses(void **state)
{
	epp_response *r = load("rfc8748-fee-create-response.xml");
	const epp_fee_transform_data *d = epp_response_fee_transform(r);

	(void)state;
	assert_non_null(d);
	assert_null(epp_response_fee_check(r));
	assert_string_equal(d->command, "create");
	assert_string_equal(d->currency, "USD");
	assert_int_equal(d->fee_count, 1);
	assert_string_equal(d->fees[0].amount, "5.00");
	assert_string_equal(d->fees[0].grace_period, "P5D");
	assert_int_equal(d->credit_count, 0);
	assert_string_equal(d->balance, "-5.00");
	assert_string_equal(d->credit_limit, "1000.00");
	assert_non_null(epp_response_domain_create(r));
	json_has(r, "\"creData\": {\"currency\": \"USD\"");
	json_has(r, "\"balance\": \"-5.00\", \"creditLimit\": \"1000.00\"");
	epp_response_free(r);

	r = load("rfc8748-fee-delete-response.xml");
	d = epp_response_fee_transform(r);
	assert_non_null(d);
	assert_string_equal(d->command, "delete");
	assert_int_equal(d->fee_count, 0);
	assert_int_equal(d->credit_count, 1);
	assert_string_equal(d->credits[0].amount, "-5.00");
	assert_string_equal(d->credits[0].description, "AGP Credit");
	assert_string_equal(d->balance, "1005.00");
	assert_null(d->credit_limit);
	json_has(r, "\"credit\": {\"@description\": \"AGP Credit\", "
	            "\"#text\": \"-5.00\"}");
	epp_response_free(r);

	r = load("rfc8748-fee-renew-response.xml");
	d = epp_response_fee_transform(r);
	assert_string_equal(d->command, "renew");
	assert_string_equal(d->fees[0].description, "Renewal Fee");
	assert_string_equal(d->balance, "1000.00");
	epp_response_free(r);

	r = load("rfc8748-fee-update-response.xml");
	d = epp_response_fee_transform(r);
	assert_string_equal(d->command, "update");
	assert_int_equal(d->fees[0].refundable, 0);
	assert_string_equal(d->fees[0].applied, "immediate");
	epp_response_free(r);
}

static void
alloc_token_info_response(void **state)
{
	epp_response *r = load("rfc8495-alloc-token-info-response.xml");

	(void)state;
	assert_string_equal(epp_response_allocation_token(r), "abc123");
	assert_non_null(epp_response_domain_info(r));
	json_has(r, "\"allocationToken\": \"abc123\"");
	epp_response_free(r);
	r = load("rfc8748-fee-create-response.xml");
	assert_null(epp_response_allocation_token(r));
	epp_response_free(r);
}

static void
change_poll_responses(void **state)
{
	epp_response *r = load("rfc8590-change-poll-update-response.xml");
	const epp_change_poll_data *d = epp_response_change_poll(r);

	(void)state;
	assert_non_null(d);
	assert_string_equal(d->state, "after");
	assert_string_equal(d->operation, "update");
	assert_null(d->operation_op);
	assert_string_equal(d->date, "2013-10-22T14:25:57.0Z");
	assert_string_equal(d->sv_trid, "12345-XYZ");
	assert_string_equal(d->who, "URS Admin");
	assert_string_equal(d->case_id, "urs123");
	assert_string_equal(d->case_type, "urs");
	assert_null(d->case_name);
	assert_string_equal(d->reason, "URS Lock");
	assert_null(d->reason_lang);
	assert_string_equal(epp_response_msgq(r)->id, "1");
	assert_int_equal(epp_response_domain_info(r)->status_count, 3);
	json_has(r, "\"changeData\": {\"operation\": \"update\"");
	json_has(r, "\"caseId\": {\"@type\": \"urs\", \"#text\": "
	            "\"urs123\"}");
	epp_response_free(r);

	r = load("rfc8590-change-poll-before-response.xml");
	d = epp_response_change_poll(r);
	assert_string_equal(d->state, "before");
	assert_string_equal(d->operation, "custom");
	assert_string_equal(d->operation_op, "sync");
	assert_string_equal(d->case_type, "custom");
	assert_string_equal(d->case_name, "ticket");
	assert_string_equal(d->reason_lang, "en");
	epp_response_free(r);
}

static void
loginsec_response(void **state)
{
	epp_response *r = load("rfc8807-loginsec-login-response.xml");
	const epp_loginsec_data *d = epp_response_loginsec(r);

	(void)state;
	assert_non_null(d);
	assert_int_equal(d->count, 6);
	assert_string_equal(d->events[0].type, "password");
	assert_string_equal(d->events[0].level, "warning");
	assert_string_equal(d->events[0].ex_date, "2020-03-24T00:00:00Z");
	assert_string_equal(d->events[0].text, "Password expiring in a week");
	assert_string_equal(d->events[1].type, "certificate");
	assert_null(d->events[1].text);
	assert_string_equal(d->events[2].value,
	                    "TLS_RSA_WITH_AES_128_CBC_SHA256");
	assert_string_equal(d->events[4].name, "failedLogins");
	assert_string_equal(d->events[4].duration, "P1D");
	assert_string_equal(d->events[5].type, "custom");
	json_has(r, "\"event\": [{\"@type\": \"password\"");
	epp_response_free(r);
}

static void
unhandled_namespaces(void **state)
{
	epp_response *r = load("rfc9038-unhandled-info-response.xml");
	const epp_unhandled_data *d = epp_response_unhandled(r);

	(void)state;
	assert_non_null(d);
	assert_int_equal(d->count, 1);
	assert_string_equal(d->items[0].uri,
	                    "urn:ietf:params:xml:ns:secDNS-1.1");
	assert_string_equal(d->items[0].name, "infData");
	assert_non_null(strstr(d->items[0].xml,
	                       "<secDNS:keyTag>12345</secDNS:keyTag>"));
	assert_non_null(strstr(d->items[0].xml, "xmlns:secDNS="));
	/* not typed as secDNS: the element is not in <extension> */
	assert_null(epp_response_secdns_info(r));
	json_has(r, "\"extValue\": {\"value\": {\"infData\"");
	epp_response_free(r);

	r = load("rfc9038-unhandled-poll-response.xml");
	d = epp_response_unhandled(r);
	assert_non_null(d);
	assert_string_equal(d->items[0].uri, EPP_CHANGE_POLL_NS);
	assert_string_equal(d->items[0].name, "changeData");
	assert_null(epp_response_change_poll(r));
	epp_response_free(r);

	/* an ordinary extValue (RFC 5730 error detail) is not one */
	r = load("../samples/rfc5730-error-2004-2005-extValue-response.xml");
	assert_int_equal(epp_response_result(r, 1)->ext_value_count, 1);
	assert_null(epp_response_unhandled(r));
	epp_response_free(r);
}

static void
secure_authinfo(void **state)
{
	const char *create = "{\"cmd\": \"domain_create\", \"args\": "
	                     "{\"name\": \"example.com\", \"registrant\": "
	                     "\"jd1234\", \"period\": 1, "
	                     "\"period_units\": \"y\"}}";
	const char *unset = "{\"cmd\": \"domain_update\", \"args\": "
	                    "{\"name\": \"example.com\", "
	                    "\"auth_info_null\": true}}";
	char a[EPP_AUTHINFO_GEN_LEN + 1], b[EPP_AUTHINFO_GEN_LEN + 1];
	epp_command *c;
	epp_error err;

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	        epp_json_to_command(&c, create, strlen(create), CLTRID, &err),
	        EPP_OK);
	assert_non_null(strstr(epp_command_xml(c, NULL),
	                       "<domain:authInfo><domain:pw/>"
	                       "</domain:authInfo>"));
	epp_command_free(c);
	assert_int_equal(
	        epp_json_to_command(&c, unset, strlen(unset), CLTRID, &err),
	        EPP_OK);
	assert_non_null(strstr(epp_command_xml(c, NULL),
	                       "<domain:chg><domain:authInfo><domain:null/>"
	                       "</domain:authInfo></domain:chg>"));
	epp_command_free(c);

	assert_int_equal(epp_authinfo_generate(a, sizeof(a)), EPP_OK);
	assert_int_equal(epp_authinfo_generate(b, sizeof(b)), EPP_OK);
	assert_int_equal(strlen(a), EPP_AUTHINFO_GEN_LEN);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	                           "opqrstuvwxyz0123456789-_"),
	                 EPP_AUTHINFO_GEN_LEN);
	assert_string_not_equal(a, b);
	assert_int_equal(epp_authinfo_generate(a, EPP_AUTHINFO_GEN_LEN),
	                 EPP_EINVAL);
}

/* A JSON request that must be refused with `field` named in the error
 * and `secret` (if any) nowhere in it. */
static void
refused(const char *json, const char *field, const char *secret)
{
	epp_command *c = NULL;
	epp_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(
	        epp_json_to_command(&c, json, strlen(json), CLTRID, &err),
	        EPP_EINVAL);
	assert_null(c);
	if (strstr(err.text, field) == NULL)
		fail_msg("error \"%s\" does not name %s", err.text, field);
	if (secret && strstr(err.text, secret))
		fail_msg("error \"%s\" quotes a secret", err.text);
}

static void
invalid_fee_and_token_args(void **state)
{
	(void)state;
	refused("{\"cmd\": \"domain_check\", \"args\": {\"domains\": [\"a.b\"],"
	        " \"fee\": {\"currency\": \"usd\"}}}",
	        "fee.currency", NULL);
	refused("{\"cmd\": \"domain_check\", \"args\": {\"domains\": [\"a.b\"],"
	        " \"fee\": {\"commands\": [\"buy\"]}}}",
	        "fee.commands", NULL);
	refused("{\"cmd\": \"domain_check\", \"args\": {\"domains\": [\"a.b\"],"
	        " \"fee\": {\"commands\": [\"custom\"]}}}",
	        "fee.custom_name", NULL);
	refused("{\"cmd\": \"domain_check\", \"args\": {\"domains\": [\"a.b\"],"
	        " \"fee\": {\"commands\": []}}}",
	        "fee.commands", NULL);
	refused("{\"cmd\": \"domain_renew\", \"args\": {\"name\": \"a.b\", "
	        "\"cur_exp_date\": \"2000-01-01\", \"period\": 1, "
	        "\"period_units\": \"y\", \"fee\": \"-5.00\"}}",
	        "fee.fees", NULL);
	refused("{\"cmd\": \"domain_renew\", \"args\": {\"name\": \"a.b\", "
	        "\"cur_exp_date\": \"2000-01-01\", \"period\": 1, "
	        "\"period_units\": \"y\", \"fee\": \"5,00\"}}",
	        "fee.fees", NULL);
	refused("{\"cmd\": \"domain_renew\", \"args\": {\"name\": \"a.b\", "
	        "\"cur_exp_date\": \"2000-01-01\", \"period\": 1, "
	        "\"period_units\": \"y\", \"fee\": {\"fees\": [\"1\"], "
	        "\"credits\": [\"2.00\"]}}}",
	        "fee.credits", NULL);
	refused("{\"cmd\": \"domain_renew\", \"args\": {\"name\": \"a.b\", "
	        "\"cur_exp_date\": \"2000-01-01\", \"period\": 1, "
	        "\"period_units\": \"y\", \"fee\": {\"amount\": \"1\", "
	        "\"applied\": \"later\"}}}",
	        "fee.applied", NULL);
	refused("{\"cmd\": \"domain_create\", \"args\": {\"name\": \"a.b\", "
	        "\"registrant\": \"jd1234\", \"period\": 1, "
	        "\"period_units\": \"y\", \"allocation_token\": "
	        "\"se\\u0001cret\"}}",
	        "allocation_token",
	        "se\x01"
	        "cret");
	refused("{\"cmd\": \"domain_check\", \"args\": {\"domains\": [\"a.b\"],"
	        " \"allocation_token\": 5}}",
	        "allocation_token", NULL);
}

static void
launch_responses(void **state)
{
	epp_response *r = load("rfc8334-launch-claims-check-response.xml");
	const epp_launch_check_data *c = epp_response_launch_check(r);
	const epp_launch_data *d;

	(void)state;
	assert_non_null(c);
	assert_string_equal(c->phase, "claims");
	assert_int_equal(c->count, 3);
	assert_string_equal(c->items[0].name, "example1.tld");
	assert_int_equal(c->items[0].exists, 0);
	assert_int_equal(c->items[0].claim_key_count, 0);
	assert_int_equal(c->items[1].exists, 1);
	assert_string_equal(
	        c->items[1].claim_keys[0].key,
	        "2013041500/2/6/9/rJ1NrDO92vDsAzf7EQzgjX4R0000000001");
	assert_string_equal(c->items[1].claim_keys[0].validator_id, "tmch");
	assert_int_equal(c->items[2].claim_key_count, 2);
	assert_string_equal(c->items[2].claim_keys[1].validator_id,
	                    "custom-tmch");
	assert_null(epp_response_launch_info(r));
	json_has(r, "\"name\": {\"@exists\": \"1\", \"#text\": "
	            "\"example2.tld\"}, \"claimKey\": {\"@validatorID\": "
	            "\"tmch\"");
	epp_response_free(r);

	r = load("rfc8334-launch-create-response.xml");
	d = epp_response_launch_create(r);
	assert_non_null(d);
	assert_string_equal(d->phase, "sunrise");
	assert_string_equal(d->application_id, "2393-9323-E08C-03B1");
	assert_null(d->status);
	assert_int_equal(d->mark_count, 0);
	epp_response_free(r);

	r = load("rfc8334-launch-info-response.xml");
	d = epp_response_launch_info(r);
	assert_non_null(d);
	assert_string_equal(d->application_id, "abc123");
	assert_string_equal(d->status, "pendingValidation");
	assert_null(d->status_text);
	assert_int_equal(d->mark_count, 1);
	assert_non_null(strstr(d->marks[0], "<mark:markName>Example One"
	                                    "</mark:markName>"));
	assert_non_null(strstr(d->marks[0], "xmlns:mark="));
	json_has(r, "\"markName\": \"Example One\"");
	epp_response_free(r);
}

static void
invalid_launch_args(void **state)
{
	(void)state;
	refused("{\"cmd\": \"domain_check\", \"args\": {\"domains\": [\"a.b\"],"
	        " \"launch\": {\"phase\": \"early\"}}}",
	        "launch.phase", NULL);
	refused("{\"cmd\": \"domain_check\", \"args\": {\"domains\": [\"a.b\"],"
	        " \"launch\": {\"type\": \"claimz\"}}}",
	        "launch.type", NULL);
	refused("{\"cmd\": \"domain_info\", \"args\": {\"name\": \"a.b\","
	        " \"launch\": {}}}",
	        "launch.phase: is required", NULL);
	refused("{\"cmd\": \"domain_delete\", \"args\": {\"name\": \"a.b\","
	        " \"launch\": {\"phase\": \"sunrise\"}}}",
	        "launch.application_id: is required", NULL);
	refused("{\"cmd\": \"domain_create\", \"args\": {\"name\": \"a.b\", "
	        "\"registrant\": \"jd1234\", \"period\": 1, "
	        "\"period_units\": \"y\", \"launch\": {\"phase\": "
	        "\"custom\"}}}",
	        "launch.phase_name: is required", NULL);
	refused("{\"cmd\": \"domain_create\", \"args\": {\"name\": \"a.b\", "
	        "\"registrant\": \"jd1234\", \"period\": 1, "
	        "\"period_units\": \"y\", \"launch\": {\"phase\": "
	        "\"sunrise\", \"encoded_signed_mark\": \"<smd/>\"}}}",
	        "launch.encoded_signed_mark[0]: is not base64", NULL);
	refused("{\"cmd\": \"domain_create\", \"args\": {\"name\": \"a.b\", "
	        "\"registrant\": \"jd1234\", \"period\": 1, "
	        "\"period_units\": \"y\", \"launch\": {\"phase\": "
	        "\"sunrise\", \"encoded_signed_mark\": \"QUJD\", "
	        "\"code_marks\": [{\"code\": \"x\"}]}}}",
	        "cannot be mixed", NULL);
	refused("{\"cmd\": \"domain_create\", \"args\": {\"name\": \"a.b\", "
	        "\"registrant\": \"jd1234\", \"period\": 1, "
	        "\"period_units\": \"y\", \"launch\": {\"phase\": "
	        "\"sunrise\", \"code_marks\": [{\"mark_xml\": \"<mark>\"}]}}}",
	        "launch.mark_xml: is not well-formed", NULL);
	refused("{\"cmd\": \"domain_create\", \"args\": {\"name\": \"a.b\", "
	        "\"registrant\": \"jd1234\", \"period\": 1, "
	        "\"period_units\": \"y\", \"launch\": {\"phase\": "
	        "\"claims\", \"notices\": [{\"notice_id\": \"n1\", "
	        "\"not_after\": \"tomorrow\", \"accepted_date\": "
	        "\"2014-06-19T09:00:00Z\"}]}}}",
	        "launch.not_after", NULL);
}

static void
orgext_response_and_args(void **state)
{
	epp_response *r = load("rfc8544-orgext-info-response.xml");
	const epp_orgext_data *d = epp_response_orgext(r);

	(void)state;
	assert_non_null(d);
	assert_int_equal(d->count, 2);
	assert_string_equal(d->ids[0].role, "reseller");
	assert_string_equal(d->ids[0].id, "reseller1523");
	assert_string_equal(d->ids[1].role, "privacyproxy");
	json_has(r, "\"infData\": {\"id\": [{\"@role\": \"reseller\", "
	            "\"#text\": \"reseller1523\"}");
	epp_response_free(r);
	refused("{\"cmd\": \"domain_create\", \"args\": {\"name\": \"a.b\", "
	        "\"registrant\": \"jd1234\", \"period\": 1, "
	        "\"period_units\": \"y\", \"orgs\": [{\"role\": "
	        "\"reseller\"}]}}",
	        "orgs[0]: is required", NULL);
	refused("{\"cmd\": \"domain_update\", \"args\": {\"name\": \"a.b\", "
	        "\"add_orgs\": [{\"id\": \"x1\"}]}}",
	        "add_orgs[0]", NULL);
}

static void
org_object(void **state)
{
	epp_response *r = load("rfc8543-org-info-response.xml");
	const epp_org_info_data *d = epp_response_org_info(r);
	const epp_check_data *chk;
	epp_org_check_args ca = EPP_ORG_CHECK_ARGS_INIT;
	const char *ids[] = {"ab"};
	epp_command *c = NULL;
	epp_error err;

	(void)state;
	assert_non_null(d);
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_ORG_INF);
	assert_string_equal(d->id, "res1523");
	assert_string_equal(d->roid, "res1523-REP");
	assert_int_equal(d->role_count, 1);
	assert_string_equal(d->roles[0].type, "reseller");
	assert_string_equal(d->roles[0].role_id, "1523");
	assert_int_equal(d->roles[0].status_count, 2);
	assert_string_equal(d->roles[0].statuses[1], "linked");
	assert_int_equal(d->status_count, 2);
	assert_string_equal(d->statuses[0], "ok");
	assert_string_equal(d->parent_id, "1523res");
	assert_string_equal(d->name, "Example Organization Inc.");
	assert_string_equal(d->city, "Dulles");
	assert_string_equal(d->cc, "US");
	assert_string_equal(d->voice, "+1.7035555555");
	assert_string_equal(d->url, "https://organization.example");
	assert_int_equal(d->contact_count, 3);
	assert_string_equal(d->contacts[2].type, "custom");
	assert_string_equal(d->cl_id, "ClientX");
	assert_string_equal(d->up_date, "1999-12-03T09:00:00.0Z");
	json_has(r, "\"role\": {\"type\": \"reseller\", \"status\": "
	            "[\"ok\", \"linked\"], \"roleID\": \"1523\"}");
	epp_response_free(r);

	r = load("rfc8543-org-check-response.xml");
	chk = epp_response_check(r);
	assert_non_null(chk);
	assert_int_equal(chk->count, 3);
	assert_string_equal(chk->items[1].name, "re1523");
	assert_int_equal(chk->items[1].avail, 0);
	assert_string_equal(chk->items[1].reason, "In use");
	assert_null(epp_response_org_info(r));
	epp_response_free(r);

	/* ids are clIDType: 3-16 characters */
	memset(&err, 0, sizeof(err));
	ca.ids = ids;
	ca.count = 1;
	assert_int_equal(epp_org_check_build(&c, &ca, CLTRID, &err),
	                 EPP_EINVAL);
	assert_non_null(strstr(err.text, "orgs[0]"));
	refused("{\"cmd\": \"org_create\", \"args\": {\"id\": \"res1523\"}}",
	        "roles: at least one role", NULL);
	refused("{\"cmd\": \"org_create\", \"args\": {\"id\": \"res1523\", "
	        "\"roles\": [{\"type\": \"reseller\"}], \"contacts\": "
	        "[{\"type\": \"boss\", \"id\": \"sh8013\"}]}}",
	        "contacts[0]", NULL);
	refused("{\"cmd\": \"org_create\", \"args\": {\"id\": \"res1523\", "
	        "\"roles\": [{\"type\": \"reseller\"}], \"postal\": "
	        "{\"city\": \"Dulles\", \"cc\": \"USA\"}}}",
	        "postal.cc", NULL);
	refused("{\"cmd\": \"org_info\", \"args\": {}}", "id: is required",
	        NULL);
	refused("{\"cmd\": \"org_update\", \"args\": {\"id\": \"res1523\"}}",
	        "needs something to add", NULL);
	refused("{\"cmd\": \"org_update\", \"args\": {\"id\": \"res1523\", "
	        "\"add_statuses\": [\"ok\", \"frozen\"]}}",
	        "add_statuses[1]", NULL);
	refused("{\"cmd\": \"org_update\", \"args\": {\"id\": \"res1523\", "
	        "\"remove_contacts\": [{\"type\": \"boss\", \"id\": "
	        "\"sh8013\"}]}}",
	        "remove_contacts[0]", NULL);
	refused("{\"cmd\": \"org_update\", \"args\": {\"id\": \"res1523\", "
	        "\"postal\": {\"street\": \"1 Main St\"}}}",
	        "postal.city", NULL);
	refused("{\"cmd\": \"org_update\", \"args\": {\"id\": \"res1523\", "
	        "\"postal\": {\"type\": \"loc\"}}}",
	        "postal.name", NULL);
}

static void
raw_extension_xml(void **state)
{
	const epp_xml_ns promo = {"x", "urn:example:promo-1.0"};
	epp_host_name_args h = EPP_HOST_NAME_ARGS_INIT;
	epp_ext_arg ext[] = {
	        {EPP_EXT_RAW, "<p:a xmlns:p=\"urn:p\">&lt;1&gt;</p:a>"}};
	epp_response *r;
	epp_command *c;
	epp_error err;
	char **v;
	size_t n;

	(void)state;
	refused("{\"cmd\": \"host_info\", \"args\": {\"name\": \"a.b\", "
	        "\"extension_xml\": \"<x:a xmlns:x='u'>\"}}",
	        "extension_xml: is not well-formed", NULL);
	refused("{\"cmd\": \"host_info\", \"args\": {\"name\": \"a.b\", "
	        "\"extension_xml\": \"<!DOCTYPE a [<!ENTITY e 'x'>]>"
	        "<x:a xmlns:x='u'>&e;</x:a>\"}}",
	        "extension_xml: is not well-formed", NULL);
	refused("{\"cmd\": \"host_info\", \"args\": {\"name\": \"a.b\", "
	        "\"extension_xml\": \"<a/>\"}}",
	        "extension_xml: elements must be in a declared namespace",
	        NULL);
	/* an unbound prefix: the parser itself refuses it */
	refused("{\"cmd\": \"host_info\", \"args\": {\"name\": \"a.b\", "
	        "\"extension_xml\": \"<x:a xmlns:x='u'><y:b/></x:a>\"}}",
	        "extension_xml: is not well-formed", NULL);
	refused("{\"cmd\": \"host_info\", \"args\": {\"name\": \"a.b\", "
	        "\"extension_xml\": \"text only\"}}",
	        "extension_xml: holds no element", NULL);
	refused("{\"cmd\": \"host_info\", \"args\": {\"name\": \"a.b\", "
	        "\"extension_xml\": \"<x:a xmlns:x='u'/></eppkit-raw>"
	        "<eppkit-raw>\"}}",
	        "extension_xml: is not well-formed", NULL);
	refused("{\"cmd\": \"host_info\", \"args\": {\"name\": \"a.b\", "
	        "\"extension_xml\": [\"<x:a xmlns:x='u'/>\"]}}",
	        "extension_xml: must be a string", NULL);

	/* C API: the text stays escaped, the element is a node */
	memset(&err, 0, sizeof(err));
	h.name = "ns1.example.com";
	h.ext = ext;
	h.ext_count = 1;
	assert_int_equal(epp_host_info_build(&c, &h, CLTRID, &err), EPP_OK);
	assert_non_null(strstr(epp_command_xml(c, NULL),
	                       "<extension><p:a xmlns:p=\"urn:p\">&lt;1&gt;"
	                       "</p:a></extension><clTRID>"));
	epp_command_free(c);

	/* a registry extension in a reply: compat JSON and XPath */
	r = load("registry-private-ext-response.xml");
	json_has(r, "\"extension\": {\"promoData\": {\"code\": \"SPRING\", "
	            "\"discount\": {\"@percent\": \"10\", \"#text\": "
	            "\"5.00\"}}}");
	assert_int_equal(epp_response_xpath(&v, &n, r,
	                                    "//x:promoData/x:discount/@percent",
	                                    &promo, 1),
	                 EPP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "10");
	epp_strings_free(v);
	epp_response_free(r);
}

static void
c_api_checks(void **state)
{
	epp_domain_delete_args del = EPP_DOMAIN_DELETE_ARGS_INIT;
	epp_domain_info_args inf = EPP_DOMAIN_INFO_ARGS_INIT;
	epp_fee fee = EPP_FEE_INIT;
	epp_alloc_token tok = EPP_ALLOC_TOKEN_INIT;
	epp_fee_fee fees[] = {{"5.00", NULL, NULL, -1, NULL, NULL}};
	epp_ext_arg ext[] = {{EPP_EXT_FEE, &fee}};
	epp_ext_arg text[] = {{EPP_EXT_ALLOC_TOKEN, &tok}};
	epp_command *c = NULL;
	epp_error err;

	(void)state;
	memset(&err, 0, sizeof(err));
	/* fee-1.0 has no <fee:delete>: refused on a delete */
	fee.fees = fees;
	fee.fee_count = 1;
	del.name = "example.com";
	del.ext = ext;
	del.ext_count = 1;
	assert_int_equal(epp_domain_delete_build(&c, &del, CLTRID, &err),
	                 EPP_EINVAL);
	assert_non_null(strstr(err.text, "fee"));
	/* a domain info asks for the token, it does not send one */
	tok.token = "abc123";
	inf.name = "example.com";
	inf.ext = text;
	inf.ext_count = 1;
	assert_int_equal(epp_domain_info_build(&c, &inf, CLTRID, &err),
	                 EPP_EINVAL);
	assert_null(strstr(err.text, "abc123"));
	tok.token = NULL;
	tok.info = 1;
	assert_int_equal(epp_domain_info_build(&c, &inf, CLTRID, &err), EPP_OK);
	assert_non_null(strstr(epp_command_xml(c, NULL),
	                       "<allocationToken:info xmlns:allocationToken="
	                       "\"urn:ietf:params:xml:ns:allocationToken-1.0\""
	                       "/>"));
	epp_command_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fee_check_response),
	        cmocka_unit_test(fee_transform_responses),
	        cmocka_unit_test(alloc_token_info_response),
	        cmocka_unit_test(change_poll_responses),
	        cmocka_unit_test(loginsec_response),
	        cmocka_unit_test(unhandled_namespaces),
	        cmocka_unit_test(secure_authinfo),
	        cmocka_unit_test(invalid_fee_and_token_args),
	        cmocka_unit_test(launch_responses),
	        cmocka_unit_test(invalid_launch_args),
	        cmocka_unit_test(orgext_response_and_args),
	        cmocka_unit_test(org_object),
	        cmocka_unit_test(raw_extension_xml),
	        cmocka_unit_test(c_api_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
