/*
 * Internal: what the extension modules of RFC 8748 (fee), 8334 (launch),
 * 8807 (loginSec), 8590 (changePoll), 8495 (allocationToken), 8544
 * (orgext), 9038 (unhandled namespaces) and the raw extension XML share:
 * their namespaces, small builder and checker helpers, and the response
 * parsers that response.c dispatches <extension> children to.
 */
#ifndef EPP_EXT_PRIVATE_H
#define EPP_EXT_PRIVATE_H

#include "core/build_private.h"
#include "epp/session.h"

#define EPP_NS_FEE        "urn:ietf:params:xml:ns:epp:fee-1.0"
#define EPP_NS_LAUNCH     "urn:ietf:params:xml:ns:launch-1.0"
#define EPP_NS_SMD        "urn:ietf:params:xml:ns:signedMark-1.0"
#define EPP_NS_MARK       "urn:ietf:params:xml:ns:mark-1.0"
#define EPP_NS_LOGINSEC   "urn:ietf:params:xml:ns:epp:loginSec-1.0"
#define EPP_NS_CHANGEPOLL "urn:ietf:params:xml:ns:changePoll-1.0"
#define EPP_NS_ALLOCTOKEN "urn:ietf:params:xml:ns:allocationToken-1.0"
#define EPP_NS_ORGEXT     "urn:ietf:params:xml:ns:epp:orgext-1.0"
#define EPP_NS_ORG        "urn:ietf:params:xml:ns:epp:org-1.0"
#define EPP_NS_UNHANDLED  "urn:ietf:params:xml:ns:epp:unhandled-namespaces-1.0"
#define EPP_NS_SECURE_AUTHINFO                                                 \
	"urn:ietf:params:xml:ns:epp:secure-authinfo-transfer-1.0"

/* Longest password of eppcom:pwType; longer ones need loginSec. */
#define EPP__PW_MAX 16

/*
 * Add <prefix:name xmlns:prefix="uri">text</prefix:name> (text may be
 * NULL) under `parent` and return it, its namespace in *ns. NULL when out
 * of memory.
 */
xmlNodePtr epp__ext_top(xmlNodePtr parent, const char *uri, const char *prefix,
                        const char *name, const char *text, xmlNsPtr *ns);

/*
 * A decimal number as XML Schema reads it: [+-]digits[.digits]. `sign`
 * > 0: must be >= 0; < 0: must be <= 0; 0: any. NULL passes unless
 * `required`. EPP_OK or EPP_EINVAL naming the field.
 */
int epp__check_decimal(epp_error *err, const char *field, long idx,
                       const char *s, int sign, int required);

/* `s` (NULL passes unless required) is one of the NULL-ended `allowed`. */
int epp__check_enum(epp_error *err, const char *field, long idx, const char *s,
                    const char *const *allowed, int required);

/*
 * XML given by the caller as text (extension_xml, a launch mark): one or
 * more elements in declared namespaces, well-formed for the safe parser,
 * at most 64 KiB. Checked (EPP_EINVAL naming `field`, never quoting the
 * text), then inserted under `parent` as parsed nodes (EPP_ENOMEM).
 */
int epp__raw_check(epp_error *err, const char *field, const char *xml);
int epp__raw_insert(xmlNodePtr parent, const char *xml);

/* The internal raw item that carries the XML of registered modules
 * built from a JSON request. */
#define EPP__EXT_REGISTERED "eppkit-registered"
extern const epp__ext_module epp__ext_registered;

/*
 * Modules registered at run time (ext_registry.c). validate: EPP_OK,
 * EPP_EINVAL, or EPP_ENOTFOUND when `a->module` is not registered;
 * build: EPP_OK/EPP_ENOMEM; from_json: the XML of every registered
 * module the request uses, concatenated in the arena (NULL when none).
 */
int epp__dyn_validate(const epp_ext_arg *a, epp__cmd cmd, epp_error *err);
int epp__dyn_build(xmlNodePtr ext, const epp_ext_arg *a, epp__cmd cmd);
int epp__dyn_from_json(const char **out, const json_t *args, epp__cmd cmd,
                       epp__arena *a, epp_error *err);
const char *epp__dyn_uri(const char *name);
/* Append a namespace to epp_supported_ext_uris() (uris.c). */
int epp__uris_add(const char *uri);

/* XML Schema boolean text: 1 for "1"/"true", 0 for "0"/"false", else
 * `dflt`. */
int epp__rbool(const char *s, int dflt);

/* Parsers of <extension> children (response.c's table). EPP_OK or
 * EPP_ENOMEM; the typed struct goes into r->ext[slot]. */
int epp__parse_fee_check(epp_response *r, const xmlNode *n);
int epp__parse_fee_transform(epp_response *r, const xmlNode *n);
int epp__parse_alloc_token(epp_response *r, const xmlNode *n);
int epp__parse_change_poll(epp_response *r, const xmlNode *n);
int epp__parse_loginsec(epp_response *r, const xmlNode *n);
int epp__parse_launch_check(epp_response *r, const xmlNode *n);
int epp__parse_launch_create(epp_response *r, const xmlNode *n);
int epp__parse_launch_info(epp_response *r, const xmlNode *n);
int epp__parse_orgext(epp_response *r, const xmlNode *n);

/*
 * RFC 8807 helpers of the session: fill ua[0..2] (app, tech, os) with
 * malloc'd copies, NULL giving eppkit's default and "" nothing
 * (EPP_OK/EPP_ENOMEM); pass each security event of a login response to
 * the log callback (nothing when `log` or the data is absent).
 */
int epp__user_agent(char *ua[3], const char *app, const char *tech,
                    const char *os);
void epp__loginsec_log(const epp_response *r, epp_log_fn log, void *userdata);

/* RFC 8543 organizations (org.c): the typed info answer, and the JSON
 * cmds org_check, org_info, org_create, org_delete, org_update. */
int epp__parse_org_info(epp_response *r, const xmlNode *n, const char *ns,
                        const void **out);
int epp__org_from_json(epp_command **out, const char *cmd, const json_t *args,
                       const epp_ext_arg *ext, size_t ext_count, epp__arena *a,
                       const char *cltrid, epp_error *err);

/* RFC 9038: the <extValue>s of the results that quote an extension we
 * did not announce (called once per response, after the results). */
int epp__parse_unhandled(epp_response *r);

#endif
