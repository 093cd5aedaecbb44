/*
 * epp-sim over real TLS on loopback, with a minimal client of our own:
 * greeting, login, the object commands with their result codes, transfers
 * with poll messages, RGP. Every response is checked against the RFC
 * schemas (simh_cmd).
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

#include "sim_harness.h"

#define DOM  "xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\""
#define HOST "xmlns:host=\"urn:ietf:params:xml:ns:host-1.0\""
#define CON  "xmlns:contact=\"urn:ietf:params:xml:ns:contact-1.0\""
#define RGP_REPORT                                                             \
	"<rgp:restore op=\"report\"><rgp:report><rgp:preData>x</rgp:preData>"  \
	"<rgp:postData>y</rgp:postData><rgp:delTime>2026-01-01T00:00:00.0Z"    \
	"</rgp:delTime><rgp:resTime>2026-01-02T00:00:00.0Z</rgp:resTime>"      \
	"<rgp:resReason>oops</rgp:resReason><rgp:statement>s1</rgp:statement>" \
	"<rgp:statement>s2</rgp:statement></rgp:report></rgp:restore>"

static struct simh_proc sim;

static int
setup(void **state)
{
	static const char *const args[] = {"--auto-approve-s", "3600", NULL};

	(void)state;
	simh_start(&sim, args);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	assert_int_equal(simh_stop(&sim), 0);
	return 0;
}

static void
host_create(struct simh_conn *c, const char *name, const char *addr, int code)
{
	char body[1024];

	snprintf(body, sizeof(body),
	         "<create><host:create " HOST "><host:name>%s</host:name>%s%s%s"
	         "</host:create></create>",
	         name, addr ? "<host:addr ip=\"v4\">" : "", addr ? addr : "",
	         addr ? "</host:addr>" : "");
	simh_expect(c, simh_wrap(body, "host-create"), code);
}

static void
domain_create(struct simh_conn *c, const char *name, const char *extra,
              int code)
{
	char body[2048];

	snprintf(body, sizeof(body),
	         "<create><domain:create " DOM "><domain:name>%s</domain:name>"
	         "%s<domain:registrant>reg1</domain:registrant>"
	         "<domain:contact type=\"admin\">adm1</domain:contact>"
	         "<domain:authInfo><domain:pw>dom-Secret1</domain:pw>"
	         "</domain:authInfo></domain:create></create>",
	         name, extra ? extra : "");
	simh_expect(c, simh_wrap(body, "domain-create"), code);
}

static char *
domain_info(struct simh_conn *c, const char *name)
{
	char body[512];

	snprintf(body, sizeof(body),
	         "<info><domain:info " DOM "><domain:name>%s</domain:name>"
	         "</domain:info></info>",
	         name);
	return simh_cmd(c, simh_wrap(body, "domain-info"));
}

static void
test_greeting_and_login(void **state)
{
	struct simh_conn c;
	char *s;

	(void)state;
	assert_int_equal(simh_connect(&c, &sim, 1), 0);
	simh_validate(c.greeting);
	assert_int_equal(simh_count(c.greeting, "//epp:objURI"), 4);
	s = simh_xpath(c.greeting, "string(//epp:objURI[4])");
	assert_string_equal(s, "urn:ietf:params:xml:ns:epp:org-1.0");
	free(s);
	s = simh_xpath(c.greeting, "string(//epp:extURI[2])");
	assert_string_equal(s, "urn:ietf:params:xml:ns:rgp-1.0");
	free(s);
	/* Before login, commands are refused; a wrong password is 2200. */
	simh_expect(&c,
	            simh_wrap("<check><domain:check " DOM "><domain:name>a.test"
	                      "</domain:name></domain:check></check>",
	                      "early-1"),
	            2002);
	simh_expect(&c,
	            simh_wrap("<login><clID>ClientA</clID><pw>wrongpass</pw>"
	                      "<options><version>1.0</version><lang>en</lang>"
	                      "</options><svcs><objURI>urn:ietf:params:xml:ns:"
	                      "domain-1.0</objURI></svcs></login>",
	                      "login-bad"),
	            2200);
	simh_login(&c, "ClientA");
	s = simh_cmd(&c, "<?xml version=\"1.0\"?><epp xmlns=\"urn:ietf:params:"
	                 "xml:ns:epp-1.0\"><hello/></epp>");
	assert_int_equal(simh_count(s, "/epp:epp/epp:greeting"), 1);
	free(s);
	s = simh_cmd(&c, simh_wrap("<logout/>", "logout-1"));
	assert_int_equal(simh_code(s), 1500);
	s = (free(s), simh_xpath(c.greeting, "string(//epp:svID)"));
	assert_string_equal(s, "eppkit epp-sim");
	free(s);
	/* The server closes after logout. */
	assert_null(simh_recv(&c, 2000));
	simh_close(&c);
}

