/*
 * The session forms of the builders (epp_domain_check(session, ...) and
 * the rest): each sends its command with the session's clTRID and returns
 * the registry's response; an invalid argument sends nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "epp/contact.h"
#include "epp/domain.h"
#include "epp/host.h"
#include "epp/poll.h"
#include "epp/session.h"
#include "epp/transport.h"
#include "minireg.h"

#define PASSWORD "s3cret-Pw!"

static struct minireg reg;

static void
peer(epp_transport *t, const char *frame, size_t len, void *ud)
{
	size_t out_len;
	char *out = minireg_answer(ud, frame, len, &out_len);

	assert_int_equal(epp_transport_mem_push_frame(t, out, out_len), EPP_OK);
	free(out);
}

static epp_session *
logged_in(void)
{
	epp_mem_options m = EPP_MEM_OPTIONS_INIT;
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_transport *t;
	epp_session *s;

	memset(&reg, 0, sizeof(reg));
	reg.password = PASSWORD;
	m.peer = peer;
	m.userdata = &reg;
	o.client_id = "registrar-1";
	o.password = PASSWORD;
	assert_int_equal(epp_transport_mem_new(&t, &m), EPP_OK);
	assert_int_equal(
	        epp_transport_mem_push_frame(t, minireg_default_greeting,
	                                     strlen(minireg_default_greeting)),
	        EPP_OK);
	assert_int_equal(epp_session_open_transport(&s, t, &o), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_OK);
	return s;
}

/* The response is the registry's 1000 for the element we sent. */
static void
sent(int rc, epp_response **r, int *count, const char *element)
{
	assert_int_equal(rc, EPP_OK);
	assert_non_null(*r);
	assert_int_equal(epp_response_code(*r), 1000);
	assert_int_equal(reg.commands, ++*count);
	if (strstr(reg.last_request, element) == NULL)
		fail_msg("%s not in %s", element, reg.last_request);
	assert_non_null(epp_response_cltrid(*r));
	assert_non_null(strstr(reg.last_request, epp_response_cltrid(*r)));
	epp_response_free(*r);
	*r = NULL;
}

