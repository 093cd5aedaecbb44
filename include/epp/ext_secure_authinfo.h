/*
 * eppkit - RFC 9154 secure authorization information for transfer.
 *
 * A registry that offers
 * urn:ietf:params:xml:ns:epp:secure-authinfo-transfer-1.0 (libepp
 * announces it at login when offered) stores authInfo values hashed, for
 * a limited time (its TTL), and only while a transfer is being prepared:
 *
 * - create a domain with an empty authInfo: leave `auth_info` of
 *   epp_domain_create_args NULL (JSON: no `auth_info`), which sends
 *   <domain:pw/>;
 * - when the registrant asks to transfer out, set a fresh strong value
 *   with an update (epp_authinfo_generate(), then `chg_auth_info`) and
 *   hand it to the registrant; the registry drops it after the TTL or
 *   the transfer;
 * - unset it with an update `chg_auth_info_null` (JSON `auth_info_null`:
 *   true), which sends <domain:authInfo><domain:null/>;
 * - a domain info without authInfo no longer returns the value.
 */
#ifndef EPP_EXT_SECURE_AUTHINFO_H
#define EPP_EXT_SECURE_AUTHINFO_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_SECURE_AUTHINFO_NS                                                 \
	"urn:ietf:params:xml:ns:epp:secure-authinfo-transfer-1.0"

/* Characters of a generated value, and its length: 24 characters out of
 * 64 give 144 bits, above the 128 bits RFC 9154 asks for. */
#define EPP_AUTHINFO_GEN_LEN 24

/*
 * Write a random authInfo value of EPP_AUTHINFO_GEN_LEN characters
 * (letters, digits, '-', '_') and a NUL into buf (`size` at least
 * EPP_AUTHINFO_GEN_LEN + 1), from OpenSSL's CSPRNG.
 * Returns EPP_OK, EPP_EINVAL (buffer too small) or EPP_EIO (no entropy).
 * Thread-safe.
 */
EPP_EXTERN(int) epp_authinfo_generate(char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif
