/*
 * eppkit - typed data of contact responses (RFC 5733). Check, transfer
 * and pending-action data are in response.h (shared by all objects).
 *
 * Every getter returns data borrowed from the response, or NULL when the
 * response does not hold that kind.
 */
#ifndef EPP_RESPONSE_CONTACT_H
#define EPP_RESPONSE_CONTACT_H

#include "response.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A <contact:postalInfo>. */
typedef struct {
	const char *type; /* "int" or "loc" */
	const char *name;
	const char *org;     /* NULL when absent */
	size_t street_count; /* 0 to 3 */
	const char *const *streets;
	const char *city;
	const char *sp, *pc; /* NULL when absent */
	const char *cc;
} epp_contact_postal_data;

/* A <contact:disclose>: which fields the flag applies to (1 when the
 * element is present). */
typedef struct {
	int flag; /* 0: do not disclose these, 1: disclose them */
	int name_int, name_loc, org_int, org_loc, addr_int, addr_loc;
	int voice, fax, email;
} epp_contact_disclose_data;

/* <contact:infData>. */
typedef struct {
	const char *id;
	const char *roid;
	size_t status_count;
	const epp_status_data *statuses;
	size_t postal_count; /* 1 or 2 */
	const epp_contact_postal_data *postal;
	const char *voice, *voice_x; /* voice_x: the x= extension */
	const char *fax, *fax_x;
	const char *email;
	const char *cl_id, *cr_id, *cr_date, *up_id, *up_date, *tr_date;
	/* <contact:authInfo><contact:pw>: a secret, never log it */
	const char *auth_pw;
	const epp_contact_disclose_data *disclose; /* NULL when absent */
} epp_contact_info_data;

EPP_EXTERN(const epp_contact_info_data *)
epp_response_contact_info(const epp_response *r);

/* <contact:creData>. */
typedef struct {
	const char *id, *cr_date;
} epp_contact_create_data;

EPP_EXTERN(const epp_contact_create_data *)
epp_response_contact_create(const epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
