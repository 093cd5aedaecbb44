/*
 * eppkit - RFC 8590 change poll (changePoll-1.0): the typed data of the
 * <changePoll:changeData> a registry attaches to a poll message when it
 * changed an object itself (a server-side update, a URS lock, an
 * auto-renew or purge...). Login announces the extension when the
 * greeting offers it; there is nothing to send.
 */
#ifndef EPP_EXT_CHANGE_POLL_H
#define EPP_EXT_CHANGE_POLL_H

#include "common.h"
#include "response.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_CHANGE_POLL_NS "urn:ietf:params:xml:ns:changePoll-1.0"

/* <changePoll:changeData>. Absent optional parts are NULL. */
typedef struct {
	const char *state;        /* "before" or "after" (the default) */
	const char *operation;    /* create, delete, renew, transfer, update,
	                          restore, autoRenew, autoDelete,
	                          autoPurge or custom */
	const char *operation_op; /* op attribute: the sub-operation */
	const char *date;         /* when the change happened */
	const char *sv_trid;      /* server transaction of the change */
	const char *who;          /* who made it */
	const char *case_id;      /* <changePoll:caseId> text */
	const char *case_type;    /* udrp, urs or custom */
	const char *case_name;    /* name attribute of a custom case */
	const char *reason;
	const char *reason_lang;
} epp_change_poll_data;

/* The change data of a poll response; NULL when absent. */
EPP_EXTERN(const epp_change_poll_data *)
epp_response_change_poll(const epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
