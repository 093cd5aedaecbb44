/*
 * Host objects (RFC 5732). A host under a domain of this registry is
 * internal: only that domain's sponsor creates it, and it needs an
 * address (glue). Other hosts are external and may have addresses.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

void
sim_host_free(void *p)
{
	struct sim_host *h = p;

	if (h == NULL)
		return;
	free(h->name);
	free(h);
}

static unsigned
host_status(const struct sim_host *h)
{
	unsigned s = h->status;

	if (h->refs > 0)
		s |= ST_LINKED;
	return (s & ~ST_LINKED) ? s : s | ST_OK;
}

static char *
cmd_name(xmlNodePtr obj)
{
	char *n = sim_child_text(obj, "name");

	sim_lower(n);
	return n;
}

static struct sim_host *
lookup(struct sim_cmd *c, xmlNodePtr obj)
{
	char *name = cmd_name(obj);
	struct sim_host *h = name ? sim_map_get(&sim_reg.hosts, name) : NULL;

	free(name);
	if (h == NULL)
		sim_resp_error(c->r, 2303, sim_child(obj, "name"),
		               "no such host");
	return h;
}

/* Parse an <addr ip="v4|v6">; canonical text into a. 0 ok, else -1 with
 * the response set. */
static int
parse_addr(struct sim_cmd *c, xmlNodePtr n, struct sim_addr *a)
{
	xmlChar *ip = xmlGetProp(n, (const xmlChar *)"ip");
	char *text = sim_text(n);
	unsigned char bin[16];
	int v6 = ip && strcmp((const char *)ip, "v6") == 0, rc = -1;

	xmlFree(ip);
	if (text != NULL &&
	    inet_pton(v6 ? AF_INET6 : AF_INET, text, bin) == 1 &&
	    inet_ntop(v6 ? AF_INET6 : AF_INET, bin, a->ip, sizeof(a->ip))) {
		a->v6 = v6;
		rc = 0;
	} else {
		sim_resp_error(c->r, 2005, n, "invalid IP address");
	}
	free(text);
	return rc;
}

static int
find_addr(const struct sim_host *h, const struct sim_addr *a)
{
	int i;

	for (i = 0; i < h->naddrs; i++)
		if (h->addrs[i].v6 == a->v6 &&
		    strcmp(h->addrs[i].ip, a->ip) == 0)
			return i;
	return -1;
}

/* Parse every <addr> child into a[], at most SIM_MAX_ADDRS. */
static int
parse_addrs(struct sim_cmd *c, xmlNodePtr parent, struct sim_addr *a, int *n)
{
	xmlNodePtr x;

	*n = 0;
	for (x = sim_child(parent, "addr"); x != NULL;
	     x = sim_next(x->next, "addr")) {
		if (*n >= SIM_MAX_ADDRS) {
			sim_resp_error(c->r, 2306, x, "too many addresses");
			return -1;
		}
		if (parse_addr(c, x, &a[(*n)++]) != 0)
			return -1;
	}
	return 0;
}

static void
check(struct sim_cmd *c)
{
	sim_check(c, SIM_NS_HOST, "host", "name", &sim_reg.hosts, 1);
}

static void
info(struct sim_cmd *c)
{
	struct sim_host *h = lookup(c, c->verb);
	xmlNodePtr inf, a;
	int i;

	if (h == NULL)
		return;
	inf = sim_resp_data(c->r, SIM_NS_HOST, "host", "infData");
	sim_add(inf, "name", h->name);
	sim_add(inf, "roid", h->m.roid);
	sim_add_statuses(inf, host_status(h));
	for (i = 0; i < h->naddrs; i++) {
		a = sim_add(inf, "addr", h->addrs[i].ip);
		xmlSetProp(a, (const xmlChar *)"ip",
		           (const xmlChar *)(h->addrs[i].v6 ? "v6" : "v4"));
	}
	sim_add(inf, "clID", h->m.clid);
	sim_add(inf, "crID", h->m.crid);
	sim_add_date(inf, "crDate", h->m.crdate);
	if (h->m.upid[0] != '\0') {
		sim_add(inf, "upID", h->m.upid);
		sim_add_date(inf, "upDate", h->m.update);
	}
	if (h->m.trdate != 0)
		sim_add_date(inf, "trDate", h->m.trdate);
}

/* A host under a domain of another registrar cannot be made or named. */
static int
may_name(struct sim_cmd *c, const char *name, xmlNodePtr where, int *internal)
{
	struct sim_domain *sup = sim_host_superordinate(name);

	*internal = sup != NULL;
	if (sup != NULL && strcmp(sup->m.clid, c->clid) != 0) {
		sim_resp_error(c->r, 2201, where,
		               "the superordinate domain is sponsored by "
		               "another registrar");
		return 0;
	}
	return 1;
}

