/*
 * RFC 9038 unhandled namespaces: an <extValue> whose <value> holds an
 * element and whose <reason> reads "<URI> not in login services". The
 * element's own namespace is taken from the document; the reason only
 * marks the extValue as one of these (other extValues quote a faulty
 * command element, RFC 5730 section 2.6).
 */
#include <string.h>

#include "epp/ext_unhandled.h"
#include "ext/ext_private.h"

static int
is_unhandled(const xmlNode *extvalue)
{
	const xmlNode *re = epp__xml_child(extvalue, EPP_NS_EPP, "reason");
	xmlChar *t = re ? xmlNodeGetContent(re) : NULL;
	int yes = t && strstr((const char *)t, "not in login services");

	xmlFree(t);
	return yes;
}

static const xmlNode *
quoted(const xmlNode *extvalue)
{
	const xmlNode *v = epp__xml_child(extvalue, EPP_NS_EPP, "value"), *e;

	for (e = v ? v->children : NULL; e; e = e->next)
		if (e->type == XML_ELEMENT_NODE)
			return e;
	return NULL;
}

int
epp__parse_unhandled(epp_response *r)
{
	const xmlNode *res, *ev, *e;
	epp_unhandled_data *d;
	epp_unhandled_item *items;
	size_t n = 0, i = 0, k;

	for (k = 0; k < r->result_count; k++)
		for (size_t j = 0; j < r->results[k].ext_value_count; j++)
			n++;
	if (n == 0)
		return EPP_OK;
	d = epp__arena_alloc(&r->arena, sizeof(*d));
	items = epp__arena_alloc(&r->arena, (n + 1) * sizeof(*items));
	if (d == NULL || items == NULL)
		return EPP_ENOMEM;
	/* results[k].ext_values[j] is the j-th extValue of the k-th result:
	 * its serialized element is reused */
	k = 0;
	for (res = epp__xml_child(r->response, EPP_NS_EPP, "result"); res;
	     res = epp__xml_next(res, EPP_NS_EPP, "result"), k++) {
		size_t j = 0;
		for (ev = epp__xml_child(res, EPP_NS_EPP, "extValue"); ev;
		     ev = epp__xml_next(ev, EPP_NS_EPP, "extValue"), j++) {
			e = quoted(ev);
			if (e == NULL || e->ns == NULL || !is_unhandled(ev))
				continue;
			items[i].uri = epp__arena_strndup(
			        &r->arena, (const char *)e->ns->href,
			        strlen((const char *)e->ns->href));
			items[i].name = r->results[k].ext_values[j].value.name;
			items[i].xml = r->results[k].ext_values[j].value.xml;
			i++;
		}
	}
	if (i == 0)
		return EPP_OK;
	d->count = i;
	d->items = items;
	r->ext[EPP__RX_UNHANDLED] = d;
	return EPP_OK;
}

const epp_unhandled_data *
epp_response_unhandled(const epp_response *r)
{
	return r ? r->ext[EPP__RX_UNHANDLED] : NULL;
}

/* RFC 9038: answers only; announced at login. */
const epp__ext_module epp__ext_unhandled = {.name = "unhandledNamespaces",
                                            .uri = EPP_NS_UNHANDLED};
