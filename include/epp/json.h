/*
 * eppkit - the compat JSON of docs/protocol.md: requests {"cmd", "args"} turned
 * into EPP commands, and EPP XML turned into the xml2json shape that
 * applications of the original gate rely on. The gate, eppctl and the RPC
 * tools share this one code path.
 */
#ifndef EPP_JSON_H
#define EPP_JSON_H

#include "common.h"
#include "command.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Build the EPP command for a JSON request text. `cltrid` is used as the
 * command's clTRID. Invalid JSON, a missing or unknown cmd, missing or
 * mistyped args: EPP_EINVAL and `err->text` names what is wrong (never
 * quoting a password or authInfo). *out is owned by the caller.
 */
EPP_EXTERN(int)
epp_json_to_command(epp_command **out, const char *json, size_t len,
                    const char *cltrid, epp_error *err);

/*
 * Convert an EPP XML document (any root: response, greeting, command) to
 * compat JSON text, the docs/protocol.md mapping written like json.dumps()
 * (see epp_json_dumps). Parsing is the safe parser of responses: no
 * network, no DOCTYPE, size and depth caps. *out is NUL-terminated and
 * owned by the caller (free()); out_len may be NULL.
 * Returns EPP_OK, EPP_EPROTO (not well-formed), EPP_ELIMIT, EPP_ENOMEM,
 * EPP_EINVAL. Thread-safe.
 */
EPP_EXTERN(int)
epp_json_from_xml(char **out, size_t *out_len, const char *xml, size_t len,
                  epp_error *err);

/* jansson's value type (<jansson.h>), declared here so that this header
 * does not need jansson's. */
struct json_t;

/*
 * Like epp_json_from_xml() but hands out the jansson value (a new
 * reference, json_decref() it) for callers that embed or inspect it.
 */
EPP_EXTERN(int)
epp_json_value_from_xml(struct json_t **out, const char *xml, size_t len,
                        epp_error *err);

/*
 * Serialize a jansson value exactly as Python's json.dumps() does with its
 * defaults, as the original gate published its replies: one line,
 * separators ", " and ": ", keys in the object's (insertion) order, and
 * every character outside printable ASCII escaped as lowercase \uXXXX
 * (surrogate pairs beyond the BMP). *out is owned by the caller (free()).
 * Returns EPP_OK, EPP_EINVAL, EPP_ELIMIT (nested deeper than 1024) or
 * EPP_ENOMEM. Thread-safe.
 */
EPP_EXTERN(int)
epp_json_dumps(char **out, size_t *out_len, const struct json_t *value);

#ifdef __cplusplus
}
#endif

#endif
