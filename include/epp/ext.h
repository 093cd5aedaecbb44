/*
 * eppkit - command extensions (RFC 5730 section 2.7.3): how secDNS, RGP
 * and later fee, launch, loginSec, changePoll or allocationToken attach to
 * a command.
 *
 * A caller attaches extension data to a command through an array of
 * epp_ext_arg in the command's argument struct (`ext`, `ext_count`): each
 * item names a module and points at that module's argument struct, e.g.
 *
 *     epp_secdns sd = EPP_SECDNS_INIT;          (see secdns.h)
 *     epp_ext_arg ext[] = {{EPP_EXT_SECDNS, &sd}};
 *     args.ext = ext;
 *     args.ext_count = 1;
 *
 * The elements appear inside the command's <extension> in array order.
 *
 * Adding a module to libepp itself: docs/extensions.md, "Adding an
 * extension" (a source file in lib/epp/ext/ and one line in the table of
 * lib/epp/ext/ext.c, the one place where the namespaces libepp announces
 * are listed). A registry's own extension needs no change to libepp:
 * epp_ext_register() below, or EPP_EXT_RAW.
 */
#ifndef EPP_EXT_H
#define EPP_EXT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Registry-specific extensions without a module: EPP_EXT_RAW takes a
 * NUL-terminated UTF-8 string of one or more elements, each in a declared
 * namespace, e.g.
 *
 *     epp_ext_arg ext[] = {{EPP_EXT_RAW,
 *         "<x:promo xmlns:x=\"urn:example:promo-1.0\">SPRING</x:promo>"}};
 *
 * It is allowed on every command. The fragment is checked for
 * well-formedness by the safe parser (no DTD, no entities, at most 64 KiB)
 * and inserted as parsed nodes, after the elements of typed modules; a
 * broken fragment is EPP_EINVAL naming "extension_xml". JSON: the
 * `extension_xml` arg of any cmd. The namespace is not announced at
 * login unless listed in the session options' ext_uris. Replies keep
 * registry extensions in their compat JSON, and epp_response_xpath()
 * reads them with extra namespace prefixes.
 */
#define EPP_EXT_RAW "raw"

/* Extension data for one command: module name and its argument struct. */
typedef struct {
	const char *module; /* e.g. EPP_EXT_SECDNS */
	const void *data;   /* the module's argument struct, borrowed */
} epp_ext_arg;

/*
 * A registry-specific extension module registered at run time: no fork,
 * no rebuild of libepp. It produces the XML of its <extension> elements
 * as text, which libepp checks like EPP_EXT_RAW (well-formed, namespaced,
 * 64 KiB at most) and inserts as parsed nodes.
 *
 * - `name`: what callers put in epp_ext_arg.module (unique, not one of
 *   libepp's own);
 * - `uri`: its namespace, announced at login when the greeting offers it
 *   (NULL: never announced);
 * - `commands`: the cmd names it extends ("domain_create", ...), ended by
 *   NULL; NULL = every command;
 * - `build`: from the C API, the XML for epp_ext_arg.data on command
 *   `cmd`: set *xml to a malloc'd string (libepp frees it), or NULL for
 *   nothing; return EPP_OK, or EPP_EINVAL with a reason in err (never
 *   quote a secret). Called once to check the arguments and once to
 *   build, so it must give the same answer twice;
 * - `json_arg` and `build_json`: from a JSON request (gate, epp-rpc,
 *   eppctl xml), when args has the key `json_arg`, build_json gets its
 *   value (a borrowed jansson value) and answers like `build`;
 * - `userdata` is passed to both.
 */
struct json_t;
typedef struct {
	const char *name;
	const char *uri;
	const char *const *commands;
	int (*build)(char **xml, const void *data, const char *cmd,
	             void *userdata, epp_error *err);
	const char *json_arg;
	int (*build_json)(char **xml, const struct json_t *value,
	                  const char *cmd, void *userdata, epp_error *err);
	void *userdata;
} epp_ext_module;

/*
 * Register a module (copied; its strings and userdata must outlive the
 * library's use). Call it at start-up, after epp_global_init() and before
 * any thread builds a command or logs in: the registry is not locked. At
 * most EPP_EXT_MAX_REGISTERED modules.
 * Returns EPP_OK, EPP_EINVAL (no name or build, a name taken, an unknown
 * cmd name) or EPP_ELIMIT.
 */
#define EPP_EXT_MAX_REGISTERED 16
EPP_EXTERN(int) epp_ext_register(const epp_ext_module *m);

/*
 * The namespace URI of a registered module, e.g. "secDNS" ->
 * "urn:ietf:params:xml:ns:secDNS-1.1"; NULL when no such module exists.
 * The string is static.
 */
EPP_EXTERN(const char *) epp_ext_uri(const char *module);

/*
 * The namespace URIs of libepp's own extensions, in table order, ended by
 * NULL; epp_supported_ext_uris() (session.h) adds those of modules
 * registered at run time. The array is static.
 */
EPP_EXTERN(const char *const *) epp_ext_uris(void);

#ifdef __cplusplus
}
#endif

#endif
