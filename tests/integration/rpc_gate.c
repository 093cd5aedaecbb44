/*
 * Every typed helper of libepprpc against epp-gate and epp-sim (two
 * registrars, one gate each; started by scripts/demo.sh --run, which sets
 * RPC_R1_CONF and RPC_R2_CONF). Each reply is checked for its result class
 * and against the golden case of its cmd (tests/data/<cmd>/result.json):
 * the same resData element and the identifying children it has there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "epprpc/epprpc.h"

static epprpc_client *r1, *r2;
static char dom[64], dom2[64], host[96], cid[32], cid2[32];
static const char *const auth = "Tr4nsf3r-pw";

static const json_t *
path(const json_t *j, const char *a, const char *b, const char *c)
{
	j = json_object_get(json_object_get(j, "epp"), "response");
	j = json_object_get(j, a);
	if (b)
		j = json_object_get(j, b);
	if (c)
		j = json_object_get(j, c);
	return j;
}

/* Children that identify a result element; the rest may differ between
 * the golden registry and epp-sim. */
static int
identifying(const char *k)
{
	static const char *const keys[] = {"cd",       "name",   "id", "exDate",
	                                   "trStatus", "crDate", NULL};
	size_t i;

	for (i = 0; keys[i]; i++)
		if (strcmp(k, keys[i]) == 0)
			return 1;
	return 0;
}

static int
result_code(const json_t *reply)
{
	int code;

	epprpc_reply_result(reply, &code, NULL);
	return code;
}

/* like_golden: `reply` has the resData shape of the golden case. */
static void
like_golden(const json_t *reply, const char *cmd)
{
	char file[512];
	json_t *golden;
	const json_t *g, *r, *gv;
	const char *k1, *k2;

	snprintf(file, sizeof(file), "%s/tests/data/%s/result.json",
	         EPPKIT_SOURCE_DIR, cmd);
	golden = json_load_file(file, 0, NULL);
	assert_non_null(golden);
	/* What a poll message holds depends on the message (the golden one
	 * is a panData, ours transfers): compare the queue part. */
	if (strcmp(cmd, "poll_req") == 0) {
		assert_non_null(path(golden, "msgQ", NULL, NULL));
		if (result_code(reply) == 1300) {
			json_decref(golden);
			return;
		}
		if (path(reply, "msgQ", NULL, NULL) == NULL ||
		    json_object_get(path(reply, "msgQ", NULL, NULL), "@id") ==
		            NULL)
			fail_msg("poll_req: reply has no msgQ with an id");
		json_decref(golden);
		return;
	}
	g = path(golden, "resData", NULL, NULL);
	r = path(reply, "resData", NULL, NULL);
	if (g == NULL) {
		json_decref(golden);
		return;
	}
	json_object_foreach((json_t *)(uintptr_t)g, k1, gv)
	{
		const json_t *rv = json_object_get(r, k1);
		const json_t *x;
		if (k1[0] == '@')
			continue;
		if (rv == NULL)
			fail_msg("%s: reply has no resData.%s", cmd, k1);
		json_object_foreach((json_t *)(uintptr_t)gv, k2, x)
		{
			if (identifying(k2) && json_object_get(rv, k2) == NULL)
				fail_msg("%s: reply has no resData.%s.%s", cmd,
				         k1, k2);
		}
	}
	json_decref(golden);
}

/* expect: the helper returned a reply of class `cls`; check the shape for
 * successes; free the reply unless kept. */
static json_t *
expect(int rc, json_t **replyp, epprpc_result_class cls, const char *cmd,
       int keep)
{
	json_t *reply = *replyp;
	const char *msg;
	int code;

	if (rc != EPPRPC_OK)
		fail_msg("%s: %s: %s", cmd, epprpc_strerror(rc),
		         epprpc_last_error());
	if (epprpc_reply_result(reply, &code, &msg) != cls)
		fail_msg("%s: got %d %s, expected %s", cmd, code,
		         msg ? msg : "", epprpc_result_class_name(cls));
	if (cls == EPPRPC_RESULT_SUCCESS)
		like_golden(reply, cmd);
	if (!keep) {
		json_decref(reply);
		*replyp = NULL;
		return NULL;
	}
	return reply;
}

