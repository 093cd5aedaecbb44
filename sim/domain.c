/*
 * Domain objects (RFC 5731) with secDNS-1.1 (RFC 5910) DS data and the
 * registry grace period (RFC 3915): delete puts a domain in redemption,
 * a restore request and report bring it back.
 *
 * Every handler checks all it needs first and changes state only when
 * nothing can fail any more, so a refused command leaves no trace.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epp/idn.h"
#include "sim.h"

#define MAX_YEARS_AHEAD 10

const char *
sim_hostname_problem(const char *name, char *buf, size_t size)
{
	const char *label = name, *p;
	size_t len = strlen(name), n;
	int labels = 0;
	char *alabels = NULL;
	epp_error err;

	if (len == 0 || len > 253 || name[len - 1] == '.')
		return "not a host name of 1 to 253 octets";
	for (p = name;; p++) {
		if (*p == '.' || *p == '\0') {
			n = (size_t)(p - label);
			if (n == 0 || n > 63 || label[0] == '-' || p[-1] == '-')
				return "a label is empty, over 63 octets, or "
				       "starts or ends with a hyphen";
			labels++;
			if (*p == '\0')
				break;
			label = p + 1;
		} else if (!isalnum((unsigned char)*p) && *p != '-') {
			return "only letters, digits, hyphens and A-labels "
			       "(xn--) are allowed";
		}
	}
	if (labels < 2)
		return "a host name has two labels or more";
	/*
	 * The names are stored as A-labels; one that is not a valid A-label
	 * (RFC 5891 section 5.4), or an ASCII label with "--" in positions 3
	 * and 4 that is not one (section 4.2.3.1), is refused.
	 */
	if (epp_idn_to_ascii(&alabels, name, NULL, &err) != EPP_OK) {
		snprintf(buf, size, "%s", err.text);
		return buf;
	}
	free(alabels);
	for (label = name; label != NULL;) {
		const char *dot = strchr(label, '.');

		if (strlen(label) >= 4 && label[2] == '-' && label[3] == '-' &&
		    strncmp(label, "xn", 2) != 0)
			return "\"--\" in positions 3 and 4 of a label is "
			       "reserved for A-labels";
		label = dot ? dot + 1 : NULL;
	}
	return NULL;
}

int
sim_valid_hostname(const char *name)
{
	char buf[EPP_ERROR_TEXT_LENGTH];

	return sim_hostname_problem(name, buf, sizeof(buf)) == NULL;
}

static unsigned
domain_status(const struct sim_domain *d)
{
	unsigned s = d->status;

	if (d->rgp != RGP_NONE)
		s |= ST_PENDING_DELETE;
	if (d->tr.status == TR_PENDING)
		s |= ST_PENDING_TRANSFER;
	if (d->nns == 0)
		s |= ST_INACTIVE;
	return s ? s : ST_OK;
}

void
sim_add_statuses(xmlNodePtr parent, unsigned s)
{
	unsigned bit;
	xmlNodePtr n;

	for (bit = 1; bit != 0 && bit <= ST_PENDING_TRANSFER; bit <<= 1)
		if (s & bit) {
			n = sim_add(parent, "status", NULL);
			xmlSetProp(n, (const xmlChar *)"s",
			           (const xmlChar *)sim_status_name(bit));
		}
}

void
sim_domain_free(void *p)
{
	struct sim_domain *d = p;
	int i;

	if (d == NULL)
		return;
	free(d->name);
	free(d->registrant);
	for (i = 0; i < d->ncontacts; i++)
		free(d->contacts[i].id);
	for (i = 0; i < d->nns; i++)
		free(d->ns[i]);
	free(d->pw);
	free(d);
}

static void
xfer_obj(struct sim_domain *d, struct sim_xfer_obj *o)
{
	o->ns = SIM_NS_DOMAIN;
	o->prefix = "domain";
	o->idname = "name";
	o->id = d->name;
	o->m = &d->m;
	o->tr = &d->tr;
	o->status = domain_status(d);
	o->pw = d->pw;
	o->exdate = &d->exdate;
}

void
sim_domain_deadline(struct sim_domain *d, time_t now)
{
	struct sim_xfer_obj o;

	xfer_obj(d, &o);
	sim_transfer_deadline(&o, now);
}

