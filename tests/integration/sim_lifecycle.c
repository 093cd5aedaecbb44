/*
 * libepp against epp-sim over real TLS on loopback: a whole life cycle
 * (contact, hosts, domain create, info, update with secDNS, renew,
 * transfer request and approve between two registrars with the poll
 * messages, delete, restore) with the expected result codes and typed
 * data. Every response is checked against the RFC schemas, no password
 * reaches libepp's log, and the simulator's counters show that no
 * command ran twice.
 */
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "epp/epp.h"
#include "epp/contact.h"
#include "epp/domain.h"
#include "epp/host.h"
#include "epp/poll.h"
#include "epp/response_contact.h"
#include "epp/response_domain.h"
#include "epp/response_host.h"
#include "epp/rgp.h"
#include "epp/secdns.h"
#include "sim_harness.h"

#define DOMAIN_PW "Dom-auth-9x"

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
open_as(const char *clid, const char *pw)
{
	return simh_session(&sim, clid, pw, NULL, capture);
}

static epp_response *
expect(int rc, epp_response **rp, int code)
{
	return simh_expect_response(rc, rp, code);
}

static void
done(int rc, epp_response **rp, int code)
{
	epp_response_free(expect(rc, rp, code));
	*rp = NULL;
}

static int
has_status(const epp_status_data *st, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(st[i].s, s) == 0)
			return 1;
	return 0;
}

/* Read the oldest poll message: its transfer data's status, then ack. */
static void
poll_transfer(epp_session *s, const char *tr_status, const char *re_id)
{
	epp_response *r = NULL;
	const epp_transfer_data *t;
	const epp_msgq *q;
	char id[64];

	expect(epp_poll_req(&r, s), &r, 1301);
	q = epp_response_msgq(r);
	assert_non_null(q);
	assert_true(q->count >= 1);
	assert_non_null(q->qdate);
	t = epp_response_transfer(r);
	assert_non_null(t);
	assert_string_equal(t->name, "life.test");
	assert_string_equal(t->tr_status, tr_status);
	assert_string_equal(t->re_id, re_id);
	snprintf(id, sizeof(id), "%s", q->id);
	epp_response_free(r);
	r = NULL;
	done(epp_poll_ack(&r, s, id), &r, 1000);
}

