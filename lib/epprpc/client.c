/*
 * libepprpc client: one AMQP connection per client, owned by an I/O thread,
 * shared by every calling thread.
 *
 * rabbitmq-c connections are not thread-safe, so callers never touch the
 * connection: a call queues its request (a heap copy) and sleeps on its own
 * condition variable; the I/O thread publishes queued requests, reads
 * replies and hands each to the caller waiting for its correlation_id.
 * Callers wake the I/O thread through a pipe when it sleeps in poll().
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <amqp.h>
#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>

#include "rpc_private.h"

#define CHANNEL         1
#define NBUCKETS        1024
#define HEARTBEAT_S     60
#define DRAIN_MAX       256 /* replies read before publishing again */
#define DIRECT_REPLY_TO "amq.rabbitmq.reply-to"

struct pending;

/* A request waiting to be published. Owned by the queue, then by the I/O
 * thread; `p` is cleared when the I/O thread takes it. */
struct out_item {
	struct out_item *next, *prev;
	struct pending *p;
	char cid[EPPRPC_CID_LEN];
	int64_t deadline_ms; /* Unix ms, 0 = none */
	size_t len;
	char body[];
};

/* A call in flight, on its caller's stack. Linked in the hash while the
 * caller waits; whoever completes it removes it under the lock. */
struct pending {
	struct pending *hnext, *hprev;
	struct out_item *out; /* still queued, not yet published */
	unsigned bucket;
	int sent; /* published on the current connection */
	int done;
	int rc;
	char *reply;
	size_t reply_len;
	char errmsg[512];
	pthread_cond_t cond;
	char cid[EPPRPC_CID_LEN];
};

struct epprpc_client {
	epprpc_options o; /* resolved, strings owned */
	pthread_mutex_t mu;
	pthread_condattr_t condattr;
	pthread_t io;
	int wake[2];

	/* under mu */
	int sleeping;
	int stopping;
	struct pending *buckets[NBUCKETS];
	struct out_item *out_head, *out_tail;
	uint64_t cid_base[2];
	uint64_t cid_seq;
	epprpc_stats st;

	/* I/O thread only (and epprpc_client_open before it starts) */
	amqp_connection_state_t conn;
	char reply_to[256];
};

static unsigned
hash_cid(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % NBUCKETS;
}

static void
hash_insert(epprpc_client *c, struct pending *p)
{
	p->bucket = hash_cid(p->cid);
	p->hprev = NULL;
	p->hnext = c->buckets[p->bucket];
	if (p->hnext)
		p->hnext->hprev = p;
	c->buckets[p->bucket] = p;
}

static void
hash_remove(epprpc_client *c, struct pending *p)
{
	if (p->hprev)
		p->hprev->hnext = p->hnext;
	else
		c->buckets[p->bucket] = p->hnext;
	if (p->hnext)
		p->hnext->hprev = p->hprev;
	p->hnext = p->hprev = NULL;
}

static struct pending *
hash_find(epprpc_client *c, const char *cid, size_t len)
{
	char key[EPPRPC_CID_LEN];
	struct pending *p;

	if (len >= sizeof(key))
		return NULL;
	memcpy(key, cid, len);
	key[len] = '\0';
	for (p = c->buckets[hash_cid(key)]; p; p = p->hnext)
		if (strcmp(p->cid, key) == 0)
			return p;
	return NULL;
}

static void
out_unlink(epprpc_client *c, struct out_item *it)
{
	if (it->prev)
		it->prev->next = it->next;
	else
		c->out_head = it->next;
	if (it->next)
		it->next->prev = it->prev;
	else
		c->out_tail = it->prev;
	it->next = it->prev = NULL;
}

/* complete: hand a result to its caller. Called with mu held. */
static void
complete(epprpc_client *c, struct pending *p, int rc, const char *msg)
{
	hash_remove(c, p);
	if (p->out) {
		out_unlink(c, p->out);
		free(p->out);
		p->out = NULL;
	}
	p->rc = rc;
	if (msg)
		snprintf(p->errmsg, sizeof(p->errmsg), "%s", msg);
	p->done = 1;
	if (rc == EPPRPC_ETRANSPORT || rc == EPPRPC_ECONNECT ||
	    rc == EPPRPC_ELOGIN || rc == EPPRPC_EUNROUTABLE)
		c->st.transport_errors++;
	pthread_cond_signal(&p->cond);
}

