/*
 * RFC 5910 secDNS-1.1 on domain create and update, as an extension
 * module. JSON (docs/protocol.md): add_secdns / rem_secdns / change_secdns on
 * domain_update, each a dict (or, ours, a list of dicts); ours: `secdns`
 * on domain_create and `secdns_urgent` on domain_update. The answer:
 * <secDNS:infData> of a domain info.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/response_private.h"
#include "ext/ext_private.h"
#include "epp/secdns.h"

static int
check_key(epp_error *err, const char *field, long idx, const epp_secdns_key *k)
{
	const char *p;
	size_t n = 0;
	char last = 0;

	if (k->flags > 65535)
		return epp__invalid(err, field, idx, "flags must be 0-65535");
	if (k->protocol > 255)
		return epp__invalid(err, field, idx, "protocol must be 0-255");
	if (k->alg > 255)
		return epp__invalid(err, field, idx, "alg must be 0-255");
	if (k->pub_key == NULL || *k->pub_key == '\0')
		return epp__invalid(err, field, idx, "pubkey missing");
	/* xs:base64Binary: groups of 4, canonical bits before padding */
	for (p = k->pub_key; *p; p++) {
		if (*p == ' ' || *p == '\n')
			continue;
		if (*p == '=')
			break;
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '+' || *p == '/'))
			return epp__invalid(err, field, idx,
			                    "pubkey is not base64");
		last = *p;
		n++;
	}
	if (*p == '=') {
		const char *ok = strcmp(p, "==") == 0  ? "AQgw"
		                 : strcmp(p, "=") == 0 ? "AEIMQUYcgkosw048"
		                                       : NULL;
		if (ok == NULL || last == 0 || strchr(ok, last) == NULL)
			return epp__invalid(err, field, idx,
			                    "pubkey is not base64");
		n += strlen(p);
	}
	if (n % 4 != 0)
		return epp__invalid(err, field, idx, "pubkey is not base64");
	return EPP_OK;
}

static int
check_ds(epp_error *err, const char *field, long idx, const epp_secdns_ds *d)
{
	const char *p;

	if (d->key_tag > 65535)
		return epp__invalid(err, field, idx, "key_tag must be 0-65535");
	if (d->alg > 255)
		return epp__invalid(err, field, idx, "alg must be 0-255");
	if (d->digest_type > 255)
		return epp__invalid(err, field, idx,
		                    "digest_type must be 0-255");
	if (d->digest == NULL || *d->digest == '\0')
		return epp__invalid(err, field, idx, "digest missing");
	for (p = d->digest; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
		      (*p >= 'A' && *p <= 'F')))
			return epp__invalid(err, field, idx,
			                    "digest is not hexadecimal");
	if ((p - d->digest) % 2)
		return epp__invalid(err, field, idx,
		                    "digest has an odd number of digits");
	return d->key ? check_key(err, field, idx, d->key) : EPP_OK;
}

/* The dsOrKeyType part: create, or <secDNS:add>. */
static int
check_add(epp_error *err, const char *field, const epp_secdns *s, int required)
{
	int rc;

	if (s->max_sig_life < 0 || s->max_sig_life > INT_MAX)
		return epp__invalid(err, field, -1,
		                    "max_sig_life must be 1-2147483647");
	if (s->ds_count && s->key_count)
		return epp__invalid(err, field, -1,
		                    "dsData and keyData cannot be mixed");
	if (s->ds_count == 0 && s->key_count == 0) {
		if (s->max_sig_life)
			return epp__invalid(err, field, -1,
			                    "max_sig_life needs dsData or "
			                    "keyData beside it");
		if (required)
			return epp__invalid(err, field, -1,
			                    "dsData or keyData required");
	}
	for (size_t i = 0; i < s->ds_count; i++)
		if ((rc = check_ds(err, field, (long)i, &s->ds[i])) != 0)
			return rc;
	for (size_t i = 0; i < s->key_count; i++)
		if ((rc = check_key(err, field, (long)i, &s->keys[i])) != 0)
			return rc;
	return EPP_OK;
}

