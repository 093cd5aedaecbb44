/*
 * eppkit - libepprpc typed helpers: one function per `cmd` of docs/protocol.md,
 * so a C application never writes request JSON by hand, and the result
 * classes of the Python client for reading replies.
 *
 * Every helper builds the request, calls epprpc_call_json() and hands back
 * the parsed reply. It returns EPPRPC_OK when a reply arrived, whatever the
 * registry said: classify it with epprpc_reply_result(). Strings are
 * borrowed for the duration of the call. Thread-safe like epprpc_call().
 */
#ifndef EPPRPC_COMMANDS_H
#define EPPRPC_COMMANDS_H

#include <jansson.h>

#include "common.h"
#include "client.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Send the request `request` (a JSON object, borrowed) and parse the reply
 * into *reply (a new reference: json_decref() it). A reply that is not a
 * JSON object is EPPRPC_EREPLY. Other returns as epprpc_call().
 */
EPPRPC_EXTERN(int)
epprpc_call_json(json_t **reply, epprpc_client *c, const json_t *request,
                 int timeout_ms);

/*
 * What a reply means, after the Python client's exception classes. Codes
 * 1000, 1001, 1300 and 1301 are success.
 */
typedef enum {
	EPPRPC_RESULT_SUCCESS = 0,
	EPPRPC_RESULT_GATE_ERROR = 1,       /* {"error": "..."} from the gate */
	EPPRPC_RESULT_BAD_RESPONSE = 2,     /* no result code in the reply */
	EPPRPC_RESULT_COMMAND_USE = 3,      /* 2002 */
	EPPRPC_RESULT_PARAM_MISSING = 4,    /* 2003 */
	EPPRPC_RESULT_SYNTAX = 5,           /* 2005 */
	EPPRPC_RESULT_AUTHORIZATION = 6,    /* 2201 */
	EPPRPC_RESULT_OBJECT_EXISTS = 7,    /* 2302 */
	EPPRPC_RESULT_OBJECT_NOT_EXIST = 8, /* 2303 */
	EPPRPC_RESULT_STATUS_PROHIBITS = 9, /* 2304 */
	EPPRPC_RESULT_COMMAND_FAILED = 10,  /* 2400 */
	EPPRPC_RESULT_UNEXPECTED = 11       /* any other result code */
} epprpc_result_class;

/*
 * Classify a reply. *code (when not NULL) receives the result code, or 0
 * when there is none; *msg (when not NULL) the result message or the
 * gate's error text, borrowed from `reply`, or NULL. With several
 * <result> elements the first one counts.
 */
EPPRPC_EXTERN(epprpc_result_class)
epprpc_reply_result(const json_t *reply, int *code, const char **msg);

/* Name of a result class, e.g. "object exists"; never NULL, static. */
EPPRPC_EXTERN(const char *) epprpc_result_class_name(epprpc_result_class c);

/* The class of a bare result code (1000 -> SUCCESS, 2303 -> ...). */
EPPRPC_EXTERN(epprpc_result_class) epprpc_result_class_of(int code);

/* An IP address of a host; version "v4", "v6" or NULL (guessed). */
typedef struct {
	const char *ip;
	const char *version;
} epprpc_ip;

/* Postal info of a contact (RFC 5733 order: street, city, sp, pc, cc). */
typedef struct {
	const char *type; /* "int" or "loc" */
	const char *name;
	const char *org;       /* optional */
	const char *street[3]; /* unused lines NULL */
	const char *city;
	const char *sp; /* optional */
	const char *pc; /* optional */
	const char *cc;
} epprpc_postal;

/* Arguments of contact_create and contact_update; NULL = not sent. */
typedef struct {
	const char *id;
	const char *voice;
	const char *fax;
	const char *email;
	const char *auth_info;
	const epprpc_postal *postal;
	size_t n_postal;
} epprpc_contact;

/* A domain contact reference for domain_update. */
typedef struct {
	const char *type; /* "admin", "billing", "tech" */
	const char *id;
} epprpc_contact_ref;

/* A status for domain_update; value optional (ignored on remove). */
typedef struct {
	const char *name; /* e.g. "clientHold" */
	const char *value;
} epprpc_status;

/*
 * A secDNS dict. Which fields are set picks the form: keydata_pubkey set:
 * dsData with keyData; else digest set: dsData; else max_sig_life set:
 * maxSigLife; else all = 1: remove all.
 */
typedef struct {
	const char *key_tag;
	const char *alg;
	const char *digest_type;
	const char *digest;
	const char *keydata_flags;
	const char *keydata_protocol;
	const char *keydata_alg;
	const char *keydata_pubkey;
	const char *max_sig_life;
	int all;
} epprpc_secdns;

/* The RGP restore report of domain_update. */
typedef struct {
	const char *pre_data;
	const char *post_data;
	const char *del_time;
	const char *res_time;
	const char *res_reason;
	const char *statement1;
	const char *statement2; /* optional */
	const char *other;      /* optional */
} epprpc_rgp_report;

/* Arguments of domain_create; NULL/0 = not sent. */
typedef struct {
	const char *name;
	const char *registrant;
	const char *const *nameservers;
	size_t n_nameservers;
	int period;               /* default 1 */
	const char *period_units; /* "y" (default) or "m" */
	const char *admin;
	const char *billing;
	const char *tech;
	const char *auth_info;
} epprpc_domain_create_args;

