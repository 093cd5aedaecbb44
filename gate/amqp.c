/*
 * The broker side of a worker, on rabbitmq-c 0.11: one connection, channel
 * 1, the request queue consumed with prefetch 1 and manual ack.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <amqp.h>
#include <amqp_tcp_socket.h>

#include "worker.h"

#define CHANNEL 1

/* Describe a failed rabbitmq-c call (library or server error). */
static void
describe(amqp_rpc_reply_t r, const char *step, char *err, size_t errlen)
{
	switch (r.reply_type) {
	case AMQP_RESPONSE_NORMAL:
		snprintf(err, errlen, "%s: ok", step);
		break;
	case AMQP_RESPONSE_NONE:
		snprintf(err, errlen, "%s: no reply", step);
		break;
	case AMQP_RESPONSE_LIBRARY_EXCEPTION:
		snprintf(err, errlen, "%s: %s", step,
		         amqp_error_string2(r.library_error));
		break;
	case AMQP_RESPONSE_SERVER_EXCEPTION:
		if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
			amqp_connection_close_t *m = r.reply.decoded;
			snprintf(err, errlen,
			         "%s: server closed the connection: "
			         "%u %.*s",
			         step, m->reply_code, (int)m->reply_text.len,
			         (const char *)m->reply_text.bytes);
		} else if (r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
			amqp_channel_close_t *m = r.reply.decoded;
			snprintf(err, errlen,
			         "%s: server closed the channel: "
			         "%u %.*s",
			         step, m->reply_code, (int)m->reply_text.len,
			         (const char *)m->reply_text.bytes);
		} else {
			snprintf(err, errlen, "%s: server error, method 0x%08x",
			         step, (unsigned)r.reply.id);
		}
		break;
	}
}

/* Connect, log in and open channel 1: the connection, or NULL with
 * `err` saying which step failed. */
static amqp_connection_state_t
connect_login(const struct gate_cred *cred, const struct gate_config *cfg,
              char *err, size_t errlen)
{
	amqp_connection_state_t c;
	amqp_socket_t *sock;
	amqp_rpc_reply_t r;
	struct timeval tv = {10, 0};
	char step[300];
	int st;

	c = amqp_new_connection();
	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	sock = amqp_tcp_socket_new(c);
	if (sock == NULL) {
		snprintf(err, errlen, "cannot create a socket");
		amqp_destroy_connection(c);
		return NULL;
	}
	st = amqp_socket_open_noblock(sock, cred->host, atoi(cred->port), &tv);
	if (st != AMQP_STATUS_OK) {
		snprintf(err, errlen, "RabbitMQ at %s:%s: %s", cred->host,
		         cred->port,
		         st == AMQP_STATUS_SOCKET_ERROR
		                 ? "cannot connect (refused or unreachable)"
		                 : amqp_error_string2(st));
		amqp_destroy_connection(c);
		return NULL;
	}
	amqp_set_rpc_timeout(c, &tv);
	r = amqp_login(c, "/", 0, 131072, cfg->heartbeat_s,
	               AMQP_SASL_METHOD_PLAIN, cred->login, cred->password);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		describe(r, "login", step, sizeof(step));
		snprintf(err, errlen,
		         "RabbitMQ at %s:%s refused the login of user %s (%s); "
		         "check the credentials in %s",
		         cred->host, cred->port, cred->login, step,
		         cfg->rabbitmq_file);
		amqp_destroy_connection(c);
		return NULL;
	}
	amqp_channel_open(c, CHANNEL);
	r = amqp_get_rpc_reply(c);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		describe(r, "channel open", err, errlen);
		amqp_destroy_connection(c);
		return NULL;
	}
	return c;
}

/* The broker refused a declare because the queue or exchange exists with
 * other flags (or of another type): retrying cannot help. */
static int
precondition_failed(amqp_rpc_reply_t r)
{
	return r.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION &&
	       r.reply.id == AMQP_CHANNEL_CLOSE_METHOD &&
	       ((amqp_channel_close_t *)r.reply.decoded)->reply_code ==
	               AMQP_PRECONDITION_FAILED;
}

