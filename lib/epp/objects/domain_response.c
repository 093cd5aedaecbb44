/*
 * Domain response data (RFC 5731).
 */
#include <string.h>

#include "core/response_private.h"
#include "xml/xml_private.h"

int
epp__parse_domain_info(epp_response *r, const xmlNode *n, const char *ns,
                       const void **out)
{
	epp_domain_info_data *d = epp__arena_alloc(&r->arena, sizeof(*d));
	epp_domain_contact_data *ct;
	epp_domain_host_attr_data *ha;
	const xmlNode *c, *nsn, *pw;
	size_t i = 0;

	if (d == NULL)
		return EPP_ENOMEM;
	d->name = epp__rchild(r, n, ns, "name");
	d->roid = epp__rchild(r, n, ns, "roid");
	if (epp__rstatuses(r, n, ns, "status", &d->status_count,
	                   &d->statuses) != EPP_OK)
		return EPP_ENOMEM;
	d->registrant = epp__rchild(r, n, ns, "registrant");
	d->contact_count = epp__rcount(n, ns, "contact");
	ct = epp__arena_alloc(&r->arena, d->contact_count * sizeof(*ct) + 1);
	if (ct == NULL)
		return EPP_ENOMEM;
	for (c = epp__xml_child(n, ns, "contact"); c != NULL;
	     c = epp__xml_next(c, ns, "contact"), i++) {
		ct[i].type = epp__rattr(r, c, "type");
		ct[i].id = epp__rtext(r, c);
	}
	d->contacts = ct;
	nsn = epp__xml_child(n, ns, "ns");
	if (epp__rtexts(r, nsn, ns, "hostObj", &d->ns_count, &d->ns) != EPP_OK)
		return EPP_ENOMEM;
	d->ns_attr_count = epp__rcount(nsn, ns, "hostAttr");
	ha = epp__arena_alloc(&r->arena, d->ns_attr_count * sizeof(*ha) + 1);
	if (ha == NULL)
		return EPP_ENOMEM;
	i = 0;
	for (c = epp__xml_child(nsn, ns, "hostAttr"); c != NULL;
	     c = epp__xml_next(c, ns, "hostAttr"), i++) {
		ha[i].name = epp__rchild(r, c, ns, "hostName");
		if (epp__raddrs(r, c, ns, "hostAddr", &ha[i].addr_count,
		                &ha[i].addrs) != EPP_OK)
			return EPP_ENOMEM;
	}
	d->ns_attrs = ha;
	if (epp__rtexts(r, n, ns, "host", &d->host_count, &d->hosts) != EPP_OK)
		return EPP_ENOMEM;
	epp__rstamps(r, n, ns, &d->cl_id, &d->cr_id, &d->cr_date, &d->up_id,
	             &d->up_date, &d->tr_date);
	d->ex_date = epp__rchild(r, n, ns, "exDate");
	pw = epp__xml_child(epp__xml_child(n, ns, "authInfo"), ns, "pw");
	d->auth_pw = epp__rtext(r, pw);
	d->auth_pw_roid = epp__rattr(r, pw, "roid");
	*out = d;
	return EPP_OK;
}

int
epp__parse_domain_create(epp_response *r, const xmlNode *n, const char *ns,
                         const void **out)
{
	epp_domain_create_data *d = epp__arena_alloc(&r->arena, sizeof(*d));

	if (d == NULL)
		return EPP_ENOMEM;
	d->name = epp__rchild(r, n, ns, "name");
	d->cr_date = epp__rchild(r, n, ns, "crDate");
	d->ex_date = epp__rchild(r, n, ns, "exDate");
	*out = d;
	return EPP_OK;
}

int
epp__parse_domain_renew(epp_response *r, const xmlNode *n, const char *ns,
                        const void **out)
{
	epp_domain_renew_data *d = epp__arena_alloc(&r->arena, sizeof(*d));

	if (d == NULL)
		return EPP_ENOMEM;
	d->name = epp__rchild(r, n, ns, "name");
	d->ex_date = epp__rchild(r, n, ns, "exDate");
	*out = d;
	return EPP_OK;
}
