/*
 * Internal: reading the "args" of a JSON request (args.c), for the JSON
 * forms of the objects and the from_json of extension modules. A JSON
 * null counts as absent. Errors name the key: "<key>: must be a string".
 */
#ifndef EPP_ARGS_PRIVATE_H
#define EPP_ARGS_PRIVATE_H

#include <jansson.h>

#include "base/base_private.h"
#include "epp/command.h"
#include "epp/ext.h"
#include "epp/object.h"

/* One request being read: its args, the arena its argument structs live
 * in, and where the command goes. */
typedef struct {
	const json_t *args;
	epp__arena arena;
	const char *cltrid;
	epp_command **out;
	epp_error *err;
	const epp_ext_arg *ext; /* filled by epp__ext_from_json() */
	size_t ext_count;
} epp__req;

/* The value of `key`, NULL when absent or JSON null. */
const json_t *epp__json_get(const json_t *obj, const char *key);
/* A string; *out NULL when absent and not `required`. */
int epp__json_str(const json_t *obj, const char *key, int required,
                  const char **out, epp_error *err);
/* A non-negative integer or a string of digits, at most `max`;
 * *present says whether the key was there. */
int epp__json_uint(const json_t *obj, const char *key, int required,
                   unsigned long max, unsigned long *out, int *present,
                   epp_error *err);
/* Truth as the original gate's Python sees it: true, non-zero numbers,
 * non-empty strings, arrays and objects. */
int epp__json_truthy(const json_t *v);
/* A dict or a list of dicts under `key`: items and count (in the arena); an
 * absent key gives count 0. */
int epp__json_dicts(const json_t *obj, const char *key, epp__arena *arena,
                    const json_t ***items, size_t *count, epp_error *err);

/* The same readers on a request's args, allocating in its arena. */
int epp__req_str(epp__req *r, const char *key, int required, const char **out);
/* A list of strings. */
int epp__req_strs(epp__req *r, const char *key, int required,
                  const char *const **out, size_t *n);
/* "period" and "period_units"; `required` per the docs/protocol.md table. */
int epp__req_period(epp__req *r, int required, int *p, char *unit);
/* [{"ip", "version": "v4"|"v6"}] under `key` of `obj`. */
int epp__req_ips(epp__req *r, const json_t *obj, const char *key,
                 const epp_ip_addr **out, size_t *n);
/* [{"name", "value"?, "lang"?}] */
int epp__req_statuses(epp__req *r, const char *key, const epp_status **out,
                      size_t *n);
/* "op": request (default), query, approve, reject or cancel. */
int epp__req_transfer_op(epp__req *r, epp_transfer_op *op);

#endif