int
gate_amqp_open(amqp_connection_state_t *out, const struct gate_cred *cred,
               const struct gate_config *cfg, int consume, char *err,
               size_t errlen)
{
	amqp_connection_state_t c;
	amqp_rpc_reply_t r;
	amqp_table_entry_t qarg;
	amqp_table_t args = amqp_empty_table;
	char step[300];
	int rc = -1;

	*out = NULL;
	if ((c = connect_login(cred, cfg, err, errlen)) == NULL)
		return -1;
	if (cfg->queue_type == GATE_QUEUE_QUORUM) {
		qarg.key = amqp_cstring_bytes("x-queue-type");
		qarg.value.kind = AMQP_FIELD_KIND_UTF8;
		qarg.value.value.bytes = amqp_cstring_bytes("quorum");
		args.num_entries = 1;
		args.entries = &qarg;
	}
	amqp_queue_declare(c, CHANNEL, amqp_cstring_bytes(cfg->queue), 0,
	                   cfg->queue_type != GATE_QUEUE_DEFAULT, 0, 0, args);
	r = amqp_get_rpc_reply(c);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		snprintf(step, sizeof(step), "declare of queue '%s'",
		         cfg->queue);
		describe(r, step, err, errlen);
		if (precondition_failed(r))
			rc = -2;
		goto fail;
	}
	if (!consume)
		goto done;
	amqp_basic_qos(c, CHANNEL, 0, 1, 0);
	r = amqp_get_rpc_reply(c);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		describe(r, "basic.qos", err, errlen);
		goto fail;
	}
	amqp_basic_consume(c, CHANNEL, amqp_cstring_bytes(cfg->queue),
	                   amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
	r = amqp_get_rpc_reply(c);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		describe(r, "basic.consume", err, errlen);
		goto fail;
	}
done:
	*out = c;
	return 0;
fail:
	amqp_destroy_connection(c);
	return rc;
}

/* A frame other than a delivery arrived: tell whether we can go on. */
static int
other_frame(amqp_connection_state_t c, const amqp_frame_t *f, char *err,
            size_t errlen)
{
	amqp_message_t msg;

	switch (f->payload.method.id) {
	case AMQP_BASIC_ACK_METHOD:
		return 0;
	case AMQP_BASIC_RETURN_METHOD:
		if (amqp_read_message(c, f->channel, &msg, 0).reply_type ==
		    AMQP_RESPONSE_NORMAL)
			amqp_destroy_message(&msg);
		return 0;
	case AMQP_CHANNEL_CLOSE_METHOD: {
		amqp_channel_close_t *m = f->payload.method.decoded;
		snprintf(err, errlen, "the broker closed the channel: %u %.*s",
		         m->reply_code, (int)m->reply_text.len,
		         (const char *)m->reply_text.bytes);
		return -1;
	}
	case AMQP_CONNECTION_CLOSE_METHOD: {
		amqp_connection_close_t *m = f->payload.method.decoded;
		snprintf(err, errlen,
		         "the broker closed the connection: %u %.*s",
		         m->reply_code, (int)m->reply_text.len,
		         (const char *)m->reply_text.bytes);
		return -1;
	}
	case AMQP_BASIC_CANCEL_METHOD:
		snprintf(err, errlen, "the broker cancelled the consumer");
		return -1;
	default:
		return 0;
	}
}

/* A copy of the bytes in `b`, or NULL (empty or out of memory). */
static char *
bytes_dup(amqp_bytes_t b)
{
	char *s;

	if (b.len == 0 || (s = malloc(b.len + 1)) == NULL)
		return NULL;
	memcpy(s, b.bytes, b.len);
	s[b.len] = '\0';
	return s;
}

