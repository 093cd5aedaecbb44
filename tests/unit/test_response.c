/* Parsed responses: envelope, typed object and extension data, XPath,
 * JSON, and the golden replies of tests/data/<case>/. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "../support/slurp.h"

#include "epp/json.h"
#include "epp/response.h"
#include "epp/response_contact.h"
#include "epp/response_domain.h"
#include "epp/response_host.h"

static epp_response *
parse_str(const char *xml)
{
	epp_response *r = NULL;
	epp_error err;

	if (epp_response_parse(&r, xml, strlen(xml), &err) != EPP_OK)
		fail_msg("parse failed: %s", err.text);
	return r;
}

static epp_response *
parse_file(const char *path)
{
	epp_response *r;
	size_t len;
	char *xml = slurp(path, &len);

	if (xml == NULL)
		fail_msg("cannot read %s", path);
	r = parse_str(xml);
	free(xml);
	return r;
}

#define SAMPLE(name) parse_file(EPPKIT_SAMPLES_DIR "/" name)
#define GOLDEN(name)                                                           \
	parse_file(EPPKIT_SOURCE_DIR "/tests/data/" name "/reply.xml")

/* Wrap an inner fragment in <epp><response>. */
#define RESPONSE(inner)                                                        \
	"<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><response>" inner       \
	"<trID><svTRID>S-1</svTRID></trID></response></epp>"
#define OK_RESULT "<result code=\"1000\"><msg>ok</msg></result>"

static void
test_envelope(void **state)
{
	epp_response *r = SAMPLE("rfc5731-domain-check-response.xml");
	const epp_result *res;
	size_t len;

	(void)state;
	assert_int_equal(epp_response_code(r), 1000);
	assert_true(epp_response_is_success(r));
	assert_string_equal(epp_response_message(r),
	                    "Command completed successfully");
	assert_string_equal(epp_response_cltrid(r), "ABC-12345");
	assert_string_equal(epp_response_svtrid(r), "54322-XYZ");
	assert_non_null(strstr(epp_response_xml(r, &len), "<domain:chkData"));
	assert_true(len > 100);
	assert_int_equal(epp_response_result_count(r), 1);
	res = epp_response_result(r, 0);
	assert_int_equal(res->code, 1000);
	assert_null(res->msg_lang);
	assert_int_equal(res->value_count, 0);
	assert_int_equal(res->ext_value_count, 0);
	assert_null(epp_response_result(r, 1));
	assert_null(epp_response_msgq(r));
	assert_null(epp_response_domain_info(r));
	assert_null(epp_response_secdns_info(r));
	assert_null(epp_response_rgp(r));
	epp_response_free(r);
	epp_response_free(NULL);
}

/* RFC 5730 2.6: two results, <value> and <extValue> with <reason>. */
static void
test_results_values(void **state)
{
	epp_response *r = SAMPLE("rfc5730-error-2004-2005-extValue-response."
	                         "xml");
	const epp_result *a, *b;

	(void)state;
	assert_int_equal(epp_response_code(r), 2004);
	assert_false(epp_response_is_success(r));
	assert_int_equal(epp_response_result_count(r), 2);
	a = epp_response_result(r, 0);
	b = epp_response_result(r, 1);
	assert_string_equal(a->msg, "Parameter value range error");
	assert_int_equal(a->value_count, 1);
	assert_string_equal(a->values[0].name, "elem1");
	assert_string_equal(a->values[0].text, "2525");
	/* the quoted element stands alone, its namespace declared on it */
	assert_string_equal(a->values[0].xml,
	                    "<obj:elem1 xmlns:obj=\"urn:ietf:params:xml:ns:"
	                    "obj\">2525</obj:elem1>");
	assert_int_equal(b->code, 2005);
	assert_string_equal(b->msg, "Parameter value syntax error");
	assert_int_equal(b->value_count, 1);
	assert_string_equal(b->values[0].text, "ex(ample");
	assert_int_equal(b->ext_value_count, 1);
	assert_string_equal(b->ext_values[0].value.name, "elem3");
	assert_string_equal(b->ext_values[0].value.text, "abc.ex(ample");
	assert_string_equal(b->ext_values[0].reason,
	                    "Invalid character found.");
	assert_null(b->ext_values[0].reason_lang);
	epp_response_free(r);

	/* msg and reason languages; an empty <value/> */
	r = parse_str(RESPONSE(
	        "<result code=\"2303\"><msg lang=\"fr\"> Objet inexistant "
	        "</msg><value/><extValue><value><x>1</x></value><reason "
	        "lang=\"de\">Grund</reason></extValue></result>"));
	a = epp_response_result(r, 0);
	assert_int_equal(epp_response_code(r), 2303);
	assert_string_equal(epp_response_message(r), "Objet inexistant");
	assert_string_equal(a->msg_lang, "fr");
	assert_int_equal(a->value_count, 1);
	assert_null(a->values[0].xml);
	assert_null(a->values[0].name);
	/* <x> is in the default (EPP) namespace, which it now declares */
	assert_string_equal(
	        a->ext_values[0].value.xml,
	        "<x xmlns=\"urn:ietf:params:xml:ns:epp-1.0\">1</x>");
	assert_string_equal(a->ext_values[0].reason_lang, "de");
	assert_null(epp_response_cltrid(r));
	assert_string_equal(epp_response_svtrid(r), "S-1");
	epp_response_free(r);
}

