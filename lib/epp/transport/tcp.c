/*
 * Socket plumbing shared by the TCP and TLS transports, and the plain TCP
 * transport itself (tests only: registries require TLS).
 *
 * Every socket is non-blocking; a blocking call is a poll() with a
 * deadline on the monotonic clock, so a dead registry costs at most the
 * caller's timeout, never the kernel's.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "transport/transport_private.h"

int64_t
epp__now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
epp__deadline(int timeout_ms)
{
	if (timeout_ms < 0)
		return -1;
	return epp__now_ms() + timeout_ms;
}

int
epp__fd_wait(int fd, short events, int64_t deadline)
{
	struct pollfd pfd;
	int64_t left;
	int n;

	for (;;) {
		left = -1;
		if (deadline >= 0) {
			left = deadline - epp__now_ms();
			if (left < 0)
				left = 0;
		}
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
		if (n > 0)
			return EPP_OK; /* errors show up in the next I/O call */
		if (n == 0 && deadline >= 0 && epp__now_ms() >= deadline)
			return EPP_ETIMEOUT;
		if (n < 0 && errno != EINTR)
			return EPP_EIO;
	}
}

static int
set_nonblock_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static void
addr_text(const struct sockaddr *sa, socklen_t len, char *buf, size_t size)
{
	if (getnameinfo(sa, len, buf, (socklen_t)size, NULL, 0,
	                NI_NUMERICHOST) != 0)
		snprintf(buf, size, "?");
}

static int
bind_source(int fd, int family, const char *bind_address, epp_error *err)
{
	struct addrinfo hints, *res = NULL;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(bind_address, NULL, &hints, &res);
	if (rc != 0)
		return epp__error_set(
		        err, EPP_ERESOLVE,
		        "DNS: cannot resolve bind address '%s': %s",
		        bind_address, gai_strerror(rc));
	if (bind(fd, res->ai_addr, res->ai_addrlen) != 0) {
		int e = errno;
		freeaddrinfo(res);
		return epp__error_set(
		        err, EPP_ECONNECT,
		        "TCP: cannot bind to source address %s: %s",
		        bind_address, strerror(e));
	}
	freeaddrinfo(res);
	return EPP_OK;
}

/* Connect one address; EPP_OK with *out set, or an error in err. */
static int
try_address(int *out, const struct addrinfo *ai,
            const epp_transport_options *opts, int64_t deadline, epp_error *err)
{
	char addr[64];
	int fd, rc, one = 1, soerr = 0;
	socklen_t len = sizeof(soerr);

	addr_text(ai->ai_addr, ai->ai_addrlen, addr, sizeof(addr));
	fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	if (fd < 0)
		return epp__error_set(
		        err, EPP_ECONNECT,
		        "TCP connect to %s (%s) port %s: socket: %s",
		        opts->host, addr, opts->port, strerror(errno));
	if (set_nonblock_cloexec(fd) != 0) {
		rc = epp__error_set(err, EPP_EIO, "TCP: fcntl: %s",
		                    strerror(errno));
		goto fail;
	}
	if (opts->bind_address && *opts->bind_address &&
	    (rc = bind_source(fd, ai->ai_family, opts->bind_address, err)) !=
	            EPP_OK)
		goto fail;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		if (errno != EINPROGRESS && errno != EINTR) {
			soerr = errno;
			goto refused;
		}
		rc = epp__fd_wait(fd, POLLOUT, deadline);
		if (rc == EPP_ETIMEOUT) {
			rc = epp__error_set(
			        err, EPP_ETIMEOUT,
			        "TCP connect to %s (%s) port %s: timed "
			        "out",
			        opts->host, addr, opts->port);
			goto fail;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0)
			soerr = errno;
		if (soerr != 0)
			goto refused;
	}
	/* One frame per command, written at once: never wait for Nagle. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	*out = fd;
	return EPP_OK;
refused:
	rc = epp__error_set(err, EPP_ECONNECT,
	                    "TCP connect to %s (%s) port %s: %s", opts->host,
	                    addr, opts->port, strerror(soerr));
fail:
	close(fd);
	return rc;
}

int
epp__tcp_open(int *fd, const epp_transport_options *in, int64_t deadline,
              epp_error *err)
{
	epp_transport_options opts = *in;
	struct addrinfo hints, *res = NULL, *ai;
	int rc;

	*fd = -1;
	if (opts.host == NULL || *opts.host == '\0')
		return epp__error_set(err, EPP_EINVAL, "no host given");
	if (opts.port == NULL || *opts.port == '\0')
		opts.port = EPP_DEFAULT_PORT;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(opts.host, opts.port, &hints, &res);
	if (rc != 0)
		return epp__error_set(err, EPP_ERESOLVE,
		                      "DNS: cannot resolve '%s' port %s: %s",
		                      opts.host, opts.port, gai_strerror(rc));
	rc = epp__error_set(err, EPP_ECONNECT, "TCP: no address for '%s'",
	                    opts.host);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		rc = try_address(fd, ai, &opts, deadline, err);
		if (rc == EPP_OK || rc == EPP_ETIMEOUT || rc == EPP_ERESOLVE)
			break;
	}
	freeaddrinfo(res);
	return rc;
}

/* The plain TCP transport. */
struct tcp_transport {
	epp_transport base;
	int fd;
};

