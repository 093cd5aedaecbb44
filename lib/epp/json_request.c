/*
 * The JSON bridge: {"cmd": ..., "args": {...}} of docs/protocol.md turned into
 * the same argument structs the C API takes, then the same builders. The
 * arrays a request needs live in one arena; strings are borrowed from the
 * parsed JSON, which lives until the command is built.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idn_private.h"
#include "build_private.h"
#include "ext_private.h"
#include "epp/contact.h"
#include "epp/domain.h"
#include "epp/host.h"
#include "epp/json.h"
#include "epp/poll.h"

/* A request bigger than this is not a registrar's request. */
#define MAX_REQUEST (1024 * 1024)

typedef struct {
	const json_t *args;
	epp__arena arena;
	const char *cltrid;
	epp_command **out;
	epp_error *err;
	const epp_ext_arg *ext;
	size_t ext_count;
} req;

static int
nomem(epp_error *err)
{
	return EPP__OOM(err);
}

static const json_t *
get(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return v && !json_is_null(v) ? v : NULL;
}

int
epp__json_str(const json_t *obj, const char *key, int required,
              const char **out, epp_error *err)
{
	const json_t *v = get(obj, key);

	*out = NULL;
	if (v == NULL)
		return required ? epp__invalid(err, key, -1, "is required")
		                : EPP_OK;
	if (!json_is_string(v))
		return epp__invalid(err, key, -1, "must be a string");
	*out = json_string_value(v);
	return EPP_OK;
}

int
epp__json_uint(const json_t *obj, const char *key, int required,
               unsigned long max, unsigned long *out, int *present,
               epp_error *err)
{
	const json_t *v = get(obj, key);
	unsigned long n = 0;

	*out = 0;
	if (present)
		*present = v != NULL;
	if (v == NULL)
		return required ? epp__invalid(err, key, -1, "is required")
		                : EPP_OK;
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0 ||
		    (unsigned long long)json_integer_value(v) > max)
			goto range;
		*out = (unsigned long)json_integer_value(v);
		return EPP_OK;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t len = strlen(s);

		if (len == 0 || len > 10)
			goto bad;
		for (; *s; s++) {
			if (*s < '0' || *s > '9')
				goto bad;
			n = n * 10 + (unsigned long)(*s - '0');
		}
		if (n > max)
			goto range;
		*out = n;
		return EPP_OK;
	}
bad:
	return epp__invalid(err, key, -1, "must be a non-negative integer");
range:
	return epp__invalid(err, key, -1, "is out of range");
}

int
epp__json_truthy(const json_t *v)
{
	if (v == NULL)
		return 0;
	switch (json_typeof(v)) {
	case JSON_TRUE:
		return 1;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	case JSON_STRING:
		return json_string_length(v) != 0;
	case JSON_ARRAY:
		return json_array_size(v) != 0;
	case JSON_OBJECT:
		return json_object_size(v) != 0;
	default:
		return 0;
	}
}

int
epp__json_dicts(const json_t *obj, const char *key, epp__arena *arena,
                const json_t ***items, size_t *count, epp_error *err)
{
	const json_t *v = get(obj, key);
	const json_t **arr;
	size_t n;

	*items = NULL;
	*count = 0;
	if (v == NULL)
		return EPP_OK;
	if (json_is_object(v)) {
		if ((arr = epp__arena_alloc(arena, sizeof(*arr))) == NULL)
			return nomem(err);
		arr[0] = v;
		*items = arr;
		*count = 1;
		return EPP_OK;
	}
	if (!json_is_array(v))
		return epp__invalid(err, key, -1,
		                    "must be an object or a list of objects");
	n = json_array_size(v);
	if ((arr = epp__arena_alloc(arena, (n + 1) * sizeof(*arr))) == NULL)
		return nomem(err);
	for (size_t i = 0; i < n; i++) {
		arr[i] = json_array_get(v, i);
		if (!json_is_object(arr[i]))
			return epp__invalid(err, key, (long)i,
			                    "must be an object");
	}
	*items = arr;
	*count = n;
	return EPP_OK;
}