static int
secdns_validate(const void *data, epp__cmd cmd, epp_error *err)
{
	const epp_secdns *s = data;
	int rc, rems;

	if (cmd == EPP__CMD_DOMAIN_CREATE) {
		if (s->urgent || s->rem_all || s->rem_ds_count ||
		    s->rem_key_count || s->chg_max_sig_life)
			return epp__invalid(err, "secdns", -1,
			                    "rem, chg and urgent only apply "
			                    "to an update");
		return check_add(err, "secdns", s, 1);
	}
	rems = !!s->rem_all + !!s->rem_ds_count + !!s->rem_key_count;
	if (rems > 1)
		return epp__invalid(err, "rem_secdns", -1,
		                    "all, dsData and keyData are exclusive");
	for (size_t i = 0; i < s->rem_ds_count; i++)
		if ((rc = check_ds(err, "rem_secdns", (long)i,
		                   &s->rem_ds[i])) != 0)
			return rc;
	for (size_t i = 0; i < s->rem_key_count; i++)
		if ((rc = check_key(err, "rem_secdns", (long)i,
		                    &s->rem_keys[i])) != 0)
			return rc;
	if ((rc = check_add(err, "add_secdns", s, 0)) != 0)
		return rc;
	if (s->chg_max_sig_life < 0 || s->chg_max_sig_life > INT_MAX)
		return epp__invalid(err, "change_secdns", -1,
		                    "max_sig_life must be 1-2147483647");
	if (!rems && !s->ds_count && !s->key_count && !s->chg_max_sig_life)
		return epp__invalid(err, "secdns", -1,
		                    "update with nothing to add, remove or "
		                    "change");
	return EPP_OK;
}

static int
add_uint(xmlNodePtr parent, xmlNsPtr ns, const char *name, unsigned long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lu", v);
	return epp__xml_add(parent, ns, name, buf) ? EPP_OK : EPP_ENOMEM;
}

static int
build_key(xmlNodePtr parent, xmlNsPtr ns, const epp_secdns_key *k)
{
	xmlNodePtr n = epp__xml_add(parent, ns, "keyData", NULL);

	if (n == NULL || add_uint(n, ns, "flags", k->flags) ||
	    add_uint(n, ns, "protocol", k->protocol) ||
	    add_uint(n, ns, "alg", k->alg) ||
	    !epp__xml_add(n, ns, "pubKey", k->pub_key))
		return EPP_ENOMEM;
	return EPP_OK;
}

static int
build_ds(xmlNodePtr parent, xmlNsPtr ns, const epp_secdns_ds *d)
{
	xmlNodePtr n = epp__xml_add(parent, ns, "dsData", NULL);

	if (n == NULL || add_uint(n, ns, "keyTag", d->key_tag) ||
	    add_uint(n, ns, "alg", d->alg) ||
	    add_uint(n, ns, "digestType", d->digest_type) ||
	    !epp__xml_add(n, ns, "digest", d->digest))
		return EPP_ENOMEM;
	return d->key ? build_key(n, ns, d->key) : EPP_OK;
}

static int
build_list(xmlNodePtr parent, xmlNsPtr ns, const epp_secdns_ds *ds, size_t nds,
           const epp_secdns_key *keys, size_t nkeys)
{
	for (size_t i = 0; i < nds; i++)
		if (build_ds(parent, ns, &ds[i]))
			return EPP_ENOMEM;
	for (size_t i = 0; i < nkeys; i++)
		if (build_key(parent, ns, &keys[i]))
			return EPP_ENOMEM;
	return EPP_OK;
}

