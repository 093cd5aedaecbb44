/*
 * libepp against a real TLS server on 127.0.0.1 (a thread of this test):
 * greeting, login, hello, logout; certificate failures (unknown CA, wrong
 * host name, expired) each with its own message; client certificates;
 * TCP-level failures; frames larger than a TLS record; no password in any
 * log line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "epp/session.h"
#include "certgen.h"
#include "tls_server.h"

#define PASSWORD "Tls-s3cret-pw"

static char certdir[] = "/tmp/eppkit-tls-XXXXXX";
static char logbuf[32768];
static size_t loglen;

static const char *
cert(const char *name)
{
	static char paths[8][4200];
	static int next;
	char *p = paths[next++ % 8];

	snprintf(p, sizeof(paths[0]), "%s/%s", certdir, name);
	return p;
}

static void
capture(void *ud, int level, const char *msg)
{
	int n = snprintf(logbuf + loglen, sizeof(logbuf) - loglen, "%d %s\n",
	                 level, msg);

	(void)ud;
	if (n > 0 && (size_t)n < sizeof(logbuf) - loglen)
		loglen += (size_t)n;
}

static void
start(struct tls_server *srv, const char *name)
{
	char pem[64], key[64];

	snprintf(pem, sizeof(pem), "%s.pem", name);
	snprintf(key, sizeof(key), "%s.key", name);
	srv->cert_file = cert(pem);
	srv->key_file = cert(key);
	srv->reg.password = PASSWORD;
	assert_int_equal(tls_server_start(srv), 0);
}

static void
options(epp_session_options *o, const struct tls_server *srv, char *port)
{
	static char ca[4200];
	epp_session_options init = EPP_SESSION_OPTIONS_INIT;

	*o = init;
	snprintf(port, 16, "%d", srv->port);
	o->host = "localhost";
	o->port = port;
	snprintf(ca, sizeof(ca), "%s", cert("ca.pem"));
	o->ca_file = ca; /* kept: cert() reuses its buffers */
	o->client_id = "registrar-1";
	o->password = PASSWORD;
	o->connect_timeout_ms = 5000;
	o->io_timeout_ms = 5000;
	o->log = capture;
	loglen = 0;
	logbuf[0] = '\0';
}

static void
full_session(void **state)
{
	struct tls_server srv = {0};
	epp_session_options o;
	epp_session *s;
	char port[16];

	(void)state;
	start(&srv, "server");
	options(&o, &srv, port);
	assert_int_equal(epp_session_open(&s, &o), EPP_OK);
	assert_true(epp_session_fd(s) >= 0);
	assert_string_equal(epp_session_greeting(s)->sv_id, "Mini Registry");
	assert_int_equal(epp_session_login(s), EPP_OK);
	assert_int_equal(epp_session_hello(s), EPP_OK);
	assert_int_equal(epp_session_logout(s), EPP_OK);
	assert_int_equal(epp_session_last_code(s), 1500);
	epp_session_free(s);
	tls_server_stop(&srv);
	assert_int_equal(srv.reg.logins, 1);
	assert_int_equal(srv.reg.hellos, 1);
	assert_int_equal(srv.reg.logouts, 1);
	assert_non_null(strstr(logbuf, "logged in as registrar-1"));
	assert_null(strstr(logbuf, PASSWORD));
}

static void
address_literal_and_bind(void **state)
{
	struct tls_server srv = {0};
	epp_session_options o;
	epp_session *s;
	char port[16];

	(void)state;
	start(&srv, "server");
	options(&o, &srv, port);
	o.host = "127.0.0.1"; /* verified against the IP SAN */
	o.bind_address = "127.0.0.1";
	assert_int_equal(epp_session_open(&s, &o), EPP_OK);
	epp_session_free(s);
	/* An address to connect to, a name to verify and send as SNI. */
	o.host = "127.0.0.1";
	o.server_name = "localhost";
	assert_int_equal(epp_session_open(&s, &o), EPP_OK);
	epp_session_free(s);
	o.server_name = "wrong.example";
	assert_int_equal(epp_session_open(&s, &o), EPP_ETLS);
	assert_non_null(strstr(epp_session_errmsg(s), "wrong.example"));
	assert_non_null(strstr(epp_session_errmsg(s), "hostname mismatch"));
	epp_session_free(s);
	o.server_name = NULL;
	o.bind_address = "192.0.2.1"; /* not ours */
	assert_int_equal(epp_session_open(&s, &o), EPP_ECONNECT);
	assert_non_null(strstr(epp_session_errmsg(s), "bind"));
	epp_session_free(s);
	tls_server_stop(&srv);
}

static void
ipv6_loopback(void **state)
{
	struct tls_server srv = {0};
	epp_session_options o;
	epp_session *s;
	char port[16];

	(void)state;
	srv.ipv6 = 1;
	start(&srv, "server");
	options(&o, &srv, port);
	o.host = "::1"; /* verified against the IP SAN ::1 */
	assert_int_equal(epp_session_open(&s, &o), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_OK);
	epp_session_free(s);
	tls_server_stop(&srv);
	assert_int_equal(srv.reg.logins, 1);
}

