/*
 * libepprpc request builders: the exact JSON of every cmd (compact, keys in
 * the order the Python client sends them), refusals of missing arguments,
 * and the result classes of replies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "epprpc/epprpc.h"

/* expect: `req` (consumed) dumps to exactly `want`. */
static void
expect(json_t *req, const char *want)
{
	char *got;

	assert_non_null(req);
	got = json_dumps(req, JSON_COMPACT);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	json_decref(req);
}

/* refused: the builder returned NULL and said something about `what`. */
static void
refused(json_t *req, const char *what)
{
	assert_null(req);
	assert_non_null(strstr(epprpc_last_error(), what));
}

static void
poll_and_host(void **state)
{
	const char *hosts[] = {"ns1.example.com", "ns2.example.net"};
	epprpc_ip ips[] = {{"192.0.2.1", NULL},
	                   {"2001:db8::1", NULL},
	                   {"198.51.100.7", "v4"}};

	(void)state;
	expect(epprpc_req_poll_req(), "{\"cmd\":\"poll_req\"}");
	expect(epprpc_req_poll_ack("12345"),
	       "{\"cmd\":\"poll_ack\",\"args\":{\"msg_id\":\"12345\"}}");
	refused(epprpc_req_poll_ack(NULL), "msg_id");
	expect(epprpc_req_host_check(hosts, 2),
	       "{\"cmd\":\"host_check\",\"args\":{\"hosts\":"
	       "[\"ns1.example.com\",\"ns2.example.net\"]}}");
	refused(epprpc_req_host_check(hosts, 0), "at least one");
	expect(epprpc_req_host_info("ns1.example.com"),
	       "{\"cmd\":\"host_info\",\"args\":{\"name\":"
	       "\"ns1.example.com\"}}");
	expect(epprpc_req_host_create("ns1.example.com", ips, 3),
	       "{\"cmd\":\"host_create\",\"args\":{\"name\":"
	       "\"ns1.example.com\",\"ip_address\":["
	       "{\"ip\":\"192.0.2.1\",\"version\":\"v4\"},"
	       "{\"ip\":\"2001:db8::1\",\"version\":\"v6\"},"
	       "{\"ip\":\"198.51.100.7\",\"version\":\"v4\"}]}}");
	ips[0].version = "v5";
	refused(epprpc_req_host_create("ns1.example.com", ips, 1), "v4");
	expect(epprpc_req_host_create("ns1.example.com", NULL, 0),
	       "{\"cmd\":\"host_create\",\"args\":{\"name\":"
	       "\"ns1.example.com\",\"ip_address\":[]}}");
}

static void
contacts(void **state)
{
	const char *ids[] = {"c1"};
	epprpc_postal pi[2] = {
	        {"int",
	         "John Doe",
	         "Example Inc.",
	         {"123 Example Dr.", "Suite 100", NULL},
	         "Dulles",
	         "VA",
	         "20166-6503",
	         "US"},
	        {"loc",
	         "Jöhn Döe",
	         NULL,
	         {"Straße 1", NULL, NULL},
	         "Wien",
	         NULL,
	         NULL,
	         "AT"},
	};
	epprpc_contact ct = {"sh8013",  "+1.7035555555",
	                     NULL,      "jdoe@example.com",
	                     "2fooBAR", pi,
	                     2};

	(void)state;
	expect(epprpc_req_contact_check(ids, 1),
	       "{\"cmd\":\"contact_check\",\"args\":{\"contacts\":"
	       "[\"c1\"]}}");
	expect(epprpc_req_contact_info("c1", NULL),
	       "{\"cmd\":\"contact_info\",\"args\":{\"contact\":\"c1\"}}");
	expect(epprpc_req_contact_info("c1", "pw"),
	       "{\"cmd\":\"contact_info\",\"args\":{\"contact\":\"c1\","
	       "\"auth_info\":\"pw\"}}");
	expect(epprpc_req_contact_delete("c1"),
	       "{\"cmd\":\"contact_delete\",\"args\":{\"contact\":\"c1\"}}");
	expect(epprpc_req_contact_create(&ct),
	       "{\"cmd\":\"contact_create\",\"args\":{\"id\":\"sh8013\","
	       "\"voice\":\"+1.7035555555\",\"email\":\"jdoe@example.com\","
	       "\"auth_info\":\"2fooBAR\",\"contacts\":["
	       "{\"type\":\"int\",\"name\":\"John Doe\",\"org\":"
	       "\"Example Inc.\",\"address\":{\"street\":[\"123 Example "
	       "Dr.\",\"Suite 100\"],\"city\":\"Dulles\",\"sp\":\"VA\","
	       "\"pc\":\"20166-6503\",\"cc\":\"US\"}},"
	       "{\"type\":\"loc\",\"name\":\"Jöhn Döe\","
	       "\"address\":{\"street\":[\"Straße 1\"],\"city\":"
	       "\"Wien\",\"cc\":\"AT\"}}]}}");
	/* An update may change the email alone. */
	ct.voice = NULL;
	ct.auth_info = NULL;
	ct.n_postal = 0;
	expect(epprpc_req_contact_update(&ct),
	       "{\"cmd\":\"contact_update\",\"args\":{\"id\":\"sh8013\","
	       "\"email\":\"jdoe@example.com\",\"contacts\":[]}}");
	refused(epprpc_req_contact_create(&ct), "postal");
	ct.n_postal = 2;
	pi[1].type = "xx";
	refused(epprpc_req_contact_create(&ct), "int");
	ct.id = NULL;
	refused(epprpc_req_contact_update(&ct), "id");
}

