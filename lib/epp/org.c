/*
 * RFC 8543 organization object: check, info, delete (the shape shared
 * with the other objects, epp__build_simple), create, the typed info
 * answer, and the JSON requests org_check, org_info, org_delete and
 * org_create (called by json_request.c).
 */
#include <string.h>

#include "epp/org.h"
#include "ext_private.h"

static int
build_ids(epp_command **out, epp__cmd cmd, epp_command_kind kind,
          const char *verb, const char *const *ids, size_t count,
          const epp_ext_arg *ext, size_t ext_count, const char *cltrid,
          epp_error *err)
{
	int check = cmd == EPP__CMD_ORG_CHECK;
	epp__simple s = {cmd,        kind,  verb, NULL,
	                 EPP_ORG_NS, "org", "id", check ? "orgs" : "id",
	                 check,      1};

	return epp__build_simple(out, &s, ids, count, NULL, ext, ext_count,
	                         cltrid, err);
}

int
epp_org_check_build(epp_command **out, const epp_org_check_args *a,
                    const char *cltrid, epp_error *err)
{
	int rc = epp__build_start(out, a, err);

	return rc ? rc
	          : build_ids(out, EPP__CMD_ORG_CHECK, EPP_COMMAND_QUERY,
	                      "check", a->ids, a->count, a->ext, a->ext_count,
	                      cltrid, err);
}

int
epp_org_info_build(epp_command **out, const epp_org_id_args *a,
                   const char *cltrid, epp_error *err)
{
	int rc = epp__build_start(out, a, err);

	return rc ? rc
	          : build_ids(out, EPP__CMD_ORG_INFO, EPP_COMMAND_QUERY, "info",
	                      &a->id, 1, a->ext, a->ext_count, cltrid, err);
}

int
epp_org_delete_build(epp_command **out, const epp_org_id_args *a,
                     const char *cltrid, epp_error *err)
{
	int rc = epp__build_start(out, a, err);

	return rc ? rc
	          : build_ids(out, EPP__CMD_ORG_DELETE, EPP_COMMAND_TRANSFORM,
	                      "delete", &a->id, 1, a->ext, a->ext_count, cltrid,
	                      err);
}

static const char *const contact_types[] = {"admin", "billing", "tech",
                                            "abuse", "custom",  NULL};

static int
check_create(const epp_org_create_args *a, epp_error *err)
{
	const epp_org_postal *p = a->postal;
	int rc;

	if ((rc = epp__check_id(err, "id", -1, a->id)) ||
	    (a->parent_id &&
	     (rc = epp__check_id(err, "parent_id", -1, a->parent_id))) ||
	    (rc = epp__check_text(err, "voice", -1, a->voice, 0)) ||
	    (rc = epp__check_text(err, "fax", -1, a->fax, 0)) ||
	    (rc = epp__check_text(err, "email", -1, a->email, 0)) ||
	    (rc = epp__check_text(err, "url", -1, a->url, 0)))
		return rc;
	if (a->role_count == 0 || a->roles == NULL)
		return epp__invalid(err, "roles", -1,
		                    "at least one role is required");
	for (size_t i = 0; i < a->role_count; i++)
		if ((rc = epp__check_text(err, "roles", (long)i,
		                          a->roles[i].type, 1)) ||
		    (rc = epp__check_text(err, "roles.role_id", (long)i,
		                          a->roles[i].role_id, 0)))
			return rc;
	for (size_t i = 0; i < a->contact_count; i++)
		if ((rc = epp__check_enum(err, "contacts", (long)i,
		                          a->contacts[i].type, contact_types,
		                          1)) ||
		    (rc = epp__check_id(err, "contacts", (long)i,
		                        a->contacts[i].id)))
			return rc;
	if (p == NULL)
		return EPP_OK;
	if (p->street_count > 3)
		return epp__invalid(err, "postal.street", -1,
		                    "at most 3 street lines");
	if (p->type && strcmp(p->type, "int") != 0 &&
	    strcmp(p->type, "loc") != 0)
		return epp__invalid(err, "postal.type", -1,
		                    "must be int or loc");
	for (size_t i = 0; i < p->street_count; i++)
		if ((rc = epp__check_text(err, "postal.street", (long)i,
		                          p->street[i], 1)))
			return rc;
	if ((rc = epp__check_text(err, "postal.name", -1, p->name, 0)) ||
	    (rc = epp__check_text(err, "postal.city", -1, p->city, 1)) ||
	    (rc = epp__check_text(err, "postal.sp", -1, p->sp, 0)) ||
	    (rc = epp__check_text(err, "postal.pc", -1, p->pc, 0)) ||
	    (rc = epp__check_text(err, "postal.cc", -1, p->cc, 1)))
		return rc;
	if (strlen(p->cc) != 2)
		return epp__invalid(err, "postal.cc", -1,
		                    "must be a two-letter country code");
	return EPP_OK;
}