/* The lower-cased <domain:name> of the command; NULL when out of memory. */
static char *
cmd_name(xmlNodePtr obj)
{
	char *n = sim_child_text(obj, "name");

	sim_lower(n);
	return n;
}

/* Look up the command's domain; sets 2303 and returns NULL if absent. */
static struct sim_domain *
lookup(struct sim_cmd *c, xmlNodePtr obj)
{
	char *name = cmd_name(obj);
	struct sim_domain *d =
	        name ? sim_map_get(&sim_reg.domains, name) : NULL;

	free(name);
	if (d == NULL)
		sim_resp_error(c->r, 2303, sim_child(obj, "name"),
		               "no such domain");
	return d;
}

/* Sponsor check: 2201 for anyone else. */
static int
sponsored(struct sim_cmd *c, const struct sim_domain *d)
{
	if (strcmp(c->clid, d->m.clid) == 0)
		return 1;
	sim_resp_code(c->r, 2201);
	return 0;
}

static void
check(struct sim_cmd *c)
{
	sim_check(c, SIM_NS_DOMAIN, "domain", "name", &sim_reg.domains, 1);
}

static void
info(struct sim_cmd *c)
{
	struct sim_domain *d = lookup(c, c->verb);
	xmlNodePtr inf, ns, sec, ds, n, nm;
	xmlChar *hosts;
	struct sim_entry *e;
	size_t len, i;
	int full, show_del = 1, show_sub = 1, auth;
	char buf[24];

	if (d == NULL)
		return;
	auth = sim_authinfo_check(c->verb, d->pw);
	full = strcmp(c->clid, d->m.clid) == 0;
	if (!full && auth != 1) {
		sim_resp_code(c->r, auth < 0 ? 2202 : 2201);
		return;
	}
	nm = sim_child(c->verb, "name");
	hosts = xmlGetProp(nm, (const xmlChar *)"hosts");
	if (hosts != NULL) {
		show_del = !strcmp((const char *)hosts, "all") ||
		           !strcmp((const char *)hosts, "del");
		show_sub = !strcmp((const char *)hosts, "all") ||
		           !strcmp((const char *)hosts, "sub");
		xmlFree(hosts);
	}
	inf = sim_resp_data(c->r, SIM_NS_DOMAIN, "domain", "infData");
	sim_add(inf, "name", d->name);
	sim_add(inf, "roid", d->m.roid);
	sim_add_statuses(inf, domain_status(d));
	if (d->registrant != NULL)
		sim_add(inf, "registrant", d->registrant);
	for (i = 0; i < (size_t)d->ncontacts; i++) {
		n = sim_add(inf, "contact", d->contacts[i].id);
		xmlSetProp(n, (const xmlChar *)"type",
		           (const xmlChar *)d->contacts[i].type);
	}
	if (show_del && d->nns > 0) {
		ns = sim_add(inf, "ns", NULL);
		for (i = 0; i < (size_t)d->nns; i++)
			sim_add(ns, "hostObj", d->ns[i]);
	}
	if (show_sub) {
		len = strlen(d->name);
		for (i = 0; i < sim_reg.hosts.nb; i++)
			for (e = sim_reg.hosts.b[i]; e != NULL; e = e->next)
				if (strlen(e->key) > len + 1 &&
				    strcmp(e->key + strlen(e->key) - len,
				           d->name) == 0 &&
				    e->key[strlen(e->key) - len - 1] == '.')
					sim_add(inf, "host", e->key);
	}
	sim_add(inf, "clID", d->m.clid);
	sim_add(inf, "crID", d->m.crid);
	sim_add_date(inf, "crDate", d->m.crdate);
	if (d->m.upid[0] != '\0') {
		sim_add(inf, "upID", d->m.upid);
		sim_add_date(inf, "upDate", d->m.update);
	}
	sim_add_date(inf, "exDate", d->exdate);
	if (d->m.trdate != 0)
		sim_add_date(inf, "trDate", d->m.trdate);
	if (full) {
		n = sim_add(inf, "authInfo", NULL);
		sim_add(n, "pw", d->pw);
	}
	if (d->nds > 0 || d->max_sig_life > 0) {
		sec = sim_resp_ext(c->r, SIM_NS_SECDNS, "secDNS", "infData");
		if (d->max_sig_life > 0) {
			snprintf(buf, sizeof(buf), "%ld", d->max_sig_life);
			sim_add(sec, "maxSigLife", buf);
		}
		for (i = 0; i < (size_t)d->nds; i++) {
			ds = sim_add(sec, "dsData", NULL);
			snprintf(buf, sizeof(buf), "%u", d->ds[i].key_tag);
			sim_add(ds, "keyTag", buf);
			snprintf(buf, sizeof(buf), "%u", d->ds[i].alg);
			sim_add(ds, "alg", buf);
			snprintf(buf, sizeof(buf), "%u", d->ds[i].digest_type);
			sim_add(ds, "digestType", buf);
			sim_add(ds, "digest", d->ds[i].digest);
		}
	}
	if (d->rgp != RGP_NONE) {
		n = sim_resp_ext(c->r, SIM_NS_RGP, "rgp", "infData");
		n = sim_add(n, "rgpStatus", NULL);
		xmlSetProp(n, (const xmlChar *)"s",
		           (const xmlChar *)(d->rgp == RGP_REDEMPTION
		                                     ? "redemptionPeriod"
		                                     : "pendingRestore"));
	}
}

