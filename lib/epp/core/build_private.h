/*
 * Internal: what the builders of objects and extensions share (build.c):
 * command identities and small element helpers. The argument checks are
 * in check_private.h.
 */
#ifndef EPP_BUILD_PRIVATE_H
#define EPP_BUILD_PRIVATE_H

#include <jansson.h>
#include <libxml/tree.h>

#include "epp/ext.h"
#include "epp/object.h"
#include "core/command_private.h"
#include "core/check_private.h"
#include "core/response_private.h"
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

/* out and args not NULL; clears *out. */
int epp__build_start(epp_command **out, const void *args, epp_error *err);
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
 * Add <prefix:name xmlns:prefix="uri">text</prefix:name> (text may be
 * NULL) under `parent` and return it, its namespace in *ns. NULL when out
 * of memory.
 */
xmlNodePtr epp__ext_top(xmlNodePtr parent, const char *uri, const char *prefix,
                        const char *name, const char *text, xmlNsPtr *ns);

#endif
