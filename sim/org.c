/*
 * Organization objects (RFC 8543): check, info, create, update, delete.
 * Any registrar may read an organization (the RFC has no authInfo for
 * them); only its sponsor changes or deletes it. A parent and the
 * contacts must exist; an organization that is some other's parent is
 * linked and cannot be deleted. Organizations live in memory only (not
 * in the state file).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define ORG_MAX_ROLES    8
#define ORG_MAX_CONTACTS 16

/* The statuses a registrar may set with create or update (bits). */
static const char *const client_statuses[] = {"clientDeleteProhibited",
                                              "clientUpdateProhibited",
                                              "clientLinkProhibited", NULL};
#define ORG_DELETE_PROHIBITED 1u
#define ORG_UPDATE_PROHIBITED 2u

struct sim_org {
	char *id;
	struct sim_meta m;
	unsigned status;
	int nroles;
	struct {
		char *type, *role_id;
	} roles[ORG_MAX_ROLES];
	int ncontacts;
	struct {
		char *type, *id;
	} contacts[ORG_MAX_CONTACTS];
	char *parent;
	struct sim_postal postal[2]; /* [0] int, [1] loc */
	char *voice, *fax, *email, *url;
};

void
sim_org_free(void *p)
{
	struct sim_org *o = p;

	if (o == NULL)
		return;
	for (int i = 0; i < o->nroles; i++) {
		free(o->roles[i].type);
		free(o->roles[i].role_id);
	}
	for (int i = 0; i < o->ncontacts; i++) {
		free(o->contacts[i].type);
		free(o->contacts[i].id);
	}
	sim_postal_clear(&o->postal[0]);
	sim_postal_clear(&o->postal[1]);
	free(o->id);
	free(o->parent);
	free(o->voice);
	free(o->fax);
	free(o->email);
	free(o->url);
	free(o);
}

static char *
attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? sim_strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* parentId, postalInfo, voice, fax, email, url of a create or <chg>. */
static void
apply_fields(struct sim_org *o, xmlNodePtr parent)
{
	xmlNodePtr pi;
	char *type;

	sim_take(&o->parent, parent, "parentId");
	for (pi = sim_child(parent, "postalInfo"); pi != NULL;
	     pi = sim_next(pi->next, "postalInfo")) {
		type = attr(pi, "type");
		sim_postal_take(&o->postal[type && strcmp(type, "loc") == 0],
		                pi);
		free(type);
	}
	sim_take(&o->voice, parent, "voice");
	sim_take(&o->fax, parent, "fax");
	sim_take(&o->email, parent, "email");
	sim_take(&o->url, parent, "url");
}

static struct sim_org *
lookup(struct sim_cmd *c)
{
	char *id = sim_child_text(c->verb, "id");
	struct sim_org *o = id ? sim_map_get(&sim_reg.orgs, id) : NULL;

	free(id);
	if (o == NULL)
		sim_resp_error(c->r, 2303, sim_child(c->verb, "id"),
		               "no such organization");
	return o;
}

/* The <status> children of parent as bits; -1 with 2306 set when one is
 * not a client status. */
static int
statuses(struct sim_cmd *c, xmlNodePtr parent, unsigned *out)
{
	xmlNodePtr n;
	char *s;
	int i;

	*out = 0;
	for (n = sim_child(parent, "status"); n;
	     n = sim_next(n->next, "status")) {
		s = sim_text(n);
		for (i = 0; s && client_statuses[i]; i++)
			if (strcmp(s, client_statuses[i]) == 0)
				break;
		if (s == NULL || client_statuses[i] == NULL) {
			free(s);
			sim_resp_error(c->r, 2306, n,
			               "only the registry sets this status");
			return -1;
		}
		free(s);
		*out |= 1u << i;
	}
	return 0;
}

/* The parent and the <contact>s named under parent must exist: 0, or -1
 * with 2303 set. */
