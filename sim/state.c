/*
 * --state FILE: the registry as JSON (jansson), loaded at start and saved
 * at exit. The file holds passwords and authInfo values, so it is written
 * with mode 0600, whole, then renamed over the old one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "sim.h"

#define STATE_VERSION 1

/* ---- save ---- */

static void
put_str(json_t *o, const char *k, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, k, json_string(v));
}

static void
put_int(json_t *o, const char *k, json_int_t v)
{
	json_object_set_new(o, k, json_integer(v));
}

static json_t *
meta_json(const struct sim_meta *m, unsigned status)
{
	json_t *o = json_object();

	put_str(o, "roid", m->roid);
	put_str(o, "clid", m->clid);
	put_str(o, "crid", m->crid);
	put_str(o, "upid", m->upid);
	put_int(o, "crdate", m->crdate);
	put_int(o, "update", m->update);
	put_int(o, "trdate", m->trdate);
	put_int(o, "status", status);
	return o;
}

static json_t *
transfer_json(const struct sim_transfer *t)
{
	json_t *o = json_object();

	put_int(o, "status", t->status);
	put_str(o, "reid", t->reid);
	put_str(o, "acid", t->acid);
	put_int(o, "redate", t->redate);
	put_int(o, "acdate", t->acdate);
	put_int(o, "period_months", t->period_months);
	put_str(o, "cltrid", t->cltrid);
	put_str(o, "svtrid", t->svtrid);
	return o;
}

static void
save_domain(void *val, void *arg)
{
	const struct sim_domain *d = val;
	json_t *o = json_object(), *a;
	int i;

	put_str(o, "name", d->name);
	json_object_set_new(o, "meta", meta_json(&d->m, d->status));
	put_str(o, "registrant", d->registrant);
	a = json_array();
	for (i = 0; i < d->ncontacts; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "type",
		                                   d->contacts[i].type, "id",
		                                   d->contacts[i].id));
	json_object_set_new(o, "contacts", a);
	a = json_array();
	for (i = 0; i < d->nns; i++)
		json_array_append_new(a, json_string(d->ns[i]));
	json_object_set_new(o, "ns", a);
	put_str(o, "pw", d->pw);
	put_int(o, "exdate", d->exdate);
	a = json_array();
	for (i = 0; i < d->nds; i++)
		json_array_append_new(
		        a, json_pack("{s:i, s:i, s:i, s:s}", "key_tag",
		                     (int)d->ds[i].key_tag, "alg",
		                     (int)d->ds[i].alg, "digest_type",
		                     (int)d->ds[i].digest_type, "digest",
		                     d->ds[i].digest));
	json_object_set_new(o, "ds", a);
	put_int(o, "max_sig_life", d->max_sig_life);
	put_int(o, "rgp", d->rgp);
	put_int(o, "rgp_until", d->rgp_until);
	json_object_set_new(o, "transfer", transfer_json(&d->tr));
	json_array_append_new(arg, o);
}

static void
save_host(void *val, void *arg)
{
	const struct sim_host *h = val;
	json_t *o = json_object(), *a = json_array();
	int i;

	put_str(o, "name", h->name);
	json_object_set_new(o, "meta", meta_json(&h->m, h->status));
	for (i = 0; i < h->naddrs; i++)
		json_array_append_new(a, json_pack("{s:s, s:b}", "ip",
		                                   h->addrs[i].ip, "v6",
		                                   h->addrs[i].v6));
	json_object_set_new(o, "addrs", a);
	json_array_append_new(arg, o);
}

