/*
 * RFC 8543 organization object: check, info, delete (the shape shared
 * with the other objects, epp__build_simple), create and update.
 */
#include <stdio.h>
#include <string.h>

#include "epp/org.h"
#include "ext/ext_private.h"
#include "objects/objects_private.h"

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
check_roles(epp_error *err, const char *field, const epp_org_role *r, size_t n)
{
	int rc;

	for (size_t i = 0; i < n; i++)
		if ((rc = epp__check_text(err, field, (long)i, r[i].type, 1)) ||
		    (rc = epp__check_text(err, field, (long)i, r[i].role_id,
		                          0)))
			return rc;
	return EPP_OK;
}

static int
check_contacts(epp_error *err, const char *field, const epp_org_contact *c,
               size_t n)
{
	int rc;

	for (size_t i = 0; i < n; i++)
		if ((rc = epp__check_enum(err, field, (long)i, c[i].type,
		                          contact_types, 1)) ||
		    (rc = epp__check_id(err, field, (long)i, c[i].id)))
			return rc;
	return EPP_OK;
}

/* The address is sent when any part of it is set (always on a create). */
static int
has_addr(const epp_org_postal *p)
{
	return p->street_count || p->city || p->sp || p->pc || p->cc;
}

static int
check_postal(epp_error *err, const epp_org_postal *p, int addr_required)
{
	int rc;

	if (p->street_count > 3)
		return epp__invalid(err, "postal.street", -1,
		                    "at most 3 street lines");
	if (p->type && strcmp(p->type, "int") != 0 &&
	    strcmp(p->type, "loc") != 0)
		return epp__invalid(err, "postal.type", -1,
		                    "must be int or loc");
	if ((rc = epp__check_text(err, "postal.name", -1, p->name,
	                          !addr_required && !has_addr(p))))
		return rc;
	if (!addr_required && !has_addr(p))
		return EPP_OK;
	for (size_t i = 0; i < p->street_count; i++)
		if ((rc = epp__check_text(err, "postal.street", (long)i,
		                          p->street[i], 1)))
			return rc;
	if ((rc = epp__check_text(err, "postal.city", -1, p->city, 1)) ||
	    (rc = epp__check_text(err, "postal.sp", -1, p->sp, 0)) ||
	    (rc = epp__check_text(err, "postal.pc", -1, p->pc, 0)) ||
	    (rc = epp__check_text(err, "postal.cc", -1, p->cc, 1)))
		return rc;
	if (strlen(p->cc) != 2)
		return epp__invalid(err, "postal.cc", -1,
		                    "must be a two-letter country code");
	return EPP_OK;
}

/* parent, voice, fax, email and url: shared by create and update */
static int
check_details(epp_error *err, const char *parent_id, const char *voice,
              const char *fax, const char *email, const char *url)
{
	int rc;

	if ((parent_id &&
	     (rc = epp__check_id(err, "parent_id", -1, parent_id))) ||
	    (rc = epp__check_text(err, "voice", -1, voice, 0)) ||
	    (rc = epp__check_text(err, "fax", -1, fax, 0)) ||
	    (rc = epp__check_text(err, "email", -1, email, 0)) ||
	    (rc = epp__check_text(err, "url", -1, url, 0)))
		return rc;
	return EPP_OK;
}

static int
check_create(const epp_org_create_args *a, epp_error *err)
{
	int rc;

	if ((rc = epp__check_id(err, "id", -1, a->id)) ||
	    (rc = check_details(err, a->parent_id, a->voice, a->fax, a->email,
	                        a->url)))
		return rc;
	if (a->role_count == 0 || a->roles == NULL)
		return epp__invalid(err, "roles", -1,
		                    "at least one role is required");
	if ((rc = check_roles(err, "roles", a->roles, a->role_count)) ||
	    (rc = check_contacts(err, "contacts", a->contacts,
	                         a->contact_count)))
		return rc;
	return a->postal ? check_postal(err, a->postal, 1) : EPP_OK;
}

