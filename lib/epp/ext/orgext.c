/*
 * RFC 8544 orgext-1.0. JSON: domain_create `orgs`: [{"role", "id"}];
 * domain_update `add_orgs`, `remove_orgs`, `change_orgs` (same shape,
 * "id" optional in remove and change).
 */
#include "epp/ext_orgext.h"
#include "ext/ext_private.h"

static int
check_ids(epp_error *err, const char *field, const epp_orgext_id *ids, size_t n,
          int id_required)
{
	int rc;

	for (size_t i = 0; i < n; i++)
		if ((rc = epp__check_text(err, field, (long)i, ids[i].role,
		                          1)) ||
		    (rc = epp__check_text(err, field, (long)i, ids[i].id,
		                          id_required)))
			return rc;
	return EPP_OK;
}

static int
orgext_validate(const void *data, epp__cmd cmd, epp_error *err)
{
	const epp_orgext *o = data;
	int rc;

	if (cmd == EPP__CMD_DOMAIN_CREATE) {
		if (o->id_count == 0 || o->add_count || o->rem_count ||
		    o->chg_count)
			return epp__invalid(err, "orgs", -1,
			                    "a create takes one or more ids "
			                    "only");
		return check_ids(err, "orgs", o->ids, o->id_count, 1);
	}
	if (o->id_count || (o->add_count + o->rem_count + o->chg_count) == 0)
		return epp__invalid(err, "add_orgs", -1,
		                    "an update takes add, remove or change "
		                    "ids");
	if ((rc = check_ids(err, "add_orgs", o->add, o->add_count, 1)) ||
	    (rc = check_ids(err, "remove_orgs", o->rem, o->rem_count, 0)))
		return rc;
	return check_ids(err, "change_orgs", o->chg, o->chg_count, 0);
}

static int
add_ids(xmlNodePtr parent, xmlNsPtr ns, const char *wrap,
        const epp_orgext_id *ids, size_t n)
{
	xmlNodePtr w = parent, e;

	if (n == 0)
		return EPP_OK;
	if (wrap && (w = epp__xml_add(parent, ns, wrap, NULL)) == NULL)
		return EPP_ENOMEM;
	for (size_t i = 0; i < n; i++)
		if ((e = epp__xml_add(w, ns, "id",
		                      ids[i].id && *ids[i].id ? ids[i].id
		                                              : NULL)) ==
		            NULL ||
		    epp__xml_attr(e, "role", ids[i].role))
			return EPP_ENOMEM;
	return EPP_OK;
}

static int
orgext_build(xmlNodePtr ext, const void *data, epp__cmd cmd)
{
	const epp_orgext *o = data;
	int create = cmd == EPP__CMD_DOMAIN_CREATE;
	xmlNodePtr top;
	xmlNsPtr ns;

	top = epp__ext_top(ext, EPP_ORGEXT_NS, "orgext",
	                   create ? "create" : "update", NULL, &ns);
	if (top == NULL)
		return EPP_ENOMEM;
	if (create)
		return add_ids(top, ns, NULL, o->ids, o->id_count);
	if (add_ids(top, ns, "add", o->add, o->add_count) ||
	    add_ids(top, ns, "rem", o->rem, o->rem_count) ||
	    add_ids(top, ns, "chg", o->chg, o->chg_count))
		return EPP_ENOMEM;
	return EPP_OK;
}

static int
json_ids(const json_t *args, const char *key, epp__arena *a,
         const epp_orgext_id **out, size_t *n, epp_error *err)
{
	const json_t **items;
	epp_orgext_id *arr;
	int rc;

	*out = NULL;
	if ((rc = epp__json_dicts(args, key, a, &items, n, err)) || *n == 0)
		return rc;
	if ((arr = epp__arena_alloc(a, *n * sizeof(*arr))) == NULL)
		return EPP__OOM(err);
	for (size_t i = 0; i < *n; i++)
		if (epp__json_str(items[i], "role", 1, &arr[i].role, err) ||
		    epp__json_str(items[i], "id", 0, &arr[i].id, err))
			return epp__invalid(err, key, (long)i,
			                    "needs a \"role\" and an \"id\" "
			                    "string");
	*out = arr;
	return EPP_OK;
}

static int
orgext_from_json(const void **data, const json_t *args, epp__cmd cmd,
                 epp__arena *a, epp_error *err)
{
	epp_orgext o = EPP_ORGEXT_INIT, *p;
	int rc;

	*data = NULL;
	if (cmd == EPP__CMD_DOMAIN_CREATE)
		rc = json_ids(args, "orgs", a, &o.ids, &o.id_count, err);
	else if ((rc = json_ids(args, "add_orgs", a, &o.add, &o.add_count,
	                        err)) == EPP_OK &&
	         (rc = json_ids(args, "remove_orgs", a, &o.rem, &o.rem_count,
	                        err)) == EPP_OK)
		rc = json_ids(args, "change_orgs", a, &o.chg, &o.chg_count,
		              err);
	if (rc || o.id_count + o.add_count + o.rem_count + o.chg_count == 0)
		return rc;
	if ((p = epp__arena_alloc(a, sizeof(*p))) == NULL)
		return EPP__OOM(err);
	*p = o;
	*data = p;
	return EPP_OK;
}

const epp__ext_module epp__ext_orgext = {
        EPP_EXT_ORGEXT,
        EPP_ORGEXT_NS,
        EPP__CMD_BIT(EPP__CMD_DOMAIN_CREATE) |
                EPP__CMD_BIT(EPP__CMD_DOMAIN_UPDATE),
        orgext_validate,
        orgext_build,
        orgext_from_json,
};

int
epp__parse_orgext(epp_response *r, const xmlNode *n)
{
	epp_orgext_data *d = epp__arena_alloc(&r->arena, sizeof(*d));
	epp_orgext_id *ids;
	const xmlNode *c;
	size_t i = 0;

	if (d == NULL)
		return EPP_ENOMEM;
	d->count = epp__rcount(n, EPP_NS_ORGEXT, "id");
	if ((ids = epp__arena_alloc(&r->arena,
	                            (d->count + 1) * sizeof(*ids))) == NULL)
		return EPP_ENOMEM;
	for (c = epp__xml_child(n, EPP_NS_ORGEXT, "id"); c;
	     c = epp__xml_next(c, EPP_NS_ORGEXT, "id"), i++) {
		ids[i].role = epp__rattr(r, c, "role");
		ids[i].id = epp__rtext(r, c);
	}
	d->ids = ids;
	r->ext[EPP__RX_ORGEXT] = d;
	return EPP_OK;
}

const epp_orgext_data *
epp_response_orgext(const epp_response *r)
{
	return r ? r->ext[EPP__RX_ORGEXT] : NULL;
}
