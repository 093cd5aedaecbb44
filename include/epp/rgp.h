/*
 * eppkit - RFC 3915 registry grace period: restore request and restore
 * report, sent as an extension (see ext.h) of a domain update:
 *
 *     epp_rgp_restore r = EPP_RGP_RESTORE_INIT;    (op request)
 *     epp_ext_arg ext[] = {{EPP_EXT_RGP, &r}};
 *     upd.ext = ext;
 *     upd.ext_count = 1;
 *
 * An update that carries nothing else is sent with an empty <domain:chg/>,
 * as in the RFC's examples.
 */
#ifndef EPP_RGP_H
#define EPP_RGP_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_EXT_RGP "rgp"
#define EPP_RGP_NS  "urn:ietf:params:xml:ns:rgp-1.0"

typedef enum { EPP_RGP_REQUEST = 0, EPP_RGP_REPORT = 1 } epp_rgp_op;

/*
 * With op EPP_RGP_REPORT every field but `other` is required; del_time
 * and res_time are xs:dateTime (a bare YYYY-MM-DD is sent as midnight
 * UTC); one or two statements.
 */
typedef struct {
	epp_rgp_op op;
	const char *pre_data;
	const char *post_data;
	const char *del_time;
	const char *res_time;
	const char *res_reason;
	const char *statement[2];
	const char *other; /* optional */
} epp_rgp_restore;
#define EPP_RGP_RESTORE_INIT                                                   \
	{                                                                      \
		.op = EPP_RGP_REQUEST                                          \
	}

#ifdef __cplusplus
}
#endif

#endif
