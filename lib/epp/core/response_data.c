/*
 * Typed response data shared by all objects: the arena it lives in, text
 * and attribute helpers, and the check, transfer and pending-action data
 * whose shape is the same for domains, hosts and contacts.
 */
#include <limits.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/response_private.h"
#include "ext/ext_private.h"
#include "xml/xml_private.h"

static int
xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *
trimmed(epp_response *r, const char *s)
{
	size_t len;

	while (xml_space(*s))
		s++;
	len = strlen(s);
	while (len > 0 && xml_space(s[len - 1]))
		len--;
	return epp__arena_strndup(&r->arena, s, len);
}

/* A text of the response's document, trimmed: where it is when only
 * leading space goes (the document lives as long as the response, and a
 * long text is not held twice), else a copy. */
static const char *
in_doc(epp_response *r, const char *s)
{
	size_t len;

	while (xml_space(*s))
		s++;
	len = strlen(s);
	if (len == 0 || !xml_space(s[len - 1]))
		return s;
	return trimmed(r, s);
}

const char *
epp__rtext(epp_response *r, const xmlNode *n)
{
	const char *s;
	xmlChar *all;

	if (n == NULL)
		return NULL;
	if (n->children == NULL)
		return trimmed(r, "");
	/* the usual case, one text node: no intermediate copy */
	if (n->children->next == NULL && n->children->type == XML_TEXT_NODE)
		return in_doc(r, (const char *)n->children->content);
	all = xmlNodeGetContent(n);
	if (all == NULL) {
		r->arena.oom = 1;
		return NULL;
	}
	s = trimmed(r, (const char *)all);
	xmlFree(all);
	return s;
}

const char *
epp__rchild(epp_response *r, const xmlNode *parent, const char *ns,
            const char *name)
{
	return epp__rtext(r, epp__xml_child(parent, ns, name));
}

const char *
epp__rattr(epp_response *r, const xmlNode *n, const char *name)
{
	const xmlAttr *a;
	xmlChar *v;
	const char *s;

	if (n == NULL)
		return NULL;
	for (a = n->properties; a != NULL; a = a->next) {
		if (a->ns != NULL || strcmp((const char *)a->name, name) != 0)
			continue;
		if (a->children == NULL)
			return trimmed(r, "");
		if (a->children->next == NULL &&
		    a->children->type == XML_TEXT_NODE)
			return trimmed(r, (const char *)a->children->content);
		v = xmlNodeListGetString(n->doc, a->children, 1);
		if (v == NULL) {
			r->arena.oom = 1;
			return NULL;
		}
		s = trimmed(r, (const char *)v);
		xmlFree(v);
		return s;
	}
	return NULL;
}

size_t
epp__rcount(const xmlNode *parent, const char *ns, const char *name)
{
	const xmlNode *c;
	size_t n = 0;

	for (c = epp__xml_child(parent, ns, name); c != NULL;
	     c = epp__xml_next(c, ns, name))
		n++;
	return n;
}

