/*
 * eppkit - RFC 8544 organization extension (orgext-1.0) as an extension
 * module (see ext.h): the organizations (reseller, privacy proxy...)
 * linked to a domain, by role.
 *
 *     epp_orgext_id ids[] = {{"reseller", "reseller1523"}};
 *     epp_orgext o = EPP_ORGEXT_INIT;
 *     o.ids = ids;                    (create)
 *     o.id_count = 1;
 *     epp_ext_arg ext[] = {{EPP_EXT_ORGEXT, &o}};
 *
 * On update, `add` links organizations, `rem` unlinks them (an empty id
 * removes the role's organization), `chg` replaces the one of a role.
 */
#ifndef EPP_EXT_ORGEXT_H
#define EPP_EXT_ORGEXT_H

#include "common.h"
#include "response.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_EXT_ORGEXT "orgext"
#define EPP_ORGEXT_NS  "urn:ietf:params:xml:ns:epp:orgext-1.0"

/* An organization of a domain: its role and its id ("" in rem/chg). */
typedef struct {
	const char *role;
	const char *id;
} epp_orgext_id;

typedef struct {
	const epp_orgext_id *ids; /* create: at least one */
	size_t id_count;
	const epp_orgext_id *add, *rem, *chg; /* update: at least one */
	size_t add_count, rem_count, chg_count;
} epp_orgext;
#define EPP_ORGEXT_INIT                                                        \
	{                                                                      \
		.ids = NULL                                                    \
	}

/* <orgext:infData> of a domain info response. */
typedef struct {
	size_t count;
	const epp_orgext_id *ids;
} epp_orgext_data;

/* NULL when the response has no <orgext:infData>. */
EPP_EXTERN(const epp_orgext_data *) epp_response_orgext(const epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
