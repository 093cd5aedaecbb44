/*
 * What the object builders share: the common end of every command
 * (extensions, clTRID, serialisation) and the commands that carry only
 * names or ids.
 */
#include "objects/objects_private.h"

int
epp__finish(epp__builder *b, const epp_ext_arg *ext, size_t ext_count,
            epp__cmd cmd, const char *cltrid, epp_command **out, epp_error *err)
{
	if (epp__ext_build(b, ext, ext_count, cmd)) {
		epp__builder_abort(b);
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	}
	return epp__builder_end(b, cltrid, out, err);
}

int
epp__build_simple(epp_command **out, const epp__simple *s,
                  const char *const *vals, size_t count, const char *auth_info,
                  const epp_ext_arg *ext, size_t ext_count, const char *cltrid,
                  epp_error *err)
{
	epp__builder b;
	xmlNodePtr obj;
	xmlNsPtr ns;
	int rc;

	if (count == 0)
		return epp__invalid(err, s->field, -1,
		                    s->ids ? "no id given" : "no name given");
	for (size_t i = 0; i < count; i++) {
		long idx = s->list ? (long)i : -1;
		rc = s->ids ? epp__check_id(err, s->field, idx, vals[i])
		            : epp__check_name(err, s->field, idx, vals[i]);
		if (rc)
			return rc;
	}
	if ((rc = epp__check_text(err, "auth_info", -1, auth_info, 0)) ||
	    (rc = epp__ext_validate(ext, ext_count, s->cmd, err)))
		return rc;
	if (epp__begin_object(&b, s->cmd, s->kind, s->verb, s->op, s->uri,
	                      s->prefix, &obj, &ns))
		return EPP__OOM(err);
	for (size_t i = 0; i < count; i++)
		if (!epp__xml_add(obj, ns, s->elem, vals[i]))
			goto oom;
	if (auth_info && *auth_info && !epp__add_auth_info(obj, ns, auth_info))
		goto oom;
	return epp__finish(&b, ext, ext_count, s->cmd, cltrid, out, err);
oom:
	epp__builder_abort(&b);
	return EPP__OOM(err);
}
