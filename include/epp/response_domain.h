/*
 * eppkit - typed data of domain responses (RFC 5731) and of the domain
 * extensions secDNS-1.1 (RFC 5910) and RGP (RFC 3915).
 *
 * Every getter returns data borrowed from the response, or NULL when the
 * response does not hold that kind; check and transfer data are in
 * response.h (shared by all objects).
 */
#ifndef EPP_RESPONSE_DOMAIN_H
#define EPP_RESPONSE_DOMAIN_H

#include "response.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A <domain:contact type="...">. */
typedef struct {
	const char *type; /* admin, billing or tech */
	const char *id;
} epp_domain_contact_data;

/* A <domain:hostAttr>: a name server given by name and addresses. */
typedef struct {
	const char *name;
	size_t addr_count;
	const epp_addr_data *addrs;
} epp_domain_host_attr_data;

/* <domain:infData>. Arrays are in document order. */
typedef struct {
	const char *name;
	const char *roid;
	size_t status_count;
	const epp_status_data *statuses;
	const char *registrant; /* NULL when absent */
	size_t contact_count;
	const epp_domain_contact_data *contacts;
	size_t ns_count; /* <domain:hostObj> names */
	const char *const *ns;
	size_t ns_attr_count; /* <domain:hostAttr> entries */
	const epp_domain_host_attr_data *ns_attrs;
	size_t host_count; /* subordinate <domain:host> names */
	const char *const *hosts;
	const char *cl_id, *cr_id, *cr_date, *up_id, *up_date, *ex_date,
	        *tr_date;
	/* <domain:authInfo><domain:pw>: a secret, never log it */
	const char *auth_pw;
	const char *auth_pw_roid; /* roid attribute of <domain:pw> */
} epp_domain_info_data;

EPP_EXTERN(const epp_domain_info_data *)
epp_response_domain_info(const epp_response *r);

/* <domain:creData>. */
typedef struct {
	const char *name, *cr_date, *ex_date;
} epp_domain_create_data;

EPP_EXTERN(const epp_domain_create_data *)
epp_response_domain_create(const epp_response *r);

/* <domain:renData>. */
typedef struct {
	const char *name, *ex_date;
} epp_domain_renew_data;

EPP_EXTERN(const epp_domain_renew_data *)
epp_response_domain_renew(const epp_response *r);

/* <secDNS:keyData>. Numbers are -1 when absent or not a number. */
typedef struct {
	int flags;    /* e.g. 257 */
	int protocol; /* always 3 */
	int alg;
	const char *pub_key; /* base64 */
} epp_secdns_key_data;

/* <secDNS:dsData>, with its optional <secDNS:keyData>. */
typedef struct {
	int key_tag;
	int alg;
	int digest_type;
	const char *digest;             /* hex */
	const epp_secdns_key_data *key; /* NULL when absent */
} epp_secdns_ds_data;

/* <secDNS:infData> of a domain info response: either DS records or key
 * records (the server's choice of interface). */
typedef struct {
	long max_sig_life; /* seconds, -1 when absent */
	size_t ds_count;
	const epp_secdns_ds_data *ds;
	size_t key_count;
	const epp_secdns_key_data *keys;
} epp_secdns_info_data;

/* The <secDNS:infData> extension of the response; NULL when absent. */
EPP_EXTERN(const epp_secdns_info_data *)
epp_response_secdns_info(const epp_response *r);

/* RGP states of the domain: the <rgp:rgpStatus> elements of an
 * <rgp:infData> (info response) or <rgp:upData> (restore response),
 * in document order. */
typedef struct {
	size_t count;
	const epp_status_data *statuses;
} epp_rgp_data;

/* The RGP extension data of the response; NULL when absent. */
EPP_EXTERN(const epp_rgp_data *) epp_response_rgp(const epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
