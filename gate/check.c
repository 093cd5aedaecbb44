/*
 * epp-gate -n: check the configuration for real before a person relies
 * on it. The certificate, key and CA load; the credential files parse and
 * nobody but their owner may read them; the registry and broker hosts
 * resolve. Then say what the gate would run.
 */
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "cli.h"
#include "gate.h"

/* Refuse a secret file that group or others may read. */
static int
private_file(const char *what, const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (path == NULL)
		return 0;
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "%s %s: cannot stat it", what, path);
		return -1;
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		snprintf(err, errlen,
		         "%s %s is open to group or others (mode %04o): "
		         "chmod 600 it",
		         what, path, (unsigned)(st.st_mode & 07777));
		return -1;
	}
	return 0;
}

/* OpenSSL's last error as text; the error itself comes back. */
static unsigned long
ssl_reason(char *buf, size_t size)
{
	unsigned long e = ERR_peek_last_error();

	if (e != 0)
		ERR_error_string_n(e, buf, size);
	else
		snprintf(buf, size, "unreadable");
	ERR_clear_error();
	return e;
}

static int
passphrase_cb(char *buf, int size, int rwflag, void *userdata)
{
	const char *p = userdata;
	size_t n = p ? strlen(p) : 0;

	(void)rwflag;
	if (p == NULL || n >= (size_t)size)
		return 0;
	memcpy(buf, p, n);
	return (int)n;
}

/* The CA, certificate and key as the sessions will load them. */
static int
check_tls(const struct gate_config *c, const char *passphrase, char *err,
          size_t errlen)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	char why[256] = "";
	unsigned long e;
	int rc = -1, bad = 0; /* 1 unreadable, 2 another key */

	if (ctx == NULL) {
		snprintf(err, errlen, "TLS: cannot set up OpenSSL");
		return -1;
	}
	if (c->ca_file &&
	    SSL_CTX_load_verify_locations(ctx, c->ca_file, NULL) != 1) {
		ssl_reason(why, sizeof(why));
		snprintf(err, errlen, "CA file (--ca) %s: %s", c->ca_file, why);
		goto out;
	}
	if (c->cert_file) {
		SSL_CTX_set_default_passwd_cb(ctx, passphrase_cb);
		SSL_CTX_set_default_passwd_cb_userdata(
		        ctx, (void *)(uintptr_t)passphrase);
		if (SSL_CTX_use_certificate_chain_file(ctx, c->cert_file) !=
		    1) {
			ssl_reason(why, sizeof(why));
			snprintf(err, errlen,
			         "client certificate (--cert) %s: %s",
			         c->cert_file, why);
			goto out;
		}
		if (SSL_CTX_use_PrivateKey_file(ctx, c->key_file,
		                                SSL_FILETYPE_PEM) != 1) {
			e = ssl_reason(why, sizeof(why));
			bad = ERR_GET_REASON(e) == X509_R_KEY_VALUES_MISMATCH
			              ? 2
			              : 1;
		} else if (SSL_CTX_check_private_key(ctx) != 1) {
			ssl_reason(why, sizeof(why));
			bad = 2;
		}
		if (bad == 2) {
			snprintf(err, errlen,
			         "client key (--key) %s does not match the "
			         "certificate %s",
			         c->key_file, c->cert_file);
			goto out;
		}
		if (bad == 1) {
			snprintf(err, errlen, "client key (--key) %s: %s%s",
			         c->key_file, why,
			         passphrase ? " (wrong passphrase?)"
			                    : " (encrypted? give "
			                      "--key-passphrase-file)");
			goto out;
		}
	}
	rc = 0;
out:
	SSL_CTX_set_default_passwd_cb_userdata(ctx, NULL);
	SSL_CTX_free(ctx);
	return rc;
}

static int
resolve(const char *what, const struct gate_cred *cr, char *addr,
        size_t addrlen, char *err, size_t errlen)
{
	struct addrinfo hints, *ai = NULL;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(cr->host, cr->port, &hints, &ai);
	if (rc != 0) {
		snprintf(err, errlen, "%s host %s port %s does not resolve: %s",
		         what, cr->host, cr->port, gai_strerror(rc));
		return -1;
	}
	if (getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, (socklen_t)addrlen,
	                NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(addr, addrlen, "?");
	freeaddrinfo(ai);
	return 0;
}

int
gate_check_config(const struct gate_config *c, const struct gate_cred *epp,
                  const struct gate_cred *amqp, const char *passphrase,
                  FILE *out, char *err, size_t errlen)
{
	char epp_addr[64], amqp_addr[64];

	if (private_file("EPP credential file (--epp)", c->epp_file, err,
	                 errlen) != 0 ||
	    private_file("broker credential file (--rabbitmq)",
	                 c->rabbitmq_file, err, errlen) != 0 ||
	    private_file("alert mail settings (--alert_email_config)",
	                 c->alert_file, err, errlen) != 0 ||
	    private_file("client key (--key)", c->key_file, err, errlen) != 0 ||
	    private_file("key passphrase file (--key-passphrase-file)",
	                 c->key_passphrase_file, err, errlen) != 0)
		return CLI_CONFIG;
	if (check_tls(c, passphrase, err, errlen) != 0)
		return CLI_CONFIG;
	if (resolve("registry", epp, epp_addr, sizeof(epp_addr), err, errlen) !=
	            0 ||
	    resolve("broker", amqp, amqp_addr, sizeof(amqp_addr), err,
	            errlen) != 0)
		return CLI_CONFIG;
	fprintf(out,
	        "epp-gate: configuration OK: registry %s:%s (%s) as %s, "
	        "broker %s:%s (%s) as %s, queue %s, %d session%s\n",
	        epp->host, epp->port, epp_addr, epp->login, amqp->host,
	        amqp->port, amqp_addr, amqp->login, c->queue, c->sessions,
	        c->sessions == 1 ? "" : "s");
	fprintf(out, "  TLS: CA %s, client certificate %s%s%s\n",
	        c->insecure  ? "not verified (--insecure)"
	        : c->ca_file ? c->ca_file
	                     : "the system's",
	        c->cert_file ? c->cert_file : "none",
	        c->cert_file ? ", key " : "", c->cert_file ? c->key_file : "");
	fprintf(out,
	        "  keepalive %d s, timeout %d s, max session age %d s, "
	        "journal %s, metrics %s, rate limits %d, alert mail %s\n",
	        c->keepalive_s, c->timeout_s, c->max_age_s,
	        c->journal_file ? c->journal_file : "off",
	        c->metrics_listen ? c->metrics_listen : "off", c->n_rate_limits,
	        c->alert_file ? c->alert_file : "off");
	if (c->poll_exchange)
		fprintf(out, "  poll messages to exchange %s every %d s\n",
		        c->poll_exchange, c->poll_interval_s);
	else
		fprintf(out, "  poll messages: not delivered "
		             "(--poll-exchange)\n");
	return CLI_OK;
}
