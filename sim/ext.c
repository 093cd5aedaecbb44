/*
 * epp-sim: the IETF extensions beyond secDNS and RGP, kept apart from the
 * object handlers. The core calls in at four points: which extension
 * URIs are served (greeting, login, commands), the login passwords
 * (RFC 8807 loginSec), a check before a domain command runs (fee
 * agreement, RFC 8748) and the extension data added to its answer.
 *
 * The registry's price list: a domain whose first label starts with
 * "premium" costs 100.00 a year (class "premium"), any other 10.00
 * (class "standard"); a restore costs 50.00; currency USD. A fee the
 * client agreed to that is below the price refuses the command with
 * 2004. Each registrar has a balance (starting at 0.00, may go to
 * -1000.00, the credit limit), charged on create, renew and transfer.
 * For launch (RFC 8334) a name whose first label contains "trademark"
 * has a mark: a claims check gives it a claim key. An allocation token
 * (RFC 8495) given on a create is kept (in memory only, not in the state
 * file) and returned by an info that asks for it. When a domain is purged
 * at the end of its redemption period, its sponsor gets a poll message
 * with the domain as it was and a changePoll (RFC 8590) autoPurge.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define NS_FEE        "urn:ietf:params:xml:ns:epp:fee-1.0"
#define NS_LAUNCH     "urn:ietf:params:xml:ns:launch-1.0"
#define NS_LOGINSEC   "urn:ietf:params:xml:ns:epp:loginSec-1.0"
#define NS_CHANGEPOLL "urn:ietf:params:xml:ns:changePoll-1.0"
#define NS_UNHANDLED  "urn:ietf:params:xml:ns:epp:unhandled-namespaces-1.0"
#define NS_ALLOCTOKEN "urn:ietf:params:xml:ns:allocationToken-1.0"
#define PLACEHOLDER   "[LOGIN-SECURITY]"
#define CREDIT_LIMIT  100000 /* cents */

static const char *const served[] = {
        SIM_NS_SECDNS, SIM_NS_RGP,    NS_FEE,       NS_ALLOCTOKEN, NS_LAUNCH,
        NS_LOGINSEC,   NS_CHANGEPOLL, NS_UNHANDLED, NULL,
};

int
sim_ext_served(const char *uri)
{
	for (int i = 0; uri && served[i]; i++)
		if (strcmp(uri, served[i]) == 0)
			return 1;
	return 0;
}

unsigned
sim_ext_bit(const char *uri)
{
	for (int i = 0; uri && served[i]; i++)
		if (strcmp(uri, served[i]) == 0)
			return 1u << i;
	return 0;
}

void
sim_ext_greeting(xmlNodePtr svc_extension)
{
	for (int i = 0; served[i]; i++)
		sim_add(svc_extension, "extURI", served[i]);
}

/* The element ns:name under the command's <extension>, or NULL. */
static xmlNodePtr
ext_elem(const struct sim_cmd *c, const char *ns, const char *name)
{
	xmlNodePtr e;

	for (e = sim_child(c->ext, NULL); e; e = sim_next(e->next, NULL))
		if (e->ns && strcmp((const char *)e->ns->href, ns) == 0 &&
		    strcmp((const char *)e->name, name) == 0)
			return e;
	return NULL;
}

char *
sim_ext_login_pw(const struct sim_cmd *c, char *pw, const char *name)
{
	xmlNodePtr ls = ext_elem(c, NS_LOGINSEC, "loginSec");
	char *real;

	if (pw == NULL || strcmp(pw, PLACEHOLDER) != 0 || ls == NULL)
		return pw;
	real = sim_child_text(ls, name);
	if (real == NULL)
		return pw; /* the placeholder itself: login fails */
	free(pw);
	return real;
}

/* ---- fee ---- */

