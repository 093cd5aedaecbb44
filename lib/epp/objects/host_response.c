/*
 * Host response data (RFC 5732).
 */
#include "core/response_private.h"
#include "xml/xml_private.h"

int
epp__parse_host_info(epp_response *r, const xmlNode *n, const char *ns,
                     const void **out)
{
	epp_host_info_data *d = epp__arena_alloc(&r->arena, sizeof(*d));

	if (d == NULL)
		return EPP_ENOMEM;
	d->name = epp__rchild(r, n, ns, "name");
	d->roid = epp__rchild(r, n, ns, "roid");
	if (epp__rstatuses(r, n, ns, "status", &d->status_count,
	                   &d->statuses) != EPP_OK ||
	    epp__raddrs(r, n, ns, "addr", &d->addr_count, &d->addrs) != EPP_OK)
		return EPP_ENOMEM;
	epp__rstamps(r, n, ns, &d->cl_id, &d->cr_id, &d->cr_date, &d->up_id,
	             &d->up_date, &d->tr_date);
	*out = d;
	return EPP_OK;
}

int
epp__parse_host_create(epp_response *r, const xmlNode *n, const char *ns,
                       const void **out)
{
	epp_host_create_data *d = epp__arena_alloc(&r->arena, sizeof(*d));

	if (d == NULL)
		return EPP_ENOMEM;
	d->name = epp__rchild(r, n, ns, "name");
	d->cr_date = epp__rchild(r, n, ns, "crDate");
	*out = d;
	return EPP_OK;
}
