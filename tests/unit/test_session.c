/*
 * The session over the in-memory transport: greeting, login (URI choice,
 * refusal, newPW), hello, logout, clTRID checks, partial reads, the
 * request_sent contract, limits, and no secret in any log line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "epp/session.h"
#include "session/greeting_private.h"
#include "minireg.h"

#define PASSWORD "s3cret-Pw!"
#define NEWPW    "n3w-Secret?"

struct fixture {
	struct minireg reg;
	char log[16384];
	size_t log_len;
	epp_transport *t;
};

static void
peer(epp_transport *t, const char *frame, size_t len, void *ud)
{
	struct fixture *f = ud;
	size_t out_len;
	char *out = minireg_answer(&f->reg, frame, len, &out_len);

	assert_int_equal(epp_transport_mem_push_frame(t, out, out_len), EPP_OK);
	free(out);
}

static void
capture(void *ud, int level, const char *msg)
{
	struct fixture *f = ud;
	int n = snprintf(f->log + f->log_len, sizeof(f->log) - f->log_len,
	                 "%d %s\n", level, msg);

	if (n > 0 && (size_t)n < sizeof(f->log) - f->log_len)
		f->log_len += (size_t)n;
}

/* Open a session over a memory transport whose peer is f->reg. */
static int
open_mem(struct fixture *f, epp_session **s, epp_mem_options *mo,
         epp_session_options *so)
{
	epp_mem_options m = EPP_MEM_OPTIONS_INIT;
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	const char *g;

	if (mo)
		m = *mo;
	if (so)
		o = *so;
	m.peer = peer;
	m.userdata = f;
	o.client_id = o.client_id ? o.client_id : "registrar-1";
	o.password = o.password ? o.password : PASSWORD;
	o.log = capture;
	o.log_userdata = f;
	if (f->reg.password == NULL)
		f->reg.password = PASSWORD;
	assert_int_equal(epp_transport_mem_new(&f->t, &m), EPP_OK);
	g = f->reg.greeting ? f->reg.greeting : minireg_default_greeting;
	assert_int_equal(epp_transport_mem_push_frame(f->t, g, strlen(g)),
	                 EPP_OK);
	return epp_session_open_transport(s, f->t, &o);
}

static void
assert_no_secret(const struct fixture *f, const epp_session *s)
{
	assert_null(strstr(f->log, PASSWORD));
	assert_null(strstr(f->log, NEWPW));
	assert_null(strstr(epp_session_errmsg(s), PASSWORD));
	assert_null(strstr(epp_session_errmsg(s), NEWPW));
}

static void
greeting_parsed(void **state)
{
	struct fixture f = {0};
	const epp_greeting *g;
	epp_session *s;

	(void)state;
	assert_int_equal(open_mem(&f, &s, NULL, NULL), EPP_OK);
	g = epp_session_greeting(s);
	assert_non_null(g);
	assert_string_equal(g->sv_id, "Mini Registry");
	assert_string_equal(g->sv_date, "2026-11-27T22:00:00.0Z");
	assert_string_equal(g->versions[0], "1.0");
	assert_null(g->versions[1]);
	assert_string_equal(g->langs[0], "fr");
	assert_string_equal(g->langs[1], "en");
	assert_string_equal(g->obj_uris[3],
	                    "urn:example:params:xml:ns:other-1.0");
	assert_null(g->obj_uris[4]);
	assert_string_equal(g->ext_uris[0],
	                    "urn:ietf:params:xml:ns:secDNS-1.1");
	assert_string_equal(g->dcp_access, "all");
	assert_int_equal(epp_session_fd(s), -1);
	assert_int_equal(epp_session_pending(s), 0);
	epp_session_free(s);
}