/* Price in cents of one year of `name`, and its class. */
static long
price(const char *name, const char **cls)
{
	int premium = name && strncmp(name, "premium", 7) == 0;

	*cls = premium ? "premium" : "standard";
	return premium ? 10000 : 1000;
}

static void
fmt_cents(char *buf, size_t len, long cents)
{
	snprintf(buf, len, "%s%ld.%02ld", cents < 0 ? "-" : "",
	         labs(cents) / 100, labs(cents) % 100);
}

/* "12.5" -> 1250; -1 when not a non-negative decimal. */
static long
parse_cents(const char *s)
{
	long whole = 0, frac = 0;
	int digits = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s >= '0' && *s <= '9' && whole < 100000000; s++)
		whole = whole * 10 + (*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits++)
			if (digits < 2)
				frac = frac * 10 + (*s - '0');
	if (*s != '\0')
		return -1;
	if (digits == 1)
		frac *= 10;
	return whole * 100 + frac;
}

/* Years of a <period> child of `n` (months / 12, at least 1). */
static long
years(xmlNodePtr n)
{
	xmlNodePtr p = sim_child(n, "period");
	char *t = p ? sim_text(p) : NULL;
	xmlChar *unit = p ? xmlGetProp(p, (const xmlChar *)"unit") : NULL;
	long v = t ? strtol(t, NULL, 10) : 1;

	if (unit && strcmp((const char *)unit, "m") == 0)
		v = (v + 11) / 12;
	free(t);
	xmlFree(unit);
	return v > 0 ? v : 1;
}

/* What the command costs, in cents; -1 when it costs nothing. */
static long
cost(const struct sim_cmd *c, const char *verb, const char *name)
{
	const char *cls;
	long p = price(name, &cls);

	if (strcmp(verb, "create") == 0 || strcmp(verb, "renew") == 0)
		return p * years(c->verb);
	if (strcmp(verb, "transfer") == 0 && strcmp(c->op, "request") == 0)
		return p;
	if (strcmp(verb, "update") == 0 &&
	    sim_child(ext_elem(c, SIM_NS_RGP, "update"), "restore"))
		return 5000;
	return -1;
}

/* Balances of the registrars, under the registry lock; a fixed table, so
 * nothing to free at exit. */
#define MAX_BALANCES 256
struct balance {
	char clid[SIM_ID_MAX];
	long cents;
};
static struct balance balances[MAX_BALANCES];

static struct balance *
balance_of(const char *clid)
{
	for (int i = 0; i < MAX_BALANCES; i++) {
		if (strcmp(balances[i].clid, clid) == 0)
			return &balances[i];
		if (balances[i].clid[0] == '\0') {
			snprintf(balances[i].clid, sizeof(balances[i].clid),
			         "%s", clid);
			return &balances[i];
		}
	}
	return NULL;
}

int
sim_ext_precheck(struct sim_cmd *c, const char *verb)
{
	xmlNodePtr f = ext_elem(c, NS_FEE, verb), e;
	char *name = sim_child_text(c->verb, "name");
	long want = cost(c, verb, name), agreed = 0;
	struct balance *b;
	int rc = 0;

	if (f != NULL && want >= 0) {
		for (e = sim_child(f, "fee"); e; e = sim_next(e->next, "fee")) {
			char *t = sim_text(e);
			long v = parse_cents(t);
			free(t);
			agreed += v > 0 ? v : 0;
		}
		if (agreed < want) {
			sim_resp_error(c->r, 2004, f,
			               "fee below the price of the command");
			rc = -1;
		}
	}
	b = rc == 0 && want > 0 ? balance_of(c->clid) : NULL;
	if (b && b->cents - want < -CREDIT_LIMIT) {
		sim_resp_error(c->r, 2104, NULL, "credit limit reached");
		rc = -1;
	}
	free(name);
	return rc;
}

