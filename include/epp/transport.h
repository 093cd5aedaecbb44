/*
 * eppkit - byte transports behind a small vtable (the rabbitmq-c model):
 * TLS over TCP for registries, plain TCP for tests, and memory for tests
 * and fuzzers, so a whole session can run without a socket.
 */
#ifndef EPP_TRANSPORT_H
#define EPP_TRANSPORT_H

#include <sys/types.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct epp_transport epp_transport;

/*
 * The operations of a transport. `send` and `recv` move at most `len`
 * bytes and return how many (> 0), or a negative epp_errcode; recv returns
 * EPP_ECLOSED at end of stream. `timeout_ms` < 0 waits forever. `fd`
 * returns the pollable descriptor or -1. `close` releases everything,
 * including the transport struct itself.
 */
typedef struct {
	ssize_t (*send)(epp_transport *t, const void *buf, size_t len,
	                int timeout_ms);
	ssize_t (*recv)(epp_transport *t, void *buf, size_t len,
	                int timeout_ms);
	int (*fd)(const epp_transport *t);
	/* bytes already buffered inside the transport (SSL_pending) */
	size_t (*pending)(const epp_transport *t);
	void (*close)(epp_transport *t);
} epp_transport_ops;

/* Every transport starts with this header; `errmsg` holds the detail of
 * the last failure (never a secret). */
struct epp_transport {
	const epp_transport_ops *ops;
	char errmsg[EPP_ERROR_TEXT_LENGTH];
};

#ifdef __cplusplus
}
#endif

#endif