/* A list of strings. */
static int
str_list(req *r, const char *key, int required, const char *const **out,
         size_t *n)
{
	const json_t *v = get(r->args, key);
	const char **arr;
	size_t i;

	*out = NULL;
	*n = 0;
	if (v == NULL)
		return required ? epp__invalid(r->err, key, -1, "is required")
		                : EPP_OK;
	if (!json_is_array(v))
		return epp__invalid(r->err, key, -1,
		                    "must be a list of strings");
	arr = epp__arena_alloc(&r->arena,
	                       (json_array_size(v) + 1) * sizeof(*arr));
	if (arr == NULL)
		return nomem(r->err);
	for (i = 0; i < json_array_size(v); i++) {
		if (!json_is_string(json_array_get(v, i)))
			return epp__invalid(r->err, key, (long)i,
			                    "must be a string");
		arr[i] = json_string_value(json_array_get(v, i));
	}
	*out = arr;
	*n = i;
	return EPP_OK;
}

static int
str(req *r, const char *key, int required, const char **out)
{
	return epp__json_str(r->args, key, required, out, r->err);
}

/* "period" and "period_units"; `required` per the docs/protocol.md table. */
static int
period(req *r, int required, int *p, char *unit)
{
	unsigned long v;
	const char *u;
	int rc;

	if ((rc = epp__json_uint(r->args, "period", required, 65535, &v, NULL,
	                         r->err)))
		return rc;
	*p = (int)v;
	if ((rc = str(r, "period_units", required, &u)))
		return rc;
	*unit = 'y';
	if (u) {
		if (strcmp(u, "y") != 0 && strcmp(u, "m") != 0)
			return epp__invalid(r->err, "period_units", -1,
			                    "must be \"y\" or \"m\"");
		*unit = u[0];
	}
	if (required && *p == 0)
		return epp__invalid(r->err, "period", -1, "must be 1 to 99");
	return EPP_OK;
}

/* [{"ip", "version": "v4"|"v6"}] */
static int
ip_list(req *r, const json_t *obj, const char *key, const epp_ip_addr **out,
        size_t *n)
{
	const json_t **items;
	epp_ip_addr *arr;
	const char *ver;
	int rc;

	*out = NULL;
	if ((rc = epp__json_dicts(obj, key, &r->arena, &items, n, r->err)))
		return rc;
	if (*n == 0)
		return EPP_OK;
	if ((arr = epp__arena_alloc(&r->arena, *n * sizeof(*arr))) == NULL)
		return nomem(r->err);
	for (size_t i = 0; i < *n; i++) {
		if (epp__json_str(items[i], "ip", 1, &arr[i].addr, r->err) ||
		    epp__json_str(items[i], "version", 0, &ver, r->err))
			return epp__invalid(r->err, key, (long)i,
			                    "needs \"ip\" and an optional "
			                    "\"version\" string");
		if (ver == NULL || *ver == '\0')
			arr[i].version = EPP_IP_AUTO;
		else if (strcmp(ver, "v4") == 0)
			arr[i].version = EPP_IP_V4;
		else if (strcmp(ver, "v6") == 0)
			arr[i].version = EPP_IP_V6;
		else
			return epp__invalid(r->err, key, (long)i,
			                    "version must be v4 or v6");
	}
	*out = arr;
	return EPP_OK;
}

/* [{"name", "value"?, "lang"?}] */
static int
status_list(req *r, const char *key, const epp_status **out, size_t *n)
{
	const json_t **items;
	epp_status *arr;
	int rc;

	*out = NULL;
	if ((rc = epp__json_dicts(r->args, key, &r->arena, &items, n, r->err)))
		return rc;
	if (*n == 0)
		return EPP_OK;
	if ((arr = epp__arena_alloc(&r->arena, *n * sizeof(*arr))) == NULL)
		return nomem(r->err);
	for (size_t i = 0; i < *n; i++)
		if (epp__json_str(items[i], "name", 1, &arr[i].s, r->err) ||
		    epp__json_str(items[i], "value", 0, &arr[i].text, r->err) ||
		    epp__json_str(items[i], "lang", 0, &arr[i].lang, r->err))
			return epp__invalid(r->err, key, (long)i,
			                    "needs a \"name\" string and "
			                    "optional \"value\", \"lang\"");
	*out = arr;
	return EPP_OK;
}

