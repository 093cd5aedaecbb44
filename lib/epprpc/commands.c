/*
 * libepprpc typed helpers (request builder + epprpc_call_json) and the
 * classification of replies.
 */
#include <stdlib.h>
#include <string.h>

#include "rpc_private.h"

int
epprpc_call_json(json_t **reply, epprpc_client *c, const json_t *request,
                 int timeout_ms)
{
	json_error_t jerr;
	char *text, *out = NULL;
	size_t len = 0;
	int rc;

	if (reply == NULL)
		return epprpc__fail(EPPRPC_EINVAL, "no reply pointer");
	*reply = NULL;
	if (request == NULL)
		return epprpc__fail(EPPRPC_EINVAL, "%s",
		                    epprpc_last_error()[0] ? epprpc_last_error()
		                                           : "no request");
	/* Compact, keys in insertion order: the gate reads "cmd" first. */
	text = json_dumps(request, JSON_COMPACT);
	if (text == NULL)
		return epprpc__fail(EPPRPC_ENOMEM, "cannot encode the request");
	rc = epprpc_call_len(&out, &len, c, text, strlen(text), timeout_ms);
	free(text);
	if (rc != EPPRPC_OK)
		return rc;
	*reply = json_loadb(out, len, JSON_DECODE_ANY, &jerr);
	free(out);
	if (*reply == NULL || !json_is_object(*reply)) {
		json_decref(*reply);
		*reply = NULL;
		return epprpc__fail(EPPRPC_EREPLY,
		                    "the reply is not a JSON object");
	}
	return EPPRPC_OK;
}

/* run: call a built request (NULL: the builder failed) and free it. */
static int
run(epprpc_client *c, json_t *req, json_t **reply)
{
	int rc;

	if (reply)
		*reply = NULL;
	if (req == NULL)
		return EPPRPC_EINVAL; /* the builder said why */
	rc = epprpc_call_json(reply, c, req, 0);
	json_decref(req);
	return rc;
}

epprpc_result_class
epprpc_result_class_of(int code)
{
	switch (code) {
	case 1000:
	case 1001:
	case 1300:
	case 1301:
		return EPPRPC_RESULT_SUCCESS;
	case 2002:
		return EPPRPC_RESULT_COMMAND_USE;
	case 2003:
		return EPPRPC_RESULT_PARAM_MISSING;
	case 2005:
		return EPPRPC_RESULT_SYNTAX;
	case 2201:
		return EPPRPC_RESULT_AUTHORIZATION;
	case 2302:
		return EPPRPC_RESULT_OBJECT_EXISTS;
	case 2303:
		return EPPRPC_RESULT_OBJECT_NOT_EXIST;
	case 2304:
		return EPPRPC_RESULT_STATUS_PROHIBITS;
	case 2400:
		return EPPRPC_RESULT_COMMAND_FAILED;
	default:
		return EPPRPC_RESULT_UNEXPECTED;
	}
}

