/*
 * Building responses with the libxml2 tree API: every value goes through
 * xmlNewTextChild or xmlSetProp, so it is escaped by construction.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static const struct {
	int code;
	const char *msg;
} code_msgs[] = {
        {1000, "Command completed successfully"},
        {1001, "Command completed successfully; action pending"},
        {1300, "Command completed successfully; no messages"},
        {1301, "Command completed successfully; ack to dequeue"},
        {1500, "Command completed successfully; ending session"},
        {2000, "Unknown command"},
        {2001, "Command syntax error"},
        {2002, "Command use error"},
        {2003, "Required parameter missing"},
        {2004, "Parameter value range error"},
        {2005, "Parameter value syntax error"},
        {2100, "Unimplemented protocol version"},
        {2101, "Unimplemented command"},
        {2102, "Unimplemented option"},
        {2103, "Unimplemented extension"},
        {2104, "Billing failure"},
        {2105, "Object is not eligible for renewal"},
        {2106, "Object is not eligible for transfer"},
        {2200, "Authentication error"},
        {2201, "Authorization error"},
        {2202, "Invalid authorization information"},
        {2300, "Object pending transfer"},
        {2301, "Object not pending transfer"},
        {2302, "Object exists"},
        {2303, "Object does not exist"},
        {2304, "Object status prohibits operation"},
        {2305, "Object association prohibits operation"},
        {2306, "Parameter value policy error"},
        {2307, "Unimplemented object service"},
        {2308, "Data management policy violation"},
        {2400, "Command failed"},
        {2500, "Command failed; server closing connection"},
        {2501, "Authentication error; server closing connection"},
        {2502, "Session limit exceeded; server closing connection"},
};

const char *
sim_code_msg(int code)
{
	size_t i;

	for (i = 0; i < sizeof(code_msgs) / sizeof(code_msgs[0]); i++)
		if (code_msgs[i].code == code)
			return code_msgs[i].msg;
	return "Command failed";
}

char *
sim_strdup(const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	p = malloc(n);
	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

void
sim_lower(char *s)
{
	for (; s != NULL && *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

void
sim_fmt_date(char *buf, size_t len, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S.0Z", &tm);
}

xmlNodePtr
sim_add(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, parent->ns, (const xmlChar *)name,
	                       (const xmlChar *)text);
}

void
sim_add_date(xmlNodePtr parent, const char *name, time_t t)
{
	char buf[40];

	sim_fmt_date(buf, sizeof(buf), t);
	sim_add(parent, name, buf);
}

xmlNodePtr
sim_next(xmlNodePtr n, const char *name)
{
	for (; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    (name == NULL || strcmp((const char *)n->name, name) == 0))
			return n;
	return NULL;
}

xmlNodePtr
sim_child(xmlNodePtr n, const char *name)
{
	return n ? sim_next(n->children, name) : NULL;
}

char *
sim_text(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	const char *s, *e;
	char *out;

	if (c == NULL)
		return sim_strdup("");
	s = (const char *)c;
	while (*s && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	out = malloc((size_t)(e - s) + 1);
	if (out != NULL) {
		memcpy(out, s, (size_t)(e - s));
		out[e - s] = '\0';
	}
	xmlFree(c);
	return out;
}

char *
sim_child_text(xmlNodePtr n, const char *name)
{
	xmlNodePtr c = sim_child(n, name);

	return c ? sim_text(c) : NULL;
}

int
sim_resp_init(struct sim_resp *r)
{
	memset(r, 0, sizeof(*r));
	r->doc = xmlNewDoc((const xmlChar *)"1.0");
	if (r->doc == NULL)
		return -1;
	r->epp = xmlNewNode(NULL, (const xmlChar *)"epp");
	if (r->epp == NULL)
		return -1;
	xmlDocSetRootElement(r->doc, r->epp);
	r->ns = xmlNewNs(r->epp, (const xmlChar *)SIM_NS_EPP, NULL);
	xmlSetNs(r->epp, r->ns);
	r->response =
	        xmlNewChild(r->epp, r->ns, (const xmlChar *)"response", NULL);
	r->result = xmlNewNode(r->ns, (const xmlChar *)"result");
	if (r->response == NULL || r->result == NULL)
		return -1;
	sim_resp_code(r, 1000);
	return 0;
}

void
sim_resp_code(struct sim_resp *r, int code)
{
	char buf[8];
	xmlNodePtr c;

	/* A result is set once per command; a later one replaces it. */
	while ((c = r->result->children) != NULL) {
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
	r->code = code;
	snprintf(buf, sizeof(buf), "%d", code);
	xmlSetProp(r->result, (const xmlChar *)"code", (const xmlChar *)buf);
	xmlNewTextChild(r->result, r->ns, (const xmlChar *)"msg",
	                (const xmlChar *)sim_code_msg(code));
}

