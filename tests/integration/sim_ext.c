/*
 * libepp's extensions against epp-sim over TLS on loopback: loginSec
 * (a long new password set and used through the extension), fee check
 * and fees agreed on create and renew (a fee below the price refused
 * with 2004, balance charged), a launch claims check, an allocation
 * token on create, raw extension XML of an unknown namespace refused
 * by the registry's schema check, and the life cycle of RFC 8543
 * organizations (parent, roles, contacts, statuses, sponsor rights);
 * changePoll data only to a client that announced changePoll, in an RFC
 * 9038 extValue to one that announced unhandled-namespaces only. Every response is checked against the RFC schemas; no password
 * reaches libepp's log or the simulator's.
 */
#include <signal.h>
#include <unistd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "epp/contact.h"
#include "epp/domain.h"
#include "epp/epp.h"
#include "epp/poll.h"
#include "epp/ext_alloc_token.h"
#include "epp/ext_change_poll.h"
#include "epp/ext_fee.h"
#include "epp/ext_launch.h"
#include "epp/ext_unhandled.h"
#include "epp/org.h"
#include "epp/response_domain.h"
#include "sim_harness.h"

#define LONG_PW "a-long-login-passphrase-of-40-characters"

static struct simh_proc sim;
static char logbuf[65536];
static size_t loglen;

static void
capture(void *ud, int level, const char *msg)
{
	int n = snprintf(logbuf + loglen, sizeof(logbuf) - loglen, "%d %s\n",
	                 level, msg);

	(void)ud;
	if (n > 0 && (size_t)n < sizeof(logbuf) - loglen)
		loglen += (size_t)n;
}

static epp_session *
open_as(const char *clid, const char *pw, const char *new_pw)
{
	return simh_session(&sim, clid, pw, new_pw, capture);
}

static epp_response *
expect(int rc, epp_response **rp, int code)
{
	return simh_expect_response(rc, rp, code);
}

static void
test_loginsec(void **state)
{
	const char *const *ext;
	epp_session *s;
	int offered = 0;

	(void)state;
	/* change to a password too long for <pw>: only loginSec carries it */
	s = open_as("ClientB", "passwordB", LONG_PW);
	for (ext = epp_session_greeting(s)->ext_uris; *ext; ext++)
		offered |= strcmp(*ext, "urn:ietf:params:xml:ns:epp:"
		                        "loginSec-1.0") == 0;
	assert_true(offered);
	assert_int_equal(epp_session_logout(s), EPP_OK);
	epp_session_free(s);
	s = open_as("ClientB", LONG_PW, NULL);
	assert_true(epp_session_logged_in(s));
	epp_session_free(s);
	assert_null(strstr(logbuf, LONG_PW));
	assert_null(strstr(logbuf, "passwordB"));
}