static void
contacts_and_hosts(void **state)
{
	epprpc_postal pi[2] = {
	        {"int",
	         "Ada Owner",
	         "Example Shop",
	         {"1 Main Street", NULL, NULL},
	         "Springfield",
	         "IL",
	         "62701",
	         "US"},
	        {"loc",
	         "Ada Öwner",
	         NULL,
	         {"Hauptstraße 1", "Hof", NULL},
	         "Zürich",
	         NULL,
	         "8001",
	         "CH"},
	};
	epprpc_contact ct = {
	        cid, "+1.5555550100", NULL, "ada@example.net", "C0ntact-pw", pi,
	        2};
	epprpc_domain_create_args d = {dom2, cid, NULL, 0,   1,
	                               "y",  cid, NULL, cid, auth};
	epprpc_ip ips[2] = {{"192.0.2.10", NULL}, {"2001:db8::10", NULL}};
	const char *ids[] = {cid, cid2};
	const char *hosts[] = {host};
	json_t *reply;

	(void)state;
	expect(epprpc_contact_check(&reply, r1, ids, 2), &reply,
	       EPPRPC_RESULT_SUCCESS, "contact_check", 0);
	expect(epprpc_contact_create(&reply, r1, &ct), &reply,
	       EPPRPC_RESULT_SUCCESS, "contact_create", 0);
	reply = expect(epprpc_contact_info(&reply, r1, cid, NULL), &reply,
	               EPPRPC_RESULT_SUCCESS, "contact_info", 1);
	assert_string_equal(
	        json_string_value(json_object_get(
	                path(reply, "resData", "infData", NULL), "email")),
	        "ada@example.net");
	json_decref(reply);
	ct.voice = "+1.5555550199";
	ct.email = NULL;
	ct.auth_info = NULL;
	ct.n_postal = 0;
	expect(epprpc_contact_update(&reply, r1, &ct), &reply,
	       EPPRPC_RESULT_SUCCESS, "contact_update", 0);
	ct.id = cid2;
	ct.email = "spare@example.net";
	ct.n_postal = 1;
	expect(epprpc_contact_create(&reply, r1, &ct), &reply,
	       EPPRPC_RESULT_SUCCESS, "contact_create", 0);
	expect(epprpc_contact_delete(&reply, r1, cid2), &reply,
	       EPPRPC_RESULT_SUCCESS, "contact_delete", 0);
	expect(epprpc_contact_info(&reply, r1, cid2, NULL), &reply,
	       EPPRPC_RESULT_OBJECT_NOT_EXIST, "contact_info", 0);

	/* A host in a zone of ours needs its domain first. */
	expect(epprpc_domain_create(&reply, r1, &d), &reply,
	       EPPRPC_RESULT_SUCCESS, "domain_create", 0);
	expect(epprpc_host_check(&reply, r1, hosts, 1), &reply,
	       EPPRPC_RESULT_SUCCESS, "host_check", 0);
	expect(epprpc_host_create(&reply, r1, host, ips, 2), &reply,
	       EPPRPC_RESULT_SUCCESS, "host_create", 0);
	reply = expect(epprpc_host_info(&reply, r1, host), &reply,
	               EPPRPC_RESULT_SUCCESS, "host_info", 1);
	assert_non_null(path(reply, "resData", "infData", "addr"));
	json_decref(reply);
	expect(epprpc_host_create(&reply, r1, host, ips, 2), &reply,
	       EPPRPC_RESULT_OBJECT_EXISTS, "host_create", 0);
}