static void
login_hello_logout(void **state)
{
	struct fixture f = {0};
	const char *req = f.reg.last_request;
	epp_session *s;

	(void)state;
	assert_int_equal(open_mem(&f, &s, NULL, NULL), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_OK);
	assert_int_equal(epp_session_logged_in(s), 1);
	assert_int_equal(epp_session_last_code(s), 1000);
	assert_int_equal(f.reg.logins, 1);
	/* What we support that the greeting offers, in our order. */
	assert_non_null(strstr(req, "<clID>registrar-1</clID>"));
	assert_non_null(strstr(req, "<version>1.0</version>"));
	assert_non_null(strstr(req, "<lang>en</lang>"));
	assert_non_null(
	        strstr(req, "<objURI>urn:ietf:params:xml:ns:domain-1.0</objURI>"
	                    "<objURI>urn:ietf:params:xml:ns:host-1.0</objURI>"
	                    "<objURI>urn:ietf:params:xml:ns:contact-1.0"
	                    "</objURI><svcExtension><extURI>urn:ietf:params:"
	                    "xml:ns:secDNS-1.1</extURI></svcExtension>"));
	assert_null(strstr(req, "other-1.0"));
	assert_null(strstr(req, "unknown-1.0"));
	assert_null(strstr(req, "rgp-1.0")); /* not offered */
	assert_null(strstr(req, "<newPW>"));

	assert_int_equal(epp_session_hello(s), EPP_OK);
	assert_int_equal(f.reg.hellos, 1);
	assert_string_equal(epp_session_greeting(s)->sv_id, "Mini Registry");

	assert_int_equal(epp_session_logout(s), EPP_OK);
	assert_int_equal(f.reg.logouts, 1);
	assert_int_equal(epp_session_last_code(s), 1500);
	assert_int_equal(epp_session_logged_in(s), 0);
	assert_string_equal(epp_session_errmsg(s), "");
	assert_no_secret(&f, s);
	epp_session_free(s);
}

static void
login_refused(void **state)
{
	struct fixture f = {0};
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_session *s;

	(void)state;
	f.reg.password = "something-else";
	assert_int_equal(open_mem(&f, &s, NULL, &o), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_ELOGIN);
	assert_int_equal(epp_session_last_code(s), 2200);
	assert_int_equal(epp_session_logged_in(s), 0);
	assert_non_null(strstr(epp_session_errmsg(s), "2200"));
	assert_non_null(strstr(epp_session_errmsg(s), "Authentication error"));
	assert_non_null(strstr(f.log, "Authentication error"));
	assert_no_secret(&f, s);
	epp_session_free(s);
}

static void
login_new_password(void **state)
{
	struct fixture f = {0};
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_session *s;

	(void)state;
	o.new_password = NEWPW;
	assert_int_equal(open_mem(&f, &s, NULL, &o), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_OK);
	assert_non_null(strstr(f.reg.last_request,
	                       "<pw>" PASSWORD "</pw><newPW>" NEWPW
	                       "</newPW>"));
	assert_no_secret(&f, s);
	epp_session_free(s);
}

static void
login_explicit_uris_and_lang(void **state)
{
	static const char *const obj[] = {"urn:example:obj-9", NULL};
	static const char *const ext[] = {NULL};
	struct fixture f = {0};
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_session *s;

	(void)state;
	o.obj_uris = obj;
	o.ext_uris = ext;
	o.lang = "fr";
	assert_int_equal(open_mem(&f, &s, NULL, &o), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_OK);
	assert_non_null(strstr(f.reg.last_request,
	                       "<lang>fr</lang></options><svcs><objURI>urn:"
	                       "example:obj-9</objURI></svcs>"));
	epp_session_free(s);
}