/* A UUID string (version 4 layout): 58 random bits fixed per client and
 * a 62-bit counter from a random start, so ids never repeat within a
 * client and differ between clients. Called with mu held. */
static void
next_cid(epprpc_client *c, char *out)
{
	uint64_t hi = (c->cid_base[0] & 0xffffffffffff0fffULL) | 0x4000ULL;
	uint64_t lo =
	        ((c->cid_base[1] + c->cid_seq++) & 0x3fffffffffffffffULL) |
	        0x8000000000000000ULL;

	snprintf(out, EPPRPC_CID_LEN, "%08x-%04x-%04x-%04x-%04x%08x",
	         (unsigned)(hi >> 32), (unsigned)(hi >> 16) & 0xffff,
	         (unsigned)hi & 0xffff, (unsigned)(lo >> 48) & 0xffff,
	         (unsigned)(lo >> 32) & 0xffff, (unsigned)lo);
}

static void
seed_cids(epprpc_client *c)
{
	struct timespec ts;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, c->cid_base, sizeof(c->cid_base)) !=
	                      (ssize_t)sizeof(c->cid_base)) {
		clock_gettime(CLOCK_REALTIME, &ts);
		c->cid_base[0] = (uint64_t)ts.tv_nsec * 6364136223846793005ULL ^
		                 (uint64_t)getpid() ^ (uint64_t)(uintptr_t)c;
		c->cid_base[1] = (uint64_t)ts.tv_sec * 1442695040888963407ULL ^
		                 (uint64_t)ts.tv_nsec;
	}
	if (fd >= 0)
		close(fd);
}

/* What the broker or rabbitmq-c said, for an error text. */
static void
describe_reply(char *buf, size_t len, amqp_rpc_reply_t r)
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

/*
 * do_connect: open, log in, open the channel, consume the reply address.
 * On success c->conn is set. Returns an error code and fills `err`.
 */
static int
do_connect(epprpc_client *c, char *err, size_t errlen)
{
	const epprpc_options *o = &c->o;
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
		describe_reply(why, sizeof(why), r);
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
		describe_reply(why, sizeof(why), r);
		snprintf(err, errlen, "cannot open a channel: %s", why);
		rc = EPPRPC_ECONNECT;
		goto fail;
	}
	if (o->reply_mode == EPPRPC_REPLY_QUEUE) {
		amqp_queue_declare_ok_t *q =
		        amqp_queue_declare(conn, CHANNEL, amqp_empty_bytes, 0,
		                           0, 1, 1, amqp_empty_table);
		r = amqp_get_rpc_reply(conn);
		if (q == NULL || r.reply_type != AMQP_RESPONSE_NORMAL ||
		    q->queue.len >= sizeof(c->reply_to)) {
			describe_reply(why, sizeof(why), r);
			snprintf(err, errlen,
			         "cannot declare the reply queue: %s", why);
			rc = EPPRPC_ECONNECT;
			goto fail;
		}
		memcpy(c->reply_to, q->queue.bytes, q->queue.len);
		c->reply_to[q->queue.len] = '\0';
	} else {
		snprintf(c->reply_to, sizeof(c->reply_to), "%s",
		         DIRECT_REPLY_TO);
	}
	/* Direct reply-to needs the no-ack consumer before the first
	 * publish that names it. */
	amqp_basic_consume(conn, CHANNEL, amqp_cstring_bytes(c->reply_to),
	                   amqp_empty_bytes, 0, 1, 0, amqp_empty_table);
	r = amqp_get_rpc_reply(conn);
	if (r.reply_type != AMQP_RESPONSE_NORMAL) {
		describe_reply(why, sizeof(why), r);
		snprintf(err, errlen, "cannot consume replies from %s: %s",
		         c->reply_to, why);
		rc = EPPRPC_ECONNECT;
		goto fail;
	}
	c->conn = conn;
	pthread_mutex_lock(&c->mu);
	c->st.connects++;
	pthread_mutex_unlock(&c->mu);
	return EPPRPC_OK;
fail:
	amqp_destroy_connection(conn);
	return rc;
}

/*
 * conn_lost: drop the connection; every call published on it fails now
 * (its reply address died with the channel). Queued calls stay queued
 * and go out on the next connection.
 */