/*
 * Name servers: a list of host names (<domain:hostObj>), or, ours, of
 * {"name", "ip_address": [...]} objects (<domain:hostAttr>).
 */
static int
ns_list(req *r, const char *key, epp_domain_ns *ns)
{
	const json_t *v = get(r->args, key);
	size_t n, nobj = 0, nattr = 0;
	const char **objs;
	epp_domain_host_attr *attrs;

	memset(ns, 0, sizeof(*ns));
	if (v == NULL)
		return EPP_OK;
	if (!json_is_array(v))
		return epp__invalid(r->err, key, -1, "must be a list");
	n = json_array_size(v);
	objs = epp__arena_alloc(&r->arena, (n + 1) * sizeof(*objs));
	attrs = epp__arena_alloc(&r->arena, (n + 1) * sizeof(*attrs));
	if (objs == NULL || attrs == NULL)
		return nomem(r->err);
	for (size_t i = 0; i < n; i++) {
		const json_t *h = json_array_get(v, i);

		if (json_is_string(h)) {
			objs[nobj++] = json_string_value(h);
		} else if (json_is_object(h)) {
			epp_domain_host_attr *a = &attrs[nattr++];
			if (epp__json_str(h, "name", 1, &a->name, r->err))
				return epp__invalid(r->err, key, (long)i,
				                    "needs a \"name\"");
			if (ip_list(r, h, "ip_address", &a->addrs,
			            &a->addr_count))
				return EPP_EINVAL;
		} else {
			return epp__invalid(r->err, key, (long)i,
			                    "must be a host name or an object");
		}
	}
	ns->host_objs = objs;
	ns->host_obj_count = nobj;
	ns->host_attrs = attrs;
	ns->host_attr_count = nattr;
	return EPP_OK;
}

/* [{"type", "id"}] */
static int
contact_list(req *r, const char *key, const epp_domain_contact **out, size_t *n)
{
	const json_t **items;
	epp_domain_contact *arr;
	int rc;

	*out = NULL;
	if ((rc = epp__json_dicts(r->args, key, &r->arena, &items, n, r->err)))
		return rc;
	if (*n == 0)
		return EPP_OK;
	if ((arr = epp__arena_alloc(&r->arena, *n * sizeof(*arr))) == NULL)
		return nomem(r->err);
	for (size_t i = 0; i < *n; i++)
		if (epp__json_str(items[i], "type", 1, &arr[i].type, r->err) ||
		    epp__json_str(items[i], "id", 1, &arr[i].id, r->err))
			return epp__invalid(r->err, key, (long)i,
			                    "needs \"type\" and \"id\" "
			                    "strings");
	*out = arr;
	return EPP_OK;
}

/* domain_create "contacts": {"admin", "billing", "tech"}, in that order. */
static int
contact_dict(req *r, const epp_domain_contact **out, size_t *n)
{
	static const char *const types[] = {"admin", "billing", "tech"};
	const json_t *v = get(r->args, "contacts");
	epp_domain_contact *arr;

	*out = NULL;
	*n = 0;
	if (v == NULL)
		return EPP_OK;
	if (json_is_array(v))
		return contact_list(r, "contacts", out, n);
	if (!json_is_object(v))
		return epp__invalid(r->err, "contacts", -1,
		                    "must be an object {admin, billing, "
		                    "tech}");
	if ((arr = epp__arena_alloc(&r->arena, 3 * sizeof(*arr))) == NULL)
		return nomem(r->err);
	for (int i = 0; i < 3; i++) {
		const char *id;
		if (epp__json_str(v, types[i], 0, &id, r->err))
			return epp__invalid(r->err, "contacts", -1,
			                    "ids must be strings");
		if (id && *id) {
			arr[*n].type = types[i];
			arr[*n].id = id;
			(*n)++;
		}
	}
	*out = arr;
	return EPP_OK;
}