static void
test_msgq_pending(void **state)
{
	epp_response *r =
	        SAMPLE("rfc5731-poll-response-1301-msgq-domain-panData.xml");
	const epp_msgq *q = epp_response_msgq(r);
	const epp_pending_data *p = epp_response_pending(r);

	(void)state;
	assert_int_equal(epp_response_code(r), 1301);
	assert_non_null(q);
	assert_int_equal(q->count, 5);
	assert_string_equal(q->id, "12345");
	assert_string_equal(q->qdate, "1999-04-04T22:01:00.0Z");
	assert_string_equal(q->msg, "Pending action completed successfully.");
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_DOMAIN_PAN);
	assert_non_null(p);
	assert_string_equal(p->name, "example.com");
	assert_int_equal(p->pa_result, 1);
	assert_string_equal(p->pa_cltrid, "ABC-12345");
	assert_string_equal(p->pa_svtrid, "54321-XYZ");
	assert_string_equal(p->pa_date, "1999-04-04T22:00:00.0Z");
	assert_string_equal(epp_response_cltrid(r), "BCD-23456");
	epp_response_free(r);

	r = GOLDEN("poll_ack");
	q = epp_response_msgq(r);
	assert_int_equal(q->count, 4);
	assert_string_equal(q->id, "12345");
	assert_null(q->qdate);
	assert_null(q->msg);
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_NONE);
	epp_response_free(r);
}

static void
test_checks(void **state)
{
	epp_response *r = SAMPLE("rfc5731-domain-check-response.xml");
	const epp_check_data *c = epp_response_check(r);

	(void)state;
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_DOMAIN_CHK);
	assert_int_equal(c->count, 3);
	assert_string_equal(c->items[0].name, "example.com");
	assert_int_equal(c->items[0].avail, 1);
	assert_null(c->items[0].reason);
	assert_string_equal(c->items[1].name, "example.net");
	assert_int_equal(c->items[1].avail, 0);
	assert_string_equal(c->items[1].reason, "In use");
	assert_string_equal(c->items[2].name, "example.org");
	epp_response_free(r);

	r = GOLDEN("host_check");
	c = epp_response_check(r);
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_HOST_CHK);
	assert_int_equal(c->count, 3);
	assert_string_equal(c->items[1].name, "ns2.example2.com");
	assert_int_equal(c->items[1].avail, 0);
	epp_response_free(r);

	r = GOLDEN("contact_check");
	c = epp_response_check(r);
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_CONTACT_CHK);
	assert_string_equal(c->items[0].name, "sh8013");
	assert_int_equal(c->items[0].avail, 1);
	assert_string_equal(c->items[1].name, "sah8013");
	assert_string_equal(c->items[1].reason, "In use");
	assert_string_equal(c->items[2].name, "8013sah");
	epp_response_free(r);

	/* avail as xs:boolean words, a reason with its language */
	r = parse_str(RESPONSE(OK_RESULT
	                       "<resData><d:chkData "
	                       "xmlns:d=\"urn:ietf:params:xml:ns:domain-1.0\">"
	                       "<d:cd><d:name avail=\"true\">a.example</d:name>"
	                       "</d:cd><d:cd><d:name avail=\"false\">b.example"
	                       "</d:name><d:reason lang=\"fr\">pris</d:reason>"
	                       "</d:cd></d:chkData></resData>"));
	c = epp_response_check(r);
	assert_int_equal(c->count, 2);
	assert_int_equal(c->items[0].avail, 1);
	assert_int_equal(c->items[1].avail, 0);
	assert_string_equal(c->items[1].reason_lang, "fr");
	epp_response_free(r);
}

