/*
 * Internals shared by the socket transports (plain TCP and TLS).
 */
#ifndef EPP_TRANSPORT_PRIVATE_H
#define EPP_TRANSPORT_PRIVATE_H

#include <stdint.h>

#include "epp/transport.h"
#include "base/base_private.h"

#define EPP_DEFAULT_PORT               "700"
#define EPP_DEFAULT_CONNECT_TIMEOUT_MS 10000

/* Monotonic milliseconds. */
int64_t epp__now_ms(void);

/* Deadline for a timeout (< 0: none, returned as -1). */
int64_t epp__deadline(int timeout_ms);

/*
 * Wait until `fd` is ready for `events` (POLLIN/POLLOUT) or the deadline
 * (from epp__deadline) passes. Returns EPP_OK, EPP_ETIMEOUT or EPP_EIO.
 */
int epp__fd_wait(int fd, short events, int64_t deadline);

/*
 * Resolve, optionally bind, connect non-blocking within the deadline and
 * set TCP_NODELAY. *fd is left non-blocking. Fills `err`.
 */
int epp__tcp_open(int *fd, const epp_transport_options *opts, int64_t deadline,
                  epp_error *err);

#endif
