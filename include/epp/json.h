/*
 * eppkit - the compat JSON of PROTOCOL.md: requests {"cmd", "args"} turned
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
 * Convert an EPP XML document to compat JSON text (compact, keys in
 * document order). *out is owned by the caller (free()).
 * Returns EPP_OK, EPP_EPROTO (not well-formed), EPP_ELIMIT, EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_json_from_xml(char **out, size_t *out_len, const char *xml, size_t len,
                  epp_error *err);

#ifdef __cplusplus
}
#endif

#endif
