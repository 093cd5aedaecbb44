/*
 * eppkit - RFC 8495 allocation token (allocationToken-1.0) as an
 * extension module (see ext.h).
 *
 * The token travels with a domain check, create, transfer or update; a
 * domain info asks for the domain's token with <allocationToken:info/>
 * and the registry answers with the token in the info response.
 *
 *     epp_alloc_token t = EPP_ALLOC_TOKEN_INIT;
 *     t.token = "abc123";
 *     epp_ext_arg ext[] = {{EPP_EXT_ALLOC_TOKEN, &t}};
 *
 * The token is a credential: it is never logged and never quoted in an
 * error message.
 */
#ifndef EPP_EXT_ALLOC_TOKEN_H
#define EPP_EXT_ALLOC_TOKEN_H

#include "common.h"
#include "response.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_EXT_ALLOC_TOKEN "allocationToken"
#define EPP_ALLOC_TOKEN_NS  "urn:ietf:params:xml:ns:allocationToken-1.0"

/* Check, create, transfer, update: `token` (required). Info: `info` = 1
 * (and no token). */
typedef struct {
	const char *token;
	int info;
} epp_alloc_token;
#define EPP_ALLOC_TOKEN_INIT                                                   \
	{                                                                      \
		.token = NULL                                                  \
	}

/* The <allocationToken:allocationToken> of an info response, borrowed;
 * NULL when absent. A secret: never log it. */
EPP_EXTERN(const char *) epp_response_allocation_token(const epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
