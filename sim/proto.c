/*
 * One EPP session's protocol: parse and validate a command, dispatch it,
 * answer. Login state lives in struct sim_session; registry state in
 * sim_reg, touched only with its lock held.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "sim.h"

#define MAX_LOGIN_FAILURES 3

/* Parsing options: no network, no DTD loading, no entity substitution. */
#define PARSE_OPTS                                                             \
	(XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |            \
	 XML_PARSE_NOWARNING)

static int
is_secret(xmlNodePtr n)
{
	if (n != NULL && n->type == XML_ATTRIBUTE_NODE)
		n = n->parent;
	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (strcmp((const char *)n->name, "pw") == 0 ||
		    strcmp((const char *)n->name, "newPW") == 0 ||
		    strcmp((const char *)n->name, "authInfo") == 0)
			return 1;
	return 0;
}

static const char *
ns_of(xmlNodePtr n)
{
	return n && n->ns && n->ns->href ? (const char *)n->ns->href : "";
}

/* Only the extensions of the greeting may appear in a command. */
static xmlNodePtr
unknown_extension(xmlNodePtr ext)
{
	xmlNodePtr e;

	for (e = sim_child(ext, NULL); e != NULL; e = sim_next(e->next, NULL))
		if (!sim_ext_served(ns_of(e)))
			return e;
	return NULL;
}

static const char *const supported_objs[] = {SIM_NS_DOMAIN, SIM_NS_HOST,
                                             SIM_NS_CONTACT, SIM_NS_ORG, NULL};

static void
do_login(struct sim_session *s, struct sim_cmd *c)
{
	xmlNodePtr login = c->verb, opts, svcs, n;
	char *clid = sim_child_text(login, "clID");
	char *pw = sim_child_text(login, "pw");
	char *newpw = sim_child_text(login, "newPW");
	char *version = NULL, *lang = NULL, *uri;
	struct sim_user *u;
	unsigned exts = 0;
	int i, ok;

	opts = sim_child(login, "options");
	svcs = sim_child(login, "svcs");
	version = sim_child_text(opts, "version");
	lang = sim_child_text(opts, "lang");
	if (s->logged_in) {
		sim_resp_code(c->r, 2002);
		goto out;
	}
	if (version == NULL || strcmp(version, "1.0") != 0) {
		sim_resp_error(c->r, 2100, sim_child(opts, "version"),
		               "only EPP 1.0 is served");
		goto out;
	}
	if (lang == NULL || strcmp(lang, "en") != 0) {
		sim_resp_error(c->r, 2102, sim_child(opts, "lang"),
		               "only lang en is served");
		goto out;
	}
	for (n = sim_child(svcs, "objURI"); n != NULL;
	     n = sim_next(n->next, "objURI")) {
		uri = sim_text(n);
		for (ok = 0, i = 0; supported_objs[i] != NULL && uri; i++)
			ok |= strcmp(uri, supported_objs[i]) == 0;
		free(uri);
		if (!ok) {
			sim_resp_error(c->r, 2307, n, "object not served");
			goto out;
		}
	}
	n = sim_child(svcs, "svcExtension");
	for (n = sim_child(n, "extURI"); n != NULL;
	     n = sim_next(n->next, "extURI")) {
		uri = sim_text(n);
		ok = sim_ext_served(uri);
		exts |= sim_ext_bit(uri);
		free(uri);
		if (!ok) {
			sim_resp_error(c->r, 2103, n, "extension not served");
			goto out;
		}
	}
	pw = sim_ext_login_pw(c, pw, "pw");
	newpw = sim_ext_login_pw(c, newpw, "newPW");
	u = clid ? sim_user_get(clid) : NULL;
	if (u == NULL || pw == NULL || strcmp(u->pw, pw) != 0) {
		s->login_failures++;
		sim_resp_code(c->r, s->login_failures >= MAX_LOGIN_FAILURES
		                            ? 2501
		                            : 2200);
		if (c->r->code == 2501)
			s->close = 1;
		goto out;
	}
	if (c->cfg->max_sessions > 0 && u->sessions >= c->cfg->max_sessions) {
		sim_resp_code(c->r, 2502);
		s->close = 1;
		goto out;
	}
	if (newpw != NULL) {
		free(u->pw);
		u->pw = newpw;
		newpw = NULL;
	}
	u->sessions++;
	s->logged_in = 1;
	s->login_ext = exts;
	snprintf(s->clid, sizeof(s->clid), "%s", u->clid);
	sim_resp_code(c->r, 1000);
out:
	free(clid);
	free(pw);
	free(newpw);
	free(version);
	free(lang);
}

