/*
 * Connecting to the broker: the socket (TCP or TLS), the login, the
 * channel and the reply address, each failure said in words (which host,
 * which step, what the broker or the system answered).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>

#include "amqp_private.h"

/* What the broker or rabbitmq-c said, for an error text. */
void
epprpc__describe_reply(char *buf, size_t len, amqp_rpc_reply_t r)
{
	switch (r.reply_type) {
	case AMQP_RESPONSE_NORMAL:
		snprintf(buf, len, "ok");
		break;
	case AMQP_RESPONSE_NONE:
		snprintf(buf, len, "no reply from the broker");
		break;
	case AMQP_RESPONSE_LIBRARY_EXCEPTION:
		snprintf(buf, len, "%s", amqp_error_string2(r.library_error));
		break;
	case AMQP_RESPONSE_SERVER_EXCEPTION:
		if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
			amqp_connection_close_t *m = r.reply.decoded;
			snprintf(buf, len,
			         "broker closed the connection: %u %.*s",
			         m->reply_code, (int)m->reply_text.len,
			         (const char *)m->reply_text.bytes);
		} else if (r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
			amqp_channel_close_t *m = r.reply.decoded;
			snprintf(buf, len, "broker closed the channel: %u %.*s",
			         m->reply_code, (int)m->reply_text.len,
			         (const char *)m->reply_text.bytes);
		} else {
			snprintf(buf, len, "broker error, method 0x%08x",
			         r.reply.id);
		}
		break;
	}
}

/*
 * Why a TCP connection to host:port fails, for the message: rabbitmq-c
 * only says "a socket error occurred" and keeps the reason to itself, so
 * one plain connect (no bytes sent) asks the system. "connection
 * refused", "no route to host", "timed out" ...
 */
static const char *
socket_reason(int status, const char *host, int port, int timeout_ms, char *buf,
              size_t len)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct pollfd pf;
	char service[16];
	socklen_t sl;
	int fd, rc, e = 0;

	if (status != AMQP_STATUS_SOCKET_ERROR)
		return amqp_error_string2(status);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	snprintf(service, sizeof(service), "%d", port);
	if ((rc = getaddrinfo(host, service, &hints, &res)) != 0) {
		snprintf(buf, len, "%s", gai_strerror(rc));
		return buf;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK,
		            ai->ai_protocol);
		if (fd < 0) {
			e = errno;
			continue;
		}
		e = 0;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
			e = errno;
			pf.fd = fd;
			pf.events = POLLOUT;
			if (e == EINPROGRESS) {
				e = ETIMEDOUT;
				if (poll(&pf, 1, timeout_ms) == 1) {
					sl = sizeof(e);
					getsockopt(fd, SOL_SOCKET, SO_ERROR, &e,
					           &sl);
				}
			}
		}
		close(fd);
		if (e == 0)
			break;
	}
	freeaddrinfo(res);
	if (e == 0)
		return "a socket error occurred";
	snprintf(buf, len, "%s", strerror(e));
	/* "Connection refused" reads "connection refused" after a colon */
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

