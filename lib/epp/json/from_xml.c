/*
 * EPP XML to the compat JSON of docs/protocol.md: the xml2json mapping of the
 * original gate (ElementTree, namespaces and whitespace stripped) with
 * json.dumps() output, so applications see the same bytes.
 *
 * The mapping follows ElementTree's data model, not libxml2's: an
 * element's "text" is all character data before its first child element,
 * its "tail" all character data after it up to the next sibling element,
 * comments and processing instructions dropped (the text around them
 * joined), and both stripped like Python's str.strip(), which removes
 * Unicode white space and not only ASCII.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/tree.h>

#include "core/response_private.h"
#include "epp/json.h"
#include "json/json_private.h"
#include "xml/xml_private.h"

/* The characters Python's str.isspace() accepts. */
static int
py_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) ||
	       c == 0x85 || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	       c == 0x202f || c == 0x205f || c == 0x3000;
}

/* Narrow [*s, *s + *len) like str.strip(). */
static void
py_strip(const char **s, size_t *len)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t n = *len, k, start;
	uint32_t c;

	while (n > 0) {
		k = epp__utf8_decode(p, n, &c);
		if (!py_space(c))
			break;
		p += k;
		n -= k;
	}
	while (n > 0) {
		start = n - 1;
		while (start > 0 && (p[start] & 0xc0) == 0x80)
			start--;
		epp__utf8_decode(p + start, n - start, &c);
		if (!py_space(c))
			break;
		n = start;
	}
	*s = (const char *)p;
	*len = n;
}

/*
 * Character data of the nodes from `n` up to the next element, joined.
 * Usually there is one text node and its content is used in place;
 * otherwise the pieces are copied into `tmp`.
 */
static int
gather_text(const xmlNode *n, epp__buf *tmp, const char **s, size_t *len)
{
	const xmlNode *first = NULL;
	int pieces = 0;

	*s = NULL;
	*len = 0;
	tmp->len = 0;
	for (; n != NULL && n->type != XML_ELEMENT_NODE; n = n->next) {
		if (n->type != XML_TEXT_NODE &&
		    n->type != XML_CDATA_SECTION_NODE)
			continue;
		if (n->content == NULL)
			continue;
		if (pieces++ == 0) {
			first = n;
			continue;
		}
		if (pieces == 2)
			epp__buf_put(tmp, (const char *)first->content,
			             strlen((const char *)first->content));
		epp__buf_put(tmp, (const char *)n->content,
		             strlen((const char *)n->content));
	}
	if (pieces == 1) {
		*s = (const char *)first->content;
		*len = strlen(*s);
	} else if (pieces > 1) {
		if (tmp->oom)
			return EPP_ENOMEM;
		*s = tmp->p;
		*len = tmp->len;
	}
	py_strip(s, len);
	return EPP_OK;
}

/* "@name" or "@{uri}name" for an attribute. */
static json_t *
set_attr(json_t *obj, const xmlAttr *a, epp__buf *key)
{
	const char *name = (const char *)a->name;
	xmlChar *v;
	json_t *jv;

	key->len = 0;
	epp__buf_put(key, "@", 1);
	if (a->ns != NULL && a->ns->href != NULL) {
		epp__buf_put(key, "{", 1);
		epp__buf_put(key, (const char *)a->ns->href,
		             strlen((const char *)a->ns->href));
		epp__buf_put(key, "}", 1);
	}
	epp__buf_put(key, name, strlen(name));
	if (key->oom)
		return NULL;
	if (a->children != NULL && a->children->next == NULL &&
	    a->children->type == XML_TEXT_NODE) {
		jv = json_string((const char *)a->children->content);
	} else {
		v = xmlNodeListGetString(a->doc, a->children, 1);
		jv = json_string(v ? (const char *)v : "");
		xmlFree(v);
	}
	if (jv == NULL || json_object_set_new(obj, key->p, jv) != 0)
		return NULL;
	return obj;
}

/* Add a child's value under its tag; the second occurrence makes a list
 * that stays at the first one's position. */
