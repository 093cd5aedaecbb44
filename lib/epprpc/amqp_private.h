/*
 * libepprpc internals of the AMQP side: what the client (client.c) and
 * the connection set-up (connect.c) share.
 */
#ifndef EPPRPC_AMQP_PRIVATE_H
#define EPPRPC_AMQP_PRIVATE_H

#include <stddef.h>

#include <amqp.h>

#include "rpc_private.h"

#define CHANNEL         1
#define HEARTBEAT_S     60
#define DIRECT_REPLY_TO "amq.rabbitmq.reply-to"

/* What the broker or rabbitmq-c said in `r`, for an error text. */
void epprpc__describe_reply(char *buf, size_t len, amqp_rpc_reply_t r);

/*
 * Open a connection as `o` says: socket (TCP or TLS, within
 * o->connect_timeout_ms), login and channel CHANNEL. Returns as
 * epprpc__connect().
 */
int epprpc__open(amqp_connection_state_t *out, const epprpc_options *o,
                 char *err, size_t errlen);

/*
 * Open a connection as `o` says: socket (TCP or TLS, within
 * o->connect_timeout_ms), login, channel CHANNEL, and the reply address
 * (direct reply-to, or a server-named queue) consumed; its name goes
 * into reply_to. On success *out is the connection. Returns EPPRPC_OK,
 * EPPRPC_ENOMEM, EPPRPC_EINVAL (TLS files), EPPRPC_ECONNECT or
 * EPPRPC_ELOGIN with `err` saying which step failed and why.
 */
int epprpc__connect(amqp_connection_state_t *out, char *reply_to,
                    size_t reply_to_len, const epprpc_options *o, char *err,
                    size_t errlen);

/* A failure after which the Python client marks its health file and
 * tries once more; and the pause before that retry (milliseconds). */
int epprpc__is_transport_error(int rc);
void epprpc__retry_pause(int ms);

#endif
