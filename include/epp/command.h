/*
 * eppkit - an EPP command document, built with libxml2 and ready to send.
 *
 * Per-object builders (domain.h, host.h, contact.h, poll.h) and the JSON
 * bridge (json.h) produce an epp_command; epp_session_execute() sends it.
 */
#ifndef EPP_COMMAND_H
#define EPP_COMMAND_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct epp_command epp_command;

/* Whether running the command can change registry state. */
typedef enum {
	EPP_COMMAND_QUERY = 0,    /* check, info, poll req, transfer query,
				   hello: safe to retry */
	EPP_COMMAND_TRANSFORM = 1 /* everything else: never retried blindly */
} epp_command_kind;

/* The serialized XML (UTF-8), borrowed from the command. */
EPP_EXTERN(const char *) epp_command_xml(const epp_command *c, size_t *len);

/* The command's clTRID, borrowed. */
EPP_EXTERN(const char *) epp_command_cltrid(const epp_command *c);

/* Short name in the docs/protocol.md `cmd` style, e.g. "domain_create". */
EPP_EXTERN(const char *) epp_command_name(const epp_command *c);

EPP_EXTERN(epp_command_kind) epp_command_kind_of(const epp_command *c);

/* Free a command. NULL is a no-op. */
EPP_EXTERN(void) epp_command_free(epp_command *c);

/*
 * Write a fresh clTRID into buf (EPP_CLTRID_BUFSIZE bytes): prefix (at most
 * 24 bytes, default "EPPKIT"), time, pid, a per-process counter and random
 * bits, so it is unique across processes and machines. Thread-safe.
 */
#define EPP_CLTRID_BUFSIZE 64
EPP_EXTERN(void) epp_cltrid_generate(char *buf, const char *prefix);

#ifdef __cplusplus
}
#endif

#endif
