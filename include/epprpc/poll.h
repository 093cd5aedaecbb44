/*
 * eppkit - libepprpc poll listener: the registry's poll messages that
 * epp-gate --poll-exchange publishes, read from a queue bound to that
 * exchange.
 *
 * The gate publishes each message persistent to a durable fanout
 * exchange, with the registry's msgQ id as the AMQP message_id and the
 * compat JSON of the poll response (what a poll_req request would get) as
 * its body, and acknowledges it at the registry once the broker has it.
 * Delivery is at least once: the same message may come twice, always with
 * the same message_id. A listener acks a message (epprpc_poll_listener_ack) only
 * once it has done what it must with it; until then the broker keeps it.
 *
 * Thread rule: one listener is used by one thread at a time.
 */
#ifndef EPPRPC_POLL_H
#define EPPRPC_POLL_H

#include "common.h"
#include "client.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPPRPC_POLL_OPTIONS_VERSION 1

/* The exchange's type (both the gate and the listener declare it). */
#define EPPRPC_POLL_EXCHANGE_TYPE "fanout"

typedef struct {
	unsigned int version; /* EPPRPC_POLL_OPTIONS_VERSION */
	const char *exchange; /* required: the gate's --poll-exchange */
	const char *queue;    /* a durable queue of this name, bound to the
				 exchange: messages wait in it while the
				 listener is away. NULL: an exclusive
				 server-named queue, gone with the
				 connection (messages published while no
				 listener runs stay at the registry) */
	int prefetch;         /* messages delivered and not yet acked, at
				 most (1 to 65535, default 16) */
} epprpc_poll_options;

#define EPPRPC_POLL_OPTIONS_INIT                                               \
	{                                                                      \
		.version = EPPRPC_POLL_OPTIONS_VERSION, .exchange = NULL,      \
		.queue = NULL, .prefetch = 16                                  \
	}

typedef struct epprpc_poll_listener epprpc_poll_listener;

/* One poll message, owned by the caller (epprpc_poll_message_free). */
typedef struct {
	char *message_id; /* the registry's msgQ id; "" when it has none */
	char *json;       /* the compat JSON of the poll response, as the
			      gate published it; NUL-terminated */
	size_t json_len;  /* its length */
	int redelivered;  /* the broker delivered it before, unacked */
	unsigned long long
	        tag;        /* the delivery (for epprpc_poll_listener_ack) */
	unsigned long conn; /* the connection that delivered it */
} epprpc_poll_message;

/*
 * Connect as `opts` says (see epprpc_options; the reply and request queue
 * settings are not used), declare the exchange (durable,
 * EPPRPC_POLL_EXCHANGE_TYPE) and the queue, bind them and start
 * consuming. One attempt per broker node, like epprpc_client_open(): a
 * wrong host or password shows at once. *out is freed with
 * epprpc_poll_listener_free().
 * Returns EPPRPC_OK, EPPRPC_EINVAL (no exchange, a bad option, or the
 * exchange or queue exists with other flags), EPPRPC_EIO, EPPRPC_ECONNECT,
 * EPPRPC_ELOGIN, EPPRPC_ENOMEM; epprpc_last_error() says more.
 */
EPPRPC_EXTERN(int)
epprpc_poll_listen(epprpc_poll_listener **out, const epprpc_options *opts,
                   const epprpc_poll_options *popts);

/*
 * The next message, waiting up to `timeout_ms` (0: only what has
 * arrived, < 0: for ever). When the connection breaks, the listener
 * connects again (each node in turn, retry_delay_ms apart) within the
 * time left: messages delivered and not acked on the old connection come
 * again (redelivered set). *msg is the caller's.
 * Returns EPPRPC_OK, EPPRPC_ETIMEOUT (nothing came), EPPRPC_ECONNECT or
 * EPPRPC_ETRANSPORT (no connection in the time given: call again to go on
 * trying), EPPRPC_ELOGIN, EPPRPC_EINVAL, EPPRPC_ENOMEM.
 */
EPPRPC_EXTERN(int)
epprpc_poll_listener_next(epprpc_poll_message **msg, epprpc_poll_listener *l,
                          int timeout_ms);

/*
 * Acknowledge `m`: the broker forgets it. EPPRPC_OK, or EPPRPC_ETRANSPORT
 * when the connection that delivered it is gone (the broker delivers the
 * message again, with the same message_id), EPPRPC_EINVAL.
 */
EPPRPC_EXTERN(int)
epprpc_poll_listener_ack(epprpc_poll_listener *l, const epprpc_poll_message *m);

/* The queue consumed (a server-named one is known once connected);
 * borrowed. */
EPPRPC_EXTERN(const char *)
epprpc_poll_listener_queue(const epprpc_poll_listener *l);

/* NULL is a no-op. */
EPPRPC_EXTERN(void) epprpc_poll_message_free(epprpc_poll_message *m);

/* Close the connection (unacked messages go back to the queue) and free.
 * NULL is a no-op. */
EPPRPC_EXTERN(void) epprpc_poll_listener_free(epprpc_poll_listener *l);

#ifdef __cplusplus
}
#endif

#endif
