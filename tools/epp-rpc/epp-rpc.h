/*
 * epp-rpc internals: command-line arguments to requests, the load mode.
 */
#ifndef EPP_RPC_H
#define EPP_RPC_H

#include <stdio.h>

#include <epprpc/epprpc.h>

/* Exit codes. */
enum {
	EXIT_REGISTRY = 1,  /* the registry answered with an error code */
	EXIT_GATE = 2,      /* the gate answered {"error"} or nonsense */
	EXIT_TRANSPORT = 3, /* broker unreachable, timeout, no queue */
	EXIT_USAGE = 64
};

/*
 * Build the request for `cmd` and its arguments (see the man page).
 * Returns a new JSON object, or NULL with a message on stderr.
 */
json_t *rpc_build_request(const char *cmd, int argc, char **argv);

/* Run `total` calls of `request` over `threads` threads on one client and
 * print requests/s and latency percentiles. Returns an exit code. */
int rpc_load(epprpc_client *c, const char *request, long total, int threads,
             int timeout_ms);

/* Print a reply as "<code> <message>" and "path: value" lines. */
void rpc_print_brief(const json_t *reply, FILE *out);

#endif