static void
test_fee_launch_token(void **state)
{
	epp_session *a = open_as("ClientA", "passwordA", NULL);
	epp_response *r = NULL;
	const char *names[] = {"plain.test", "premium-shop.test"};
	epp_fee_command cmds[] = {{"create", NULL, NULL, NULL, 2, 'y'},
	                          {"renew", NULL, NULL, NULL, 1, 'y'}};
	epp_fee fee = EPP_FEE_INIT;
	epp_fee_fee low = {"5.00", NULL, NULL, -1, NULL, NULL};
	epp_fee_fee full = {"100.00", "Registration Fee", NULL, 1, NULL, NULL};
	epp_alloc_token tok = EPP_ALLOC_TOKEN_INIT;
	epp_launch launch = EPP_LAUNCH_INIT;
	const epp_fee_check_data *fc;
	const epp_fee_transform_data *ft;
	const epp_launch_check_data *lc;
	char *log;

	(void)state;
	{
		epp_contact_create_args c = EPP_CONTACT_CREATE_ARGS_INIT;
		epp_contact_postal postal = {0};

		postal.type = "int";
		postal.name = "Fee Payer";
		postal.city = "Berlin";
		postal.cc = "DE";
		c.id = "fee-reg";
		c.postal = &postal;
		c.postal_count = 1;
		c.email = "fee@example.test";
		c.auth_info = "Contact-pw-2";
		expect(epp_contact_create(&r, a, &c), &r, 1000);
		epp_response_free(r);
	}

	/* fee check: two names, two commands, classes and prices */
	{
		epp_domain_check_args ca = EPP_DOMAIN_CHECK_ARGS_INIT;
		epp_ext_arg ext[] = {{EPP_EXT_FEE, &fee}};

		fee.currency = "USD";
		fee.commands = cmds;
		fee.command_count = 2;
		ca.names = names;
		ca.count = 2;
		ca.ext = ext;
		ca.ext_count = 1;
		expect(epp_domain_check(&r, a, &ca), &r, 1000);
		fc = epp_response_fee_check(r);
		assert_non_null(fc);
		assert_string_equal(fc->currency, "USD");
		assert_int_equal(fc->count, 2);
		assert_string_equal(fc->items[0].obj_id, "plain.test");
		assert_string_equal(fc->items[0].fee_class, "standard");
		assert_string_equal(fc->items[0].commands[0].name, "create");
		assert_int_equal(fc->items[0].commands[0].period, 2);
		assert_string_equal(fc->items[0].commands[0].fees[0].amount,
		                    "20.00");
		assert_string_equal(fc->items[0].commands[1].fees[0].amount,
		                    "10.00");
		assert_string_equal(fc->items[1].fee_class, "premium");
		assert_string_equal(fc->items[1].commands[0].fees[0].amount,
		                    "200.00");
		epp_response_free(r);
	}

	/* create a premium name: a fee below the price is refused */
	{
		epp_domain_create_args d = EPP_DOMAIN_CREATE_ARGS_INIT;
		epp_ext_arg ext[] = {{EPP_EXT_FEE, &fee},
		                     {EPP_EXT_ALLOC_TOKEN, &tok}};
		epp_fee agreed = EPP_FEE_INIT;

		agreed.currency = "USD";
		agreed.fees = &low;
		agreed.fee_count = 1;
		ext[0].data = &agreed;
		tok.token = "abc123";
		d.name = "premium-shop.test";
		d.period = 1;
		d.registrant = "fee-reg";
		d.ext = ext;
		d.ext_count = 2;
		expect(epp_domain_create(&r, a, &d), &r, 2004);
		epp_response_free(r);
		agreed.fees = &full;
		expect(epp_domain_create(&r, a, &d), &r, 1000);
		ft = epp_response_fee_transform(r);
		assert_non_null(ft);
		assert_string_equal(ft->command, "create");
		assert_string_equal(ft->fees[0].amount, "100.00");
		assert_string_equal(ft->balance, "-100.00");
		assert_string_equal(ft->credit_limit, "1000.00");
		assert_non_null(epp_response_domain_create(r));
		epp_response_free(r);
	}

	/* the token of the create comes back on an info that asks */
	{
		epp_domain_info_args ia = EPP_DOMAIN_INFO_ARGS_INIT;
		epp_alloc_token ask = EPP_ALLOC_TOKEN_INIT;
		epp_ext_arg ext[] = {{EPP_EXT_ALLOC_TOKEN, &ask}};

		ask.info = 1;
		ia.name = "premium-shop.test";
		ia.ext = ext;
		ia.ext_count = 1;
		expect(epp_domain_info(&r, a, &ia), &r, 1000);
		assert_string_equal(epp_response_allocation_token(r), "abc123");
		epp_response_free(r);
		ia.ext_count = 0;
		expect(epp_domain_info(&r, a, &ia), &r, 1000);
		assert_null(epp_response_allocation_token(r));
		epp_response_free(r);
	}

	/* renew with the fee: charged again */
	{
		epp_domain_info_args ia = EPP_DOMAIN_INFO_ARGS_INIT;
		epp_domain_renew_args rn = EPP_DOMAIN_RENEW_ARGS_INIT;
		epp_ext_arg ext[] = {{EPP_EXT_FEE, &fee}};
		epp_fee agreed = EPP_FEE_INIT;
		char day[11];

		ia.name = "premium-shop.test";
		expect(epp_domain_info(&r, a, &ia), &r, 1000);
		snprintf(day, sizeof(day), "%s",
		         epp_response_domain_info(r)->ex_date);
		epp_response_free(r);
		agreed.fees = &full;
		agreed.fee_count = 1;
		ext[0].data = &agreed;
		rn.name = "premium-shop.test";
		rn.cur_exp_date = day;
		rn.period = 1;
		rn.ext = ext;
		rn.ext_count = 1;
		expect(epp_domain_renew(&r, a, &rn), &r, 1000);
		ft = epp_response_fee_transform(r);
		assert_non_null(ft);
		assert_string_equal(ft->command, "renew");
		assert_string_equal(ft->balance, "-200.00");
		epp_response_free(r);
	}

	/* launch claims check: a name with a mark has a claim key */
	{
		const char *claims[] = {"trademark-shop.test", "plain.test"};
		epp_domain_check_args ca = EPP_DOMAIN_CHECK_ARGS_INIT;
		epp_ext_arg ext[] = {{EPP_EXT_LAUNCH, &launch}};

		launch.phase = "claims";
		launch.check_type = "claims";
		ca.names = claims;
		ca.count = 2;
		ca.ext = ext;
		ca.ext_count = 1;
		expect(epp_domain_check(&r, a, &ca), &r, 1000);
		lc = epp_response_launch_check(r);
		assert_non_null(lc);
		assert_string_equal(lc->phase, "claims");
		assert_int_equal(lc->count, 2);
		assert_int_equal(lc->items[0].exists, 1);
		assert_string_equal(lc->items[0].claim_keys[0].validator_id,
		                    "tmch");
		assert_int_equal(lc->items[1].exists, 0);
		epp_response_free(r);
	}

	/* a registry-specific extension the greeting does not offer: libepp
	 * refuses to send it, naming it; with allow_unoffered_ext it goes,
	 * and the simulator's schema check refuses it (2001) */
	{
		epp_domain_info_args ia = EPP_DOMAIN_INFO_ARGS_INIT;
		epp_ext_arg ext[] = {
		        {EPP_EXT_RAW,
		         "<x:promo xmlns:x=\"urn:example:promo-1.0\">"
		         "SPRING</x:promo>"}};
		epp_session *b;

		ia.name = "premium-shop.test";
		ia.ext = ext;
		ia.ext_count = 1;
		assert_int_equal(epp_domain_info(&r, a, &ia), EPP_EINVAL);
		assert_null(r);
		assert_non_null(strstr(epp_session_errmsg(a),
		                       "did not offer the extension "
		                       "urn:example:promo-1.0"));
		assert_non_null(
		        strstr(epp_session_errmsg(a), "nothing was sent"));
		simh_allow_unoffered_ext = 1;
		b = open_as("ClientA", "passwordA", NULL);
		simh_allow_unoffered_ext = 0;
		assert_int_equal(epp_domain_info(&r, b, &ia), EPP_OK);
		assert_int_equal(epp_response_code(r), 2001);
		epp_response_free(r);
		epp_session_logout(b);
		epp_session_free(b);
	}

	/* fee offered by the greeting but not announced at this login: a
	 * fee check fails before sending, naming fee-1.0 */
	{
		const char *const only_secdns[] = {
		        "urn:ietf:params:xml:ns:secDNS-1.1", NULL};
		epp_session *c = simh_session_ext(&sim, "ClientA", "passwordA",
		                                  NULL, only_secdns, capture);
		epp_domain_check_args ca = EPP_DOMAIN_CHECK_ARGS_INIT;
		epp_ext_arg fx[] = {{EPP_EXT_FEE, &fee}};

		ca.names = names;
		ca.count = 1;
		ca.ext = fx;
		ca.ext_count = 1;
		assert_int_equal(epp_domain_check(&r, c, &ca), EPP_EINVAL);
		assert_non_null(strstr(epp_session_errmsg(c),
		                       "urn:ietf:params:xml:ns:epp:fee-1.0"));
		epp_session_logout(c);
		epp_session_free(c);
	}

	assert_int_equal(epp_session_logout(a), EPP_OK);
	epp_session_free(a);
	log = simh_log(&sim);
	assert_null(strstr(log, "passwordA"));
	assert_null(strstr(log, "abc123"));
	free(log);
}