const char *
epprpc_result_class_name(epprpc_result_class c)
{
	static const char *const names[] = {
	        "success",
	        "gate error",
	        "bad response",
	        "command use error",
	        "required parameter missing",
	        "parameter value syntax error",
	        "authorization error",
	        "object exists",
	        "object does not exist",
	        "object status prohibits operation",
	        "command failed",
	        "unexpected result code",
	};

	if ((unsigned)c >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[c];
}

/* A text value: "x" or {"#text": "x"}. */
static const char *
text_of(const json_t *v)
{
	if (json_is_object(v))
		v = json_object_get(v, "#text");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

epprpc_result_class
epprpc_reply_result(const json_t *reply, int *code, const char **msg)
{
	const json_t *err, *result;
	const char *s;
	char *end;
	long n;

	if (code)
		*code = 0;
	if (msg)
		*msg = NULL;
	err = json_object_get(reply, "error");
	if (err != NULL) {
		if (msg)
			*msg = json_is_string(err) ? json_string_value(err)
			                           : "gate error";
		return EPPRPC_RESULT_GATE_ERROR;
	}
	result = json_object_get(
	        json_object_get(json_object_get(reply, "epp"), "response"),
	        "result");
	if (json_is_array(result))
		result = json_array_get(result, 0);
	s = json_string_value(json_object_get(result, "@code"));
	if (s == NULL)
		return EPPRPC_RESULT_BAD_RESPONSE;
	n = strtol(s, &end, 10);
	if (*end != '\0' || n < 1000 || n > 2999)
		return EPPRPC_RESULT_BAD_RESPONSE;
	if (code)
		*code = (int)n;
	if (msg)
		*msg = text_of(json_object_get(result, "msg"));
	return epprpc_result_class_of((int)n);
}

int
epprpc_poll_req(json_t **reply, epprpc_client *c)
{
	return run(c, epprpc_req_poll_req(), reply);
}

int
epprpc_poll_ack(json_t **reply, epprpc_client *c, const char *msg_id)
{
	return run(c, epprpc_req_poll_ack(msg_id), reply);
}

int
epprpc_host_check(json_t **reply, epprpc_client *c, const char *const *names,
                  size_t n)
{
	return run(c, epprpc_req_host_check(names, n), reply);
}

int
epprpc_host_info(json_t **reply, epprpc_client *c, const char *name)
{
	return run(c, epprpc_req_host_info(name), reply);
}

int
epprpc_host_create(json_t **reply, epprpc_client *c, const char *name,
                   const epprpc_ip *ips, size_t n)
{
	return run(c, epprpc_req_host_create(name, ips, n), reply);
}

int
epprpc_contact_check(json_t **reply, epprpc_client *c, const char *const *ids,
                     size_t n)
{
	return run(c, epprpc_req_contact_check(ids, n), reply);
}

int
epprpc_contact_info(json_t **reply, epprpc_client *c, const char *id,
                    const char *auth_info)
{
	return run(c, epprpc_req_contact_info(id, auth_info), reply);
}

int
epprpc_contact_create(json_t **reply, epprpc_client *c,
                      const epprpc_contact *ct)
{
	return run(c, epprpc_req_contact_create(ct), reply);
}

int
epprpc_contact_update(json_t **reply, epprpc_client *c,
                      const epprpc_contact *ct)
{
	return run(c, epprpc_req_contact_update(ct), reply);
}

int
epprpc_contact_delete(json_t **reply, epprpc_client *c, const char *id)
{
	return run(c, epprpc_req_contact_delete(id), reply);
}

int
epprpc_domain_check(json_t **reply, epprpc_client *c, const char *const *names,
                    size_t n)
{
	return run(c, epprpc_req_domain_check(names, n), reply);
}

int
epprpc_domain_info(json_t **reply, epprpc_client *c, const char *name,
                   const char *auth_info)
{
	return run(c, epprpc_req_domain_info(name, auth_info), reply);
}

int
epprpc_domain_create(json_t **reply, epprpc_client *c,
                     const epprpc_domain_create_args *a)
{
	return run(c, epprpc_req_domain_create(a), reply);
}

int
epprpc_domain_delete(json_t **reply, epprpc_client *c, const char *name)
{
	return run(c, epprpc_req_domain_delete(name), reply);
}

int
epprpc_domain_renew(json_t **reply, epprpc_client *c, const char *name,
                    const char *cur_exp_date, int period,
                    const char *period_units)
{
	return run(c,
	           epprpc_req_domain_renew(name, cur_exp_date, period,
	                                   period_units),
	           reply);
}

int
epprpc_domain_update(json_t **reply, epprpc_client *c,
                     const epprpc_domain_update_args *a)
{
	return run(c, epprpc_req_domain_update(a), reply);
}

int
epprpc_domain_transfer(json_t **reply, epprpc_client *c, const char *name,
                       const char *op, const char *auth_info, int period,
                       const char *period_units)
{
	return run(c,
	           epprpc_req_domain_transfer(name, op, auth_info, period,
	                                      period_units),
	           reply);
}
