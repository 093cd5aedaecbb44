/*
 * The poll listener: a queue bound to the gate's poll exchange, consumed
 * with manual acks on a connection of its own, connected again (node
 * after node) when it breaks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

#include "amqp_private.h"

struct epprpc_poll_listener {
	epprpc_options o; /* resolved, strings owned */
	char *exchange;
	char *queue_name; /* NULL: server-named */
	int prefetch;
	amqp_connection_state_t conn;
	unsigned long gen; /* connections made so far */
	unsigned nnodes, node;
	char queue[256]; /* the queue consumed */
	char err[512];   /* why the last connection failed or broke */
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* A failed synchronous step: its error text; EPPRPC_EINVAL when the
 * broker said the exchange or queue exists with other flags. */
static int
step_failed(epprpc_poll_listener *l, amqp_rpc_reply_t r, const char *step)
{
	char why[200];

	epprpc__describe_reply(why, sizeof(why), r);
	snprintf(l->err, sizeof(l->err), "%s: %s", step, why);
	if (r.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION &&
	    r.reply.id == AMQP_CHANNEL_CLOSE_METHOD &&
	    ((amqp_channel_close_t *)r.reply.decoded)->reply_code ==
	            AMQP_PRECONDITION_FAILED)
		return EPPRPC_EINVAL;
	return EPPRPC_ECONNECT;
}

