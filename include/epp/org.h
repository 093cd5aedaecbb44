/*
 * eppkit - RFC 8543 organization objects (org-1.0): check, info, create,
 * update and delete of the organizations (resellers, privacy proxies, DNS
 * operators...) that domains point at with orgext (ext_orgext.h).
 *
 * Same two calls per command as domain.h: epp_org_X_build() builds the
 * document for a given clTRID, epp_org_X() builds and runs it on a
 * logged-in session. Strings are borrowed for the call; errors name the
 * field. JSON: org_check {"orgs": [ids]}, org_info {"id"}, org_delete
 * {"id"}, org_create {"id", "roles": [{"type", "role_id"?}], "parent_id"?,
 * "postal": {"type"?, "name"?, "street"?, "city", "sp"?, "pc"?, "cc"},
 * "voice"?, "fax"?, "email"?, "url"?, "contacts"?: [{"type", "id"}]},
 * org_update {"id", "add_contacts"? / "remove_contacts"? [{"type", "id"}],
 * "add_roles"? / "remove_roles"? [{"type", "role_id"?}], "add_statuses"? /
 * "remove_statuses"? [names], "parent_id"?, "postal"?, "voice"?, "fax"?,
 * "email"?, "url"?} (the last six change the organization).
 */
#ifndef EPP_ORG_H
#define EPP_ORG_H

#include "common.h"
#include "command.h"
#include "ext.h"
#include "response.h"
#include "session.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_ORG_NS "urn:ietf:params:xml:ns:epp:org-1.0"

typedef struct {
	const char *const *ids;
	size_t count;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_org_check_args;
#define EPP_ORG_CHECK_ARGS_INIT                                                \
	{                                                                      \
		.ids = NULL                                                    \
	}

/* info and delete */
typedef struct {
	const char *id;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_org_id_args;
#define EPP_ORG_ID_ARGS_INIT                                                   \
	{                                                                      \
		.id = NULL                                                     \
	}

/* A role of the organization: its type ("reseller", "privacyproxy",
 * "dns-operator"...) and an optional third-party id (e.g. an IANA id). */
typedef struct {
	const char *type;
	const char *role_id;
} epp_org_role;

/* A contact of the organization: type admin, billing, tech, abuse or
 * custom, and a contact id. */
typedef struct {
	const char *type;
	const char *id;
} epp_org_contact;

/* <org:postalInfo>: "int" (default) or "loc"; the address is sent when
 * city and cc are given (up to 3 street lines). */
typedef struct {
	const char *type;
	const char *name;
	const char *street[3];
	size_t street_count;
	const char *city, *sp, *pc, *cc;
} epp_org_postal;

typedef struct {
	const char *id;
	const epp_org_role *roles; /* at least one */
	size_t role_count;
	const char *parent_id;
	const epp_org_postal *postal; /* optional */
	const char *voice, *fax, *email, *url;
	const epp_org_contact *contacts;
	size_t contact_count;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_org_create_args;
#define EPP_ORG_CREATE_ARGS_INIT                                               \
	{                                                                      \
		.id = NULL                                                     \
	}

/* What an update adds to or removes from an organization (<org:add>,
 * <org:rem>): contacts, roles and statuses ("clientDeleteProhibited",
 * "clientUpdateProhibited", "clientLinkProhibited", "hold"...). */
typedef struct {
	const epp_org_contact *contacts;
	size_t contact_count;
	const epp_org_role *roles;
	size_t role_count;
	const char *const *statuses;
	size_t status_count;
} epp_org_update_set;

/* <org:update>: add and rem as above; the other fields, when set, go into
 * <org:chg>. A postal's address is sent when any of its street, city, sp,
 * pc or cc is set, and then needs city and cc; its name alone may change.
 * At least one change is required. */
typedef struct {
	const char *id;
	epp_org_update_set add, rem;
	const char *parent_id;
	const epp_org_postal *postal;
	const char *voice, *fax, *email, *url;
	const epp_ext_arg *ext;
	size_t ext_count;
} epp_org_update_args;
#define EPP_ORG_UPDATE_ARGS_INIT                                               \
	{                                                                      \
		.id = NULL                                                     \
	}

EPP_EXTERN(int)
epp_org_check_build(epp_command **out, const epp_org_check_args *args,
                    const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_org_info_build(epp_command **out, const epp_org_id_args *args,
                   const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_org_delete_build(epp_command **out, const epp_org_id_args *args,
                     const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_org_create_build(epp_command **out, const epp_org_create_args *args,
                     const char *cltrid, epp_error *err);
EPP_EXTERN(int)
epp_org_update_build(epp_command **out, const epp_org_update_args *args,
                     const char *cltrid, epp_error *err);

EPP_EXTERN(int)
epp_org_check(epp_response **resp, epp_session *s,
              const epp_org_check_args *args);
EPP_EXTERN(int)
epp_org_info(epp_response **resp, epp_session *s, const epp_org_id_args *args);
EPP_EXTERN(int)
epp_org_delete(epp_response **resp, epp_session *s,
               const epp_org_id_args *args);
EPP_EXTERN(int)
epp_org_create(epp_response **resp, epp_session *s,
               const epp_org_create_args *args);

EPP_EXTERN(int)
epp_org_update(epp_response **resp, epp_session *s,
               const epp_org_update_args *args);

/* ---- response data ---- */

/* A role of an info answer, with its statuses (ok, linked, ...). */
typedef struct {
	const char *type;
	const char *role_id;
	size_t status_count;
	const char *const *statuses;
} epp_org_role_data;

/* <org:infData>. Absent parts are NULL / 0. */
typedef struct {
	const char *id;
	const char *roid;
	size_t role_count;
	const epp_org_role_data *roles;
	size_t status_count;
	const char *const *statuses; /* ok, hold, terminated, linked... */
	const char *parent_id;
	const char *name; /* of the first postalInfo */
	const char *city, *cc;
	const char *voice, *fax, *email, *url;
	size_t contact_count;
	const epp_org_contact *contacts;
	const char *cl_id, *cr_id, *cr_date, *up_id, *up_date;
} epp_org_info_data;

/* <org:infData> of an info answer; NULL otherwise. Check answers are
 * epp_response_check(); a create answer's id and date are read with
 * epp_response_xpath() ("//org:creData/org:id"). */
EPP_EXTERN(const epp_org_info_data *)
epp_response_org_info(const epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