void
sim_session_end(struct sim_session *s)
{
	struct sim_user *u;

	if (!s->logged_in)
		return;
	pthread_mutex_lock(&sim_reg.lock);
	if ((u = sim_user_get(s->clid)) != NULL && u->sessions > 0)
		u->sessions--;
	pthread_mutex_unlock(&sim_reg.lock);
	s->logged_in = 0;
}

/* Name for logs and counters: "domain_create", "poll_ack", "login"... */
static void
command_name(xmlNodePtr verb, char *buf, size_t len)
{
	xmlNodePtr obj = sim_child(verb, NULL);
	const char *v = (const char *)verb->name, *o = NULL;
	xmlChar *op;

	if (strcmp(v, "poll") == 0) {
		op = xmlGetProp(verb, (const xmlChar *)"op");
		snprintf(buf, len, "poll_%s", op ? (const char *)op : "?");
		xmlFree(op);
		return;
	}
	if (obj != NULL && strcmp(v, "login") != 0 &&
	    strcmp(v, "logout") != 0) {
		if (strcmp(ns_of(obj), SIM_NS_DOMAIN) == 0)
			o = "domain";
		else if (strcmp(ns_of(obj), SIM_NS_HOST) == 0)
			o = "host";
		else if (strcmp(ns_of(obj), SIM_NS_CONTACT) == 0)
			o = "contact";
		else if (strcmp(ns_of(obj), SIM_NS_ORG) == 0)
			o = "org";
	}
	if (o == NULL) {
		snprintf(buf, len, "%s", v);
		return;
	}
	if (strcmp(v, "transfer") == 0) {
		op = xmlGetProp(verb, (const xmlChar *)"op");
		snprintf(buf, len, "%s_transfer_%s", o,
		         op ? (const char *)op : "?");
		xmlFree(op);
		return;
	}
	snprintf(buf, len, "%s_%s", o, v);
}

static const struct {
	const char *ns;
	const struct sim_handler *handlers;
} objects[] = {
        {SIM_NS_DOMAIN, sim_domain_handlers},
        {SIM_NS_HOST, sim_host_handlers},
        {SIM_NS_CONTACT, sim_contact_handlers},
        {SIM_NS_ORG, sim_org_handlers},
};

static void
dispatch(struct sim_session *s, struct sim_cmd *c)
{
	const char *v = (const char *)c->verb->name;
	const struct sim_handler *h;
	xmlNodePtr obj, bad;
	char op[16];
	xmlChar *attr;
	size_t i;

	if (strcmp(v, "login") == 0) {
		do_login(s, c);
		return;
	}
	if (!s->logged_in) {
		sim_resp_code(c->r, 2002);
		return;
	}
	c->clid = s->clid;
	c->login_ext = s->login_ext;
	if (strcmp(v, "logout") == 0) {
		sim_resp_code(c->r, 1500);
		s->close = 1;
		return;
	}
	if (c->ext != NULL && (bad = unknown_extension(c->ext)) != NULL) {
		sim_resp_error(c->r, 2103, bad, "extension not served");
		return;
	}
	if (strcmp(v, "poll") == 0) {
		sim_poll_cmd(c, c->verb);
		return;
	}
	obj = sim_child(c->verb, NULL);
	op[0] = '\0';
	if (strcmp(v, "transfer") == 0) {
		attr = xmlGetProp(c->verb, (const xmlChar *)"op");
		snprintf(op, sizeof(op), "%s", attr ? (const char *)attr : "");
		xmlFree(attr);
	}
	c->op = op;
	c->verb = obj;
	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (strcmp(ns_of(obj), objects[i].ns) == 0)
			break;
	if (i == sizeof(objects) / sizeof(objects[0])) {
		sim_resp_error(c->r, 2307, obj, "object not served");
		return;
	}
	for (h = objects[i].handlers; h->verb != NULL; h++)
		if (strcmp(h->verb, v) == 0) {
			int domain = strcmp(objects[i].ns, SIM_NS_DOMAIN) == 0;
			if (domain && sim_ext_precheck(c, v) != 0)
				return;
			h->fn(c);
			if (domain)
				sim_ext_respond(c, v);
			return;
		}
	sim_resp_code(c->r, 2101);
}