/* Whether an element is, or may hold, a password or authInfo. */
static int
secret(const xmlNode *n)
{
	const xmlNode *c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return 1; /* only leaves are echoed whole */
	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (xmlStrEqual(n->name, (const xmlChar *)"pw") ||
		    xmlStrEqual(n->name, (const xmlChar *)"newPW") ||
		    xmlStrEqual(n->name, (const xmlChar *)"authInfo"))
			return 1;
	return 0;
}

void
sim_resp_error(struct sim_resp *r, int code, xmlNodePtr value,
               const char *reason)
{
	xmlNodePtr ev, val, copy;

	sim_resp_code(r, code);
	/* The value must be an element: for an attribute, its element. */
	if (value != NULL && value->type == XML_ATTRIBUTE_NODE)
		value = value->parent;
	if (value != NULL && value->type != XML_ELEMENT_NODE)
		value = NULL;
	ev = xmlNewChild(r->result, r->ns, (const xmlChar *)"extValue", NULL);
	val = xmlNewChild(ev, r->ns, (const xmlChar *)"value", NULL);
	/* RFC 5730 echoes the offending element with its value; a secret
	 * (a password, an authInfo) goes back as the bare element. */
	copy = value ? xmlDocCopyNode(value, r->doc, secret(value) ? 2 : 1)
	             : NULL;
	if (copy == NULL)
		copy = xmlNewNode(r->ns, (const xmlChar *)"undef");
	xmlAddChild(val, copy);
	xmlNewTextChild(ev, r->ns, (const xmlChar *)"reason",
	                (const xmlChar *)reason);
}

static xmlNodePtr
ns_element(const char *ns, const char *prefix, const char *name)
{
	xmlNodePtr n = xmlNewNode(NULL, (const xmlChar *)name);
	xmlNsPtr x;

	if (n == NULL)
		return NULL;
	x = xmlNewNs(n, (const xmlChar *)ns, (const xmlChar *)prefix);
	xmlSetNs(n, x);
	return n;
}

/* An element in namespace ns under *box, made as `box_name` on first use. */
static xmlNodePtr
boxed(struct sim_resp *r, xmlNodePtr *box, const char *box_name, const char *ns,
      const char *prefix, const char *name)
{
	xmlNodePtr n = ns_element(ns, prefix, name);

	if (*box == NULL)
		*box = xmlNewNode(r->ns, (const xmlChar *)box_name);
	xmlAddChild(*box, n);
	return n;
}

xmlNodePtr
sim_resp_data(struct sim_resp *r, const char *ns, const char *prefix,
              const char *name)
{
	return boxed(r, &r->resdata, "resData", ns, prefix, name);
}

xmlNodePtr
sim_resp_ext(struct sim_resp *r, const char *ns, const char *prefix,
             const char *name)
{
	return boxed(r, &r->ext, "extension", ns, prefix, name);
}

