/*
 * The typed helpers against the golden cases: for every cmd of
 * tests/data/<case>/request.json, the helper given the same values builds
 * the same request. Numbers and strings compare equal ("2" and 2: the
 * Python client sends strings, both gates take either), a single street
 * string equals a one-line list, and the few keys the helpers do not set
 * (extensions of ours beyond docs/protocol.md) are left out of the golden side.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "epprpc/epprpc.h"

#define MAXN 16

/* Keys of golden args that no helper sets. */
static const char *const not_in_helpers[] = {"voice_ext", "disclose", NULL};

static json_t *
load_case(const char *name)
{
	char path[512];
	json_error_t jerr;
	json_t *j;

	snprintf(path, sizeof(path), "%s/tests/data/%s/request.json",
	         EPPKIT_SOURCE_DIR, name);
	j = json_load_file(path, 0, &jerr);
	if (j == NULL)
		fail_msg("%s: %s", path, jerr.text);
	return j;
}

/* normalize: numbers as strings, street strings as lists, copy. */
static json_t *
normalize(const json_t *v, const char *key)
{
	json_t *out, *child;
	const char *k;
	size_t i;
	char buf[64];

	if (json_is_integer(v)) {
		snprintf(buf, sizeof(buf), "%lld",
		         (long long)json_integer_value(v));
		return json_string(buf);
	}
	if (key && strcmp(key, "street") == 0 && json_is_string(v)) {
		out = json_array();
		json_array_append_new(out, json_string(json_string_value(v)));
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		for (i = 0; i < json_array_size(v); i++)
			json_array_append_new(
			        out, normalize(json_array_get(v, i), NULL));
		return out;
	}
	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach((json_t *)(uintptr_t)v, k, child)
		{
			size_t n;
			for (n = 0; not_in_helpers[n]; n++)
				if (strcmp(k, not_in_helpers[n]) == 0)
					break;
			if (not_in_helpers[n] == NULL)
				json_object_set_new(out, k,
				                    normalize(child, k));
		}
		return out;
	}
	return json_deep_copy(v);
}

static void
same(json_t *built, json_t *golden, const char *name)
{
	json_t *a = normalize(built, NULL), *b = normalize(golden, NULL);

	if (!json_equal(a, b)) {
		char *x = json_dumps(a, JSON_SORT_KEYS | JSON_COMPACT);
		char *y = json_dumps(b, JSON_SORT_KEYS | JSON_COMPACT);
		print_error("%s\n built: %s\ngolden: %s\n", name, x, y);
		free(x);
		free(y);
		fail();
	}
	json_decref(a);
	json_decref(b);
	json_decref(built);
	json_decref(golden);
}

static const char *
s(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	static char num[8][32];
	static int slot;

	if (json_is_integer(v)) {
		slot = (slot + 1) % 8;
		snprintf(num[slot], sizeof(num[slot]), "%lld",
		         (long long)json_integer_value(v));
		return num[slot];
	}
	return json_string_value(v);
}

static int
n(const json_t *o, const char *key)
{
	const char *v = s(o, key);

	return v ? atoi(v) : 0;
}

/* strings: a JSON list of strings into out[] (borrowed). */
static size_t
strings(const json_t *list, const char **out)
{
	size_t i;

	for (i = 0; i < json_array_size(list) && i < MAXN; i++)
		out[i] = json_string_value(json_array_get(list, i));
	return i;
}

static json_t *
args_of(const json_t *req)
{
	return json_object_get(req, "args");
}