static void
syntax_error(struct sim_resp *r, xmlNodePtr node, const char *reason)
{
	sim_resp_error(r, 2001, node, reason);
}

/* libxml2's message for a document that is not well-formed, one line. */
static void
parse_reason(char *buf, size_t len)
{
	const xmlError *e = xmlGetLastError();
	size_t n;

	if (e == NULL || e->message == NULL) {
		snprintf(buf, len, "not well-formed XML");
		return;
	}
	snprintf(buf, len, "not well-formed XML, line %d: %s", e->line,
	         e->message);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
}

void
sim_session_handle(struct sim_session *s, const char *xml, size_t len,
                   xmlChar **out, int *out_len, int *code, char *cmd_name,
                   size_t cmd_len, char *cltrid, size_t cltrid_len)
{
	struct sim_resp r;
	struct sim_cmd c;
	xmlDocPtr doc = NULL;
	xmlNodePtr root, top, node = NULL;
	char reason[600], svtrid[64];
	char *tr = NULL;

	*out = NULL;
	*code = 0;
	snprintf(cmd_name, cmd_len, "?");
	cltrid[0] = '\0';
	if (sim_resp_init(&r) != 0)
		goto fail;
	sim_next_svtrid(svtrid, sizeof(svtrid));
	xmlResetLastError();
	doc = xmlReadMemory(xml, (int)len, NULL, NULL, PARSE_OPTS);
	if (doc == NULL) {
		parse_reason(reason, sizeof(reason));
		syntax_error(&r, NULL, reason);
		goto finish;
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		syntax_error(&r, NULL, "a DOCTYPE is not allowed");
		goto finish;
	}
	root = xmlDocGetRootElement(doc);
	top = sim_child(root, NULL);
	/* The clTRID is echoed even when the command is invalid. */
	if (top != NULL && strcmp((const char *)top->name, "command") == 0)
		tr = sim_child_text(top, "clTRID");
	/* ... if it is one (3 to 64 characters); else it would make the
	 * response invalid too. */
	if (tr != NULL && (strlen(tr) < 3 || strlen(tr) > 64)) {
		free(tr);
		tr = NULL;
	}
	if (tr != NULL)
		snprintf(cltrid, cltrid_len, "%s", tr);
	if (sim_validate(s->v, doc, reason, sizeof(reason), &node) != 0) {
		if (is_secret(node))
			snprintf(reason, sizeof(reason),
			         "Element '%s': invalid value (not shown)",
			         node->name);
		syntax_error(&r, node, reason);
		goto finish;
	}
	if (strcmp((const char *)top->name, "hello") == 0) {
		snprintf(cmd_name, cmd_len, "hello");
		sim_resp_free(&r);
		xmlFreeDoc(doc);
		free(tr);
		if (sim_greeting(out, out_len) != 0)
			goto fail;
		*code = 0;
		return;
	}
	if (strcmp((const char *)top->name, "command") != 0) {
		/* <extension> commands are not served; a <response> or a
		 * <greeting> is not something a client sends. */
		if (strcmp((const char *)top->name, "extension") == 0)
			sim_resp_code(&r, 2101);
		else
			syntax_error(&r, top, "not a command");
		goto finish;
	}
	memset(&c, 0, sizeof(c));
	c.cfg = s->cfg;
	c.verb = sim_child(top, NULL);
	c.ext = sim_child(top, "extension");
	c.cltrid = tr;
	c.svtrid = svtrid;
	c.now = time(NULL);
	c.r = &r;
	command_name(c.verb, cmd_name, cmd_len);
	pthread_mutex_lock(&sim_reg.lock);
	sim_registry_sweep(c.now);
	dispatch(s, &c);
	pthread_mutex_unlock(&sim_reg.lock);
	if (s->logged_in || strcmp(cmd_name, "logout") == 0)
		sim_stats_count(cmd_name, tr);
finish:
	*code = r.code;
	if (sim_resp_finish(&r, tr, svtrid, out, out_len) != 0) {
		sim_resp_free(&r);
		xmlFreeDoc(doc);
		free(tr);
		goto fail;
	}
	sim_resp_free(&r);
	xmlFreeDoc(doc);
	free(tr);
	return;
fail:
	/* Out of memory: nothing sensible can be sent. */
	*code = 2500;
	s->close = 1;
}
