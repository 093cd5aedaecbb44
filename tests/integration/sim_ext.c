/*
 * libepp's extensions against epp-sim over TLS on loopback: loginSec
 * (a long new password set and used through the extension), fee check
 * and fees agreed on create and renew (a fee below the price refused
 * with 2004, balance charged), a launch claims check, an allocation
 * token on create, and raw extension XML of an unknown namespace refused
 * by the registry's schema check. Every response is checked against the RFC schemas; no password
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
		expect(epp_contact_create(a, &c, &r), &r, 1000);
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
		expect(epp_domain_check(a, &ca, &r), &r, 1000);
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
		expect(epp_domain_create(a, &d, &r), &r, 2004);
		epp_response_free(r);
		agreed.fees = &full;
		expect(epp_domain_create(a, &d, &r), &r, 1000);
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
		expect(epp_domain_info(a, &ia, &r), &r, 1000);
		assert_string_equal(epp_response_allocation_token(r), "abc123");
		epp_response_free(r);
		ia.ext_count = 0;
		expect(epp_domain_info(a, &ia, &r), &r, 1000);
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
		expect(epp_domain_info(a, &ia, &r), &r, 1000);
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
		expect(epp_domain_renew(a, &rn, &r), &r, 1000);
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
		expect(epp_domain_check(a, &ca, &r), &r, 1000);
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

	/* a registry-specific extension the simulator does not know: its
	 * schema check refuses the command (2001), nothing is executed */
	{
		epp_domain_info_args ia = EPP_DOMAIN_INFO_ARGS_INIT;
		epp_ext_arg ext[] = {
		        {EPP_EXT_RAW,
		         "<x:promo xmlns:x=\"urn:example:promo-1.0\">"
		         "SPRING</x:promo>"}};

		ia.name = "premium-shop.test";
		ia.ext = ext;
		ia.ext_count = 1;
		assert_int_equal(epp_domain_info(a, &ia, &r), EPP_OK);
		assert_int_equal(epp_response_code(r), 2001);
		epp_response_free(r);
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
static void
test_change_poll(void **state)
{
	static const char *const fast[] = {"--redemption-s", "1", NULL};
	struct simh_proc p;
	epp_session *s;
	epp_response *r = NULL;
	const epp_change_poll_data *cp;
	epp_contact_create_args c = EPP_CONTACT_CREATE_ARGS_INIT;
	epp_contact_postal postal = {0};
	epp_domain_create_args d = EPP_DOMAIN_CREATE_ARGS_INIT;
	epp_domain_delete_args del = EPP_DOMAIN_DELETE_ARGS_INIT;
	epp_domain_info_args inf = EPP_DOMAIN_INFO_ARGS_INIT;
	char id[32];

	(void)state;
	simh_start(&p, fast);
	s = simh_session(&p, "ClientA", "passwordA", NULL, capture);
	postal.type = "int";
	postal.name = "Purge Owner";
	postal.city = "Berlin";
	postal.cc = "DE";
	c.id = "purge-reg";
	c.postal = &postal;
	c.postal_count = 1;
	c.email = "purge@example.test";
	c.auth_info = "Contact-pw-3";
	epp_response_free(expect(epp_contact_create(s, &c, &r), &r, 1000));
	d.name = "purged.test";
	d.period = 1;
	d.registrant = "purge-reg";
	epp_response_free(expect(epp_domain_create(s, &d, &r), &r, 1000));
	del.name = "purged.test";
	epp_response_free(expect(epp_domain_delete(s, &del, &r), &r, 1001));
	sleep(2);
	/* any command runs the sweep, which purges the domain */
	inf.name = "purged.test";
	epp_response_free(expect(epp_domain_info(s, &inf, &r), &r, 2303));
	expect(epp_poll_req(s, &r), &r, 1301);
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
	epp_response_free(expect(epp_poll_ack(s, id, &r), &r, 1000));
	epp_session_free(s);
	assert_int_equal(simh_stop(&p), 0);
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
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
