/*
 * RFC 8590 changePoll-1.0: response data only. The JSON of a poll
 * message already carries "changeData" like any other element.
 */
#include "epp/ext_change_poll.h"
#include "ext/ext_private.h"

int
epp__parse_change_poll(epp_response *r, const xmlNode *n)
{
	epp_change_poll_data *d = epp__arena_alloc(&r->arena, sizeof(*d));
	const xmlNode *op = epp__xml_child(n, EPP_NS_CHANGEPOLL, "operation");
	const xmlNode *cs = epp__xml_child(n, EPP_NS_CHANGEPOLL, "caseId");
	const xmlNode *re = epp__xml_child(n, EPP_NS_CHANGEPOLL, "reason");

	if (d == NULL)
		return EPP_ENOMEM;
	d->state = epp__rattr(r, n, "state");
	if (d->state == NULL)
		d->state = "after";
	d->operation = epp__rtext(r, op);
	d->operation_op = epp__rattr(r, op, "op");
	d->date = epp__rchild(r, n, EPP_NS_CHANGEPOLL, "date");
	d->sv_trid = epp__rchild(r, n, EPP_NS_CHANGEPOLL, "svTRID");
	d->who = epp__rchild(r, n, EPP_NS_CHANGEPOLL, "who");
	d->case_id = epp__rtext(r, cs);
	d->case_type = epp__rattr(r, cs, "type");
	d->case_name = epp__rattr(r, cs, "name");
	d->reason = epp__rtext(r, re);
	d->reason_lang = epp__rattr(r, re, "lang");
	r->ext[EPP__RX_CHANGE_POLL] = d;
	return EPP_OK;
}

const epp_change_poll_data *
epp_response_change_poll(const epp_response *r)
{
	return r ? r->ext[EPP__RX_CHANGE_POLL] : NULL;
}

/* RFC 8590: answers only; announced at login so that the registry
 * sends change data. */
const epp__ext_module epp__ext_change_poll = {.name = "changePoll",
                                              .uri = EPP_NS_CHANGEPOLL};