/* docs/protocol.md postal infos under "contacts". */
static int
postal_list(req *r, const epp_contact_postal **out, size_t *n)
{
	const json_t **items;
	epp_contact_postal *arr;
	int rc;

	*out = NULL;
	if ((rc = epp__json_dicts(r->args, "contacts", &r->arena, &items, n,
	                          r->err)))
		return rc;
	if (*n == 0)
		return EPP_OK;
	if ((arr = epp__arena_alloc(&r->arena, *n * sizeof(*arr))) == NULL)
		return nomem(r->err);
	for (size_t i = 0; i < *n; i++) {
		const json_t *ad = get(items[i], "address"), *st;
		epp_contact_postal *p = &arr[i];

		if (epp__json_str(items[i], "type", 1, &p->type, r->err) ||
		    epp__json_str(items[i], "name", 0, &p->name, r->err) ||
		    epp__json_str(items[i], "org", 0, &p->org, r->err))
			return epp__invalid(r->err, "contacts", (long)i,
			                    "needs a \"type\" and optional "
			                    "\"name\", \"org\" strings");
		if (ad == NULL)
			continue;
		if (!json_is_object(ad))
			return epp__invalid(r->err, "contacts.address", (long)i,
			                    "must be an object");
		if (epp__json_str(ad, "city", 0, &p->city, r->err) ||
		    epp__json_str(ad, "sp", 0, &p->sp, r->err) ||
		    epp__json_str(ad, "pc", 0, &p->pc, r->err) ||
		    epp__json_str(ad, "cc", 0, &p->cc, r->err))
			return epp__invalid(r->err, "contacts.address", (long)i,
			                    "city, sp, pc and cc must be "
			                    "strings");
		st = get(ad, "street");
		if (st && json_is_string(st)) {
			p->street[0] = json_string_value(st);
			p->street_count = 1;
		} else if (st && json_is_array(st)) {
			if (json_array_size(st) > EPP_CONTACT_MAX_STREET)
				return epp__invalid(
				        r->err, "contacts.address.street",
				        (long)i, "at most 3 street lines");
			for (size_t k = 0; k < json_array_size(st); k++) {
				if (!json_is_string(json_array_get(st, k)))
					return epp__invalid(
					        r->err,
					        "contacts.address.street",
					        (long)i,
					        "lines must be strings");
				p->street[k] = json_string_value(
				        json_array_get(st, k));
			}
			p->street_count = json_array_size(st);
		} else if (st) {
			return epp__invalid(r->err, "contacts.address.street",
			                    (long)i,
			                    "must be a string or a list");
		}
	}
	*out = arr;
	return EPP_OK;
}

static int
phone(req *r, const char *key, const char *ext_key, epp_contact_phone *ph)
{
	int rc = str(r, key, 0, &ph->number);

	return rc ? rc : str(r, ext_key, 0, &ph->ext);
}

/* Ours: "disclose": {"flag", "name"/"org"/"addr": ["int","loc"],
 * "voice"/"fax"/"email": true}. */
static int
disclose(req *r, epp_contact_disclose *d)
{
	static const char *const keys[] = {"name", "org", "addr"};
	const json_t *v = get(r->args, "disclose");
	unsigned *bits[] = {&d->name, &d->org, &d->addr};

	memset(d, 0, sizeof(*d));
	if (v == NULL)
		return EPP_OK;
	if (!json_is_object(v))
		return epp__invalid(r->err, "disclose", -1,
		                    "must be an object");
	d->set = 1;
	d->flag = epp__json_truthy(get(v, "flag"));
	for (int i = 0; i < 3; i++) {
		const json_t *l = get(v, keys[i]);
		if (l == NULL)
			continue;
		if (!json_is_array(l))
			return epp__invalid(r->err, "disclose", -1,
			                    "name, org and addr take a list "
			                    "of \"int\"/\"loc\"");
		for (size_t k = 0; k < json_array_size(l); k++) {
			const char *t = json_string_value(json_array_get(l, k));
			if (t && strcmp(t, "int") == 0)
				*bits[i] |= EPP_DISCLOSE_INT;
			else if (t && strcmp(t, "loc") == 0)
				*bits[i] |= EPP_DISCLOSE_LOC;
			else
				return epp__invalid(r->err, "disclose", -1,
				                    "types must be int or "
				                    "loc");
		}
	}
	d->voice = epp__json_truthy(get(v, "voice"));
	d->fax = epp__json_truthy(get(v, "fax"));
	d->email = epp__json_truthy(get(v, "email"));
	return EPP_OK;
}