static void
domains(void **state)
{
	const char *names[] = {"a.example", "b.example"};
	const char *ns[] = {"ns1.example.net", "ns2.example.net"};
	epprpc_domain_create_args d = {"a.example", "reg1",   ns,     2,
	                               2,           "y",      "adm1", NULL,
	                               "tech1",     "2fooBAR"};

	(void)state;
	expect(epprpc_req_domain_check(names, 2),
	       "{\"cmd\":\"domain_check\",\"args\":{\"domains\":"
	       "[\"a.example\",\"b.example\"]}}");
	expect(epprpc_req_domain_info("a.example", "pw"),
	       "{\"cmd\":\"domain_info\",\"args\":{\"name\":\"a.example\","
	       "\"auth_info\":\"pw\"}}");
	expect(epprpc_req_domain_delete("a.example"),
	       "{\"cmd\":\"domain_delete\",\"args\":{\"name\":"
	       "\"a.example\"}}");
	expect(epprpc_req_domain_create(&d),
	       "{\"cmd\":\"domain_create\",\"args\":{\"name\":\"a.example\","
	       "\"registrant\":\"reg1\",\"nameservers\":[\"ns1.example.net\","
	       "\"ns2.example.net\"],\"period\":\"2\",\"period_units\":\"y\","
	       "\"contacts\":{\"admin\":\"adm1\",\"tech\":\"tech1\"},"
	       "\"auth_info\":\"2fooBAR\"}}");
	d.registrant = NULL;
	refused(epprpc_req_domain_create(&d), "registrant");
	d.registrant = "reg1";
	d.period = 100;
	refused(epprpc_req_domain_create(&d), "period");
	expect(epprpc_req_domain_renew("a.example", "2027-04-03", 0, NULL),
	       "{\"cmd\":\"domain_renew\",\"args\":{\"name\":\"a.example\","
	       "\"cur_exp_date\":\"2027-04-03\",\"period\":\"1\","
	       "\"period_units\":\"y\"}}");
	refused(epprpc_req_domain_renew("a.example", "03.04.2027", 1, "y"),
	        "YYYY-MM-DD");
	expect(epprpc_req_domain_transfer("a.example", NULL, "pw", 0, NULL),
	       "{\"cmd\":\"domain_transfer\",\"args\":{\"name\":\"a.example\","
	       "\"op\":\"request\",\"auth_info\":\"pw\"}}");
	expect(epprpc_req_domain_transfer("a.example", "approve", NULL, 1, "y"),
	       "{\"cmd\":\"domain_transfer\",\"args\":{\"name\":\"a.example\","
	       "\"op\":\"approve\",\"period\":\"1\",\"period_units\":\"y\"}}");
	refused(epprpc_req_domain_transfer("a.example", "steal", NULL, 0, NULL),
	        "op must be");
}

