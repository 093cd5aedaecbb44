/*
 * The one path every request of eppctl takes (call, the shortcuts, the
 * shell): libepp's call path, as the gate takes it. The docs/protocol.md
 * JSON is parsed and built into an EPP command (epp_request_parse, _build)
 * before anything is sent; epp_request_send() gives the registry's answer
 * as compat JSON with the gate's own mapping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "epp/json.h"
#include "eppctl.h"

int
eppctl_request_build(const struct eppctl_conn *c, const char *json, size_t len,
                     epp_command **out)
{
	char cltrid[EPP_CLTRID_BUFSIZE], *text = NULL;
	epp_request *req;
	epp_error err;
	int rc;

	*out = NULL;
	epp_cltrid_generate(cltrid, c ? c->cltrid_prefix : NULL);
	memset(&err, 0, sizeof(err));
	/* Unicode names go as A-labels unless --no-idn: the request says
	 * "idn": true, unless it says otherwise itself. A request jansson
	 * refuses (duplicate keys too) goes as it is, for the library to
	 * say what is wrong. */
	if (c == NULL || !c->no_idn) {
		json_t *root =
		        json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);

		if (json_is_object(root) &&
		    json_object_get(root, "idn") == NULL &&
		    json_object_set_new(root, "idn", json_true()) == 0 &&
		    (text = json_dumps(root,
		                       JSON_COMPACT | JSON_PRESERVE_ORDER)) !=
		            NULL) {
			json = text;
			len = strlen(text);
		}
		json_decref(root);
	}
	rc = epp_request_parse(&req, json, len, NULL, &err);
	free(text);
	if (rc == EPP_OK) {
		rc = epp_request_build(out, req, cltrid, &err);
		epp_request_free(req);
	}
	if (rc == EPP_OK)
		return EPPCTL_OK;
	/* The library's text names the argument, never its value. */
	fprintf(stderr, "eppctl: invalid request: %s\n",
	        err.text[0] ? err.text : epp_strerror(rc));
	return EPPCTL_USAGE;
}

int
eppctl_request_send(epp_session *s, const epp_command *cmd, json_t **reply,
                    int *code)
{
	epp_response *resp = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	*reply = NULL;
	*code = 0;
	rc = epp_request_send(&text, &len, &resp, s, cmd);
	if (rc == EPP_OK) {
		if (resp)
			*code = epp_response_code(resp);
		/* printed as it is, or indented, or readable */
		*reply = json_loadb(text, len, 0, NULL);
		if (*reply == NULL)
			rc = EPP_ENOMEM;
	}
	epp_response_free(resp);
	free(text);
	return rc;
}

int
eppctl_code_status(int code)
{
	return code >= 2000 ? EPPCTL_REFUSED : EPPCTL_OK;
}

void
eppctl_print_reply(FILE *out, const json_t *reply, enum eppctl_output how)
{
	char *text = NULL;
	size_t len;

	switch (how) {
	case EPPCTL_OUT_READABLE:
		eppctl_print_readable(out, reply);
		return;
	case EPPCTL_OUT_PRETTY:
		text = json_dumps(reply, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		break;
	case EPPCTL_OUT_JSON:
		if (epp_json_dumps(&text, &len, reply) != EPP_OK)
			text = NULL;
		break;
	}
	if (text == NULL) {
		fprintf(stderr, "eppctl: cannot print the reply\n");
		return;
	}
	fprintf(out, "%s\n", text);
	free(text);
	fflush(out);
}

int
eppctl_request_run(struct eppctl_conn *c, const epp_command *cmd,
                   enum eppctl_output how)
{
	epp_session *s;
	json_t *reply;
	int rc, code, status;

	if ((rc = eppctl_connect(c, &s, 1)) != EPPCTL_OK)
		return rc;
	rc = eppctl_request_send(s, cmd, &reply, &code);
	if (rc != EPP_OK) {
		status = eppctl_fail(s, rc, epp_command_name(cmd));
		if (epp_session_request_sent(s) &&
		    epp_command_kind_of(cmd) == EPP_COMMAND_TRANSFORM)
			fprintf(stderr,
			        "eppctl: %s may have reached the registry: "
			        "check clTRID %s before repeating it\n",
			        epp_command_name(cmd), epp_command_cltrid(cmd));
		epp_session_free(s);
		return status == EPPCTL_USAGE ? EPPCTL_CONNECT : status;
	}
	eppctl_print_reply(stdout, reply, how);
	json_decref(reply);
	status = eppctl_code_status(code);
	rc = eppctl_disconnect(c, s);
	return status != EPPCTL_OK ? status : rc;
}
