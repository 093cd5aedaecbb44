/*
 * JSON requests to commands (docs/protocol.md): the request is parsed
 * once, its "cmd" names the command and the object's JSON form
 * (objects/<object>_json.c) reads its "args".
 */
#include <string.h>

#include "epp/json.h"
#include "epp/poll.h"
#include "objects/objects_private.h"

/* A request bigger than this is not a registrar's request. */
#define MAX_REQUEST (1024 * 1024)

static int
hello(epp__req *r, epp__cmd cmd)
{
	(void)cmd;
	return epp_hello_build(r->out, r->cltrid, r->err);
}

static int (*const by_cmd[EPP__CMD_COUNT])(epp__req *r, epp__cmd cmd) = {
        [EPP__CMD_DOMAIN_CHECK] = epp__domain_from_json,
        [EPP__CMD_DOMAIN_INFO] = epp__domain_from_json,
        [EPP__CMD_DOMAIN_CREATE] = epp__domain_from_json,
        [EPP__CMD_DOMAIN_DELETE] = epp__domain_from_json,
        [EPP__CMD_DOMAIN_RENEW] = epp__domain_from_json,
        [EPP__CMD_DOMAIN_TRANSFER] = epp__domain_from_json,
        [EPP__CMD_DOMAIN_UPDATE] = epp__domain_from_json,
        [EPP__CMD_HOST_CHECK] = epp__host_from_json,
        [EPP__CMD_HOST_INFO] = epp__host_from_json,
        [EPP__CMD_HOST_CREATE] = epp__host_from_json,
        [EPP__CMD_HOST_UPDATE] = epp__host_from_json,
        [EPP__CMD_HOST_DELETE] = epp__host_from_json,
        [EPP__CMD_CONTACT_CHECK] = epp__contact_from_json,
        [EPP__CMD_CONTACT_INFO] = epp__contact_from_json,
        [EPP__CMD_CONTACT_CREATE] = epp__contact_from_json,
        [EPP__CMD_CONTACT_UPDATE] = epp__contact_from_json,
        [EPP__CMD_CONTACT_DELETE] = epp__contact_from_json,
        [EPP__CMD_CONTACT_TRANSFER] = epp__contact_from_json,
        [EPP__CMD_POLL_REQ] = epp__poll_from_json,
        [EPP__CMD_POLL_ACK] = epp__poll_from_json,
        [EPP__CMD_HELLO] = hello,
        [EPP__CMD_ORG_CHECK] = epp__org_from_json,
        [EPP__CMD_ORG_INFO] = epp__org_from_json,
        [EPP__CMD_ORG_CREATE] = epp__org_from_json,
        [EPP__CMD_ORG_DELETE] = epp__org_from_json,
        [EPP__CMD_ORG_UPDATE] = epp__org_from_json,
};

/* The command a JSON "cmd" names, or -1. */
static int
find(const char *name)
{
	for (int i = 0; i < EPP__CMD_COUNT; i++)
		if (strcmp(epp__cmd_name((epp__cmd)i), name) == 0)
			return i;
	return -1;
}

int
epp_json_to_command(epp_command **out, const char *json, size_t len,
                    const char *cltrid, epp_error *err)
{
	json_error_t jerr;
	json_t *root, *args, *cmd;
	epp__req r;
	int rc;

	if (out == NULL || json == NULL)
		return epp__error_set(err, EPP_EINVAL,
		                      "out and json must not be NULL");
	*out = NULL;
	if (len > MAX_REQUEST)
		return epp__error_set(err, EPP_ELIMIT,
		                      "request larger than %d bytes",
		                      MAX_REQUEST);
	root = json_loadb(json, len, 0, &jerr);
	if (root == NULL) {
		/* jansson's text may quote the input (a password): not used */
		rc = epp__error_set(err, EPP_EINVAL,
		                    "invalid JSON at line %d, column %d",
		                    jerr.line, jerr.column);
		if (err) {
			err->line = jerr.line > 0 ? jerr.line : 0;
			err->column = jerr.column > 0 ? jerr.column : 0;
		}
		return rc;
	}
	cmd = json_object_get(root, "cmd");
	args = json_object_get(root, "args");
	if (!json_is_object(root))
		rc = epp__error_set(err, EPP_EINVAL,
		                    "request must be a JSON object");
	else if (!json_is_string(cmd))
		rc = epp__error_set(err, EPP_EINVAL,
		                    "cmd: missing or not a string");
	else if (args && !json_is_null(args) && !json_is_object(args))
		rc = epp__error_set(err, EPP_EINVAL, "args: must be an object");
	else {
		int i = find(json_string_value(cmd));
		json_t *empty = NULL;

		if (i < 0) {
			rc = epp__error_set(err, EPP_EINVAL,
			                    "cmd: unknown command");
		} else {
			if (args == NULL || json_is_null(args))
				args = empty = json_object();
			memset(&r, 0, sizeof(r));
			r.args = args;
			r.cltrid = cltrid;
			r.out = out;
			r.err = err;
			rc = args ? by_cmd[i](&r, (epp__cmd)i) : EPP__OOM(err);
			epp__arena_free(&r.arena);
			json_decref(empty);
		}
	}
	json_decref(root);
	return rc;
}