static int
secdns_build(xmlNodePtr ext, const void *data, epp__cmd cmd)
{
	const epp_secdns *s = data;
	int create = cmd == EPP__CMD_DOMAIN_CREATE;
	xmlNodePtr top, n;
	xmlNsPtr ns;

	top = xmlNewChild(ext, NULL,
	                  (const xmlChar *)(create ? "create" : "update"),
	                  NULL);
	if (top == NULL)
		return EPP_ENOMEM;
	ns = xmlNewNs(top, (const xmlChar *)EPP_SECDNS_NS,
	              (const xmlChar *)"secDNS");
	if (ns == NULL)
		return EPP_ENOMEM;
	xmlSetNs(top, ns);
	if (create) {
		if (s->max_sig_life && add_uint(top, ns, "maxSigLife",
		                                (unsigned long)s->max_sig_life))
			return EPP_ENOMEM;
		return build_list(top, ns, s->ds, s->ds_count, s->keys,
		                  s->key_count);
	}
	if (s->urgent && epp__xml_attr(top, "urgent", "true"))
		return EPP_ENOMEM;
	if (s->rem_all || s->rem_ds_count || s->rem_key_count) {
		if ((n = epp__xml_add(top, ns, "rem", NULL)) == NULL)
			return EPP_ENOMEM;
		if (s->rem_all && !epp__xml_add(n, ns, "all", "true"))
			return EPP_ENOMEM;
		if (build_list(n, ns, s->rem_ds, s->rem_ds_count, s->rem_keys,
		               s->rem_key_count))
			return EPP_ENOMEM;
	}
	if (s->ds_count || s->key_count) {
		if ((n = epp__xml_add(top, ns, "add", NULL)) == NULL)
			return EPP_ENOMEM;
		if (s->max_sig_life && add_uint(n, ns, "maxSigLife",
		                                (unsigned long)s->max_sig_life))
			return EPP_ENOMEM;
		if (build_list(n, ns, s->ds, s->ds_count, s->keys,
		               s->key_count))
			return EPP_ENOMEM;
	}
	if (s->chg_max_sig_life) {
		if ((n = epp__xml_add(top, ns, "chg", NULL)) == NULL ||
		    add_uint(n, ns, "maxSigLife",
		             (unsigned long)s->chg_max_sig_life))
			return EPP_ENOMEM;
	}
	return EPP_OK;
}

/* One docs/protocol.md secDNS dict. */
typedef struct {
	int kind; /* 1 ds, 2 key, 3 max_sig_life, 4 all */
	epp_secdns_ds ds;
	epp_secdns_key *key;
	long max_sig_life;
} one;

static int
read_key(const json_t *d, epp__arena *a, epp_secdns_key **out, epp_error *err)
{
	epp_secdns_key *k = epp__arena_alloc(a, sizeof(*k));
	unsigned long v;

	if (k == NULL)
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	if (epp__json_uint(d, "keydata_flags", 1, 65535, &v, NULL, err))
		return EPP_EINVAL;
	k->flags = (unsigned int)v;
	if (epp__json_uint(d, "keydata_protocol", 1, 255, &v, NULL, err))
		return EPP_EINVAL;
	k->protocol = (unsigned int)v;
	if (epp__json_uint(d, "keydata_alg", 1, 255, &v, NULL, err))
		return EPP_EINVAL;
	k->alg = (unsigned int)v;
	if (epp__json_str(d, "keydata_pubkey", 1, &k->pub_key, err))
		return EPP_EINVAL;
	*out = k;
	return EPP_OK;
}