static ssize_t
tcp_send(epp_transport *t, const void *buf, size_t len, int timeout_ms)
{
	struct tcp_transport *tt = (struct tcp_transport *)t;
	int64_t deadline = epp__deadline(timeout_ms);
	size_t done = 0;
	ssize_t n;
	int rc;

	while (done < len) {
		n = send(tt->fd, (const char *)buf + done, len - done,
		         MSG_NOSIGNAL);
		if (n > 0) {
			done += (size_t)n;
			t->wire_sent += (unsigned long long)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			int e = errno;
			snprintf(t->errmsg, sizeof(t->errmsg), "TCP send: %s",
			         strerror(e));
			return e == EPIPE || e == ECONNRESET ? EPP_ECLOSED
			                                     : EPP_EIO;
		}
		rc = epp__fd_wait(tt->fd, POLLOUT, deadline);
		if (rc != EPP_OK) {
			snprintf(t->errmsg, sizeof(t->errmsg), "TCP send: %s",
			         epp_strerror(rc));
			return rc;
		}
	}
	return (ssize_t)done;
}

static ssize_t
tcp_recv(epp_transport *t, void *buf, size_t len, int timeout_ms)
{
	struct tcp_transport *tt = (struct tcp_transport *)t;
	int64_t deadline = epp__deadline(timeout_ms);
	ssize_t n;
	int rc;

	for (;;) {
		n = recv(tt->fd, buf, len, 0);
		if (n > 0)
			return n;
		if (n == 0) {
			snprintf(t->errmsg, sizeof(t->errmsg),
			         "connection closed by the server");
			return EPP_ECLOSED;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			int e = errno;
			snprintf(t->errmsg, sizeof(t->errmsg), "TCP recv: %s",
			         strerror(e));
			return e == ECONNRESET ? EPP_ECLOSED : EPP_EIO;
		}
		rc = epp__fd_wait(tt->fd, POLLIN, deadline);
		if (rc != EPP_OK) {
			snprintf(t->errmsg, sizeof(t->errmsg), "TCP recv: %s",
			         epp_strerror(rc));
			return rc;
		}
	}
}

static int
tcp_fd(const epp_transport *t)
{
	return ((const struct tcp_transport *)t)->fd;
}

static size_t
tcp_pending(const epp_transport *t)
{
	(void)t;
	return 0;
}

static void
tcp_close(epp_transport *t)
{
	struct tcp_transport *tt = (struct tcp_transport *)t;

	if (tt->fd >= 0)
		close(tt->fd);
	free(tt);
}

static const epp_transport_ops tcp_ops = {tcp_send, tcp_recv, tcp_fd,
                                          tcp_pending, tcp_close};

int
epp_transport_tcp_connect(epp_transport **out,
                          const epp_transport_options *opts, epp_error *err)
{
	struct tcp_transport *tt;
	int fd, rc, timeout;

	if (out == NULL || opts == NULL)
		return epp__error_set(err, EPP_EINVAL, "invalid argument");
	*out = NULL;
	if (opts->version != EPP_TRANSPORT_OPTIONS_VERSION)
		return epp__error_set(err, EPP_EINVAL,
		                      "epp_transport_options version %u, this "
		                      "libepp knows %u (initialise with "
		                      "EPP_TRANSPORT_OPTIONS_INIT)",
		                      opts->version,
		                      EPP_TRANSPORT_OPTIONS_VERSION);
	timeout = opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms
	                                       : EPP_DEFAULT_CONNECT_TIMEOUT_MS;
	rc = epp__tcp_open(&fd, opts, epp__deadline(timeout), err);
	if (rc != EPP_OK)
		return rc;
	tt = calloc(1, sizeof(*tt));
	if (tt == NULL) {
		close(fd);
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	}
	tt->base.ops = &tcp_ops;
	tt->fd = fd;
	*out = &tt->base;
	return EPP_OK;
}

ssize_t
epp_transport_send(epp_transport *t, const void *buf, size_t len,
                   int timeout_ms)
{
	return t->ops->send(t, buf, len, timeout_ms);
}

ssize_t
epp_transport_recv(epp_transport *t, void *buf, size_t len, int timeout_ms)
{
	return t->ops->recv(t, buf, len, timeout_ms);
}

void
epp_transport_close(epp_transport *t)
{
	if (t != NULL)
		t->ops->close(t);
}