static void
domain_update(void **state)
{
	const char *add_ns[] = {"ns3.example.net"};
	const char *rem_ns[] = {"ns1.example.net"};
	epprpc_contact_ref addc[] = {{"tech", "t2"}};
	epprpc_contact_ref remc[] = {{"tech", "t1"}};
	epprpc_status adds[] = {{"clientHold", "Payment overdue."}};
	epprpc_status rems[] = {{"clientUpdateProhibited", NULL}};
	epprpc_secdns key = {"12345", "3", "1", "49FD46E6C4B45C55D4AC",
	                     "257",   "3", "5", "AQPJ////4Q==",
	                     NULL,    0};
	epprpc_secdns ds = {"12346", "3",  "1",  "38EC35D5B3A34B33C99B",
	                    NULL,    NULL, NULL, NULL,
	                    NULL,    0};
	epprpc_secdns msl = {NULL, NULL, NULL, NULL,     NULL,
	                     NULL, NULL, NULL, "604800", 0};
	epprpc_secdns all = {NULL, NULL, NULL, NULL, NULL,
	                     NULL, NULL, NULL, NULL, 1};
	epprpc_secdns none = {NULL, NULL, NULL, NULL, NULL,
	                      NULL, NULL, NULL, NULL, 0};
	epprpc_rgp_report rep = {"pre",
	                         "post",
	                         "2026-11-01T22:00:00.0Z",
	                         "2026-11-02T22:00:00.0Z",
	                         "mistake",
	                         "s1",
	                         "s2",
	                         NULL};
	epprpc_domain_update_args u;

	(void)state;
	memset(&u, 0, sizeof(u));
	u.name = "a.example";
	u.add_nameservers = add_ns;
	u.n_add_nameservers = 1;
	u.remove_nameservers = rem_ns;
	u.n_remove_nameservers = 1;
	u.add_contacts = addc;
	u.n_add_contacts = 1;
	u.remove_contacts = remc;
	u.n_remove_contacts = 1;
	u.change_registrant = "reg2";
	u.add_statuses = adds;
	u.n_add_statuses = 1;
	u.remove_statuses = rems;
	u.n_remove_statuses = 1;
	u.add_secdns = &key;
	u.rem_secdns = &ds;
	u.change_secdns = &msl;
	expect(epprpc_req_domain_update(&u),
	       "{\"cmd\":\"domain_update\",\"args\":{\"name\":\"a.example\","
	       "\"add_nameservers\":[\"ns3.example.net\"],"
	       "\"remove_nameservers\":[\"ns1.example.net\"],"
	       "\"add_contacts\":[{\"type\":\"tech\",\"id\":\"t2\"}],"
	       "\"remove_contacts\":[{\"type\":\"tech\",\"id\":\"t1\"}],"
	       "\"change_registrant\":\"reg2\","
	       "\"add_statuses\":[{\"name\":\"clientHold\",\"value\":"
	       "\"Payment overdue.\"}],"
	       "\"remove_statuses\":[{\"name\":\"clientUpdateProhibited\"}],"
	       "\"add_secdns\":{\"key_tag\":\"12345\",\"alg\":\"3\","
	       "\"digest_type\":\"1\",\"digest\":\"49FD46E6C4B45C55D4AC\","
	       "\"keydata_flags\":\"257\",\"keydata_protocol\":\"3\","
	       "\"keydata_alg\":\"5\",\"keydata_pubkey\":\"AQPJ////4Q==\"},"
	       "\"rem_secdns\":{\"key_tag\":\"12346\",\"alg\":\"3\","
	       "\"digest_type\":\"1\",\"digest\":\"38EC35D5B3A34B33C99B\"},"
	       "\"change_secdns\":{\"max_sig_life\":\"604800\"}}}");

	memset(&u, 0, sizeof(u));
	u.name = "a.example";
	u.rgp_restore = 1;
	u.rgp_restore_report = &rep;
	u.rem_secdns = &all;
	expect(epprpc_req_domain_update(&u),
	       "{\"cmd\":\"domain_update\",\"args\":{\"name\":\"a.example\","
	       "\"rgp_restore\":\"1\",\"rgp_restore_report\":{\"pre_data\":"
	       "\"pre\",\"post_data\":\"post\",\"del_time\":"
	       "\"2026-11-01T22:00:00.0Z\",\"res_time\":"
	       "\"2026-11-02T22:00:00.0Z\",\"res_reason\":\"mistake\","
	       "\"statement1\":\"s1\",\"statement2\":\"s2\"},"
	       "\"rem_secdns\":{\"all\":true}}}");
	u.rem_secdns = &none;
	refused(epprpc_req_domain_update(&u), "secDNS");
	u.rem_secdns = NULL;
	rep.statement1 = NULL;
	refused(epprpc_req_domain_update(&u), "rgp_restore_report");
	key.keydata_alg = NULL;
	u.rgp_restore_report = NULL;
	u.add_secdns = &key;
	refused(epprpc_req_domain_update(&u), "secDNS");
	refused(epprpc_req_domain_update(NULL), "name");
}