/* Parse one <secDNS:dsData>; 0 or -1 with the response set. */
static int
parse_ds(struct sim_cmd *c, xmlNodePtr n, struct sim_ds *ds)
{
	char *kt = sim_child_text(n, "keyTag"), *alg = sim_child_text(n, "alg");
	char *dt = sim_child_text(n, "digestType");
	char *dg = sim_child_text(n, "digest");
	int rc = -1;

	if (kt && alg && dt && dg) {
		ds->key_tag = (unsigned)strtoul(kt, NULL, 10);
		ds->alg = (unsigned)strtoul(alg, NULL, 10);
		ds->digest_type = (unsigned)strtoul(dt, NULL, 10);
		if (strlen(dg) < sizeof(ds->digest)) {
			snprintf(ds->digest, sizeof(ds->digest), "%s", dg);
			for (char *p = ds->digest; *p; p++)
				*p = (char)toupper((unsigned char)*p);
			rc = 0;
		} else {
			sim_resp_error(c->r, 2306, sim_child(n, "digest"),
			               "digest too long");
		}
	} else {
		sim_resp_error(c->r, 2003, n, "incomplete dsData");
	}
	free(kt);
	free(alg);
	free(dt);
	free(dg);
	return rc;
}

static int
same_ds(const struct sim_ds *a, const struct sim_ds *b)
{
	return a->key_tag == b->key_tag && a->alg == b->alg &&
	       a->digest_type == b->digest_type &&
	       strcmp(a->digest, b->digest) == 0;
}

/* Parse the dsData children of `parent` into ds[], at most `room`. */
static int
parse_ds_list(struct sim_cmd *c, xmlNodePtr parent, struct sim_ds *ds, int room,
              int *n)
{
	xmlNodePtr x;

	*n = 0;
	if (sim_child(parent, "keyData") != NULL) {
		sim_resp_error(c->r, 2306, sim_child(parent, "keyData"),
		               "only the DS data interface is supported");
		return -1;
	}
	for (x = sim_child(parent, "dsData"); x != NULL;
	     x = sim_next(x->next, "dsData")) {
		if (*n >= room) {
			sim_resp_error(c->r, 2306, x, "too many DS records");
			return -1;
		}
		if (parse_ds(c, x, &ds[(*n)++]) != 0)
			return -1;
	}
	return 0;
}

static long
max_sig_life(xmlNodePtr parent)
{
	char *t = sim_child_text(parent, "maxSigLife");
	long v = t ? strtol(t, NULL, 10) : 0;

	free(t);
	return v;
}

static xmlNodePtr
ext_elem(struct sim_cmd *c, const char *ns, const char *name)
{
	xmlNodePtr e;

	for (e = sim_child(c->ext, name); e != NULL;
	     e = sim_next(e->next, name))
		if (e->ns != NULL && strcmp((const char *)e->ns->href, ns) == 0)
			return e;
	return NULL;
}

