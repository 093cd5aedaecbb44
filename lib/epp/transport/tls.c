/*
 * The TLS transport: OpenSSL 3 over a non-blocking TCP socket.
 *
 * Verification is on by default: the chain against the given CA file or
 * the system store, and the server name with SSL_set1_host (which also
 * accepts an address literal). Failures are reported with the step and
 * X509_verify_cert_error_string(), so "unknown CA", "host name mismatch"
 * and "expired" read differently.
 *
 * A frame is written with ONE SSL_write (no partial writes): a retry after
 * WANT_WRITE repeats the same call with the same buffer, as OpenSSL
 * requires.
 */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <arpa/inet.h>

#include "transport/transport_private.h"

struct tls_transport {
	epp_transport base;
	int fd;
	int dead; /* fatal error seen: no close_notify */
	SSL_CTX *ctx;
	SSL *ssl;
	BIO_METHOD *biom;
	char peer_names[256]; /* of a certificate with the wrong name */
};

/*
 * A socket BIO of our own: send() with MSG_NOSIGNAL, so a registry that
 * hangs up never raises SIGPIPE in the caller's process, and an exact
 * count of the bytes handed to the kernel (epp_transport.wire_sent).
 */
static int
bio_write(BIO *b, const char *buf, int len)
{
	struct tls_transport *tt = BIO_get_data(b);
	ssize_t n;

	BIO_clear_retry_flags(b);
	do
		n = send(tt->fd, buf, (size_t)len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n > 0) {
		tt->base.wire_sent += (unsigned long long)n;
		return (int)n;
	}
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		BIO_set_retry_write(b);
	return -1;
}

static int
bio_read(BIO *b, char *buf, int len)
{
	struct tls_transport *tt = BIO_get_data(b);
	ssize_t n;

	BIO_clear_retry_flags(b);
	do
		n = recv(tt->fd, buf, (size_t)len, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		BIO_set_retry_read(b);
	return (int)n;
}

static long
bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	(void)b;
	(void)num;
	(void)ptr;
	return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

static int
bio_create(BIO *b)
{
	BIO_set_init(b, 1);
	return 1;
}

/*
 * The last OpenSSL error as readable text (its reason, with a hint for the
 * alerts a registry sends about client certificates), or `fallback`.
 * Clears the error queue.
 */
static void
ssl_errtext(char *buf, size_t size, const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	const char *reason = e ? ERR_reason_error_string(e) : NULL;
	const char *hint = "";

	switch (e ? ERR_GET_REASON(e) : 0) {
	case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
		hint = " (the server requires a client certificate)";
		break;
	case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
	case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
		hint = " (the server rejected the client certificate)";
		break;
	}
	if (reason)
		snprintf(buf, size, "%s%s", reason, hint);
	else if (e)
		ERR_error_string_n(e, buf, size);
	else
		snprintf(buf, size, "%s", fallback);
	ERR_clear_error();
}

static int
passphrase_cb(char *buf, int size, int rwflag, void *userdata)
{
	const char *pw = userdata;
	size_t len;

	(void)rwflag;
	if (pw == NULL || size <= 0)
		return 0;
	len = strlen(pw);
	if (len > (size_t)size)
		len = (size_t)size;
	memcpy(buf, pw, len);
	return (int)len;
}

static int
is_address_literal(const char *name)
{
	unsigned char tmp[16];

	return inet_pton(AF_INET, name, tmp) == 1 ||
	       inet_pton(AF_INET6, name, tmp) == 1;
}

static const char *
cert_names(X509 *x, char *buf, size_t len)
{
	GENERAL_NAMES *sans;
	const GENERAL_NAME *g;
	char ip[INET6_ADDRSTRLEN];
	size_t n = 0;
	int i, m;

	buf[0] = '\0';
	sans = x ? X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL) : NULL;
	for (i = 0; sans && i < sk_GENERAL_NAME_num(sans); i++) {
		g = sk_GENERAL_NAME_value(sans, i);
		if (g->type == GEN_DNS) {
			m = snprintf(buf + n, len - n, "%s%.*s", n ? ", " : "",
			             ASN1_STRING_length(g->d.dNSName),
			             (const char *)ASN1_STRING_get0_data(
			                     g->d.dNSName));
		} else if (g->type == GEN_IPADD &&
		           inet_ntop(ASN1_STRING_length(g->d.iPAddress) == 4
		                             ? AF_INET
		                             : AF_INET6,
		                     ASN1_STRING_get0_data(g->d.iPAddress), ip,
		                     sizeof(ip))) {
			m = snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
			             ip);
		} else {
			continue;
		}
		if (m < 0 || (size_t)m >= len - n)
			break;
		n += (size_t)m;
	}
	GENERAL_NAMES_free(sans);
	if (n == 0 && x)
		X509_NAME_get_text_by_NID(X509_get_subject_name(x),
		                          NID_commonName, buf, (int)len);
	return buf[0] ? buf : "no name";
}