/* A domain purged at the end of redemption: the sponsor's poll message
 * has the domain as it was and a changePoll autoPurge. */
/* Contact `reg` and the domains it registers, created and deleted at
 * once (redemption starts; the sweep after it purges them). */
static void
create_and_delete(epp_session *s, const char *reg, const char *const *names,
                  int n)
{
	epp_response *r = NULL;
	epp_contact_create_args c = EPP_CONTACT_CREATE_ARGS_INIT;
	epp_contact_postal postal = {0};
	epp_domain_create_args d = EPP_DOMAIN_CREATE_ARGS_INIT;
	epp_domain_delete_args del = EPP_DOMAIN_DELETE_ARGS_INIT;

	postal.type = "int";
	postal.name = "Purge Owner";
	postal.city = "Berlin";
	postal.cc = "DE";
	c.id = reg;
	c.postal = &postal;
	c.postal_count = 1;
	c.email = "purge@example.test";
	c.auth_info = "Contact-pw-3";
	epp_response_free(expect(epp_contact_create(&r, s, &c), &r, 1000));
	for (int i = 0; i < n; i++) {
		d.name = del.name = names[i];
		d.period = 1;
		d.registrant = reg;
		epp_response_free(
		        expect(epp_domain_create(&r, s, &d), &r, 1000));
		epp_response_free(
		        expect(epp_domain_delete(&r, s, &del), &r, 1001));
	}
}