static int
transfer_op(req *r, epp_transfer_op *op)
{
	const char *s;
	int rc = str(r, "op", 0, &s);

	*op = EPP_TRANSFER_REQUEST;
	if (rc || s == NULL)
		return rc;
	if (epp_transfer_op_parse(s, op))
		return epp__invalid(r->err, "op", -1,
		                    "must be request, query, approve, reject "
		                    "or cancel");
	return EPP_OK;
}

/* Every module of the table that extends `cmd` picks its own keys. */
static int
collect_ext(req *r, epp__cmd cmd)
{
	epp_ext_arg *arr;
	size_t n = 0;

	const char *registered;

	for (size_t i = 0; epp__ext_modules[i]; i++)
		n++;
	if ((arr = epp__arena_alloc(&r->arena, (n + 2) * sizeof(*arr))) == NULL)
		return nomem(r->err);
	n = 0;
	for (size_t i = 0; epp__ext_modules[i]; i++) {
		const epp__ext_module *m = epp__ext_modules[i];
		const void *data = NULL;
		int rc;

		if (!(m->commands & EPP__CMD_BIT(cmd)))
			continue;
		if ((rc = m->from_json(&data, r->args, cmd, &r->arena, r->err)))
			return rc;
		if (data) {
			arr[n].module = m->name;
			arr[n].data = data;
			n++;
		}
	}
	/* modules registered at run time (epp_ext_register) */
	{
		int rc = epp__dyn_from_json(&registered, r->args, cmd,
		                            &r->arena, r->err);
		if (rc)
			return rc;
	}
	if (registered) {
		arr[n].module = EPP__EXT_REGISTERED;
		arr[n].data = registered;
		n++;
	}
	r->ext = arr;
	r->ext_count = n;
	return EPP_OK;
}

#define TRY(x)                                                                 \
	do {                                                                   \
		int rc_ = (x);                                                 \
		if (rc_)                                                       \
			return rc_;                                            \
	} while (0)

/*
 * The common end of every request: the extensions it names go into the
 * object's args `a`, then the object's builder makes the command.
 */
#define BUILD_WITH_EXT(cmd, build)                                             \
	do {                                                                   \
		TRY(collect_ext(r, (cmd)));                                    \
		a.ext = r->ext;                                                \
		a.ext_count = r->ext_count;                                    \
		return build(r->out, &a, r->cltrid, r->err);                   \
	} while (0)

static int
poll_req(req *r)
{
	return epp_poll_req_build(r->out, r->cltrid, r->err);
}

static int
poll_ack(req *r)
{
	const json_t *v = get(r->args, "msg_id");
	char *buf;

	if (json_is_integer(v)) {
		if ((buf = epp__arena_alloc(&r->arena, 24)) == NULL)
			return nomem(r->err);
		snprintf(buf, 24, "%lld", (long long)json_integer_value(v));
		return epp_poll_ack_build(r->out, buf, r->cltrid, r->err);
	}
	if (v == NULL)
		return epp__invalid(r->err, "msg_id", -1, "is required");
	if (!json_is_string(v))
		return epp__invalid(r->err, "msg_id", -1,
		                    "must be a string or an integer");
	return epp_poll_ack_build(r->out, json_string_value(v), r->cltrid,
	                          r->err);
}

static int
hello(req *r)
{
	return epp_hello_build(r->out, r->cltrid, r->err);
}

static int
host_check(req *r)
{
	epp_host_check_args a = EPP_HOST_CHECK_ARGS_INIT;

	TRY(str_list(r, "hosts", 1, &a.names, &a.count));
	BUILD_WITH_EXT(EPP__CMD_HOST_CHECK, epp_host_check_build);
}

static int
host_info(req *r)
{
	epp_host_name_args a = EPP_HOST_NAME_ARGS_INIT;

	TRY(str(r, "name", 1, &a.name));
	BUILD_WITH_EXT(EPP__CMD_HOST_INFO, epp_host_info_build);
}