static void
simple_cases(void **state)
{
	const char *names[MAXN];
	json_t *g, *a;
	size_t k;

	(void)state;
	g = load_case("poll_req");
	same(epprpc_req_poll_req(), g, "poll_req");
	g = load_case("poll_ack");
	same(epprpc_req_poll_ack(s(args_of(g), "msg_id")), g, "poll_ack");

	g = load_case("host_check");
	k = strings(json_object_get(args_of(g), "hosts"), names);
	same(epprpc_req_host_check(names, k), g, "host_check");
	g = load_case("host_info");
	same(epprpc_req_host_info(s(args_of(g), "name")), g, "host_info");

	g = load_case("contact_check");
	k = strings(json_object_get(args_of(g), "contacts"), names);
	same(epprpc_req_contact_check(names, k), g, "contact_check");
	g = load_case("contact_info");
	a = args_of(g);
	same(epprpc_req_contact_info(s(a, "contact"), s(a, "auth_info")), g,
	     "contact_info");
	g = load_case("contact_delete");
	same(epprpc_req_contact_delete(s(args_of(g), "contact")), g,
	     "contact_delete");

	g = load_case("domain_check");
	k = strings(json_object_get(args_of(g), "domains"), names);
	same(epprpc_req_domain_check(names, k), g, "domain_check");
	g = load_case("domain_info");
	a = args_of(g);
	same(epprpc_req_domain_info(s(a, "name"), s(a, "auth_info")), g,
	     "domain_info");
	g = load_case("domain_delete");
	same(epprpc_req_domain_delete(s(args_of(g), "name")), g,
	     "domain_delete");
	g = load_case("domain_renew");
	a = args_of(g);
	same(epprpc_req_domain_renew(s(a, "name"), s(a, "cur_exp_date"),
	                             n(a, "period"), s(a, "period_units")),
	     g, "domain_renew");
	g = load_case("domain_transfer");
	a = args_of(g);
	same(epprpc_req_domain_transfer(s(a, "name"), s(a, "op"),
	                                s(a, "auth_info"), n(a, "period"),
	                                s(a, "period_units")),
	     g, "domain_transfer");
}

static void
host_create_case(void **state)
{
	epprpc_ip ips[MAXN];
	json_t *g = load_case("host_create"), *list;
	size_t i;

	(void)state;
	list = json_object_get(args_of(g), "ip_address");
	for (i = 0; i < json_array_size(list); i++) {
		ips[i].ip = s(json_array_get(list, i), "ip");
		ips[i].version = s(json_array_get(list, i), "version");
	}
	same(epprpc_req_host_create(s(args_of(g), "name"), ips, i), g,
	     "host_create");
}

static void
postal_from(const json_t *p, epprpc_postal *pi)
{
	const json_t *addr = json_object_get(p, "address");
	const json_t *street = json_object_get(addr, "street");
	size_t i;

	memset(pi, 0, sizeof(*pi));
	pi->type = s(p, "type");
	pi->name = s(p, "name");
	pi->org = s(p, "org");
	if (json_is_string(street))
		pi->street[0] = json_string_value(street);
	for (i = 0; i < json_array_size(street) && i < 3; i++)
		pi->street[i] = json_string_value(json_array_get(street, i));
	pi->city = s(addr, "city");
	pi->sp = s(addr, "sp");
	pi->pc = s(addr, "pc");
	pi->cc = s(addr, "cc");
}

static void
contact_cases(void **state)
{
	static const char *const cases[] = {"contact_create", "contact_update"};
	epprpc_postal pi[MAXN];
	epprpc_contact ct;
	json_t *g, *a, *list;
	size_t c, i;

	(void)state;
	for (c = 0; c < 2; c++) {
		g = load_case(cases[c]);
		a = args_of(g);
		/* Contact statuses are ours, beyond docs/protocol.md. */
		json_object_del(a, "add_statuses");
		json_object_del(a, "remove_statuses");
		memset(&ct, 0, sizeof(ct));
		ct.id = s(a, "id");
		ct.voice = s(a, "voice");
		ct.fax = s(a, "fax");
		ct.email = s(a, "email");
		ct.auth_info = s(a, "auth_info");
		list = json_object_get(a, "contacts");
		for (i = 0; i < json_array_size(list) && i < MAXN; i++)
			postal_from(json_array_get(list, i), &pi[i]);
		ct.postal = pi;
		ct.n_postal = i;
		same(c == 0 ? epprpc_req_contact_create(&ct)
		            : epprpc_req_contact_update(&ct),
		     g, cases[c]);
	}
}