/*
 * Keep the names of a certificate whose name does not match, so that the
 * error can say which name it is for: after the failed handshake the
 * peer certificate is no longer at hand.
 */
static int
verify_cb(int ok, X509_STORE_CTX *store)
{
	SSL *ssl;
	struct tls_transport *tt;

	if (ok ||
	    X509_STORE_CTX_get_error(store) != X509_V_ERR_HOSTNAME_MISMATCH)
		return ok;
	ssl = X509_STORE_CTX_get_ex_data(store,
	                                 SSL_get_ex_data_X509_STORE_CTX_idx());
	tt = ssl ? SSL_get_app_data(ssl) : NULL;
	if (tt)
		cert_names(X509_STORE_CTX_get_current_cert(store),
		           tt->peer_names, sizeof(tt->peer_names));
	return ok;
}

static int
make_ctx(SSL_CTX **out, const epp_transport_options *o, epp_error *err)
{
	char why[256];
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	const char *key;

	*out = NULL;
	if (ctx == NULL)
		return epp__error_set(err, EPP_ENOMEM,
		                      "TLS: cannot create context");
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_mode(ctx, SSL_MODE_AUTO_RETRY);
	if (!o->insecure) {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_cb);
		if (o->ca_file && *o->ca_file) {
			if (SSL_CTX_load_verify_locations(ctx, o->ca_file,
			                                  NULL) != 1) {
				ssl_errtext(why, sizeof(why), "unreadable");
				SSL_CTX_free(ctx);
				return epp__error_set(
				        err, EPP_ETLS,
				        "TLS: cannot load CA file %s: "
				        "%s",
				        o->ca_file, why);
			}
		} else if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
			ssl_errtext(why, sizeof(why), "unavailable");
			SSL_CTX_free(ctx);
			return epp__error_set(
			        err, EPP_ETLS,
			        "TLS: cannot load the system CAs: %s", why);
		}
	}
	if (o->cert_file && *o->cert_file) {
		key = o->key_file && *o->key_file ? o->key_file : o->cert_file;
		SSL_CTX_set_default_passwd_cb(ctx, passphrase_cb);
		SSL_CTX_set_default_passwd_cb_userdata(
		        ctx, (void *)(uintptr_t)o->key_passphrase);
		if (SSL_CTX_use_certificate_chain_file(ctx, o->cert_file) !=
		    1) {
			ssl_errtext(why, sizeof(why), "unreadable");
			SSL_CTX_free(ctx);
			return epp__error_set(
			        err, EPP_ETLS,
			        "TLS: cannot load client certificate "
			        "%s: %s",
			        o->cert_file, why);
		}
		if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) !=
		    1) {
			ssl_errtext(why, sizeof(why), "unreadable");
			SSL_CTX_free(ctx);
			return epp__error_set(err, EPP_ETLS,
			                      "TLS: cannot load private key %s "
			                      "(wrong passphrase?): %s",
			                      key, why);
		}
		if (SSL_CTX_check_private_key(ctx) != 1) {
			ERR_clear_error();
			SSL_CTX_free(ctx);
			return epp__error_set(
			        err, EPP_ETLS,
			        "TLS: private key %s does not match "
			        "certificate %s",
			        key, o->cert_file);
		}
		/* The passphrase is borrowed: do not keep a pointer to it. */
		SSL_CTX_set_default_passwd_cb_userdata(ctx, NULL);
	}
	*out = ctx;
	return EPP_OK;
}