static void
test_domain_info(void **state)
{
	epp_response *r = GOLDEN("domain_info");
	const epp_domain_info_data *d = epp_response_domain_info(r);
	const epp_secdns_info_data *s = epp_response_secdns_info(r);
	const epp_rgp_data *g = epp_response_rgp(r);

	(void)state;
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_DOMAIN_INF);
	assert_non_null(d);
	assert_string_equal(d->name, "example.com");
	assert_string_equal(d->roid, "EXAMPLE1-REP");
	assert_int_equal(d->status_count, 1);
	assert_string_equal(d->statuses[0].s, "ok");
	assert_null(d->statuses[0].text);
	assert_string_equal(d->registrant, "jd1234");
	assert_int_equal(d->contact_count, 2);
	assert_string_equal(d->contacts[0].type, "admin");
	assert_string_equal(d->contacts[0].id, "sh8013");
	assert_string_equal(d->contacts[1].type, "tech");
	assert_int_equal(d->ns_count, 2);
	assert_string_equal(d->ns[0], "ns1.example.com");
	assert_string_equal(d->ns[1], "ns1.example.net");
	assert_int_equal(d->ns_attr_count, 0);
	assert_int_equal(d->host_count, 2);
	assert_string_equal(d->hosts[1], "ns2.example.com");
	assert_string_equal(d->cl_id, "ClientX");
	assert_string_equal(d->cr_id, "ClientY");
	assert_string_equal(d->cr_date, "1999-04-03T22:00:00.0Z");
	assert_string_equal(d->up_id, "ClientX");
	assert_string_equal(d->up_date, "1999-12-03T09:00:00.0Z");
	assert_string_equal(d->ex_date, "2005-04-03T22:00:00.0Z");
	assert_string_equal(d->tr_date, "2000-04-08T09:00:00.0Z");
	assert_string_equal(d->auth_pw, "2fooBAR");
	assert_null(d->auth_pw_roid);

	assert_non_null(s);
	assert_int_equal(s->max_sig_life, 604800);
	assert_int_equal(s->ds_count, 1);
	assert_int_equal(s->ds[0].key_tag, 12345);
	assert_int_equal(s->ds[0].alg, 3);
	assert_int_equal(s->ds[0].digest_type, 1);
	assert_string_equal(s->ds[0].digest, "49FD46E6C4B45C55D4AC");
	assert_non_null(s->ds[0].key);
	assert_int_equal(s->ds[0].key->flags, 257);
	assert_int_equal(s->ds[0].key->protocol, 3);
	assert_int_equal(s->ds[0].key->alg, 1);
	assert_string_equal(s->ds[0].key->pub_key, "AQPJ////4Q==");
	assert_int_equal(s->key_count, 0);

	assert_non_null(g);
	assert_int_equal(g->count, 1);
	assert_string_equal(g->statuses[0].s, "redemptionPeriod");
	epp_response_free(r);
}

/* hostAttr name servers, statuses with text, keyData-only secDNS, an
 * RGP restore answer (upData). */