/* Every referenced contact and host must exist. */
static int
refs_exist(struct sim_cmd *c, xmlNodePtr parent)
{
	xmlNodePtr n, ns = sim_child(parent, "ns");
	char *v;
	int ok = 1;

	for (n = sim_child(parent, NULL); n != NULL && ok;
	     n = sim_next(n->next, NULL)) {
		if (strcmp((const char *)n->name, "registrant") != 0 &&
		    strcmp((const char *)n->name, "contact") != 0)
			continue;
		v = sim_text(n);
		if (v != NULL && v[0] != '\0' &&
		    sim_map_get(&sim_reg.contacts, v) == NULL) {
			sim_resp_error(c->r, 2303, n, "no such contact");
			ok = 0;
		}
		free(v);
	}
	if (ns != NULL && sim_child(ns, "hostAttr") != NULL && ok) {
		sim_resp_error(c->r, 2306, sim_child(ns, "hostAttr"),
		               "only host objects (hostObj) are supported");
		return 0;
	}
	for (n = sim_child(ns, "hostObj"); n != NULL && ok;
	     n = sim_next(n->next, "hostObj")) {
		v = sim_text(n);
		sim_lower(v);
		if (v != NULL && sim_map_get(&sim_reg.hosts, v) == NULL) {
			sim_resp_error(c->r, 2303, n, "no such host");
			ok = 0;
		}
		free(v);
	}
	return ok;
}

static int
has_ns(const struct sim_domain *d, const char *h)
{
	int i;

	for (i = 0; i < d->nns; i++)
		if (strcmp(d->ns[i], h) == 0)
			return 1;
	return 0;
}

static void
add_ns(struct sim_domain *d, xmlNodePtr ns)
{
	xmlNodePtr n;
	char *h;

	for (n = sim_child(ns, "hostObj"); n != NULL;
	     n = sim_next(n->next, "hostObj")) {
		h = sim_text(n);
		sim_lower(h);
		if (h != NULL && !has_ns(d, h) && d->nns < SIM_MAX_NS)
			d->ns[d->nns++] = h;
		else
			free(h);
	}
}

static void
add_contacts(struct sim_domain *d, xmlNodePtr parent)
{
	xmlNodePtr n;
	xmlChar *type;
	int i, dup;
	char *id;

	for (n = sim_child(parent, "contact"); n != NULL;
	     n = sim_next(n->next, "contact")) {
		type = xmlGetProp(n, (const xmlChar *)"type");
		id = sim_text(n);
		for (dup = 0, i = 0; i < d->ncontacts && id && type; i++)
			dup |= strcmp(d->contacts[i].id, id) == 0 &&
			       strcmp(d->contacts[i].type,
			              (const char *)type) == 0;
		if (id != NULL && type != NULL && !dup &&
		    d->ncontacts < SIM_MAX_CONTACTS) {
			snprintf(d->contacts[d->ncontacts].type,
			         sizeof(d->contacts[0].type), "%s", type);
			d->contacts[d->ncontacts++].id = id;
		} else {
			free(id);
		}
		xmlFree(type);
	}
}

static int
count_children(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n;
	int k = 0;

	for (n = sim_child(parent, name); n != NULL;
	     n = sim_next(n->next, name))
		k++;
	return k;
}

