/*
 * eppkit - typed data of host responses (RFC 5732). Check, transfer and
 * pending-action data are in response.h (shared by all objects).
 *
 * Every getter returns data borrowed from the response, or NULL when the
 * response does not hold that kind.
 */
#ifndef EPP_RESPONSE_HOST_H
#define EPP_RESPONSE_HOST_H

#include "response.h"

#ifdef __cplusplus
extern "C" {
#endif

/* <host:infData>. Arrays are in document order. */
typedef struct {
	const char *name;
	const char *roid;
	size_t status_count;
	const epp_status_data *statuses;
	size_t addr_count;
	const epp_addr_data *addrs;
	const char *cl_id, *cr_id, *cr_date, *up_id, *up_date, *tr_date;
} epp_host_info_data;

EPP_EXTERN(const epp_host_info_data *)
epp_response_host_info(const epp_response *r);

/* <host:creData>. */
typedef struct {
	const char *name, *cr_date;
} epp_host_create_data;

EPP_EXTERN(const epp_host_create_data *)
epp_response_host_create(const epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