static void
test_syntax_errors(void **state)
{
	struct simh_conn c;
	char *s, *log;

	(void)state;
	assert_int_equal(simh_connect(&c, &sim, 1), 0);
	simh_login(&c, "ClientA");
	/* Not well-formed. */
	s = simh_cmd(&c, "<epp><command>");
	assert_int_equal(simh_code(s), 2001);
	free(s);
	/* Well-formed but not valid: the schema's complaint is the reason. */
	s = simh_cmd(&c, simh_wrap("<check><domain:check " DOM "><domain:nme>"
	                           "x.test</domain:nme></domain:check></check>",
	                           "invalid-1"));
	assert_int_equal(simh_code(s), 2001);
	free(s);
	s = simh_cmd(&c, simh_wrap("<check><domain:check " DOM "><domain:nme>"
	                           "x.test</domain:nme></domain:check></check>",
	                           "invalid-2"));
	log = simh_xpath(s, "string(//epp:extValue/epp:reason)");
	assert_non_null(strstr(log, "nme"));
	free(log);
	log = simh_xpath(s, "string(//epp:trID/epp:clTRID)");
	assert_string_equal(log, "invalid-2");
	free(log);
	free(s);
	/* An attribute the schema refuses: the value is its element. */
	s = simh_cmd(&c,
	             simh_wrap("<renew><domain:renew " DOM "><domain:name>"
	                       "x.test</domain:name><domain:curExpDate>"
	                       "2030-01-01</domain:curExpDate><domain:period "
	                       "unit=\"w\">1</domain:period></domain:renew>"
	                       "</renew>",
	                       "bad-attr"));
	assert_int_equal(simh_code(s), 2001);
	assert_int_equal(simh_count(s, "//epp:extValue/epp:value/*"), 1);
	free(s);
	/* A DOCTYPE (entity tricks) is refused. */
	s = simh_cmd(&c, "<?xml version=\"1.0\"?><!DOCTYPE epp [<!ENTITY a "
	                 "\"aaaa\">]><epp xmlns=\"urn:ietf:params:xml:ns:epp-"
	                 "1.0\"><hello/></epp>");
	assert_int_equal(simh_code(s), 2001);
	free(s);
	/* A password that breaks the schema is not echoed in the reason. */
	s = simh_cmd(&c, simh_wrap("<login><clID>ClientA</clID><pw>Sx</pw>"
	                           "<options><version>1.0</version><lang>en"
	                           "</lang></options><svcs/></login>",
	                           "login-short"));
	assert_int_equal(simh_code(s), 2001);
	assert_null(strstr(s, "Sx<"));
	assert_null(strstr(s, "'Sx'"));
	free(s);
	/* The session still works after all this. */
	simh_expect(&c,
	            simh_wrap("<check><domain:check " DOM
	                      "><domain:name>ok.test"
	                      "</domain:name></domain:check></check>",
	                      "after-errors"),
	            1000);
	simh_close(&c);
}