static void
create(struct sim_cmd *c)
{
	xmlNodePtr obj = c->verb, cr;
	char *name = cmd_name(obj);
	struct sim_addr addrs[SIM_MAX_ADDRS];
	struct sim_host *h;
	int n, internal;

	if (name == NULL) {
		sim_resp_code(c->r, 2400);
		return;
	}
	if (!sim_valid_hostname(name)) {
		sim_resp_error(c->r, 2005, sim_child(obj, "name"),
		               "invalid host name");
		goto out;
	}
	if (sim_map_get(&sim_reg.hosts, name) != NULL) {
		sim_resp_error(c->r, 2302, sim_child(obj, "name"),
		               "host exists");
		goto out;
	}
	if (!may_name(c, name, sim_child(obj, "name"), &internal) ||
	    parse_addrs(c, obj, addrs, &n) != 0)
		goto out;
	if (internal && n == 0) {
		sim_resp_error(c->r, 2003, sim_child(obj, "name"),
		               "a host under a domain of this registry needs "
		               "an address");
		goto out;
	}
	h = calloc(1, sizeof(*h));
	if (h == NULL || sim_map_put(&sim_reg.hosts, name, h) != 0) {
		free(h);
		sim_resp_code(c->r, 2400);
		goto out;
	}
	h->name = name;
	name = NULL;
	memcpy(h->addrs, addrs, sizeof(addrs[0]) * (size_t)n);
	h->naddrs = n;
	sim_next_roid(h->m.roid, 'H');
	snprintf(h->m.clid, sizeof(h->m.clid), "%s", c->clid);
	snprintf(h->m.crid, sizeof(h->m.crid), "%s", c->clid);
	h->m.crdate = c->now;
	cr = sim_resp_data(c->r, SIM_NS_HOST, "host", "creData");
	sim_add(cr, "name", h->name);
	sim_add_date(cr, "crDate", h->m.crdate);
out:
	free(name);
}

static void delete (struct sim_cmd *c)
{
	struct sim_host *h = lookup(c, c->verb);

	if (h == NULL)
		return;
	if (strcmp(h->m.clid, c->clid) != 0) {
		sim_resp_code(c->r, 2201);
		return;
	}
	if (h->status & (ST_CLIENT_DELETE | ST_SERVER_DELETE)) {
		sim_resp_code(c->r, 2304);
		return;
	}
	if (h->refs > 0) {
		sim_resp_error(c->r, 2305, sim_child(c->verb, "name"),
		               "the host is delegated to by a domain");
		return;
	}
	sim_map_del(&sim_reg.hosts, h->name);
	sim_host_free(h);
}

struct rename {
	const char *from;
	const char *to;
};

static void
rename_ns(void *val, void *arg)
{
	struct sim_domain *d = val;
	struct rename *r = arg;
	char *n;
	int i;

	for (i = 0; i < d->nns; i++)
		if (strcmp(d->ns[i], r->from) == 0 &&
		    (n = sim_strdup(r->to)) != NULL) {
			free(d->ns[i]);
			d->ns[i] = n;
		}
}

static void
update(struct sim_cmd *c)
{
	struct sim_host *h = lookup(c, c->verb);
	xmlNodePtr add, rem, chg, nn;
	struct sim_addr a_add[SIM_MAX_ADDRS], a_rem[SIM_MAX_ADDRS];
	int nadd, nrem, i, j, internal;
	unsigned st_add, st_rem;
	char *newname = NULL;
	struct rename rn;

	if (h == NULL)
		return;
	if (strcmp(h->m.clid, c->clid) != 0) {
		sim_resp_code(c->r, 2201);
		return;
	}
	add = sim_child(c->verb, "add");
	rem = sim_child(c->verb, "rem");
	chg = sim_child(c->verb, "chg");
	if (!sim_client_statuses(c, add, ST_CLIENT_DELETE | ST_CLIENT_UPDATE,
	                         &st_add) ||
	    !sim_client_statuses(c, rem, ST_CLIENT_DELETE | ST_CLIENT_UPDATE,
	                         &st_rem))
		return;
	if ((h->status & ST_SERVER_UPDATE) ||
	    ((h->status & ST_CLIENT_UPDATE) && !(st_rem & ST_CLIENT_UPDATE))) {
		sim_resp_code(c->r, 2304);
		return;
	}
	if (parse_addrs(c, add, a_add, &nadd) != 0 ||
	    parse_addrs(c, rem, a_rem, &nrem) != 0)
		return;
	if (h->naddrs + nadd > SIM_MAX_ADDRS) {
		sim_resp_error(c->r, 2306, add, "too many addresses");
		return;
	}
	nn = sim_child(chg, "name");
	if (nn != NULL) {
		newname = sim_text(nn);
		sim_lower(newname);
		if (newname == NULL || !sim_valid_hostname(newname)) {
			sim_resp_error(c->r, 2005, nn, "invalid host name");
			goto out;
		}
		if (sim_map_get(&sim_reg.hosts, newname) != NULL) {
			sim_resp_error(c->r, 2302, nn, "host exists");
			goto out;
		}
		if (!may_name(c, newname, nn, &internal))
			goto out;
	}
	for (j = 0; j < nrem; j++)
		if ((i = find_addr(h, &a_rem[j])) >= 0)
			h->addrs[i] = h->addrs[--h->naddrs];
	for (j = 0; j < nadd; j++)
		if (find_addr(h, &a_add[j]) < 0)
			h->addrs[h->naddrs++] = a_add[j];
	h->status = (h->status & ~st_rem) | st_add;
	if (newname != NULL && sim_map_put(&sim_reg.hosts, newname, h) == 0) {
		sim_map_del(&sim_reg.hosts, h->name);
		rn.from = h->name;
		rn.to = newname;
		sim_map_each(&sim_reg.domains, rename_ns, &rn);
		free(h->name);
		h->name = newname;
		newname = NULL;
	}
	snprintf(h->m.upid, sizeof(h->m.upid), "%s", c->clid);
	h->m.update = c->now;
out:
	free(newname);
}

const struct sim_handler sim_host_handlers[] = {
        {"check", check},   {"info", info},     {"create", create},
        {"delete", delete}, {"update", update}, {NULL, NULL},
};