xmlNodePtr
sim_resp_msgq(struct sim_resp *r, unsigned long count, unsigned long id)
{
	char buf[32];

	if (r->msgq == NULL)
		r->msgq = xmlNewNode(r->ns, (const xmlChar *)"msgQ");
	snprintf(buf, sizeof(buf), "%lu", count);
	xmlSetProp(r->msgq, (const xmlChar *)"count", (const xmlChar *)buf);
	snprintf(buf, sizeof(buf), "%lu", id);
	xmlSetProp(r->msgq, (const xmlChar *)"id", (const xmlChar *)buf);
	return r->msgq;
}

int
sim_resp_finish(struct sim_resp *r, const char *cltrid, const char *svtrid,
                xmlChar **out, int *len)
{
	xmlNodePtr tr;

	xmlAddChild(r->response, r->result);
	r->result = NULL;
	if (r->msgq != NULL)
		xmlAddChild(r->response, r->msgq);
	if (r->resdata != NULL && r->code < 2000)
		xmlAddChild(r->response, r->resdata);
	else
		xmlFreeNode(r->resdata);
	if (r->ext != NULL && r->code < 2000)
		xmlAddChild(r->response, r->ext);
	else
		xmlFreeNode(r->ext);
	r->msgq = r->resdata = r->ext = NULL;
	tr = xmlNewChild(r->response, r->ns, (const xmlChar *)"trID", NULL);
	if (cltrid != NULL)
		xmlNewTextChild(tr, r->ns, (const xmlChar *)"clTRID",
		                (const xmlChar *)cltrid);
	xmlNewTextChild(tr, r->ns, (const xmlChar *)"svTRID",
	                (const xmlChar *)svtrid);
	*out = NULL;
	xmlDocDumpMemoryEnc(r->doc, out, len, "UTF-8");
	return *out ? 0 : -1;
}

void
sim_resp_free(struct sim_resp *r)
{
	xmlFreeNode(r->result);
	xmlFreeNode(r->msgq);
	xmlFreeNode(r->resdata);
	xmlFreeNode(r->ext);
	xmlFreeDoc(r->doc);
	memset(r, 0, sizeof(*r));
}

int
sim_greeting(xmlChar **out, int *len)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr epp, g, menu, ext, dcp, n, st;
	xmlNsPtr ns;

	if (doc == NULL)
		return -1;
	epp = xmlNewNode(NULL, (const xmlChar *)"epp");
	xmlDocSetRootElement(doc, epp);
	ns = xmlNewNs(epp, (const xmlChar *)SIM_NS_EPP, NULL);
	xmlSetNs(epp, ns);
	g = xmlNewChild(epp, ns, (const xmlChar *)"greeting", NULL);
	sim_add(g, "svID", "eppkit epp-sim");
	sim_add_date(g, "svDate", time(NULL));
	menu = sim_add(g, "svcMenu", NULL);
	sim_add(menu, "version", "1.0");
	sim_add(menu, "lang", "en");
	sim_add(menu, "objURI", SIM_NS_DOMAIN);
	sim_add(menu, "objURI", SIM_NS_HOST);
	sim_add(menu, "objURI", SIM_NS_CONTACT);
	sim_add(menu, "objURI", SIM_NS_ORG);
	ext = sim_add(menu, "svcExtension", NULL);
	sim_ext_greeting(ext);
	dcp = sim_add(g, "dcp", NULL);
	n = sim_add(dcp, "access", NULL);
	sim_add(n, "all", NULL);
	st = sim_add(dcp, "statement", NULL);
	n = sim_add(st, "purpose", NULL);
	sim_add(n, "admin", NULL);
	sim_add(n, "prov", NULL);
	n = sim_add(st, "recipient", NULL);
	sim_add(n, "ours", NULL);
	sim_add(n, "public", NULL);
	n = sim_add(st, "retention", NULL);
	sim_add(n, "stated", NULL);
	*out = NULL;
	xmlDocDumpMemoryEnc(doc, out, len, "UTF-8");
	xmlFreeDoc(doc);
	return *out ? 0 : -1;
}