static int
read_one(const json_t *d, epp__arena *a, one *o, epp_error *err)
{
	unsigned long v;
	int has_key = json_object_get(d, "keydata_pubkey") != NULL &&
	              !json_is_null(json_object_get(d, "keydata_pubkey"));
	int has_ds = json_object_get(d, "digest") != NULL &&
	             !json_is_null(json_object_get(d, "digest"));

	memset(o, 0, sizeof(*o));
	if (has_key && read_key(d, a, &o->key, err))
		return err ? err->code : EPP_EINVAL;
	/* ours: max_sig_life may ride along with DS or key data */
	if ((has_key || has_ds) && json_object_get(d, "max_sig_life")) {
		if (epp__json_uint(d, "max_sig_life", 1, INT_MAX, &v, NULL,
		                   err))
			return EPP_EINVAL;
		o->max_sig_life = (long)v;
	}
	if (has_ds) {
		o->kind = 1;
		o->ds.key = o->key;
		if (epp__json_uint(d, "key_tag", 1, 65535, &v, NULL, err))
			return EPP_EINVAL;
		o->ds.key_tag = (unsigned int)v;
		if (epp__json_uint(d, "alg", 1, 255, &v, NULL, err))
			return EPP_EINVAL;
		o->ds.alg = (unsigned int)v;
		if (epp__json_uint(d, "digest_type", 1, 255, &v, NULL, err))
			return EPP_EINVAL;
		o->ds.digest_type = (unsigned int)v;
		return epp__json_str(d, "digest", 1, &o->ds.digest, err);
	}
	if (has_key) {
		o->kind = 2;
		return EPP_OK;
	}
	if (json_object_get(d, "max_sig_life")) {
		o->kind = 3;
		if (epp__json_uint(d, "max_sig_life", 1, INT_MAX, &v, NULL,
		                   err))
			return EPP_EINVAL;
		o->max_sig_life = (long)v;
		if (v == 0)
			return epp__invalid(err, "max_sig_life", -1,
			                    "must be at least 1");
		return EPP_OK;
	}
	if (json_object_get(d, "all")) {
		o->kind = 4;
		if (!epp__json_truthy(json_object_get(d, "all")))
			return epp__invalid(err, "all", -1, "must be true");
		return EPP_OK;
	}
	return epp__invalid(err, "secdns", -1,
	                    "needs digest, keydata_pubkey, max_sig_life or "
	                    "all");
}

/*
 * Read one of the dict-or-list keys into ds/key arrays. `what` 0 = add
 * (or create), 1 = rem, 2 = change.
 */
static int
read_part(const json_t *args, const char *key, int what, epp_secdns *s,
          epp__arena *a, int *found, epp_error *err)
{
	const json_t **items;
	size_t n;
	epp_secdns_ds *ds;
	epp_secdns_key *keys;
	size_t nds = 0, nkeys = 0;
	int rc = epp__json_dicts(args, key, a, &items, &n, err);

	if (rc || n == 0)
		return rc;
	*found = 1;
	ds = epp__arena_alloc(a, n * sizeof(*ds));
	keys = epp__arena_alloc(a, n * sizeof(*keys));
	if (ds == NULL || keys == NULL)
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		one o;

		if ((rc = read_one(items[i], a, &o, err)) != 0) {
			/* prefix the key so the caller knows which dict */
			if (err && rc == EPP_EINVAL) {
				char tmp[EPP_ERROR_TEXT_LENGTH];
				snprintf(tmp, sizeof(tmp), "%s", err->text);
				epp__error_set(err, rc, "%s: %s", key, tmp);
			}
			return rc;
		}
		if (o.kind <= 2 && o.max_sig_life) {
			if (what != 0)
				return epp__invalid(err, key, (long)i,
				                    "max_sig_life not allowed "
				                    "here");
			s->max_sig_life = o.max_sig_life;
		}
		if (o.kind == 1)
			ds[nds++] = o.ds;
		else if (o.kind == 2)
			keys[nkeys++] = *o.key;
		else if (o.kind == 3 && what == 0)
			s->max_sig_life = o.max_sig_life;
		else if (o.kind == 3 && what == 2)
			s->chg_max_sig_life = o.max_sig_life;
		else if (o.kind == 4 && what == 1)
			s->rem_all = 1;
		else
			return epp__invalid(err, key, (long)i,
			                    o.kind == 4 ? "all only applies "
			                                  "to rem_secdns"
			                                : "max_sig_life not "
			                                  "allowed here");
		if (what == 2 && o.kind != 3)
			return epp__invalid(err, key, (long)i,
			                    "only max_sig_life can be "
			                    "changed");
	}
	if (what == 1) {
		s->rem_ds = ds, s->rem_ds_count = nds;
		s->rem_keys = keys, s->rem_key_count = nkeys;
	} else if (what == 0) {
		s->ds = ds, s->ds_count = nds;
		s->keys = keys, s->key_count = nkeys;
	}
	return EPP_OK;
}

