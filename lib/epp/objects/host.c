/*
 * RFC 5732 host commands.
 */
#include <string.h>

#include "objects/objects_private.h"
#include "epp/host.h"

static const char *const host_statuses[] = {
        "clientDeleteProhibited",
        "clientUpdateProhibited",
        "linked",
        "ok",
        "pendingCreate",
        "pendingDelete",
        "pendingTransfer",
        "pendingUpdate",
        "serverDeleteProhibited",
        "serverUpdateProhibited",
        NULL,
};

static int
check_addrs(epp_error *err, const char *field, const epp_ip_addr *a, size_t n)
{
	int rc;

	for (size_t i = 0; i < n; i++)
		if ((rc = epp__check_ip(err, field, (long)i, &a[i])) != 0)
			return rc;
	return EPP_OK;
}

static int
build_addrs(xmlNodePtr parent, xmlNsPtr ns, const epp_ip_addr *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr e = epp__xml_add(parent, ns, "addr", a[i].addr);
		if (e == NULL || epp__xml_attr(e, "ip", epp__ip_version(&a[i])))
			return EPP_ENOMEM;
	}
	return EPP_OK;
}

/* check, info and delete: names only. */
static int
build_names(epp_command **out, epp__cmd cmd, epp_command_kind kind,
            const char *verb, const char *const *names, size_t count,
            const epp_ext_arg *ext, size_t ext_count, const char *cltrid,
            epp_error *err)
{
	int check = cmd == EPP__CMD_HOST_CHECK;
	epp__simple s = {cmd,         kind,   verb,   NULL,
	                 EPP_HOST_NS, "host", "name", check ? "hosts" : "name",
	                 check,       0};

	return epp__build_simple(out, &s, names, count, NULL, ext, ext_count,
	                         cltrid, err);
}

int
epp_host_check_build(epp_command **out, const epp_host_check_args *a,
                     const char *cltrid, epp_error *err)
{
	int rc = epp__build_start(out, a, err);

	return rc ? rc
	          : build_names(out, EPP__CMD_HOST_CHECK, EPP_COMMAND_QUERY,
	                        "check", a->names, a->count, a->ext,
	                        a->ext_count, cltrid, err);
}

int
epp_host_info_build(epp_command **out, const epp_host_name_args *a,
                    const char *cltrid, epp_error *err)
{
	int rc = epp__build_start(out, a, err);

	return rc ? rc
	          : build_names(out, EPP__CMD_HOST_INFO, EPP_COMMAND_QUERY,
	                        "info", &a->name, 1, a->ext, a->ext_count,
	                        cltrid, err);
}

int
epp_host_delete_build(epp_command **out, const epp_host_name_args *a,
                      const char *cltrid, epp_error *err)
{
	int rc = epp__build_start(out, a, err);

	return rc ? rc
	          : build_names(out, EPP__CMD_HOST_DELETE,
	                        EPP_COMMAND_TRANSFORM, "delete", &a->name, 1,
	                        a->ext, a->ext_count, cltrid, err);
}

int
epp_host_create_build(epp_command **out, const epp_host_create_args *a,
                      const char *cltrid, epp_error *err)
{
	epp__builder b;
	xmlNodePtr obj;
	xmlNsPtr ns;
	int rc;

	if ((rc = epp__build_start(out, a, err)) != 0)
		return rc;
	if ((rc = epp__check_name(err, "name", -1, a->name)) ||
	    (rc = check_addrs(err, "ip_address", a->addrs, a->addr_count)) ||
	    (rc = epp__ext_validate(a->ext, a->ext_count, EPP__CMD_HOST_CREATE,
	                            err)))
		return rc;
	if (epp__begin_object(&b, EPP__CMD_HOST_CREATE, EPP_COMMAND_TRANSFORM,
	                      "create", NULL, EPP_HOST_NS, "host", &obj, &ns))
		return EPP__OOM(err);
	if (!epp__xml_add(obj, ns, "name", a->name) ||
	    build_addrs(obj, ns, a->addrs, a->addr_count)) {
		epp__builder_abort(&b);
		return EPP__OOM(err);
	}
	return epp__finish(&b, a->ext, a->ext_count, EPP__CMD_HOST_CREATE,
	                   cltrid, out, err);
}

static int
build_part(xmlNodePtr obj, xmlNsPtr ns, const char *name,
           const epp_ip_addr *addrs, size_t naddrs, const epp_status *st,
           size_t nst)
{
	xmlNodePtr e;

	if (naddrs == 0 && nst == 0)
		return EPP_OK;
	if ((e = epp__xml_add(obj, ns, name, NULL)) == NULL ||
	    build_addrs(e, ns, addrs, naddrs))
		return EPP_ENOMEM;
	return epp__add_statuses(e, ns, st, nst);
}

int
epp_host_update_build(epp_command **out, const epp_host_update_args *a,
                      const char *cltrid, epp_error *err)
{
	epp__builder b;
	xmlNodePtr obj, chg;
	xmlNsPtr ns;
	int rc;

	if ((rc = epp__build_start(out, a, err)) != 0)
		return rc;
	if ((rc = epp__check_name(err, "name", -1, a->name)) ||
	    (rc = check_addrs(err, "add_ip_address", a->add_addrs,
	                      a->add_addr_count)) ||
	    (rc = epp__check_statuses(err, "add_statuses", a->add_statuses,
	                              a->add_status_count, 7, host_statuses)) ||
	    (rc = check_addrs(err, "remove_ip_address", a->rem_addrs,
	                      a->rem_addr_count)) ||
	    (rc = epp__check_statuses(err, "remove_statuses", a->rem_statuses,
	                              a->rem_status_count, 7, host_statuses)) ||
	    (a->chg_name &&
	     (rc = epp__check_name(err, "new_name", -1, a->chg_name))) ||
	    (rc = epp__ext_validate(a->ext, a->ext_count, EPP__CMD_HOST_UPDATE,
	                            err)))
		return rc;
	if (!a->add_addr_count && !a->add_status_count && !a->rem_addr_count &&
	    !a->rem_status_count && !a->chg_name)
		return epp__invalid(err, "host_update", -1,
		                    "nothing to add, remove or change");
	if (epp__begin_object(&b, EPP__CMD_HOST_UPDATE, EPP_COMMAND_TRANSFORM,
	                      "update", NULL, EPP_HOST_NS, "host", &obj, &ns))
		return EPP__OOM(err);
	if (!epp__xml_add(obj, ns, "name", a->name) ||
	    build_part(obj, ns, "add", a->add_addrs, a->add_addr_count,
	               a->add_statuses, a->add_status_count) ||
	    build_part(obj, ns, "rem", a->rem_addrs, a->rem_addr_count,
	               a->rem_statuses, a->rem_status_count))
		goto oom;
	if (a->chg_name &&
	    ((chg = epp__xml_add(obj, ns, "chg", NULL)) == NULL ||
	     !epp__xml_add(chg, ns, "name", a->chg_name)))
		goto oom;
	return epp__finish(&b, a->ext, a->ext_count, EPP__CMD_HOST_UPDATE,
	                   cltrid, out, err);
oom:
	epp__builder_abort(&b);
	return EPP__OOM(err);
}