static void
save_contact(void *val, void *arg)
{
	const struct sim_contact *k = val;
	json_t *o = json_object(), *a = json_array(), *p, *st;
	int i, j;

	put_str(o, "id", k->id);
	json_object_set_new(o, "meta", meta_json(&k->m, k->status));
	for (i = 0; i < 2; i++) {
		if (!k->postal[i].present)
			continue;
		p = json_object();
		put_str(p, "type", i ? "loc" : "int");
		put_str(p, "name", k->postal[i].name);
		put_str(p, "org", k->postal[i].org);
		st = json_array();
		for (j = 0; j < 3; j++)
			if (k->postal[i].street[j] != NULL)
				json_array_append_new(
				        st,
				        json_string(k->postal[i].street[j]));
		json_object_set_new(p, "street", st);
		put_str(p, "city", k->postal[i].city);
		put_str(p, "sp", k->postal[i].sp);
		put_str(p, "pc", k->postal[i].pc);
		put_str(p, "cc", k->postal[i].cc);
		json_array_append_new(a, p);
	}
	json_object_set_new(o, "postal", a);
	put_str(o, "voice", k->voice);
	put_str(o, "voice_x", k->voice_x);
	put_str(o, "fax", k->fax);
	put_str(o, "fax_x", k->fax_x);
	put_str(o, "email", k->email);
	put_str(o, "pw", k->pw);
	json_object_set_new(o, "transfer", transfer_json(&k->tr));
	json_array_append_new(arg, o);
}

static void
save_user(void *val, void *arg)
{
	const struct sim_user *u = val;
	json_t *q = json_array(), *m;
	const struct sim_msg *msg;

	json_object_set_new(json_object_get(arg, "passwords"), u->clid,
	                    json_string(u->pw));
	for (msg = u->q_head; msg != NULL; msg = msg->next) {
		m = json_object();
		put_int(m, "id", (json_int_t)msg->id);
		put_int(m, "qdate", msg->qdate);
		put_str(m, "text", msg->text);
		put_str(m, "xml", msg->xml);
		json_array_append_new(q, m);
	}
	json_object_set_new(json_object_get(arg, "queues"), u->clid, q);
}

int
sim_state_save(const char *path, char *err, size_t errlen)
{
	json_t *root = json_object(), *doms, *hosts, *contacts;
	char tmp[4096];
	int fd, rc;

	doms = json_array();
	hosts = json_array();
	contacts = json_array();
	json_object_set_new(root, "passwords", json_object());
	json_object_set_new(root, "queues", json_object());
	pthread_mutex_lock(&sim_reg.lock);
	put_int(root, "version", STATE_VERSION);
	put_int(root, "next_roid", (json_int_t)sim_reg.next_roid);
	put_int(root, "next_msg", (json_int_t)sim_reg.next_msg);
	sim_map_each(&sim_reg.domains, save_domain, doms);
	sim_map_each(&sim_reg.hosts, save_host, hosts);
	sim_map_each(&sim_reg.contacts, save_contact, contacts);
	sim_map_each(&sim_reg.users, save_user, root);
	pthread_mutex_unlock(&sim_reg.lock);
	json_object_set_new(root, "contacts", contacts);
	json_object_set_new(root, "hosts", hosts);
	json_object_set_new(root, "domains", doms);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		json_decref(root);
		return -1;
	}
	rc = json_dumpfd(root, fd, JSON_INDENT(1));
	json_decref(root);
	if (close(fd) != 0 || rc != 0 || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: cannot write the state", path);
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* ---- load ---- */

static char *
get_str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? sim_strdup(s) : NULL;
}

static void
copy_str(char *dst, size_t len, json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	snprintf(dst, len, "%s", s ? s : "");
}