/* The values of org:statusType. */
static const char *const org_statuses[] = {"ok",
                                           "hold",
                                           "terminated",
                                           "clientDeleteProhibited",
                                           "clientUpdateProhibited",
                                           "clientLinkProhibited",
                                           "linked",
                                           "pendingCreate",
                                           "pendingUpdate",
                                           "pendingDelete",
                                           "serverDeleteProhibited",
                                           "serverUpdateProhibited",
                                           "serverLinkProhibited",
                                           NULL};

static int
check_set(epp_error *err, const epp_org_update_set *u, const char *fc,
          const char *fr, const char *fs)
{
	int rc;

	if ((u->contact_count && u->contacts == NULL) ||
	    (u->role_count && u->roles == NULL) ||
	    (u->status_count && u->statuses == NULL))
		return epp__invalid(err, fc, -1, "count without items");
	if (u->status_count > 9)
		return epp__invalid(err, fs, -1, "at most 9 statuses");
	if ((rc = check_contacts(err, fc, u->contacts, u->contact_count)) ||
	    (rc = check_roles(err, fr, u->roles, u->role_count)))
		return rc;
	for (size_t i = 0; i < u->status_count; i++)
		if ((rc = epp__check_enum(err, fs, (long)i, u->statuses[i],
		                          org_statuses, 1)))
			return rc;
	return EPP_OK;
}

static int
set_empty(const epp_org_update_set *u)
{
	return !u->contact_count && !u->role_count && !u->status_count;
}

static int
has_chg(const epp_org_update_args *a)
{
	return a->parent_id || a->postal || a->voice || a->fax || a->email ||
	       a->url;
}

static int
check_update(const epp_org_update_args *a, epp_error *err)
{
	int rc;

	if ((rc = epp__check_id(err, "id", -1, a->id)) ||
	    (rc = check_set(err, &a->add, "add_contacts", "add_roles",
	                    "add_statuses")) ||
	    (rc = check_set(err, &a->rem, "remove_contacts", "remove_roles",
	                    "remove_statuses")) ||
	    (rc = check_details(err, a->parent_id, a->voice, a->fax, a->email,
	                        a->url)) ||
	    (a->postal && (rc = check_postal(err, a->postal, 0))))
		return rc;
	if (set_empty(&a->add) && set_empty(&a->rem) && !has_chg(a))
		return epp__invalid(err, "id", -1,
		                    "an update needs something to add, remove "
		                    "or change");
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
	    opt_add(pi, ns, "name", p->name))
		return EPP_ENOMEM;
	if (!has_addr(p))
		return EPP_OK;
	if ((ad = epp__xml_add(pi, ns, "addr", NULL)) == NULL)
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

static int
build_roles(xmlNodePtr obj, xmlNsPtr ns, const epp_org_role *r, size_t n)
{
	xmlNodePtr e;

	for (size_t i = 0; i < n; i++)
		if ((e = epp__xml_add(obj, ns, "role", NULL)) == NULL ||
		    !epp__xml_add(e, ns, "type", r[i].type) ||
		    opt_add(e, ns, "roleID", r[i].role_id))
			return EPP_ENOMEM;
	return EPP_OK;
}

static int
build_contacts(xmlNodePtr obj, xmlNsPtr ns, const epp_org_contact *c, size_t n)
{
	xmlNodePtr e;

	for (size_t i = 0; i < n; i++)
		if ((e = epp__xml_add(obj, ns, "contact", c[i].id)) == NULL ||
		    epp__xml_attr(e, "type", c[i].type))
			return EPP_ENOMEM;
	return EPP_OK;
}

/* parentId, postalInfo, voice, fax, email, url: the order of both
 * org:createType and org:chgType */
