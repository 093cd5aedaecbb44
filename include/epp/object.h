/*
 * eppkit - argument types shared by the object mappings of RFC 5731
 * (domain), RFC 5732 (host) and RFC 5733 (contact).
 *
 * Every string in these structs is borrowed: it must stay valid for the
 * duration of the call that takes the struct and is never kept. Strings
 * are UTF-8; builders refuse anything else with EPP_EINVAL.
 */
#ifndef EPP_OBJECT_H
#define EPP_OBJECT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * An object status as sent in <add>/<rem> of an update: the status value
 * `s` (e.g. "clientHold"; checked against the object's RFC list), and an
 * optional human-readable `text` in language `lang` (default "en", sent
 * only with a text).
 */
typedef struct {
	const char *s;
	const char *lang;
	const char *text;
} epp_status;

/* IP version of a host address. EPP_IP_AUTO picks it from the address. */
typedef enum { EPP_IP_AUTO = 0, EPP_IP_V4 = 4, EPP_IP_V6 = 6 } epp_ip_version;

/* A host address: an IPv4 or IPv6 literal, checked with inet_pton(). */
typedef struct {
	const char *addr;
	epp_ip_version version;
} epp_ip_addr;

/* The op attribute of <transfer> (RFC 5730 section 2.9.2.4 / 2.9.3.4). */
typedef enum {
	EPP_TRANSFER_REQUEST = 0,
	EPP_TRANSFER_QUERY = 1,
	EPP_TRANSFER_APPROVE = 2,
	EPP_TRANSFER_REJECT = 3,
	EPP_TRANSFER_CANCEL = 4
} epp_transfer_op;

/*
 * Parse a transfer op name ("request", "query", "approve", "reject",
 * "cancel") into *op. Returns EPP_OK or EPP_EINVAL.
 */
EPP_EXTERN(int) epp_transfer_op_parse(const char *name, epp_transfer_op *op);

/* The op name, e.g. "query"; NULL for a value out of range. */
EPP_EXTERN(const char *) epp_transfer_op_name(epp_transfer_op op);

#ifdef __cplusplus
}
#endif

#endif