static json_int_t
get_int(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static unsigned
load_meta(json_t *o, struct sim_meta *m)
{
	json_t *j = json_object_get(o, "meta");

	copy_str(m->roid, sizeof(m->roid), j, "roid");
	copy_str(m->clid, sizeof(m->clid), j, "clid");
	copy_str(m->crid, sizeof(m->crid), j, "crid");
	copy_str(m->upid, sizeof(m->upid), j, "upid");
	m->crdate = (time_t)get_int(j, "crdate");
	m->update = (time_t)get_int(j, "update");
	m->trdate = (time_t)get_int(j, "trdate");
	return (unsigned)get_int(j, "status") &
	       ~(ST_OK | ST_INACTIVE | ST_LINKED | ST_PENDING_DELETE |
	         ST_PENDING_TRANSFER);
}

static void
load_transfer(json_t *o, struct sim_transfer *t)
{
	json_t *j = json_object_get(o, "transfer");

	t->status = (int)get_int(j, "status");
	copy_str(t->reid, sizeof(t->reid), j, "reid");
	copy_str(t->acid, sizeof(t->acid), j, "acid");
	t->redate = (time_t)get_int(j, "redate");
	t->acdate = (time_t)get_int(j, "acdate");
	t->period_months = (int)get_int(j, "period_months");
	copy_str(t->cltrid, sizeof(t->cltrid), j, "cltrid");
	copy_str(t->svtrid, sizeof(t->svtrid), j, "svtrid");
	if (t->status == TR_PENDING)
		sim_registry_note_deadline(t->acdate);
}

/* Add a loaded object; a key seen twice makes the file invalid. */
static int
insert(struct sim_map *m, const char *key, void *obj)
{
	if (sim_map_get(m, key) != NULL)
		return -1;
	return sim_map_put(m, key, obj);
}

static int
load_domain(json_t *o)
{
	struct sim_domain *d = calloc(1, sizeof(*d));
	json_t *a, *v;
	size_t i;

	if (d == NULL || (d->name = get_str(o, "name")) == NULL)
		goto fail;
	d->status = load_meta(o, &d->m);
	d->registrant = get_str(o, "registrant");
	json_array_foreach(json_object_get(o, "contacts"), i, v)
	{
		if (d->ncontacts >= SIM_MAX_CONTACTS)
			break;
		copy_str(d->contacts[d->ncontacts].type,
		         sizeof(d->contacts[0].type), v, "type");
		if ((d->contacts[d->ncontacts].id = get_str(v, "id")) != NULL)
			d->ncontacts++;
	}
	a = json_object_get(o, "ns");
	json_array_foreach(a, i, v)
	{
		if (d->nns < SIM_MAX_NS && json_string_value(v) != NULL)
			d->ns[d->nns++] = sim_strdup(json_string_value(v));
	}
	d->pw = get_str(o, "pw");
	d->exdate = (time_t)get_int(o, "exdate");
	json_array_foreach(json_object_get(o, "ds"), i, v)
	{
		if (d->nds >= SIM_MAX_DS)
			break;
		d->ds[d->nds].key_tag = (unsigned)get_int(v, "key_tag");
		d->ds[d->nds].alg = (unsigned)get_int(v, "alg");
		d->ds[d->nds].digest_type = (unsigned)get_int(v, "digest_type");
		copy_str(d->ds[d->nds].digest, sizeof(d->ds[0].digest), v,
		         "digest");
		d->nds++;
	}
	d->max_sig_life = (long)get_int(o, "max_sig_life");
	d->rgp = (int)get_int(o, "rgp");
	d->rgp_until = (time_t)get_int(o, "rgp_until");
	if (d->rgp != RGP_NONE)
		sim_registry_note_deadline(d->rgp_until);
	load_transfer(o, &d->tr);
	if (d->pw == NULL || insert(&sim_reg.domains, d->name, d) != 0)
		goto fail;
	return 0;
fail:
	sim_domain_free(d);
	return -1;
}

static int
load_host(json_t *o)
{
	struct sim_host *h = calloc(1, sizeof(*h));
	json_t *v;
	size_t i;

	if (h == NULL || (h->name = get_str(o, "name")) == NULL)
		goto fail;
	h->status = load_meta(o, &h->m);
	json_array_foreach(json_object_get(o, "addrs"), i, v)
	{
		if (h->naddrs >= SIM_MAX_ADDRS)
			break;
		copy_str(h->addrs[h->naddrs].ip, sizeof(h->addrs[0].ip), v,
		         "ip");
		h->addrs[h->naddrs++].v6 =
		        json_is_true(json_object_get(v, "v6"));
	}
	if (insert(&sim_reg.hosts, h->name, h) != 0)
		goto fail;
	return 0;
fail:
	sim_host_free(h);
	return -1;
}

static int
load_contact(json_t *o)
{
	struct sim_contact *k = calloc(1, sizeof(*k));
	struct sim_postal *p;
	const char *type;
	json_t *v, *s;
	size_t i, j;

	if (k == NULL || (k->id = get_str(o, "id")) == NULL)
		goto fail;
	k->status = load_meta(o, &k->m);
	json_array_foreach(json_object_get(o, "postal"), i, v)
	{
		type = json_string_value(json_object_get(v, "type"));
		p = &k->postal[type && strcmp(type, "loc") == 0];
		if (p->present)
			continue;
		p->present = 1;
		p->name = get_str(v, "name");
		p->org = get_str(v, "org");
		json_array_foreach(json_object_get(v, "street"), j, s)
		{
			if (j < 3 && json_string_value(s) != NULL)
				p->street[j] = sim_strdup(json_string_value(s));
		}
		p->city = get_str(v, "city");
		p->sp = get_str(v, "sp");
		p->pc = get_str(v, "pc");
		p->cc = get_str(v, "cc");
	}
	k->voice = get_str(o, "voice");
	k->voice_x = get_str(o, "voice_x");
	k->fax = get_str(o, "fax");
	k->fax_x = get_str(o, "fax_x");
	k->email = get_str(o, "email");
	k->pw = get_str(o, "pw");
	load_transfer(o, &k->tr);
	if (insert(&sim_reg.contacts, k->id, k) != 0)
		goto fail;
	return 0;
fail:
	sim_contact_free(k);
	return -1;
}

static void
relink(void *val, void *arg)
{
	(void)arg;
	sim_domain_link(val, +1);
}

int
sim_state_load(const char *path, char *err, size_t errlen)
{
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je), *v, *q, *m;
	struct sim_user *u;
	const char *clid, *pw;
	struct sim_msg *msg;
	size_t i;

	if (root == NULL) {
		snprintf(err, errlen, "%s:%d: %s", path, je.line, je.text);
		return -1;
	}
	if (get_int(root, "version") != STATE_VERSION) {
		snprintf(err, errlen, "%s: not an epp-sim state file", path);
		json_decref(root);
		return -1;
	}
	sim_reg.next_roid = (unsigned long)get_int(root, "next_roid");
	sim_reg.next_msg = (unsigned long)get_int(root, "next_msg");
	json_array_foreach(json_object_get(root, "contacts"), i, v)
	{
		if (load_contact(v) != 0)
			goto bad;
	}
	json_array_foreach(json_object_get(root, "hosts"), i, v)
	{
		if (load_host(v) != 0)
			goto bad;
	}
	json_array_foreach(json_object_get(root, "domains"), i, v)
	{
		if (load_domain(v) != 0)
			goto bad;
	}
	sim_map_each(&sim_reg.domains, relink, NULL);
	/* Passwords changed with newPW survive; unknown registrars in the
	 * state are ignored (the users file says who exists). */
	json_object_foreach(json_object_get(root, "passwords"), clid, v)
	{
		pw = json_string_value(v);
		if ((u = sim_user_get(clid)) != NULL && pw != NULL) {
			free(u->pw);
			u->pw = sim_strdup(pw);
		}
	}
	json_object_foreach(json_object_get(root, "queues"), clid, q)
	{
		json_array_foreach(q, i, m)
		{
			sim_poll_enqueue(
			        clid,
			        json_string_value(json_object_get(m, "text")),
			        get_str(m, "xml"), (time_t)get_int(m, "qdate"));
			u = sim_user_get(clid);
			if (u != NULL && (msg = u->q_tail) != NULL)
				msg->id = (unsigned long)get_int(m, "id");
		}
	}
	json_decref(root);
	return 0;
bad:
	snprintf(err, errlen, "%s: invalid or duplicate object", path);
	json_decref(root);
	return -1;
}