static void
fee_amount(xmlNodePtr parent, const char *elem, long cents,
           const char *description)
{
	char buf[32];
	xmlNodePtr n;

	fmt_cents(buf, sizeof(buf), cents);
	n = sim_add(parent, elem, buf);
	if (description)
		xmlNewProp(n, (const xmlChar *)"description",
		           (const xmlChar *)description);
}

static void
fee_check(struct sim_cmd *c, xmlNodePtr fc)
{
	xmlNodePtr out, cd, cmd, n, req, p;
	char buf[16];

	out = sim_resp_ext(c->r, NS_FEE, "fee", "chkData");
	sim_add(out, "currency", "USD");
	for (n = sim_child(c->verb, "name"); n; n = sim_next(n->next, "name")) {
		char *name = sim_text(n);
		const char *cls;
		long p1 = price(name, &cls);

		cd = sim_add(out, "cd", NULL);
		sim_add(cd, "objID", name);
		sim_add(cd, "class", cls);
		for (req = sim_child(fc, "command"); req;
		     req = sim_next(req->next, "command")) {
			xmlChar *cn = xmlGetProp(req, (const xmlChar *)"name");
			long y = years(req), cents;

			cents = strcmp((const char *)cn, "restore") == 0  ? 5000
			        : strcmp((const char *)cn, "delete") == 0 ? 0
			        : strcmp((const char *)cn, "transfer") == 0 ||
			                        strcmp((const char *)cn,
			                               "update") == 0
			                ? p1
			                : p1 * y;
			cmd = sim_add(cd, "command", NULL);
			xmlNewProp(cmd, (const xmlChar *)"name", cn);
			if (strcmp((const char *)cn, "create") == 0 ||
			    strcmp((const char *)cn, "renew") == 0) {
				snprintf(buf, sizeof(buf), "%ld", y);
				p = sim_add(cmd, "period", buf);
				xmlNewProp(p, (const xmlChar *)"unit",
				           (const xmlChar *)"y");
			}
			fee_amount(cmd, "fee", cents, NULL);
			xmlFree(cn);
		}
		free(name);
	}
}

static void
fee_transform(struct sim_cmd *c, const char *verb, long cents, int answer)
{
	static const char *const data[][2] = {{"create", "creData"},
	                                      {"renew", "renData"},
	                                      {"transfer", "trnData"},
	                                      {"update", "updData"}};
	struct balance *b = balance_of(c->clid);
	xmlNodePtr out = NULL;
	char buf[32];

	if (b == NULL)
		return;
	b->cents -= cents;
	for (size_t i = 0; answer && i < sizeof(data) / sizeof(data[0]); i++)
		if (strcmp(verb, data[i][0]) == 0)
			out = sim_resp_ext(c->r, NS_FEE, "fee", data[i][1]);
	if (out == NULL)
		return;
	sim_add(out, "currency", "USD");
	fee_amount(out, "fee", cents, NULL);
	fmt_cents(buf, sizeof(buf), b->cents);
	sim_add(out, "balance", buf);
	fmt_cents(buf, sizeof(buf), CREDIT_LIMIT);
	sim_add(out, "creditLimit", buf);
}

/* ---- allocation tokens ---- */

#define MAX_TOKENS 256
static struct {
	char name[256];
	char token[128];
} tokens[MAX_TOKENS]; /* under the registry lock */

static void
token_keep(const char *name, const char *token)
{
	int i, free_slot = -1;

	for (i = 0; i < MAX_TOKENS; i++) {
		if (strcmp(tokens[i].name, name) == 0)
			break;
		if (free_slot < 0 && tokens[i].name[0] == '\0')
			free_slot = i;
	}
	if (i == MAX_TOKENS)
		i = free_slot;
	if (i < 0 || strlen(name) >= sizeof(tokens[i].name) ||
	    strlen(token) >= sizeof(tokens[i].token))
		return;
	snprintf(tokens[i].name, sizeof(tokens[i].name), "%s", name);
	snprintf(tokens[i].token, sizeof(tokens[i].token), "%s", token);
}

