/*
 * The JSON requests domain_* (docs/protocol.md).
 */
#include <stdio.h>
#include <string.h>

#include "objects/objects_private.h"
#include "epp/domain.h"

/*
 * Name servers: a list of host names (<domain:hostObj>), or, ours, of
 * {"name", "ip_address": [...]} objects (<domain:hostAttr>).
 */
static int
ns_list(epp__req *r, const char *key, epp_domain_ns *ns)
{
	const json_t *v = epp__json_get(r->args, key);
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
		return EPP__OOM(r->err);
	for (size_t i = 0; i < n; i++) {
		const json_t *h = json_array_get(v, i);

		if (json_is_string(h)) {
			objs[nobj++] = json_string_value(h);
		} else if (json_is_object(h)) {
			epp_domain_host_attr *a = &attrs[nattr++];
			if (epp__json_str(h, "name", 1, &a->name, r->err))
				return epp__invalid(r->err, key, (long)i,
				                    "needs a \"name\"");
			if (epp__req_ips(r, h, "ip_address", &a->addrs,
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
contact_list(epp__req *r, const char *key, const epp_domain_contact **out,
             size_t *n)
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
		return EPP__OOM(r->err);
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
contact_dict(epp__req *r, const epp_domain_contact **out, size_t *n)
{
	static const char *const types[] = {"admin", "billing", "tech"};
	const json_t *v = epp__json_get(r->args, "contacts");
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
		return EPP__OOM(r->err);
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
static int
domain_check(epp__req *r)
{
	epp_domain_check_args a = EPP_DOMAIN_CHECK_ARGS_INIT;

	TRY(epp__req_strs(r, "domains", 1, &a.names, &a.count));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_CHECK, epp_domain_check_build);
}

static int
domain_info(epp__req *r)
{
	epp_domain_info_args a = EPP_DOMAIN_INFO_ARGS_INIT;

	TRY(epp__req_str(r, "name", 1, &a.name));
	TRY(epp__req_str(r, "auth_info", 0, &a.auth_info));
	TRY(epp__req_str(r, "hosts", 0, &a.hosts));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_INFO, epp_domain_info_build);
}

static int
domain_delete(epp__req *r)
{
	epp_domain_delete_args a = EPP_DOMAIN_DELETE_ARGS_INIT;

	TRY(epp__req_str(r, "name", 1, &a.name));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_DELETE, epp_domain_delete_build);
}

static int
domain_create(epp__req *r)
{
	epp_domain_create_args a = EPP_DOMAIN_CREATE_ARGS_INIT;

	TRY(epp__req_str(r, "name", 1, &a.name));
	TRY(epp__req_str(r, "registrant", 1, &a.registrant));
	TRY(ns_list(r, "nameservers", &a.ns));
	TRY(epp__req_period(r, 1, &a.period, &a.period_unit));
	TRY(contact_dict(r, &a.contacts, &a.contact_count));
	TRY(epp__req_str(r, "auth_info", 0, &a.auth_info));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_CREATE, epp_domain_create_build);
}

static int
domain_renew(epp__req *r)
{
	epp_domain_renew_args a = EPP_DOMAIN_RENEW_ARGS_INIT;
	const char *d;
	char *day;

	TRY(epp__req_str(r, "name", 1, &a.name));
	TRY(epp__req_str(r, "cur_exp_date", 1, &d));
	/* the original gate passed a full date-time through; keep its day */
	if (strlen(d) > 10 && d[10] == 'T') {
		if ((day = epp__arena_alloc(&r->arena, 11)) == NULL)
			return EPP__OOM(r->err);
		memcpy(day, d, 10);
		d = day;
	}
	a.cur_exp_date = d;
	TRY(epp__req_period(r, 1, &a.period, &a.period_unit));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_RENEW, epp_domain_renew_build);
}

static int
domain_transfer(epp__req *r)
{
	epp_domain_transfer_args a = EPP_DOMAIN_TRANSFER_ARGS_INIT;

	TRY(epp__req_str(r, "name", 1, &a.name));
	TRY(epp__req_str(r, "auth_info", 0, &a.auth_info));
	TRY(epp__req_period(r, 0, &a.period, &a.period_unit));
	TRY(epp__req_transfer_op(r, &a.op));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_TRANSFER, epp_domain_transfer_build);
}

static int
domain_update(epp__req *r)
{
	epp_domain_update_args a = EPP_DOMAIN_UPDATE_ARGS_INIT;

	TRY(epp__req_str(r, "name", 1, &a.name));
	TRY(ns_list(r, "add_nameservers", &a.add_ns));
	TRY(ns_list(r, "remove_nameservers", &a.rem_ns));
	TRY(contact_list(r, "add_contacts", &a.add_contacts,
	                 &a.add_contact_count));
	TRY(contact_list(r, "remove_contacts", &a.rem_contacts,
	                 &a.rem_contact_count));
	TRY(epp__req_statuses(r, "add_statuses", &a.add_statuses,
	                      &a.add_status_count));
	TRY(epp__req_statuses(r, "remove_statuses", &a.rem_statuses,
	                      &a.rem_status_count));
	TRY(epp__req_str(r, "change_registrant", 0, &a.chg_registrant));
	if (a.chg_registrant && *a.chg_registrant == '\0')
		a.chg_registrant = NULL; /* the original gate skips "" */
	TRY(epp__req_str(r, "auth_info", 0, &a.chg_auth_info));
	a.chg_auth_info_null =
	        epp__json_truthy(epp__json_get(r->args, "auth_info_null"));
	BUILD_WITH_EXT(EPP__CMD_DOMAIN_UPDATE, epp_domain_update_build);
}

int
epp__domain_from_json(epp__req *r, epp__cmd cmd)
{
	switch (cmd) {
	case EPP__CMD_DOMAIN_CHECK:
		return domain_check(r);
	case EPP__CMD_DOMAIN_INFO:
		return domain_info(r);
	case EPP__CMD_DOMAIN_CREATE:
		return domain_create(r);
	case EPP__CMD_DOMAIN_DELETE:
		return domain_delete(r);
	case EPP__CMD_DOMAIN_RENEW:
		return domain_renew(r);
	case EPP__CMD_DOMAIN_TRANSFER:
		return domain_transfer(r);
	case EPP__CMD_DOMAIN_UPDATE:
		return domain_update(r);
	default:
		return epp__error_set(r->err, EPP_EINVAL,
		                      "cmd: unknown command");
	}
}