static void
test_domain_variants(void **state)
{
	epp_response *r = parse_str(RESPONSE(
	        OK_RESULT
	        "<resData><domain:infData "
	        "xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\">"
	        "<domain:name>xn--bcher-kva.example</domain:name>"
	        "<domain:roid>R-1</domain:roid>"
	        "<domain:status s=\"clientHold\" lang=\"en\">Payment "
	        "overdue.</domain:status><domain:status s=\"serverHold\"/>"
	        "<domain:ns><domain:hostAttr><domain:hostName>ns1.example.net"
	        "</domain:hostName><domain:hostAddr ip=\"v4\">192.0.2.2"
	        "</domain:hostAddr><domain:hostAddr ip=\"v6\">2001:db8::1"
	        "</domain:hostAddr></domain:hostAttr><domain:hostAttr>"
	        "<domain:hostName>ns2.example.net</domain:hostName>"
	        "</domain:hostAttr></domain:ns><domain:clID>C</domain:clID>"
	        "<domain:authInfo><domain:pw roid=\"JD1234-REP\">p&amp;w"
	        "</domain:pw></domain:authInfo></domain:infData></resData>"
	        "<extension><secDNS:infData "
	        "xmlns:secDNS=\"urn:ietf:params:xml:ns:secDNS-1.1\">"
	        "<secDNS:keyData><secDNS:flags>257</secDNS:flags>"
	        "<secDNS:protocol>3</secDNS:protocol><secDNS:alg>8</secDNS:alg>"
	        "<secDNS:pubKey>AwEAAQ==</secDNS:pubKey></secDNS:keyData>"
	        "<secDNS:keyData><secDNS:flags>256</secDNS:flags>"
	        "<secDNS:protocol>3</secDNS:protocol><secDNS:alg>13"
	        "</secDNS:alg><secDNS:pubKey>AwEAAg==</secDNS:pubKey>"
	        "</secDNS:keyData></secDNS:infData></extension>"));
	const epp_domain_info_data *d = epp_response_domain_info(r);
	const epp_secdns_info_data *s = epp_response_secdns_info(r);

	(void)state;
	assert_string_equal(d->name, "xn--bcher-kva.example");
	assert_int_equal(d->status_count, 2);
	assert_string_equal(d->statuses[0].s, "clientHold");
	assert_string_equal(d->statuses[0].lang, "en");
	assert_string_equal(d->statuses[0].text, "Payment overdue.");
	assert_null(d->statuses[1].text);
	assert_null(d->registrant);
	assert_int_equal(d->contact_count, 0);
	assert_int_equal(d->ns_count, 0);
	assert_int_equal(d->ns_attr_count, 2);
	assert_string_equal(d->ns_attrs[0].name, "ns1.example.net");
	assert_int_equal(d->ns_attrs[0].addr_count, 2);
	assert_string_equal(d->ns_attrs[0].addrs[0].ip, "v4");
	assert_string_equal(d->ns_attrs[0].addrs[0].addr, "192.0.2.2");
	assert_string_equal(d->ns_attrs[0].addrs[1].ip, "v6");
	assert_string_equal(d->ns_attrs[0].addrs[1].addr, "2001:db8::1");
	assert_int_equal(d->ns_attrs[1].addr_count, 0);
	assert_null(d->ex_date);
	assert_string_equal(d->auth_pw, "p&w");
	assert_string_equal(d->auth_pw_roid, "JD1234-REP");
	assert_int_equal(s->max_sig_life, -1);
	assert_int_equal(s->ds_count, 0);
	assert_int_equal(s->key_count, 2);
	assert_int_equal(s->keys[1].flags, 256);
	assert_int_equal(s->keys[1].alg, 13);
	assert_string_equal(s->keys[1].pub_key, "AwEAAg==");
	assert_null(epp_response_rgp(r));
	epp_response_free(r);

	r = parse_str(RESPONSE(
	        OK_RESULT "<extension><rgp:upData "
	                  "xmlns:rgp=\"urn:ietf:params:xml:ns:rgp-1.0\">"
	                  "<rgp:rgpStatus s=\"pendingRestore\"/></rgp:upData>"
	                  "</extension>"));
	assert_int_equal(epp_response_rgp(r)->count, 1);
	assert_string_equal(epp_response_rgp(r)->statuses[0].s,
	                    "pendingRestore");
	assert_null(epp_response_secdns_info(r));
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_NONE);
	epp_response_free(r);
}

static void
test_domain_other(void **state)
{
	epp_response *r = SAMPLE("rfc5731-domain-create-response.xml");
	const epp_domain_create_data *c = epp_response_domain_create(r);
	const epp_domain_renew_data *n;
	const epp_transfer_data *t;

	(void)state;
	assert_string_equal(c->name, "example.com");
	assert_string_equal(c->cr_date, "1999-04-03T22:00:00.0Z");
	assert_string_equal(c->ex_date, "2001-04-03T22:00:00.0Z");
	assert_null(epp_response_domain_renew(r));
	epp_response_free(r);

	r = SAMPLE("rfc5731-domain-renew-response.xml");
	n = epp_response_domain_renew(r);
	assert_string_equal(n->name, "example.com");
	assert_string_equal(n->ex_date, "2005-04-03T22:00:00.0Z");
	epp_response_free(r);

	r = SAMPLE("rfc5731-domain-transfer-request-response-1001.xml");
	t = epp_response_transfer(r);
	assert_int_equal(epp_response_code(r), 1001);
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_DOMAIN_TRN);
	assert_string_equal(t->name, "example.com");
	assert_string_equal(t->tr_status, "pending");
	assert_string_equal(t->re_id, "ClientX");
	assert_string_equal(t->re_date, "2000-06-08T22:00:00.0Z");
	assert_string_equal(t->ac_id, "ClientY");
	assert_string_equal(t->ac_date, "2000-06-13T22:00:00.0Z");
	assert_string_equal(t->ex_date, "2002-09-08T22:00:00.0Z");
	epp_response_free(r);

	r = GOLDEN("contact_transfer");
	t = epp_response_transfer(r);
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_CONTACT_TRN);
	assert_string_equal(t->name, "sh8013");
	assert_null(t->ex_date);
	epp_response_free(r);
}

