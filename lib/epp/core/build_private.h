/*
 * Internal: what the object builders (domain.c, host.c, contact.c,
 * poll.c), the extension modules (secdns.c, rgp.c) and the JSON bridge
 * (json_request.c) share: command identities, argument checks that name
 * the field in the error, a small arena for the JSON bridge, and the
 * extension module interface.
 */
#ifndef EPP_BUILD_PRIVATE_H
#define EPP_BUILD_PRIVATE_H

#include <jansson.h>
#include <libxml/tree.h>

#include "epp/ext.h"
#include "epp/object.h"
#include "core/command_private.h"
#include "core/response_private.h" /* epp__arena */
#include "xml/xml_private.h"

/* Every command the builders make; a module declares which it extends. */
typedef enum {
	EPP__CMD_DOMAIN_CHECK,
	EPP__CMD_DOMAIN_INFO,
	EPP__CMD_DOMAIN_CREATE,
	EPP__CMD_DOMAIN_DELETE,
	EPP__CMD_DOMAIN_RENEW,
	EPP__CMD_DOMAIN_TRANSFER,
	EPP__CMD_DOMAIN_UPDATE,
	EPP__CMD_HOST_CHECK,
	EPP__CMD_HOST_INFO,
	EPP__CMD_HOST_CREATE,
	EPP__CMD_HOST_UPDATE,
	EPP__CMD_HOST_DELETE,
	EPP__CMD_CONTACT_CHECK,
	EPP__CMD_CONTACT_INFO,
	EPP__CMD_CONTACT_CREATE,
	EPP__CMD_CONTACT_UPDATE,
	EPP__CMD_CONTACT_DELETE,
	EPP__CMD_CONTACT_TRANSFER,
	EPP__CMD_POLL_REQ,
	EPP__CMD_POLL_ACK,
	EPP__CMD_HELLO,
	EPP__CMD_ORG_CHECK,
	EPP__CMD_ORG_INFO,
	EPP__CMD_ORG_CREATE,
	EPP__CMD_ORG_DELETE,
	EPP__CMD_ORG_UPDATE,
	EPP__CMD_COUNT
} epp__cmd;
#define EPP__CMD_BIT(c) (1ul << (c))

/*
 * Argument checks. Each returns EPP_OK or EPP_EINVAL with err->text
 * "<field>: <problem>" (`idx` >= 0 appends "[idx]" to the field). The
 * value itself is never quoted, so a secret cannot leak through an error.
 */
/* Optional text (NULL passes unless `required`): UTF-8, XML characters. */
int epp__check_text(epp_error *err, const char *field, long idx, const char *s,
                    int required);
/* Object names: 1-255 bytes of text without white space. */
int epp__check_name(epp_error *err, const char *field, long idx, const char *s);
/* eppcom:clIDType ids: 3-16 characters without white space. */
int epp__check_id(epp_error *err, const char *field, long idx, const char *s);
/* A period 1-99 with unit 'y' or 'm' (0 allowed when `optional`). */
int epp__check_period(epp_error *err, int period, char unit, int optional);
/* A status value out of a NULL-terminated list, with optional text. */
int epp__check_status(epp_error *err, const char *field, long idx,
                      const epp_status *st, const char *const *allowed);
/* Up to `max` statuses, each checked as above. */
int epp__check_statuses(epp_error *err, const char *field, const epp_status *st,
                        size_t n, size_t max, const char *const *allowed);
/* out and args not NULL; clears *out. */
int epp__build_start(epp_command **out, const void *args, epp_error *err);
#define EPP__OOM(err) epp__error_set((err), EPP_ENOMEM, "out of memory")
/* An IPv4/IPv6 literal that matches its declared version. */
int epp__check_ip(epp_error *err, const char *field, long idx,
                  const epp_ip_addr *a);
/* YYYY-MM-DD with a real month and day. */
int epp__check_date(epp_error *err, const char *field, const char *s);
/* xs:dateTime YYYY-MM-DDThh:mm:ss[.fff][Z|+hh:mm]. */
int epp__check_datetime(epp_error *err, const char *field, const char *s);
/* Format "field[idx]: text" into err. Returns EPP_EINVAL. */
int epp__invalid(epp_error *err, const char *field, long idx,
                 const char *problem);

