/* Test certificates with the OpenSSL API (see certgen.h). */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "certgen.h"

#define DAY (24L * 3600L)

static EVP_PKEY *
new_key(void)
{
	return EVP_EC_gen("P-256");
}

static int
add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (ext == NULL)
		return 0;
	ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok;
}

/* A certificate for `key`, signed by issuer/issuer_key (self-signed when
 * issuer is NULL), valid from `from` to `to` seconds relative to now. */
static X509 *
make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key,
          long from, long to, const char *san, int ca, int client)
{
	X509 *x = X509_new();
	unsigned char serial[8];
	ASN1_INTEGER *sn = NULL;
	BIGNUM *bn = NULL;
	int ok = 0;

	if (x == NULL)
		return NULL;
	RAND_bytes(serial, sizeof(serial));
	serial[0] &= 0x7f;
	bn = BN_bin2bn(serial, sizeof(serial), NULL);
	sn = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	if (sn == NULL || !X509_set_version(x, 2) ||
	    !X509_set_serialNumber(x, sn) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), from) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), to) ||
	    !X509_set_pubkey(x, key) ||
	    !X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN",
	                                MBSTRING_ASC, (const unsigned char *)cn,
	                                -1, -1, 0) ||
	    !X509_set_issuer_name(x,
	                          X509_get_subject_name(issuer ? issuer : x)))
		goto out;
	if (!add_ext(x, issuer ? issuer : x, NID_subject_key_identifier,
	             "hash") ||
	    !add_ext(x, issuer ? issuer : x, NID_authority_key_identifier,
	             "keyid:always"))
		goto out;
	if (ca) {
		if (!add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE") ||
		    !add_ext(x, x, NID_key_usage,
		             "critical,keyCertSign,cRLSign"))
			goto out;
	} else {
		if (!add_ext(x, issuer, NID_basic_constraints, "CA:FALSE") ||
		    !add_ext(x, issuer, NID_ext_key_usage,
		             client ? "clientAuth" : "serverAuth") ||
		    (san && !add_ext(x, issuer, NID_subject_alt_name, san)))
			goto out;
	}
	if (!X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()))
		goto out;
	ok = 1;
out:
	ASN1_INTEGER_free(sn);
	BN_free(bn);
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static int
write_pem(const char *dir, const char *name, X509 *cert, EVP_PKEY *key,
          const char *pass)
{
	char path[4096];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		return 0;
	}
	if (cert)
		ok = PEM_write_X509(f, cert);
	else if (pass)
		ok = PEM_write_PrivateKey(f, key, EVP_aes_256_cbc(), NULL, 0,
		                          NULL, (void *)(uintptr_t)pass);
	else
		ok = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
	if (fclose(f) != 0)
		ok = 0;
	return ok;
}

/* Make a leaf certificate and write name.pem and name.key. */
static int
leaf(const char *dir, const char *name, const char *cn, const char *san,
     X509 *ca, EVP_PKEY *ca_key, long from, long to, int client)
{
	char pem[64], keyname[64];
	EVP_PKEY *key = new_key();
	X509 *x = key ? make_cert(cn, key, ca, ca_key, from, to, san, 0, client)
	              : NULL;
	int ok;

	snprintf(pem, sizeof(pem), "%s.pem", name);
	snprintf(keyname, sizeof(keyname), "%s.key", name);
	ok = x != NULL && write_pem(dir, pem, x, NULL, NULL) &&
	     write_pem(dir, keyname, NULL, key, NULL) &&
	     (!client ||
	      write_pem(dir, "client-enc.key", NULL, key, CERTGEN_PASSPHRASE));
	X509_free(x);
	EVP_PKEY_free(key);
	return ok;
}

int
certgen_write_all(const char *dir)
{
	return certgen_write(dir, 30);
}

int
certgen_write(const char *dir, int days)
{
	static const char local[] = "DNS:localhost,IP:127.0.0.1,IP:::1";
	EVP_PKEY *ca_key = new_key(), *other_key = new_key();
	X509 *ca = NULL, *other = NULL;
	int ok = 0;

	if (ca_key == NULL || other_key == NULL)
		goto out;
	ca = make_cert("eppkit test CA", ca_key, NULL, NULL, -DAY, days * DAY,
	               NULL, 1, 0);
	other = make_cert("eppkit unknown CA", other_key, NULL, NULL, -DAY,
	                  30 * DAY, NULL, 1, 0);
	ok = ca && other && write_pem(dir, "ca.pem", ca, NULL, NULL) &&
	     leaf(dir, "server", "localhost", local, ca, ca_key, -DAY,
	          days * DAY, 0) &&
	     leaf(dir, "wronghost", "wrong.example", "DNS:wrong.example", ca,
	          ca_key, -DAY, 30 * DAY, 0) &&
	     leaf(dir, "expired", "localhost", local, ca, ca_key, -10 * DAY,
	          -DAY, 0) &&
	     leaf(dir, "unknown", "localhost", local, other, other_key, -DAY,
	          30 * DAY, 0) &&
	     leaf(dir, "client", "registrar-1", NULL, ca, ca_key, -DAY,
	          days * DAY, 1);
out:
	if (!ok)
		fprintf(stderr, "certgen: cannot make certificates in %s\n",
		        dir);
	X509_free(ca);
	X509_free(other);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(other_key);
	return ok ? 0 : -1;
}

void
certgen_remove_all(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4352];

	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}