static void
test_objects(void **state)
{
	struct simh_conn a, b;
	char *s, *v;

	(void)state;
	assert_int_equal(simh_connect(&a, &sim, 1), 0);
	assert_int_equal(simh_connect(&b, &sim, 1), 0);
	simh_login(&a, "ClientA");
	simh_login(&b, "ClientB");
	simh_contact_create(&a, "reg1", 1000);
	simh_contact_create(&a, "adm1", 1000);
	simh_contact_create(&a, "reg1", 2302);
	/* Contact info gives the data back, typed. */
	s = simh_cmd(&a, simh_wrap("<info><contact:info " CON "><contact:id>"
	                           "reg1</contact:id></contact:info></info>",
	                           "contact-info"));
	v = simh_xpath(s, "string(//contact:org)");
	assert_string_equal(v, "Example & Co");
	free(v);
	v = simh_xpath(s, "string(//contact:voice/@x)");
	assert_string_equal(v, "1234");
	free(v);
	free(s);
	/* Domain creation: unknown contact 2303, bad name 2005, bad period
	 * 2004, then success and 2302. */
	simh_expect(&a,
	            simh_wrap("<create><domain:create " DOM "><domain:name>"
	                      "x.test</domain:name><domain:registrant>nobody"
	                      "</domain:registrant><domain:authInfo><domain:pw>"
	                      "abcdef12</domain:pw></domain:authInfo>"
	                      "</domain:create></create>",
	                      "dc-1"),
	            2303);
	domain_create(&a, "-bad-.test", NULL, 2005);
	domain_create(&a, "long.test",
	              "<domain:period unit=\"y\">11</domain:period>", 2004);
	domain_create(&a, "example.test",
	              "<domain:period unit=\"y\">2</domain:period>", 1000);
	domain_create(&a, "EXAMPLE.test", NULL, 2302);
	/* Hosts: internal needs an address (2003); ClientB may not create
	 * one under ClientA's domain (2201). */
	host_create(&a, "ns1.example.test", NULL, 2003);
	host_create(&b, "ns1.example.test", "192.0.2.1", 2201);
	host_create(&a, "ns1.example.test", "192.0.2.300", 2005);
	host_create(&a, "ns1.example.test", "192.0.2.1", 1000);
	host_create(&a, "ns.other.example", NULL, 1000);
	/* Check gives avail and reason. */
	s = simh_cmd(&a, simh_wrap("<check><domain:check " DOM "><domain:name>"
	                           "example.test</domain:name><domain:name>"
	                           "free.test</domain:name></domain:check>"
	                           "</check>",
	                           "dchk"));
	v = simh_xpath(s, "string(//domain:cd[1]/domain:name/@avail)");
	assert_string_equal(v, "0");
	free(v);
	v = simh_xpath(s, "string(//domain:cd[1]/domain:reason)");
	assert_string_equal(v, "In use");
	free(v);
	v = simh_xpath(s, "string(//domain:cd[2]/domain:name/@avail)");
	assert_string_equal(v, "1");
	free(v);
	free(s);
	/* Update: add ns and DS data; another registrar gets 2201. */
	simh_expect(&b,
	            simh_wrap("<update><domain:update " DOM "><domain:name>"
	                      "example.test</domain:name></domain:update>"
	                      "</update>",
	                      "du-b"),
	            2201);
	simh_expect(
	        &a,
	        simh_wrap(
	                "<update><domain:update " DOM "><domain:name>"
	                "example.test</domain:name><domain:add><domain:ns>"
	                "<domain:hostObj>ns1.example.test</domain:hostObj>"
	                "<domain:hostObj>ns.other.example</domain:hostObj>"
	                "</domain:ns><domain:status s=\"clientHold\"/>"
	                "</domain:add></domain:update></update><extension>"
	                "<secDNS:update xmlns:secDNS=\"urn:ietf:params:xml:ns:"
	                "secDNS-1.1\"><secDNS:add><secDNS:dsData><secDNS:"
	                "keyTag>"
	                "12345</secDNS:keyTag><secDNS:alg>13</secDNS:alg>"
	                "<secDNS:digestType>2</"
	                "secDNS:digestType><secDNS:digest>"
	                "49FD46E6C4B45C55D4AC49FD46E6C4B45C55D4AC49FD46E6C4B45C"
	                "55"
	                "D4AC1234</secDNS:digest></secDNS:dsData></secDNS:add>"
	                "</secDNS:update></extension>",
	                "du-a"),
	        1000);
	s = domain_info(&a, "example.test");
	v = simh_xpath(s, "string(//secDNS:dsData/secDNS:keyTag)");
	assert_string_equal(v, "12345");
	free(v);
	assert_int_equal(simh_count(s, "//domain:ns/domain:hostObj"), 2);
	assert_int_equal(simh_count(s, "//domain:host"), 1);
	assert_int_equal(simh_count(s, "//domain:status[@s='clientHold']"), 1);
	v = simh_xpath(s, "string(//domain:authInfo/domain:pw)");
	assert_string_equal(v, "dom-Secret1");
	free(v);
	free(s);
	/* Associations: a delegated host or a used contact stays (2305). */
	simh_expect(&a,
	            simh_wrap("<delete><host:delete " HOST "><host:name>"
	                      "ns.other.example</host:name></host:delete>"
	                      "</delete>",
	                      "hdel"),
	            2305);
	simh_expect(&a,
	            simh_wrap("<delete><contact:delete " CON "><contact:id>"
	                      "adm1</contact:id></contact:delete></delete>",
	                      "cdel"),
	            2305);
	s = simh_cmd(&a, simh_wrap("<info><host:info " HOST "><host:name>"
	                           "ns1.example.test</host:name></host:info>"
	                           "</info>",
	                           "hinfo"));
	assert_int_equal(simh_count(s, "//host:status[@s='linked']"), 1);
	v = simh_xpath(s, "string(//host:addr)");
	assert_string_equal(v, "192.0.2.1");
	free(v);
	free(s);
	/* Status prohibits: clientDeleteProhibited gives 2304. */
	simh_expect(&a,
	            simh_wrap("<update><domain:update " DOM "><domain:name>"
	                      "example.test</domain:name><domain:add>"
	                      "<domain:status s=\"clientDeleteProhibited\"/>"
	                      "</domain:add></domain:update></update>",
	                      "du-cdp"),
	            1000);
	simh_expect(&a,
	            simh_wrap("<delete><domain:delete " DOM "><domain:name>"
	                      "example.test</domain:name></domain:delete>"
	                      "</delete>",
	                      "ddel-1"),
	            2304);
	/* Renew checks curExpDate (2306) and the 10-year cap (2306). */
	s = domain_info(&a, "example.test");
	v = simh_xpath(s, "substring(//domain:exDate, 1, 10)");
	free(s);
	simh_expect(&a,
	            simh_wrap("<renew><domain:renew " DOM "><domain:name>"
	                      "example.test</domain:name><domain:curExpDate>"
	                      "2000-01-01</domain:curExpDate></domain:renew>"
	                      "</renew>",
	                      "dren-1"),
	            2306);
	{
		char body[512];

		snprintf(body, sizeof(body),
		         "<renew><domain:renew " DOM
		         "><domain:name>example.test"
		         "</domain:name><domain:curExpDate>%s</"
		         "domain:curExpDate>"
		         "<domain:period unit=\"y\">9</domain:period>"
		         "</domain:renew></renew>",
		         v);
		simh_expect(&a, simh_wrap(body, "dren-2"), 2306);
		snprintf(body, sizeof(body),
		         "<renew><domain:renew " DOM
		         "><domain:name>example.test"
		         "</domain:name><domain:curExpDate>%s</"
		         "domain:curExpDate>"
		         "<domain:period unit=\"y\">1</domain:period>"
		         "</domain:renew></renew>",
		         v);
		s = simh_cmd(&a, simh_wrap(body, "dren-3"));
		assert_int_equal(simh_code(s), 1000);
		free(v);
		v = simh_xpath(s, "string(//domain:renData/domain:name)");
		assert_string_equal(v, "example.test");
		free(s);
	}
	free(v);
	simh_expect(&b,
	            simh_wrap("<info><domain:info " DOM "><domain:name>"
	                      "nothere.test</domain:name></domain:info></info>",
	                      "dinfo-none"),
	            2303);
	simh_close(&a);
	simh_close(&b);
}

