/*
 * RFC 5730 <poll> and <hello>: no object namespace, attributes only.
 */
#include <string.h>

#include "objects/objects_private.h"
#include "epp/poll.h"

static int
build_poll(epp_command **out, epp__cmd cmd, epp_command_kind kind,
           const char *op, const char *msg_id, const char *cltrid,
           epp_error *err)
{
	epp__builder b;
	xmlNodePtr verb = NULL;

	if (out == NULL)
		return epp__error_set(err, EPP_EINVAL, "out is NULL");
	*out = NULL;
	if (epp__builder_begin(&b, epp__cmd_name(cmd), kind, "poll", &verb))
		return EPP__OOM(err);
	if (epp__xml_attr(verb, "op", op) ||
	    (msg_id && epp__xml_attr(verb, "msgID", msg_id))) {
		epp__builder_abort(&b);
		return EPP__OOM(err);
	}
	return epp__builder_end(&b, cltrid, out, err);
}

int
epp_poll_req_build(epp_command **out, const char *cltrid, epp_error *err)
{
	return build_poll(out, EPP__CMD_POLL_REQ, EPP_COMMAND_QUERY, "req",
	                  NULL, cltrid, err);
}

int
epp_poll_ack_build(epp_command **out, const char *msg_id, const char *cltrid,
                   epp_error *err)
{
	int rc;

	if (out)
		*out = NULL;
	if ((rc = epp__check_name(err, "msg_id", -1, msg_id)) != 0)
		return rc;
	return build_poll(out, EPP__CMD_POLL_ACK, EPP_COMMAND_TRANSFORM, "ack",
	                  msg_id, cltrid, err);
}

int
epp_hello_build(epp_command **out, const char *cltrid, epp_error *err)
{
	epp__builder b;

	if (out == NULL)
		return epp__error_set(err, EPP_EINVAL, "out is NULL");
	*out = NULL;
	if (epp__builder_begin(&b, epp__cmd_name(EPP__CMD_HELLO),
	                       EPP_COMMAND_QUERY, NULL, NULL))
		return EPP__OOM(err);
	return epp__builder_end(&b, cltrid, out, err);
}
