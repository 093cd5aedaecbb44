/*
 * The one call path of a JSON request: parse, build, send, reply JSON.
 * The gate, eppctl and the tests take it, so a request means the same
 * everywhere and its reply has the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/base_private.h"
#include "epp/json.h"

int
epp_request_send(char **out, size_t *out_len, epp_response **resp,
                 epp_session *s, const epp_command *cmd)
{
	epp_response *r = NULL;
	const char *xml;
	char *raw = NULL;
	size_t len;
	int rc;

	if (out)
		*out = NULL;
	if (resp)
		*resp = NULL;
	if (out == NULL || s == NULL || cmd == NULL)
		return EPP_EINVAL;
	if (strcmp(epp_command_name(cmd), "hello") == 0) {
		/* The answer is a greeting: no <response>, no clTRID. */
		xml = epp_command_xml(cmd, &len);
		if ((rc = epp_session_exchange(&raw, &len, s, xml, len)))
			return rc;
		rc = epp_json_from_xml(out, out_len, raw, len, NULL);
		free(raw);
		return rc;
	}
	if ((rc = epp_session_execute(&r, s, cmd)))
		return rc;
	/* the parsed response gives its JSON without a second parse */
	rc = epp_response_json(out, out_len, r);
	if (rc == EPP_OK && resp)
		*resp = r;
	else
		epp_response_free(r);
	return rc;
}

int
epp_error_reply(char **out, size_t *out_len, const char *msg,
                const char *cltrid)
{
	json_t *o, *m;
	size_t len = 0;
	int rc;

	if (out == NULL || msg == NULL)
		return EPP_EINVAL;
	*out = NULL;
	if ((o = json_object()) == NULL)
		return EPP_ENOMEM;
	/* A message cut inside a UTF-8 sequence (or quoting bytes that are
	 * not UTF-8) must still be an error reply: epp_json_dumps() writes
	 * such bytes as \ufffd. */
	if ((m = json_string(msg)) == NULL)
		m = json_stringn_nocheck(msg, strlen(msg));
	rc = json_object_set_new(o, "error", m);
	if (rc == 0 && cltrid && *cltrid)
		rc = json_object_set_new(o, "clTRID", json_string(cltrid));
	/* The separators and escapes of Python's json.dumps() (lowercase
	 * \uXXXX, DEL escaped), like the replies of the original gate;
	 * jansson's json_dumps() differs in both. */
	rc = rc ? EPP_ENOMEM : epp_json_dumps(out, &len, o);
	json_decref(o);
	if (out_len)
		*out_len = rc == EPP_OK ? len : 0;
	return rc;
}

/* The error reply for `code`, keeping `code` unless the reply itself
 * cannot be made. */
static int
fail(char **out, size_t *out_len, int code, const char *msg, const char *cltrid)
{
	int rc = epp_error_reply(out, out_len, msg, cltrid);

	return rc == EPP_OK ? code : rc;
}

int
epp_call(char **out, size_t *out_len, epp_session *s, const char *json,
         size_t len, const epp_request_options *opts)
{
	epp_request *req = NULL;
	epp_command *cmd = NULL;
	char msg[sizeof(((epp_error *)0)->text) + 160];
	epp_error err;
	int rc;

	if (out == NULL)
		return EPP_EINVAL;
	*out = NULL;
	if (out_len)
		*out_len = 0;
	memset(&err, 0, sizeof(err));
	if (s == NULL || json == NULL)
		return fail(out, out_len, EPP_EINVAL,
		            "session and request must not be NULL", NULL);
	if ((rc = epp_request_parse(&req, json, len, opts, &err)) ||
	    (rc = epp_request_build(&cmd, req, NULL, &err))) {
		epp_request_free(req);
		return fail(out, out_len, rc,
		            err.text[0] ? err.text : epp_strerror(rc), NULL);
	}
	rc = epp_request_send(out, out_len, NULL, s, cmd);
	if (rc != EPP_OK) {
		const char *name = epp_command_name(cmd);

		if (epp_command_kind_of(cmd) == EPP_COMMAND_TRANSFORM &&
		    epp_session_request_sent(s)) {
			snprintf(msg, sizeof(msg),
			         "the registry connection broke during %s: the "
			         "outcome is unknown; check clTRID %s at the "
			         "registry before repeating it",
			         name, epp_command_cltrid(cmd));
			rc = fail(out, out_len, rc, msg,
			          epp_command_cltrid(cmd));
		} else {
			snprintf(msg, sizeof(msg), "%s failed: %s", name,
			         epp_strerror(rc));
			rc = fail(out, out_len, rc, msg, NULL);
		}
	}
	epp_command_free(cmd);
	epp_request_free(req);
	return rc;
}
