/*
 * eppkit - RFC 5910 DNSSEC extension (secDNS-1.1) for domain create and
 * update, as an extension module (see ext.h):
 *
 *     epp_secdns sd = EPP_SECDNS_INIT;
 *     epp_secdns_ds ds = {12345, 8, 2, "49FD46E6C4B45C55D4AC", NULL};
 *     sd.ds = &ds;
 *     sd.ds_count = 1;
 *     epp_ext_arg ext[] = {{EPP_EXT_SECDNS, &sd}};
 *
 * On create: maxSigLife (optional) and either dsData (each with optional
 * keyData) or keyData - never both. On update: <secDNS:rem> (all, or
 * dsData, or keyData), <secDNS:add> (as on create), <secDNS:chg>
 * (maxSigLife), and the urgent attribute.
 */
#ifndef EPP_SECDNS_H
#define EPP_SECDNS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_EXT_SECDNS "secDNS"
#define EPP_SECDNS_NS  "urn:ietf:params:xml:ns:secDNS-1.1"

/* A DNSKEY: flags 0-65535, protocol and alg 0-255, base64 public key. */
typedef struct {
	unsigned int flags;
	unsigned int protocol;
	unsigned int alg;
	const char *pub_key;
} epp_secdns_key;

/* A DS record: key tag 0-65535, alg and digest type 0-255, hex digest. */
typedef struct {
	unsigned int key_tag;
	unsigned int alg;
	unsigned int digest_type;
	const char *digest;
	const epp_secdns_key *key; /* optional keyData inside dsData */
} epp_secdns_ds;

typedef struct {
	/* create, and <secDNS:add> of an update */
	long max_sig_life; /* 0 = none, else >= 1 */
	const epp_secdns_ds *ds;
	size_t ds_count;
	const epp_secdns_key *keys;
	size_t key_count;
	/* update only */
	int urgent;
	int rem_all;
	const epp_secdns_ds *rem_ds;
	size_t rem_ds_count;
	const epp_secdns_key *rem_keys;
	size_t rem_key_count;
	long chg_max_sig_life; /* 0 = no <secDNS:chg> */
} epp_secdns;
#define EPP_SECDNS_INIT                                                        \
	{                                                                      \
		.max_sig_life = 0                                              \
	}

#ifdef __cplusplus
}
#endif

#endif