static int
host_delete(req *r)
{
	epp_host_name_args a = EPP_HOST_NAME_ARGS_INIT;

	TRY(str(r, "name", 1, &a.name));
	BUILD_WITH_EXT(EPP__CMD_HOST_DELETE, epp_host_delete_build);
}

static int
host_create(req *r)
{
	epp_host_create_args a = EPP_HOST_CREATE_ARGS_INIT;

	TRY(str(r, "name", 1, &a.name));
	TRY(ip_list(r, r->args, "ip_address", &a.addrs, &a.addr_count));
	BUILD_WITH_EXT(EPP__CMD_HOST_CREATE, epp_host_create_build);
}

static int
host_update(req *r)
{
	epp_host_update_args a = EPP_HOST_UPDATE_ARGS_INIT;

	TRY(str(r, "name", 1, &a.name));
	TRY(ip_list(r, r->args, "add_ip_address", &a.add_addrs,
	            &a.add_addr_count));
	TRY(ip_list(r, r->args, "remove_ip_address", &a.rem_addrs,
	            &a.rem_addr_count));
	TRY(status_list(r, "add_statuses", &a.add_statuses,
	                &a.add_status_count));
	TRY(status_list(r, "remove_statuses", &a.rem_statuses,
	                &a.rem_status_count));
	TRY(str(r, "new_name", 0, &a.chg_name));
	BUILD_WITH_EXT(EPP__CMD_HOST_UPDATE, epp_host_update_build);
}

static int
contact_check(req *r)
{
	epp_contact_check_args a = EPP_CONTACT_CHECK_ARGS_INIT;

	TRY(str_list(r, "contacts", 1, &a.ids, &a.count));
	BUILD_WITH_EXT(EPP__CMD_CONTACT_CHECK, epp_contact_check_build);
}

static int
contact_info(req *r)
{
	epp_contact_id_args a = EPP_CONTACT_ID_ARGS_INIT;

	TRY(str(r, "contact", 1, &a.id));
	TRY(str(r, "auth_info", 0, &a.auth_info));
	BUILD_WITH_EXT(EPP__CMD_CONTACT_INFO, epp_contact_info_build);
}

static int
contact_delete(req *r)
{
	epp_contact_id_args a = EPP_CONTACT_ID_ARGS_INIT;

	TRY(str(r, "contact", 1, &a.id));
	BUILD_WITH_EXT(EPP__CMD_CONTACT_DELETE, epp_contact_delete_build);
}

static int
contact_transfer(req *r)
{
	epp_contact_transfer_args a = EPP_CONTACT_TRANSFER_ARGS_INIT;

	TRY(str(r, "contact", 1, &a.id));
	TRY(str(r, "auth_info", 0, &a.auth_info));
	TRY(transfer_op(r, &a.op));
	BUILD_WITH_EXT(EPP__CMD_CONTACT_TRANSFER, epp_contact_transfer_build);
}

static int
contact_create(req *r)
{
	epp_contact_create_args a = EPP_CONTACT_CREATE_ARGS_INIT;

	TRY(str(r, "id", 1, &a.id));
	TRY(phone(r, "voice", "voice_ext", &a.voice));
	TRY(phone(r, "fax", "fax_ext", &a.fax));
	TRY(str(r, "email", 0, &a.email));
	TRY(str(r, "auth_info", 0, &a.auth_info));
	TRY(postal_list(r, &a.postal, &a.postal_count));
	TRY(disclose(r, &a.disclose));
	BUILD_WITH_EXT(EPP__CMD_CONTACT_CREATE, epp_contact_create_build);
}

static int
contact_update(req *r)
{
	epp_contact_update_args a = EPP_CONTACT_UPDATE_ARGS_INIT;

	TRY(str(r, "id", 1, &a.id));
	TRY(phone(r, "voice", "voice_ext", &a.chg_voice));
	TRY(phone(r, "fax", "fax_ext", &a.chg_fax));
	TRY(str(r, "email", 0, &a.chg_email));
	TRY(str(r, "auth_info", 0, &a.chg_auth_info));
	TRY(postal_list(r, &a.chg_postal, &a.chg_postal_count));
	TRY(disclose(r, &a.chg_disclose));
	TRY(status_list(r, "add_statuses", &a.add_statuses,
	                &a.add_status_count));
	TRY(status_list(r, "remove_statuses", &a.rem_statuses,
	                &a.rem_status_count));
	BUILD_WITH_EXT(EPP__CMD_CONTACT_UPDATE, epp_contact_update_build);
}