long
epp__rnum(const char *s)
{
	long v = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (INT_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

void
epp__rstamps(epp_response *r, const xmlNode *n, const char *ns,
             const char **cl_id, const char **cr_id, const char **cr_date,
             const char **up_id, const char **up_date, const char **tr_date)
{
	*cl_id = epp__rchild(r, n, ns, "clID");
	*cr_id = epp__rchild(r, n, ns, "crID");
	*cr_date = epp__rchild(r, n, ns, "crDate");
	*up_id = epp__rchild(r, n, ns, "upID");
	*up_date = epp__rchild(r, n, ns, "upDate");
	*tr_date = epp__rchild(r, n, ns, "trDate");
}

/* XML Schema boolean: 1, 0, true, false. */
static int
xml_bool(const char *s)
{
	return s != NULL && (strcmp(s, "1") == 0 || strcmp(s, "true") == 0);
}

int
epp__rstatuses(epp_response *r, const xmlNode *parent, const char *ns,
               const char *name, size_t *count, const epp_status_data **out)
{
	size_t n = epp__rcount(parent, ns, name), i = 0;
	epp_status_data *st;
	const xmlNode *c;

	*count = 0;
	*out = NULL;
	if (n == 0)
		return EPP_OK;
	st = epp__arena_alloc(&r->arena, n * sizeof(*st));
	if (st == NULL)
		return EPP_ENOMEM;
	for (c = epp__xml_child(parent, ns, name); c != NULL;
	     c = epp__xml_next(c, ns, name), i++) {
		const char *text = epp__rtext(r, c);
		st[i].s = epp__rattr(r, c, "s");
		st[i].lang = epp__rattr(r, c, "lang");
		st[i].text = text && *text ? text : NULL;
	}
	*count = n;
	*out = st;
	return EPP_OK;
}

int
epp__rtexts(epp_response *r, const xmlNode *parent, const char *ns,
            const char *name, size_t *count, const char *const **out)
{
	size_t n = epp__rcount(parent, ns, name), i = 0;
	const char **v;
	const xmlNode *c;

	*count = 0;
	*out = NULL;
	if (n == 0)
		return EPP_OK;
	v = epp__arena_alloc(&r->arena, n * sizeof(*v));
	if (v == NULL)
		return EPP_ENOMEM;
	for (c = epp__xml_child(parent, ns, name); c != NULL;
	     c = epp__xml_next(c, ns, name))
		v[i++] = epp__rtext(r, c);
	*count = n;
	*out = v;
	return EPP_OK;
}

int
epp__raddrs(epp_response *r, const xmlNode *parent, const char *ns,
            const char *name, size_t *count, const epp_addr_data **out)
{
	size_t n = epp__rcount(parent, ns, name), i = 0;
	epp_addr_data *a;
	const xmlNode *c;

	*count = 0;
	*out = NULL;
	if (n == 0)
		return EPP_OK;
	a = epp__arena_alloc(&r->arena, n * sizeof(*a));
	if (a == NULL)
		return EPP_ENOMEM;
	for (c = epp__xml_child(parent, ns, name); c != NULL;
	     c = epp__xml_next(c, ns, name), i++) {
		a[i].ip = epp__rattr(r, c, "ip");
		if (a[i].ip == NULL)
			a[i].ip = "v4"; /* the schema default */
		a[i].addr = epp__rtext(r, c);
	}
	*count = n;
	*out = a;
	return EPP_OK;
}

int
epp__parse_check(epp_response *r, const xmlNode *n, const char *ns,
                 const void **out)
{
	/* contacts and organizations are checked by id, the others by name */
	const char *key =
	        strcmp(ns, EPP_NS_CONTACT) == 0 || strcmp(ns, EPP_NS_ORG) == 0
	                ? "id"
	                : "name";
	size_t count = epp__rcount(n, ns, "cd"), i = 0;
	epp_check_data *d;
	epp_check_item *it;
	const xmlNode *cd, *name, *reason;

	d = epp__arena_alloc(&r->arena, sizeof(*d));
	it = epp__arena_alloc(&r->arena, count * sizeof(*it) + 1);
	if (d == NULL || it == NULL)
		return EPP_ENOMEM;
	for (cd = epp__xml_child(n, ns, "cd"); cd != NULL;
	     cd = epp__xml_next(cd, ns, "cd"), i++) {
		name = epp__xml_child(cd, ns, key);
		reason = epp__xml_child(cd, ns, "reason");
		it[i].name = epp__rtext(r, name);
		it[i].avail = xml_bool(epp__rattr(r, name, "avail"));
		it[i].reason = epp__rtext(r, reason);
		it[i].reason_lang = epp__rattr(r, reason, "lang");
	}
	d->count = count;
	d->items = it;
	*out = d;
	return EPP_OK;
}

int
epp__parse_transfer(epp_response *r, const xmlNode *n, const char *ns,
                    const void **out)
{
	const char *key = strcmp(ns, EPP_NS_CONTACT) == 0 ? "id" : "name";
	epp_transfer_data *d = epp__arena_alloc(&r->arena, sizeof(*d));

	if (d == NULL)
		return EPP_ENOMEM;
	d->name = epp__rchild(r, n, ns, key);
	d->tr_status = epp__rchild(r, n, ns, "trStatus");
	d->re_id = epp__rchild(r, n, ns, "reID");
	d->re_date = epp__rchild(r, n, ns, "reDate");
	d->ac_id = epp__rchild(r, n, ns, "acID");
	d->ac_date = epp__rchild(r, n, ns, "acDate");
	d->ex_date = epp__rchild(r, n, ns, "exDate");
	*out = d;
	return EPP_OK;
}

int
epp__parse_pending(epp_response *r, const xmlNode *n, const char *ns,
                   const void **out)
{
	const char *key = strcmp(ns, EPP_NS_CONTACT) == 0 ? "id" : "name";
	epp_pending_data *d = epp__arena_alloc(&r->arena, sizeof(*d));
	const xmlNode *name = epp__xml_child(n, ns, key);
	const xmlNode *patrid = epp__xml_child(n, ns, "paTRID");

	if (d == NULL)
		return EPP_ENOMEM;
	d->name = epp__rtext(r, name);
	d->pa_result = xml_bool(epp__rattr(r, name, "paResult"));
	/* clTRID and svTRID inside paTRID are in the EPP namespace */
	d->pa_cltrid = epp__rchild(r, patrid, EPP_NS_EPP, "clTRID");
	d->pa_svtrid = epp__rchild(r, patrid, EPP_NS_EPP, "svTRID");
	d->pa_date = epp__rchild(r, n, ns, "paDate");
	*out = d;
	return EPP_OK;
}

int
epp__rbool(const char *s, int dflt)
{
	if (s == NULL)
		return dflt;
	if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0)
		return 1;
	if (strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
		return 0;
	return dflt;
}