/*
 * Wait for what OpenSSL asked for after a call returned `ret`. Returns
 * EPP_OK to retry, else an error with t->errmsg set.
 */
static int
wait_ssl(struct tls_transport *tt, int ret, int64_t deadline, const char *op)
{
	char why[200];
	int e = SSL_get_error(tt->ssl, ret), rc, saved = errno;

	switch (e) {
	case SSL_ERROR_WANT_READ:
		rc = epp__fd_wait(tt->fd, POLLIN, deadline);
		break;
	case SSL_ERROR_WANT_WRITE:
		rc = epp__fd_wait(tt->fd, POLLOUT, deadline);
		break;
	case SSL_ERROR_ZERO_RETURN:
		tt->dead = 1;
		snprintf(tt->base.errmsg, sizeof(tt->base.errmsg),
		         "TLS %s: connection closed by the server", op);
		return EPP_ECLOSED;
	case SSL_ERROR_SYSCALL:
		tt->dead = 1;
		ERR_clear_error();
		snprintf(tt->base.errmsg, sizeof(tt->base.errmsg),
		         "TLS %s: connection closed by the server%s%s", op,
		         saved ? ": " : "", saved ? strerror(saved) : "");
		return saved && saved != ECONNRESET && saved != EPIPE
		               ? EPP_EIO
		               : EPP_ECLOSED;
	default:
		tt->dead = 1;
		ssl_errtext(why, sizeof(why), "unknown error");
		snprintf(tt->base.errmsg, sizeof(tt->base.errmsg), "TLS %s: %s",
		         op, why);
		return EPP_ETLS;
	}
	if (rc != EPP_OK)
		snprintf(tt->base.errmsg, sizeof(tt->base.errmsg), "TLS %s: %s",
		         op, epp_strerror(rc));
	return rc;
}

static ssize_t
tls_send(epp_transport *t, const void *buf, size_t len, int timeout_ms)
{
	struct tls_transport *tt = (struct tls_transport *)t;
	int64_t deadline = epp__deadline(timeout_ms);
	int n, rc;

	if (len > INT32_MAX)
		return EPP_ELIMIT;
	for (;;) {
		ERR_clear_error();
		n = SSL_write(tt->ssl, buf, (int)len);
		if (n > 0)
			return n;
		rc = wait_ssl(tt, n, deadline, "send");
		if (rc != EPP_OK)
			return rc;
	}
}

static ssize_t
tls_recv(epp_transport *t, void *buf, size_t len, int timeout_ms)
{
	struct tls_transport *tt = (struct tls_transport *)t;
	int64_t deadline = epp__deadline(timeout_ms);
	int n, rc;

	if (len > INT32_MAX)
		len = INT32_MAX;
	for (;;) {
		ERR_clear_error();
		n = SSL_read(tt->ssl, buf, (int)len);
		if (n > 0)
			return n;
		rc = wait_ssl(tt, n, deadline, "recv");
		if (rc != EPP_OK)
			return rc;
	}
}

static int
tls_fd(const epp_transport *t)
{
	return ((const struct tls_transport *)t)->fd;
}

static size_t
tls_pending(const epp_transport *t)
{
	const struct tls_transport *tt = (const struct tls_transport *)t;
	int n = SSL_pending(tt->ssl);

	return n > 0 ? (size_t)n : 0;
}

static void
tls_close(epp_transport *t)
{
	struct tls_transport *tt = (struct tls_transport *)t;

	if (tt->ssl) {
		/* Best effort close_notify; never wait for the answer. */
		ERR_clear_error();
		if (!tt->dead && SSL_is_init_finished(tt->ssl))
			SSL_shutdown(tt->ssl);
		ERR_clear_error();
		SSL_free(tt->ssl);
	}
	BIO_meth_free(tt->biom);
	SSL_CTX_free(tt->ctx);
	if (tt->fd >= 0)
		close(tt->fd);
	free(tt);
}

static const epp_transport_ops tls_ops = {tls_send, tls_recv, tls_fd,
                                          tls_pending, tls_close};