static int
references_exist(struct sim_cmd *c, xmlNodePtr parent, const char *self)
{
	xmlNodePtr n = sim_child(parent, "parentId");
	char *v;
	int ok;

	if (n != NULL) {
		v = sim_text(n);
		ok = v && strcmp(v, self) != 0 && sim_map_get(&sim_reg.orgs, v);
		free(v);
		if (!ok) {
			sim_resp_error(c->r, 2303, n, "no such parent");
			return -1;
		}
	}
	for (n = sim_child(parent, "contact"); n;
	     n = sim_next(n->next, "contact")) {
		v = sim_text(n);
		ok = v && sim_map_get(&sim_reg.contacts, v);
		free(v);
		if (!ok) {
			sim_resp_error(c->r, 2303, n, "no such contact");
			return -1;
		}
	}
	return 0;
}

static int
role_find(const struct sim_org *o, const char *type)
{
	for (int i = 0; i < o->nroles; i++)
		if (strcmp(o->roles[i].type, type) == 0)
			return i;
	return -1;
}

static int
contact_find(const struct sim_org *o, const char *type, const char *id)
{
	for (int i = 0; i < o->ncontacts; i++)
		if (strcmp(o->contacts[i].type, type) == 0 &&
		    strcmp(o->contacts[i].id, id) == 0)
			return i;
	return -1;
}

/* Add (or, rem, remove) the roles and contacts under parent: 0, or -1
 * with 2306 set when a limit would be passed. A role added again gets
 * the new role id. */
static int
apply_links(struct sim_cmd *c, struct sim_org *o, xmlNodePtr parent, int rem)
{
	xmlNodePtr n;
	char *type, *v;
	int i;

	for (n = sim_child(parent, "role"); n; n = sim_next(n->next, "role")) {
		type = sim_child_text(n, "type");
		v = sim_child_text(n, "roleID");
		i = type ? role_find(o, type) : -1;
		if (rem && i >= 0) {
			free(o->roles[i].type);
			free(o->roles[i].role_id);
			o->roles[i] = o->roles[--o->nroles];
		} else if (!rem && i >= 0) {
			free(o->roles[i].role_id);
			o->roles[i].role_id = v;
			v = NULL;
		} else if (!rem && type && o->nroles < ORG_MAX_ROLES) {
			o->roles[o->nroles].type = type;
			o->roles[o->nroles++].role_id = v;
			type = v = NULL;
		} else if (!rem) {
			free(type);
			free(v);
			sim_resp_error(c->r, 2306, n, "too many roles");
			return -1;
		}
		free(type);
		free(v);
	}
	for (n = sim_child(parent, "contact"); n;
	     n = sim_next(n->next, "contact")) {
		type = attr(n, "type");
		v = sim_text(n);
		i = type && v ? contact_find(o, type, v) : -1;
		if (rem && i >= 0) {
			free(o->contacts[i].type);
			free(o->contacts[i].id);
			o->contacts[i] = o->contacts[--o->ncontacts];
		} else if (!rem && i < 0 && type && v &&
		           o->ncontacts < ORG_MAX_CONTACTS) {
			o->contacts[o->ncontacts].type = type;
			o->contacts[o->ncontacts++].id = v;
			type = v = NULL;
		} else if (!rem && i < 0) {
			free(type);
			free(v);
			sim_resp_error(c->r, 2306, n, "too many contacts");
			return -1;
		}
		free(type);
		free(v);
	}
	return 0;
}

static void
check(struct sim_cmd *c)
{
	sim_check(c, SIM_NS_ORG, "org", "id", &sim_reg.orgs, 0);
}

static void
add_opt(xmlNodePtr parent, const char *name, const char *v)
{
	if (v != NULL)
		sim_add(parent, name, v);
}

struct parent_ref {
	const char *id;
	int found;
};

