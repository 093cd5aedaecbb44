/*
 * The registry's state: object maps, registrars, identifiers and the
 * deadlines (transfer auto-approval, RGP periods) that time drives.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

struct sim_registry sim_reg;

/* ---- string map: FNV-1a, chaining, doubles at load 1 ---- */

static size_t
hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void **
sim_map_ref(const struct sim_map *m, const char *key)
{
	struct sim_entry *e;

	if (m->nb == 0)
		return NULL;
	for (e = m->b[hash(key) % m->nb]; e != NULL; e = e->next)
		if (strcmp(e->key, key) == 0)
			return &e->val;
	return NULL;
}

void *
sim_map_get(const struct sim_map *m, const char *key)
{
	void **v = sim_map_ref(m, key);

	return v ? *v : NULL;
}

static int
grow(struct sim_map *m)
{
	size_t nb = m->nb ? m->nb * 2 : 64, i;
	struct sim_entry **b = calloc(nb, sizeof(*b)), *e, *next;

	if (b == NULL)
		return -1;
	for (i = 0; i < m->nb; i++)
		for (e = m->b[i]; e != NULL; e = next) {
			next = e->next;
			e->next = b[hash(e->key) % nb];
			b[hash(e->key) % nb] = e;
		}
	free(m->b);
	m->b = b;
	m->nb = nb;
	return 0;
}

int
sim_map_put(struct sim_map *m, const char *key, void *val)
{
	struct sim_entry *e;
	size_t i;

	if (m->n >= m->nb && grow(m) != 0)
		return -1;
	e = malloc(sizeof(*e));
	if (e == NULL)
		return -1;
	e->key = sim_strdup(key);
	if (e->key == NULL) {
		free(e);
		return -1;
	}
	e->val = val;
	i = hash(key) % m->nb;
	e->next = m->b[i];
	m->b[i] = e;
	m->n++;
	return 0;
}

void *
sim_map_del(struct sim_map *m, const char *key)
{
	struct sim_entry **pp, *e;
	void *val;

	if (m->nb == 0)
		return NULL;
	for (pp = &m->b[hash(key) % m->nb]; (e = *pp) != NULL; pp = &e->next)
		if (strcmp(e->key, key) == 0) {
			*pp = e->next;
			val = e->val;
			free(e->key);
			free(e);
			m->n--;
			return val;
		}
	return NULL;
}

void
sim_map_clear(struct sim_map *m, void (*free_val)(void *))
{
	struct sim_entry *e, *next;
	size_t i;

	for (i = 0; i < m->nb; i++)
		for (e = m->b[i]; e != NULL; e = next) {
			next = e->next;
			if (free_val != NULL)
				free_val(e->val);
			free(e->key);
			free(e);
		}
	free(m->b);
	memset(m, 0, sizeof(*m));
}

void
sim_map_each(const struct sim_map *m, void (*fn)(void *val, void *arg),
             void *arg)
{
	struct sim_entry *e;
	size_t i;

	for (i = 0; i < m->nb; i++)
		for (e = m->b[i]; e != NULL; e = e->next)
			fn(e->val, arg);
}

/* ---- statuses ---- */

static const char *const status_names[] = {
        "clientDeleteProhibited",
        "clientHold",
        "clientRenewProhibited",
        "clientTransferProhibited",
        "clientUpdateProhibited",
        "serverDeleteProhibited",
        "serverHold",
        "serverRenewProhibited",
        "serverTransferProhibited",
        "serverUpdateProhibited",
        "ok",
        "inactive",
        "linked",
        "pendingDelete",
        "pendingTransfer",
};

