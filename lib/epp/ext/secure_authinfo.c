/*
 * RFC 9154: the only client-side piece is a strong random value; the
 * rest is how the domain commands are used (see ext_secure_authinfo.h).
 */
#include <openssl/rand.h>

#include "epp/ext_secure_authinfo.h"
#include "ext/ext_private.h"

int
epp_authinfo_generate(char *buf, size_t size)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                               "abcdefghijklmnopqrstuvwxyz"
	                               "0123456789-_";
	unsigned char rnd[EPP_AUTHINFO_GEN_LEN];

	if (buf == NULL || size < EPP_AUTHINFO_GEN_LEN + 1)
		return EPP_EINVAL;
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return EPP_EIO;
	/* 64 symbols: the low 6 bits of each byte, no modulo bias */
	for (size_t i = 0; i < EPP_AUTHINFO_GEN_LEN; i++)
		buf[i] = alphabet[rnd[i] & 63];
	buf[EPP_AUTHINFO_GEN_LEN] = '\0';
	OPENSSL_cleanse(rnd, sizeof(rnd));
	return EPP_OK;
}

/* RFC 9154: no element of its own; announced at login. */
const epp__ext_module epp__ext_secure_authinfo = {
        .name = "secureAuthInfo", .uri = EPP_NS_SECURE_AUTHINFO};
