/*
 * eppkit - RFC 5732 host commands: check, info, create, update, delete.
 *
 * Same shape as domain.h: epp_host_X_build() builds for a given clTRID,
 * epp_host_X() builds and executes on a session. Strings are borrowed for
 * the call; invalid input gives EPP_EINVAL with err->text naming the field.
 */
#ifndef EPP_HOST_H
#define EPP_HOST_H

#include "common.h"
#include "command.h"
#include "object.h"
#include "ext.h"
#include "response.h"
#include "session.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_HOST_NS "urn:ietf:params:xml:ns:host-1.0"

/* <host:check>: one or more names. */
typedef struct {
	const char *const *names;
	size_t count;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_host_check_args;
#define EPP_HOST_CHECK_ARGS_INIT                                               \
	{                                                                      \
		.names = NULL                                                  \
	}

/* <host:info> and <host:delete>: one name. */
typedef struct {
	const char *name;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_host_name_args;
#define EPP_HOST_NAME_ARGS_INIT                                                \
	{                                                                      \
		.name = NULL                                                   \
	}

/* <host:create>: a name and its addresses (v4 and v6). */
typedef struct {
	const char *name;
	const epp_ip_addr *addrs;
	size_t addr_count;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_host_create_args;
#define EPP_HOST_CREATE_ARGS_INIT                                              \
	{                                                                      \
		.name = NULL                                                   \
	}

/* <host:update>: addresses and statuses to add and remove, a new name. */
typedef struct {
	const char *name;
	const epp_ip_addr *add_addrs;
	size_t add_addr_count;
	const epp_status *add_statuses;
	size_t add_status_count;
	const epp_ip_addr *rem_addrs;
	size_t rem_addr_count;
	const epp_status *rem_statuses;
	size_t rem_status_count;
	const char *chg_name; /* optional */
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_host_update_args;
#define EPP_HOST_UPDATE_ARGS_INIT                                              \
	{                                                                      \
		.name = NULL                                                   \
	}

/* Builders: EPP_OK, EPP_EINVAL (err->text says which field), EPP_ENOMEM. */
EPP_EXTERN(int)
epp_host_check_build(epp_command **out, const epp_host_check_args *args,
                     const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_host_info_build(epp_command **out, const epp_host_name_args *args,
                    const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_host_create_build(epp_command **out, const epp_host_create_args *args,
                      const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_host_update_build(epp_command **out, const epp_host_update_args *args,
                      const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_host_delete_build(epp_command **out, const epp_host_name_args *args,
                      const char *cltrid, epp_error *err);

/* Build and execute on a logged-in session; *resp is the caller's. */
EPP_EXTERN(int)
epp_host_check(epp_response **resp, epp_session *s,
               const epp_host_check_args *args);
EPP_EXTERN(int)
epp_host_info(epp_response **resp, epp_session *s,
              const epp_host_name_args *args);
EPP_EXTERN(int)
epp_host_create(epp_response **resp, epp_session *s,
                const epp_host_create_args *args);
EPP_EXTERN(int)
epp_host_update(epp_response **resp, epp_session *s,
                const epp_host_update_args *args);
EPP_EXTERN(int)
epp_host_delete(epp_response **resp, epp_session *s,
                const epp_host_name_args *args);

#ifdef __cplusplus
}
#endif

#endif