static void
is_parent(void *val, void *arg)
{
	const struct sim_org *o = val;
	struct parent_ref *p = arg;

	if (o->parent && strcmp(o->parent, p->id) == 0)
		p->found = 1;
}

/* Some other organization names o as its parent. */
static int
linked(const struct sim_org *o)
{
	struct parent_ref p = {o->id, 0};

	sim_map_each(&sim_reg.orgs, is_parent, &p);
	return p.found;
}

static void
info(struct sim_cmd *c)
{
	struct sim_org *o = lookup(c);
	xmlNodePtr inf, n, addr;
	struct sim_postal *p;
	int i, j, any = 0;

	if (o == NULL)
		return;
	inf = sim_resp_data(c->r, SIM_NS_ORG, "org", "infData");
	sim_add(inf, "id", o->id);
	sim_add(inf, "roid", o->m.roid);
	for (i = 0; i < o->nroles; i++) {
		n = sim_add(inf, "role", NULL);
		sim_add(n, "type", o->roles[i].type);
		sim_add(n, "status", "ok");
		add_opt(n, "roleID", o->roles[i].role_id);
	}
	for (i = 0; client_statuses[i]; i++)
		if (o->status & (1u << i)) {
			sim_add(inf, "status", client_statuses[i]);
			any = 1;
		}
	if (linked(o)) {
		sim_add(inf, "status", "linked");
		any = 1;
	}
	if (!any)
		sim_add(inf, "status", "ok");
	add_opt(inf, "parentId", o->parent);
	for (i = 0; i < 2; i++) {
		p = &o->postal[i];
		if (!p->present)
			continue;
		n = sim_add(inf, "postalInfo", NULL);
		xmlSetProp(n, (const xmlChar *)"type",
		           (const xmlChar *)(i ? "loc" : "int"));
		sim_add(n, "name", p->name ? p->name : "-");
		if (p->city == NULL) /* no <addr> given */
			continue;
		addr = sim_add(n, "addr", NULL);
		for (j = 0; j < 3; j++)
			add_opt(addr, "street", p->street[j]);
		sim_add(addr, "city", p->city ? p->city : "-");
		add_opt(addr, "sp", p->sp);
		add_opt(addr, "pc", p->pc);
		sim_add(addr, "cc", p->cc ? p->cc : "");
	}
	add_opt(inf, "voice", o->voice);
	add_opt(inf, "fax", o->fax);
	add_opt(inf, "email", o->email);
	add_opt(inf, "url", o->url);
	for (i = 0; i < o->ncontacts; i++) {
		n = sim_add(inf, "contact", o->contacts[i].id);
		xmlSetProp(n, (const xmlChar *)"type",
		           (const xmlChar *)o->contacts[i].type);
	}
	sim_add(inf, "clID", o->m.clid);
	sim_add(inf, "crID", o->m.crid);
	sim_add_date(inf, "crDate", o->m.crdate);
	if (o->m.upid[0] != '\0') {
		sim_add(inf, "upID", o->m.upid);
		sim_add_date(inf, "upDate", o->m.update);
	}
}

static void
create(struct sim_cmd *c)
{
	xmlNodePtr obj = c->verb, cr;
	char *id = sim_child_text(obj, "id");
	struct sim_org *o;
	unsigned st;

	if (id == NULL) {
		sim_resp_code(c->r, 2400);
		return;
	}
	if (sim_map_get(&sim_reg.orgs, id) != NULL) {
		sim_resp_error(c->r, 2302, sim_child(obj, "id"),
		               "organization exists");
		free(id);
		return;
	}
	if (statuses(c, obj, &st) != 0 || references_exist(c, obj, id) != 0) {
		free(id);
		return;
	}
	o = calloc(1, sizeof(*o));
	if (o == NULL || sim_map_put(&sim_reg.orgs, id, o) != 0) {
		free(o);
		free(id);
		sim_resp_code(c->r, 2400);
		return;
	}
	o->id = id;
	o->status = st;
	if (apply_links(c, o, obj, 0) != 0) {
		sim_map_del(&sim_reg.orgs, id);
		sim_org_free(o);
		return;
	}
	apply_fields(o, obj);
	sim_next_roid(o->m.roid, 'O');
	snprintf(o->m.clid, sizeof(o->m.clid), "%s", c->clid);
	snprintf(o->m.crid, sizeof(o->m.crid), "%s", c->clid);
	o->m.crdate = c->now;
	cr = sim_resp_data(c->r, SIM_NS_ORG, "org", "creData");
	sim_add(cr, "id", o->id);
	sim_add_date(cr, "crDate", o->m.crdate);
}

