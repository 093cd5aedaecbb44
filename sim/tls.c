/*
 * TLS for the server side (OpenSSL 3), and --gen-cert: a private CA, a
 * server certificate for localhost, 127.0.0.1 and ::1, and a client
 * certificate, for local use and the tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "sim.h"

static void
ssl_err(char *err, size_t errlen, const char *what, const char *file)
{
	char buf[256];
	unsigned long e = ERR_get_error();

	if (e != 0)
		ERR_error_string_n(e, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "unknown error");
	ERR_clear_error();
	snprintf(err, errlen, "%s%s%s: %s", what, file ? " " : "",
	         file ? file : "", buf);
}

SSL_CTX *
sim_tls_ctx(const struct sim_config *cfg, char *err, size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	STACK_OF(X509_NAME) * names;
	int mode;

	if (ctx == NULL) {
		ssl_err(err, errlen, "SSL_CTX_new", NULL);
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"epp-sim",
	                               7);
	if (SSL_CTX_use_certificate_chain_file(ctx, cfg->cert) != 1) {
		ssl_err(err, errlen, "certificate", cfg->cert);
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, cfg->key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		ssl_err(err, errlen, "private key", cfg->key);
		goto fail;
	}
	if (cfg->ca != NULL) {
		if (SSL_CTX_load_verify_locations(ctx, cfg->ca, NULL) != 1) {
			ssl_err(err, errlen, "CA file", cfg->ca);
			goto fail;
		}
		names = SSL_load_client_CA_file(cfg->ca);
		if (names != NULL)
			SSL_CTX_set_client_CA_list(ctx, names);
		mode = SSL_VERIFY_PEER;
		if (cfg->require_client_cert)
			mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
		SSL_CTX_set_verify(ctx, mode, NULL);
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

/* ---- --gen-cert ---- */

static int
add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx(&v3, issuer, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	if (ext == NULL)
		return 0;
	ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok;
}

/* A certificate for `key` named cn, signed by issuer (self when NULL). */
static X509 *
make_cert(EVP_PKEY *key, const char *cn, long serial, X509 *issuer,
          EVP_PKEY *issuer_key, const char *const *exts)
{
	X509 *x = X509_new();
	X509_NAME *name;
	int i;

	if (x == NULL)
		return NULL;
	name = X509_get_subject_name(x);
	if (!X509_set_version(x, 2) ||
	    !ASN1_INTEGER_set(X509_get_serialNumber(x), serial) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), -3600) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), 3650L * 86400L) ||
	    !X509_set_pubkey(x, key) ||
	    !X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
	                                (const unsigned char *)"eppkit", -1, -1,
	                                0) ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	                                (const unsigned char *)cn, -1, -1, 0) ||
	    !X509_set_issuer_name(x,
	                          X509_get_subject_name(issuer ? issuer : x)))
		goto fail;
	for (i = 0; exts[i] != NULL; i += 2)
		if (!add_ext(x, issuer ? issuer : x, OBJ_txt2nid(exts[i]),
		             exts[i + 1]))
			goto fail;
	if (!X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()))
		goto fail;
	return x;
fail:
	X509_free(x);
	return NULL;
}

static int
write_pem(const char *dir, const char *file, X509 *cert, EVP_PKEY *key,
          char *err, size_t errlen)
{
	char path[4096];
	FILE *f;
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, key ? 0600 : 0644);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	ok = key ? PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL)
	         : PEM_write_X509(f, cert);
	if (fclose(f) != 0 || !ok) {
		snprintf(err, errlen, "%s: write failed", path);
		return -1;
	}
	return 0;
}

int
sim_gen_cert(const char *dir, char *err, size_t errlen)
{
	static const char *const ca_ext[] = {"basicConstraints",
	                                     "critical,CA:TRUE",
	                                     "keyUsage",
	                                     "critical,keyCertSign,cRLSign",
	                                     "subjectKeyIdentifier",
	                                     "hash",
	                                     NULL};
	static const char *const srv_ext[] = {
	        "basicConstraints",
	        "critical,CA:FALSE",
	        "keyUsage",
	        "critical,digitalSignature,keyEncipherment",
	        "extendedKeyUsage",
	        "serverAuth",
	        "subjectAltName",
	        "DNS:localhost,IP:127.0.0.1,IP:::1",
	        "authorityKeyIdentifier",
	        "keyid:always",
	        NULL};
	static const char *const cli_ext[] = {
	        "basicConstraints",
	        "critical,CA:FALSE",
	        "keyUsage",
	        "critical,digitalSignature,keyEncipherment",
	        "extendedKeyUsage",
	        "clientAuth",
	        "authorityKeyIdentifier",
	        "keyid:always",
	        NULL};
	EVP_PKEY *cak = NULL, *sk = NULL, *ck = NULL;
	X509 *ca = NULL, *sc = NULL, *cc = NULL;
	int rc = -1;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	cak = EVP_EC_gen("P-256");
	sk = EVP_EC_gen("P-256");
	ck = EVP_EC_gen("P-256");
	if (cak == NULL || sk == NULL || ck == NULL) {
		ssl_err(err, errlen, "key generation", NULL);
		goto out;
	}
	ca = make_cert(cak, "eppkit test CA", 1, NULL, NULL, ca_ext);
	sc = ca ? make_cert(sk, "localhost", 2, ca, cak, srv_ext) : NULL;
	cc = sc ? make_cert(ck, "eppkit-client", 3, ca, cak, cli_ext) : NULL;
	if (cc == NULL) {
		ssl_err(err, errlen, "certificate", NULL);
		goto out;
	}
	if (write_pem(dir, "ca.pem", ca, NULL, err, errlen) == 0 &&
	    write_pem(dir, "server.pem", sc, NULL, err, errlen) == 0 &&
	    write_pem(dir, "server-key.pem", NULL, sk, err, errlen) == 0 &&
	    write_pem(dir, "client.pem", cc, NULL, err, errlen) == 0 &&
	    write_pem(dir, "client-key.pem", NULL, ck, err, errlen) == 0)
		rc = 0;
out:
	X509_free(ca);
	X509_free(sc);
	X509_free(cc);
	EVP_PKEY_free(cak);
	EVP_PKEY_free(sk);
	EVP_PKEY_free(ck);
	return rc;
}
