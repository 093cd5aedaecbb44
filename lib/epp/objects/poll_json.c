/*
 * The JSON requests poll_req and poll_ack (docs/protocol.md).
 */
#include <stdio.h>
#include <string.h>

#include "objects/objects_private.h"
#include "epp/poll.h"

static int
poll_req(epp__req *r)
{
	return epp_poll_req_build(r->out, r->cltrid, r->err);
}

static int
poll_ack(epp__req *r)
{
	const json_t *v = epp__json_get(r->args, "msg_id");
	char *buf;

	if (json_is_integer(v)) {
		if ((buf = epp__arena_alloc(&r->arena, 24)) == NULL)
			return EPP__OOM(r->err);
		snprintf(buf, 24, "%lld", (long long)json_integer_value(v));
		return epp_poll_ack_build(r->out, buf, r->cltrid, r->err);
	}
	if (v == NULL)
		return epp__invalid(r->err, "msg_id", -1, "is required");
	if (!json_is_string(v))
		return epp__invalid(r->err, "msg_id", -1,
		                    "must be a string or an integer");
	return epp_poll_ack_build(r->out, json_string_value(v), r->cltrid,
	                          r->err);
}

int
epp__poll_from_json(epp__req *r, epp__cmd cmd)
{
	switch (cmd) {
	case EPP__CMD_POLL_REQ:
		return poll_req(r);
	case EPP__CMD_POLL_ACK:
		return poll_ack(r);
	default:
		return epp__error_set(r->err, EPP_EINVAL,
		                      "cmd: unknown command");
	}
}