static void
create(struct sim_cmd *c)
{
	xmlNodePtr obj = c->verb, sec, ai;
	struct sim_domain *d = NULL;
	char *name = cmd_name(obj), *registrant = NULL, *pw = NULL;
	struct sim_ds ds[SIM_MAX_DS];
	int months, nds = 0;
	xmlNodePtr reg = sim_child(obj, "registrant");
	char whybuf[EPP_ERROR_TEXT_LENGTH];
	const char *why;

	if (name == NULL)
		goto oom;
	if ((why = sim_hostname_problem(name, whybuf, sizeof(whybuf))) !=
	    NULL) {
		char msg[sizeof(whybuf) + 32];

		snprintf(msg, sizeof(msg), "invalid domain name: %s", why);
		sim_resp_error(c->r, 2005, sim_child(obj, "name"), msg);
		goto out;
	}
	if (sim_map_get(&sim_reg.domains, name) != NULL) {
		sim_resp_error(c->r, 2302, sim_child(obj, "name"),
		               "domain exists");
		goto out;
	}
	if ((months = sim_period_months(c, obj)) == 0)
		goto out;
	if (reg == NULL) {
		sim_resp_error(c->r, 2003, obj, "registrant is required");
		goto out;
	}
	if (count_children(sim_child(obj, "ns"), "hostObj") > SIM_MAX_NS ||
	    count_children(obj, "contact") > SIM_MAX_CONTACTS) {
		sim_resp_error(c->r, 2306, obj,
		               "too many name servers or "
		               "contacts");
		goto out;
	}
	if (!refs_exist(c, obj))
		goto out;
	sec = ext_elem(c, SIM_NS_SECDNS, "create");
	if (sec != NULL && parse_ds_list(c, sec, ds, SIM_MAX_DS, &nds) != 0)
		goto out;
	ai = sim_child(obj, "authInfo");
	pw = sim_child_text(ai, "pw");
	if (pw == NULL) {
		sim_resp_error(c->r, 2306, ai,
		               "authInfo must be a password (pw)");
		goto out;
	}
	registrant = sim_text(reg);
	d = calloc(1, sizeof(*d));
	if (d == NULL || registrant == NULL)
		goto oom;
	d->name = name;
	d->pw = pw;
	d->registrant = registrant;
	name = pw = registrant = NULL;
	sim_next_roid(d->m.roid, 'D');
	snprintf(d->m.clid, sizeof(d->m.clid), "%s", c->clid);
	snprintf(d->m.crid, sizeof(d->m.crid), "%s", c->clid);
	d->m.crdate = c->now;
	d->exdate = sim_add_months(c->now, months);
	add_ns(d, sim_child(obj, "ns"));
	add_contacts(d, obj);
	memcpy(d->ds, ds, sizeof(ds[0]) * (size_t)nds);
	d->nds = nds;
	d->max_sig_life = sec ? max_sig_life(sec) : 0;
	if (sim_map_put(&sim_reg.domains, d->name, d) != 0)
		goto oom;
	sim_domain_link(d, +1);
	obj = sim_resp_data(c->r, SIM_NS_DOMAIN, "domain", "creData");
	sim_add(obj, "name", d->name);
	sim_add_date(obj, "crDate", d->m.crdate);
	sim_add_date(obj, "exDate", d->exdate);
	return;
oom:
	sim_resp_code(c->r, 2400);
	sim_domain_free(d);
out:
	free(name);
	free(pw);
	free(registrant);
}

struct subs {
	const char *name;
	int found;
};

static void
find_sub(void *val, void *arg)
{
	struct sim_host *h = val;
	struct subs *s = arg;
	size_t hl = strlen(h->name), dl = strlen(s->name);

	if (hl > dl + 1 && h->name[hl - dl - 1] == '.' &&
	    strcmp(h->name + hl - dl, s->name) == 0)
		s->found = 1;
}

static void delete (struct sim_cmd *c)
{
	struct sim_domain *d = lookup(c, c->verb);
	struct subs s;

	if (d == NULL || !sponsored(c, d))
		return;
	if (domain_status(d) & (ST_CLIENT_DELETE | ST_SERVER_DELETE |
	                        ST_PENDING_DELETE | ST_PENDING_TRANSFER)) {
		sim_resp_code(c->r, 2304);
		return;
	}
	s.name = d->name;
	s.found = 0;
	sim_map_each(&sim_reg.hosts, find_sub, &s);
	if (s.found) {
		sim_resp_error(c->r, 2305, sim_child(c->verb, "name"),
		               "subordinate host objects exist");
		return;
	}
	d->rgp = RGP_REDEMPTION;
	d->rgp_until = c->now + c->cfg->redemption_s;
	sim_registry_note_deadline(d->rgp_until);
	sim_resp_code(c->r, 1001);
}

