/*
 * The network side: one listening socket, one thread per connection.
 *
 * Each connection's socket is nonblocking and every wait is a poll() with
 * a deadline, in slices of at most a second so that a stop request is
 * seen promptly. A connection only ever touches its own socket, buffers
 * and session; what they share is the registry (behind its lock) and the
 * counters. So a slow, silent or hostile peer costs one thread and
 * disturbs no one else.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>

#include "epp/frame.h"
#include "sim.h"

#define HANDSHAKE_TIMEOUT_MS 10000
#define STOP_GRACE_MS        5000

struct conn {
	int fd;
	SSL *ssl;
	const struct sim_config *cfg;
	struct sim_session s;
	epp_frame_reader *fr;
	unsigned char in[16384];
	size_t in_pos, in_len;
	long ncmds;
	unsigned seed;
	int silent; /* noreply mode reached: read, never answer */
};

static pthread_mutex_t active_lock = PTHREAD_MUTEX_INITIALIZER;
static int active;
/* Set by the main thread once it has seen sim_stop: connection threads
 * read this, never the signal flag itself. */
static atomic_int stopping;

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Wait until fd is readable (or writable); 0 ready, -1 deadline or stop.
 * deadline 0 means none. */
static int
wait_fd(int fd, int want_write, long long deadline)
{
	struct pollfd p;
	long long left;
	int slice, rc;

	for (;;) {
		if (atomic_load(&stopping))
			return -1;
		slice = 1000;
		if (deadline != 0) {
			left = deadline - now_ms();
			if (left <= 0)
				return -1;
			if (left < slice)
				slice = (int)left;
		}
		p.fd = fd;
		p.events = want_write ? POLLOUT : POLLIN;
		p.revents = 0;
		rc = poll(&p, 1, slice);
		if (rc > 0)
			return 0;
		if (rc < 0 && errno != EINTR)
			return -1;
	}
}

