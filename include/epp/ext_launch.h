/*
 * eppkit - RFC 8334 launch phases (launch-1.0) as an extension module
 * (see ext.h): claims and availability checks, sunrise creates with an
 * encoded signed mark (SMD) or a code and mark, claims creates with the
 * accepted notice, and application ids on info, update and delete.
 *
 *     epp_launch l = EPP_LAUNCH_INIT;
 *     const char *smd[] = {smd_file_text};     (base64, with or without
 *                                                the BEGIN/END lines)
 *     l.phase = "sunrise";
 *     l.encoded_signed_marks = smd;
 *     l.encoded_signed_mark_count = 1;
 *     epp_ext_arg ext[] = {{EPP_EXT_LAUNCH, &l}};
 */
#ifndef EPP_EXT_LAUNCH_H
#define EPP_EXT_LAUNCH_H

#include "common.h"
#include "response.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_EXT_LAUNCH "launch"
#define EPP_LAUNCH_NS  "urn:ietf:params:xml:ns:launch-1.0"

/* A <launch:codeMark>: a code (with its validator) and/or a mark given
 * as XML text of a <mark:mark> element (checked, inserted as nodes). */
typedef struct {
	const char *code;
	const char *validator_id;
	const char *mark_xml;
} epp_launch_code_mark;

/* The claims notice the registrant accepted (<launch:notice>). */
typedef struct {
	const char *notice_id;
	const char *validator_id; /* optional */
	const char *not_after;    /* xs:dateTime */
	const char *accepted_date;
} epp_launch_notice;

/*
 * The module's arguments. `phase` (sunrise, landrush, claims, open or
 * custom; `phase_name` names a custom phase or a sub-phase) is required
 * on every command but a check, where it is optional.
 * - check: `check_type` "claims" (default), "avail" or "trademark";
 * - info: `application_id` (optional), `include_mark`;
 * - create: `create_type` "application"/"registration" (optional) and
 *   at most one of the mark kinds, plus claims `notices`;
 * - update, delete: `application_id` (required).
 */
typedef struct {
	const char *phase;
	const char *phase_name;
	const char *check_type;
	const char *application_id;
	int include_mark;
	const char *create_type;
	const char *const *encoded_signed_marks;
	size_t encoded_signed_mark_count;
	const epp_launch_code_mark *code_marks;
	size_t code_mark_count;
	const epp_launch_notice *notices;
	size_t notice_count;
} epp_launch;
#define EPP_LAUNCH_INIT                                                        \
	{                                                                      \
		.phase = NULL                                                  \
	}

/* ---- response data ---- */

/* A <launch:claimKey>. */
typedef struct {
	const char *key;
	const char *validator_id; /* NULL when absent */
} epp_launch_claim_key;

/* A <launch:cd> of a check answer. */
typedef struct {
	const char *name;
	int exists; /* a mark matches the name */
	size_t claim_key_count;
	const epp_launch_claim_key *claim_keys;
} epp_launch_cd;

/* <launch:chkData>. */
typedef struct {
	const char *phase; /* NULL when absent */
	const char *phase_name;
	size_t count;
	const epp_launch_cd *items;
} epp_launch_check_data;

EPP_EXTERN(const epp_launch_check_data *)
epp_response_launch_check(const epp_response *r);

/* <launch:creData> (an application was created), and <launch:infData>
 * (status and marks only in infData). */
typedef struct {
	const char *phase;
	const char *phase_name;
	const char *application_id; /* NULL when absent */
	const char *status;         /* s attribute, NULL when absent */
	const char *status_name;    /* name of a custom status */
	const char *status_text;
	size_t mark_count;
	const char *const *marks; /* each <mark:mark> serialized */
} epp_launch_data;

EPP_EXTERN(const epp_launch_data *)
epp_response_launch_create(const epp_response *r);
EPP_EXTERN(const epp_launch_data *)
epp_response_launch_info(const epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
