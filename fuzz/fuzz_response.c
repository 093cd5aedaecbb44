/*
 * Fuzz the response parser: the input is the XML of a response. Every
 * typed getter is walked (so ASan sees each string), and the compat JSON
 * of the parsed document must equal the JSON of its text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "epp/json.h"
#include "epp/response.h"
#include "epp/response_contact.h"
#include "epp/response_domain.h"
#include "epp/response_host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t sink;

static void
touch(const char *s)
{
	if (s != NULL)
		sink += strlen(s);
}

static void
statuses(size_t n, const epp_status_data *st)
{
	for (size_t i = 0; i < n; i++) {
		touch(st[i].s);
		touch(st[i].text);
		touch(st[i].lang);
	}
}

static void
walk_domain(const epp_response *r)
{
	const epp_domain_info_data *d = epp_response_domain_info(r);
	const epp_secdns_info_data *s = epp_response_secdns_info(r);
	const epp_rgp_data *g = epp_response_rgp(r);
	size_t i, j;

	if (d != NULL) {
		touch(d->name);
		statuses(d->status_count, d->statuses);
		for (i = 0; i < d->contact_count; i++) {
			touch(d->contacts[i].type);
			touch(d->contacts[i].id);
		}
		for (i = 0; i < d->ns_count; i++)
			touch(d->ns[i]);
		for (i = 0; i < d->ns_attr_count; i++) {
			touch(d->ns_attrs[i].name);
			for (j = 0; j < d->ns_attrs[i].addr_count; j++)
				touch(d->ns_attrs[i].addrs[j].addr);
		}
		for (i = 0; i < d->host_count; i++)
			touch(d->hosts[i]);
		touch(d->auth_pw);
	}
	if (s != NULL) {
		for (i = 0; i < s->ds_count; i++) {
			touch(s->ds[i].digest);
			if (s->ds[i].key)
				touch(s->ds[i].key->pub_key);
		}
		for (i = 0; i < s->key_count; i++)
			touch(s->keys[i].pub_key);
	}
	if (g != NULL)
		statuses(g->count, g->statuses);
}

static void
walk(const epp_response *r)
{
	const epp_check_data *c = epp_response_check(r);
	const epp_host_info_data *h = epp_response_host_info(r);
	const epp_contact_info_data *ct = epp_response_contact_info(r);
	const epp_msgq *q = epp_response_msgq(r);
	size_t i, j;

	touch(epp_response_message(r));
	for (i = 0; i < epp_response_result_count(r); i++) {
		const epp_result *res = epp_response_result(r, i);
		for (j = 0; j < res->value_count; j++)
			touch(res->values[j].xml);
		for (j = 0; j < res->ext_value_count; j++)
			touch(res->ext_values[j].reason);
	}
	if (q != NULL)
		touch(q->msg);
	if (c != NULL)
		for (i = 0; i < c->count; i++)
			touch(c->items[i].name);
	if (h != NULL) {
		statuses(h->status_count, h->statuses);
		for (i = 0; i < h->addr_count; i++)
			touch(h->addrs[i].addr);
	}
	if (ct != NULL) {
		statuses(ct->status_count, ct->statuses);
		for (i = 0; i < ct->postal_count; i++)
			for (j = 0; j < ct->postal[i].street_count; j++)
				touch(ct->postal[i].streets[j]);
	}
	if (epp_response_transfer(r))
		touch(epp_response_transfer(r)->tr_status);
	if (epp_response_pending(r))
		touch(epp_response_pending(r)->pa_date);
	walk_domain(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	epp_response *r;
	epp_error err;
	char *a, *b, **v;
	size_t alen, blen, n;

	if (epp_response_parse(&r, (const char *)data, size, &err) != EPP_OK) {
		if (memchr(err.text, '\0', sizeof(err.text)) == NULL)
			abort();
		return 0;
	}
	if (epp_response_code(r) < 1000 || epp_response_code(r) > 2599 ||
	    epp_response_result_count(r) < 1)
		abort();
	walk(r);
	if (epp_response_xpath(&v, &n, r, "//epp:result/@code | //*[@avail]",
	                       NULL, 0) != EPP_OK ||
	    n < 1)
		abort();
	epp_strings_free(v);
	/* the same document gives the same JSON, parsed or not */
	if (epp_response_json(&a, &alen, r) != EPP_OK ||
	    epp_json_from_xml(&b, &blen, (const char *)data, size, &err) !=
	            EPP_OK ||
	    alen != blen || memcmp(a, b, alen) != 0)
		abort();
	free(a);
	free(b);
	epp_response_free(r);
	return 0;
}