static int
opt_add(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *v)
{
	return v && *v && !epp__xml_add(parent, ns, name, v) ? EPP_ENOMEM
	                                                     : EPP_OK;
}

static int
build_postal(xmlNodePtr obj, xmlNsPtr ns, const epp_org_postal *p)
{
	xmlNodePtr pi, ad;

	if ((pi = epp__xml_add(obj, ns, "postalInfo", NULL)) == NULL ||
	    epp__xml_attr(pi, "type", p->type ? p->type : "int") ||
	    opt_add(pi, ns, "name", p->name) ||
	    (ad = epp__xml_add(pi, ns, "addr", NULL)) == NULL)
		return EPP_ENOMEM;
	for (size_t i = 0; i < p->street_count; i++)
		if (!epp__xml_add(ad, ns, "street", p->street[i]))
			return EPP_ENOMEM;
	if (!epp__xml_add(ad, ns, "city", p->city) ||
	    opt_add(ad, ns, "sp", p->sp) || opt_add(ad, ns, "pc", p->pc) ||
	    !epp__xml_add(ad, ns, "cc", p->cc))
		return EPP_ENOMEM;
	return EPP_OK;
}

int
epp_org_create_build(epp_command **out, const epp_org_create_args *a,
                     const char *cltrid, epp_error *err)
{
	epp__builder b;
	xmlNodePtr obj, n;
	xmlNsPtr ns;
	int rc = epp__build_start(out, a, err);

	if (rc || (rc = check_create(a, err)) ||
	    (rc = epp__ext_validate(a->ext, a->ext_count, EPP__CMD_ORG_CREATE,
	                            err)))
		return rc;
	if (epp__begin_object(&b, EPP__CMD_ORG_CREATE, EPP_COMMAND_TRANSFORM,
	                      "create", NULL, EPP_ORG_NS, "org", &obj, &ns))
		return EPP__OOM(err);
	if (!epp__xml_add(obj, ns, "id", a->id))
		goto oom;
	for (size_t i = 0; i < a->role_count; i++)
		if ((n = epp__xml_add(obj, ns, "role", NULL)) == NULL ||
		    !epp__xml_add(n, ns, "type", a->roles[i].type) ||
		    opt_add(n, ns, "roleID", a->roles[i].role_id))
			goto oom;
	if (opt_add(obj, ns, "parentId", a->parent_id) ||
	    (a->postal && build_postal(obj, ns, a->postal)) ||
	    opt_add(obj, ns, "voice", a->voice) ||
	    opt_add(obj, ns, "fax", a->fax) ||
	    opt_add(obj, ns, "email", a->email) ||
	    opt_add(obj, ns, "url", a->url))
		goto oom;
	for (size_t i = 0; i < a->contact_count; i++)
		if ((n = epp__xml_add(obj, ns, "contact", a->contacts[i].id)) ==
		            NULL ||
		    epp__xml_attr(n, "type", a->contacts[i].type))
			goto oom;
	return epp__finish(&b, a->ext, a->ext_count, EPP__CMD_ORG_CREATE,
	                   cltrid, out, err);
oom:
	epp__builder_abort(&b);
	return EPP__OOM(err);
}

/* ---- JSON ---- */

static int
json_ids(const json_t *args, const char *key, int required, epp__arena *a,
         const char *const **out, size_t *n, epp_error *err)
{
	const json_t *v = json_object_get(args, key);
	const char **arr;

	*out = NULL;
	*n = 0;
	if (v == NULL || json_is_null(v))
		return required ? epp__invalid(err, key, -1, "is required")
		                : EPP_OK;
	if (!json_is_array(v))
		return epp__invalid(err, key, -1, "must be a list of strings");
	if ((arr = epp__arena_alloc(a, (json_array_size(v) + 1) *
	                                       sizeof(*arr))) == NULL)
		return EPP__OOM(err);
	for (size_t i = 0; i < json_array_size(v); i++) {
		if (!json_is_string(json_array_get(v, i)))
			return epp__invalid(err, key, (long)i,
			                    "must be a string");
		arr[i] = json_string_value(json_array_get(v, i));
	}
	*out = arr;
	*n = json_array_size(v);
	return EPP_OK;
}