static json_t *
parse(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);

	assert_non_null(j);
	return j;
}

static void
result_classes(void **state)
{
	static const struct {
		const char *reply;
		epprpc_result_class cls;
		int code;
		const char *msg;
	} cases[] = {
	        {"{\"epp\":{\"response\":{\"result\":{\"@code\":\"1000\","
	         "\"msg\":\"Command completed successfully\"}}}}",
	         EPPRPC_RESULT_SUCCESS, 1000, "Command completed successfully"},
	        {"{\"epp\":{\"response\":{\"result\":{\"@code\":\"1301\","
	         "\"msg\":{\"@lang\":\"en\",\"#text\":\"Ack to dequeue\"}}}}}",
	         EPPRPC_RESULT_SUCCESS, 1301, "Ack to dequeue"},
	        {"{\"epp\":{\"response\":{\"result\":[{\"@code\":\"2004\","
	         "\"msg\":\"Parameter value range error\"},{\"@code\":"
	         "\"2005\",\"msg\":\"Parameter value syntax error\"}]}}}",
	         EPPRPC_RESULT_UNEXPECTED, 2004, "Parameter value range error"},
	        {"{\"epp\":{\"response\":{\"result\":{\"@code\":\"2303\","
	         "\"msg\":\"Object does not exist\"}}}}",
	         EPPRPC_RESULT_OBJECT_NOT_EXIST, 2303, "Object does not exist"},
	        {"{\"error\":\"unknown cmd\"}", EPPRPC_RESULT_GATE_ERROR, 0,
	         "unknown cmd"},
	        {"{\"epp\":{\"response\":{}}}", EPPRPC_RESULT_BAD_RESPONSE, 0,
	         NULL},
	        {"{\"epp\":{\"response\":{\"result\":{\"@code\":\"12ab\"}}}}",
	         EPPRPC_RESULT_BAD_RESPONSE, 0, NULL},
	};
	size_t i;
	const char *msg;
	int code;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *j = parse(cases[i].reply);
		assert_int_equal(epprpc_reply_result(j, &code, &msg),
		                 cases[i].cls);
		assert_int_equal(code, cases[i].code);
		if (cases[i].msg)
			assert_string_equal(msg, cases[i].msg);
		else
			assert_null(msg);
		json_decref(j);
	}
	assert_int_equal(epprpc_result_class_of(1001), EPPRPC_RESULT_SUCCESS);
	assert_int_equal(epprpc_result_class_of(1300), EPPRPC_RESULT_SUCCESS);
	assert_int_equal(epprpc_result_class_of(2002),
	                 EPPRPC_RESULT_COMMAND_USE);
	assert_int_equal(epprpc_result_class_of(2003),
	                 EPPRPC_RESULT_PARAM_MISSING);
	assert_int_equal(epprpc_result_class_of(2005), EPPRPC_RESULT_SYNTAX);
	assert_int_equal(epprpc_result_class_of(2201),
	                 EPPRPC_RESULT_AUTHORIZATION);
	assert_int_equal(epprpc_result_class_of(2302),
	                 EPPRPC_RESULT_OBJECT_EXISTS);
	assert_int_equal(epprpc_result_class_of(2304),
	                 EPPRPC_RESULT_STATUS_PROHIBITS);
	assert_int_equal(epprpc_result_class_of(2400),
	                 EPPRPC_RESULT_COMMAND_FAILED);
	assert_int_equal(epprpc_result_class_of(2308),
	                 EPPRPC_RESULT_UNEXPECTED);
	assert_string_equal(
	        epprpc_result_class_name(EPPRPC_RESULT_OBJECT_EXISTS),
	        "object exists");
	assert_string_equal(epprpc_result_class_name((epprpc_result_class)99),
	                    "unknown");
	assert_int_equal(epprpc_reply_result(NULL, &code, &msg),
	                 EPPRPC_RESULT_BAD_RESPONSE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(poll_and_host),
	        cmocka_unit_test(contacts),
	        cmocka_unit_test(domains),
	        cmocka_unit_test(domain_update),
	        cmocka_unit_test(result_classes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
