/*
 * Internal: what the object builders (domain, host, contact, org, poll)
 * share, and the JSON forms of their commands (<object>_json.c).
 */
#ifndef EPP_OBJECTS_PRIVATE_H
#define EPP_OBJECTS_PRIVATE_H

#include "core/args_private.h"
#include "core/build_private.h"
#include "ext/ext_private.h"

/*
 * The commands that carry only names or ids (check, info, delete, and the
 * contact transfer) and an optional authInfo: one shape for all objects.
 * `field` names the argument in errors ("domains", "name"...); with
 * `list` set the errors carry an index. `ids` checks the values as
 * eppcom:clIDType ids (contacts) instead of names.
 */
typedef struct {
	epp__cmd cmd;
	epp_command_kind kind;
	const char *verb, *op;
	const char *uri, *prefix, *elem;
	const char *field;
	int list, ids;
} epp__simple;
int epp__build_simple(epp_command **out, const epp__simple *s,
                      const char *const *vals, size_t count,
                      const char *auth_info, const epp_ext_arg *ext,
                      size_t ext_count, const char *cltrid, epp_error *err);

/* Finish: extensions, clTRID, serialize. Frees the builder in any case. */
int epp__finish(epp__builder *b, const epp_ext_arg *ext, size_t ext_count,
                epp__cmd cmd, const char *cltrid, epp_command **out,
                epp_error *err);

/*
 * The JSON requests of each object: read r->args into the object's
 * argument struct, collect the extension items, build into r->out.
 * Returns what the builder returns; EPP_EINVAL naming the key.
 */
int epp__domain_from_json(epp__req *r, epp__cmd cmd);
int epp__host_from_json(epp__req *r, epp__cmd cmd);
int epp__contact_from_json(epp__req *r, epp__cmd cmd);
int epp__org_from_json(epp__req *r, epp__cmd cmd);
int epp__poll_from_json(epp__req *r, epp__cmd cmd);

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
		TRY(epp__ext_from_json(r, (cmd)));                             \
		a.ext = r->ext;                                                \
		a.ext_count = r->ext_count;                                    \
		return build(r->out, &a, r->cltrid, r->err);                   \
	} while (0)

#endif
