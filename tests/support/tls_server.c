/* An EPP-over-TLS test server thread (see tls_server.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "epp/frame.h"
#include "tls_server.h"

static int
read_all(SSL *ssl, void *buf, size_t len)
{
	size_t got = 0;
	int n;

	while (got < len) {
		n = SSL_read(ssl, (char *)buf + got, (int)(len - got));
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

static int
send_frame(SSL *ssl, const char *xml, size_t len)
{
	unsigned char *wire;
	size_t wire_len;
	int n;

	if (epp_frame_encode(&wire, &wire_len, xml, len, 0) != EPP_OK)
		return -1;
	n = SSL_write(ssl, wire, (int)wire_len); /* one write per frame */
	free(wire);
	return n == (int)wire_len ? 0 : -1;
}

static void
serve(struct tls_server *srv, int fd)
{
	struct timeval tv = {5, 0};
	unsigned char hdr[4];
	SSL *ssl;
	X509 *peer;
	char *req, *ans;
	size_t len, ans_len;
	uint32_t total;
	const char *g;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	ssl = SSL_new(srv->ctx);
	SSL_set_fd(ssl, fd);
	if (SSL_accept(ssl) != 1) {
		srv->handshakes_failed++;
		ERR_clear_error();
		SSL_free(ssl);
		return;
	}
	peer = SSL_get1_peer_certificate(ssl);
	if (peer) {
		X509_NAME_get_text_by_NID(X509_get_subject_name(peer),
		                          NID_commonName, srv->client_cn,
		                          sizeof(srv->client_cn));
		X509_free(peer);
	}
	if (srv->no_greeting) {
		while (!srv->stop)
			poll(NULL, 0, 20);
		goto out;
	}
	g = srv->reg.greeting ? srv->reg.greeting : minireg_default_greeting;
	if (send_frame(ssl, g, strlen(g)) != 0 || srv->hang_up)
		goto out;
	for (;;) {
		if (read_all(ssl, hdr, 4) != 0)
			break;
		total = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
		        (uint32_t)hdr[2] << 8 | hdr[3];
		if (total < 5 || total > (1u << 24))
			break;
		len = total - 4;
		req = malloc(len + 1);
		if (read_all(ssl, req, len) != 0) {
			free(req);
			break;
		}
		req[len] = '\0';
		ans = minireg_answer(&srv->reg, req, len, &ans_len);
		send_frame(ssl, ans, ans_len);
		free(ans);
		if (strstr(req, "<logout/>")) {
			free(req);
			break;
		}
		free(req);
	}
	SSL_shutdown(ssl);
out:
	ERR_clear_error();
	SSL_free(ssl);
}

static void *
run(void *arg)
{
	struct tls_server *srv = arg;
	struct pollfd pfd;
	sigset_t pipe;
	int fd;

	/* A client that hangs up must not kill the test with SIGPIPE. Only
	 * this thread blocks it: the client side (libepp) must not need it. */
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, NULL);

	while (!srv->stop) {
		pfd.fd = srv->fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		fd = accept(srv->fd, NULL, NULL);
		if (fd < 0)
			continue;
		srv->connections++;
		if (srv->no_tls_handshake) {
			while (!srv->stop)
				poll(NULL, 0, 20);
		} else {
			serve(srv, fd);
		}
		close(fd);
	}
	return NULL;
}

int
tls_server_start(struct tls_server *srv)
{
	struct sockaddr_in sa;
	struct sockaddr_in6 sa6;
	struct sockaddr *addr =
	        srv->ipv6 ? (struct sockaddr *)&sa6 : (struct sockaddr *)&sa;
	socklen_t len = srv->ipv6 ? sizeof(sa6) : sizeof(sa);
	SSL_CTX *ctx;

	ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL ||
	    SSL_CTX_use_certificate_chain_file(ctx, srv->cert_file) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, srv->key_file, SSL_FILETYPE_PEM) !=
	            1) {
		fprintf(stderr, "tls_server: cannot load %s\n", srv->cert_file);
		SSL_CTX_free(ctx);
		return -1;
	}
	if (srv->client_ca) {
		SSL_CTX_load_verify_locations(ctx, srv->client_ca, NULL);
		SSL_CTX_set_verify(
		        ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
		        NULL);
	}
	srv->ctx = ctx;
	srv->fd = socket(srv->ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	memset(&sa6, 0, sizeof(sa6));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa6.sin6_family = AF_INET6;
	sa6.sin6_addr = in6addr_loopback;
	if (srv->fd < 0 || bind(srv->fd, addr, len) != 0 ||
	    listen(srv->fd, 8) != 0 || getsockname(srv->fd, addr, &len) != 0) {
		perror("tls_server");
		return -1;
	}
	srv->port = ntohs(srv->ipv6 ? sa6.sin6_port : sa.sin_port);
	srv->stop = 0;
	return pthread_create(&srv->thread, NULL, run, srv) == 0 ? 0 : -1;
}

void
tls_server_stop(struct tls_server *srv)
{
	srv->stop = 1;
	pthread_join(srv->thread, NULL);
	close(srv->fd);
	SSL_CTX_free(srv->ctx);
	srv->ctx = NULL;
}