static const char *
token_of(const char *name)
{
	for (int i = 0; name && i < MAX_TOKENS; i++)
		if (strcmp(tokens[i].name, name) == 0)
			return tokens[i].token;
	return NULL;
}

static void
alloc_token(struct sim_cmd *c, const char *verb)
{
	char *name = sim_child_text(c->verb, "name"), *t;
	const char *kept;
	xmlNodePtr e;

	if (strcmp(verb, "create") == 0 &&
	    (e = ext_elem(c, NS_ALLOCTOKEN, "allocationToken")) != NULL &&
	    name && (t = sim_text(e)) != NULL) {
		token_keep(name, t);
		free(t);
	}
	if (strcmp(verb, "info") == 0 &&
	    ext_elem(c, NS_ALLOCTOKEN, "info") != NULL &&
	    (kept = token_of(name)) != NULL) {
		e = sim_resp_ext(c->r, NS_ALLOCTOKEN, "allocationToken",
		                 "allocationToken");
		xmlNodeAddContent(e, (const xmlChar *)kept);
	}
	free(name);
}

/* ---- launch ---- */

static void
launch_check(struct sim_cmd *c, xmlNodePtr lc)
{
	xmlNodePtr out, cd, n, k;
	char *phase = sim_child_text(lc, "phase");

	out = sim_resp_ext(c->r, NS_LAUNCH, "launch", "chkData");
	sim_add(out, "phase", phase ? phase : "claims");
	for (n = sim_child(c->verb, "name"); n; n = sim_next(n->next, "name")) {
		char *name = sim_text(n), key[300];
		const char *dot = name ? strchr(name, '.') : NULL;
		int mark = name && strstr(name, "trademark") &&
		           (dot == NULL || strstr(name, "trademark") < dot);

		cd = sim_add(out, "cd", NULL);
		k = sim_add(cd, "name", name);
		xmlNewProp(k, (const xmlChar *)"exists",
		           (const xmlChar *)(mark ? "1" : "0"));
		if (mark) {
			snprintf(key, sizeof(key), "2026112700/1/2/3/%s", name);
			k = sim_add(cd, "claimKey", key);
			xmlNewProp(k, (const xmlChar *)"validatorID",
			           (const xmlChar *)"tmch");
		}
		free(name);
	}
	free(phase);
}

void
sim_ext_respond(struct sim_cmd *c, const char *verb)
{
	xmlNodePtr e;
	char *name;
	long cents;

	if (c->r->code >= 2000)
		return;
	if (c->ext)
		alloc_token(c, verb);
	if (strcmp(verb, "check") == 0) {
		if ((e = ext_elem(c, NS_LAUNCH, "check")) != NULL)
			launch_check(c, e);
		if ((e = ext_elem(c, NS_FEE, "check")) != NULL)
			fee_check(c, e);
		return;
	}
	/* every priced command is charged; the fee data is only sent to a
	 * client that used the extension on it */
	name = sim_child_text(c->verb, "name");
	cents = cost(c, verb, name);
	free(name);
	if (cents >= 0)
		fee_transform(c, verb, cents,
		              ext_elem(c, NS_FEE, verb) != NULL);
}

/* ---- changePoll ---- */

/* The root of a poll message that carries extension data: its first
 * child goes to <resData>, the others to <extension> (poll.c). */
#define NS_SIM_MSG "urn:eppkit:params:xml:ns:sim-msg"

