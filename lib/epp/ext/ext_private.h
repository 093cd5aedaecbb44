/*
 * Internal: what the extension modules of RFC 8748 (fee), 8334 (launch),
 * 8807 (loginSec), 8590 (changePoll), 8495 (allocationToken), 8544
 * (orgext), 9038 (unhandled namespaces) and the raw extension XML share:
 * their namespaces, small builder and checker helpers, and the response
 * parsers that response.c dispatches <extension> children to.
 */
#ifndef EPP_EXT_PRIVATE_H
#define EPP_EXT_PRIVATE_H

#include "core/args_private.h"
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
#define EPP_NS_UNHANDLED  "urn:ietf:params:xml:ns:epp:unhandled-namespaces-1.0"
#define EPP_NS_SECURE_AUTHINFO                                                 \
	"urn:ietf:params:xml:ns:epp:secure-authinfo-transfer-1.0"

/*
 * An extension module (docs/extensions.md, "Adding an extension").
 *
 * - `name` is what callers put in epp_ext_arg.module;
 * - `commands` is a mask of EPP__CMD_BIT() values the module may extend;
 * - `validate` checks the module's argument struct for a command before
 *   anything is built;
 * - `build` adds the module's elements under <extension> (`ext`);
 * - `from_json` looks for the module's own keys in a request's "args" and,
 *   when it finds some, fills *data with an argument struct allocated in
 *   `arena`; it leaves *data NULL when the request does not use it.
 */
typedef struct {
	const char *name;
	const char *uri;
	unsigned long commands;
	int (*validate)(const void *data, epp__cmd cmd, epp_error *err);
	int (*build)(xmlNodePtr ext, const void *data, epp__cmd cmd);
	int (*from_json)(const void **data, const json_t *args, epp__cmd cmd,
	                 epp__arena *arena, epp_error *err);
} epp__ext_module;

extern const epp__ext_module epp__ext_rgp;
extern const epp__ext_module epp__ext_secdns;
extern const epp__ext_module epp__ext_fee;
extern const epp__ext_module epp__ext_alloc_token;
extern const epp__ext_module epp__ext_launch;
extern const epp__ext_module epp__ext_orgext;
extern const epp__ext_module epp__ext_raw;
/* Extensions without a command element: a name and a namespace only. */
extern const epp__ext_module epp__ext_loginsec;
extern const epp__ext_module epp__ext_change_poll;
extern const epp__ext_module epp__ext_unhandled;
extern const epp__ext_module epp__ext_secure_authinfo;

/* The registered modules, ended by NULL (ext.c). */
extern const epp__ext_module *const epp__ext_modules[];

/*
 * Check every extension item of a command: the module exists, extends
 * this command, appears once, and its data is valid.
 */
int epp__ext_validate(const epp_ext_arg *ext, size_t count, epp__cmd cmd,
                      epp_error *err);
/* Build every item under the command's <extension>. EPP_OK/EPP_ENOMEM. */
int epp__ext_build(epp__builder *b, const epp_ext_arg *ext, size_t count,
                   epp__cmd cmd);

/*
 * The extension items of a JSON request: every module of the table that
 * extends `cmd` picks its own keys out of r->args; the items go into
 * r->ext and r->ext_count (in r->arena).
 */
int epp__ext_from_json(epp__req *r, epp__cmd cmd);

/* Longest password of eppcom:pwType; longer ones need loginSec. */
#define EPP__PW_MAX 16

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
/* Append a namespace to epp_supported_ext_uris() (ext.c). */
int epp__uris_add(const char *uri);

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

/* RFC 9038: the <extValue>s of the results that quote an extension we
 * did not announce (called once per response, after the results). */
int epp__parse_unhandled(epp_response *r);

#endif