static int
domain_check(req *r)
{
	epp_domain_check_args a = EPP_DOMAIN_CHECK_ARGS_INIT;

	TRY(str_list(r, "domains", 1, &a.names, &a.count));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_CHECK, epp_domain_check_build);
}

static int
domain_info(req *r)
{
	epp_domain_info_args a = EPP_DOMAIN_INFO_ARGS_INIT;

	TRY(str(r, "name", 1, &a.name));
	TRY(str(r, "auth_info", 0, &a.auth_info));
	TRY(str(r, "hosts", 0, &a.hosts));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_INFO, epp_domain_info_build);
}

static int
domain_delete(req *r)
{
	epp_domain_delete_args a = EPP_DOMAIN_DELETE_ARGS_INIT;

	TRY(str(r, "name", 1, &a.name));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_DELETE, epp_domain_delete_build);
}

static int
domain_create(req *r)
{
	epp_domain_create_args a = EPP_DOMAIN_CREATE_ARGS_INIT;

	TRY(str(r, "name", 1, &a.name));
	TRY(str(r, "registrant", 1, &a.registrant));
	TRY(ns_list(r, "nameservers", &a.ns));
	TRY(period(r, 1, &a.period, &a.period_unit));
	TRY(contact_dict(r, &a.contacts, &a.contact_count));
	TRY(str(r, "auth_info", 0, &a.auth_info));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_CREATE, epp_domain_create_build);
}

static int
domain_renew(req *r)
{
	epp_domain_renew_args a = EPP_DOMAIN_RENEW_ARGS_INIT;
	const char *d;
	char *day;

	TRY(str(r, "name", 1, &a.name));
	TRY(str(r, "cur_exp_date", 1, &d));
	/* the original gate passed a full date-time through; keep its day */
	if (strlen(d) > 10 && d[10] == 'T') {
		if ((day = epp__arena_alloc(&r->arena, 11)) == NULL)
			return nomem(r->err);
		memcpy(day, d, 10);
		d = day;
	}
	a.cur_exp_date = d;
	TRY(period(r, 1, &a.period, &a.period_unit));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_RENEW, epp_domain_renew_build);
}

static int
domain_transfer(req *r)
{
	epp_domain_transfer_args a = EPP_DOMAIN_TRANSFER_ARGS_INIT;

	TRY(str(r, "name", 1, &a.name));
	TRY(str(r, "auth_info", 0, &a.auth_info));
	TRY(period(r, 0, &a.period, &a.period_unit));
	TRY(transfer_op(r, &a.op));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_TRANSFER, epp_domain_transfer_build);
}

static int
domain_update(req *r)
{
	epp_domain_update_args a = EPP_DOMAIN_UPDATE_ARGS_INIT;

	TRY(str(r, "name", 1, &a.name));
	TRY(ns_list(r, "add_nameservers", &a.add_ns));
	TRY(ns_list(r, "remove_nameservers", &a.rem_ns));
	TRY(contact_list(r, "add_contacts", &a.add_contacts,
	                 &a.add_contact_count));
	TRY(contact_list(r, "remove_contacts", &a.rem_contacts,
	                 &a.rem_contact_count));
	TRY(status_list(r, "add_statuses", &a.add_statuses,
	                &a.add_status_count));
	TRY(status_list(r, "remove_statuses", &a.rem_statuses,
	                &a.rem_status_count));
	TRY(str(r, "change_registrant", 0, &a.chg_registrant));
	if (a.chg_registrant && *a.chg_registrant == '\0')
		a.chg_registrant = NULL; /* the original gate skips "" */
	TRY(str(r, "auth_info", 0, &a.chg_auth_info));
	a.chg_auth_info_null = epp__json_truthy(get(r->args, "auth_info_null"));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_UPDATE, epp_domain_update_build);
}

