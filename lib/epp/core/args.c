/*
 * Reading the "args" of a JSON request into the argument structs of the
 * builders. A JSON null counts as absent; errors name the key and never
 * quote the value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/args_private.h"
#include "epp/object.h"

const json_t *
epp__json_get(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return v && !json_is_null(v) ? v : NULL;
}

int
epp__json_str(const json_t *obj, const char *key, int required,
              const char **out, epp_error *err)
{
	const json_t *v = epp__json_get(obj, key);

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
	const json_t *v = epp__json_get(obj, key);
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
	const json_t *v = epp__json_get(obj, key);
	const json_t **arr;
	size_t n;

	*items = NULL;
	*count = 0;
	if (v == NULL)
		return EPP_OK;
	if (json_is_object(v)) {
		if ((arr = epp__arena_alloc(arena, sizeof(*arr))) == NULL)
			return EPP__OOM(err);
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
		return EPP__OOM(err);
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
int
epp__req_strs(epp__req *r, const char *key, int required,
              const char *const **out, size_t *n)
{
	const json_t *v = epp__json_get(r->args, key);
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
		return EPP__OOM(r->err);
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

int
epp__req_str(epp__req *r, const char *key, int required, const char **out)
{
	return epp__json_str(r->args, key, required, out, r->err);
}

/* "period" and "period_units"; `required` per the docs/protocol.md table. */
int
epp__req_period(epp__req *r, int required, int *p, char *unit)
{
	unsigned long v;
	const char *u;
	int rc;

	if ((rc = epp__json_uint(r->args, "period", required, 65535, &v, NULL,
	                         r->err)))
		return rc;
	*p = (int)v;
	if ((rc = epp__req_str(r, "period_units", required, &u)))
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
int
epp__req_ips(epp__req *r, const json_t *obj, const char *key,
             const epp_ip_addr **out, size_t *n)
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
		return EPP__OOM(r->err);
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
int
epp__req_statuses(epp__req *r, const char *key, const epp_status **out,
                  size_t *n)
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
		return EPP__OOM(r->err);
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
int
epp__req_transfer_op(epp__req *r, epp_transfer_op *op)
{
	const char *s;
	int rc = epp__req_str(r, "op", 0, &s);

	*op = EPP_TRANSFER_REQUEST;
	if (rc || s == NULL)
		return rc;
	if (epp_transfer_op_parse(s, op))
		return epp__invalid(r->err, "op", -1,
		                    "must be request, query, approve, reject "
		                    "or cancel");
	return EPP_OK;
}