static void
domain_life_and_transfer(void **state)
{
	const char *names[] = {dom, "taken-or-not.example"};
	const char *ns[] = {host};
	epprpc_domain_create_args d = {dom, cid, ns,  1,   1,
	                               "y", cid, cid, cid, auth};
	epprpc_secdns ds = {"12345",
	                    "13",
	                    "2",
	                    "8A9CEBB665B78E0142F1CEF47CC9F4205F600685F6E8F9F3"
	                    "C9A6EAAE4B9AF7E0",
	                    NULL,
	                    NULL,
	                    NULL,
	                    NULL,
	                    NULL,
	                    0};
	epprpc_status hold = {"clientHold", "payment overdue"};
	epprpc_domain_update_args u;
	json_t *reply;
	const json_t *v;
	char exp[11], id[32];

	(void)state;
	reply = expect(epprpc_domain_check(&reply, r1, names, 2), &reply,
	               EPPRPC_RESULT_SUCCESS, "domain_check", 1);
	/* Two names: "cd" is a list (docs/protocol.md). */
	assert_int_equal(
	        json_array_size(path(reply, "resData", "chkData", "cd")), 2);
	json_decref(reply);
	expect(epprpc_domain_create(&reply, r1, &d), &reply,
	       EPPRPC_RESULT_SUCCESS, "domain_create", 0);
	expect(epprpc_domain_create(&reply, r1, &d), &reply,
	       EPPRPC_RESULT_OBJECT_EXISTS, "domain_create", 0);
	reply = expect(epprpc_domain_info(&reply, r1, dom, NULL), &reply,
	               EPPRPC_RESULT_SUCCESS, "domain_info", 1);
	v = json_object_get(path(reply, "resData", "infData", NULL), "exDate");
	assert_non_null(json_string_value(v));
	snprintf(exp, sizeof(exp), "%.10s", json_string_value(v));
	json_decref(reply);
	expect(epprpc_domain_renew(&reply, r1, dom, exp, 1, "y"), &reply,
	       EPPRPC_RESULT_SUCCESS, "domain_renew", 0);
	expect(epprpc_domain_renew(&reply, r1, dom, exp, 1, "y"), &reply,
	       EPPRPC_RESULT_UNEXPECTED, "domain_renew", 0); /* 2306 */

	memset(&u, 0, sizeof(u));
	u.name = dom;
	u.add_secdns = &ds;
	u.add_statuses = &hold;
	u.n_add_statuses = 1;
	expect(epprpc_domain_update(&reply, r1, &u), &reply,
	       EPPRPC_RESULT_SUCCESS, "domain_update", 0);
	reply = expect(epprpc_domain_info(&reply, r1, dom, NULL), &reply,
	               EPPRPC_RESULT_SUCCESS, "domain_info", 1);
	v = json_object_get(
	        json_object_get(path(reply, "extension", "infData", "dsData"),
	                        "keyTag"),
	        "#text");
	if (v == NULL)
		v = json_object_get(
		        path(reply, "extension", "infData", "dsData"),
		        "keyTag");
	assert_string_equal(json_string_value(v), "12345");
	json_decref(reply);
	memset(&u, 0, sizeof(u));
	u.name = dom;
	u.remove_statuses = &hold;
	u.n_remove_statuses = 1;
	expect(epprpc_domain_update(&reply, r1, &u), &reply,
	       EPPRPC_RESULT_SUCCESS, "domain_update", 0);

	/* registrar2 asks, registrar1 is told and approves, registrar2 is
	 * told. */
	reply = expect(epprpc_domain_transfer(&reply, r2, dom, "request",
	                                      "wrong-pw1", 0, NULL),
	               &reply, EPPRPC_RESULT_UNEXPECTED, "domain_transfer", 1);
	assert_int_equal(result_code(reply), 2202);
	json_decref(reply);
	reply = expect(epprpc_domain_transfer(&reply, r2, dom, "request", auth,
	                                      0, NULL),
	               &reply, EPPRPC_RESULT_SUCCESS, "domain_transfer", 1);
	assert_int_equal(result_code(reply), 1001);
	json_decref(reply);
	expect(epprpc_domain_transfer(&reply, r2, dom, "query", auth, 0, NULL),
	       &reply, EPPRPC_RESULT_SUCCESS, "domain_transfer", 0);
	reply = expect(epprpc_poll_req(&reply, r1), &reply,
	               EPPRPC_RESULT_SUCCESS, "poll_req", 1);
	assert_int_equal(result_code(reply), 1301);
	snprintf(id, sizeof(id), "%s",
	         json_string_value(json_object_get(
	                 path(reply, "msgQ", NULL, NULL), "@id")));
	json_decref(reply);
	expect(epprpc_poll_ack(&reply, r1, id), &reply, EPPRPC_RESULT_SUCCESS,
	       "poll_ack", 0);
	expect(epprpc_domain_transfer(&reply, r1, dom, "approve", NULL, 0,
	                              NULL),
	       &reply, EPPRPC_RESULT_SUCCESS, "domain_transfer", 0);
	reply = expect(epprpc_poll_req(&reply, r2), &reply,
	               EPPRPC_RESULT_SUCCESS, "poll_req", 1);
	snprintf(id, sizeof(id), "%s",
	         json_string_value(json_object_get(
	                 path(reply, "msgQ", NULL, NULL), "@id")));
	json_decref(reply);
	expect(epprpc_poll_ack(&reply, r2, id), &reply, EPPRPC_RESULT_SUCCESS,
	       "poll_ack", 0);
	reply = expect(epprpc_poll_req(&reply, r2), &reply,
	               EPPRPC_RESULT_SUCCESS, "poll_req", 1);
	assert_int_equal(result_code(reply), 1300); /* queue empty */
	json_decref(reply);

	/* registrar2 deletes it and restores it. */
	expect(epprpc_domain_delete(&reply, r1, dom), &reply,
	       EPPRPC_RESULT_AUTHORIZATION, "domain_delete", 0);
	expect(epprpc_domain_delete(&reply, r2, dom), &reply,
	       EPPRPC_RESULT_SUCCESS, "domain_delete", 0);
	memset(&u, 0, sizeof(u));
	u.name = dom;
	u.rgp_restore = 1;
	reply = expect(epprpc_domain_update(&reply, r2, &u), &reply,
	               EPPRPC_RESULT_SUCCESS, "domain_update", 1);
	assert_non_null(path(reply, "extension", "upData", "rgpStatus"));
	json_decref(reply);
	expect(epprpc_domain_info(&reply, r2, "never-created.example", NULL),
	       &reply, EPPRPC_RESULT_OBJECT_NOT_EXIST, "domain_info", 0);
}