/* RFC 8543 organizations (org.c) */
static int
org(req *r, epp__cmd cmd)
{
	TRY(collect_ext(r, cmd));
	return epp__org_from_json(r->out, epp__cmd_name(cmd), r->args, r->ext,
	                          r->ext_count, &r->arena, r->cltrid, r->err);
}

static int
org_check(req *r)
{
	return org(r, EPP__CMD_ORG_CHECK);
}

static int
org_info(req *r)
{
	return org(r, EPP__CMD_ORG_INFO);
}

static int
org_create(req *r)
{
	return org(r, EPP__CMD_ORG_CREATE);
}

static int
org_delete(req *r)
{
	return org(r, EPP__CMD_ORG_DELETE);
}

static int
org_update(req *r)
{
	return org(r, EPP__CMD_ORG_UPDATE);
}

static const struct {
	const char *cmd;
	int (*fn)(req *r);
} commands[] = {
        {"poll_req", poll_req},
        {"poll_ack", poll_ack},
        {"hello", hello},
        {"host_check", host_check},
        {"host_info", host_info},
        {"host_create", host_create},
        {"host_update", host_update},
        {"host_delete", host_delete},
        {"contact_check", contact_check},
        {"contact_info", contact_info},
        {"contact_create", contact_create},
        {"contact_update", contact_update},
        {"contact_delete", contact_delete},
        {"contact_transfer", contact_transfer},
        {"domain_check", domain_check},
        {"domain_info", domain_info},
        {"domain_create", domain_create},
        {"domain_delete", domain_delete},
        {"domain_renew", domain_renew},
        {"domain_transfer", domain_transfer},
        {"domain_update", domain_update},
        {"org_check", org_check},
        {"org_info", org_info},
        {"org_create", org_create},
        {"org_delete", org_delete},
        {"org_update", org_update},
};

int
epp_json_to_command(epp_command **out, const char *json, size_t len,
                    const char *cltrid, epp_error *err)
{
	json_error_t jerr;
	json_t *root, *args, *cmd;
	req r;
	int rc;

	if (out == NULL || json == NULL)
		return epp__error_set(err, EPP_EINVAL,
		                      "out and json must not be NULL");
	*out = NULL;
	if (len > MAX_REQUEST)
		return epp__error_set(err, EPP_ELIMIT,
		                      "request larger than %d bytes",
		                      MAX_REQUEST);
	root = json_loadb(json, len, 0, &jerr);
	if (root == NULL) {
		/* jansson's text may quote the input (a password): not used */
		rc = epp__error_set(err, EPP_EINVAL,
		                    "invalid JSON at line %d, column %d",
		                    jerr.line, jerr.column);
		if (err) {
			err->line = jerr.line > 0 ? jerr.line : 0;
			err->column = jerr.column > 0 ? jerr.column : 0;
		}
		return rc;
	}
	cmd = json_object_get(root, "cmd");
	args = json_object_get(root, "args");
	if (!json_is_object(root))
		rc = epp__error_set(err, EPP_EINVAL,
		                    "request must be a JSON object");
	else if (!json_is_string(cmd))
		rc = epp__error_set(err, EPP_EINVAL,
		                    "cmd: missing or not a string");
	else if (args && !json_is_null(args) && !json_is_object(args))
		rc = epp__error_set(err, EPP_EINVAL, "args: must be an object");
	else if ((rc = epp__idn_request(root, err)) != EPP_OK)
		;
	else {
		size_t i, n = sizeof(commands) / sizeof(commands[0]);
		json_t *empty = NULL;

		for (i = 0; i < n; i++)
			if (strcmp(commands[i].cmd, json_string_value(cmd)) ==
			    0)
				break;
		if (i == n) {
			rc = epp__error_set(err, EPP_EINVAL,
			                    "cmd: unknown command");
		} else {
			if (args == NULL || json_is_null(args))
				args = empty = json_object();
			memset(&r, 0, sizeof(r));
			r.args = args;
			r.cltrid = cltrid;
			r.out = out;
			r.err = err;
			rc = args ? commands[i].fn(&r) : nomem(err);
			epp__arena_free(&r.arena);
			json_decref(empty);
		}
	}
	json_decref(root);
	return rc;
}
