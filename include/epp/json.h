/*
 * eppkit - the compat JSON of docs/protocol.md: requests {"cmd", "args"} turned
 * into EPP commands, and EPP XML turned into the xml2json shape that
 * applications of the original gate rely on. The gate, eppctl and the RPC
 * tools share this one code path.
 */
#ifndef EPP_JSON_H
#define EPP_JSON_H

#include "command.h"
#include "common.h"
#include "response.h"
#include "session.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Build the EPP command for a JSON request text: epp_request_parse()
 * with the default options, then epp_request_build(). `cltrid` is used
 * as the command's clTRID. Invalid JSON, a missing or unknown cmd,
 * missing or mistyped args: EPP_EINVAL and `err->text` names what is
 * wrong (never quoting a password or authInfo). *out is owned by the
 * caller.
 */
EPP_EXTERN(int)
epp_json_to_command(epp_command **out, const char *json, size_t len,
                    const char *cltrid, epp_error *err);

/*
 * The one call path of a JSON request, for every program (the gate,
 * eppctl, the tests): epp_call() does it all; the gate, which retries on
 * fresh sessions, takes the steps one by one so that a request is parsed
 * once and built afresh (with a new clTRID) for each attempt.
 */
typedef struct epp_request epp_request;

/* The largest request text epp_request_parse() takes by default. */
#define EPP_REQUEST_MAX_DEFAULT (1024 * 1024)

#define EPP_REQUEST_OPTIONS_VERSION 1

typedef struct {
	unsigned int version; /* EPP_REQUEST_OPTIONS_VERSION */
	size_t max_size;      /* longest request text; 0 = the default */
} epp_request_options;

#define EPP_REQUEST_OPTIONS_INIT                                               \
	{                                                                      \
		.version = EPP_REQUEST_OPTIONS_VERSION, .max_size = 0          \
	}

/*
 * Parse a request text {"cmd": ..., "args": {...}} once: valid JSON
 * without duplicate keys, an object, a known "cmd", "args" an object
 * (absent or null: empty), at most opts->max_size bytes (opts may be
 * NULL). The arguments themselves are read by epp_request_build().
 * Errors, with err->text as the reply's "error" says it (never quoting
 * the request): EPP_ELIMIT (too large), EPP_EINVAL, EPP_ENOMEM. *out is
 * owned by the caller (epp_request_free). Thread-safe.
 */
EPP_EXTERN(int)
epp_request_parse(epp_request **out, const char *json, size_t len,
                  const epp_request_options *opts, epp_error *err);

/* The request's "cmd" ("domain_check", "hello"...); borrowed. */
EPP_EXTERN(const char *) epp_request_cmd(const epp_request *req);

/* jansson's value type (<jansson.h>), declared here so that this header
 * does not need jansson's. */
struct json_t;

/* The parsed request (names already A-labels when it said "idn": true);
 * borrowed, lives as long as `req`. */
EPP_EXTERN(const struct json_t *) epp_request_json(const epp_request *req);

/*
 * Build the request's command with `cltrid` (NULL: a fresh one, see
 * epp_cltrid_generate). A hello gives the <hello> command. Missing or
 * mistyped arguments: EPP_EINVAL, err->text "<cmd>: <what is wrong>"
 * naming the argument, never quoting its value. *out is owned by the
 * caller. The request may be built any number of times.
 */
EPP_EXTERN(int)
epp_request_build(epp_command **out, const epp_request *req, const char *cltrid,
                  epp_error *err);

EPP_EXTERN(void) epp_request_free(epp_request *req);

/*
 * Send a command on the session and give the reply as compat JSON text
 * (json.dumps bytes, docs/protocol.md). A <hello> is answered by a
 * greeting, which is converted the same way; any other command must get
 * its <response> (clTRID checked). *out is owned by the caller (free());
 * out_len and resp may be NULL; *resp gets the parsed response (NULL for
 * a hello; epp_response_free). Session failures come back as they are
 * (epp_session_errmsg() says more; epp_session_request_sent() whether
 * the command may have reached the registry).
 */
EPP_EXTERN(int)
epp_request_send(char **out, size_t *out_len, epp_response **resp,
                 epp_session *s, const epp_command *cmd);

/*
 * The error reply of docs/protocol.md: {"error": msg} and, when `cltrid`
 * is not NULL or empty, "clTRID" (the command whose outcome is unknown).
 * A message that is not UTF-8 still gives a reply (U+FFFD). *out is owned
 * by the caller (free()). EPP_OK or EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_error_reply(char **out, size_t *out_len, const char *msg,
                const char *cltrid);

/*
 * One JSON request on a logged-in session: parse (opts may be NULL),
 * build with a fresh clTRID, send, and give the reply JSON in *out. Every
 * outcome has a reply: when the request is refused or the session fails,
 * *out is the error reply (epp_error_reply) and the return value says
 * why (EPP_EINVAL or EPP_ELIMIT for the request, else the session's
 * code); for a transform that may have reached the registry the reply
 * names its clTRID. EPP_OK: *out is the registry's answer (whatever its
 * result code). *out is NULL only on EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_call(char **out, size_t *out_len, epp_session *s, const char *json,
         size_t len, const epp_request_options *opts);

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