static void
conn_lost(epprpc_client *c, const char *why)
{
	char msg[512];
	struct pending *p, *next;
	size_t i;

	if (c->conn) {
		amqp_destroy_connection(c->conn);
		c->conn = NULL;
	}
	snprintf(msg, sizeof(msg), "connection to broker %s:%d lost: %s",
	         c->o.host, c->o.port, why);
	pthread_mutex_lock(&c->mu);
	for (i = 0; i < NBUCKETS; i++) {
		for (p = c->buckets[i]; p; p = next) {
			next = p->hnext;
			if (p->sent)
				complete(c, p, EPPRPC_ETRANSPORT, msg);
		}
	}
	pthread_mutex_unlock(&c->mu);
}

/* fail_queued: no connection could be made; every queued call fails. */
static void
fail_queued(epprpc_client *c, int rc, const char *msg)
{
	pthread_mutex_lock(&c->mu);
	while (c->out_head) {
		struct out_item *it = c->out_head;
		if (it->p) {
			complete(c, it->p, rc, msg); /* frees it */
		} else {
			out_unlink(c, it);
			free(it);
		}
	}
	pthread_mutex_unlock(&c->mu);
}

static void
deliver(epprpc_client *c, const amqp_message_t *m)
{
	const amqp_basic_properties_t *pr = &m->properties;
	struct pending *p;
	char *copy, msg[512];

	if (!(pr->_flags & AMQP_BASIC_CORRELATION_ID_FLAG)) {
		pthread_mutex_lock(&c->mu);
		c->st.stray_replies++;
		pthread_mutex_unlock(&c->mu);
		return;
	}
	/* Copy before taking the lock; most replies have a caller. An
	 * oversize body is not copied, and fails only its own call. */
	copy = m->body.len > c->o.max_reply ? NULL : malloc(m->body.len + 1);
	if (copy) {
		memcpy(copy, m->body.bytes, m->body.len);
		copy[m->body.len] = '\0';
	}
	pthread_mutex_lock(&c->mu);
	p = hash_find(c, pr->correlation_id.bytes, pr->correlation_id.len);
	if (p == NULL) {
		c->st.stray_replies++;
		pthread_mutex_unlock(&c->mu);
		free(copy);
		return;
	}
	if (m->body.len > c->o.max_reply) {
		snprintf(msg, sizeof(msg),
		         "reply of %zu bytes from queue \"%s\" is over the "
		         "limit of %zu bytes (max_reply)",
		         m->body.len, c->o.queue_name, c->o.max_reply);
		complete(c, p, EPPRPC_ELIMIT, msg);
	} else if (copy == NULL) {
		complete(c, p, EPPRPC_ENOMEM, "out of memory for the reply");
	} else {
		p->reply = copy;
		p->reply_len = m->body.len;
		c->st.replies++;
		complete(c, p, EPPRPC_OK, NULL);
	}
	pthread_mutex_unlock(&c->mu);
}

/* returned: the broker could not route a request (no such queue). */
static void
returned(epprpc_client *c, const amqp_message_t *m)
{
	const amqp_basic_properties_t *pr = &m->properties;
	char msg[512];
	struct pending *p;

	if (!(pr->_flags & AMQP_BASIC_CORRELATION_ID_FLAG))
		return;
	snprintf(msg, sizeof(msg),
	         "broker %s:%d has no queue \"%s\" (is the gate running?)",
	         c->o.host, c->o.port, c->o.queue_name);
	pthread_mutex_lock(&c->mu);
	p = hash_find(c, pr->correlation_id.bytes, pr->correlation_id.len);
	if (p)
		complete(c, p, EPPRPC_EUNROUTABLE, msg);
	pthread_mutex_unlock(&c->mu);
}

enum { READ_AGAIN, READ_GOT, READ_LOST };