static int
secdns_from_json(const void **data, const json_t *args, epp__cmd cmd,
                 epp__arena *a, epp_error *err)
{
	epp_secdns *s = epp__arena_alloc(a, sizeof(*s));
	int found = 0, rc;

	*data = NULL;
	if (s == NULL)
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	if (cmd == EPP__CMD_DOMAIN_CREATE) {
		rc = read_part(args, "secdns", 0, s, a, &found, err);
	} else {
		if ((rc = read_part(args, "add_secdns", 0, s, a, &found,
		                    err)) ||
		    (rc = read_part(args, "rem_secdns", 1, s, a, &found,
		                    err)) ||
		    (rc = read_part(args, "change_secdns", 2, s, a, &found,
		                    err)))
			return rc;
		s->urgent = epp__json_truthy(
		        json_object_get(args, "secdns_urgent"));
	}
	if (rc == EPP_OK && found)
		*data = s;
	return rc;
}

const epp__ext_module epp__ext_secdns = {
        EPP_EXT_SECDNS,
        EPP_SECDNS_NS,
        EPP__CMD_BIT(EPP__CMD_DOMAIN_CREATE) |
                EPP__CMD_BIT(EPP__CMD_DOMAIN_UPDATE),
        secdns_validate,
        secdns_build,
        secdns_from_json,
};

/* ---- responses ---- */

static int
num(epp_response *r, const xmlNode *parent, const char *name)
{
	return (int)epp__rnum(epp__rchild(r, parent, EPP_NS_SECDNS, name));
}

static void
key_data(epp_response *r, const xmlNode *n, epp_secdns_key_data *k)
{
	k->flags = num(r, n, "flags");
	k->protocol = num(r, n, "protocol");
	k->alg = num(r, n, "alg");
	k->pub_key = epp__rchild(r, n, EPP_NS_SECDNS, "pubKey");
}

int
epp__parse_secdns(epp_response *r, const xmlNode *n)
{
	const char *ns = EPP_NS_SECDNS;
	epp_secdns_info_data *d = epp__arena_alloc(&r->arena, sizeof(*d));
	epp_secdns_ds_data *ds;
	epp_secdns_key_data *keys, *k;
	const xmlNode *c, *kn;
	size_t i = 0;

	if (d == NULL)
		return EPP_ENOMEM;
	d->max_sig_life = epp__rnum(epp__rchild(r, n, ns, "maxSigLife"));
	d->ds_count = epp__rcount(n, ns, "dsData");
	d->key_count = epp__rcount(n, ns, "keyData");
	ds = epp__arena_alloc(&r->arena, d->ds_count * sizeof(*ds) + 1);
	keys = epp__arena_alloc(&r->arena, d->key_count * sizeof(*keys) + 1);
	if (ds == NULL || keys == NULL)
		return EPP_ENOMEM;
	for (c = epp__xml_child(n, ns, "dsData"); c != NULL;
	     c = epp__xml_next(c, ns, "dsData"), i++) {
		ds[i].key_tag = num(r, c, "keyTag");
		ds[i].alg = num(r, c, "alg");
		ds[i].digest_type = num(r, c, "digestType");
		ds[i].digest = epp__rchild(r, c, ns, "digest");
		kn = epp__xml_child(c, ns, "keyData");
		if (kn != NULL) {
			k = epp__arena_alloc(&r->arena, sizeof(*k));
			if (k == NULL)
				return EPP_ENOMEM;
			key_data(r, kn, k);
			ds[i].key = k;
		}
	}
	i = 0;
	for (c = epp__xml_child(n, ns, "keyData"); c != NULL;
	     c = epp__xml_next(c, ns, "keyData"), i++)
		key_data(r, c, &keys[i]);
	d->ds = ds;
	d->keys = keys;
	r->secdns = d;
	return EPP_OK;
}
