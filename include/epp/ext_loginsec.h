/*
 * eppkit - RFC 8807 login security (loginSec-1.0).
 *
 * Nothing to call: when the greeting offers
 * urn:ietf:params:xml:ns:epp:loginSec-1.0, epp_session_login() sends a
 * password longer than 16 characters, and any new password, through
 * <loginSec:pw> / <loginSec:newPW> with "[LOGIN-SECURITY]" in the core
 * <pw> / <newPW>, and adds a <loginSec:userAgent> (the session options'
 * user_agent_* or eppkit's own). The security events of the login
 * response (password or certificate about to expire, weak cipher,
 * failed-login statistics...) are passed to the session's log callback
 * as warnings or errors, and can be read here from the login response.
 * No password is ever logged.
 */
#ifndef EPP_EXT_LOGINSEC_H
#define EPP_EXT_LOGINSEC_H

#include "common.h"
#include "response.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_LOGINSEC_NS "urn:ietf:params:xml:ns:epp:loginSec-1.0"

/* The placeholder sent in <pw>/<newPW> when the password travels in the
 * extension. */
#define EPP_LOGINSEC_PLACEHOLDER "[LOGIN-SECURITY]"

/* One <loginSec:event>. Absent attributes are NULL. */
typedef struct {
	const char *type;  /* password, certificate, cipher, tlsProtocol,
	                      newPW, stat or custom */
	const char *name;  /* of a stat or custom event */
	const char *level; /* "warning" or "error" */
	const char *ex_date;
	const char *value;
	const char *duration;
	const char *lang;
	const char *text; /* the description, NULL when empty */
} epp_loginsec_event;

/* <loginSec:loginSecData> of a login response. */
typedef struct {
	size_t count;
	const epp_loginsec_event *events;
} epp_loginsec_data;

/* The login security events of a response; NULL when absent. */
EPP_EXTERN(const epp_loginsec_data *)
epp_response_loginsec(const epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
