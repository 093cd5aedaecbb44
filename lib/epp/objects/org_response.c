/*
 * The typed answer of an RFC 8543 <org:info>.
 */
#include "core/response_private.h"
#include "epp/org.h"
#include "xml/xml_private.h"

int
epp__parse_org_info(epp_response *r, const xmlNode *n, const char *ns,
                    const void **out)
{
	epp_org_info_data *d = epp__arena_alloc(&r->arena, sizeof(*d));
	const xmlNode *c, *pi;
	epp_org_role_data *roles;
	epp_org_contact *contacts;
	size_t i = 0;

	if (d == NULL)
		return EPP_ENOMEM;
	d->id = epp__rchild(r, n, ns, "id");
	d->roid = epp__rchild(r, n, ns, "roid");
	d->role_count = epp__rcount(n, ns, "role");
	if ((roles = epp__arena_alloc(
	             &r->arena, (d->role_count + 1) * sizeof(*roles))) == NULL)
		return EPP_ENOMEM;
	for (c = epp__xml_child(n, ns, "role"); c;
	     c = epp__xml_next(c, ns, "role"), i++) {
		roles[i].type = epp__rchild(r, c, ns, "type");
		roles[i].role_id = epp__rchild(r, c, ns, "roleID");
		/* statuses are element text in org-1.0: <org:status>ok */
		if (epp__rtexts(r, c, ns, "status", &roles[i].status_count,
		                &roles[i].statuses))
			return EPP_ENOMEM;
	}
	d->roles = roles;
	if (epp__rtexts(r, n, ns, "status", &d->status_count, &d->statuses))
		return EPP_ENOMEM;
	d->parent_id = epp__rchild(r, n, ns, "parentId");
	pi = epp__xml_child(n, ns, "postalInfo");
	d->name = epp__rchild(r, pi, ns, "name");
	if (pi) {
		const xmlNode *ad = epp__xml_child(pi, ns, "addr");
		d->city = epp__rchild(r, ad, ns, "city");
		d->cc = epp__rchild(r, ad, ns, "cc");
	}
	d->voice = epp__rchild(r, n, ns, "voice");
	d->fax = epp__rchild(r, n, ns, "fax");
	d->email = epp__rchild(r, n, ns, "email");
	d->url = epp__rchild(r, n, ns, "url");
	d->contact_count = epp__rcount(n, ns, "contact");
	if ((contacts = epp__arena_alloc(
	             &r->arena, (d->contact_count + 1) * sizeof(*contacts))) ==
	    NULL)
		return EPP_ENOMEM;
	i = 0;
	for (c = epp__xml_child(n, ns, "contact"); c;
	     c = epp__xml_next(c, ns, "contact"), i++) {
		contacts[i].type = epp__rattr(r, c, "type");
		contacts[i].id = epp__rtext(r, c);
	}
	d->contacts = contacts;
	d->cl_id = epp__rchild(r, n, ns, "clID");
	d->cr_id = epp__rchild(r, n, ns, "crID");
	d->cr_date = epp__rchild(r, n, ns, "crDate");
	d->up_id = epp__rchild(r, n, ns, "upID");
	d->up_date = epp__rchild(r, n, ns, "upDate");
	*out = d;
	return EPP_OK;
}

const epp_org_info_data *
epp_response_org_info(const epp_response *r)
{
	return r && r->kind == EPP_RESDATA_ORG_INF ? r->resdata : NULL;
}
