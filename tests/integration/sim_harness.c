/* Test helpers for epp-sim; see sim_harness.h. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <openssl/err.h>

#include "epp/frame.h"
#include "sim_harness.h"

int simh_allow_unoffered_ext;

#define SIM_BIN EPPKIT_BINARY_DIR "/bin/epp-sim"

static void
sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

void
simh_path(const struct simh_proc *p, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", p->dir, name);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* In a child: execv with copies (execv's argv is not const). */
static void
exec_argv(const char *const *argv)
{
	char *copy[64];
	int i;

	for (i = 0; argv[i] != NULL && i < 63; i++)
		copy[i] = strdup(argv[i]);
	copy[i] = NULL;
	execv(copy[0], copy);
	_exit(127);
}

static int
run(const char *const *argv)
{
	pid_t pid = fork();
	int st;

	assert_true(pid >= 0);
	if (pid == 0) {
		exec_argv(argv);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void
simh_start(struct simh_proc *p, const char *const *extra)
{
	char certs[300], users[300], portf[300], cert[320], key[320], ca[320];
	const char *argv[64];
	const char *gen[] = {SIM_BIN, "--gen-cert", certs, NULL};
	int n = 0, fd, i;
	FILE *f;

	/* A peer that closes first must fail a write, not kill the test. */
	signal(SIGPIPE, SIG_IGN);
	memset(p, 0, sizeof(*p));
	snprintf(p->dir, sizeof(p->dir), "/tmp/eppkit-sim-XXXXXX");
	assert_non_null(mkdtemp(p->dir));
	simh_path(p, "certs", certs, sizeof(certs));
	simh_path(p, "users", users, sizeof(users));
	simh_path(p, "port", portf, sizeof(portf));
	simh_path(p, "log", p->log, sizeof(p->log));
	snprintf(cert, sizeof(cert), "%s/server.pem", certs);
	snprintf(key, sizeof(key), "%s/server-key.pem", certs);
	snprintf(ca, sizeof(ca), "%s/ca.pem", certs);
	assert_int_equal(run(gen), 0);
	write_file(users, "# test registrars\nClientA passwordA\n"
	                  "ClientB passwordB\nClientC passwordC\n");
	argv[n++] = SIM_BIN;
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--port-file";
	argv[n++] = portf;
	argv[n++] = "--cert";
	argv[n++] = cert;
	argv[n++] = "--key";
	argv[n++] = key;
	argv[n++] = "--ca";
	argv[n++] = ca;
	argv[n++] = "--users";
	argv[n++] = users;
	for (i = 0; extra != NULL && extra[i] != NULL && n < 62; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	p->pid = fork();
	assert_true(p->pid >= 0);
	if (p->pid == 0) {
		fd = open(p->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
#ifdef __linux__
		/* Never outlive a test that died on an assertion. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
		exec_argv(argv);
	}
	for (i = 0; i < 500 && p->port == 0; i++) {
		f = fopen(portf, "r");
		if (f != NULL) {
			if (fscanf(f, "%d", &p->port) != 1)
				p->port = 0;
			fclose(f);
		}
		if (p->port == 0)
			sleep_ms(10);
	}
	assert_true(p->port > 0);
}

int
simh_stop(struct simh_proc *p)
{
	int st = 0;

	if (p->pid <= 0)
		return -1;
	const char *rm[] = {"/bin/rm", "-rf", p->dir, NULL};

	kill(p->pid, SIGTERM);
	waitpid(p->pid, &st, 0);
	p->pid = 0;
	/* Keep the directory (and its log) when the simulator failed. */
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0 &&
	    getenv("SIMH_KEEP") == NULL)
		run(rm);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void
simh_signal(struct simh_proc *p, int sig)
{
	kill(p->pid, sig);
	sleep_ms(400);
}

char *
simh_log(const struct simh_proc *p)
{
	FILE *f = fopen(p->log, "r");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	n = (long)fread(buf, 1, (size_t)n, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int
wait_io(int fd, int write, int timeout_ms)
{
	struct pollfd pf = {fd, (short)(write ? POLLOUT : POLLIN), 0};

	return poll(&pf, 1, timeout_ms) > 0 ? 0 : -1;
}

static int
ssl_wait(struct simh_conn *c, int ret, int timeout_ms)
{
	switch (SSL_get_error(c->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		return wait_io(c->fd, 0, timeout_ms);
	case SSL_ERROR_WANT_WRITE:
		return wait_io(c->fd, 1, timeout_ms);
	default:
		return -1;
	}
}

int
simh_connect(struct simh_conn *c, const struct simh_proc *p, int client_cert)
{
	struct sockaddr_in sa;
	char path[400];
	int ret;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->ctx = SSL_CTX_new(TLS_client_method());
	assert_non_null(c->ctx);
	snprintf(path, sizeof(path), "%s/certs/ca.pem", p->dir);
	assert_int_equal(SSL_CTX_load_verify_locations(c->ctx, path, NULL), 1);
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
	if (client_cert) {
		snprintf(path, sizeof(path), "%s/certs/client.pem", p->dir);
		assert_int_equal(
		        SSL_CTX_use_certificate_chain_file(c->ctx, path), 1);
		snprintf(path, sizeof(path), "%s/certs/client-key.pem", p->dir);
		assert_int_equal(SSL_CTX_use_PrivateKey_file(c->ctx, path,
		                                             SSL_FILETYPE_PEM),
		                 1);
	}
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(c->fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)p->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		return -1;
	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	c->ssl = SSL_new(c->ctx);
	SSL_set_fd(c->ssl, c->fd);
	SSL_set_tlsext_host_name(c->ssl, "localhost");
	SSL_set1_host(c->ssl, "localhost");
	while ((ret = SSL_connect(c->ssl)) != 1)
		if (ssl_wait(c, ret, 5000) != 0) {
			ERR_clear_error();
			return -1;
		}
	c->greeting = simh_recv(c, 5000);
	return c->greeting ? 0 : -1;
}

void
simh_close(struct simh_conn *c)
{
	if (c->ssl != NULL)
		SSL_free(c->ssl);
	if (c->ctx != NULL)
		SSL_CTX_free(c->ctx);
	if (c->fd >= 0)
		close(c->fd);
	free(c->greeting);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

int
simh_send_raw(struct simh_conn *c, const void *buf, size_t len)
{
	size_t done = 0, n;
	int ret;

	while (done < len) {
		ret = SSL_write_ex(c->ssl, (const char *)buf + done, len - done,
		                   &n);
		if (ret == 1)
			done += n;
		else if (ssl_wait(c, ret, 5000) != 0)
			return -1;
	}
	return 0;
}

int
simh_send(struct simh_conn *c, const char *xml)
{
	unsigned char *wire;
	size_t len;
	int rc;

	assert_int_equal(epp_frame_encode(&wire, &len, xml, strlen(xml), 0),
	                 EPP_OK);
	rc = simh_send_raw(c, wire, len);
	free(wire);
	return rc;
}

char *
simh_recv(struct simh_conn *c, int timeout_ms)
{
	epp_frame_reader *r;
	unsigned char buf[4096];
	size_t n, used, off, len;
	char *out = NULL;
	int ret;

	assert_int_equal(epp_frame_reader_new(&r, 0), EPP_OK);
	while (out == NULL) {
		ret = SSL_read_ex(c->ssl, buf, sizeof(buf), &n);
		if (ret != 1) {
			if (ssl_wait(c, ret, timeout_ms) != 0)
				break;
			continue;
		}
		for (off = 0; off < n; off += used) {
			assert_int_equal(epp_frame_reader_feed(r, buf + off,
			                                       n - off, &used),
			                 EPP_OK);
			/* One reply at a time: nothing may follow it. */
			if (epp_frame_reader_take(&out, &len, r) == EPP_OK)
				assert_int_equal(off + used, n);
		}
	}
	ERR_clear_error();
	epp_frame_reader_free(r);
	return out;
}

char *
simh_cmd(struct simh_conn *c, const char *xml)
{
	char *reply;

	assert_int_equal(simh_send(c, xml), 0);
	reply = simh_recv(c, 10000);
	assert_non_null(reply);
	simh_validate(reply);
	return reply;
}

void
simh_expect(struct simh_conn *c, const char *xml, int code)
{
	char *reply = simh_cmd(c, xml);

	if (simh_code(reply) != code)
		print_error("unexpected reply: %s\n", reply);
	assert_int_equal(simh_code(reply), code);
	free(reply);
}

void
simh_expect_value(struct simh_conn *c, const char *xml, int code,
                  const char *xpath, const char *want)
{
	char *reply = simh_cmd(c, xml), *v;

	if (simh_code(reply) != code)
		print_error("unexpected reply: %s\n", reply);
	assert_int_equal(simh_code(reply), code);
	v = simh_xpath(reply, xpath);
	assert_string_equal(v, want);
	free(v);
	free(reply);
}

const char *
simh_wrap(const char *body, const char *cltrid)
{
	static char buf[65536];

	snprintf(buf, sizeof(buf),
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	         "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><command>%s"
	         "<clTRID>%s</clTRID></command></epp>",
	         body, cltrid);
	return buf;
}

void
simh_login(struct simh_conn *c, const char *clid)
{
	char body[1024];

	snprintf(body, sizeof(body),
	         "<login><clID>%s</clID><pw>password%c</pw><options>"
	         "<version>1.0</version><lang>en</lang></options><svcs>"
	         "<objURI>urn:ietf:params:xml:ns:domain-1.0</objURI>"
	         "<objURI>urn:ietf:params:xml:ns:host-1.0</objURI>"
	         "<objURI>urn:ietf:params:xml:ns:contact-1.0</objURI>"
	         "<svcExtension>"
	         "<extURI>urn:ietf:params:xml:ns:secDNS-1.1</extURI>"
	         "<extURI>urn:ietf:params:xml:ns:rgp-1.0</extURI>"
	         "</svcExtension></svcs></login>",
	         clid, clid[strlen(clid) - 1]);
	simh_expect(c, simh_wrap(body, "login-1"), 1000);
}

void
simh_contact_create(struct simh_conn *c, const char *id, int code)
{
	char body[2048];

	snprintf(
	        body, sizeof(body),
	        "<create><contact:create "
	        "xmlns:contact=\"urn:ietf:params:xml:ns:contact-1.0\"><contact:"
	        "id>%s</contact:id>"
	        "<contact:postalInfo type=\"int\"><contact:name>John Doe"
	        "</contact:name><contact:org>Example &amp; Co</contact:org>"
	        "<contact:addr><contact:street>123 Example Dr.</contact:street>"
	        "<contact:city>Dulles</contact:city><contact:sp>VA</contact:sp>"
	        "<contact:pc>20166-6503</contact:pc><contact:cc>US</contact:cc>"
	        "</contact:addr></contact:postalInfo>"
	        "<contact:voice x=\"1234\">+1.7035555555</contact:voice>"
	        "<contact:email>jdoe@example.com</contact:email>"
	        "<contact:authInfo><contact:pw>2fooBAR</contact:pw>"
	        "</contact:authInfo></contact:create></create>",
	        id);
	simh_expect(c, simh_wrap(body, "contact-create"), code);
}

/* ---- XML checks ---- */

static xmlSchemaPtr schema;

void
simh_validate(const char *xml)
{
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaValidCtxtPtr vc;
	xmlDocPtr doc;
	int rc;

	if (schema == NULL) {
		pc = xmlSchemaNewParserCtxt(EPPKIT_SCHEMA_DIR "/all.xsd");
		assert_non_null(pc);
		schema = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
		assert_non_null(schema);
	}
	doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	vc = xmlSchemaNewValidCtxt(schema);
	rc = xmlSchemaValidateDoc(vc, doc);
	if (rc != 0)
		print_error("not valid against all.xsd: %s\n", xml);
	assert_int_equal(rc, 0);
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
}

static xmlXPathObjectPtr
eval(const char *xml, const char *expr, xmlDocPtr *doc)
{
	static const char *const ns[][2] = {
	        {"epp", "urn:ietf:params:xml:ns:epp-1.0"},
	        {"domain", "urn:ietf:params:xml:ns:domain-1.0"},
	        {"host", "urn:ietf:params:xml:ns:host-1.0"},
	        {"contact", "urn:ietf:params:xml:ns:contact-1.0"},
	        {"secDNS", "urn:ietf:params:xml:ns:secDNS-1.1"},
	        {"rgp", "urn:ietf:params:xml:ns:rgp-1.0"},
	};
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr obj;
	size_t i;

	*doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL,
	                     XML_PARSE_NONET);
	assert_non_null(*doc);
	ctx = xmlXPathNewContext(*doc);
	for (i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		xmlXPathRegisterNs(ctx, (const xmlChar *)ns[i][0],
		                   (const xmlChar *)ns[i][1]);
	obj = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	xmlXPathFreeContext(ctx);
	assert_non_null(obj);
	return obj;
}

char *
simh_xpath(const char *xml, const char *expr)
{
	xmlDocPtr doc;
	xmlXPathObjectPtr obj = eval(xml, expr, &doc);
	xmlChar *s = xmlXPathCastToString(obj);
	char *out = strdup((const char *)s);

	xmlFree(s);
	xmlXPathFreeObject(obj);
	xmlFreeDoc(doc);
	return out;
}

int
simh_count(const char *xml, const char *expr)
{
	xmlDocPtr doc;
	xmlXPathObjectPtr obj = eval(xml, expr, &doc);
	int n = obj->nodesetval ? obj->nodesetval->nodeNr : 0;

	xmlXPathFreeObject(obj);
	xmlFreeDoc(doc);
	return n;
}

int
simh_code(const char *xml)
{
	char *s = simh_xpath(xml,
	                     "string(/epp:epp/epp:response/epp:result/@code)");
	int code = atoi(s);

	free(s);
	return code;
}

epp_session *
simh_session(const struct simh_proc *p, const char *clid, const char *pw,
             const char *new_pw, epp_log_fn log)
{
	return simh_session_ext(p, clid, pw, new_pw, NULL, log);
}

epp_session *
simh_session_ext(const struct simh_proc *p, const char *clid, const char *pw,
                 const char *new_pw, const char *const *ext_uris,
                 epp_log_fn log)
{
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	char port[16], ca[400], cert[400], key[400];
	epp_session *s = NULL;
	int rc;

	snprintf(port, sizeof(port), "%d", p->port);
	simh_path(p, "certs/ca.pem", ca, sizeof(ca));
	simh_path(p, "certs/client.pem", cert, sizeof(cert));
	simh_path(p, "certs/client-key.pem", key, sizeof(key));
	o.host = "localhost";
	o.port = port;
	o.ca_file = ca;
	o.cert_file = cert;
	o.key_file = key;
	o.client_id = clid;
	o.password = pw;
	o.new_password = new_pw;
	o.ext_uris = ext_uris;
	o.allow_unoffered_ext = simh_allow_unoffered_ext;
	o.connect_timeout_ms = 5000;
	o.io_timeout_ms = 5000;
	o.log = log;
	rc = epp_session_open(&s, &o);
	if (rc != EPP_OK)
		print_error("open: %s\n", s ? epp_session_errmsg(s) : "");
	assert_int_equal(rc, EPP_OK);
	assert_string_equal(epp_session_greeting(s)->sv_id, "eppkit epp-sim");
	rc = epp_session_login(s);
	if (rc != EPP_OK)
		print_error("login: %s\n", epp_session_errmsg(s));
	assert_int_equal(rc, EPP_OK);
	return s;
}

epp_response *
simh_expect_response(int rc, epp_response **rp, int code)
{
	epp_response *r = *rp;
	const char *xml;
	size_t len;

	assert_int_equal(rc, EPP_OK);
	assert_non_null(r);
	xml = epp_response_xml(r, &len);
	simh_validate(xml);
	if (epp_response_code(r) != code)
		print_error("unexpected reply: %s\n", xml);
	assert_int_equal(epp_response_code(r), code);
	return r;
}