static void
test_transfer_and_poll(void **state)
{
	struct simh_conn a, b;
	char *s, *v, id[32];

	(void)state;
	assert_int_equal(simh_connect(&a, &sim, 1), 0);
	assert_int_equal(simh_connect(&b, &sim, 1), 0);
	simh_login(&a, "ClientA");
	simh_login(&b, "ClientC");
	domain_create(&a, "move.test", NULL, 1000);
	/* Wrong authInfo: 2202; the sponsor cannot ask: 2106. */
	simh_expect(
	        &b,
	        simh_wrap("<transfer op=\"request\"><domain:transfer " DOM
	                  "><domain:name>move.test</domain:name>"
	                  "<domain:authInfo><domain:pw>wrong-pw1</domain:pw>"
	                  "</domain:authInfo></domain:transfer></transfer>",
	                  "tr-bad"),
	        2202);
	simh_expect(&a,
	            simh_wrap("<transfer op=\"request\"><domain:transfer " DOM
	                      "><domain:name>move.test</domain:name>"
	                      "<domain:authInfo><domain:pw>dom-Secret1"
	                      "</domain:pw></domain:authInfo></domain:transfer>"
	                      "</transfer>",
	                      "tr-self"),
	            2106);
	simh_expect_value(
	        &b,
	        simh_wrap("<transfer op=\"request\"><domain:transfer " DOM
	                  "><domain:name>move.test</domain:name>"
	                  "<domain:period unit=\"y\">1</domain:period>"
	                  "<domain:authInfo><domain:pw>dom-Secret1"
	                  "</domain:pw></domain:authInfo>"
	                  "</domain:transfer></transfer>",
	                  "tr-req"),
	        1001, "string(//domain:trStatus)", "pending");
	simh_expect(&b,
	            simh_wrap("<transfer op=\"request\"><domain:transfer " DOM
	                      "><domain:name>move.test</domain:name>"
	                      "<domain:authInfo><domain:pw>dom-Secret1"
	                      "</domain:pw></domain:authInfo></domain:transfer>"
	                      "</transfer>",
	                      "tr-again"),
	            2300);
	/* The losing registrar has a poll message. */
	s = simh_cmd(&a, simh_wrap("<poll op=\"req\"/>", "poll-a1"));
	assert_int_equal(simh_code(s), 1301);
	v = simh_xpath(s, "string(//domain:trnData/domain:reID)");
	assert_string_equal(v, "ClientC");
	free(v);
	v = simh_xpath(s, "string(//epp:msgQ/@id)");
	snprintf(id, sizeof(id), "%s", v);
	free(v);
	free(s);
	{
		char body[128];

		snprintf(body, sizeof(body), "<poll op=\"ack\" msgID=\"%s\"/>",
		         id);
		s = simh_cmd(&a, simh_wrap(body, "ack-a1"));
		assert_int_equal(simh_code(s), 1000);
		v = simh_xpath(s, "string(//epp:msgQ/@count)");
		assert_string_equal(v, "0");
		free(v);
		free(s);
		simh_expect(&a, simh_wrap(body, "ack-a2"), 2303);
	}
	simh_expect(&a, simh_wrap("<poll op=\"req\"/>", "poll-a2"), 1300);
	/* Only the sponsor approves. */
	simh_expect(&b,
	            simh_wrap("<transfer op=\"approve\"><domain:transfer " DOM
	                      "><domain:name>move.test</domain:name>"
	                      "</domain:transfer></transfer>",
	                      "tr-appr-b"),
	            2201);
	simh_expect(&a,
	            simh_wrap("<transfer op=\"approve\"><domain:transfer " DOM
	                      "><domain:name>move.test</domain:name>"
	                      "</domain:transfer></transfer>",
	                      "tr-appr-a"),
	            1000);
	simh_expect_value(&b, simh_wrap("<poll op=\"req\"/>", "poll-b1"), 1301,
	                  "string(//domain:trStatus)", "clientApproved");
	s = domain_info(&b, "move.test");
	v = simh_xpath(s, "string(//domain:clID)");
	assert_string_equal(v, "ClientC");
	free(v);
	assert_int_equal(simh_count(s, "//domain:trDate"), 1);
	free(s);
	/* The old sponsor cannot see it without authInfo any more. */
	simh_expect(&a,
	            simh_wrap("<info><domain:info " DOM
	                      "><domain:name>move.test"
	                      "</domain:name></domain:info></info>",
	                      "dinfo-old"),
	            2201);
	simh_close(&a);
	simh_close(&b);
}