static void
cltrid_mismatch(void **state)
{
	struct fixture f = {0};
	epp_session *s;

	(void)state;
	f.reg.bad_cltrid = "SOMEONE-ELSES";
	assert_int_equal(open_mem(&f, &s, NULL, NULL), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_EPROTO);
	assert_non_null(strstr(epp_session_errmsg(s), "SOMEONE-ELSES"));
	assert_non_null(strstr(epp_session_errmsg(s), "does not match"));
	epp_session_free(s);

	/* A control character from the registry is escaped: no forged
	 * line in a log or an error. */
	memset(&f, 0, sizeof(f));
	f.reg.bad_cltrid = "X\nFORGED";
	assert_int_equal(open_mem(&f, &s, NULL, NULL), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_EPROTO);
	assert_non_null(strstr(epp_session_errmsg(s), "X\\x0aFORGED"));
	assert_null(strchr(epp_session_errmsg(s), '\n'));
	epp_session_free(s);
}

/* Registry text with line ends (a CR as a character reference) in the
 * greeting's svID and a result message: escaped in every log line and in
 * the error message; an escape character is not XML at all. */
static void
registry_text_escaped(void **state)
{
	struct fixture f = {0};
	char greeting[2048];
	const char *p;
	epp_session *s;

	(void)state;
	p = strstr(minireg_default_greeting, "Mini Registry");
	snprintf(greeting, sizeof(greeting), "%.*sEvil&#13;\nReg%s",
	         (int)(p - minireg_default_greeting), minireg_default_greeting,
	         p + strlen("Mini Registry"));
	f.reg.greeting = greeting;
	f.reg.password = "other";
	f.reg.msg = "Denied\n0 forged line&#13;";
	assert_int_equal(open_mem(&f, &s, NULL, NULL), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_ELOGIN);
	assert_non_null(strstr(f.log, "greeting from Evil\\x0d\\x0aReg"));
	assert_non_null(
	        strstr(epp_session_errmsg(s), "2200 Denied\\x0a0 forged line"));
	assert_null(strchr(epp_session_errmsg(s), '\n'));
	assert_null(strchr(f.log, '\r'));
	assert_null(strstr(f.log, "\n0 forged"));
	epp_session_free(s);

	memset(&f, 0, sizeof(f));
	f.reg.greeting = "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\">"
	                 "<greeting><svID>\x1b[31mred</svID></greeting></epp>";
	assert_int_equal(open_mem(&f, &s, NULL, NULL), EPP_EPROTO);
	assert_null(strchr(epp_session_errmsg(s), 0x1b));
	assert_null(strchr(f.log, 0x1b));
	epp_session_free(s);
}

/* RFC 5730 lets a registry that could not read a command answer without
 * a clTRID: the code and message reach the caller. */
static void
no_cltrid_reaches_caller(void **state)
{
	struct fixture f = {0};
	epp_session *s;
	epp_command *cmd;
	epp_response *r;

	(void)state;
	assert_int_equal(open_mem(&f, &s, NULL, NULL), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_OK);
	f.reg.no_cltrid = 1;
	f.reg.force_code = 2001;
	assert_int_equal(epp__logout_build(&cmd, "ABC-1", NULL), EPP_OK);
	assert_int_equal(epp_session_execute(&r, s, cmd), EPP_OK);
	assert_int_equal(epp_response_code(r), 2001);
	assert_int_equal(epp_session_last_code(s), 2001);
	assert_null(epp_response_cltrid(r));
	assert_non_null(epp_response_message(r));
	epp_response_free(r);
	epp_command_free(cmd);
	epp_session_free(s);
}

static void
byte_by_byte(void **state)
{
	struct fixture f = {0};
	epp_mem_options mo = EPP_MEM_OPTIONS_INIT;
	epp_session *s;

	(void)state;
	mo.recv_chunk = 1;
	mo.send_chunk = 7;
	f.reg.pad = 40000; /* far beyond one TLS record */
	assert_int_equal(open_mem(&f, &s, &mo, NULL), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_OK);
	assert_int_equal(epp_session_logout(s), EPP_OK);
	epp_session_free(s);
}