static void
test_host(void **state)
{
	epp_response *r = SAMPLE("rfc5732-host-info-response.xml");
	const epp_host_info_data *h = epp_response_host_info(r);
	const epp_host_create_data *c;

	(void)state;
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_HOST_INF);
	assert_string_equal(h->name, "ns1.example.com");
	assert_string_equal(h->roid, "NS1_EXAMPLE1-REP");
	assert_int_equal(h->status_count, 2);
	assert_string_equal(h->statuses[1].s, "clientUpdateProhibited");
	assert_int_equal(h->addr_count, 3);
	assert_string_equal(h->addrs[0].addr, "192.0.2.2");
	assert_string_equal(h->addrs[1].addr, "192.0.2.29");
	assert_string_equal(h->addrs[2].ip, "v6");
	assert_string_equal(h->addrs[2].addr, "1080:0:0:0:8:800:200C:417A");
	assert_string_equal(h->cl_id, "ClientY");
	assert_string_equal(h->cr_id, "ClientX");
	assert_string_equal(h->cr_date, "1999-04-03T22:00:00.0Z");
	assert_string_equal(h->up_id, "ClientX");
	assert_string_equal(h->up_date, "1999-12-03T09:00:00.0Z");
	assert_string_equal(h->tr_date, "2000-04-08T09:00:00.0Z");
	assert_null(epp_response_domain_info(r));
	epp_response_free(r);

	r = GOLDEN("host_create");
	c = epp_response_host_create(r);
	assert_string_equal(c->name, "ns1.example.com");
	assert_string_equal(c->cr_date, "1999-04-03T22:00:00.0Z");
	epp_response_free(r);
}