#define CONTACT_TRANSFER(op, tr)                                               \
	simh_wrap("<transfer op=\"" op "\"><contact:transfer " CON             \
	          "><contact:id>mv-c1</contact:id><contact:authInfo>"          \
	          "<contact:pw>2fooBAR</contact:pw></contact:authInfo>"        \
	          "</contact:transfer></transfer>",                            \
	          tr)

/* Contacts move between registrars the same way as domains. */
static void
test_contact_transfer(void **state)
{
	struct simh_conn a, b;

	(void)state;
	assert_int_equal(simh_connect(&a, &sim, 1), 0);
	assert_int_equal(simh_connect(&b, &sim, 1), 0);
	simh_login(&a, "ClientA");
	simh_login(&b, "ClientB");
	simh_contact_create(&a, "mv-c1", 1000);
	simh_expect_value(&b, CONTACT_TRANSFER("request", "ct-req-1"), 1001,
	                  "string(//contact:trnData/contact:trStatus)",
	                  "pending");
	simh_expect(&a, CONTACT_TRANSFER("cancel", "ct-cancel-a"), 2201);
	simh_expect_value(&b, CONTACT_TRANSFER("cancel", "ct-cancel-b"), 1000,
	                  "string(//contact:trStatus)", "clientCancelled");
	/* The sponsor heard of the request and of its end. */
	simh_expect_value(&a, simh_wrap("<poll op=\"req\"/>", "ct-poll-a"),
	                  1301, "string(//epp:msgQ/@count)", "2");
	simh_expect_value(&b, CONTACT_TRANSFER("request", "ct-req-2"), 1001,
	                  "string(//contact:reID)", "ClientB");
	simh_expect(&a, CONTACT_TRANSFER("reject", "ct-reject"), 1000);
	simh_expect_value(&b, CONTACT_TRANSFER("query", "ct-query"), 1000,
	                  "string(//contact:trStatus)", "clientRejected");
	simh_expect(&b, CONTACT_TRANSFER("request", "ct-req-3"), 1001);
	simh_expect(&a, CONTACT_TRANSFER("approve", "ct-approve"), 1000);
	simh_expect_value(&b,
	                  simh_wrap("<info><contact:info " CON "><contact:id>"
	                            "mv-c1</contact:id></contact:info></info>",
	                            "ct-info"),
	                  1000, "string(//contact:clID)", "ClientB");
	simh_close(&a);
	simh_close(&b);
}