static void
execute_checks(void **state)
{
	struct fixture f = {0};
	char cltrid[EPP_CLTRID_MAX], other[EPP_CLTRID_MAX];
	epp_command *cmd;
	epp_response *r;
	epp_session *s;
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;

	(void)state;
	o.cltrid_prefix = "ABC";
	assert_int_equal(open_mem(&f, &s, NULL, &o), EPP_OK);
	epp_session_next_cltrid(s, cltrid);
	epp_session_next_cltrid(s, other);
	assert_memory_equal(cltrid, "ABC-", 4);
	assert_string_not_equal(cltrid, other);
	assert_int_equal(epp__logout_build(&cmd, cltrid, NULL), EPP_OK);
	f.reg.force_code = 2303;
	/* A registry error is data, not a failure. */
	assert_int_equal(epp_session_execute(&r, s, cmd), EPP_OK);
	assert_int_equal(epp_response_code(r), 2303);
	assert_string_equal(epp_response_cltrid(r), cltrid);
	assert_int_equal(epp_session_last_code(s), 2303);
	epp_response_free(r);
	epp_command_free(cmd);
	epp_session_free(s);
}

static void
request_sent_contract(void **state)
{
	struct fixture f = {0};
	epp_mem_options mo = EPP_MEM_OPTIONS_INIT;
	epp_session *s;
	epp_command *cmd;
	epp_response *r;
	char *reply;
	size_t len;

	(void)state;
	/* Nothing accepted: provably not sent. */
	mo.send_fail_at = 0;
	assert_int_equal(open_mem(&f, &s, &mo, NULL), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_EIO);
	assert_int_equal(epp_session_request_sent(s), 0);
	assert_int_equal(f.reg.logins, 0);
	/* The session is unusable after a transport failure. */
	assert_int_equal(epp_session_hello(s), EPP_ESTATE);
	assert_int_equal(epp_session_request_sent(s), 0);
	epp_session_free(s);

	/* Two bytes of the header accepted: may have reached the peer. */
	memset(&f, 0, sizeof(f));
	mo.send_fail_at = 2;
	assert_int_equal(open_mem(&f, &s, &mo, NULL), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_EIO);
	assert_int_equal(epp_session_request_sent(s), 1);
	epp_session_free(s);

	/* Sent completely, no answer: sent. */
	memset(&f, 0, sizeof(f));
	assert_int_equal(open_mem(&f, &s, NULL, NULL), EPP_OK);
	assert_int_equal(epp__logout_build(&cmd, "CL-1234", NULL), EPP_OK);
	assert_int_equal(epp_session_exchange(&reply, &len, s, "<x/>", 4),
	                 EPP_OK); /* minireg answers anything */
	free(reply);
	assert_int_equal(epp_session_request_sent(s), 1);
	epp_command_free(cmd);
	epp_session_free(s);

	memset(&f, 0, sizeof(f));
	mo.send_fail_at = -1;
	assert_int_equal(epp_transport_mem_new(&f.t, &mo),
	                 EPP_OK); /* no peer */
	assert_int_equal(
	        epp_transport_mem_push_frame(f.t, minireg_default_greeting,
	                                     strlen(minireg_default_greeting)),
	        EPP_OK);
	{
		epp_session_options o = EPP_SESSION_OPTIONS_INIT;
		o.client_id = "x";
		o.password = PASSWORD;
		assert_int_equal(epp_session_open_transport(&s, f.t, &o),
		                 EPP_OK);
	}
	assert_int_equal(epp__logout_build(&cmd, "CL-1234", NULL), EPP_OK);
	assert_int_equal(epp_session_execute(&r, s, cmd), EPP_ECLOSED);
	assert_null(r);
	assert_int_equal(epp_session_request_sent(s), 1);
	assert_non_null(strstr(epp_session_errmsg(s), "logout"));
	epp_command_free(cmd);
	epp_session_free(s);
}