static int
build_details(xmlNodePtr obj, xmlNsPtr ns, const char *parent_id,
              const epp_org_postal *postal, const char *voice, const char *fax,
              const char *email, const char *url)
{
	return opt_add(obj, ns, "parentId", parent_id) ||
	                       (postal && build_postal(obj, ns, postal)) ||
	                       opt_add(obj, ns, "voice", voice) ||
	                       opt_add(obj, ns, "fax", fax) ||
	                       opt_add(obj, ns, "email", email) ||
	                       opt_add(obj, ns, "url", url)
	               ? EPP_ENOMEM
	               : EPP_OK;
}

int
epp_org_create_build(epp_command **out, const epp_org_create_args *a,
                     const char *cltrid, epp_error *err)
{
	epp__builder b;
	xmlNodePtr obj;
	xmlNsPtr ns;
	int rc = epp__build_start(out, a, err);

	if (rc || (rc = check_create(a, err)) ||
	    (rc = epp__ext_validate(a->ext, a->ext_count, EPP__CMD_ORG_CREATE,
	                            err)))
		return rc;
	if (epp__begin_object(&b, EPP__CMD_ORG_CREATE, EPP_COMMAND_TRANSFORM,
	                      "create", NULL, EPP_ORG_NS, "org", &obj, &ns))
		return EPP__OOM(err);
	if (!epp__xml_add(obj, ns, "id", a->id) ||
	    build_roles(obj, ns, a->roles, a->role_count) ||
	    build_details(obj, ns, a->parent_id, a->postal, a->voice, a->fax,
	                  a->email, a->url) ||
	    build_contacts(obj, ns, a->contacts, a->contact_count))
		goto oom;
	return epp__finish(&b, a->ext, a->ext_count, EPP__CMD_ORG_CREATE,
	                   cltrid, out, err);
oom:
	epp__builder_abort(&b);
	return EPP__OOM(err);
}

/* <org:add> or <org:rem>, left out when empty: contacts, roles, statuses
 * in the order of org:addRemType */
static int
build_set(xmlNodePtr obj, xmlNsPtr ns, const char *name,
          const epp_org_update_set *u)
{
	xmlNodePtr e;

	if (set_empty(u))
		return EPP_OK;
	if ((e = epp__xml_add(obj, ns, name, NULL)) == NULL ||
	    build_contacts(e, ns, u->contacts, u->contact_count) ||
	    build_roles(e, ns, u->roles, u->role_count))
		return EPP_ENOMEM;
	for (size_t i = 0; i < u->status_count; i++)
		if (!epp__xml_add(e, ns, "status", u->statuses[i]))
			return EPP_ENOMEM;
	return EPP_OK;
}

int
epp_org_update_build(epp_command **out, const epp_org_update_args *a,
                     const char *cltrid, epp_error *err)
{
	epp__builder b;
	xmlNodePtr obj, chg;
	xmlNsPtr ns;
	int rc = epp__build_start(out, a, err);

	if (rc || (rc = check_update(a, err)) ||
	    (rc = epp__ext_validate(a->ext, a->ext_count, EPP__CMD_ORG_UPDATE,
	                            err)))
		return rc;
	if (epp__begin_object(&b, EPP__CMD_ORG_UPDATE, EPP_COMMAND_TRANSFORM,
	                      "update", NULL, EPP_ORG_NS, "org", &obj, &ns))
		return EPP__OOM(err);
	if (!epp__xml_add(obj, ns, "id", a->id) ||
	    build_set(obj, ns, "add", &a->add) ||
	    build_set(obj, ns, "rem", &a->rem))
		goto oom;
	if (has_chg(a) && ((chg = epp__xml_add(obj, ns, "chg", NULL)) == NULL ||
	                   build_details(chg, ns, a->parent_id, a->postal,
	                                 a->voice, a->fax, a->email, a->url)))
		goto oom;
	return epp__finish(&b, a->ext, a->ext_count, EPP__CMD_ORG_UPDATE,
	                   cltrid, out, err);
oom:
	epp__builder_abort(&b);
	return EPP__OOM(err);
}
