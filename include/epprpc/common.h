/*
 * eppkit - libepprpc common definitions: export macro, error codes.
 *
 * libepprpc is the RPC client of the gate (docs/protocol.md): it
 * publishes {"cmd", "args"} requests to a RabbitMQ queue and waits for the
 * gate's JSON reply. It depends on rabbitmq-c and jansson only.
 */
#ifndef EPPRPC_COMMON_H
#define EPPRPC_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(EPPRPC_BUILDING_LIBRARY) && defined(__GNUC__)
#define EPPRPC_EXTERN(type) __attribute__((visibility("default"))) type
#else
#define EPPRPC_EXTERN(type) type
#endif

#define EPPRPC_VERSION "0.1.0"

/*
 * Library error codes: zero is success, failures are negative. The values
 * are part of the ABI: never renumber one, only append.
 *
 * A gate reply that carries a registry error (result code 2000 or more) or
 * a gate error ({"error": ...}) is NOT a library error: the call returns
 * EPPRPC_OK and epprpc_reply_result() classifies the reply.
 */
typedef enum {
	EPPRPC_OK = 0,
	EPPRPC_ENOMEM = -1,      /* out of memory */
	EPPRPC_EINVAL = -2,      /* invalid argument or configuration */
	EPPRPC_ECONNECT = -3,    /* no connection to the broker (TCP, TLS) */
	EPPRPC_ELOGIN = -4,      /* the broker refused the login or vhost */
	EPPRPC_ETRANSPORT = -5,  /* the connection broke while the call was
				    in flight */
	EPPRPC_ETIMEOUT = -6,    /* no reply before the call's deadline */
	EPPRPC_EREPLY = -7,      /* the reply is not a JSON object */
	EPPRPC_EUNROUTABLE = -8, /* the broker has no such request queue
				    (no gate has declared it) */
	EPPRPC_ECLOSED = -9,     /* the client is being freed */
	EPPRPC_EIO = -10,        /* reading a configuration or health file */
	EPPRPC_ELIMIT = -11,     /* the reply is larger than max_reply */
	EPPRPC_EUNKNOWN = -12    /* a transform was published, then the
				    connection (and its reply address)
				    died: its outcome is unknown */
} epprpc_errcode;

/* Number of error codes, EPPRPC_OK included. */
#define EPPRPC_ERRCODE_COUNT 13

/* Short English description of an error code; never NULL, static. */
EPPRPC_EXTERN(const char *) epprpc_strerror(int code);

/*
 * Detail of the last failed call made by the calling thread (the step that
 * failed and why), like errno. Never NULL; empty after a success. Never
 * contains a password. The string is overwritten by the thread's next call.
 */
EPPRPC_EXTERN(const char *) epprpc_last_error(void);

/* Free memory the library handed out (reply texts). NULL is a no-op. */
EPPRPC_EXTERN(void) epprpc_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