/* A frame other than basic.deliver: a return, or the broker closing. */
static int
other_frame(epprpc_client *c)
{
	amqp_frame_t f;
	amqp_message_t m;
	amqp_rpc_reply_t r;
	char why[160];
	int s;

	s = amqp_simple_wait_frame(c->conn, &f);
	if (s != AMQP_STATUS_OK) {
		conn_lost(c, amqp_error_string2(s));
		return READ_LOST;
	}
	if (f.frame_type != AMQP_FRAME_METHOD)
		return READ_GOT;
	switch (f.payload.method.id) {
	case AMQP_BASIC_RETURN_METHOD:
		r = amqp_read_message(c->conn, f.channel, &m, 0);
		if (r.reply_type != AMQP_RESPONSE_NORMAL) {
			describe_reply(why, sizeof(why), r);
			conn_lost(c, why);
			return READ_LOST;
		}
		returned(c, &m);
		amqp_destroy_message(&m);
		return READ_GOT;
	case AMQP_CHANNEL_CLOSE_METHOD: {
		amqp_channel_close_t *cc = f.payload.method.decoded;
		amqp_channel_close_ok_t ok = {0};
		snprintf(why, sizeof(why), "broker closed the channel: %u %.*s",
		         cc->reply_code, (int)cc->reply_text.len,
		         (const char *)cc->reply_text.bytes);
		amqp_send_method(c->conn, f.channel,
		                 AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
		conn_lost(c, why);
		return READ_LOST;
	}
	case AMQP_CONNECTION_CLOSE_METHOD: {
		amqp_connection_close_t *cc = f.payload.method.decoded;
		amqp_connection_close_ok_t ok = {0};
		snprintf(why, sizeof(why),
		         "broker closed the connection: %u %.*s",
		         cc->reply_code, (int)cc->reply_text.len,
		         (const char *)cc->reply_text.bytes);
		amqp_send_method(c->conn, 0, AMQP_CONNECTION_CLOSE_OK_METHOD,
		                 &ok);
		conn_lost(c, why);
		return READ_LOST;
	}
	case AMQP_BASIC_CANCEL_METHOD:
		conn_lost(c, "the broker cancelled the reply consumer");
		return READ_LOST;
	default:
		return READ_GOT;
	}
}

/* read_one: take one frame the socket already has, without blocking. */
static int
read_one(epprpc_client *c)
{
	struct timeval zero = {0, 0};
	amqp_envelope_t env;
	amqp_rpc_reply_t r;
	char why[160];

	amqp_maybe_release_buffers(c->conn);
	r = amqp_consume_message(c->conn, &env, &zero, 0);
	if (r.reply_type == AMQP_RESPONSE_NORMAL) {
		deliver(c, &env.message);
		amqp_destroy_envelope(&env);
		return READ_GOT;
	}
	if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION) {
		if (r.library_error == AMQP_STATUS_TIMEOUT)
			return READ_AGAIN;
		if (r.library_error == AMQP_STATUS_UNEXPECTED_STATE)
			return other_frame(c);
	}
	describe_reply(why, sizeof(why), r);
	conn_lost(c, why);
	return READ_LOST;
}

static int64_t
now_real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
publish(epprpc_client *c, const struct out_item *it)
{
	amqp_basic_properties_t props;
	amqp_table_entry_t hdr;
	amqp_bytes_t body;
	char ttl[24];
	int64_t left;
	int s;

	memset(&props, 0, sizeof(props));
	if (it->deadline_ms > 0) {
		/* The broker drops the request unread once `expiration`
		 * passes in the queue; the gate checks the absolute deadline
		 * before it starts the request. */
		left = it->deadline_ms - now_real_ms();
		snprintf(ttl, sizeof(ttl), "%lld",
		         (long long)(left > 0 ? left : 1));
		props._flags |=
		        AMQP_BASIC_EXPIRATION_FLAG | AMQP_BASIC_HEADERS_FLAG;
		props.expiration = amqp_cstring_bytes(ttl);
		hdr.key = amqp_cstring_bytes(EPPRPC_DEADLINE_HEADER);
		hdr.value.kind = AMQP_FIELD_KIND_I64;
		hdr.value.value.i64 = it->deadline_ms;
		props.headers.num_entries = 1;
		props.headers.entries = &hdr;
	}
	props._flags |= AMQP_BASIC_CONTENT_TYPE_FLAG |
	                AMQP_BASIC_REPLY_TO_FLAG |
	                AMQP_BASIC_CORRELATION_ID_FLAG;
	props.content_type = amqp_cstring_bytes("application/json");
	props.reply_to = amqp_cstring_bytes(c->reply_to);
	props.correlation_id = amqp_cstring_bytes(it->cid);
	body.len = it->len;
	body.bytes = (void *)(uintptr_t)it->body; /* read only */
	/* mandatory: a request queue nobody declared comes back as
	 * basic.return, so the caller learns it at once. */
	s = amqp_basic_publish(c->conn, CHANNEL, amqp_empty_bytes,
	                       amqp_cstring_bytes(c->o.queue_name), 1, 0,
	                       &props, body);
	if (s != AMQP_STATUS_OK) {
		conn_lost(c, amqp_error_string2(s));
		return -1;
	}
	return 0;
}

