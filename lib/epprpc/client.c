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

#include "client_private.h"

static unsigned
hash_cid(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % NBUCKETS;
}

void
epprpc__hash_insert(epprpc_client *c, struct pending *p)
{
	p->bucket = hash_cid(p->cid);
	p->hprev = NULL;
	p->hnext = c->buckets[p->bucket];
	if (p->hnext)
		p->hnext->hprev = p;
	c->buckets[p->bucket] = p;
}

void
epprpc__hash_remove(epprpc_client *c, struct pending *p)
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

void
epprpc__out_unlink(epprpc_client *c, struct out_item *it)
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
	epprpc__hash_remove(c, p);
	if (p->out) {
		epprpc__out_unlink(c, p->out);
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

/*
 * do_connect: open, log in, open the channel, consume the reply address
 * (epprpc__connect). On success c->conn is set. Returns an error code and
 * fills `err`.
 */
static int
do_connect(epprpc_client *c, char *err, size_t errlen)
{
	amqp_connection_state_t conn;
	epprpc_options node = c->o;
	int rc;

	/* The current node of the cluster (or the only one). */
	node.host = c->node_host;
	node.port = c->node_port;
	rc = epprpc__connect(&conn, c->reply_to, sizeof(c->reply_to), &node,
	                     err, errlen);

	if (rc != EPPRPC_OK)
		return rc;
	c->conn = conn;
	pthread_mutex_lock(&c->mu);
	c->st.connects++;
	pthread_mutex_unlock(&c->mu);
	return EPPRPC_OK;
}

/*
 * connect_any: connect to the nodes in turn, from c->node on, until one
 * takes us; c->node is then that node. Every node failing is the error
 * of the last one (with how many were tried).
 */
static int
connect_any(epprpc_client *c, char *err, size_t errlen)
{
	unsigned i;
	size_t l;
	int rc = EPPRPC_ECONNECT;

	for (i = 0; i < c->nnodes; i++) {
		if (epprpc__node_parse(c->o.hosts[c->node], c->o.port,
		                       c->node_host, sizeof(c->node_host),
		                       &c->node_port) != 0) {
			snprintf(err, errlen, "bad broker node %s",
			         c->o.hosts[c->node]);
			return EPPRPC_EINVAL;
		}
		rc = do_connect(c, err, errlen);
		if (rc == EPPRPC_OK || rc == EPPRPC_ENOMEM ||
		    rc == EPPRPC_EINVAL)
			return rc;
		c->node = (c->node + 1) % c->nnodes;
	}
	l = strlen(err);
	if (c->nnodes > 1 && l < errlen)
		snprintf(err + l, errlen - l, " (and %u other node%s)",
		         c->nnodes - 1, c->nnodes == 2 ? "" : "s");
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
	         c->node_host, c->node_port, why);
	/* The next connection starts at the next node: this one may be
	 * gone for a while. */
	c->node = (c->node + 1) % c->nnodes;
	pthread_mutex_lock(&c->mu);
	for (i = 0; i < NBUCKETS; i++) {
		for (p = c->buckets[i]; p; p = next) {
			next = p->hnext;
			if (p->sent) {
				p->lost = 1;
				complete(c, p, EPPRPC_ETRANSPORT, msg);
			}
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
			epprpc__out_unlink(c, it);
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
	         c->node_host, c->node_port, c->o.queue_name);
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
			epprpc__describe_reply(why, sizeof(why), r);
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
	epprpc__describe_reply(why, sizeof(why), r);
	conn_lost(c, why);
	return READ_LOST;
}

int64_t
epprpc__now_real_ms(void)
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
		left = it->deadline_ms - epprpc__now_real_ms();
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
		rc = connect_any(c, err, sizeof(err));
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
		epprpc__out_unlink(c, it);
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
	epprpc__cid_seed(c->cid_base, c);
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
	while (c->o.hosts[c->nnodes] != NULL)
		c->nnodes++;
	/* Clients spread over the nodes: start at a random one. */
	c->node = (unsigned)((c->cid_base[0] ^ (uint64_t)getpid()) % c->nnodes);
	rc = c->o.lazy_connect ? EPPRPC_OK : connect_any(c, err, sizeof(err));
	if (rc != EPPRPC_OK && epprpc__is_transport_error(rc) &&
	    c->o.health_file) {
		/* Like the Python client at its first connect: mark the
		 * health file, wait, try once more. */
		if (epprpc__health_append(c->o.health_file, err) != 0) {
			epprpc__fail(EPPRPC_EIO,
			             "%s; and cannot append to health file %s: "
			             "%s",
			             err, c->o.health_file, strerror(errno));
			rc = EPPRPC_EIO;
			goto fail;
		}
		epprpc__retry_pause(c->o.retry_delay_ms);
		rc = connect_any(c, err, sizeof(err));
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
