/*
 * epp-rpc internals: command-line arguments to requests, the load mode,
 * the readable form of a reply. Exit statuses are those of cli.h.
 */
#ifndef EPP_RPC_H
#define EPP_RPC_H

#include <stdio.h>

#include <epprpc/epprpc.h>

/* How a reply is printed. */
enum rpc_output {
	RPC_OUT_JSON = 0, /* as the gate sent it, one line */
	RPC_OUT_PRETTY,   /* indented */
	RPC_OUT_BRIEF     /* the result line, then path: value lines */
};

/*
 * Build the request for `cmd` and its arguments (see the man page).
 * Returns a new JSON object, or NULL with a message on stderr (an
 * unknown cmd is named with the nearest known one).
 */
json_t *rpc_build_request(const char *cmd, int argc, char **argv);

/* The known command names, comma-separated, for --help. */
void rpc_print_commands(FILE *out);

/*
 * Run `total` calls of `request` over `threads` threads on one client.
 * On a terminal, a progress line (at most 4 updates a second); then a
 * summary: successes, registry errors (code >= 2000), gate errors,
 * timeouts and transport errors apart, requests/s, latency percentiles
 * over the answered calls. `json`: the summary as one JSON object.
 * Returns 0 when every call succeeded, else CLI_REFUSED.
 */
int rpc_load(epprpc_client *c, const char *request, long total, int threads,
             int json);

/*
 * poll-listen: write each message of `l` as one JSON line on stdout
 * ({"message_id", "redelivered", "message"}), flush, then ack it; until
 * SIGTERM or SIGINT, or `count` messages (0: no limit). Connection losses
 * are said once on stderr and waited out. Returns the exit status.
 */
int rpc_poll_listen(epprpc_poll_listener *l, const char *exchange, long count);

/* Print a reply as "<code> <message>" and "path: value" lines. */
void rpc_print_brief(const json_t *reply, FILE *out);

#endif
