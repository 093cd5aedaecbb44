/*
 * Contact objects (RFC 5733), with transfers. Disclosure preferences are
 * accepted and not kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define CONTACT_CLIENT_STATUSES                                                \
	(ST_CLIENT_DELETE | ST_CLIENT_TRANSFER | ST_CLIENT_UPDATE)

void
sim_postal_clear(struct sim_postal *p)
{
	int i;

	free(p->name);
	free(p->org);
	for (i = 0; i < 3; i++)
		free(p->street[i]);
	free(p->city);
	free(p->sp);
	free(p->pc);
	free(p->cc);
	memset(p, 0, sizeof(*p));
}

void
sim_contact_free(void *p)
{
	struct sim_contact *c = p;

	if (c == NULL)
		return;
	sim_postal_clear(&c->postal[0]);
	sim_postal_clear(&c->postal[1]);
	free(c->id);
	free(c->voice);
	free(c->voice_x);
	free(c->fax);
	free(c->fax_x);
	free(c->email);
	free(c->pw);
	free(c);
}

static unsigned
contact_status(const struct sim_contact *c)
{
	unsigned s = c->status;

	if (c->refs > 0)
		s |= ST_LINKED;
	if (c->tr.status == TR_PENDING)
		s |= ST_PENDING_TRANSFER;
	return (s & ~ST_LINKED) ? s : s | ST_OK;
}

static void
xfer_obj(struct sim_contact *k, struct sim_xfer_obj *o)
{
	o->ns = SIM_NS_CONTACT;
	o->prefix = "contact";
	o->idname = "id";
	o->id = k->id;
	o->m = &k->m;
	o->tr = &k->tr;
	o->status = contact_status(k);
	o->pw = k->pw;
	o->exdate = NULL;
}

void
sim_contact_deadline(struct sim_contact *k, time_t now)
{
	struct sim_xfer_obj o;

	xfer_obj(k, &o);
	sim_transfer_deadline(&o, now);
}

static struct sim_contact *
lookup(struct sim_cmd *c, xmlNodePtr obj)
{
	char *id = sim_child_text(obj, "id");
	struct sim_contact *k = id ? sim_map_get(&sim_reg.contacts, id) : NULL;

	free(id);
	if (k == NULL)
		sim_resp_error(c->r, 2303, sim_child(obj, "id"),
		               "no such contact");
	return k;
}

/* Replace field *dst with the text of child `name` of n, if present. */
void
sim_take(char **dst, xmlNodePtr n, const char *name)
{
	xmlNodePtr x = sim_child(n, name);
	char *t;

	if (x == NULL || (t = sim_text(x)) == NULL)
		return;
	free(*dst);
	*dst = t;
}

/* Fill p from a <postalInfo>: given fields replace, absent ones stay. */
void
sim_postal_take(struct sim_postal *p, xmlNodePtr pi)
{
	xmlNodePtr addr = sim_child(pi, "addr"), s;
	int i;

	p->present = 1;
	sim_take(&p->name, pi, "name");
	sim_take(&p->org, pi, "org");
	if (addr == NULL)
		return;
	for (i = 0; i < 3; i++) {
		free(p->street[i]);
		p->street[i] = NULL;
	}
	for (i = 0, s = sim_child(addr, "street"); s != NULL && i < 3;
	     s = sim_next(s->next, "street"))
		p->street[i++] = sim_text(s);
	sim_take(&p->city, addr, "city");
	free(p->sp);
	free(p->pc);
	p->sp = p->pc = NULL;
	sim_take(&p->sp, addr, "sp");
	sim_take(&p->pc, addr, "pc");
	sim_take(&p->cc, addr, "cc");
}

/* Phone with its optional x= extension. */
static void
take_phone(char **num, char **ext, xmlNodePtr parent, const char *name)
{
	xmlNodePtr n = sim_child(parent, name);
	xmlChar *x;

	if (n == NULL)
		return;
	sim_take(num, parent, name);
	free(*ext);
	*ext = NULL;
	x = xmlGetProp(n, (const xmlChar *)"x");
	if (x != NULL)
		*ext = sim_strdup((const char *)x);
	xmlFree(x);
}