/* Connect to a server with certificate `name`; return the error text. */
static int
failing(const char *name, char *msg, size_t size)
{
	struct tls_server srv = {0};
	epp_session_options o;
	epp_session *s;
	char port[16];
	int rc;

	start(&srv, name);
	options(&o, &srv, port);
	rc = epp_session_open(&s, &o);
	snprintf(msg, size, "%s", epp_session_errmsg(s));
	assert_int_equal(epp_session_fd(s), -1);
	epp_session_free(s);
	tls_server_stop(&srv);
	assert_int_equal(srv.reg.logins, 0);
	return rc;
}

static void
verification_failures(void **state)
{
	char unknown[512], wrong[512], expired[512];

	(void)state;
	assert_int_equal(failing("unknown", unknown, sizeof(unknown)),
	                 EPP_ETLS);
	assert_int_equal(failing("wronghost", wrong, sizeof(wrong)), EPP_ETLS);
	assert_int_equal(failing("expired", expired, sizeof(expired)),
	                 EPP_ETLS);
	print_message("unknown CA: %s\nwrong host: %s\nexpired: %s\n", unknown,
	              wrong, expired);
	assert_non_null(strstr(unknown, "certificate verification failed"));
	assert_non_null(strstr(unknown, "unable to get local issuer"));
	assert_non_null(strstr(wrong, "hostname mismatch"));
	assert_non_null(strstr(expired, "certificate has expired"));
	assert_string_not_equal(unknown, wrong);
	assert_string_not_equal(wrong, expired);
	assert_string_not_equal(unknown, expired);
}

static void
insecure_warns(void **state)
{
	struct tls_server srv = {0};
	epp_session_options o;
	epp_session *s;
	char port[16];

	(void)state;
	start(&srv, "unknown");
	options(&o, &srv, port);
	o.insecure = 1;
	assert_int_equal(epp_session_open(&s, &o), EPP_OK);
	assert_non_null(
	        strstr(logbuf, "1 TLS certificate verification is OFF"));
	epp_session_free(s);
	tls_server_stop(&srv);
}

static void
client_certificates(void **state)
{
	struct tls_server srv = {0};
	epp_session_options o;
	epp_session *s;
	char port[16];
	int rc;

	(void)state;
	srv.client_ca = cert("ca.pem");
	start(&srv, "server");
	options(&o, &srv, port);

	/* Without a certificate the server refuses (TLS 1.3 tells us at the
	 * first read, i.e. the greeting). */
	rc = epp_session_open(&s, &o);
	assert_true(rc == EPP_ETLS || rc == EPP_ECLOSED);
	print_message("no client cert: %s\n", epp_session_errmsg(s));
	assert_non_null(
	        strstr(epp_session_errmsg(s), "requires a client certificate"));
	epp_session_free(s);

	/* A certificate from a CA the server does not trust. */
	o.cert_file = cert("unknown.pem");
	o.key_file = cert("unknown.key");
	rc = epp_session_open(&s, &o);
	assert_true(rc == EPP_ETLS || rc == EPP_ECLOSED);
	print_message("untrusted client cert: %s\n", epp_session_errmsg(s));
	assert_non_null(strstr(epp_session_errmsg(s),
	                       "rejected the client certificate"));
	epp_session_free(s);

	o.cert_file = cert("client.pem");
	o.key_file = cert("client.key");
	assert_int_equal(epp_session_open(&s, &o), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_OK);
	assert_int_equal(epp_session_logout(s), EPP_OK);
	epp_session_free(s);

	/* Certificate and key in one file: key_file defaults to it. */
	{
		FILE *out = fopen(cert("combined.pem"), "w");
		FILE *in;
		char line[256];
		const char *parts[] = {cert("client.pem"), cert("client.key")};
		int i;

		assert_non_null(out);
		for (i = 0; i < 2; i++) {
			in = fopen(parts[i], "r");
			assert_non_null(in);
			while (fgets(line, sizeof(line), in))
				fputs(line, out);
			fclose(in);
		}
		fclose(out);
	}
	o.cert_file = cert("combined.pem");
	o.key_file = NULL;
	assert_int_equal(epp_session_open(&s, &o), EPP_OK);
	epp_session_free(s);

	o.cert_file = cert("client.pem");
	o.key_file = cert("client-enc.key");
	o.key_passphrase = CERTGEN_PASSPHRASE;
	assert_int_equal(epp_session_open(&s, &o), EPP_OK);
	epp_session_free(s);

	o.key_passphrase = "not-the-passphrase-42";
	assert_int_equal(epp_session_open(&s, &o), EPP_ETLS);
	assert_non_null(strstr(epp_session_errmsg(s), "private key"));
	assert_null(strstr(epp_session_errmsg(s), "not-the-passphrase"));
	epp_session_free(s);

	tls_server_stop(&srv);
	assert_string_equal(srv.client_cn, "registrar-1");
	assert_true(srv.handshakes_failed + srv.connections >= 3);
}

