/*
 * Login with the extensions of the greeting, over the memory transport:
 * RFC 8807 loginSec (long and new passwords through the extension, user
 * agent, security events as log warnings without any password), RFC 9038
 * (only supported URIs announced), and the login command validated
 * against the schemas.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "epp/ext_loginsec.h"
#include "epp/session.h"
#include "slurp.h"

#define LONG_PW  "a-very-long-s3cret-passphrase"
#define SHORT_PW "s3cret-Pw!"
#define NEW_PW   "n3w-Secret?"

static const char greeting_fmt[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><greeting>"
        "<svID>Ext Registry</svID><svDate>2026-11-27T22:00:00.0Z</svDate>"
        "<svcMenu><version>1.0</version><lang>en</lang>"
        "<objURI>urn:ietf:params:xml:ns:domain-1.0</objURI>"
        "<svcExtension>%s"
        "<extURI>urn:ietf:params:xml:ns:epp:fee-1.0</extURI>"
        "<extURI>urn:ietf:params:xml:ns:epp:unhandled-namespaces-1.0"
        "</extURI>"
        "<extURI>urn:example:params:xml:ns:private-1.0</extURI>"
        "</svcExtension></svcMenu></greeting></epp>";

struct fixture {
	char login[8192];
	char log[8192];
	size_t log_len;
	char *reply; /* the login answer, "ABC-12345" as clTRID */
};

/* Answer the login with f->reply, its clTRID replaced by the request's. */
static void
peer(epp_transport *t, const char *frame, size_t len, void *ud)
{
	struct fixture *f = ud;
	const char *a = strstr(frame, "<clTRID>"), *b, *at;
	char out[16384];
	size_t n;

	n = len < sizeof(f->login) - 1 ? len : sizeof(f->login) - 1;
	memcpy(f->login, frame, n);
	f->login[n] = '\0';
	assert_non_null(a);
	a += 8;
	b = strstr(a, "</clTRID>");
	at = strstr(f->reply, "ABC-12345");
	assert_non_null(at);
	n = (size_t)snprintf(out, sizeof(out), "%.*s%.*s%s",
	                     (int)(at - f->reply), f->reply, (int)(b - a), a,
	                     at + 9);
	assert_int_equal(epp_transport_mem_push_frame(t, out, n), EPP_OK);
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

static epp_session *
login(struct fixture *f, int offer_loginsec, epp_session_options *o)
{
	epp_mem_options m = EPP_MEM_OPTIONS_INIT;
	char greeting[2048];
	epp_transport *t;
	epp_session *s;
	size_t n;

	f->reply = slurp(EPPKIT_SOURCE_DIR
	                 "/tests/data/ext/rfc8807-loginsec-login-response.xml",
	                 &n);
	assert_non_null(f->reply);
	m.peer = peer;
	m.userdata = f;
	o->client_id = "registrar-1";
	o->log = capture;
	o->log_userdata = f;
	snprintf(greeting, sizeof(greeting), greeting_fmt,
	         offer_loginsec ? "<extURI>" EPP_LOGINSEC_NS "</extURI>" : "");
	assert_int_equal(epp_transport_mem_new(&t, &m), EPP_OK);
	assert_int_equal(
	        epp_transport_mem_push_frame(t, greeting, strlen(greeting)),
	        EPP_OK);
	assert_int_equal(epp_session_open_transport(&s, t, o), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_OK);
	free(f->reply);
	return s;
}

static void
has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("missing %s in:\n%s", needle, hay);
}

