/*
 * eppkit - a parsed EPP response (or greeting).
 *
 * Parsing uses libxml2 with network access, DTD loading and entity
 * expansion off, and caps on size and depth. One call frees the whole
 * response; every pointer a getter returns is borrowed from it.
 */
#ifndef EPP_RESPONSE_H
#define EPP_RESPONSE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct epp_response epp_response;

/*
 * Parse a response document. On success *out is owned by the caller
 * (epp_response_free). On failure `err` (may be NULL) says what is wrong.
 * Returns EPP_OK, EPP_EPROTO (not well-formed or not an EPP response),
 * EPP_ELIMIT, EPP_ENOMEM, EPP_EINVAL.
 */
EPP_EXTERN(int)
epp_response_parse(epp_response **out, const char *xml, size_t len,
                   epp_error *err);

/* First <result> code, e.g. 1000. */
EPP_EXTERN(int) epp_response_code(const epp_response *r);

/* First <result>'s <msg> text, borrowed. */
EPP_EXTERN(const char *) epp_response_message(const epp_response *r);

/* <trID> parts, borrowed; NULL when absent. */
EPP_EXTERN(const char *) epp_response_cltrid(const epp_response *r);
EPP_EXTERN(const char *) epp_response_svtrid(const epp_response *r);

/* The raw XML, borrowed. */
EPP_EXTERN(const char *) epp_response_xml(const epp_response *r, size_t *len);

/* Free a response. NULL is a no-op. */
EPP_EXTERN(void) epp_response_free(epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
