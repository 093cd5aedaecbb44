/*
 * eppkit - RFC 5733 contact commands: check, info, create, update, delete,
 * transfer.
 *
 * Same shape as domain.h: epp_contact_X_build() builds for a given
 * clTRID, epp_contact_X() builds and executes on a session. Strings are
 * borrowed for the call; invalid input (more than 3 street lines, a
 * country code that is not 2 letters, a phone number that is not
 * "+CC.NUMBER", text that is not UTF-8...) gives EPP_EINVAL with err->text
 * naming the field.
 */
#ifndef EPP_CONTACT_H
#define EPP_CONTACT_H

#include "common.h"
#include "command.h"
#include "object.h"
#include "ext.h"
#include "response.h"
#include "session.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_CONTACT_NS         "urn:ietf:params:xml:ns:contact-1.0"
#define EPP_CONTACT_MAX_STREET 3

/*
 * A <contact:postalInfo>: type "int" or "loc"; name and city are required
 * on create, everything is optional on update (only what is set is sent).
 * One <contact:street> per line, at most 3.
 */
typedef struct {
	const char *type;
	const char *name;
	const char *org;
	const char *street[EPP_CONTACT_MAX_STREET];
	size_t street_count;
	const char *city;
	const char *sp;
	const char *pc;
	const char *cc;
} epp_contact_postal;

/* A phone number "+CC.NUMBER" with an optional extension (x="..."). */
typedef struct {
	const char *number;
	const char *ext;
} epp_contact_phone;

/*
 * <contact:disclose flag="0|1">: which fields the flag applies to. For
 * name, org and addr a bit per postal type: EPP_DISCLOSE_INT,
 * EPP_DISCLOSE_LOC. `set` 0 means no disclose element is sent.
 */
#define EPP_DISCLOSE_INT 1u
#define EPP_DISCLOSE_LOC 2u
typedef struct {
	int set;
	int flag;
	unsigned name, org, addr;
	int voice, fax, email;
} epp_contact_disclose;

/* <contact:check>: one or more ids. */
typedef struct {
	const char *const *ids;
	size_t count;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_contact_check_args;
#define EPP_CONTACT_CHECK_ARGS_INIT                                            \
	{                                                                      \
		.ids = NULL                                                    \
	}

/* <contact:info> and <contact:delete> (auth_info is not sent on delete). */
typedef struct {
	const char *id;
	const char *auth_info; /* optional */
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_contact_id_args;
#define EPP_CONTACT_ID_ARGS_INIT                                               \
	{                                                                      \
		.id = NULL                                                     \
	}

/*
 * <contact:create>: one or two postal infos of different types, email
 * required; `auth_info` NULL sends an empty <contact:pw/>.
 */
typedef struct {
	const char *id;
	const epp_contact_postal *postal;
	size_t postal_count;
	epp_contact_phone voice;
	epp_contact_phone fax;
	const char *email;
	const char *auth_info;
	epp_contact_disclose disclose;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_contact_create_args;
#define EPP_CONTACT_CREATE_ARGS_INIT                                           \
	{                                                                      \
		.id = NULL                                                     \
	}

/* <contact:update>: statuses to add and remove, values to change. */
typedef struct {
	const char *id;
	const epp_status *add_statuses;
	size_t add_status_count;
	const epp_status *rem_statuses;
	size_t rem_status_count;
	const epp_contact_postal *chg_postal;
	size_t chg_postal_count;
	epp_contact_phone chg_voice;
	epp_contact_phone chg_fax;
	const char *chg_email;
	const char *chg_auth_info;
	epp_contact_disclose chg_disclose;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_contact_update_args;
#define EPP_CONTACT_UPDATE_ARGS_INIT                                           \
	{                                                                      \
		.id = NULL                                                     \
	}

/* <transfer op="..."><contact:transfer>. */
typedef struct {
	const char *id;
	epp_transfer_op op;
	const char *auth_info; /* optional */
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_contact_transfer_args;
#define EPP_CONTACT_TRANSFER_ARGS_INIT                                         \
	{                                                                      \
		.id = NULL                                                     \
	}

/* Builders: EPP_OK, EPP_EINVAL (err->text says which field), EPP_ENOMEM. */
EPP_EXTERN(int)
epp_contact_check_build(epp_command **out, const epp_contact_check_args *args,
                        const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_contact_info_build(epp_command **out, const epp_contact_id_args *args,
                       const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_contact_create_build(epp_command **out, const epp_contact_create_args *args,
                         const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_contact_update_build(epp_command **out, const epp_contact_update_args *args,
                         const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_contact_delete_build(epp_command **out, const epp_contact_id_args *args,
                         const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_contact_transfer_build(epp_command **out,
                           const epp_contact_transfer_args *args,
                           const char *cltrid, epp_error *err);

/* Build and execute on a logged-in session; *resp is the caller's. */
EPP_EXTERN(int)
epp_contact_check(epp_response **resp, epp_session *s,
                  const epp_contact_check_args *args);
EPP_EXTERN(int)
epp_contact_info(epp_response **resp, epp_session *s,
                 const epp_contact_id_args *args);
EPP_EXTERN(int)
epp_contact_create(epp_response **resp, epp_session *s,
                   const epp_contact_create_args *args);
EPP_EXTERN(int)
epp_contact_update(epp_response **resp, epp_session *s,
                   const epp_contact_update_args *args);
EPP_EXTERN(int)
epp_contact_delete(epp_response **resp, epp_session *s,
                   const epp_contact_id_args *args);
EPP_EXTERN(int)
epp_contact_transfer(epp_response **resp, epp_session *s,
                     const epp_contact_transfer_args *args);

#ifdef __cplusplus
}
#endif

#endif