/* Arguments of domain_update; NULL/0 = not sent. */
typedef struct {
	const char *name;
	const char *auth_info;
	const char *change_registrant;
	const char *const *add_nameservers;
	size_t n_add_nameservers;
	const char *const *remove_nameservers;
	size_t n_remove_nameservers;
	const epprpc_contact_ref *add_contacts;
	size_t n_add_contacts;
	const epprpc_contact_ref *remove_contacts;
	size_t n_remove_contacts;
	const epprpc_status *add_statuses;
	size_t n_add_statuses;
	const epprpc_status *remove_statuses;
	size_t n_remove_statuses;
	int rgp_restore; /* 1 = RGP restore request */
	const epprpc_rgp_report *rgp_restore_report;
	const epprpc_secdns *add_secdns;
	const epprpc_secdns *rem_secdns;
	const epprpc_secdns *change_secdns;
} epprpc_domain_update_args;

/*
 * The request objects of the helpers, for callers that queue or log them:
 * each returns a new JSON object (json_decref() it) or NULL when an
 * argument is missing or invalid (epprpc_last_error() says which).
 */
EPPRPC_EXTERN(json_t *) epprpc_req_poll_req(void);
EPPRPC_EXTERN(json_t *) epprpc_req_poll_ack(const char *msg_id);
EPPRPC_EXTERN(json_t *)
epprpc_req_host_check(const char *const *names, size_t n);
EPPRPC_EXTERN(json_t *) epprpc_req_host_info(const char *name);
EPPRPC_EXTERN(json_t *)
epprpc_req_host_create(const char *name, const epprpc_ip *ips, size_t n);
EPPRPC_EXTERN(json_t *)
epprpc_req_contact_check(const char *const *ids, size_t n);
EPPRPC_EXTERN(json_t *)
epprpc_req_contact_info(const char *id, const char *auth_info);
EPPRPC_EXTERN(json_t *) epprpc_req_contact_create(const epprpc_contact *ct);
EPPRPC_EXTERN(json_t *) epprpc_req_contact_update(const epprpc_contact *ct);
EPPRPC_EXTERN(json_t *) epprpc_req_contact_delete(const char *id);
EPPRPC_EXTERN(json_t *)
epprpc_req_domain_check(const char *const *names, size_t n);
EPPRPC_EXTERN(json_t *)
epprpc_req_domain_info(const char *name, const char *auth_info);
EPPRPC_EXTERN(json_t *)
epprpc_req_domain_create(const epprpc_domain_create_args *a);
EPPRPC_EXTERN(json_t *) epprpc_req_domain_delete(const char *name);
EPPRPC_EXTERN(json_t *)
epprpc_req_domain_renew(const char *name, const char *cur_exp_date, int period,
                        const char *period_units);
EPPRPC_EXTERN(json_t *)
epprpc_req_domain_update(const epprpc_domain_update_args *a);
EPPRPC_EXTERN(json_t *)
epprpc_req_domain_transfer(const char *name, const char *op,
                           const char *auth_info, int period,
                           const char *period_units);

/* The helpers: build the request as above and call it. */
EPPRPC_EXTERN(int) epprpc_poll_req(json_t **reply, epprpc_client *c);
EPPRPC_EXTERN(int)
epprpc_poll_ack(json_t **reply, epprpc_client *c, const char *msg_id);
EPPRPC_EXTERN(int)
epprpc_host_check(json_t **reply, epprpc_client *c, const char *const *names,
                  size_t n);
EPPRPC_EXTERN(int)
epprpc_host_info(json_t **reply, epprpc_client *c, const char *name);
EPPRPC_EXTERN(int)
epprpc_host_create(json_t **reply, epprpc_client *c, const char *name,
                   const epprpc_ip *ips, size_t n);
EPPRPC_EXTERN(int)
epprpc_contact_check(json_t **reply, epprpc_client *c, const char *const *ids,
                     size_t n);
EPPRPC_EXTERN(int)
epprpc_contact_info(json_t **reply, epprpc_client *c, const char *id,
                    const char *auth_info);
EPPRPC_EXTERN(int)
epprpc_contact_create(json_t **reply, epprpc_client *c,
                      const epprpc_contact *ct);
EPPRPC_EXTERN(int)
epprpc_contact_update(json_t **reply, epprpc_client *c,
                      const epprpc_contact *ct);
EPPRPC_EXTERN(int)
epprpc_contact_delete(json_t **reply, epprpc_client *c, const char *id);
EPPRPC_EXTERN(int)
epprpc_domain_check(json_t **reply, epprpc_client *c, const char *const *names,
                    size_t n);
EPPRPC_EXTERN(int)
epprpc_domain_info(json_t **reply, epprpc_client *c, const char *name,
                   const char *auth_info);
EPPRPC_EXTERN(int)
epprpc_domain_create(json_t **reply, epprpc_client *c,
                     const epprpc_domain_create_args *a);
EPPRPC_EXTERN(int)
epprpc_domain_delete(json_t **reply, epprpc_client *c, const char *name);
EPPRPC_EXTERN(int)
epprpc_domain_renew(json_t **reply, epprpc_client *c, const char *name,
                    const char *cur_exp_date, int period,
                    const char *period_units);
EPPRPC_EXTERN(int)
epprpc_domain_update(json_t **reply, epprpc_client *c,
                     const epprpc_domain_update_args *a);
EPPRPC_EXTERN(int)
epprpc_domain_transfer(json_t **reply, epprpc_client *c, const char *name,
                       const char *op, const char *auth_info, int period,
                       const char *period_units);

#ifdef __cplusplus
}
#endif

#endif