static void
validates(const char *xml)
{
	char path[] = "/tmp/eppkit-login-XXXXXX", cmd[1024];
	int fd = mkstemp(path);
	const char *start = strstr(xml, "<?xml");

	assert_true(fd >= 0);
	assert_non_null(start);
	assert_int_equal(write(fd, start, strlen(start)),
	                 (ssize_t)strlen(start));
	close(fd);
	snprintf(cmd, sizeof(cmd),
	         "xmllint --noout --nonet --schema %s/all.xsd %s",
	         EPPKIT_SCHEMA_DIR, path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
}

static void
long_and_new_password_through_loginsec(void **state)
{
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	struct fixture f = {0};
	epp_session *s;

	(void)state;
	o.password = LONG_PW;
	o.new_password = NEW_PW;
	s = login(&f, 1, &o);
	has(f.login, "<pw>[LOGIN-SECURITY]</pw><newPW>[LOGIN-SECURITY]"
	             "</newPW>");
	has(f.login, "<extURI>" EPP_LOGINSEC_NS "</extURI>");
	has(f.login, "<loginSec:loginSec xmlns:loginSec=\"" EPP_LOGINSEC_NS
	             "\"><loginSec:userAgent><loginSec:app>eppkit ");
	has(f.login, "<loginSec:tech>libxml2 ");
	has(f.login,
	    "<loginSec:pw>" LONG_PW "</loginSec:pw><loginSec:newPW>" NEW_PW
	    "</loginSec:newPW></loginSec:loginSec>");
	validates(f.login);
	/* the events, as warnings, and never a password */
	has(f.log, "1 login security warning: password expires "
	           "2020-03-24T00:00:00Z: Password expiring in a week\n");
	has(f.log, "1 login security warning: certificate expires "
	           "2020-04-01T00:00:00Z\n");
	has(f.log, "1 login security warning: stat failedLogins value 100 "
	           "over P1D: Excessive invalid daily logins\n");
	assert_null(strstr(f.log, LONG_PW));
	assert_null(strstr(f.log, NEW_PW));
	assert_null(strstr(f.log, "[LOGIN-SECURITY]"));
	epp_session_free(s);
}

static void
short_password_stays_in_pw(void **state)
{
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	struct fixture f = {0};
	epp_session *s;

	(void)state;
	o.password = SHORT_PW;
	o.user_agent_app = "Registrar <Panel> 2.1";
	o.user_agent_tech = "";
	o.user_agent_os = "";
	s = login(&f, 1, &o);
	has(f.login, "<pw>" SHORT_PW "</pw><options>");
	has(f.login,
	    "<loginSec:userAgent><loginSec:app>Registrar &lt;Panel&gt; "
	    "2.1</loginSec:app></loginSec:userAgent>"
	    "</loginSec:loginSec>");
	assert_null(strstr(f.login, "<loginSec:pw>"));
	assert_null(strstr(f.login, "[LOGIN-SECURITY]"));
	validates(f.login);
	epp_session_free(s);
}

static void
without_loginsec_nothing_changes(void **state)
{
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	struct fixture f = {0};
	epp_session *s;

	(void)state;
	o.password = LONG_PW;
	s = login(&f, 0, &o);
	has(f.login, "<pw>" LONG_PW "</pw>");
	assert_null(strstr(f.login, "loginSec"));
	assert_null(strstr(f.login, "<extension>"));
	epp_session_free(s);
}

static void
only_supported_uris_announced(void **state)
{
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	struct fixture f = {0};
	epp_session *s;

	(void)state;
	o.password = SHORT_PW;
	s = login(&f, 1, &o);
	has(f.login, "<svcExtension><extURI>urn:ietf:params:xml:ns:epp:fee-1.0"
	             "</extURI><extURI>" EPP_LOGINSEC_NS "</extURI><extURI>"
	             "urn:ietf:params:xml:ns:epp:unhandled-namespaces-1.0"
	             "</extURI></svcExtension>");
	assert_null(strstr(f.login, "urn:example:params:xml:ns:private-1.0"));
	epp_session_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(long_and_new_password_through_loginsec),
	        cmocka_unit_test(short_password_stays_in_pw),
	        cmocka_unit_test(without_loginsec_nothing_changes),
	        cmocka_unit_test(only_supported_uris_announced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