static void
every_session_form_sends_its_command(void **state)
{
	epp_session *s = logged_in();
	epp_response *r = NULL;
	int n = reg.commands;
	const char *names[] = {"example.com", "example.net"};
	epp_ip_addr ip = {"192.0.2.1", EPP_IP_V4};

	(void)state;
	{
		epp_domain_check_args a = EPP_DOMAIN_CHECK_ARGS_INIT;
		epp_domain_info_args i = EPP_DOMAIN_INFO_ARGS_INIT;
		epp_domain_create_args c = EPP_DOMAIN_CREATE_ARGS_INIT;
		epp_domain_delete_args d = EPP_DOMAIN_DELETE_ARGS_INIT;
		epp_domain_renew_args re = EPP_DOMAIN_RENEW_ARGS_INIT;
		epp_domain_transfer_args t = EPP_DOMAIN_TRANSFER_ARGS_INIT;
		epp_domain_update_args u = EPP_DOMAIN_UPDATE_ARGS_INIT;

		a.names = names;
		a.count = 2;
		sent(epp_domain_check(&r, s, &a), &r, &n, "<domain:check");
		i.name = "example.com";
		sent(epp_domain_info(&r, s, &i), &r, &n, "<domain:info");
		c.name = "example.com";
		c.period = 1;
		sent(epp_domain_create(&r, s, &c), &r, &n, "<domain:create");
		d.name = "example.com";
		sent(epp_domain_delete(&r, s, &d), &r, &n, "<domain:delete");
		re.name = "example.com";
		re.cur_exp_date = "2027-01-01";
		sent(epp_domain_renew(&r, s, &re), &r, &n, "<domain:renew");
		t.name = "example.com";
		t.op = EPP_TRANSFER_QUERY;
		sent(epp_domain_transfer(&r, s, &t), &r, &n,
		     "<transfer op=\"query\"");
		u.name = "example.com";
		u.chg_registrant = "jd1234";
		sent(epp_domain_update(&r, s, &u), &r, &n, "<domain:update");
	}
	{
		epp_host_check_args a = EPP_HOST_CHECK_ARGS_INIT;
		epp_host_name_args nm = EPP_HOST_NAME_ARGS_INIT;
		epp_host_create_args c = EPP_HOST_CREATE_ARGS_INIT;
		epp_host_update_args u = EPP_HOST_UPDATE_ARGS_INIT;

		a.names = names;
		a.count = 1;
		sent(epp_host_check(&r, s, &a), &r, &n, "<host:check");
		nm.name = "ns1.example.com";
		sent(epp_host_info(&r, s, &nm), &r, &n, "<host:info");
		sent(epp_host_delete(&r, s, &nm), &r, &n, "<host:delete");
		c.name = "ns1.example.com";
		c.addrs = &ip;
		c.addr_count = 1;
		sent(epp_host_create(&r, s, &c), &r, &n, "<host:create");
		u.name = "ns1.example.com";
		u.chg_name = "ns2.example.com";
		sent(epp_host_update(&r, s, &u), &r, &n, "<host:update");
	}
	{
		const char *ids[] = {"sh8013"};
		epp_contact_check_args a = EPP_CONTACT_CHECK_ARGS_INIT;
		epp_contact_id_args i = EPP_CONTACT_ID_ARGS_INIT;
		epp_contact_create_args c = EPP_CONTACT_CREATE_ARGS_INIT;
		epp_contact_update_args u = EPP_CONTACT_UPDATE_ARGS_INIT;
		epp_contact_transfer_args t = EPP_CONTACT_TRANSFER_ARGS_INIT;
		epp_contact_postal p = {"int",    "John Doe", NULL, {NULL}, 0,
		                        "Dulles", NULL,       NULL, "US"};

		a.ids = ids;
		a.count = 1;
		sent(epp_contact_check(&r, s, &a), &r, &n, "<contact:check");
		i.id = "sh8013";
		sent(epp_contact_info(&r, s, &i), &r, &n, "<contact:info");
		sent(epp_contact_delete(&r, s, &i), &r, &n, "<contact:delete");
		c.id = "sh8013";
		c.postal = &p;
		c.postal_count = 1;
		c.email = "jdoe@example.com";
		sent(epp_contact_create(&r, s, &c), &r, &n, "<contact:create");
		u.id = "sh8013";
		u.chg_email = "john@example.com";
		sent(epp_contact_update(&r, s, &u), &r, &n, "<contact:update");
		t.id = "sh8013";
		t.op = EPP_TRANSFER_REQUEST;
		sent(epp_contact_transfer(&r, s, &t), &r, &n,
		     "<contact:transfer");
	}
	sent(epp_poll_req(&r, s), &r, &n, "<poll op=\"req\"");
	sent(epp_poll_ack(&r, s, "12345"), &r, &n, "msgID=\"12345\"");
	epp_session_free(s);
}

static void
invalid_arguments_send_nothing(void **state)
{
	epp_session *s = logged_in();
	epp_response *r = (epp_response *)&r;
	epp_domain_info_args i = EPP_DOMAIN_INFO_ARGS_INIT;
	int before = reg.commands;

	(void)state;
	i.name = "";
	assert_int_equal(epp_domain_info(&r, s, &i), EPP_EINVAL);
	assert_null(r);
	/* the builder's detail is the session's error message */
	assert_string_equal(epp_session_errmsg(s),
	                    "domain_info: name: is required");
	assert_int_equal(epp_poll_ack(&r, s, "a b"), EPP_EINVAL);
	assert_string_equal(epp_session_errmsg(s),
	                    "poll_ack: msg_id: contains white space");
	assert_int_equal(reg.commands, before);
	assert_int_equal(epp_domain_info(&r, NULL, &i), EPP_EINVAL);
	epp_session_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_session_form_sends_its_command),
	        cmocka_unit_test(invalid_arguments_send_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