static void
bad_greetings(void **state)
{
	struct fixture f = {0};
	epp_session *s;
	epp_transport *t;
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	static const unsigned char huge[] = {0x7f, 0xff, 0xff, 0xff};

	(void)state;
	f.reg.greeting = "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\">"
	                 "<greeting><svID>x</svID></greeting></epp>";
	assert_int_equal(open_mem(&f, &s, NULL, NULL), EPP_EPROTO);
	assert_non_null(strstr(epp_session_errmsg(s), "greeting"));
	assert_non_null(strstr(epp_session_errmsg(s), "version"));
	epp_session_free(s);

	memset(&f, 0, sizeof(f));
	f.reg.greeting = "<epp xmlns=\"urn:other\"><greeting/></epp>";
	assert_int_equal(open_mem(&f, &s, NULL, NULL), EPP_EPROTO);
	assert_non_null(strstr(epp_session_errmsg(s), "not an EPP greeting"));
	epp_session_free(s);

	memset(&f, 0, sizeof(f));
	f.reg.greeting = "<epp><greeting>";
	assert_int_equal(open_mem(&f, &s, NULL, NULL), EPP_EPROTO);
	assert_non_null(strstr(epp_session_errmsg(s), "greeting: XML"));
	epp_session_free(s);

	/* An announced 2 GiB frame is refused before any allocation. */
	assert_int_equal(epp_transport_mem_new(&t, NULL), EPP_OK);
	assert_int_equal(epp_transport_mem_push(t, huge, sizeof(huge)), EPP_OK);
	o.max_frame = 65536;
	assert_int_equal(epp_session_open_transport(&s, t, &o), EPP_ELIMIT);
	assert_non_null(strstr(epp_session_errmsg(s), "greeting"));
	epp_session_free(s);

	/* Nothing at all: closed, and said so. */
	assert_int_equal(epp_transport_mem_new(&t, NULL), EPP_OK);
	assert_int_equal(epp_session_open_transport(&s, t, &o), EPP_ECLOSED);
	assert_non_null(strstr(epp_session_errmsg(s), "greeting"));
	epp_session_free(s);
}

/* libxml2 reports some encoding errors through its global handler, which
 * prints: the library must stay silent. */
static void
nothing_on_stderr(void **state)
{
	static const char bad[] =
	        "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?>"
	        "<epp>\x1b\x24\x42\xff\xff</epp>";
	char path[] = "/tmp/eppkit-stderr-XXXXXX";
	epp__greeting *g;
	epp_error err;
	int fd, saved;
	off_t size;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	assert_int_equal(epp__greeting_parse(&g, bad, sizeof(bad) - 1, 0, &err),
	                 EPP_EPROTO);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	size = lseek(fd, 0, SEEK_END);
	close(fd);
	unlink(path);
	assert_int_equal(size, 0);
}

static void
no_common_object(void **state)
{
	struct fixture f = {0};
	epp_session *s;

	(void)state;
	f.reg.greeting =
	        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><greeting>"
	        "<svID>x</svID><svDate>y</svDate><svcMenu><version>1.0"
	        "</version><lang>de</lang><objURI>urn:x</objURI></svcMenu>"
	        "</greeting></epp>";
	assert_int_equal(open_mem(&f, &s, NULL, NULL), EPP_OK);
	assert_null(epp_session_greeting(s)->dcp_access);
	assert_int_equal(epp_session_login(s), EPP_EPROTO);
	assert_non_null(strstr(epp_session_errmsg(s), "none of the object"));
	assert_int_equal(f.reg.logins, 0);
	epp_session_free(s);
}

/* Bytes that came with the greeting are buffered, not lost, and reported
 * for callers that poll on their own. */
static void
pending_after_greeting(void **state)
{
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_transport *t;
	epp_session *s;

	(void)state;
	assert_int_equal(epp_transport_mem_new(&t, NULL), EPP_OK);
	assert_int_equal(
	        epp_transport_mem_push_frame(t, minireg_default_greeting,
	                                     strlen(minireg_default_greeting)),
	        EPP_OK);
	assert_int_equal(epp_transport_mem_push(t, "0123456789", 10), EPP_OK);
	assert_int_equal(epp_session_open_transport(&s, t, &o), EPP_OK);
	assert_int_equal(epp_session_pending(s), 10);
	epp_session_free(s);
}