static void
domain_create_case(void **state)
{
	const char *ns[MAXN];
	epprpc_domain_create_args d;
	json_t *g = load_case("domain_create"), *a = args_of(g), *ct;

	(void)state;
	memset(&d, 0, sizeof(d));
	ct = json_object_get(a, "contacts");
	d.name = s(a, "name");
	d.registrant = s(a, "registrant");
	d.n_nameservers = strings(json_object_get(a, "nameservers"), ns);
	d.nameservers = ns;
	d.period = n(a, "period");
	d.period_units = s(a, "period_units");
	d.admin = s(ct, "admin");
	d.billing = s(ct, "billing");
	d.tech = s(ct, "tech");
	d.auth_info = s(a, "auth_info");
	same(epprpc_req_domain_create(&d), g, "domain_create");
}

static void
refs_from(const json_t *list, epprpc_contact_ref *out, size_t *k)
{
	size_t i;

	for (i = 0; i < json_array_size(list) && i < MAXN; i++) {
		out[i].type = s(json_array_get(list, i), "type");
		out[i].id = s(json_array_get(list, i), "id");
	}
	*k = i;
}

static void
statuses_from(const json_t *list, epprpc_status *out, size_t *k)
{
	size_t i;

	for (i = 0; i < json_array_size(list) && i < MAXN; i++) {
		out[i].name = s(json_array_get(list, i), "name");
		out[i].value = s(json_array_get(list, i), "value");
	}
	*k = i;
}

static void
secdns_from(const json_t *o, epprpc_secdns *d)
{
	memset(d, 0, sizeof(*d));
	d->key_tag = s(o, "key_tag");
	d->alg = s(o, "alg");
	d->digest_type = s(o, "digest_type");
	d->digest = s(o, "digest");
	d->keydata_flags = s(o, "keydata_flags");
	d->keydata_protocol = s(o, "keydata_protocol");
	d->keydata_alg = s(o, "keydata_alg");
	d->keydata_pubkey = s(o, "keydata_pubkey");
	d->max_sig_life = s(o, "max_sig_life");
	d->all = json_is_true(json_object_get(o, "all"));
}

static void
domain_update_case(void **state)
{
	const char *add_ns[MAXN], *rem_ns[MAXN];
	epprpc_contact_ref addc[MAXN], remc[MAXN];
	epprpc_status adds[MAXN], rems[MAXN];
	epprpc_secdns sa, sr, sc;
	epprpc_domain_update_args u;
	json_t *g = load_case("domain_update"), *a = args_of(g);

	(void)state;
	memset(&u, 0, sizeof(u));
	u.name = s(a, "name");
	u.auth_info = s(a, "auth_info");
	u.change_registrant = s(a, "change_registrant");
	u.n_add_nameservers =
	        strings(json_object_get(a, "add_nameservers"), add_ns);
	u.add_nameservers = add_ns;
	u.n_remove_nameservers =
	        strings(json_object_get(a, "remove_nameservers"), rem_ns);
	u.remove_nameservers = rem_ns;
	refs_from(json_object_get(a, "add_contacts"), addc, &u.n_add_contacts);
	u.add_contacts = addc;
	refs_from(json_object_get(a, "remove_contacts"), remc,
	          &u.n_remove_contacts);
	u.remove_contacts = remc;
	statuses_from(json_object_get(a, "add_statuses"), adds,
	              &u.n_add_statuses);
	u.add_statuses = adds;
	statuses_from(json_object_get(a, "remove_statuses"), rems,
	              &u.n_remove_statuses);
	u.remove_statuses = rems;
	if (json_object_get(a, "add_secdns")) {
		secdns_from(json_object_get(a, "add_secdns"), &sa);
		u.add_secdns = &sa;
	}
	if (json_object_get(a, "rem_secdns")) {
		secdns_from(json_object_get(a, "rem_secdns"), &sr);
		u.rem_secdns = &sr;
	}
	if (json_object_get(a, "change_secdns")) {
		secdns_from(json_object_get(a, "change_secdns"), &sc);
		u.change_secdns = &sc;
	}
	same(epprpc_req_domain_update(&u), g, "domain_update");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(simple_cases),
	        cmocka_unit_test(host_create_case),
	        cmocka_unit_test(contact_cases),
	        cmocka_unit_test(domain_create_case),
	        cmocka_unit_test(domain_update_case),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
