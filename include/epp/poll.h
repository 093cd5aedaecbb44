/*
 * eppkit - RFC 5730 <poll>: request the first queued message, acknowledge
 * one by its id. A poll request is a query (safe to retry), an ack is a
 * transform.
 */
#ifndef EPP_POLL_H
#define EPP_POLL_H

#include "common.h"
#include "command.h"
#include "response.h"
#include "session.h"

#ifdef __cplusplus
extern "C" {
#endif

/* <poll op="req"/>. Returns EPP_OK, EPP_EINVAL (bad clTRID), EPP_ENOMEM. */
EPP_EXTERN(int)
epp_poll_req_build(epp_command **out, const char *cltrid, epp_error *err);

/* <poll op="ack" msgID="..."/>; msg_id must be a non-empty token. */
EPP_EXTERN(int)
epp_poll_ack_build(epp_command **out, const char *msg_id, const char *cltrid,
                   epp_error *err);

/* Build and execute on a logged-in session; *resp is the caller's. */
EPP_EXTERN(int) epp_poll_req(epp_response **resp, epp_session *s);
EPP_EXTERN(int)
epp_poll_ack(epp_response **resp, epp_session *s, const char *msg_id);

/*
 * <hello/> (RFC 5730 section 2.3) as a command object, so that the JSON
 * bridge can offer it like any other request. A hello carries no clTRID
 * (`cltrid` is ignored and epp_command_cltrid() returns ""); the server
 * answers with a <greeting>. A query.
 */
EPP_EXTERN(int)
epp_hello_build(epp_command **out, const char *cltrid, epp_error *err);

#ifdef __cplusplus
}
#endif

#endif
