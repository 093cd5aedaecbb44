/*
 * JSON requests to commands (docs/protocol.md): the request is parsed
 * once, its "cmd" names the command and the object's JSON form
 * (objects/<object>_json.c) reads its "args".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epp/command.h"
#include "epp/json.h"
#include "core/idn_private.h"
#include "epp/poll.h"
#include "objects/objects_private.h"

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

struct epp_request {
	json_t *root;
	const json_t *args; /* root's "args", or `empty` */
	json_t *empty;
	epp__cmd cmd;
};

/* jansson's text without the input it quotes (" near '...'"): a
 * request can hold a password. */
static void
json_problem(char *dst, size_t cap, const json_error_t *e)
{
	const char *near = strstr(e->text, " near ");
	int n = near ? (int)(near - e->text) : (int)strlen(e->text);

	snprintf(dst, cap, "%.*s", n, e->text);
}

int
epp_request_parse(epp_request **out, const char *json, size_t len,
                  const epp_request_options *opts, epp_error *err)
{
	size_t max = EPP_REQUEST_MAX_DEFAULT;
	json_error_t jerr;
	epp_request *req;
	json_t *root, *args, *cmd;
	char problem[160];
	int i, rc;

	if (out)
		*out = NULL;
	if (out == NULL || json == NULL)
		return epp__error_set(err, EPP_EINVAL,
		                      "out and json must not be NULL");
	if (opts) {
		if (opts->version != EPP_REQUEST_OPTIONS_VERSION)
			return epp__error_set(
			        err, EPP_EINVAL,
			        "epp_request_options version %u, this libepp "
			        "knows %u (use EPP_REQUEST_OPTIONS_INIT)",
			        opts->version, EPP_REQUEST_OPTIONS_VERSION);
		if (opts->max_size)
			max = opts->max_size;
	}
	if (len > max)
		return epp__error_set(err, EPP_ELIMIT,
		                      "request too large: %zu bytes, the limit "
		                      "is %zu",
		                      len, max);
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		json_problem(problem, sizeof(problem), &jerr);
		rc = epp__error_set(err, EPP_EINVAL,
		                    "request is not valid JSON: %s (line %d, "
		                    "column %d)",
		                    problem, jerr.line, jerr.column);
		if (err) {
			err->line = jerr.line > 0 ? jerr.line : 0;
			err->column = jerr.column > 0 ? jerr.column : 0;
		}
		return rc;
	}
	cmd = json_object_get(root, "cmd");
	args = json_object_get(root, "args");
	if (!json_is_object(root)) {
		json_decref(root);
		return epp__error_set(err, EPP_EINVAL,
		                      "request must be a JSON object with "
		                      "\"cmd\" and \"args\"");
	}
	if (!json_is_string(cmd)) {
		json_decref(root);
		return epp__error_set(err, EPP_EINVAL,
		                      "cmd: missing or not a string");
	}
	if (args && !json_is_null(args) && !json_is_object(args)) {
		json_decref(root);
		return epp__error_set(err, EPP_EINVAL,
		                      "args: must be an object");
	}
	if ((i = find(json_string_value(cmd))) < 0) {
		json_decref(root);
		return epp__error_set(err, EPP_EINVAL, "cmd: unknown command");
	}
	/* "idn": true converts the names to A-labels, in the tree */
	if ((rc = epp__idn_request(root, err)) != EPP_OK) {
		json_decref(root);
		return rc;
	}
	if ((req = calloc(1, sizeof(*req))) == NULL) {
		json_decref(root);
		return EPP__OOM(err);
	}
	req->root = root;
	req->cmd = (epp__cmd)i;
	req->args = args;
	if (args == NULL || json_is_null(args))
		req->args = req->empty = json_object();
	if (req->args == NULL) {
		epp_request_free(req);
		return EPP__OOM(err);
	}
	*out = req;
	return EPP_OK;
}

const char *
epp_request_cmd(const epp_request *req)
{
	return req ? epp__cmd_name(req->cmd) : NULL;
}

const json_t *
epp_request_json(const epp_request *req)
{
	return req ? req->root : NULL;
}

/* The builders' own error text, without the command's name. */
static int
build(epp_command **out, const epp_request *req, const char *cltrid,
      epp_error *err)
{
	char fresh[EPP_CLTRID_BUFSIZE];
	epp__req r;
	int rc;

	if (cltrid == NULL) {
		epp_cltrid_generate(fresh, NULL);
		cltrid = fresh;
	}
	memset(&r, 0, sizeof(r));
	r.args = req->args;
	r.cltrid = cltrid;
	r.out = out;
	r.err = err;
	rc = by_cmd[req->cmd](&r, req->cmd);
	epp__arena_free(&r.arena);
	return rc;
}

int
epp_request_build(epp_command **out, const epp_request *req, const char *cltrid,
                  epp_error *err)
{
	int rc;

	if (out)
		*out = NULL;
	if (out == NULL || req == NULL)
		return epp__error_set(err, EPP_EINVAL,
		                      "out and req must not be NULL");
	rc = build(out, req, cltrid, err);
	if (rc == EPP_EINVAL && err) {
		char text[sizeof(err->text)];

		snprintf(text, sizeof(text), "%s", err->text);
		epp__error_set(err, EPP_EINVAL, "%s: %s",
		               epp__cmd_name(req->cmd), text);
	}
	return rc;
}

void
epp_request_free(epp_request *req)
{
	if (req == NULL)
		return;
	json_decref(req->empty);
	json_decref(req->root);
	free(req);
}

int
epp_json_to_command(epp_command **out, const char *json, size_t len,
                    const char *cltrid, epp_error *err)
{
	epp_request *req;
	int rc;

	if (out)
		*out = NULL;
	if (out == NULL)
		return epp__error_set(err, EPP_EINVAL,
		                      "out and json must not be NULL");
	if ((rc = epp_request_parse(&req, json, len, NULL, err)))
		return rc;
	rc = build(out, req, cltrid, err);
	epp_request_free(req);
	return rc;
}