/* The deadline header: an integer of Unix milliseconds, or its digits. */
static int64_t
header_deadline(const amqp_basic_properties_t *p)
{
	const amqp_field_value_t *v;
	char buf[32];
	int i;

	if (!(p->_flags & AMQP_BASIC_HEADERS_FLAG))
		return 0;
	for (i = 0; i < p->headers.num_entries; i++) {
		const amqp_table_entry_t *e = &p->headers.entries[i];
		if (e->key.len != strlen(GATE_DEADLINE_HEADER) ||
		    memcmp(e->key.bytes, GATE_DEADLINE_HEADER, e->key.len) != 0)
			continue;
		v = &e->value;
		switch (v->kind) {
		case AMQP_FIELD_KIND_I64:
			return v->value.i64;
		case AMQP_FIELD_KIND_U64:
			return (int64_t)v->value.u64;
		case AMQP_FIELD_KIND_I32:
			return v->value.i32;
		case AMQP_FIELD_KIND_U32:
			return v->value.u32;
		case AMQP_FIELD_KIND_TIMESTAMP:
			/* AMQP timestamps are seconds */
			return (int64_t)v->value.u64 * 1000;
		case AMQP_FIELD_KIND_UTF8:
		case AMQP_FIELD_KIND_BYTES:
			if (v->value.bytes.len == 0 ||
			    v->value.bytes.len >= sizeof(buf))
				return 0;
			memcpy(buf, v->value.bytes.bytes, v->value.bytes.len);
			buf[v->value.bytes.len] = '\0';
			return strtoll(buf, NULL, 10);
		default:
			return 0;
		}
	}
	return 0;
}

void
gate_request_free(struct gate_request *r)
{
	if (r == NULL)
		return;
	free(r->body);
	free(r->corr);
	free(r->reply_to);
	memset(r, 0, sizeof(*r));
}

/* Next frame, waiting at most `ms`: 0, or -1 with `err` filled. */
static int
next_frame(amqp_connection_state_t c, amqp_frame_t *f, int ms, char *err,
           size_t errlen)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
	int st = amqp_simple_wait_frame_noblock(c, f, &tv);

	if (st == AMQP_STATUS_OK)
		return 0;
	snprintf(err, errlen, "reading a delivery: %s", amqp_error_string2(st));
	return -1;
}

/*
 * The content of a delivery, frame by frame: the header frame says the
 * size; a body over `max_body` is read and dropped frame by frame, so the
 * gate never holds more than one frame of it.
 */
static int
read_content(amqp_connection_state_t c, size_t max_body, struct gate_request *r,
             char *err, size_t errlen)
{
	amqp_basic_properties_t *p;
	amqp_frame_t f;
	uint64_t got = 0, size;

	if (next_frame(c, &f, 30000, err, errlen) != 0)
		return -1;
	if (f.frame_type != AMQP_FRAME_HEADER) {
		snprintf(err, errlen, "delivery without a content header");
		return -1;
	}
	size = f.payload.properties.body_size;
	p = f.payload.properties.decoded;
	r->size = size;
	if (p->_flags & AMQP_BASIC_CORRELATION_ID_FLAG) {
		r->corr = bytes_dup(p->correlation_id);
		r->corr_len = r->corr ? p->correlation_id.len : 0;
	}
	if (p->_flags & AMQP_BASIC_REPLY_TO_FLAG) {
		r->reply_to = bytes_dup(p->reply_to);
		r->reply_to_len = r->reply_to ? p->reply_to.len : 0;
	}
	r->persistent = (p->_flags & AMQP_BASIC_DELIVERY_MODE_FLAG) &&
	                p->delivery_mode == 2;
	r->deadline_ms = header_deadline(p);
	if (size <= max_body) {
		r->body = malloc((size_t)size + 1);
		if (r->body == NULL) {
			snprintf(err, errlen, "out of memory for %llu bytes",
			         (unsigned long long)size);
			return -1;
		}
	}
	amqp_maybe_release_buffers_on_channel(c, CHANNEL);
	while (got < size) {
		if (next_frame(c, &f, 30000, err, errlen) != 0)
			return -1;
		if (f.frame_type != AMQP_FRAME_BODY ||
		    f.payload.body_fragment.len > size - got) {
			snprintf(err, errlen, "bad body frame in a delivery");
			return -1;
		}
		if (r->body)
			memcpy(r->body + got, f.payload.body_fragment.bytes,
			       f.payload.body_fragment.len);
		got += f.payload.body_fragment.len;
		amqp_maybe_release_buffers_on_channel(c, CHANNEL);
	}
	if (r->body) {
		r->body[size] = '\0';
		r->body_len = (size_t)size;
	}
	return 0;
}

int
gate_amqp_wait(amqp_connection_state_t c, int timeout_ms, size_t max_body,
               struct gate_request *r, char *err, size_t errlen)
{
	struct pollfd pfd;
	amqp_frame_t f;
	amqp_basic_deliver_t *d;
	int st;