static void
tcp_failures(void **state)
{
	struct tls_server srv = {0};
	epp_session_options o;
	epp_session *s;
	char port[16];
	time_t t0;

	(void)state;
	/* A port that nobody listens on any more. */
	start(&srv, "server");
	options(&o, &srv, port);
	tls_server_stop(&srv);
	assert_int_equal(epp_session_open(&s, &o), EPP_ECONNECT);
	assert_non_null(strstr(epp_session_errmsg(s), "TCP connect"));
	assert_non_null(strstr(epp_session_errmsg(s), "refused"));
	epp_session_free(s);

	/* Resolution failure. */
	o.host = "no-such-host.invalid";
	assert_int_equal(epp_session_open(&s, &o), EPP_ERESOLVE);
	assert_non_null(strstr(epp_session_errmsg(s), "DNS"));
	epp_session_free(s);

	/* TCP accepted, TLS never answered: the handshake times out. */
	memset(&srv, 0, sizeof(srv));
	srv.no_tls_handshake = 1;
	start(&srv, "server");
	options(&o, &srv, port);
	o.connect_timeout_ms = 300;
	assert_int_equal(epp_session_open(&s, &o), EPP_ETIMEOUT);
	assert_non_null(strstr(epp_session_errmsg(s), "TLS handshake"));
	assert_non_null(strstr(epp_session_errmsg(s), "timed out"));
	epp_session_free(s);
	tls_server_stop(&srv);

	/* TLS done, no greeting: the read times out after io_timeout_ms. */
	memset(&srv, 0, sizeof(srv));
	srv.no_greeting = 1;
	start(&srv, "server");
	options(&o, &srv, port);
	o.io_timeout_ms = 300;
	t0 = time(NULL);
	assert_int_equal(epp_session_open(&s, &o), EPP_ETIMEOUT);
	assert_true(time(NULL) - t0 <= 2);
	assert_non_null(strstr(epp_session_errmsg(s), "greeting"));
	assert_non_null(strstr(epp_session_errmsg(s), "timed out"));
	epp_session_free(s);
	tls_server_stop(&srv);
}

/* The registry hangs up: writes fail with an error, never with SIGPIPE
 * (which would kill this test process). */
static void
no_sigpipe(void **state)
{
	epp_transport_options to = EPP_TRANSPORT_OPTIONS_INIT;
	struct tls_server srv = {0};
	epp_transport *t;
	epp_error err;
	char buf[4096], port[16];
	struct timespec ten_ms = {0, 10000000};
	ssize_t n = 0;
	int i;

	(void)state;
	srv.hang_up = 1;
	start(&srv, "server");
	snprintf(port, sizeof(port), "%d", srv.port);
	to.host = "localhost";
	to.port = port;
	to.ca_file = cert("ca.pem");
	assert_int_equal(epp_transport_tls_connect(&t, &to, &err), EPP_OK);
	while (epp_transport_recv(t, buf, sizeof(buf), 2000) > 0)
		; /* the greeting, then end of stream */
	memset(buf, 'x', sizeof(buf));
	for (i = 0; i < 50 && n >= 0; i++) {
		n = epp_transport_send(t, buf, sizeof(buf), 2000);
		nanosleep(&ten_ms, NULL);
	}
	assert_true(n < 0);
	print_message("send after hang-up: %s\n", t->errmsg);
	epp_transport_close(t);
	tls_server_stop(&srv);
}

static void
large_frames(void **state)
{
	struct tls_server srv = {0};
	epp_session_options o;
	epp_session *s;
	epp_response *r;
	epp_command *cmd = NULL;
	char port[16], *reply;
	size_t len;

	(void)state;
	srv.reg.pad = 100000; /* about six TLS records */
	start(&srv, "server");
	options(&o, &srv, port);
	assert_int_equal(epp_session_open(&s, &o), EPP_OK);
	assert_int_equal(epp_session_login(s), EPP_OK);
	assert_int_equal(epp_session_exchange(&reply, &len, s, "<x/>", 4),
	                 EPP_OK);
	assert_true(len > 100000);
	assert_non_null(strstr(reply, "</epp>"));
	free(reply);
	(void)r;
	(void)cmd;
	epp_session_free(s);
	tls_server_stop(&srv);
}

static int
make_certs(void **state)
{
	(void)state;
	if (mkdtemp(certdir) == NULL)
		return -1;
	return certgen_write_all(certdir);
}

static int
remove_certs(void **state)
{
	(void)state;
	certgen_remove_all(certdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(full_session),
	        cmocka_unit_test(address_literal_and_bind),
	        cmocka_unit_test(ipv6_loopback),
	        cmocka_unit_test(verification_failures),
	        cmocka_unit_test(insecure_warns),
	        cmocka_unit_test(client_certificates),
	        cmocka_unit_test(tcp_failures),
	        cmocka_unit_test(no_sigpipe),
	        cmocka_unit_test(large_frames),
	};

	epp_global_init();
	return cmocka_run_group_tests(tests, make_certs, remove_certs);
}