static void
mem_transport_basics(void **state)
{
	epp_mem_options mo = EPP_MEM_OPTIONS_INIT;
	epp_transport *t;
	const unsigned char *sent;
	unsigned char buf[8];
	size_t len;

	(void)state;
	mo.empty_code = EPP_ETIMEOUT;
	assert_int_equal(epp_transport_mem_new(&t, &mo), EPP_OK);
	assert_int_equal(epp_transport_recv(t, buf, sizeof(buf), 10),
	                 EPP_ETIMEOUT);
	assert_int_equal(epp_transport_send(t, "abc", 3, 10), 3);
	assert_int_equal(t->wire_sent, 3);
	sent = epp_transport_mem_sent(t, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(sent, "abc", 3);
	assert_int_equal(epp_transport_mem_push(t, "hello", 5), EPP_OK);
	assert_int_equal(epp_transport_recv(t, buf, 3, 10), 3);
	assert_memory_equal(buf, "hel", 3);
	assert_int_equal(epp_transport_recv(t, buf, 8, 10), 2);
	epp_transport_close(t);
	epp_transport_close(NULL);
}

static void
supported_lists(void **state)
{
	(void)state;
	assert_true(epp__list_has(epp_supported_obj_uris(),
	                          "urn:ietf:params:xml:ns:domain-1.0"));
	assert_true(epp__list_has(epp_supported_ext_uris(),
	                          "urn:ietf:params:xml:ns:rgp-1.0"));
	assert_false(epp__list_has(epp_supported_obj_uris(), "urn:x"));
}

/* Options from another libepp version: a clear error, nothing opened. */
static void
options_version_checked(void **state)
{
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_transport_options to = EPP_TRANSPORT_OPTIONS_INIT;
	epp_mem_options mo = EPP_MEM_OPTIONS_INIT;
	epp_transport *t = NULL;
	epp_session *s = NULL;
	epp_error err;

	(void)state;
	o.version = 2;
	o.host = "127.0.0.1";
	assert_int_equal(epp_session_open(&s, &o), EPP_EINVAL);
	assert_non_null(s);
	assert_string_equal(epp_session_errmsg(s),
	                    "epp_session_options version 2, this libepp knows "
	                    "1 (initialise with EPP_SESSION_OPTIONS_INIT)");
	epp_session_free(s);
	to.version = 0;
	to.host = "127.0.0.1";
	assert_int_equal(epp_transport_tcp_connect(&t, &to, &err), EPP_EINVAL);
	assert_null(t);
	assert_non_null(strstr(err.text, "epp_transport_options version 0"));
	assert_int_equal(epp_transport_tls_connect(&t, &to, &err), EPP_EINVAL);
	assert_non_null(strstr(err.text, "epp_transport_options version 0"));
	mo.version = 7;
	assert_int_equal(epp_transport_mem_new(&t, &mo), EPP_EINVAL);
	assert_null(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(options_version_checked),
	        cmocka_unit_test(greeting_parsed),
	        cmocka_unit_test(login_hello_logout),
	        cmocka_unit_test(login_refused),
	        cmocka_unit_test(login_new_password),
	        cmocka_unit_test(login_explicit_uris_and_lang),
	        cmocka_unit_test(cltrid_mismatch),
	        cmocka_unit_test(registry_text_escaped),
	        cmocka_unit_test(no_cltrid_reaches_caller),
	        cmocka_unit_test(byte_by_byte),
	        cmocka_unit_test(execute_checks),
	        cmocka_unit_test(request_sent_contract),
	        cmocka_unit_test(bad_greetings),
	        cmocka_unit_test(nothing_on_stderr),
	        cmocka_unit_test(no_common_object),
	        cmocka_unit_test(pending_after_greeting),
	        cmocka_unit_test(mem_transport_basics),
	        cmocka_unit_test(supported_lists),
	};

	epp_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
