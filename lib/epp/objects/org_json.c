/*
 * The JSON requests org_check, org_info, org_delete, org_create and
 * org_update (docs/protocol.md).
 */
#include <stdio.h>
#include <string.h>

#include "epp/org.h"
#include "objects/objects_private.h"

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

static int
json_roles(const json_t *args, const char *key, epp__arena *a,
           const epp_org_role **out, size_t *n, epp_error *err)
{
	const json_t **items;
	epp_org_role *roles;
	int rc;

	if ((rc = epp__json_dicts(args, key, a, &items, n, err)))
		return rc;
	if ((roles = epp__arena_alloc(a, (*n + 1) * sizeof(*roles))) == NULL)
		return EPP__OOM(err);
	for (size_t i = 0; i < *n; i++)
		if (epp__json_str(items[i], "type", 1, &roles[i].type, err) ||
		    epp__json_str(items[i], "role_id", 0, &roles[i].role_id,
		                  err))
			return epp__invalid(err, key, (long)i,
			                    "needs a \"type\" and an "
			                    "optional \"role_id\"");
	*out = roles;
	return EPP_OK;
}

static int
json_contacts(const json_t *args, const char *key, epp__arena *a,
              const epp_org_contact **out, size_t *n, epp_error *err)
{
	const json_t **items;
	epp_org_contact *contacts;
	int rc;

	if ((rc = epp__json_dicts(args, key, a, &items, n, err)))
		return rc;
	if ((contacts = epp__arena_alloc(a, (*n + 1) * sizeof(*contacts))) ==
	    NULL)
		return EPP__OOM(err);
	for (size_t i = 0; i < *n; i++)
		if (epp__json_str(items[i], "type", 1, &contacts[i].type,
		                  err) ||
		    epp__json_str(items[i], "id", 1, &contacts[i].id, err))
			return epp__invalid(err, key, (long)i,
			                    "needs \"type\" and \"id\"");
	*out = contacts;
	return EPP_OK;
}

/* Statuses as names, or as {"name"} like domain_update's. */
static int
json_statuses(const json_t *args, const char *key, epp__arena *a,
              const char *const **out, size_t *n, epp_error *err)
{
	const json_t *v = json_object_get(args, key), *it;
	const char **arr;

	*out = NULL;
	*n = 0;
	if (v == NULL || json_is_null(v))
		return EPP_OK;
	if (!json_is_array(v))
		return epp__invalid(err, key, -1, "must be a list");
	if ((arr = epp__arena_alloc(a, (json_array_size(v) + 1) *
	                                       sizeof(*arr))) == NULL)
		return EPP__OOM(err);
	for (size_t i = 0; i < json_array_size(v); i++) {
		it = json_array_get(v, i);
		if (json_is_object(it))
			it = json_object_get(it, "name");
		if (!json_is_string(it))
			return epp__invalid(err, key, (long)i,
			                    "must be a status name");
		arr[i] = json_string_value(it);
	}
	*out = arr;
	*n = json_array_size(v);
	return EPP_OK;
}

static int
json_postal(const json_t *args, epp__arena *a, const epp_org_postal **out,
            epp_error *err)
{
	const json_t *pj = json_object_get(args, "postal"), *st;
	epp_org_postal *p;
	int rc;

	*out = NULL;
	if (pj == NULL || json_is_null(pj))
		return EPP_OK;
	if (!json_is_object(pj))
		return epp__invalid(err, "postal", -1, "must be an object");
	if ((p = epp__arena_alloc(a, sizeof(*p))) == NULL)
		return EPP__OOM(err);
	if ((rc = epp__json_str(pj, "type", 0, &p->type, err)) ||
	    (rc = epp__json_str(pj, "name", 0, &p->name, err)) ||
	    (rc = epp__json_str(pj, "city", 0, &p->city, err)) ||
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
			return epp__invalid(err, "postal.street", -1,
			                    "at most 3 street lines");
		for (size_t i = 0; i < json_array_size(st); i++)
			p->street[i] = json_string_value(json_array_get(st, i));
		p->street_count = json_array_size(st);
	}
	*out = p;
	return EPP_OK;
}

