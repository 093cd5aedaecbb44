/*
 * eppkit - RFC 5731 domain commands: check, info, create, delete, renew,
 * transfer, update.
 *
 * Each command has two calls:
 *   epp_domain_X_build(&cmd, &args, cltrid, &err) builds the command
 *     document for a given clTRID and sends nothing;
 *   epp_domain_X(session, &args, &resp) builds it with the session's next
 *     clTRID and runs it through epp_session_execute().
 * Arguments are checked before anything is built: an empty name, a period
 * outside 1-99 or a unit other than 'y'/'m', an unknown status, a bad IP
 * address, text that is not UTF-8... give EPP_EINVAL and err->text names
 * the field (never quoting an authInfo value).
 *
 * Strings are borrowed for the call. Built commands belong to the caller
 * (epp_command_free). Thread rule: builders keep no state; any thread may
 * call them at any time.
 */
#ifndef EPP_DOMAIN_H
#define EPP_DOMAIN_H

#include "common.h"
#include "command.h"
#include "object.h"
#include "ext.h"
#include "response.h"
#include "session.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_DOMAIN_NS "urn:ietf:params:xml:ns:domain-1.0"

/* A domain contact: type "admin", "billing" or "tech", and a contact id. */
typedef struct {
	const char *type;
	const char *id;
} epp_domain_contact;

/* A name server given as attributes (<domain:hostAttr>). */
typedef struct {
	const char *name;
	const epp_ip_addr *addrs;
	size_t addr_count;
} epp_domain_host_attr;

/*
 * Name servers: either host objects (names of existing hosts,
 * <domain:hostObj>) or host attributes, never both in one <domain:ns>.
 */
typedef struct {
	const char *const *host_objs;
	size_t host_obj_count;
	const epp_domain_host_attr *host_attrs;
	size_t host_attr_count;
} epp_domain_ns;

/* <domain:check>: one or more names. */
typedef struct {
	const char *const *names;
	size_t count;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_domain_check_args;
#define EPP_DOMAIN_CHECK_ARGS_INIT                                             \
	{                                                                      \
		.names = NULL                                                  \
	}

/* <domain:info>. `hosts`: "all" (default), "del", "sub" or "none". */
typedef struct {
	const char *name;
	const char *hosts;
	const char *auth_info; /* optional */
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_domain_info_args;
#define EPP_DOMAIN_INFO_ARGS_INIT                                              \
	{                                                                      \
		.name = NULL                                                   \
	}

/*
 * <domain:create>. `period` 0 leaves the period to the registry, else
 * 1-99 with `period_unit` 'y' (default) or 'm'. `auth_info` NULL sends an
 * empty <domain:pw/>, which the schema requires and most registries read
 * as "generate one".
 */
typedef struct {
	const char *name;
	int period;
	char period_unit;
	epp_domain_ns ns;
	const char *registrant; /* optional */
	const epp_domain_contact *contacts;
	size_t contact_count;
	const char *auth_info;
	const epp_ext_arg *ext; /* e.g. secDNS */
	size_t ext_count;
} epp_domain_create_args;
#define EPP_DOMAIN_CREATE_ARGS_INIT                                            \
	{                                                                      \
		.name = NULL                                                   \
	}

/* <domain:delete>. */
typedef struct {
	const char *name;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_domain_delete_args;
#define EPP_DOMAIN_DELETE_ARGS_INIT                                            \
	{                                                                      \
		.name = NULL                                                   \
	}

/* <domain:renew>. `cur_exp_date` is YYYY-MM-DD. */
typedef struct {
	const char *name;
	const char *cur_exp_date;
	int period; /* 0 = registry default */
	char period_unit;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_domain_renew_args;
#define EPP_DOMAIN_RENEW_ARGS_INIT                                             \
	{                                                                      \
		.name = NULL                                                   \
	}

/*
 * <transfer op="..."><domain:transfer>. A period is only sent with op
 * request; a query is a query command (safe to retry), the other ops are
 * transforms.
 */
typedef struct {
	const char *name;
	epp_transfer_op op;
	int period;
	char period_unit;
	const char *auth_info; /* optional */
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_domain_transfer_args;
#define EPP_DOMAIN_TRANSFER_ARGS_INIT                                          \
	{                                                                      \
		.name = NULL                                                   \
	}

/*
 * <domain:update>: the parts to add and remove and the values to change.
 * `chg_registrant` "" sends an empty <domain:registrant/> (the schema lets
 * it be cleared); `chg_auth_info_null` sends <domain:authInfo><domain:null/>
 * and excludes `chg_auth_info`. An update with nothing in it still sends
 * an empty <domain:chg/>, the RFC 3915 form for a restore.
 */
typedef struct {
	const char *name;
	epp_domain_ns add_ns;
	const epp_domain_contact *add_contacts;
	size_t add_contact_count;
	const epp_status *add_statuses;
	size_t add_status_count;
	epp_domain_ns rem_ns;
	const epp_domain_contact *rem_contacts;
	size_t rem_contact_count;
	const epp_status *rem_statuses;
	size_t rem_status_count;
	const char *chg_registrant;
	const char *chg_auth_info;
	int chg_auth_info_null;
	const epp_ext_arg *ext; /* e.g. secDNS, RGP */
	size_t ext_count;
} epp_domain_update_args;
#define EPP_DOMAIN_UPDATE_ARGS_INIT                                            \
	{                                                                      \
		.name = NULL                                                   \
	}

/* Builders: EPP_OK, EPP_EINVAL (err->text says which field), EPP_ENOMEM. */
EPP_EXTERN(int)
epp_domain_check_build(epp_command **out, const epp_domain_check_args *args,
                       const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_domain_info_build(epp_command **out, const epp_domain_info_args *args,
                      const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_domain_create_build(epp_command **out, const epp_domain_create_args *args,
                        const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_domain_delete_build(epp_command **out, const epp_domain_delete_args *args,
                        const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_domain_renew_build(epp_command **out, const epp_domain_renew_args *args,
                       const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_domain_transfer_build(epp_command **out,
                          const epp_domain_transfer_args *args,
                          const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_domain_update_build(epp_command **out, const epp_domain_update_args *args,
                        const char *cltrid, epp_error *err);

/*
 * Build and execute on a logged-in session. *resp is owned by the caller.
 * Returns what the builder or epp_session_execute() returns; for the
 * detail of an EPP_EINVAL from the builder, call the _build function.
 */
EPP_EXTERN(int)
epp_domain_check(epp_response **resp, epp_session *s,
                 const epp_domain_check_args *args);
EPP_EXTERN(int)
epp_domain_info(epp_response **resp, epp_session *s,
                const epp_domain_info_args *args);
EPP_EXTERN(int)
epp_domain_create(epp_response **resp, epp_session *s,
                  const epp_domain_create_args *args);
EPP_EXTERN(int)
epp_domain_delete(epp_response **resp, epp_session *s,
                  const epp_domain_delete_args *args);
EPP_EXTERN(int)
epp_domain_renew(epp_response **resp, epp_session *s,
                 const epp_domain_renew_args *args);
EPP_EXTERN(int)
epp_domain_transfer(epp_response **resp, epp_session *s,
                    const epp_domain_transfer_args *args);
EPP_EXTERN(int)
epp_domain_update(epp_response **resp, epp_session *s,
                  const epp_domain_update_args *args);

#ifdef __cplusplus
}
#endif

#endif