static void
test_rgp(void **state)
{
	struct simh_conn a;
	char *s, *v;

	(void)state;
	assert_int_equal(simh_connect(&a, &sim, 1), 0);
	simh_login(&a, "ClientA");
	domain_create(&a, "gone.test", NULL, 1000);
	simh_expect(
	        &a,
	        simh_wrap("<delete><domain:delete " DOM "><domain:name>"
	                  "gone.test</domain:name></domain:delete></delete>",
	                  "rgp-del"),
	        1001);
	s = domain_info(&a, "gone.test");
	assert_int_equal(simh_count(s, "//domain:status[@s='pendingDelete']"),
	                 1);
	v = simh_xpath(s, "string(//rgp:rgpStatus/@s)");
	assert_string_equal(v, "redemptionPeriod");
	free(v);
	free(s);
	domain_create(&a, "gone.test", NULL, 2302);
	simh_expect(&a,
	            simh_wrap("<update><domain:update " DOM "><domain:name>"
	                      "gone.test</domain:name><domain:chg/>"
	                      "</domain:update></update><extension><rgp:update "
	                      "xmlns:rgp=\"urn:ietf:params:xml:ns:rgp-1."
	                      "0\">" RGP_REPORT "</rgp:update></extension>",
	                      "rgp-early-report"),
	            2304);
	simh_expect_value(
	        &a,
	        simh_wrap("<update><domain:update " DOM "><domain:name>"
	                  "gone.test</domain:name><domain:chg/>"
	                  "</domain:update></update><extension>"
	                  "<rgp:update xmlns:rgp=\"urn:ietf:params:xml:"
	                  "ns:rgp-1.0\"><rgp:restore op=\"request\"/>"
	                  "</rgp:update></extension>",
	                  "rgp-req"),
	        1000, "string(//rgp:upData/rgp:rgpStatus/@s)",
	        "pendingRestore");
	simh_expect(&a,
	            simh_wrap("<update><domain:update " DOM "><domain:name>"
	                      "gone.test</domain:name><domain:chg/>"
	                      "</domain:update></update><extension><rgp:update "
	                      "xmlns:rgp=\"urn:ietf:params:xml:ns:rgp-1."
	                      "0\">" RGP_REPORT "</rgp:update></extension>",
	                      "rgp-report"),
	            1000);
	s = domain_info(&a, "gone.test");
	assert_int_equal(simh_count(s, "//domain:status[@s='pendingDelete']"),
	                 0);
	assert_int_equal(simh_count(s, "//rgp:infData"), 0);
	free(s);
	simh_close(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_greeting_and_login),
	        cmocka_unit_test(test_syntax_errors),
	        cmocka_unit_test(test_objects),
	        cmocka_unit_test(test_transfer_and_poll),
	        cmocka_unit_test(test_contact_transfer),
	        cmocka_unit_test(test_rgp),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
