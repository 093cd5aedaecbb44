/*
 * libepprpc internals shared between its source files.
 */
#ifndef EPPRPC_RPC_PRIVATE_H
#define EPPRPC_RPC_PRIVATE_H

#include <stdarg.h>
#include <stdint.h>

#include "epprpc/epprpc.h"

/* Set the calling thread's epprpc_last_error() text; returns `code`. */
int epprpc__fail(int code, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Clear the calling thread's error text. */
void epprpc__clear_error(void);

/*
 * Split a broker node "host:port", "host" (port `defport`) or
 * "[v6addr]:port" into host (hostlen bytes) and *port. 0, or -1 when
 * malformed or the port is not 1 to 65535.
 */
int epprpc__node_parse(const char *spec, int defport, char *host,
                       size_t hostlen, int *port);

/* Most bytes of a configuration file or of a reply we accept. */
#define EPPRPC_MAX_CONF (64 * 1024)

/* A correlation id: a UUID string and its NUL. */
#define EPPRPC_CID_LEN 37

/* The next correlation id into out (EPPRPC_CID_LEN bytes): 58 random
 * bits of `base` (epprpc__cid_seed, `salt` mixed in when /dev/urandom
 * fails) and the counter *seq. Not thread-safe: callers hold a lock. */
void epprpc__cid_seed(uint64_t base[2], const void *salt);
void epprpc__cid_next(char *out, const uint64_t base[2], uint64_t *seq);

/* Append "<what> at <asctime>" to the health file, as the Python client
 * does. 0, or -1 when the file cannot be written. */
int epprpc__health_append(const char *path, const char *what);

#endif
