/*
 * Contact response data (RFC 5733).
 */
#include <string.h>

#include "core/response_private.h"
#include "xml/xml_private.h"

static int
postal(epp_response *r, const xmlNode *n, const char *ns,
       epp_contact_postal_data *p)
{
	const xmlNode *addr = epp__xml_child(n, ns, "addr");

	p->type = epp__rattr(r, n, "type");
	p->name = epp__rchild(r, n, ns, "name");
	p->org = epp__rchild(r, n, ns, "org");
	if (epp__rtexts(r, addr, ns, "street", &p->street_count, &p->streets) !=
	    EPP_OK)
		return EPP_ENOMEM;
	p->city = epp__rchild(r, addr, ns, "city");
	p->sp = epp__rchild(r, addr, ns, "sp");
	p->pc = epp__rchild(r, addr, ns, "pc");
	p->cc = epp__rchild(r, addr, ns, "cc");
	return EPP_OK;
}

/* Set *flag_int / *flag_loc for each <name type=...> style child. */
static void
typed(const xmlNode *n, const char *ns, const char *name, int *loc_int,
      int *loc_loc)
{
	const xmlNode *c;
	xmlChar *t;

	for (c = epp__xml_child(n, ns, name); c != NULL;
	     c = epp__xml_next(c, ns, name)) {
		t = xmlGetProp(c, (const xmlChar *)"type");
		if (t != NULL && strcmp((const char *)t, "int") == 0)
			*loc_int = 1;
		else if (t != NULL && strcmp((const char *)t, "loc") == 0)
			*loc_loc = 1;
		xmlFree(t);
	}
}

static const epp_contact_disclose_data *
disclose(epp_response *r, const xmlNode *n, const char *ns)
{
	epp_contact_disclose_data *d;
	const char *flag;

	if (n == NULL)
		return NULL;
	d = epp__arena_alloc(&r->arena, sizeof(*d));
	if (d == NULL)
		return NULL;
	flag = epp__rattr(r, n, "flag");
	d->flag = flag && (strcmp(flag, "1") == 0 || strcmp(flag, "true") == 0);
	typed(n, ns, "name", &d->name_int, &d->name_loc);
	typed(n, ns, "org", &d->org_int, &d->org_loc);
	typed(n, ns, "addr", &d->addr_int, &d->addr_loc);
	d->voice = epp__xml_child(n, ns, "voice") != NULL;
	d->fax = epp__xml_child(n, ns, "fax") != NULL;
	d->email = epp__xml_child(n, ns, "email") != NULL;
	return d;
}

int
epp__parse_contact_info(epp_response *r, const xmlNode *n, const char *ns,
                        const void **out)
{
	epp_contact_info_data *d = epp__arena_alloc(&r->arena, sizeof(*d));
	epp_contact_postal_data *p;
	const xmlNode *c;
	size_t i = 0;

	if (d == NULL)
		return EPP_ENOMEM;
	d->id = epp__rchild(r, n, ns, "id");
	d->roid = epp__rchild(r, n, ns, "roid");
	if (epp__rstatuses(r, n, ns, "status", &d->status_count,
	                   &d->statuses) != EPP_OK)
		return EPP_ENOMEM;
	d->postal_count = epp__rcount(n, ns, "postalInfo");
	p = epp__arena_alloc(&r->arena, d->postal_count * sizeof(*p) + 1);
	if (p == NULL)
		return EPP_ENOMEM;
	for (c = epp__xml_child(n, ns, "postalInfo"); c != NULL;
	     c = epp__xml_next(c, ns, "postalInfo"), i++)
		if (postal(r, c, ns, &p[i]) != EPP_OK)
			return EPP_ENOMEM;
	d->postal = p;
	c = epp__xml_child(n, ns, "voice");
	d->voice = epp__rtext(r, c);
	d->voice_x = epp__rattr(r, c, "x");
	c = epp__xml_child(n, ns, "fax");
	d->fax = epp__rtext(r, c);
	d->fax_x = epp__rattr(r, c, "x");
	d->email = epp__rchild(r, n, ns, "email");
	epp__rstamps(r, n, ns, &d->cl_id, &d->cr_id, &d->cr_date, &d->up_id,
	             &d->up_date, &d->tr_date);
	d->auth_pw =
	        epp__rchild(r, epp__xml_child(n, ns, "authInfo"), ns, "pw");
	d->disclose = disclose(r, epp__xml_child(n, ns, "disclose"), ns);
	*out = d;
	return EPP_OK;
}

int
epp__parse_contact_create(epp_response *r, const xmlNode *n, const char *ns,
                          const void **out)
{
	epp_contact_create_data *d = epp__arena_alloc(&r->arena, sizeof(*d));

	if (d == NULL)
		return EPP_ENOMEM;
	d->id = epp__rchild(r, n, ns, "id");
	d->cr_date = epp__rchild(r, n, ns, "crDate");
	*out = d;
	return EPP_OK;
}