	memset(r, 0, sizeof(*r));
	/* Frames rabbitmq-c already read would not wake poll(). */
	if (!amqp_frames_enqueued(c) && !amqp_data_in_buffer(c)) {
		pfd.fd = amqp_get_sockfd(c);
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, timeout_ms) < 0 && errno != EINTR) {
			snprintf(err, errlen, "poll: %s", strerror(errno));
			return -1;
		}
	}
	amqp_maybe_release_buffers(c);
	/* Also called when nothing arrived: it sends heartbeats that are due
	 * and notices a broker that went silent. */
	st = amqp_simple_wait_frame_noblock(c, &f, &(struct timeval){0, 0});
	if (st == AMQP_STATUS_TIMEOUT)
		return 0;
	if (st != AMQP_STATUS_OK) {
		snprintf(err, errlen, "consume: %s", amqp_error_string2(st));
		return -1;
	}
	if (f.frame_type != AMQP_FRAME_METHOD)
		return 0;
	if (f.payload.method.id != AMQP_BASIC_DELIVER_METHOD)
		return other_frame(c, &f, err, errlen);
	d = f.payload.method.decoded;
	r->tag = d->delivery_tag;
	r->redelivered = d->redelivered != 0;
	if (read_content(c, max_body, r, err, errlen) != 0) {
		gate_request_free(r);
		return -1;
	}
	return 1;
}

int
gate_amqp_reply(amqp_connection_state_t c, const struct gate_request *r,
                const char *body, size_t len)
{
	amqp_basic_properties_t p;
	amqp_bytes_t b, to;

	memset(&p, 0, sizeof(p));
	p._flags = AMQP_BASIC_CONTENT_TYPE_FLAG;
	p.content_type = amqp_cstring_bytes("application/json");
	if (r->persistent) {
		p._flags |= AMQP_BASIC_DELIVERY_MODE_FLAG;
		p.delivery_mode = 2;
	}
	if (r->corr) {
		p._flags |= AMQP_BASIC_CORRELATION_ID_FLAG;
		p.correlation_id.bytes = r->corr;
		p.correlation_id.len = r->corr_len;
	}
	to.bytes = r->reply_to;
	to.len = r->reply_to_len;
	b.len = len;
	b.bytes = (void *)(uintptr_t)body;
	return amqp_basic_publish(c, CHANNEL, amqp_empty_bytes, to, 0, 0, &p,
	                          b) == AMQP_STATUS_OK
	               ? 0
	               : -1;
}

int
gate_amqp_ack(amqp_connection_state_t c, uint64_t tag)
{
	return amqp_basic_ack(c, CHANNEL, tag, 0) == AMQP_STATUS_OK ? 0 : -1;
}

int
gate_amqp_reject(amqp_connection_state_t c, uint64_t tag, int requeue)
{
	return amqp_basic_reject(c, CHANNEL, tag, requeue) == AMQP_STATUS_OK
	               ? 0
	               : -1;
}

void
gate_amqp_close(amqp_connection_state_t c, int graceful)
{
	if (c == NULL)
		return;
	if (graceful) {
		/* Unacked deliveries go back to the queue with the channel. */
		amqp_channel_close(c, CHANNEL, AMQP_REPLY_SUCCESS);
		amqp_connection_close(c, AMQP_REPLY_SUCCESS);
	}
	amqp_destroy_connection(c);
}

int
gate_amqp_open_exchange(amqp_connection_state_t *out,
                        const struct gate_cred *cred,
                        const struct gate_config *cfg, const char *exchange,
                        char *err, size_t errlen)
{
	amqp_connection_state_t c;
	amqp_rpc_reply_t r;
	char step[300];
	int rc = -1;

	*out = NULL;
	if ((c = connect_login(cred, cfg, err, errlen)) == NULL)
		return -1;
	amqp_exchange_declare(c, CHANNEL, amqp_cstring_bytes(exchange),
	                      amqp_cstring_bytes(GATE_POLL_EXCHANGE_TYPE), 0, 1,
	                      0, 0, amqp_empty_table);
	r = amqp_get_rpc_reply(c);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		snprintf(step, sizeof(step), "declare of exchange '%s'",
		         exchange);
		describe(r, step, err, errlen);
		if (precondition_failed(r))
			rc = -2;
		goto fail;
	}
	amqp_confirm_select(c, CHANNEL);
	r = amqp_get_rpc_reply(c);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		describe(r, "confirm.select", err, errlen);
		goto fail;
	}
	*out = c;
	return 0;