static int
count(xmlNodePtr parent, const char *name)
{
	int n = 0;

	for (xmlNodePtr x = sim_child(parent, name); x;
	     x = sim_next(x->next, name))
		n++;
	return n;
}

static int
removes_all_roles(const struct sim_org *o, xmlNodePtr rem)
{
	xmlNodePtr n;
	char *type;
	int gone = 0;

	for (n = sim_child(rem, "role"); n; n = sim_next(n->next, "role")) {
		type = sim_child_text(n, "type");
		gone += type && role_find(o, type) >= 0;
		free(type);
	}
	return gone >= o->nroles;
}

static void
update(struct sim_cmd *c)
{
	struct sim_org *o = lookup(c);
	xmlNodePtr add, rem, chg;
	unsigned st_add, st_rem;

	if (o == NULL)
		return;
	if (strcmp(o->m.clid, c->clid) != 0) {
		sim_resp_code(c->r, 2201);
		return;
	}
	add = sim_child(c->verb, "add");
	rem = sim_child(c->verb, "rem");
	chg = sim_child(c->verb, "chg");
	if (statuses(c, add, &st_add) != 0 || statuses(c, rem, &st_rem) != 0)
		return;
	if ((o->status & ORG_UPDATE_PROHIBITED) &&
	    !(st_rem & ORG_UPDATE_PROHIBITED)) {
		sim_resp_code(c->r, 2304);
		return;
	}
	if (references_exist(c, add, o->id) != 0 ||
	    references_exist(c, chg, o->id) != 0)
		return;
	if (sim_child(add, "role") == NULL && removes_all_roles(o, rem)) {
		sim_resp_error(c->r, 2306, sim_child(rem, "role"),
		               "an organization keeps at least one role");
		return;
	}
	if (o->nroles + count(add, "role") > ORG_MAX_ROLES ||
	    o->ncontacts + count(add, "contact") > ORG_MAX_CONTACTS) {
		sim_resp_error(c->r, 2306, add, "too many roles or contacts");
		return;
	}
	/* removals first, so that one update can replace a contact; with
	 * the checks above nothing fails from here on */
	if (apply_links(c, o, rem, 1) != 0 || apply_links(c, o, add, 0) != 0)
		return;
	o->status = (o->status & ~st_rem) | st_add;
	apply_fields(o, chg);
	snprintf(o->m.upid, sizeof(o->m.upid), "%s", c->clid);
	o->m.update = c->now;
}

static void delete (struct sim_cmd *c)
{
	struct sim_org *o = lookup(c);

	if (o == NULL)
		return;
	if (strcmp(o->m.clid, c->clid) != 0) {
		sim_resp_code(c->r, 2201);
		return;
	}
	if (o->status & ORG_DELETE_PROHIBITED) {
		sim_resp_code(c->r, 2304);
		return;
	}
	if (linked(o)) {
		sim_resp_error(c->r, 2305, sim_child(c->verb, "id"),
		               "the organization is the parent of another");
		return;
	}
	sim_map_del(&sim_reg.orgs, o->id);
	sim_org_free(o);
}

const struct sim_handler sim_org_handlers[] = {
        {"check", check},   {"info", info},     {"create", create},
        {"update", update}, {"delete", delete}, {NULL, NULL},
};