/* The names a certificate is for: its DNS and IP subjectAltNames, else
 * its CN, comma-separated into buf. */
/* Explain a failed handshake: verification result first, then the rest. */
static int
handshake_error(struct tls_transport *tt, const char *name, int rc,
                epp_error *err)
{
	long v = SSL_get_verify_result(tt->ssl);

	if (v == X509_V_ERR_HOSTNAME_MISMATCH) {
		ERR_clear_error();
		return epp__error_set(
		        err, EPP_ETLS,
		        "TLS: certificate verification failed for %s: "
		        "hostname mismatch: the certificate is for %s",
		        name,
		        tt->peer_names[0] ? tt->peer_names : "another name");
	}
	if (v != X509_V_OK) {
		ERR_clear_error();
		return epp__error_set(
		        err, EPP_ETLS,
		        "TLS: certificate verification failed for "
		        "%s: %s",
		        name, X509_verify_cert_error_string(v));
	}
	if (rc == EPP_ETIMEOUT)
		return epp__error_set(err, EPP_ETIMEOUT,
		                      "TLS handshake with %s: timed out", name);
	return epp__error_set(err, rc == EPP_ECLOSED ? EPP_ETLS : rc,
	                      "TLS handshake with %s failed: %s", name,
	                      tt->base.errmsg);
}

int
epp_transport_tls_connect(epp_transport **out,
                          const epp_transport_options *opts, epp_error *err)
{
	struct tls_transport *tt;
	const char *name;
	BIO *bio;
	int64_t deadline;
	int rc, n;

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
	name = opts->server_name && *opts->server_name ? opts->server_name
	                                               : opts->host;
	deadline = epp__deadline(opts->connect_timeout_ms > 0
	                                 ? opts->connect_timeout_ms
	                                 : EPP_DEFAULT_CONNECT_TIMEOUT_MS);
	tt = calloc(1, sizeof(*tt));
	if (tt == NULL)
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	tt->base.ops = &tls_ops;
	tt->fd = -1;
	/* Load certificates before touching the network: a wrong path or
	 * passphrase should not look like a registry problem. */
	rc = make_ctx(&tt->ctx, opts, err);
	if (rc != EPP_OK)
		goto fail;
	rc = epp__tcp_open(&tt->fd, opts, deadline, err);
	if (rc != EPP_OK)
		goto fail;
	tt->ssl = SSL_new(tt->ctx);
	if (tt->ssl)
		SSL_set_app_data(tt->ssl, tt);
	tt->biom = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK,
	                        "eppkit socket");
	if (tt->ssl == NULL || tt->biom == NULL ||
	    BIO_meth_set_write(tt->biom, bio_write) != 1 ||
	    BIO_meth_set_read(tt->biom, bio_read) != 1 ||
	    BIO_meth_set_ctrl(tt->biom, bio_ctrl) != 1 ||
	    BIO_meth_set_create(tt->biom, bio_create) != 1 ||
	    (bio = BIO_new(tt->biom)) == NULL) {
		rc = epp__error_set(err, EPP_ENOMEM,
		                    "TLS: cannot create session");
		goto fail;
	}
	BIO_set_data(bio, tt);
	SSL_set_bio(tt->ssl, bio, bio);
	/* The macro casts away const; OpenSSL copies the name. */
	if (name && !is_address_literal(name))
		SSL_set_tlsext_host_name(tt->ssl, (char *)(uintptr_t)name);
	if (!opts->insecure && name && SSL_set1_host(tt->ssl, name) != 1) {
		rc = epp__error_set(err, EPP_ETLS,
		                    "TLS: cannot verify against name '%s'",
		                    name);
		goto fail;
	}
	for (;;) {
		ERR_clear_error();
		n = SSL_connect(tt->ssl);
		if (n == 1)
			break;
		rc = wait_ssl(tt, n, deadline, "handshake");
		if (rc != EPP_OK) {
			rc = handshake_error(tt, name, rc, err);
			goto fail;
		}
	}
	*out = &tt->base;
	return EPP_OK;
fail:
	ERR_clear_error();
	tls_close(&tt->base);
	return rc;
}