/* Declare the exchange and the queue, bind, consume. */
static int
set_up(epprpc_poll_listener *l, amqp_connection_state_t c)
{
	amqp_queue_declare_ok_t *q;
	amqp_bytes_t name = amqp_empty_bytes;
	amqp_rpc_reply_t r;
	int named = l->queue_name != NULL;

	amqp_exchange_declare(c, CHANNEL, amqp_cstring_bytes(l->exchange),
	                      amqp_cstring_bytes(EPPRPC_POLL_EXCHANGE_TYPE), 0,
	                      1, 0, 0, amqp_empty_table);
	r = amqp_get_rpc_reply(c);
	if (r.reply_type != AMQP_RESPONSE_NORMAL)
		return step_failed(l, r, "declare of the poll exchange");
	if (named)
		name = amqp_cstring_bytes(l->queue_name);
	q = amqp_queue_declare(c, CHANNEL, name, 0, named, !named, !named,
	                       amqp_empty_table);
	r = amqp_get_rpc_reply(c);
	if (q == NULL || r.reply_type != AMQP_RESPONSE_NORMAL)
		return step_failed(l, r, "declare of the listener's queue");
	if (q->queue.len >= sizeof(l->queue)) {
		snprintf(l->err, sizeof(l->err), "queue name too long");
		return EPPRPC_ECONNECT;
	}
	memcpy(l->queue, q->queue.bytes, q->queue.len);
	l->queue[q->queue.len] = '\0';
	amqp_queue_bind(c, CHANNEL, amqp_cstring_bytes(l->queue),
	                amqp_cstring_bytes(l->exchange), amqp_empty_bytes,
	                amqp_empty_table);
	r = amqp_get_rpc_reply(c);
	if (r.reply_type != AMQP_RESPONSE_NORMAL)
		return step_failed(l, r, "bind to the poll exchange");
	amqp_basic_qos(c, CHANNEL, 0, (uint16_t)l->prefetch, 0);
	r = amqp_get_rpc_reply(c);
	if (r.reply_type != AMQP_RESPONSE_NORMAL)
		return step_failed(l, r, "basic.qos");
	amqp_basic_consume(c, CHANNEL, amqp_cstring_bytes(l->queue),
	                   amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
	r = amqp_get_rpc_reply(c);
	if (r.reply_type != AMQP_RESPONSE_NORMAL)
		return step_failed(l, r, "basic.consume");
	return EPPRPC_OK;
}

/* One attempt per node, from l->node on; l->conn set on success. */
static int
connect_nodes(epprpc_poll_listener *l)
{
	amqp_connection_state_t c;
	epprpc_options node = l->o;
	char host[256];
	unsigned i;
	int rc = EPPRPC_ECONNECT;

	for (i = 0; i < l->nnodes; i++, l->node = (l->node + 1) % l->nnodes) {
		if (epprpc__node_parse(l->o.hosts[l->node], l->o.port, host,
		                       sizeof(host), &node.port) != 0) {
			snprintf(l->err, sizeof(l->err), "bad broker node %s",
			         l->o.hosts[l->node]);
			return EPPRPC_EINVAL;
		}
		node.host = host;
		rc = epprpc__open(&c, &node, l->err, sizeof(l->err));
		if (rc == EPPRPC_OK) {
			rc = set_up(l, c);
			if (rc == EPPRPC_OK) {
				l->conn = c;
				l->gen++;
				return EPPRPC_OK;
			}
			amqp_destroy_connection(c);
		}
		if (rc == EPPRPC_ENOMEM || rc == EPPRPC_EINVAL ||
		    rc == EPPRPC_ELOGIN)
			return rc;
	}
	return rc;
}

static void
drop(epprpc_poll_listener *l, const char *why)
{
	if (l->conn == NULL)
		return;
	amqp_destroy_connection(l->conn);
	l->conn = NULL;
	snprintf(l->err, sizeof(l->err), "connection lost: %s", why);
	/* the next connection starts at the next node */
	l->node = (l->node + 1) % l->nnodes;
}

int
epprpc_poll_listen(epprpc_poll_listener **out, const epprpc_options *opts,
                   const epprpc_poll_options *popts)
{
	epprpc_poll_listener *l;
	int rc;

	if (out == NULL || popts == NULL)
		return epprpc__fail(EPPRPC_EINVAL, "no output or options");
	*out = NULL;
	if (popts->exchange == NULL || popts->exchange[0] == '\0' ||
	    strlen(popts->exchange) > 255)
		return epprpc__fail(EPPRPC_EINVAL,
		                    "the poll exchange: a name of 1 to 255 "
		                    "bytes");
	if (popts->queue != NULL &&
	    (popts->queue[0] == '\0' || strlen(popts->queue) > 255))
		return epprpc__fail(EPPRPC_EINVAL,
		                    "the listener's queue: a name of 1 to 255 "
		                    "bytes");
	if (popts->prefetch < 1 || popts->prefetch > 65535)
		return epprpc__fail(EPPRPC_EINVAL,
		                    "prefetch: a number from 1 to 65535");
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return epprpc__fail(EPPRPC_ENOMEM, "out of memory");
	rc = epprpc_options_resolve(&l->o, opts);
	if (rc != EPPRPC_OK) {
		free(l);
		return rc;
	}
	l->exchange = strdup(popts->exchange);
	l->queue_name = popts->queue ? strdup(popts->queue) : NULL;
	l->prefetch = popts->prefetch;
	while (l->o.hosts[l->nnodes] != NULL)
		l->nnodes++;
	if (l->exchange == NULL || (popts->queue && l->queue_name == NULL)) {
		epprpc_poll_listener_free(l);
		return epprpc__fail(EPPRPC_ENOMEM, "out of memory");
	}
	rc = connect_nodes(l);
	if (rc != EPPRPC_OK) {
		epprpc__fail(rc, "%s", l->err);
		epprpc_poll_listener_free(l);
		return rc;
	}
	epprpc__clear_error();
	*out = l;
	return EPPRPC_OK;
}

/* Copy a delivery out of rabbitmq-c's buffers. */
static int
take(epprpc_poll_message **msg, epprpc_poll_listener *l,
     const amqp_basic_deliver_t *d, const amqp_message_t *am)
{
	const amqp_basic_properties_t *p = &am->properties;
	epprpc_poll_message *m = calloc(1, sizeof(*m));
	size_t idlen = 0;

	if (p->_flags & AMQP_BASIC_MESSAGE_ID_FLAG)
		idlen = p->message_id.len;
	if (m == NULL || (m->message_id = malloc(idlen + 1)) == NULL ||
	    (m->json = malloc(am->body.len + 1)) == NULL) {
		epprpc_poll_message_free(m);
		return epprpc__fail(EPPRPC_ENOMEM, "out of memory");
	}
	if (idlen)
		memcpy(m->message_id, p->message_id.bytes, idlen);
	m->message_id[idlen] = '\0';
	if (am->body.len)
		memcpy(m->json, am->body.bytes, am->body.len);
	m->json[am->body.len] = '\0';
	m->json_len = am->body.len;
	m->redelivered = d->redelivered != 0;
	m->tag = d->delivery_tag;
	m->conn = l->gen;
	*msg = m;
	return EPPRPC_OK;
}

/* Wait up to `ms` for a frame: 1 a message in *msg, 0 nothing (or a
 * frame of no interest), < 0 an error code (the connection is dropped
 * on a transport error). */
static int
read_frame(epprpc_poll_message **msg, epprpc_poll_listener *l, int ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
	amqp_basic_deliver_t d;
	amqp_message_t am;
	amqp_frame_t f;
	amqp_rpc_reply_t r;
	int st, rc;

	amqp_maybe_release_buffers(l->conn);
	st = amqp_simple_wait_frame_noblock(l->conn, &f, &tv);
	if (st == AMQP_STATUS_TIMEOUT)
		return 0;
	if (st != AMQP_STATUS_OK) {
		drop(l, amqp_error_string2(st));
		return EPPRPC_ETRANSPORT;
	}
	if (f.frame_type != AMQP_FRAME_METHOD)
		return 0;
	switch (f.payload.method.id) {
	case AMQP_BASIC_DELIVER_METHOD:
		d = *(amqp_basic_deliver_t *)f.payload.method.decoded;
		r = amqp_read_message(l->conn, f.channel, &am, 0);
		if (r.reply_type != AMQP_RESPONSE_NORMAL) {
			drop(l, "reading a message failed");
			return EPPRPC_ETRANSPORT;
		}
		rc = take(msg, l, &d, &am);
		amqp_destroy_message(&am);
		return rc == EPPRPC_OK ? 1 : rc;
	case AMQP_BASIC_CANCEL_METHOD:
		drop(l, "the broker cancelled the consumer (queue deleted?)");
		return EPPRPC_ETRANSPORT;
	case AMQP_CHANNEL_CLOSE_METHOD:
		drop(l, "the broker closed the channel");
		return EPPRPC_ETRANSPORT;
	case AMQP_CONNECTION_CLOSE_METHOD:
		drop(l, "the broker closed the connection");
		return EPPRPC_ETRANSPORT;
	default:
		return 0;
	}
}

int
epprpc_poll_listener_next(epprpc_poll_message **msg, epprpc_poll_listener *l,
                          int timeout_ms)
{
	uint64_t end = now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
	uint64_t now;
	int rc, left, pause;

	if (msg != NULL)
		*msg = NULL;
	if (msg == NULL || l == NULL)
		return epprpc__fail(EPPRPC_EINVAL, "no output or listener");
	for (;;) {
		now = now_ms();
		left = timeout_ms < 0 ? 1000
		       : now >= end   ? 0
		                      : (int)(end - now);
		if (l->conn == NULL) {
			rc = connect_nodes(l);
			if (rc != EPPRPC_OK) {
				if (rc != EPPRPC_ECONNECT &&
				    rc != EPPRPC_ELOGIN)
					return epprpc__fail(rc, "%s", l->err);
				/* ELOGIN: a node still starting refuses */
				if (left <= 0)
					return epprpc__fail(rc, "%s", l->err);
				pause = l->o.retry_delay_ms < left
				                ? l->o.retry_delay_ms
				                : left;
				epprpc__retry_pause(pause);
				continue;
			}
		}
		rc = read_frame(msg, l, left);
		if (rc == 1) {
			epprpc__clear_error();
			return EPPRPC_OK;
		}
		if (rc < 0 && rc != EPPRPC_ETRANSPORT)
			return rc;
		if (rc == 0 && timeout_ms >= 0 && now_ms() >= end)
			return epprpc__fail(EPPRPC_ETIMEOUT,
			                    "no poll message in %d ms",
			                    timeout_ms);
	}
}

int
epprpc_poll_listener_ack(epprpc_poll_listener *l, const epprpc_poll_message *m)
{
	if (l == NULL || m == NULL)
		return epprpc__fail(EPPRPC_EINVAL, "no listener or message");
	if (l->conn == NULL || m->conn != l->gen)
		return epprpc__fail(EPPRPC_ETRANSPORT,
		                    "poll message %s: the connection that "
		                    "delivered it is gone; the broker delivers "
		                    "it again",
		                    m->message_id);
	if (amqp_basic_ack(l->conn, CHANNEL, m->tag, 0) != AMQP_STATUS_OK) {
		drop(l, "the ack could not be sent");
		return epprpc__fail(EPPRPC_ETRANSPORT,
		                    "poll message %s: %s; the broker delivers "
		                    "it again",
		                    m->message_id, l->err);
	}
	epprpc__clear_error();
	return EPPRPC_OK;
}

const char *
epprpc_poll_listener_queue(const epprpc_poll_listener *l)
{
	return l ? l->queue : NULL;
}

void
epprpc_poll_message_free(epprpc_poll_message *m)
{
	if (m == NULL)
		return;
	free(m->message_id);
	free(m->json);
	free(m);
}

void
epprpc_poll_listener_free(epprpc_poll_listener *l)
{
	if (l == NULL)
		return;
	if (l->conn) {
		amqp_channel_close(l->conn, CHANNEL, AMQP_REPLY_SUCCESS);
		amqp_connection_close(l->conn, AMQP_REPLY_SUCCESS);
		amqp_destroy_connection(l->conn);
	}
	epprpc_options_release(&l->o);
	free(l->exchange);
	free(l->queue_name);
	free(l);
}