const char *
sim_status_name(unsigned bit)
{
	unsigned i;

	for (i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (bit == 1u << i)
			return status_names[i];
	return NULL;
}

unsigned
sim_status_bit(const char *name)
{
	unsigned i;

	for (i = 0; i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (strcmp(name, status_names[i]) == 0)
			return 1u << i;
	return 0;
}

const char *
sim_tr_status_name(int st)
{
	switch (st) {
	case TR_PENDING:
		return "pending";
	case TR_CLIENT_APPROVED:
		return "clientApproved";
	case TR_CLIENT_CANCELLED:
		return "clientCancelled";
	case TR_CLIENT_REJECTED:
		return "clientRejected";
	case TR_SERVER_APPROVED:
		return "serverApproved";
	case TR_SERVER_CANCELLED:
		return "serverCancelled";
	default:
		return NULL;
	}
}

int
sim_client_statuses(struct sim_cmd *c, xmlNodePtr parent, unsigned allowed,
                    unsigned *out)
{
	xmlNodePtr n;
	xmlChar *s;
	unsigned bit;

	*out = 0;
	for (n = sim_child(parent, "status"); n != NULL;
	     n = sim_next(n->next, "status")) {
		s = xmlGetProp(n, (const xmlChar *)"s");
		bit = s ? sim_status_bit((const char *)s) : 0;
		xmlFree(s);
		if (!(bit & allowed)) {
			sim_resp_error(c->r, 2306, n,
			               "only client statuses can be set");
			return 0;
		}
		*out |= bit;
	}
	return 1;
}

void
sim_check(struct sim_cmd *c, const char *ns, const char *prefix,
          const char *key, const struct sim_map *m, int names)
{
	xmlNodePtr n, chk, cd, k;
	const char *reason;
	char *v, whybuf[256], reasonbuf[300];

	chk = sim_resp_data(c->r, ns, prefix, "chkData");
	for (n = sim_child(c->verb, key); n != NULL;
	     n = sim_next(n->next, key)) {
		if ((v = sim_text(n)) == NULL)
			continue;
		reason = NULL;
		if (names) {
			const char *why;

			sim_lower(v);
			why = sim_hostname_problem(v, whybuf, sizeof(whybuf));
			if (why != NULL) {
				snprintf(reasonbuf, sizeof(reasonbuf),
				         "Invalid name: %s", why);
				reason = reasonbuf;
			}
		}
		if (reason == NULL && sim_map_get(m, v) != NULL)
			reason = "In use";
		cd = sim_add(chk, "cd", NULL);
		k = sim_add(cd, key, v);
		xmlSetProp(k, (const xmlChar *)"avail",
		           (const xmlChar *)(reason ? "0" : "1"));
		if (reason != NULL)
			sim_add(cd, "reason", reason);
		free(v);
	}
}

/* ---- registrars ---- */

static void
user_free(void *p)
{
	struct sim_user *u = p;
	struct sim_msg *m, *next;

	for (m = u->q_head; m != NULL; m = next) {
		next = m->next;
		free(m->text);
		free(m->xml);
		free(m);
	}
	free(u->pw);
	free(u);
}

struct sim_user *
sim_user_get(const char *clid)
{
	return sim_map_get(&sim_reg.users, clid);
}

/*
 * The users file: one registrar per line, "clid password", separated by
 * blanks; blank lines and lines starting with '#' are ignored.
 */
int
sim_users_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[512], *clid, *pw, *extra, *save;
	int lineno = 0;
	struct sim_user *u;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		clid = strtok_r(line, " \t\r\n", &save);
		if (clid == NULL || clid[0] == '#')
			continue;
		pw = strtok_r(NULL, " \t\r\n", &save);
		extra = strtok_r(NULL, " \t\r\n", &save);
		if (pw == NULL || extra != NULL || strlen(clid) < 3 ||
		    strlen(clid) > 16 || strlen(pw) < 6 || strlen(pw) > 16) {
			/* Never quote the line: it holds a password. */
			snprintf(
			        err, errlen,
			        "%s:%d: expected \"clid password\" (clid 3-16, "
			        "password 6-16 characters)",
			        path, lineno);
			fclose(f);
			return -1;
		}
		if (sim_user_get(clid) != NULL) {
			snprintf(err, errlen, "%s:%d: registrar %s twice", path,
			         lineno, clid);
			fclose(f);
			return -1;
		}
		u = calloc(1, sizeof(*u));
		if (u == NULL || (u->pw = sim_strdup(pw)) == NULL ||
		    sim_map_put(&sim_reg.users, clid, u) != 0) {
			snprintf(err, errlen, "out of memory");
			if (u != NULL)
				free(u->pw);
			free(u);
			fclose(f);
			return -1;
		}
		snprintf(u->clid, sizeof(u->clid), "%s", clid);
	}
	fclose(f);
	if (sim_reg.users.n == 0) {
		snprintf(err, errlen, "%s: no registrar", path);
		return -1;
	}
	return 0;
}

/* ---- identifiers ---- */

void
sim_next_roid(char *buf, char kind)
{
	snprintf(buf, SIM_ID_MAX, "%c%lu-SIM", kind, ++sim_reg.next_roid);
}