/* The version attribute value of an address: "v4" or "v6". */
const char *epp__ip_version(const epp_ip_addr *a);
/* The unit character as a string ("y" / "m"); 'y' for 0. */
const char *epp__period_unit(char unit);

/*
 * Add <prefix:authInfo><prefix:pw>pw</prefix:pw></prefix:authInfo> under
 * parent (pw NULL: empty <pw/>). NULL when out of memory.
 */
xmlNodePtr epp__add_auth_info(xmlNodePtr parent, xmlNsPtr ns, const char *pw);
/* Add <prefix:status s=".." [lang=".."]>text</prefix:status>. */
int epp__add_status(xmlNodePtr parent, xmlNsPtr ns, const epp_status *st);
/* Each status of the array, in order. EPP_OK or EPP_ENOMEM. */
int epp__add_statuses(xmlNodePtr parent, xmlNsPtr ns, const epp_status *st,
                      size_t n);
/* Add <prefix:period unit="y|m">N</prefix:period>. */
int epp__add_period(xmlNodePtr parent, xmlNsPtr ns, int period, char unit);

/*
 * An extension module. To add one (fee, launch, loginSec, changePoll,
 * allocationToken...): write lib/epp/<module>.c defining a const
 * epp__ext_module, declare it below, and add it to the table in ext.c.
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
 * Reading a request's "args" (json_request.c). A JSON null counts as
 * absent. Errors name the key: "<key>: must be a string".
 */
/* A string; *out NULL when absent and not `required`. */
int epp__json_str(const json_t *obj, const char *key, int required,
                  const char **out, epp_error *err);
/* A non-negative integer or a string of digits, at most `max`;
 * *present says whether the key was there. */
int epp__json_uint(const json_t *obj, const char *key, int required,
                   unsigned long max, unsigned long *out, int *present,
                   epp_error *err);
/* Truth as the original gate's Python sees it: true, non-zero numbers,
 * non-empty strings, arrays and objects. */
int epp__json_truthy(const json_t *v);
/* A dict or a list of dicts under `key`: items and count (in the arena); an
 * absent key gives count 0. */
int epp__json_dicts(const json_t *obj, const char *key, epp__arena *arena,
                    const json_t ***items, size_t *count, epp_error *err);

/* Static name of a command ("domain_create") and its kind. */
const char *epp__cmd_name(epp__cmd cmd);

/*
 * Start a command of an object mapping: <command><VERB><prefix:VERB
 * xmlns:prefix="uri">; the object element comes back in *obj and its
 * namespace in *ns. `op` adds op="..." to the verb (transfer). Returns
 * EPP_OK or EPP_ENOMEM.
 */
int epp__begin_object(epp__builder *b, epp__cmd cmd, epp_command_kind kind,
                      const char *verb, const char *op, const char *uri,
                      const char *prefix, xmlNodePtr *obj, xmlNsPtr *ns);

/*
 * The commands that carry only names or ids (check, info, delete, and the
 * contact transfer) and an optional authInfo: one shape for all objects.
 * `field` names the argument in errors ("domains", "name"...); with
 * `list` set the errors carry an index. `ids` checks the values as
 * eppcom:clIDType ids (contacts) instead of names.
 */
typedef struct {
	epp__cmd cmd;
	epp_command_kind kind;
	const char *verb, *op;
	const char *uri, *prefix, *elem;
	const char *field;
	int list, ids;
} epp__simple;
int epp__build_simple(epp_command **out, const epp__simple *s,
                      const char *const *vals, size_t count,
                      const char *auth_info, const epp_ext_arg *ext,
                      size_t ext_count, const char *cltrid, epp_error *err);

/* Finish: extensions, clTRID, serialize. Frees the builder in any case. */
int epp__finish(epp__builder *b, const epp_ext_arg *ext, size_t ext_count,
                epp__cmd cmd, const char *cltrid, epp_command **out,
                epp_error *err);

#endif