/* Wait as SSL asks; -1 on a real failure. */
static int
ssl_wait(struct conn *c, int ret, long long deadline)
{
	switch (SSL_get_error(c->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		return wait_fd(c->fd, 0, deadline);
	case SSL_ERROR_WANT_WRITE:
		return wait_fd(c->fd, 1, deadline);
	default:
		return -1;
	}
}

static int
send_all(struct conn *c, const void *buf, size_t len)
{
	long long deadline = now_ms() + c->cfg->write_timeout_s * 1000LL;
	size_t done = 0, n;
	int ret;

	while (done < len) {
		ret = SSL_write_ex(c->ssl, (const char *)buf + done, len - done,
		                   &n);
		if (ret == 1) {
			done += n;
			continue;
		}
		if (ssl_wait(c, ret, deadline) != 0)
			return -1;
	}
	return 0;
}

static int
send_frame(struct conn *c, const xmlChar *xml, int len)
{
	unsigned char *wire;
	size_t wire_len;
	int rc;

	if (epp_frame_encode(&wire, &wire_len, xml, (size_t)len, 0) != EPP_OK)
		return -1;
	rc = send_all(c, wire, wire_len);
	free(wire);
	return rc;
}

enum { READ_OK, READ_EOF, READ_IDLE, READ_TOO_BIG, READ_BAD, READ_ERR };

static int
read_frame(struct conn *c, char **out, size_t *len)
{
	long long deadline =
	        c->cfg->idle_timeout_s > 0
	                ? now_ms() + c->cfg->idle_timeout_s * 1000LL
	                : 0;
	size_t used, n;
	int ret, rc;

	for (;;) {
		if (c->in_pos < c->in_len) {
			rc = epp_frame_reader_feed(c->fr, c->in + c->in_pos,
			                           c->in_len - c->in_pos,
			                           &used);
			c->in_pos += used;
			if (rc == EPP_ELIMIT)
				return READ_TOO_BIG;
			if (rc != EPP_OK)
				return READ_BAD;
		}
		if (epp_frame_reader_take(out, len, c->fr) == EPP_OK)
			return READ_OK;
		c->in_pos = c->in_len = 0;
		ret = SSL_read_ex(c->ssl, c->in, sizeof(c->in), &n);
		if (ret == 1) {
			c->in_len = n;
			continue;
		}
		switch (SSL_get_error(c->ssl, ret)) {
		case SSL_ERROR_ZERO_RETURN:
			return READ_EOF;
		case SSL_ERROR_WANT_READ:
		case SSL_ERROR_WANT_WRITE:
			if (ssl_wait(c, ret, deadline) != 0)
				return atomic_load(&stopping) ? READ_EOF
				                              : READ_IDLE;
			break;
		case SSL_ERROR_SYSCALL:
			return READ_EOF; /* reset or closed without notify */
		default:
			return READ_ERR;
		}
	}
}

static void
pause_ms(int ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* End the connection as --drop-after's mode says. */
static void
drop(struct conn *c)
{
	struct linger lg = {1, 0};

	if (c->cfg->drop_mode == SIM_DROP_RST) {
		setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	} else {
		SSL_shutdown(c->ssl);
	}
}

static void
serve(struct conn *c)
{
	char *frame, cmd[64], cltrid[72];
	size_t flen;
	xmlChar *out;
	int olen, code, rc, reply;
	long long t0;

	for (;;) {
		rc = read_frame(c, &frame, &flen);
		if (rc == READ_IDLE) {
			sim_log("%s: idle for %d s, closing", c->s.peer,
			        c->cfg->idle_timeout_s);
			SSL_shutdown(c->ssl);
			return;
		}
		if (rc == READ_TOO_BIG) {
			sim_log("%s: frame larger than %zu bytes, closing",
			        c->s.peer, c->cfg->max_frame);
			return;
		}
		if (rc == READ_BAD) {
			sim_log("%s: invalid frame header, closing", c->s.peer);
			return;
		}
		if (rc != READ_OK)
			return;
		if (c->silent) {
			free(frame);
			continue;
		}
		t0 = now_us();
		c->ncmds++;
		reply = !(c->cfg->drop_after > 0 &&
		          c->cfg->drop_mode == SIM_DROP_NOREPLY &&
		          c->ncmds > c->cfg->drop_after);
		sim_session_handle(&c->s, frame, flen, &out, &olen, &code, cmd,
		                   sizeof(cmd), cltrid, sizeof(cltrid));
		free(frame);
		if (reply) {
			pause_ms(c->cfg->delay_ms +
			         (c->cfg->jitter_ms > 0
			                  ? (int)(rand_r(&c->seed) %
			                          (unsigned)(c->cfg->jitter_ms +
			                                     1))
			                  : 0));
			if (out != NULL && send_frame(c, out, olen) != 0) {
				xmlFree(out);
				sim_log("%s: peer does not read, closing",
				        c->s.peer);
				return;
			}
		}
		xmlFree(out);
		if (!c->cfg->quiet)
			sim_log("cmd clid=%s cmd=%s clTRID=%s code=%d "
			        "us=%lld%s",
			        c->s.logged_in || c->s.clid[0] ? c->s.clid
			                                       : "-",
			        cmd, cltrid[0] ? cltrid : "-", code,
			        now_us() - t0, reply ? "" : " noreply");
		if (!reply) {
			c->silent = 1;
			continue;
		}
		if (c->s.close || out == NULL) {
			SSL_shutdown(c->ssl);
			return;
		}
		if (c->cfg->drop_after > 0 &&
		    c->cfg->drop_mode != SIM_DROP_NOREPLY &&
		    c->ncmds >= c->cfg->drop_after) {
			sim_log("%s: dropping after %ld commands (%s)",
			        c->s.peer, c->ncmds,
			        c->cfg->drop_mode == SIM_DROP_RST ? "rst"
			                                          : "close");
			drop(c);
			return;
		}
	}
}

static void *
conn_main(void *arg)
{
	struct conn *c = arg;
	long long deadline = now_ms() + HANDSHAKE_TIMEOUT_MS;
	xmlChar *greeting = NULL;
	int len, ret;

	c->s.v = sim_validator_new();
	if (c->s.v == NULL ||
	    epp_frame_reader_new(&c->fr, c->cfg->max_frame) != EPP_OK)
		goto out;
	while ((ret = SSL_accept(c->ssl)) != 1)
		if (ssl_wait(c, ret, deadline) != 0) {
			sim_log("%s: TLS handshake failed", c->s.peer);
			goto out;
		}
	if (sim_greeting(&greeting, &len) != 0 ||
	    send_frame(c, greeting, len) != 0)
		goto out;
	serve(c);
out:
	ERR_clear_error();
	xmlFree(greeting);
	sim_session_end(&c->s);
	sim_validator_free(c->s.v);
	epp_frame_reader_free(c->fr);
	SSL_free(c->ssl);
	close(c->fd);
	free(c);
	pthread_mutex_lock(&active_lock);
	active--;
	pthread_mutex_unlock(&active_lock);
	return NULL;
}

static void
peer_name(int fd, char *buf, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[80], serv[16];

	if (getpeername(fd, (struct sockaddr *)&ss, &sl) != 0 ||
	    getnameinfo((struct sockaddr *)&ss, sl, host, sizeof(host), serv,
	                sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(buf, len, "?");
		return;
	}
	snprintf(buf, len, "%s%s%s:%s", ss.ss_family == AF_INET6 ? "[" : "",
	         host, ss.ss_family == AF_INET6 ? "]" : "", serv);
}

static void
start_conn(const struct sim_config *cfg, SSL_CTX *ctx, int fd)
{
	struct conn *c;
	pthread_attr_t attr;
	pthread_t t;
	int one = 1, full;

	/* A flood of connections must not become a flood of threads. */
	pthread_mutex_lock(&active_lock);
	full = active >= cfg->max_connections;
	pthread_mutex_unlock(&active_lock);
	if (full) {
		sim_log("%d connections open, refusing one more",
		        cfg->max_connections);
		close(fd);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		close(fd);
		return;
	}
	c->fd = fd;
	c->cfg = cfg;
	c->s.cfg = cfg;
	c->seed = (unsigned)now_us() ^ (unsigned)fd;
	peer_name(fd, c->s.peer, sizeof(c->s.peer));
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->ssl = SSL_new(ctx);
	if (c->ssl == NULL || SSL_set_fd(c->ssl, fd) != 1) {
		SSL_free(c->ssl);
		close(fd);
		free(c);
		return;
	}
	pthread_mutex_lock(&active_lock);
	active++;
	pthread_mutex_unlock(&active_lock);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 1024 * 1024);
	if (pthread_create(&t, &attr, conn_main, c) != 0) {
		sim_log("%s: cannot start a thread, closing", c->s.peer);
		SSL_free(c->ssl);
		close(fd);
		free(c);
		pthread_mutex_lock(&active_lock);
		active--;
		pthread_mutex_unlock(&active_lock);
	}
	pthread_attr_destroy(&attr);
}

/* Split "host:port", "[v6]:port"; host "*" or empty means any. */
static int
split_listen(const char *spec, char *host, size_t hl, char *port, size_t pl)
{
	const char *colon;

	if (spec[0] == '[') {
		colon = strstr(spec, "]:");
		if (colon == NULL)
			return -1;
		snprintf(host, hl, "%.*s", (int)(colon - spec - 1), spec + 1);
		snprintf(port, pl, "%s", colon + 2);
		return 0;
	}
	colon = strrchr(spec, ':');
	if (colon == NULL)
		return -1;
	snprintf(host, hl, "%.*s", (int)(colon - spec), spec);
	snprintf(port, pl, "%s", colon + 1);
	if (strcmp(host, "*") == 0)
		host[0] = '\0';
	return port[0] ? 0 : -1;
}

static int
listen_on(const char *spec, int *port_out)
{
	struct addrinfo hints, *res, *ai;
	char host[256], port[32];
	int fd = -1, one = 1, rc;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (split_listen(spec, host, sizeof(host), port, sizeof(port)) != 0) {
		sim_log("--listen %s: expected ADDR:PORT", spec);
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (rc != 0) {
		sim_log("--listen %s: %s", spec, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    listen(fd, 512) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		sim_log("--listen %s: %s", spec, strerror(errno));
		return -1;
	}
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
		*port_out =
		        ntohs(ss.ss_family == AF_INET6
		                      ? ((struct sockaddr_in6 *)&ss)->sin6_port
		                      : ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

static int
write_port_file(const char *path, int port)
{
	char tmp[4096];
	FILE *f;

	/* Written whole then renamed, so a reader never sees half of it. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return -1;
	fprintf(f, "%d\n", port);
	if (fclose(f) != 0)
		return -1;
	return rename(tmp, path);
}

int
sim_server_run(const struct sim_config *cfg, SSL_CTX *ctx)
{
	struct pollfd p;
	int lfd, fd, port = 0, left;
	long long until;

	lfd = listen_on(cfg->listen, &port);
	if (lfd < 0)
		return 1;
	fcntl(lfd, F_SETFL, fcntl(lfd, F_GETFL) | O_NONBLOCK);
	if (cfg->port_file != NULL && write_port_file(cfg->port_file, port)) {
		sim_log("%s: %s", cfg->port_file, strerror(errno));
		close(lfd);
		return 1;
	}
	sim_log("listening on %s (port %d)", cfg->listen, port);
	while (!sim_stop) {
		if (sim_dump_stats) {
			sim_dump_stats = 0;
			sim_stats_print();
		}
		p.fd = lfd;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, 200) <= 0)
			continue;
		fd = accept(lfd, NULL, NULL);
		if (fd >= 0)
			start_conn(cfg, ctx, fd);
		else if (errno == EMFILE || errno == ENFILE)
			pause_ms(100); /* out of descriptors: let some close */
	}
	atomic_store(&stopping, 1);
	close(lfd);
	until = now_ms() + STOP_GRACE_MS;
	do {
		pthread_mutex_lock(&active_lock);
		left = active;
		pthread_mutex_unlock(&active_lock);
		if (left > 0)
			pause_ms(20);
	} while (left > 0 && now_ms() < until);
	if (left > 0)
		sim_log("%d connections still open at exit", left);
	return 0;
}