int
epprpc__open(amqp_connection_state_t *out, const epprpc_options *o, char *err,
             size_t errlen)
{
	amqp_connection_state_t conn;
	amqp_socket_t *sock;
	amqp_rpc_reply_t r;
	struct timeval tv;
	char why[160];
	int s, rc;

	conn = amqp_new_connection();
	if (conn == NULL) {
		snprintf(err, errlen, "out of memory");
		return EPPRPC_ENOMEM;
	}
	sock = o->tls ? amqp_ssl_socket_new(conn) : amqp_tcp_socket_new(conn);
	if (sock == NULL) {
		snprintf(err, errlen, "cannot create the %s socket",
		         o->tls ? "TLS" : "TCP");
		rc = EPPRPC_ENOMEM;
		goto fail;
	}
	if (o->tls) {
		amqp_ssl_socket_set_verify_peer(sock, !o->tls_no_verify);
		amqp_ssl_socket_set_verify_hostname(sock, !o->tls_no_verify);
		if (o->ca_file &&
		    amqp_ssl_socket_set_cacert(sock, o->ca_file)) {
			snprintf(err, errlen, "cannot load CA file %s",
			         o->ca_file);
			rc = EPPRPC_EINVAL;
			goto fail;
		}
		if (o->cert_file && o->key_file &&
		    amqp_ssl_socket_set_key(sock, o->cert_file, o->key_file)) {
			snprintf(err, errlen,
			         "cannot load client certificate %s / key %s",
			         o->cert_file, o->key_file);
			rc = EPPRPC_EINVAL;
			goto fail;
		}
	}
	tv.tv_sec = o->connect_timeout_ms / 1000;
	tv.tv_usec = (o->connect_timeout_ms % 1000) * 1000;
	s = amqp_socket_open_noblock(sock, o->host, o->port, &tv);
	if (s != AMQP_STATUS_OK) {
		/* rabbitmq-c says "a socket error occurred"; errno says
		 * which (connection refused, no route to host ...). */
		snprintf(err, errlen, "RabbitMQ at %s:%d%s: %s", o->host,
		         o->port, o->tls ? " (TLS)" : "",
		         socket_reason(s, o->host, o->port,
		                       o->connect_timeout_ms, why,
		                       sizeof(why)));
		rc = EPPRPC_ECONNECT;
		goto fail;
	}
	/* Bound every synchronous step: a stalled broker must not hang the
	 * I/O thread (and with it every caller) for ever. */
	amqp_set_handshake_timeout(conn, &tv);
	amqp_set_rpc_timeout(conn, &tv);
	r = amqp_login(conn, o->vhost, 0, AMQP_DEFAULT_FRAME_SIZE, HEARTBEAT_S,
	               AMQP_SASL_METHOD_PLAIN, o->username, o->password);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		epprpc__describe_reply(why, sizeof(why), r);
		snprintf(err, errlen,
		         "broker %s:%d refused the login of user %s on vhost "
		         "%s: %s",
		         o->host, o->port, o->username, o->vhost, why);
		rc = EPPRPC_ELOGIN;
		goto fail;
	}
	amqp_channel_open(conn, CHANNEL);
	r = amqp_get_rpc_reply(conn);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		epprpc__describe_reply(why, sizeof(why), r);
		snprintf(err, errlen, "cannot open a channel: %s", why);
		rc = EPPRPC_ECONNECT;
		goto fail;
	}
	*out = conn;
	return EPPRPC_OK;
fail:
	amqp_destroy_connection(conn);
	return rc;
}

int
epprpc__connect(amqp_connection_state_t *out, char *reply_to,
                size_t reply_to_len, const epprpc_options *o, char *err,
                size_t errlen)
{
	amqp_connection_state_t conn;
	amqp_rpc_reply_t r;
	char why[160];
	int rc;

	rc = epprpc__open(&conn, o, err, errlen);
	if (rc != EPPRPC_OK)
		return rc;
	if (o->reply_mode == EPPRPC_REPLY_QUEUE) {
		amqp_queue_declare_ok_t *q =
		        amqp_queue_declare(conn, CHANNEL, amqp_empty_bytes, 0,
		                           0, 1, 1, amqp_empty_table);
		r = amqp_get_rpc_reply(conn);
		if (q == NULL || r.reply_type != AMQP_RESPONSE_NORMAL ||
		    q->queue.len >= reply_to_len) {
			epprpc__describe_reply(why, sizeof(why), r);
			snprintf(err, errlen,
			         "cannot declare the reply queue: %s", why);
			rc = EPPRPC_ECONNECT;
			goto fail;
		}
		memcpy(reply_to, q->queue.bytes, q->queue.len);
		reply_to[q->queue.len] = '\0';
	} else {
		snprintf(reply_to, reply_to_len, "%s", DIRECT_REPLY_TO);
	}
	/* Direct reply-to needs the no-ack consumer before the first
	 * publish that names it. */
	amqp_basic_consume(conn, CHANNEL, amqp_cstring_bytes(reply_to),
	                   amqp_empty_bytes, 0, 1, 0, amqp_empty_table);
	r = amqp_get_rpc_reply(conn);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		epprpc__describe_reply(why, sizeof(why), r);
		snprintf(err, errlen, "cannot consume replies from %s: %s",
		         reply_to, why);
		rc = EPPRPC_ECONNECT;
		goto fail;
	}
	*out = conn;
	return EPPRPC_OK;
fail:
	amqp_destroy_connection(conn);
	return rc;
}

int
epprpc__is_transport_error(int rc)
{
	return rc == EPPRPC_ECONNECT || rc == EPPRPC_ELOGIN ||
	       rc == EPPRPC_ETRANSPORT || rc == EPPRPC_EUNROUTABLE;
}

void
epprpc__retry_pause(int ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}
