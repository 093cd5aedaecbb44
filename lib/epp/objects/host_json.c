/*
 * The JSON requests host_* (docs/protocol.md).
 */
#include <stdio.h>
#include <string.h>

#include "objects/objects_private.h"
#include "epp/host.h"

static int
host_check(epp__req *r)
{
	epp_host_check_args a = EPP_HOST_CHECK_ARGS_INIT;

	TRY(epp__req_strs(r, "hosts", 1, &a.names, &a.count));
	BUILD_WITH_EXT(EPP__CMD_HOST_CHECK, epp_host_check_build);
}

static int
host_info(epp__req *r)
{
	epp_host_name_args a = EPP_HOST_NAME_ARGS_INIT;

	TRY(epp__req_str(r, "name", 1, &a.name));
	BUILD_WITH_EXT(EPP__CMD_HOST_INFO, epp_host_info_build);
}

static int
host_delete(epp__req *r)
{
	epp_host_name_args a = EPP_HOST_NAME_ARGS_INIT;

	TRY(epp__req_str(r, "name", 1, &a.name));
	BUILD_WITH_EXT(EPP__CMD_HOST_DELETE, epp_host_delete_build);
}

static int
host_create(epp__req *r)
{
	epp_host_create_args a = EPP_HOST_CREATE_ARGS_INIT;

	TRY(epp__req_str(r, "name", 1, &a.name));
	TRY(epp__req_ips(r, r->args, "ip_address", &a.addrs, &a.addr_count));
	BUILD_WITH_EXT(EPP__CMD_HOST_CREATE, epp_host_create_build);
}

static int
host_update(epp__req *r)
{
	epp_host_update_args a = EPP_HOST_UPDATE_ARGS_INIT;

	TRY(epp__req_str(r, "name", 1, &a.name));
	TRY(epp__req_ips(r, r->args, "add_ip_address", &a.add_addrs,
	                 &a.add_addr_count));
	TRY(epp__req_ips(r, r->args, "remove_ip_address", &a.rem_addrs,
	                 &a.rem_addr_count));
	TRY(epp__req_statuses(r, "add_statuses", &a.add_statuses,
	                      &a.add_status_count));
	TRY(epp__req_statuses(r, "remove_statuses", &a.rem_statuses,
	                      &a.rem_status_count));
	TRY(epp__req_str(r, "new_name", 0, &a.chg_name));
	BUILD_WITH_EXT(EPP__CMD_HOST_UPDATE, epp_host_update_build);
}

int
epp__host_from_json(epp__req *r, epp__cmd cmd)
{
	switch (cmd) {
	case EPP__CMD_HOST_CHECK:
		return host_check(r);
	case EPP__CMD_HOST_INFO:
		return host_info(r);
	case EPP__CMD_HOST_CREATE:
		return host_create(r);
	case EPP__CMD_HOST_UPDATE:
		return host_update(r);
	case EPP__CMD_HOST_DELETE:
		return host_delete(r);
	default:
		return epp__error_set(r->err, EPP_EINVAL,
		                      "cmd: unknown command");
	}
}