void
sim_next_svtrid(char *buf, size_t len)
{
	unsigned long n;

	pthread_mutex_lock(&sim_reg.lock);
	n = ++sim_reg.next_svtrid;
	pthread_mutex_unlock(&sim_reg.lock);
	snprintf(buf, len, "SIM-%lu-%lu", (unsigned long)time(NULL), n);
}

/* ---- life cycle ---- */

int
sim_registry_init(const struct sim_config *cfg)
{
	memset(&sim_reg, 0, sizeof(sim_reg));
	sim_reg.cfg = cfg;
	return pthread_mutex_init(&sim_reg.lock, NULL) == 0 ? 0 : -1;
}

void
sim_registry_free(void)
{
	sim_map_clear(&sim_reg.domains, sim_domain_free);
	sim_map_clear(&sim_reg.hosts, sim_host_free);
	sim_map_clear(&sim_reg.contacts, sim_contact_free);
	sim_map_clear(&sim_reg.orgs, sim_org_free);
	sim_map_clear(&sim_reg.users, user_free);
	pthread_mutex_destroy(&sim_reg.lock);
}

/* ---- references ---- */

void
sim_domain_link(struct sim_domain *d, int delta)
{
	struct sim_contact *c;
	struct sim_host *h;
	int i;

	if (d->registrant != NULL &&
	    (c = sim_map_get(&sim_reg.contacts, d->registrant)) != NULL)
		c->refs += delta;
	for (i = 0; i < d->ncontacts; i++)
		if ((c = sim_map_get(&sim_reg.contacts, d->contacts[i].id)))
			c->refs += delta;
	for (i = 0; i < d->nns; i++)
		if ((h = sim_map_get(&sim_reg.hosts, d->ns[i])) != NULL)
			h->refs += delta;
}

struct sim_domain *
sim_host_superordinate(const char *host)
{
	const char *p;
	struct sim_domain *d;

	for (p = strchr(host, '.'); p != NULL; p = strchr(p + 1, '.'))
		if ((d = sim_map_get(&sim_reg.domains, p + 1)) != NULL)
			return d;
	return NULL;
}

/* ---- deadlines ---- */

void
sim_registry_note_deadline(time_t t)
{
	if (t > 0 && (sim_reg.next_deadline == 0 || t < sim_reg.next_deadline))
		sim_reg.next_deadline = t;
}

struct sweep {
	time_t now;
	int nexpired;
	char **expired; /* domains whose redemption ended: purged after */
	size_t cap;
};

static void
sweep_domain(void *val, void *arg)
{
	struct sim_domain *d = val;
	struct sweep *s = arg;
	char **grown;

	sim_domain_deadline(d, s->now);
	if (d->rgp != RGP_NONE && d->rgp_until <= s->now) {
		if (d->rgp == RGP_PENDING_RESTORE) {
			/* No report in time: back to redemption. */
			d->rgp = RGP_REDEMPTION;
			d->rgp_until = s->now + sim_reg.cfg->redemption_s;
		} else {
			if ((size_t)s->nexpired == s->cap) {
				s->cap = s->cap ? s->cap * 2 : 16;
				grown = realloc(s->expired,
				                s->cap * sizeof(*grown));
				if (grown == NULL)
					return;
				s->expired = grown;
			}
			s->expired[s->nexpired++] = d->name;
		}
	}
	if (d->rgp != RGP_NONE)
		sim_registry_note_deadline(d->rgp_until);
	if (d->tr.status == TR_PENDING)
		sim_registry_note_deadline(d->tr.acdate);
}

static void
sweep_contact(void *val, void *arg)
{
	struct sweep *s = arg;
	struct sim_contact *c = val;

	sim_contact_deadline(c, s->now);
	if (c->tr.status == TR_PENDING)
		sim_registry_note_deadline(c->tr.acdate);
}

void
sim_registry_sweep(time_t now)
{
	struct sweep s = {now, 0, NULL, 0};
	struct sim_domain *d;
	int i;

	if (sim_reg.next_deadline == 0 || sim_reg.next_deadline > now)
		return;
	sim_reg.next_deadline = 0;
	sim_map_each(&sim_reg.domains, sweep_domain, &s);
	sim_map_each(&sim_reg.contacts, sweep_contact, &s);
	for (i = 0; i < s.nexpired; i++) {
		d = sim_map_del(&sim_reg.domains, s.expired[i]);
		if (d != NULL) {
			sim_ext_purged(d, now);
			sim_domain_link(d, -1);
			sim_domain_free(d);
		}
	}
	free(s.expired);
}