static void
renew(struct sim_cmd *c)
{
	struct sim_domain *d = lookup(c, c->verb);
	char *cur, day[16];
	int months;
	time_t ex;
	struct tm tm;
	xmlNodePtr ren;

	if (d == NULL || !sponsored(c, d))
		return;
	if (domain_status(d) &
	    (ST_CLIENT_RENEW | ST_SERVER_RENEW | ST_PENDING_DELETE)) {
		sim_resp_code(c->r, 2304);
		return;
	}
	gmtime_r(&d->exdate, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	cur = sim_child_text(c->verb, "curExpDate");
	if (cur == NULL || strcmp(cur, day) != 0) {
		sim_resp_error(c->r, 2306, sim_child(c->verb, "curExpDate"),
		               "curExpDate does not match the expiry date");
		free(cur);
		return;
	}
	free(cur);
	if ((months = sim_period_months(c, c->verb)) == 0)
		return;
	ex = sim_add_months(d->exdate, months);
	if (ex > sim_add_months(c->now, MAX_YEARS_AHEAD * 12)) {
		sim_resp_error(c->r, 2306, sim_child(c->verb, "period"),
		               "the expiry date would be more than 10 years "
		               "ahead");
		return;
	}
	d->exdate = ex;
	ren = sim_resp_data(c->r, SIM_NS_DOMAIN, "domain", "renData");
	sim_add(ren, "name", d->name);
	sim_add_date(ren, "exDate", d->exdate);
}

static void
restore(struct sim_cmd *c, struct sim_domain *d, xmlNodePtr rgp)
{
	xmlNodePtr r = sim_child(rgp, "restore"), up, st;
	xmlChar *op = xmlGetProp(r, (const xmlChar *)"op");
	int report = op && strcmp((const char *)op, "report") == 0;

	xmlFree(op);
	if (!report) {
		if (d->rgp != RGP_REDEMPTION) {
			sim_resp_error(c->r, 2304, r,
			               "the domain is not in redemptionPeriod");
			return;
		}
		d->rgp = RGP_PENDING_RESTORE;
		d->rgp_until = c->now + c->cfg->pending_restore_s;
		sim_registry_note_deadline(d->rgp_until);
		up = sim_resp_ext(c->r, SIM_NS_RGP, "rgp", "upData");
		st = sim_add(up, "rgpStatus", NULL);
		xmlSetProp(st, (const xmlChar *)"s",
		           (const xmlChar *)"pendingRestore");
		return;
	}
	if (d->rgp != RGP_PENDING_RESTORE) {
		sim_resp_error(c->r, 2304, r,
		               "no restore request is pending for the domain");
		return;
	}
	d->rgp = RGP_NONE;
	d->rgp_until = 0;
	snprintf(d->m.upid, sizeof(d->m.upid), "%s", c->clid);
	d->m.update = c->now;
}

static void
remove_ns(struct sim_domain *d, xmlNodePtr ns)
{
	xmlNodePtr n;
	char *h;
	int i;

	for (n = sim_child(ns, "hostObj"); n != NULL;
	     n = sim_next(n->next, "hostObj")) {
		h = sim_text(n);
		sim_lower(h);
		for (i = 0; h && i < d->nns; i++)
			if (strcmp(d->ns[i], h) == 0) {
				free(d->ns[i]);
				d->ns[i] = d->ns[--d->nns];
				break;
			}
		free(h);
	}
}

static void
remove_contacts(struct sim_domain *d, xmlNodePtr parent)
{
	xmlNodePtr n;
	xmlChar *type;
	char *id;
	int i;

	for (n = sim_child(parent, "contact"); n != NULL;
	     n = sim_next(n->next, "contact")) {
		type = xmlGetProp(n, (const xmlChar *)"type");
		id = sim_text(n);
		for (i = 0; id && type && i < d->ncontacts; i++)
			if (strcmp(d->contacts[i].id, id) == 0 &&
			    strcmp(d->contacts[i].type, (const char *)type) ==
			            0) {
				free(d->contacts[i].id);
				d->contacts[i] = d->contacts[--d->ncontacts];
				break;
			}
		free(id);
		xmlFree(type);
	}
}

static void
update_ds(struct sim_domain *d, xmlNodePtr sec, struct sim_ds *rem, int nrem,
          struct sim_ds *add, int nadd)
{
	xmlNodePtr r = sim_child(sec, "rem"), chg = sim_child(sec, "chg");
	char *all = sim_child_text(r, "all");
	int i, j;

	if (all != NULL && (strcmp(all, "true") == 0 || strcmp(all, "1") == 0))
		d->nds = 0;
	free(all);
	for (j = 0; j < nrem; j++)
		for (i = 0; i < d->nds; i++)
			if (same_ds(&d->ds[i], &rem[j])) {
				d->ds[i] = d->ds[--d->nds];
				break;
			}
	for (j = 0; j < nadd; j++) {
		for (i = 0; i < d->nds; i++)
			if (same_ds(&d->ds[i], &add[j]))
				break;
		if (i == d->nds)
			d->ds[d->nds++] = add[j];
	}
	if (chg != NULL && sim_child(chg, "maxSigLife") != NULL)
		d->max_sig_life = max_sig_life(chg);
}

static void
update(struct sim_cmd *c)
{
	struct sim_domain *d = lookup(c, c->verb);
	xmlNodePtr add, rem, chg, sec, rgp, reg, ai;
	struct sim_ds ds_add[SIM_MAX_DS], ds_rem[SIM_MAX_DS];
	int nadd = 0, nrem = 0;
	unsigned st_add, st_rem, st;
	char *pw = NULL, *registrant = NULL;

	if (d == NULL || !sponsored(c, d))
		return;
	add = sim_child(c->verb, "add");
	rem = sim_child(c->verb, "rem");
	chg = sim_child(c->verb, "chg");
	sec = ext_elem(c, SIM_NS_SECDNS, "update");
	rgp = ext_elem(c, SIM_NS_RGP, "update");
	if (rgp != NULL) {
		if (add || rem || sec || sim_child(chg, NULL)) {
			sim_resp_error(c->r, 2306, rgp,
			               "a restore changes nothing else");
			return;
		}
		restore(c, d, rgp);
		return;
	}
	st = domain_status(d);
	if (!sim_client_statuses(c, add, ST_CLIENT_ALL, &st_add) ||
	    !sim_client_statuses(c, rem, ST_CLIENT_ALL, &st_rem))
		return;
	/* clientUpdateProhibited blocks everything but its own removal. */
	if ((st & (ST_SERVER_UPDATE | ST_PENDING_DELETE)) ||
	    ((st & ST_CLIENT_UPDATE) && !(st_rem & ST_CLIENT_UPDATE))) {
		sim_resp_code(c->r, 2304);
		return;
	}
	if (!refs_exist(c, add) || !refs_exist(c, chg))
		return;
	if (d->nns + count_children(sim_child(add, "ns"), "hostObj") >
	            SIM_MAX_NS ||
	    d->ncontacts + count_children(add, "contact") > SIM_MAX_CONTACTS) {
		sim_resp_error(c->r, 2306, add,
		               "too many name servers or contacts");
		return;
	}
	if (sec != NULL) {
		if (parse_ds_list(c, sim_child(sec, "rem"), ds_rem, SIM_MAX_DS,
		                  &nrem) != 0 ||
		    parse_ds_list(c, sim_child(sec, "add"), ds_add, SIM_MAX_DS,
		                  &nadd) != 0)
			return;
		if (d->nds + nadd > SIM_MAX_DS) {
			sim_resp_error(c->r, 2306, sec, "too many DS records");
			return;
		}
	}
	reg = sim_child(chg, "registrant");
	if (reg != NULL) {
		registrant = sim_text(reg);
		if (registrant == NULL || registrant[0] == '\0') {
			sim_resp_error(c->r, 2306, reg,
			               "the registrant cannot be removed");
			free(registrant);
			return;
		}
	}
	ai = sim_child(chg, "authInfo");
	if (ai != NULL && (pw = sim_child_text(ai, "pw")) == NULL) {
		sim_resp_error(c->r, 2306, ai,
		               "authInfo must be a password (pw)");
		free(registrant);
		return;
	}
	/* Nothing can fail from here on. */
	sim_domain_link(d, -1);
	remove_ns(d, sim_child(rem, "ns"));
	remove_contacts(d, rem);
	add_ns(d, sim_child(add, "ns"));
	add_contacts(d, add);
	if (registrant != NULL) {
		free(d->registrant);
		d->registrant = registrant;
	}
	sim_domain_link(d, +1);
	if (pw != NULL) {
		free(d->pw);
		d->pw = pw;
	}
	d->status = (d->status & ~st_rem) | st_add;
	if (sec != NULL)
		update_ds(d, sec, ds_rem, nrem, ds_add, nadd);
	snprintf(d->m.upid, sizeof(d->m.upid), "%s", c->clid);
	d->m.update = c->now;
}

static void
transfer(struct sim_cmd *c)
{
	struct sim_domain *d = lookup(c, c->verb);
	struct sim_xfer_obj o;

	if (d == NULL)
		return;
	xfer_obj(d, &o);
	sim_transfer_cmd(c, &o, c->op, c->verb);
}

const struct sim_handler sim_domain_handlers[] = {
        {"check", check},       {"info", info},   {"create", create},
        {"delete", delete},     {"renew", renew}, {"update", update},
        {"transfer", transfer}, {NULL, NULL},
};