void
sim_ext_purged(const struct sim_domain *d, time_t now)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root, inf, st, chg, op;
	xmlNsPtr ns;
	xmlChar *out = NULL;
	char svtrid[2 * SIM_ID_MAX];
	int len;

	if (doc == NULL)
		return;
	root = xmlNewNode(NULL, (const xmlChar *)"msg");
	ns = xmlNewNs(root, (const xmlChar *)NS_SIM_MSG, NULL);
	xmlSetNs(root, ns);
	xmlDocSetRootElement(doc, root);
	inf = xmlNewChild(root, NULL, (const xmlChar *)"infData", NULL);
	xmlSetNs(inf, xmlNewNs(inf, (const xmlChar *)SIM_NS_DOMAIN,
	                       (const xmlChar *)"domain"));
	sim_add(inf, "name", d->name);
	sim_add(inf, "roid", d->m.roid);
	st = sim_add(inf, "status", NULL);
	xmlNewProp(st, (const xmlChar *)"s", (const xmlChar *)"pendingDelete");
	sim_add(inf, "clID", d->m.clid);
	chg = xmlNewChild(root, NULL, (const xmlChar *)"changeData", NULL);
	xmlSetNs(chg, xmlNewNs(chg, (const xmlChar *)NS_CHANGEPOLL,
	                       (const xmlChar *)"changePoll"));
	xmlNewProp(chg, (const xmlChar *)"state", (const xmlChar *)"before");
	op = sim_add(chg, "operation", "autoPurge");
	(void)op;
	sim_add_date(chg, "date", now);
	/* the lock is held: sim_next_svtrid() would take it again */
	snprintf(svtrid, sizeof(svtrid), "SIM-%lu-purge-%s", (unsigned long)now,
	         d->m.roid);
	sim_add(chg, "svTRID", svtrid);
	sim_add(chg, "who", "epp-sim");
	sim_add(chg, "reason", "redemption period ended");
	xmlDocDumpMemoryEnc(doc, &out, &len, "UTF-8");
	xmlFreeDoc(doc);
	if (out == NULL)
		return;
	sim_poll_enqueue(d->m.clid, "Domain purged at the end of redemption",
	                 sim_strdup((const char *)out), now);
	xmlFree(out);
}

/* RFC 9038: element e of a namespace the client did not announce, as
 * an <extValue> of the result (which says 1301 already). */
static void
unhandled(struct sim_resp *r, xmlNodePtr e)
{
	char reason[160];
	xmlNodePtr ev, val;

	snprintf(reason, sizeof(reason), "%s not in login services",
	         e->ns ? (const char *)e->ns->href : "");
	ev = xmlNewChild(r->result, r->ns, (const xmlChar *)"extValue", NULL);
	val = xmlNewChild(ev, r->ns, (const xmlChar *)"value", NULL);
	xmlAddChild(val, e);
	xmlNewTextChild(ev, r->ns, (const xmlChar *)"reason",
	                (const xmlChar *)reason);
}

int
sim_ext_poll_split(xmlNodePtr root, struct sim_resp *r, unsigned login_ext)
{
	xmlNodePtr c, first = NULL;
	int unhandled_ok = (login_ext & sim_ext_bit(NS_UNHANDLED)) != 0;

	if (root->ns == NULL ||
	    strcmp((const char *)root->ns->href, NS_SIM_MSG) != 0)
		return 0;
	for (c = root->children; c; c = c->next) {
		xmlNodePtr copy;
		unsigned bit;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		copy = xmlDocCopyNode(c, r->doc, 1);
		if (copy == NULL)
			continue;
		if (first == NULL) {
			first = copy;
			if (r->resdata == NULL)
				r->resdata = xmlNewNode(
				        r->ns, (const xmlChar *)"resData");
			xmlAddChild(r->resdata, copy);
			continue;
		}
		bit = c->ns ? sim_ext_bit((const char *)c->ns->href) : 0;
		if (bit == 0 || !(login_ext & bit)) {
			if (unhandled_ok)
				unhandled(r, copy);
			else
				xmlFreeNode(copy);
			continue;
		}
		if (r->ext == NULL)
			r->ext =
			        xmlNewNode(r->ns, (const xmlChar *)"extension");
		xmlAddChild(r->ext, copy);
	}
	return 1;
}