static void
test_change_poll(void **state)
{
	static const char *const fast[] = {"--redemption-s", "1", NULL};
	static const char *const names[] = {"purged.test"};
	struct simh_proc p;
	epp_session *s;
	epp_response *r = NULL;
	const epp_change_poll_data *cp;
	epp_domain_info_args inf = EPP_DOMAIN_INFO_ARGS_INIT;
	char id[32];

	(void)state;
	simh_start(&p, fast);
	s = simh_session(&p, "ClientA", "passwordA", NULL, capture);
	create_and_delete(s, "purge-reg", names, 1);
	sleep(2);
	/* any command runs the sweep, which purges the domain */
	inf.name = "purged.test";
	epp_response_free(expect(epp_domain_info(&r, s, &inf), &r, 2303));
	expect(epp_poll_req(&r, s), &r, 1301);
	cp = epp_response_change_poll(r);
	assert_non_null(cp);
	assert_string_equal(cp->state, "before");
	assert_string_equal(cp->operation, "autoPurge");
	assert_string_equal(cp->who, "epp-sim");
	assert_non_null(cp->sv_trid);
	assert_non_null(cp->date);
	assert_string_equal(epp_response_domain_info(r)->name, "purged.test");
	snprintf(id, sizeof(id), "%s", epp_response_msgq(r)->id);
	epp_response_free(r);
	epp_response_free(expect(epp_poll_ack(&r, s, id), &r, 1000));
	epp_session_free(s);
	assert_int_equal(simh_stop(&p), 0);
}

/* RFC 9038: purge two domains; the sponsor's client that announced
 * unhandled-namespaces but not changePoll reads the change data as an
 * extValue, one that announced neither gets the message without it. */
static void
test_unhandled_change_poll(void **state)
{
	static const char *const fast[] = {"--redemption-s", "1", NULL};
	static const char *const unhandled_only[] = {
	        "urn:ietf:params:xml:ns:epp:unhandled-namespaces-1.0", NULL};
	static const char *const none[] = {NULL};
	const char *const names[] = {"gone-1.test", "gone-2.test"};
	struct simh_proc p;
	epp_session *s, *u, *n;
	epp_response *r = NULL;
	const epp_unhandled_data *ud;
	epp_domain_info_args inf = EPP_DOMAIN_INFO_ARGS_INIT;
	const char *xml;
	size_t len;
	char id[32];

	(void)state;
	simh_start(&p, fast);
	s = simh_session(&p, "ClientA", "passwordA", NULL, capture);
	create_and_delete(s, "gone-reg", names, 2);
	sleep(2);
	inf.name = names[0];
	epp_response_free(expect(epp_domain_info(&r, s, &inf), &r, 2303));
	epp_session_free(s);

	u = simh_session_ext(&p, "ClientA", "passwordA", NULL, unhandled_only,
	                     capture);
	expect(epp_poll_req(&r, u), &r, 1301);
	assert_null(epp_response_change_poll(r));
	ud = epp_response_unhandled(r);
	assert_non_null(ud);
	assert_int_equal(ud->count, 1);
	assert_string_equal(ud->items[0].uri,
	                    "urn:ietf:params:xml:ns:changePoll-1.0");
	assert_string_equal(ud->items[0].name, "changeData");
	assert_non_null(strstr(ud->items[0].xml, "autoPurge"));
	assert_non_null(epp_response_domain_info(r));
	xml = epp_response_xml(r, &len);
	assert_non_null(strstr(xml, "<reason>urn:ietf:params:xml:ns:"
	                            "changePoll-1.0 not in login services"));
	snprintf(id, sizeof(id), "%s", epp_response_msgq(r)->id);
	epp_response_free(r);
	epp_response_free(expect(epp_poll_ack(&r, u, id), &r, 1000));
	epp_session_free(u);

	n = simh_session_ext(&p, "ClientA", "passwordA", NULL, none, capture);
	expect(epp_poll_req(&r, n), &r, 1301);
	assert_null(epp_response_change_poll(r));
	assert_null(epp_response_unhandled(r));
	assert_non_null(epp_response_domain_info(r));
	assert_null(strstr(epp_response_xml(r, &len), "changeData"));
	assert_null(strstr(epp_response_xml(r, &len), "extValue"));
	snprintf(id, sizeof(id), "%s", epp_response_msgq(r)->id);
	epp_response_free(r);
	epp_response_free(expect(epp_poll_ack(&r, n, id), &r, 1000));
	epp_response_free(expect(epp_poll_req(&r, n), &r, 1300));
	epp_session_free(n);
	assert_int_equal(simh_stop(&p), 0);
}