/* parent_id, postal, voice, fax, email, url (create, and update's chg) */
static int
json_details(const json_t *args, epp__arena *a, const char **parent_id,
             const epp_org_postal **postal, const char **voice,
             const char **fax, const char **email, const char **url,
             epp_error *err)
{
	int rc;

	if ((rc = epp__json_str(args, "parent_id", 0, parent_id, err)) ||
	    (rc = json_postal(args, a, postal, err)) ||
	    (rc = epp__json_str(args, "voice", 0, voice, err)) ||
	    (rc = epp__json_str(args, "fax", 0, fax, err)) ||
	    (rc = epp__json_str(args, "email", 0, email, err)) ||
	    (rc = epp__json_str(args, "url", 0, url, err)))
		return rc;
	return EPP_OK;
}

static int
json_set(const json_t *args, const char *prefix, epp__arena *a,
         epp_org_update_set *u, epp_error *err)
{
	char kc[32], kr[32], ks[32];
	int rc;

	snprintf(kc, sizeof(kc), "%s_contacts", prefix);
	snprintf(kr, sizeof(kr), "%s_roles", prefix);
	snprintf(ks, sizeof(ks), "%s_statuses", prefix);
	if ((rc = json_contacts(args, kc, a, &u->contacts, &u->contact_count,
	                        err)) ||
	    (rc = json_roles(args, kr, a, &u->roles, &u->role_count, err)) ||
	    (rc = json_statuses(args, ks, a, &u->statuses, &u->status_count,
	                        err)))
		return rc;
	return EPP_OK;
}

int
epp__org_from_json(epp__req *r, epp__cmd cmd)
{
	const json_t *args = r->args;
	epp__arena *a = &r->arena;
	epp_command **out = r->out;
	const char *cltrid = r->cltrid;
	epp_error *err = r->err;

	TRY(epp__ext_from_json(r, cmd));
	if (cmd == EPP__CMD_ORG_CHECK) {
		epp_org_check_args c = EPP_ORG_CHECK_ARGS_INIT;
		int rc = json_ids(args, "orgs", 1, a, &c.ids, &c.count, err);
		c.ext = r->ext;
		c.ext_count = r->ext_count;
		return rc ? rc : epp_org_check_build(out, &c, cltrid, err);
	}
	if (cmd == EPP__CMD_ORG_INFO || cmd == EPP__CMD_ORG_DELETE) {
		epp_org_id_args i = EPP_ORG_ID_ARGS_INIT;
		int rc = epp__json_str(args, "id", 1, &i.id, err);
		i.ext = r->ext;
		i.ext_count = r->ext_count;
		if (rc)
			return rc;
		return cmd == EPP__CMD_ORG_INFO
		               ? epp_org_info_build(out, &i, cltrid, err)
		               : epp_org_delete_build(out, &i, cltrid, err);
	}
	if (cmd == EPP__CMD_ORG_UPDATE) {
		epp_org_update_args u = EPP_ORG_UPDATE_ARGS_INIT;
		int rc;

		u.ext = r->ext;
		u.ext_count = r->ext_count;
		if ((rc = epp__json_str(args, "id", 1, &u.id, err)) ||
		    (rc = json_set(args, "add", a, &u.add, err)) ||
		    (rc = json_set(args, "remove", a, &u.rem, err)) ||
		    (rc = json_details(args, a, &u.parent_id, &u.postal,
		                       &u.voice, &u.fax, &u.email, &u.url,
		                       err)))
			return rc;
		return epp_org_update_build(out, &u, cltrid, err);
	}
	{
		epp_org_create_args c = EPP_ORG_CREATE_ARGS_INIT;
		int rc;

		c.ext = r->ext;
		c.ext_count = r->ext_count;
		if ((rc = epp__json_str(args, "id", 1, &c.id, err)) ||
		    (rc = json_details(args, a, &c.parent_id, &c.postal,
		                       &c.voice, &c.fax, &c.email, &c.url,
		                       err)) ||
		    (rc = json_roles(args, "roles", a, &c.roles, &c.role_count,
		                     err)) ||
		    (rc = json_contacts(args, "contacts", a, &c.contacts,
		                        &c.contact_count, err)))
			return rc;
		return epp_org_create_build(out, &c, cltrid, err);
	}
}