static void
test_contact(void **state)
{
	epp_response *r = SAMPLE("rfc5733-contact-info-response.xml");
	const epp_contact_info_data *c = epp_response_contact_info(r);
	const epp_contact_postal_data *p;
	const epp_contact_create_data *cr;

	(void)state;
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_CONTACT_INF);
	assert_string_equal(c->id, "sh8013");
	assert_string_equal(c->roid, "SH8013-REP");
	assert_int_equal(c->status_count, 2);
	assert_string_equal(c->statuses[0].s, "linked");
	assert_string_equal(c->statuses[1].s, "clientDeleteProhibited");
	assert_int_equal(c->postal_count, 1);
	p = &c->postal[0];
	assert_string_equal(p->type, "int");
	assert_string_equal(p->name, "John Doe");
	assert_string_equal(p->org, "Example Inc.");
	assert_int_equal(p->street_count, 2);
	assert_string_equal(p->streets[0], "123 Example Dr.");
	assert_string_equal(p->streets[1], "Suite 100");
	assert_string_equal(p->city, "Dulles");
	assert_string_equal(p->sp, "VA");
	assert_string_equal(p->pc, "20166-6503");
	assert_string_equal(p->cc, "US");
	assert_string_equal(c->voice, "+1.7035555555");
	assert_string_equal(c->voice_x, "1234");
	assert_string_equal(c->fax, "+1.7035555556");
	assert_null(c->fax_x);
	assert_string_equal(c->email, "jdoe@example.com");
	assert_string_equal(c->cl_id, "ClientY");
	assert_string_equal(c->cr_id, "ClientX");
	assert_string_equal(c->cr_date, "1999-04-03T22:00:00.0Z");
	assert_string_equal(c->up_id, "ClientX");
	assert_string_equal(c->up_date, "1999-12-03T09:00:00.0Z");
	assert_string_equal(c->tr_date, "2000-04-08T09:00:00.0Z");
	assert_string_equal(c->auth_pw, "2fooBAR");
	assert_non_null(c->disclose);
	assert_int_equal(c->disclose->flag, 0);
	assert_int_equal(c->disclose->voice, 1);
	assert_int_equal(c->disclose->email, 1);
	assert_int_equal(c->disclose->fax, 0);
	assert_int_equal(c->disclose->name_int, 0);
	epp_response_free(r);

	/* two postal infos, no optional fields, disclose by type */
	r = parse_str(RESPONSE(
	        OK_RESULT
	        "<resData><c:infData "
	        "xmlns:c=\"urn:ietf:params:xml:ns:contact-1.0\"><c:id>x1</c:id>"
	        "<c:postalInfo type=\"loc\"><c:name>J\xc3\xbcrgen</c:name>"
	        "<c:addr><c:city>K\xc3\xb6ln</c:city><c:cc>DE</c:cc></c:addr>"
	        "</c:postalInfo><c:postalInfo type=\"int\"><c:name>Jurgen"
	        "</c:name><c:addr><c:street>a</c:street><c:street>b</c:street>"
	        "<c:street>c</c:street><c:city>Koln</c:city><c:cc>DE</c:cc>"
	        "</c:addr></c:postalInfo><c:email>j@example.de</c:email>"
	        "<c:disclose flag=\"1\"><c:name type=\"loc\"/><c:addr "
	        "type=\"int\"/><c:fax/></c:disclose></c:infData></resData>"));
	c = epp_response_contact_info(r);
	assert_int_equal(c->postal_count, 2);
	assert_string_equal(c->postal[0].type, "loc");
	assert_string_equal(c->postal[0].name, "J\xc3\xbcrgen");
	assert_string_equal(c->postal[0].city, "K\xc3\xb6ln");
	assert_null(c->postal[0].org);
	assert_null(c->postal[0].sp);
	assert_int_equal(c->postal[0].street_count, 0);
	assert_int_equal(c->postal[1].street_count, 3);
	assert_string_equal(c->postal[1].streets[2], "c");
	assert_null(c->voice);
	assert_null(c->auth_pw);
	assert_int_equal(c->disclose->flag, 1);
	assert_int_equal(c->disclose->name_loc, 1);
	assert_int_equal(c->disclose->name_int, 0);
	assert_int_equal(c->disclose->addr_int, 1);
	assert_int_equal(c->disclose->fax, 1);
	assert_int_equal(c->disclose->voice, 0);
	epp_response_free(r);

	r = GOLDEN("contact_create");
	cr = epp_response_contact_create(r);
	assert_string_equal(cr->id, "sh8013");
	assert_string_equal(cr->cr_date, "1999-04-03T22:00:00.0Z");
	epp_response_free(r);
}

static void
test_xpath(void **state)
{
	epp_response *r = GOLDEN("domain_info");
	const epp_xml_ns ns[] = {{"d", "urn:ietf:params:xml:ns:domain-1.0"}};
	char **v, *s;
	size_t n;

	(void)state;
	assert_int_equal(epp_response_xpath(&v, &n, r,
	                                    "//domain:ns/domain:hostObj", NULL,
	                                    0),
	                 EPP_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "ns1.example.com");
	assert_string_equal(v[1], "ns1.example.net");
	assert_null(v[2]);
	epp_strings_free(v);

	assert_int_equal(epp_response_xpath(&v, &n, r,
	                                    "//d:contact[@type='tech']/@type",
	                                    ns, 1),
	                 EPP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "tech");
	epp_strings_free(v);

	/* a number result */
	assert_int_equal(
	        epp_response_xpath(&v, &n, r, "count(//domain:host)", NULL, 0),
	        EPP_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "2");
	epp_strings_free(v);

	assert_int_equal(epp_response_xpath_string(
	                         &s, r, "//secDNS:dsData/secDNS:digest"),
	                 EPP_OK);
	assert_string_equal(s, "49FD46E6C4B45C55D4AC");
	free(s);
	assert_int_equal(epp_response_xpath_string(
	                         &s, r, "/epp:epp/epp:response/epp:msgQ"),
	                 EPP_ENOTFOUND);
	assert_null(s);
	assert_int_equal(epp_response_xpath(&v, &n, r, "//nope:x", NULL, 0),
	                 EPP_EINVAL);
	assert_int_equal(epp_response_xpath(&v, &n, r, "//[", NULL, 0),
	                 EPP_EINVAL);
	assert_null(v);
	epp_response_free(r);
}