static void
org_info_expect(epp_session *s, const char *id, int code)
{
	epp_org_id_args a = EPP_ORG_ID_ARGS_INIT;
	epp_response *r = NULL;

	a.id = id;
	epp_response_free(expect(epp_org_info(&r, s, &a), &r, code));
}

static void
test_org(void **state)
{
	epp_session *a = open_as("ClientA", "passwordA", NULL);
	epp_session *b = open_as("ClientC", "passwordC", NULL);
	epp_response *r = NULL;
	const epp_org_info_data *d;
	const char *const *u;
	const char *ids[] = {"res1523", "par1523"};
	const char *dp[] = {"clientDeleteProhibited"};
	epp_org_role reseller = {"reseller", "1523"};
	epp_org_role proxy = {"privacyproxy", NULL};
	epp_org_contact admin = {"admin", "org-c1"};
	epp_org_contact ghost = {"tech", "nobody-1"};
	epp_org_postal postal = {.type = "int",
	                         .name = "Example Organization Inc.",
	                         .street = {"123 Example Dr."},
	                         .street_count = 1,
	                         .city = "Dulles",
	                         .cc = "US"};
	epp_org_postal rename = {.type = "int", .name = "Renamed Org"};
	epp_org_check_args ck = EPP_ORG_CHECK_ARGS_INIT;
	epp_org_create_args cr = EPP_ORG_CREATE_ARGS_INIT;
	epp_org_update_args up = EPP_ORG_UPDATE_ARGS_INIT;
	epp_org_id_args del = EPP_ORG_ID_ARGS_INIT;
	const epp_check_data *chk;
	int offered = 0;

	(void)state;
	for (u = epp_session_greeting(a)->obj_uris; *u; u++)
		offered |= strcmp(*u, EPP_ORG_NS) == 0;
	assert_true(offered);
	{
		epp_contact_create_args c = EPP_CONTACT_CREATE_ARGS_INIT;
		epp_contact_postal cp = {0};

		cp.type = "int";
		cp.name = "Org Admin";
		cp.city = "Berlin";
		cp.cc = "DE";
		c.id = "org-c1";
		c.postal = &cp;
		c.postal_count = 1;
		c.email = "org@example.test";
		c.auth_info = "Contact-pw-4";
		epp_response_free(
		        expect(epp_contact_create(&r, a, &c), &r, 1000));
	}
	ck.ids = ids;
	ck.count = 2;
	expect(epp_org_check(&r, a, &ck), &r, 1000);
	chk = epp_response_check(r);
	assert_non_null(chk);
	assert_int_equal(chk->count, 2);
	assert_int_equal(chk->items[0].avail, 1);
	epp_response_free(r);

	/* the parent first; a missing parent or contact is 2303 */
	cr.id = "res1523";
	cr.roles = &reseller;
	cr.role_count = 1;
	cr.parent_id = "par1523";
	epp_response_free(expect(epp_org_create(&r, a, &cr), &r, 2303));
	cr.id = "par1523";
	cr.parent_id = NULL;
	epp_response_free(expect(epp_org_create(&r, a, &cr), &r, 1000));
	cr.id = "res1523";
	cr.parent_id = "par1523";
	cr.contacts = &ghost;
	cr.contact_count = 1;
	epp_response_free(expect(epp_org_create(&r, a, &cr), &r, 2303));
	cr.contacts = &admin;
	cr.postal = &postal;
	cr.email = "contact@organization.example";
	epp_response_free(expect(epp_org_create(&r, a, &cr), &r, 1000));
	epp_response_free(expect(epp_org_create(&r, b, &cr), &r, 2302));
	expect(epp_org_check(&r, b, &ck), &r, 1000);
	chk = epp_response_check(r);
	assert_int_equal(chk->items[0].avail, 0);
	assert_int_equal(chk->items[1].avail, 0);
	epp_response_free(r);

	/* anyone reads it */
	del.id = "res1523";
	expect(epp_org_info(&r, b, &del), &r, 1000);
	d = epp_response_org_info(r);
	assert_non_null(d);
	assert_string_equal(d->id, "res1523");
	assert_int_equal(d->role_count, 1);
	assert_string_equal(d->roles[0].type, "reseller");
	assert_string_equal(d->roles[0].role_id, "1523");
	assert_string_equal(d->statuses[0], "ok");
	assert_string_equal(d->parent_id, "par1523");
	assert_string_equal(d->name, "Example Organization Inc.");
	assert_string_equal(d->city, "Dulles");
	assert_string_equal(d->email, "contact@organization.example");
	assert_int_equal(d->contact_count, 1);
	assert_string_equal(d->contacts[0].id, "org-c1");
	assert_string_equal(d->cl_id, "ClientA");
	assert_null(d->up_id);
	epp_response_free(r);

	/* only the sponsor changes it */
	up.id = "res1523";
	up.add.statuses = dp;
	up.add.status_count = 1;
	up.add.roles = &proxy;
	up.add.role_count = 1;
	up.rem.contacts = &admin;
	up.rem.contact_count = 1;
	up.postal = &rename;
	up.email = "new@organization.example";
	epp_response_free(expect(epp_org_update(&r, b, &up), &r, 2201));
	epp_response_free(expect(epp_org_delete(&r, b, &del), &r, 2201));
	epp_response_free(expect(epp_org_update(&r, a, &up), &r, 1000));
	expect(epp_org_info(&r, a, &del), &r, 1000);
	d = epp_response_org_info(r);
	assert_int_equal(d->role_count, 2);
	assert_string_equal(d->roles[1].type, "privacyproxy");
	assert_int_equal(d->status_count, 1);
	assert_string_equal(d->statuses[0], "clientDeleteProhibited");
	assert_string_equal(d->name, "Renamed Org");
	assert_string_equal(d->city, "Dulles"); /* the address stays */
	assert_string_equal(d->email, "new@organization.example");
	assert_int_equal(d->contact_count, 0);
	assert_string_equal(d->up_id, "ClientA");
	epp_response_free(r);

	/* the last role cannot go; a registry status cannot be set */
	memset(&up, 0, sizeof(up));
	up.id = "res1523";
	up.rem.roles = (epp_org_role[]){reseller, proxy};
	up.rem.role_count = 2;
	epp_response_free(expect(epp_org_update(&r, a, &up), &r, 2306));
	memset(&up, 0, sizeof(up));
	up.id = "res1523";
	up.add.statuses = (const char *[]){"hold"};
	up.add.status_count = 1;
	epp_response_free(expect(epp_org_update(&r, a, &up), &r, 2306));

	/* delete: prohibited, then linked parent, then gone */
	epp_response_free(expect(epp_org_delete(&r, a, &del), &r, 2304));
	memset(&up, 0, sizeof(up));
	up.id = "res1523";
	up.rem.statuses = dp;
	up.rem.status_count = 1;
	epp_response_free(expect(epp_org_update(&r, a, &up), &r, 1000));
	del.id = "par1523";
	expect(epp_org_info(&r, a, &del), &r, 1000);
	assert_string_equal(epp_response_org_info(r)->statuses[0], "linked");
	epp_response_free(r);
	epp_response_free(expect(epp_org_delete(&r, a, &del), &r, 2305));
	del.id = "res1523";
	epp_response_free(expect(epp_org_delete(&r, a, &del), &r, 1000));
	org_info_expect(a, "res1523", 2303);
	epp_response_free(expect(epp_org_update(&r, a, &up), &r, 2303));
	del.id = "par1523";
	epp_response_free(expect(epp_org_delete(&r, a, &del), &r, 1000));
	org_info_expect(b, "par1523", 2303);
	epp_session_free(a);
	epp_session_free(b);
}

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(epp_global_init(), EPP_OK);
	simh_start(&sim, NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	assert_int_equal(simh_stop(&sim), 0);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_loginsec),
	        cmocka_unit_test(test_fee_launch_token),
	        cmocka_unit_test(test_change_poll),
	        cmocka_unit_test(test_org),
	        cmocka_unit_test(test_unhandled_change_poll),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