fail:
	amqp_destroy_connection(c);
	return rc;
}

/* A basic.return: the message's content follows, read and dropped. */
static int
returned(amqp_connection_state_t c, const amqp_frame_t *f, char *err,
         size_t errlen)
{
	amqp_basic_return_t *m = f->payload.method.decoded;
	amqp_message_t msg;

	snprintf(err, errlen, "returned by the broker: %u %.*s", m->reply_code,
	         (int)m->reply_text.len, (const char *)m->reply_text.bytes);
	if (amqp_read_message(c, f->channel, &msg, 0).reply_type !=
	    AMQP_RESPONSE_NORMAL) {
		snprintf(err, errlen, "reading a returned message failed");
		return -1;
	}
	amqp_destroy_message(&msg);
	return 0;
}

int
gate_amqp_publish_confirmed(amqp_connection_state_t c, uint64_t seq,
                            const struct gate_publish *m, int timeout_ms,
                            char *err, size_t errlen)
{
	amqp_basic_properties_t p;
	amqp_frame_t f;
	uint64_t end = gate_now_ms() + (uint64_t)timeout_ms, now;
	int back = 0, st;

	memset(&p, 0, sizeof(p));
	p._flags = AMQP_BASIC_CONTENT_TYPE_FLAG |
	           AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG |
	           AMQP_BASIC_TIMESTAMP_FLAG | AMQP_BASIC_TYPE_FLAG |
	           AMQP_BASIC_APP_ID_FLAG;
	p.content_type = amqp_cstring_bytes("application/json");
	p.delivery_mode = 2;
	p.message_id = amqp_cstring_bytes(m->message_id);
	p.timestamp = (uint64_t)(gate_now_real_ms() / 1000);
	p.type = amqp_cstring_bytes(GATE_POLL_MESSAGE_TYPE);
	p.app_id = amqp_cstring_bytes("epp-gate");
	if (amqp_basic_publish(
	            c, CHANNEL, amqp_cstring_bytes(m->exchange),
	            amqp_cstring_bytes(m->routing_key), 1, 0, &p,
	            (amqp_bytes_t){m->len, (void *)(uintptr_t)m->body}) !=
	    AMQP_STATUS_OK) {
		snprintf(err, errlen, "publish: the connection failed");
		return -1;
	}
	/* A mandatory message that no queue took comes back (basic.return)
	 * before its basic.ack; the broker acks a persistent message routed
	 * to durable queues once they have it on disk. */
	for (;;) {
		now = gate_now_ms();
		if (now >= end) {
			snprintf(err, errlen,
			         "no confirm from the broker in %d ms",
			         timeout_ms);
			return -1;
		}
		st = amqp_simple_wait_frame_noblock(
		        c, &f,
		        &(struct timeval){(long)((end - now) / 1000),
		                          (long)((end - now) % 1000) * 1000});
		if (st != AMQP_STATUS_OK) {
			snprintf(err, errlen, "waiting for the confirm: %s",
			         amqp_error_string2(st));
			return -1;
		}
		if (f.frame_type != AMQP_FRAME_METHOD)
			continue;
		switch (f.payload.method.id) {
		case AMQP_BASIC_RETURN_METHOD:
			if (returned(c, &f, err, errlen) != 0)
				return -1;
			back = 1;
			break;
		case AMQP_BASIC_ACK_METHOD: {
			amqp_basic_ack_t *a = f.payload.method.decoded;
			if (a->delivery_tag < seq)
				break; /* an earlier message's, not ours */
			return back;
		}
		case AMQP_BASIC_NACK_METHOD:
			snprintf(err, errlen,
			         "the broker refused the message (basic.nack)");
			return -1;
		default:
			if (other_frame(c, &f, err, errlen) != 0)
				return -1;
			break;
		}
	}
}

int
gate_amqp_pending(amqp_connection_state_t c)
{
	struct pollfd pfd;

	if (amqp_frames_enqueued(c) || amqp_data_in_buffer(c))
		return 1;
	pfd.fd = amqp_get_sockfd(c);
	pfd.events = POLLIN;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) > 0;
}