static void
test_lifecycle(void **state)
{
	epp_session *a, *b;
	epp_response *r = NULL;
	const epp_contact_info_data *ci;
	const epp_domain_info_data *di;
	const epp_host_info_data *hi;
	const epp_secdns_info_data *sec;
	const epp_transfer_data *tr;
	const epp_rgp_data *rgp;
	char exp[16], *log;
	int year;

	(void)state;
	a = open_as("ClientA", "passwordA");
	b = open_as("ClientB", "passwordB");

	/* Contact. */
	{
		epp_contact_postal postal = {0};
		epp_contact_create_args c = EPP_CONTACT_CREATE_ARGS_INIT;
		epp_contact_id_args ci_args = EPP_CONTACT_ID_ARGS_INIT;

		postal.type = "int";
		postal.name = "Jane Registrant";
		postal.org = "Example <Org> & Sons";
		postal.street[0] = "1 Main Street";
		postal.street[1] = "Suite 2";
		postal.street_count = 2;
		postal.city = "Berlin";
		postal.pc = "10115";
		postal.cc = "DE";
		c.id = "lc-reg";
		c.postal = &postal;
		c.postal_count = 1;
		c.voice.number = "+49.301234567";
		c.email = "jane@example.test";
		c.auth_info = "Contact-pw-1";
		done(epp_contact_create(&r, a, &c), &r, 1000);
		r = NULL;
		ci_args.id = "lc-reg";
		expect(epp_contact_info(&r, a, &ci_args), &r, 1000);
		ci = epp_response_contact_info(r);
		assert_non_null(ci);
		assert_string_equal(ci->postal[0].org, "Example <Org> & Sons");
		assert_int_equal(ci->postal[0].street_count, 2);
		assert_string_equal(ci->postal[0].streets[1], "Suite 2");
		assert_string_equal(ci->voice, "+49.301234567");
		assert_string_equal(ci->cl_id, "ClientA");
		assert_true(has_status(ci->statuses, ci->status_count, "ok"));
		epp_response_free(r);
		r = NULL;
	}

	/* Domain create. */
	{
		epp_domain_contact contacts[] = {{"admin", "lc-reg"},
		                                 {"tech", "lc-reg"}};
		epp_domain_create_args d = EPP_DOMAIN_CREATE_ARGS_INIT;
		const epp_domain_create_data *cd;

		d.name = "life.test";
		d.period = 1;
		d.period_unit = 'y';
		d.registrant = "lc-reg";
		d.contacts = contacts;
		d.contact_count = 2;
		d.auth_info = DOMAIN_PW;
		expect(epp_domain_create(&r, a, &d), &r, 1000);
		cd = epp_response_domain_create(r);
		assert_non_null(cd);
		assert_string_equal(cd->name, "life.test");
		assert_non_null(cd->ex_date);
		epp_response_free(r);
		r = NULL;
		done(epp_domain_create(&r, a, &d), &r, 2302);
		r = NULL;
	}

	/* Hosts: one under the domain (glue), one outside. */
	{
		epp_ip_addr addrs[] = {{"192.0.2.10", EPP_IP_V4},
		                       {"2001:db8::10", EPP_IP_V6}};
		epp_host_create_args h = EPP_HOST_CREATE_ARGS_INIT;
		epp_host_name_args hn = EPP_HOST_NAME_ARGS_INIT;

		h.name = "ns1.life.test";
		h.addrs = addrs;
		h.addr_count = 2;
		done(epp_host_create(&r, a, &h), &r, 1000);
		r = NULL;
		h.name = "ns.life-ext.example";
		h.addrs = NULL;
		h.addr_count = 0;
		done(epp_host_create(&r, a, &h), &r, 1000);
		r = NULL;
		hn.name = "ns1.life.test";
		expect(epp_host_info(&r, a, &hn), &r, 1000);
		hi = epp_response_host_info(r);
		assert_non_null(hi);
		assert_int_equal(hi->addr_count, 2);
		assert_string_equal(hi->addrs[1].ip, "v6");
		assert_string_equal(hi->addrs[1].addr, "2001:db8::10");
		epp_response_free(r);
		r = NULL;
	}

	/* Update: name servers and DS data (secDNS-1.1). */
	{
		const char *hosts[] = {"ns1.life.test", "ns.life-ext.example"};
		epp_secdns_ds ds = {0};
		epp_secdns sd = EPP_SECDNS_INIT;
		epp_ext_arg ext = {EPP_EXT_SECDNS, &sd};
		epp_domain_update_args u = EPP_DOMAIN_UPDATE_ARGS_INIT;

		ds.key_tag = 4242;
		ds.alg = 13;
		ds.digest_type = 2;
		ds.digest =
		        "E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9"
		        "184CFC41A5766";
		sd.ds = &ds;
		sd.ds_count = 1;
		u.name = "life.test";
		u.add_ns.host_objs = hosts;
		u.add_ns.host_obj_count = 2;
		u.ext = &ext;
		u.ext_count = 1;
		done(epp_domain_update(&r, a, &u), &r, 1000);
		r = NULL;
	}

	/* Info: typed data back. */
	{
		epp_domain_info_args i = EPP_DOMAIN_INFO_ARGS_INIT;

		i.name = "life.test";
		expect(epp_domain_info(&r, a, &i), &r, 1000);
		di = epp_response_domain_info(r);
		assert_non_null(di);
		assert_string_equal(di->registrant, "lc-reg");
		assert_int_equal(di->contact_count, 2);
		assert_int_equal(di->ns_count, 2);
		assert_int_equal(di->host_count, 1);
		assert_string_equal(di->hosts[0], "ns1.life.test");
		assert_string_equal(di->cl_id, "ClientA");
		assert_string_equal(di->auth_pw, DOMAIN_PW);
		assert_non_null(di->ex_date);
		snprintf(exp, sizeof(exp), "%.10s", di->ex_date);
		sec = epp_response_secdns_info(r);
		assert_non_null(sec);
		assert_int_equal(sec->ds_count, 1);
		assert_int_equal(sec->ds[0].key_tag, 4242);
		assert_int_equal(sec->ds[0].alg, 13);
		epp_response_free(r);
		r = NULL;
	}

	/* Renew: a wrong curExpDate is refused, the right one works. */
	{
		epp_domain_renew_args rn = EPP_DOMAIN_RENEW_ARGS_INIT;
		const epp_domain_renew_data *rd;

		rn.name = "life.test";
		rn.cur_exp_date = "1999-01-01";
		rn.period = 1;
		rn.period_unit = 'y';
		done(epp_domain_renew(&r, a, &rn), &r, 2306);
		r = NULL;
		rn.cur_exp_date = exp;
		expect(epp_domain_renew(&r, a, &rn), &r, 1000);
		rd = epp_response_domain_renew(r);
		assert_non_null(rd);
		year = atoi(exp);
		assert_int_equal(atoi(rd->ex_date), year + 1);
		epp_response_free(r);
		r = NULL;
	}

	/* Transfer from ClientA to ClientB, with poll messages. */
	{
		epp_domain_transfer_args t = EPP_DOMAIN_TRANSFER_ARGS_INIT;
		epp_domain_info_args i = EPP_DOMAIN_INFO_ARGS_INIT;

		t.name = "life.test";
		t.op = EPP_TRANSFER_REQUEST;
		t.auth_info = "wrong-pw-1";
		done(epp_domain_transfer(&r, b, &t), &r, 2202);
		r = NULL;
		t.auth_info = DOMAIN_PW;
		expect(epp_domain_transfer(&r, b, &t), &r, 1001);
		tr = epp_response_transfer(r);
		assert_non_null(tr);
		assert_string_equal(tr->tr_status, "pending");
		assert_string_equal(tr->re_id, "ClientB");
		assert_string_equal(tr->ac_id, "ClientA");
		epp_response_free(r);
		r = NULL;
		poll_transfer(a, "pending", "ClientB");
		t.op = EPP_TRANSFER_APPROVE;
		t.auth_info = NULL;
		done(epp_domain_transfer(&r, b, &t), &r, 2201);
		r = NULL;
		done(epp_domain_transfer(&r, a, &t), &r, 1000);
		r = NULL;
		poll_transfer(b, "clientApproved", "ClientB");
		done(epp_poll_req(&r, b), &r, 1300);
		r = NULL;
		i.name = "life.test";
		expect(epp_domain_info(&r, b, &i), &r, 1000);
		di = epp_response_domain_info(r);
		assert_string_equal(di->cl_id, "ClientB");
		assert_non_null(di->tr_date);
		assert_int_equal(atoi(di->ex_date), year + 2);
		epp_response_free(r);
		r = NULL;
	}

	/* Delete: blocked by the subordinate host until it is gone. */
	{
		epp_domain_delete_args d = EPP_DOMAIN_DELETE_ARGS_INIT;
		epp_domain_update_args u = EPP_DOMAIN_UPDATE_ARGS_INIT;
		epp_host_name_args hn = EPP_HOST_NAME_ARGS_INIT;
		const char *ns1[] = {"ns1.life.test"};

		d.name = "life.test";
		done(epp_domain_delete(&r, b, &d), &r, 2305);
		r = NULL;
		hn.name = "ns1.life.test";
		done(epp_host_delete(&r, a, &hn), &r, 2305);
		r = NULL;
		u.name = "life.test";
		u.rem_ns.host_objs = ns1;
		u.rem_ns.host_obj_count = 1;
		done(epp_domain_update(&r, b, &u), &r, 1000);
		r = NULL;
		done(epp_host_delete(&r, a, &hn), &r, 1000);
		r = NULL;
		done(epp_domain_delete(&r, b, &d), &r, 1001);
		r = NULL;
	}

	/* Redemption, then restore request and report (RGP). */
	{
		epp_domain_info_args i = EPP_DOMAIN_INFO_ARGS_INIT;
		epp_rgp_restore rs = EPP_RGP_RESTORE_INIT;
		epp_ext_arg ext = {EPP_EXT_RGP, &rs};
		epp_domain_update_args u = EPP_DOMAIN_UPDATE_ARGS_INIT;

		i.name = "life.test";
		expect(epp_domain_info(&r, b, &i), &r, 1000);
		di = epp_response_domain_info(r);
		assert_true(has_status(di->statuses, di->status_count,
		                       "pendingDelete"));
		rgp = epp_response_rgp(r);
		assert_non_null(rgp);
		assert_string_equal(rgp->statuses[0].s, "redemptionPeriod");
		epp_response_free(r);
		r = NULL;
		u.name = "life.test";
		u.ext = &ext;
		u.ext_count = 1;
		expect(epp_domain_update(&r, b, &u), &r, 1000);
		rgp = epp_response_rgp(r);
		assert_non_null(rgp);
		assert_string_equal(rgp->statuses[0].s, "pendingRestore");
		epp_response_free(r);
		r = NULL;
		rs.op = EPP_RGP_REPORT;
		rs.pre_data = "registrant lc-reg, ns.life-ext.example";
		rs.post_data = "the same";
		rs.del_time = "2026-11-27T10:00:00.0Z";
		rs.res_time = "2026-11-27T11:00:00.0Z";
		rs.res_reason = "deleted by mistake";
		rs.statement[0] = "accurate";
		rs.statement[1] = "not for unlawful purposes";
		done(epp_domain_update(&r, b, &u), &r, 1000);
		r = NULL;
		expect(epp_domain_info(&r, b, &i), &r, 1000);
		di = epp_response_domain_info(r);
		assert_false(has_status(di->statuses, di->status_count,
		                        "pendingDelete"));
		assert_null(epp_response_rgp(r));
		epp_response_free(r);
		r = NULL;
	}

	assert_int_equal(epp_session_logout(a), EPP_OK);
	assert_int_equal(epp_session_logout(b), EPP_OK);
	epp_session_free(a);
	epp_session_free(b);

	/* Secrets never reached libepp's log. */
	assert_null(strstr(logbuf, "passwordA"));
	assert_null(strstr(logbuf, DOMAIN_PW));
	/* Each command ran once: libepp's clTRIDs are never reused. */
	simh_signal(&sim, SIGUSR1);
	log = simh_log(&sim);
	assert_non_null(strstr(log, "epp-sim: count domain_create 2\n"));
	assert_non_null(strstr(log, "epp-sim: count domain_renew 2\n"));
	assert_non_null(
	        strstr(log, "epp-sim: count domain_transfer_approve 2\n"));
	assert_non_null(strstr(log, "epp-sim: duplicates 0\n"));
	assert_null(strstr(log, "passwordA"));
	assert_null(strstr(log, DOMAIN_PW));
	free(log);
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
	        cmocka_unit_test(test_lifecycle),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