static void
apply_fields(struct sim_contact *k, xmlNodePtr parent)
{
	xmlNodePtr pi;
	xmlChar *type;

	for (pi = sim_child(parent, "postalInfo"); pi != NULL;
	     pi = sim_next(pi->next, "postalInfo")) {
		type = xmlGetProp(pi, (const xmlChar *)"type");
		sim_postal_take(&k->postal[type && strcmp((const char *)type,
		                                          "loc") == 0],
		                pi);
		xmlFree(type);
	}
	take_phone(&k->voice, &k->voice_x, parent, "voice");
	take_phone(&k->fax, &k->fax_x, parent, "fax");
	sim_take(&k->email, parent, "email");
	sim_take(&k->pw, sim_child(parent, "authInfo"), "pw");
}

static void
check(struct sim_cmd *c)
{
	sim_check(c, SIM_NS_CONTACT, "contact", "id", &sim_reg.contacts, 0);
}

static void
add_phone(xmlNodePtr parent, const char *name, const char *num, const char *ext)
{
	xmlNodePtr n;

	if (num == NULL)
		return;
	n = sim_add(parent, name, num);
	if (ext != NULL)
		xmlSetProp(n, (const xmlChar *)"x", (const xmlChar *)ext);
}

static void
info(struct sim_cmd *c)
{
	struct sim_contact *k = lookup(c, c->verb);
	xmlNodePtr inf, pi, addr, ai;
	int i, j, full, auth;
	struct sim_postal *p;

	if (k == NULL)
		return;
	auth = sim_authinfo_check(c->verb, k->pw);
	full = strcmp(c->clid, k->m.clid) == 0;
	if (!full && auth != 1) {
		sim_resp_code(c->r, auth < 0 ? 2202 : 2201);
		return;
	}
	inf = sim_resp_data(c->r, SIM_NS_CONTACT, "contact", "infData");
	sim_add(inf, "id", k->id);
	sim_add(inf, "roid", k->m.roid);
	sim_add_statuses(inf, contact_status(k));
	for (i = 0; i < 2; i++) {
		p = &k->postal[i];
		if (!p->present)
			continue;
		pi = sim_add(inf, "postalInfo", NULL);
		xmlSetProp(pi, (const xmlChar *)"type",
		           (const xmlChar *)(i ? "loc" : "int"));
		sim_add(pi, "name", p->name ? p->name : "");
		if (p->org != NULL)
			sim_add(pi, "org", p->org);
		addr = sim_add(pi, "addr", NULL);
		for (j = 0; j < 3; j++)
			if (p->street[j] != NULL)
				sim_add(addr, "street", p->street[j]);
		sim_add(addr, "city", p->city ? p->city : "");
		if (p->sp != NULL)
			sim_add(addr, "sp", p->sp);
		if (p->pc != NULL)
			sim_add(addr, "pc", p->pc);
		sim_add(addr, "cc", p->cc ? p->cc : "");
	}
	add_phone(inf, "voice", k->voice, k->voice_x);
	add_phone(inf, "fax", k->fax, k->fax_x);
	sim_add(inf, "email", k->email ? k->email : "");
	sim_add(inf, "clID", k->m.clid);
	sim_add(inf, "crID", k->m.crid);
	sim_add_date(inf, "crDate", k->m.crdate);
	if (k->m.upid[0] != '\0') {
		sim_add(inf, "upID", k->m.upid);
		sim_add_date(inf, "upDate", k->m.update);
	}
	if (k->m.trdate != 0)
		sim_add_date(inf, "trDate", k->m.trdate);
	if (full) {
		ai = sim_add(inf, "authInfo", NULL);
		sim_add(ai, "pw", k->pw ? k->pw : "");
	}
}