/* publish_queued: send what callers queued. Returns 1 if anything went. */
static int
publish_queued(epprpc_client *c)
{
	struct out_item *batch, *it, *next;
	char err[512];
	int rc;

	pthread_mutex_lock(&c->mu);
	if (c->out_head == NULL) {
		pthread_mutex_unlock(&c->mu);
		return 0;
	}
	pthread_mutex_unlock(&c->mu);
	if (c->conn == NULL) {
		rc = do_connect(c, err, sizeof(err));
		if (rc != EPPRPC_OK) {
			fail_queued(c, rc, err);
			return 1;
		}
	}
	pthread_mutex_lock(&c->mu);
	batch = c->out_head;
	c->out_head = c->out_tail = NULL;
	for (it = batch; it; it = it->next) {
		if (it->p) {
			it->p->out = NULL;
			it->p->sent = 1;
			it->p = NULL;
		}
	}
	pthread_mutex_unlock(&c->mu);
	for (it = batch; it; it = next) {
		next = it->next;
		if (c->conn)
			publish(c, it);
		free(it);
	}
	return 1;
}

static void
drain_pipe(int fd)
{
	char buf[64];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static void *
io_main(void *arg)
{
	epprpc_client *c = arg;
	struct pollfd fds[2];
	struct pending *p, *next;
	int i, r, nfds, stop, sleep_now;
	size_t b;

	for (;;) {
		publish_queued(c);
		if (c->conn) {
			for (i = 0; i < DRAIN_MAX; i++) {
				r = read_one(c);
				if (r != READ_GOT)
					break;
			}
			if (i == DRAIN_MAX)
				continue;
		}
		pthread_mutex_lock(&c->mu);
		stop = c->stopping;
		sleep_now = !stop && c->out_head == NULL &&
		            !(c->conn && amqp_frames_enqueued(c->conn));
		c->sleeping = sleep_now;
		pthread_mutex_unlock(&c->mu);
		if (stop)
			break;
		if (!sleep_now)
			continue;
		/* A caller that queues while we sleep clears `sleeping` and
		 * writes the pipe, so the wake-up is never lost. */
		fds[0].fd = c->wake[0];
		fds[0].events = POLLIN;
		nfds = 1;
		if (c->conn) {
			fds[1].fd = amqp_get_sockfd(c->conn);
			fds[1].events = POLLIN;
			nfds = 2;
		}
		/* With a connection wake at least every second, so
		 * rabbitmq-c sends and checks heartbeats. */
		poll(fds, nfds, c->conn ? 1000 : -1);
		pthread_mutex_lock(&c->mu);
		c->sleeping = 0;
		pthread_mutex_unlock(&c->mu);
		if (fds[0].revents)
			drain_pipe(c->wake[0]);
	}

	if (c->conn) {
		struct timeval tv = {2, 0};
		amqp_set_rpc_timeout(c->conn, &tv);
		amqp_connection_close(c->conn, AMQP_REPLY_SUCCESS);
		amqp_destroy_connection(c->conn);
		c->conn = NULL;
	}
	pthread_mutex_lock(&c->mu);
	for (b = 0; b < NBUCKETS; b++)
		for (p = c->buckets[b]; p; p = next) {
			next = p->hnext;
			complete(c, p, EPPRPC_ECLOSED, "the client is closed");
		}
	while (c->out_head) {
		struct out_item *it = c->out_head;
		out_unlink(c, it);
		free(it);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

static int
set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static int
is_transport_error(int rc)
{
	return rc == EPPRPC_ECONNECT || rc == EPPRPC_ELOGIN ||
	       rc == EPPRPC_ETRANSPORT || rc == EPPRPC_EUNROUTABLE;
}

/* health_append: the Python client's line, "<error> at <asctime>". */
static int
health_append(const char *path, const char *what)
{
	char stamp[64];
	struct tm tm;
	time_t now = time(NULL);
	FILE *f;
	int ok;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%a %b %e %H:%M:%S %Y", &tm) == 0)
		snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
	f = fopen(path, "a");
	if (f == NULL)
		return -1;
	ok = fprintf(f, "%s at %s\n", what, stamp) > 0;
	if (fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

static void
retry_pause(int ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int
epprpc_client_open(epprpc_client **out, const epprpc_options *opts)
{
	epprpc_client *c;
	char err[512];
	int rc;

	if (out == NULL)
		return epprpc__fail(EPPRPC_EINVAL, "no output pointer");
	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return epprpc__fail(EPPRPC_ENOMEM, "out of memory");
	c->wake[0] = c->wake[1] = -1;
	rc = epprpc_options_resolve(&c->o, opts);
	if (rc != EPPRPC_OK) {
		free(c);
		return rc;
	}
	pthread_mutex_init(&c->mu, NULL);
	pthread_condattr_init(&c->condattr);
	pthread_condattr_setclock(&c->condattr, CLOCK_MONOTONIC);
	seed_cids(c);
	if (pipe(c->wake) != 0 || set_nonblock(c->wake[0]) ||
	    set_nonblock(c->wake[1])) {
		rc = epprpc__fail(EPPRPC_EIO, "cannot create a pipe: %s",
		                  strerror(errno));
		goto fail;
	}
	fcntl(c->wake[0], F_SETFD, FD_CLOEXEC);
	fcntl(c->wake[1], F_SETFD, FD_CLOEXEC);
	/* Connect now, so a wrong host or password shows at open; lazily,
	 * the I/O thread connects when the first request is queued. */
	rc = c->o.lazy_connect ? EPPRPC_OK : do_connect(c, err, sizeof(err));
	if (rc != EPPRPC_OK && is_transport_error(rc) && c->o.health_file) {
		/* Like the Python client at its first connect: mark the
		 * health file, wait, try once more. */
		if (health_append(c->o.health_file, err) != 0) {
			epprpc__fail(EPPRPC_EIO,
			             "%s; and cannot append to health file %s: "
			             "%s",
			             err, c->o.health_file, strerror(errno));
			rc = EPPRPC_EIO;
			goto fail;
		}
		retry_pause(c->o.retry_delay_ms);
		rc = do_connect(c, err, sizeof(err));
	}
	if (rc != EPPRPC_OK) {
		epprpc__fail(rc, "%s", err);
		goto fail;
	}
	if (pthread_create(&c->io, NULL, io_main, c) != 0) {
		rc = epprpc__fail(EPPRPC_ENOMEM, "cannot start the I/O thread");
		if (c->conn)
			amqp_destroy_connection(c->conn);
		c->conn = NULL;
		goto fail;
	}
	*out = c;
	return EPPRPC_OK;
fail:
	if (c->wake[0] >= 0)
		close(c->wake[0]);
	if (c->wake[1] >= 0)
		close(c->wake[1]);
	pthread_condattr_destroy(&c->condattr);
	pthread_mutex_destroy(&c->mu);
	epprpc_options_release(&c->o);
	free(c);
	return rc;
}

void
epprpc_client_free(epprpc_client *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->mu);
	c->stopping = 1;
	if (write(c->wake[1], "q", 1) < 0) {
		/* The pipe is full: the I/O thread wakes anyway. */
	}
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->io, NULL);
	close(c->wake[0]);
	close(c->wake[1]);
	pthread_condattr_destroy(&c->condattr);
	pthread_mutex_destroy(&c->mu);
	epprpc_options_release(&c->o);
	free(c);
}

static void
deadline_after(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* call_once: queue one request and wait for its reply or deadline. */
static int
call_once(epprpc_client *c, const char *req, size_t len, int timeout_ms,
          char **reply, size_t *reply_len)
{
	struct out_item *it;
	struct pending p;
	struct timespec deadline;
	int rc, w;

	it = malloc(sizeof(*it) + len);
	if (it == NULL)
		return epprpc__fail(EPPRPC_ENOMEM, "out of memory");
	memcpy(it->body, req, len);
	it->len = len;
	it->deadline_ms = timeout_ms > 0 ? now_real_ms() + timeout_ms : 0;
	it->next = it->prev = NULL;
	memset(&p, 0, sizeof(p));
	pthread_cond_init(&p.cond, &c->condattr);
	if (timeout_ms > 0)
		deadline_after(&deadline, timeout_ms);

	pthread_mutex_lock(&c->mu);
	if (c->stopping) {
		pthread_mutex_unlock(&c->mu);
		pthread_cond_destroy(&p.cond);
		free(it);
		return epprpc__fail(EPPRPC_ECLOSED, "the client is closed");
	}
	next_cid(c, p.cid);
	memcpy(it->cid, p.cid, sizeof(p.cid));
	it->p = &p;
	p.out = it;
	hash_insert(c, &p);
	it->prev = c->out_tail;
	if (c->out_tail)
		c->out_tail->next = it;
	else
		c->out_head = it;
	c->out_tail = it;
	c->st.calls++;
	if (c->sleeping) {
		c->sleeping = 0;
		if (write(c->wake[1], "w", 1) < 0) {
			/* Full pipe: a wake-up is already pending. */
		}
	}
	while (!p.done) {
		if (timeout_ms <= 0) {
			pthread_cond_wait(&p.cond, &c->mu);
			continue;
		}
		w = pthread_cond_timedwait(&p.cond, &c->mu, &deadline);
		if (w == ETIMEDOUT && !p.done) {
			/* The reply may still come: it is then a stray. */
			hash_remove(c, &p);
			if (p.out) {
				out_unlink(c, p.out);
				free(p.out);
				p.out = NULL;
			}
			c->st.timeouts++;
			pthread_mutex_unlock(&c->mu);
			pthread_cond_destroy(&p.cond);
			return epprpc__fail(EPPRPC_ETIMEOUT,
			                    "no reply from queue \"%s\" within "
			                    "%d ms",
			                    c->o.queue_name, timeout_ms);
		}
	}
	pthread_mutex_unlock(&c->mu);
	pthread_cond_destroy(&p.cond);
	rc = p.rc;
	if (rc != EPPRPC_OK) {
		free(p.reply);
		return epprpc__fail(rc, "%s", p.errmsg);
	}
	*reply = p.reply;
	if (reply_len)
		*reply_len = p.reply_len;
	return EPPRPC_OK;
}

int
epprpc_call_len(epprpc_client *c, const char *request, size_t request_len,
                int timeout_ms, char **reply_json, size_t *reply_len)
{
	char what[512];
	int rc;

	if (reply_json == NULL)
		return epprpc__fail(EPPRPC_EINVAL, "no reply pointer");
	*reply_json = NULL;
	if (c == NULL || request == NULL)
		return epprpc__fail(EPPRPC_EINVAL, "no client or no request");
	if (request_len > 128u * 1024 * 1024)
		return epprpc__fail(EPPRPC_EINVAL, "request too large");
	if (timeout_ms == 0)
		timeout_ms = c->o.timeout_ms;
	epprpc__clear_error();
	rc = call_once(c, request, request_len, timeout_ms, reply_json,
	               reply_len);
	if (!is_transport_error(rc) || c->o.health_file == NULL)
		return rc;

	/* Like the Python client: mark the health file (systemd restarts
	 * the gate when it changes), wait, and try once more. */
	snprintf(what, sizeof(what), "%s", epprpc_last_error());
	if (health_append(c->o.health_file, what) != 0)
		return epprpc__fail(EPPRPC_EIO,
		                    "%s; and cannot append to health file %s: "
		                    "%s",
		                    what, c->o.health_file, strerror(errno));
	pthread_mutex_lock(&c->mu);
	c->st.retries++;
	pthread_mutex_unlock(&c->mu);
	retry_pause(c->o.retry_delay_ms);
	epprpc__clear_error();
	return call_once(c, request, request_len, timeout_ms, reply_json,
	                 reply_len);
}

int
epprpc_call(epprpc_client *c, const char *request_json, int timeout_ms,
            char **reply_json)
{
	if (request_json == NULL) {
		if (reply_json)
			*reply_json = NULL;
		return epprpc__fail(EPPRPC_EINVAL, "no request");
	}
	return epprpc_call_len(c, request_json, strlen(request_json),
	                       timeout_ms, reply_json, NULL);
}

void
epprpc_client_stats(epprpc_client *c, epprpc_stats *out)
{
	if (c == NULL || out == NULL)
		return;
	pthread_mutex_lock(&c->mu);
	*out = c->st;
	pthread_mutex_unlock(&c->mu);
}

const char *
epprpc_client_queue(const epprpc_client *c)
{
	return c ? c->o.queue_name : NULL;
}