int
epp__org_from_json(epp_command **out, const char *cmd, const json_t *args,
                   const epp_ext_arg *ext, size_t ext_count, epp__arena *a,
                   const char *cltrid, epp_error *err)
{
	if (strcmp(cmd, "org_check") == 0) {
		epp_org_check_args c = EPP_ORG_CHECK_ARGS_INIT;
		int rc = json_ids(args, "orgs", 1, a, &c.ids, &c.count, err);
		c.ext = ext;
		c.ext_count = ext_count;
		return rc ? rc : epp_org_check_build(out, &c, cltrid, err);
	}
	if (strcmp(cmd, "org_info") == 0 || strcmp(cmd, "org_delete") == 0) {
		epp_org_id_args i = EPP_ORG_ID_ARGS_INIT;
		int rc = epp__json_str(args, "id", 1, &i.id, err);
		i.ext = ext;
		i.ext_count = ext_count;
		if (rc)
			return rc;
		return cmd[4] == 'i'
		               ? epp_org_info_build(out, &i, cltrid, err)
		               : epp_org_delete_build(out, &i, cltrid, err);
	}
	{
		epp_org_create_args c = EPP_ORG_CREATE_ARGS_INIT;
		const json_t **items, *pj = json_object_get(args, "postal"),
		                      *st;
		epp_org_role *roles;
		epp_org_contact *contacts;
		epp_org_postal *p;
		size_t n;
		int rc;

		c.ext = ext;
		c.ext_count = ext_count;
		if ((rc = epp__json_str(args, "id", 1, &c.id, err)) ||
		    (rc = epp__json_str(args, "parent_id", 0, &c.parent_id,
		                        err)) ||
		    (rc = epp__json_str(args, "voice", 0, &c.voice, err)) ||
		    (rc = epp__json_str(args, "fax", 0, &c.fax, err)) ||
		    (rc = epp__json_str(args, "email", 0, &c.email, err)) ||
		    (rc = epp__json_str(args, "url", 0, &c.url, err)) ||
		    (rc = epp__json_dicts(args, "roles", a, &items, &n, err)))
			return rc;
		if ((roles = epp__arena_alloc(a, (n + 1) * sizeof(*roles))) ==
		    NULL)
			return EPP__OOM(err);
		for (size_t i = 0; i < n; i++)
			if (epp__json_str(items[i], "type", 1, &roles[i].type,
			                  err) ||
			    epp__json_str(items[i], "role_id", 0,
			                  &roles[i].role_id, err))
				return epp__invalid(err, "roles", (long)i,
				                    "needs a \"type\" and an "
				                    "optional \"role_id\"");
		c.roles = roles;
		c.role_count = n;
		if ((rc = epp__json_dicts(args, "contacts", a, &items, &n,
		                          err)))
			return rc;
		if ((contacts = epp__arena_alloc(
		             a, (n + 1) * sizeof(*contacts))) == NULL)
			return EPP__OOM(err);
		for (size_t i = 0; i < n; i++)
			if (epp__json_str(items[i], "type", 1,
			                  &contacts[i].type, err) ||
			    epp__json_str(items[i], "id", 1, &contacts[i].id,
			                  err))
				return epp__invalid(
				        err, "contacts", (long)i,
				        "needs \"type\" and \"id\"");
		c.contacts = contacts;
		c.contact_count = n;
		if (pj && !json_is_null(pj)) {
			if (!json_is_object(pj))
				return epp__invalid(err, "postal", -1,
				                    "must be an object");
			if ((p = epp__arena_alloc(a, sizeof(*p))) == NULL)
				return EPP__OOM(err);
			if ((rc = epp__json_str(pj, "type", 0, &p->type,
			                        err)) ||
			    (rc = epp__json_str(pj, "name", 0, &p->name,
			                        err)) ||
			    (rc = epp__json_str(pj, "city", 0, &p->city,
			                        err)) ||
			    (rc = epp__json_str(pj, "sp", 0, &p->sp, err)) ||
			    (rc = epp__json_str(pj, "pc", 0, &p->pc, err)) ||
			    (rc = epp__json_str(pj, "cc", 0, &p->cc, err)))
				return rc;
			st = json_object_get(pj, "street");
			if (json_is_string(st)) {
				p->street[0] = json_string_value(st);
				p->street_count = 1;
			} else if (json_is_array(st)) {
				if (json_array_size(st) > 3)
					return epp__invalid(err,
					                    "postal.street", -1,
					                    "at most 3 street "
					                    "lines");
				for (size_t i = 0; i < json_array_size(st); i++)
					p->street[i] = json_string_value(
					        json_array_get(st, i));
				p->street_count = json_array_size(st);
			}
			c.postal = p;
		}
		return epp_org_create_build(out, &c, cltrid, err);
	}
}

/* ---- responses ---- */

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