static void
create(struct sim_cmd *c)
{
	xmlNodePtr obj = c->verb, cr;
	char *id = sim_child_text(obj, "id");
	char *pw = sim_child_text(sim_child(obj, "authInfo"), "pw");
	struct sim_contact *k;

	free(pw);
	if (id == NULL) {
		sim_resp_code(c->r, 2400);
		return;
	}
	if (sim_map_get(&sim_reg.contacts, id) != NULL) {
		sim_resp_error(c->r, 2302, sim_child(obj, "id"),
		               "contact exists");
		free(id);
		return;
	}
	if (pw == NULL) {
		sim_resp_error(c->r, 2306, sim_child(obj, "authInfo"),
		               "authInfo must be a password (pw)");
		free(id);
		return;
	}
	k = calloc(1, sizeof(*k));
	if (k == NULL || sim_map_put(&sim_reg.contacts, id, k) != 0) {
		free(k);
		free(id);
		sim_resp_code(c->r, 2400);
		return;
	}
	k->id = id;
	apply_fields(k, obj);
	sim_next_roid(k->m.roid, 'C');
	snprintf(k->m.clid, sizeof(k->m.clid), "%s", c->clid);
	snprintf(k->m.crid, sizeof(k->m.crid), "%s", c->clid);
	k->m.crdate = c->now;
	cr = sim_resp_data(c->r, SIM_NS_CONTACT, "contact", "creData");
	sim_add(cr, "id", k->id);
	sim_add_date(cr, "crDate", k->m.crdate);
}

static void delete (struct sim_cmd *c)
{
	struct sim_contact *k = lookup(c, c->verb);

	if (k == NULL)
		return;
	if (strcmp(k->m.clid, c->clid) != 0) {
		sim_resp_code(c->r, 2201);
		return;
	}
	if (contact_status(k) &
	    (ST_CLIENT_DELETE | ST_SERVER_DELETE | ST_PENDING_TRANSFER)) {
		sim_resp_code(c->r, 2304);
		return;
	}
	if (k->refs > 0) {
		sim_resp_error(c->r, 2305, sim_child(c->verb, "id"),
		               "the contact is used by a domain");
		return;
	}
	sim_map_del(&sim_reg.contacts, k->id);
	sim_contact_free(k);
}

static void
update(struct sim_cmd *c)
{
	struct sim_contact *k = lookup(c, c->verb);
	xmlNodePtr add, rem, chg, ai;
	unsigned st_add, st_rem;
	char *pw;

	if (k == NULL)
		return;
	if (strcmp(k->m.clid, c->clid) != 0) {
		sim_resp_code(c->r, 2201);
		return;
	}
	add = sim_child(c->verb, "add");
	rem = sim_child(c->verb, "rem");
	chg = sim_child(c->verb, "chg");
	if (!sim_client_statuses(c, add, CONTACT_CLIENT_STATUSES, &st_add) ||
	    !sim_client_statuses(c, rem, CONTACT_CLIENT_STATUSES, &st_rem))
		return;
	if ((k->status & ST_SERVER_UPDATE) ||
	    ((k->status & ST_CLIENT_UPDATE) && !(st_rem & ST_CLIENT_UPDATE))) {
		sim_resp_code(c->r, 2304);
		return;
	}
	ai = sim_child(chg, "authInfo");
	if (ai != NULL) {
		if ((pw = sim_child_text(ai, "pw")) == NULL) {
			sim_resp_error(c->r, 2306, ai,
			               "authInfo must be a password (pw)");
			return;
		}
		free(pw);
	}
	k->status = (k->status & ~st_rem) | st_add;
	apply_fields(k, chg);
	snprintf(k->m.upid, sizeof(k->m.upid), "%s", c->clid);
	k->m.update = c->now;
}

static void
transfer(struct sim_cmd *c)
{
	struct sim_contact *k = lookup(c, c->verb);
	struct sim_xfer_obj o;

	if (k == NULL)
		return;
	xfer_obj(k, &o);
	sim_transfer_cmd(c, &o, c->op, c->verb);
}

const struct sim_handler sim_contact_handlers[] = {
        {"check", check},   {"info", info},     {"create", create},
        {"delete", delete}, {"update", update}, {"transfer", transfer},
        {NULL, NULL},
};