static void
test_errors(void **state)
{
	static const char *bad[] = {
	        /* not XML */
	        "<epp",
	        /* not the EPP namespace */
	        "<epp><response><result code=\"1000\"/></response></epp>",
	        /* a command, not a response */
	        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><hello/></epp>",
	        /* no result, bad codes */
	        RESPONSE(""),
	        RESPONSE("<result code=\"100\"><msg>x</msg></result>"),
	        RESPONSE("<result code=\"3000\"><msg>x</msg></result>"),
	        RESPONSE("<result code=\"10a0\"><msg>x</msg></result>"),
	        RESPONSE(OK_RESULT "<result><msg>x</msg></result>"),
	};
	epp_response *r;
	epp_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = (epp_response *)&err;
		memset(&err, 0, sizeof(err));
		assert_int_equal(
		        epp_response_parse(&r, bad[i], strlen(bad[i]), &err),
		        EPP_EPROTO);
		assert_null(r);
		assert_int_equal(err.code, EPP_EPROTO);
		assert_true(err.text[0] != '\0');
	}
	assert_int_equal(epp_response_parse(NULL, "<a/>", 4, NULL), EPP_EINVAL);
}

/* Every golden case: reply.xml converts to result.json, both from the
 * text and from a parsed response; and every response sample parses. */
static void
test_golden(void **state)
{
	const char *dir = EPPKIT_SOURCE_DIR "/tests/data";
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[1024];
	int cases = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t xml_len, want_len, out_len;
		char *xml, *want, *out;
		epp_response *r;
		epp_error err;

		snprintf(path, sizeof(path), "%s/%s/reply.xml", dir,
		         de->d_name);
		xml = slurp(path, &xml_len);
		if (xml == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s/result.json", dir,
		         de->d_name);
		want = slurp(path, &want_len);
		if (want == NULL)
			fail_msg("%s has no result.json", de->d_name);
		assert_true(want_len > 0 && want[want_len - 1] == '\n');
		want[--want_len] = '\0';
		assert_int_equal(
		        epp_json_from_xml(&out, &out_len, xml, xml_len, &err),
		        EPP_OK);
		if (strcmp(out, want) != 0)
			fail_msg("%s:\ngot  %s\nwant %s", de->d_name, out,
			         want);
		free(out);
		/* the greeting is not a response */
		if (strstr(xml, "<greeting>") == NULL) {
			if (epp_response_parse(&r, xml, xml_len, &err) !=
			    EPP_OK)
				fail_msg("%s: %s", de->d_name, err.text);
			assert_int_equal(epp_response_json(&out, &out_len, r),
			                 EPP_OK);
			assert_string_equal(out, want);
			assert_int_equal(out_len, want_len);
			free(out);
			epp_response_free(r);
		}
		free(want);
		free(xml);
		cases++;
	}
	closedir(d);
	assert_true(cases >= 21);
}

static void
test_samples_parse(void **state)
{
	DIR *d = opendir(EPPKIT_SAMPLES_DIR);
	struct dirent *de;
	char path[1024];
	int n = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		epp_response *r;

		size_t len = strlen(de->d_name);

		if (strstr(de->d_name, "-response") == NULL || len < 5 ||
		    strcmp(de->d_name + len - 4, ".xml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", EPPKIT_SAMPLES_DIR,
		         de->d_name);
		r = parse_file(path);
		assert_true(epp_response_code(r) >= 1000);
		assert_non_null(epp_response_svtrid(r));
		epp_response_free(r);
		n++;
	}
	closedir(d);
	assert_int_equal(n, 12);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_envelope),
	        cmocka_unit_test(test_results_values),
	        cmocka_unit_test(test_msgq_pending),
	        cmocka_unit_test(test_checks),
	        cmocka_unit_test(test_domain_info),
	        cmocka_unit_test(test_domain_variants),
	        cmocka_unit_test(test_domain_other),
	        cmocka_unit_test(test_host),
	        cmocka_unit_test(test_contact),
	        cmocka_unit_test(test_xpath),
	        cmocka_unit_test(test_errors),
	        cmocka_unit_test(test_golden),
	        cmocka_unit_test(test_samples_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