static void
gate_errors(void **state)
{
	json_t *req, *reply;
	const char *msg;

	(void)state;
	req = json_pack("{s:s}", "cmd", "no_such_cmd");
	assert_int_equal(epprpc_call_json(&reply, r1, req, 0), EPPRPC_OK);
	assert_int_equal(epprpc_reply_result(reply, NULL, &msg),
	                 EPPRPC_RESULT_GATE_ERROR);
	assert_non_null(msg);
	json_decref(reply);
	json_decref(req);
	/* A required arg missing: refused by the gate, not sent. */
	req = json_pack("{s:s, s:{}}", "cmd", "domain_info", "args");
	assert_int_equal(epprpc_call_json(&reply, r1, req, 0), EPPRPC_OK);
	assert_int_equal(epprpc_reply_result(reply, NULL, NULL),
	                 EPPRPC_RESULT_GATE_ERROR);
	json_decref(reply);
	json_decref(req);
}

static int
open_client(epprpc_client **c, const char *env, int reply_mode)
{
	epprpc_options o = EPPRPC_OPTIONS_INIT;

	o.use_env = 0;
	o.reply_mode = reply_mode;
	o.conf_path = getenv(env);
	if (o.conf_path == NULL)
		return -1;
	return epprpc_client_open(c, &o);
}

static int
setup(void **state)
{
	int pid = (int)getpid();

	(void)state;
	snprintf(dom, sizeof(dom), "rpc-gate-%d.example", pid);
	snprintf(dom2, sizeof(dom2), "rpc-zone-%d.example", pid);
	snprintf(host, sizeof(host), "ns1.%s", dom2);
	snprintf(cid, sizeof(cid), "rpc%d", pid % 100000);
	snprintf(cid2, sizeof(cid2), "rpx%d", pid % 100000);
	/* registrar1 gets replies by direct reply-to, registrar2 on an
	 * exclusive queue like the Python client: the gate answers both. */
	if (open_client(&r1, "RPC_R1_CONF", EPPRPC_REPLY_DIRECT) ||
	    open_client(&r2, "RPC_R2_CONF", EPPRPC_REPLY_QUEUE))
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	epprpc_client_free(r1);
	epprpc_client_free(r2);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(contacts_and_hosts),
	        cmocka_unit_test(domain_life_and_transfer),
	        cmocka_unit_test(gate_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