static int
add_child(json_t *obj, const char *tag, json_t *v)
{
	json_t *have = json_object_get(obj, tag), *list;

	if (have == NULL)
		return json_object_set_new(obj, tag, v) == 0 ? EPP_OK
		                                             : EPP_ENOMEM;
	if (json_is_array(have))
		return json_array_append_new(have, v) == 0 ? EPP_OK
		                                           : EPP_ENOMEM;
	list = json_array();
	if (list == NULL || json_array_append(list, have) != 0 ||
	    json_array_append_new(list, v) != 0) {
		json_decref(list);
		return EPP_ENOMEM;
	}
	/* replacing keeps the key's place in a jansson object */
	return json_object_set_new(obj, tag, list) == 0 ? EPP_OK : EPP_ENOMEM;
}

struct conv {
	epp__buf tmp; /* joined text pieces */
	epp__buf key; /* attribute keys */
};

static json_t *
element_value(struct conv *c, const xmlNode *e, int with_tail, int depth)
{
	const xmlAttr *a;
	const xmlNode *n;
	const char *s;
	size_t len;
	json_t *obj, *v;

	if (depth > EPP__JSON_MAX_DEPTH)
		return NULL;
	obj = json_object();
	if (obj == NULL)
		return NULL;
	for (a = e->properties; a != NULL; a = a->next)
		if (set_attr(obj, a, &c->key) == NULL)
			goto fail;
	for (n = e->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		v = element_value(c, n, 1, depth + 1);
		if (v == NULL)
			goto fail;
		if (add_child(obj, (const char *)n->name, v) != EPP_OK)
			goto fail;
	}
	if (with_tail) {
		if (gather_text(e->next, &c->tmp, &s, &len) != EPP_OK)
			goto fail;
		if (len > 0 &&
		    json_object_set_new(obj, "#tail", json_stringn(s, len)))
			goto fail;
	}
	if (gather_text(e->children, &c->tmp, &s, &len) != EPP_OK)
		goto fail;
	if (json_object_size(obj) > 0) {
		if (len > 0 &&
		    json_object_set_new(obj, "#text", json_stringn(s, len)))
			goto fail;
		return obj;
	}
	json_decref(obj);
	return len > 0 ? json_stringn(s, len) : json_null();
fail:
	json_decref(obj);
	return NULL;
}

int
epp__json_value_from_node(json_t **out, const xmlNode *root)
{
	struct conv c = {{0}, {0}};
	json_t *doc, *v;
	int rc = EPP_ENOMEM;

	*out = NULL;
	doc = json_object();
	v = doc ? element_value(&c, root, 0, 0) : NULL;
	if (v != NULL &&
	    json_object_set_new(doc, (const char *)root->name, v) == 0) {
		*out = doc;
		doc = NULL;
		rc = EPP_OK;
	}
	json_decref(doc);
	free(c.tmp.p);
	free(c.key.p);
	return rc;
}

int
epp_json_value_from_xml(json_t **out, const char *xml, size_t len,
                        epp_error *err)
{
	xmlDocPtr doc;
	int rc;

	if (out == NULL || (xml == NULL && len > 0))
		return epp__error_set(err, EPP_EINVAL, "invalid argument");
	*out = NULL;
	rc = epp__xml_parse(&doc, xml, len, 0, err);
	if (rc != EPP_OK)
		return rc;
	rc = epp__json_value_from_node(out, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	if (rc != EPP_OK)
		return epp__error_set(err, rc, "out of memory");
	return EPP_OK;
}

int
epp_json_from_xml(char **out, size_t *out_len, const char *xml, size_t len,
                  epp_error *err)
{
	json_t *v;
	int rc;

	if (out == NULL)
		return epp__error_set(err, EPP_EINVAL, "invalid argument");
	*out = NULL;
	if (out_len != NULL)
		*out_len = 0;
	rc = epp_json_value_from_xml(&v, xml, len, err);
	if (rc != EPP_OK)
		return rc;
	rc = epp_json_dumps(out, out_len, v);
	json_decref(v);
	if (rc != EPP_OK)
		return epp__error_set(err, rc, "%s", epp_strerror(rc));
	return EPP_OK;
}

/* A response's document as compat JSON, from the tree its parse kept. */
int
epp_response_json(char **out, size_t *out_len, const epp_response *r)
{
	json_t *v;
	int rc;

	if (out == NULL || r == NULL)
		return EPP_EINVAL;
	*out = NULL;
	rc = epp__json_value_from_node(&v, xmlDocGetRootElement(r->doc));
	if (rc != EPP_OK)
		return rc;
	rc = epp_json_dumps(out, out_len, v);
	json_decref(v);
	return rc;
}
