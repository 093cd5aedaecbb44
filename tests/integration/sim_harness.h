/*
 * Test helpers for epp-sim: start the simulator on a free loopback port
 * with fresh certificates, talk to it over TLS with a minimal client of
 * our own (OpenSSL and the libepp frame code), and check every response
 * against the RFC schemas.
 */
#ifndef SIM_HARNESS_H
#define SIM_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

#include <openssl/ssl.h>

#include "epp/response.h"
#include "epp/session.h"

struct simh_proc {
	pid_t pid;
	int port;
	char dir[256]; /* temporary directory: certs, users, log */
	char log[300];
};

struct simh_conn {
	SSL_CTX *ctx;
	SSL *ssl;
	int fd;
	char *greeting;
};

/* Start epp-sim with the registrars ClientA/passwordA, ClientB/passwordB,
 * ClientC/passwordC and the extra arguments (NULL-terminated, may be
 * NULL). Fails the test when it does not come up. */
void simh_start(struct simh_proc *p, const char *const *extra);
/* SIGTERM and wait; returns the exit status. */
int simh_stop(struct simh_proc *p);
/* Send a signal and give the simulator a moment to act on it. */
void simh_signal(struct simh_proc *p, int sig);
/* The log so far (malloc'ed). */
char *simh_log(const struct simh_proc *p);
/* Path of a file in the simulator's directory. */
void simh_path(const struct simh_proc *p, const char *name, char *buf,
               size_t len);

/* Connect, handshake and read the greeting; 0 or -1 (no assertion, so
 * tests can expect failure). client_cert: present the client cert. */
int simh_connect(struct simh_conn *c, const struct simh_proc *p,
                 int client_cert);
void simh_close(struct simh_conn *c);
/* Send one document; 0 or -1. */
int simh_send(struct simh_conn *c, const char *xml);
/* Send raw bytes; 0 or -1. */
int simh_send_raw(struct simh_conn *c, const void *buf, size_t len);
/* Read one frame within timeout_ms; NULL on EOF, reset or timeout. */
char *simh_recv(struct simh_conn *c, int timeout_ms);
/* Send, read, assert the reply is schema-valid, return it (malloc'ed). */
char *simh_cmd(struct simh_conn *c, const char *xml);
/* As simh_cmd, and assert the result code; frees the reply. */
void simh_expect(struct simh_conn *c, const char *xml, int code);
/* As simh_expect, and assert the string value of an XPath (see
 * simh_xpath) of the reply. */
void simh_expect_value(struct simh_conn *c, const char *xml, int code,
                       const char *xpath, const char *want);
/* Log in as clid with password "password" + last letter of clid. */
void simh_login(struct simh_conn *c, const char *clid);

/*
 * A libepp session to the simulator over TLS with the test client
 * certificate, logged in as clid with `pw` (and `new_pw` as <newPW> when
 * not NULL), `log` as its log callback. Fails the test when it cannot.
 */
epp_session *simh_session(const struct simh_proc *p, const char *clid,
                          const char *pw, const char *new_pw, epp_log_fn log);
/* Sessions opened from now on send commands with extensions the login
 * did not announce (epp_session_options.allow_unoffered_ext). */
extern int simh_allow_unoffered_ext;

/* As simh_session, announcing only the extensions of `ext_uris`
 * (NULL-terminated; NULL: every one libepp supports that is offered). */
epp_session *simh_session_ext(const struct simh_proc *p, const char *clid,
                              const char *pw, const char *new_pw,
                              const char *const *ext_uris, epp_log_fn log);

/*
 * A libepp call went through (rc EPP_OK), its response is schema-valid
 * and has result `code`; returns *rp. rp is a pointer because it is read
 * after the call that fills it (argument order is unspecified).
 */
epp_response *simh_expect_response(int rc, epp_response **rp, int code);

/* Create contact `id` (sponsor: the logged-in registrar), expect code. */
void simh_contact_create(struct simh_conn *c, const char *id, int code);

/* Assert xml is valid against schemas/all.xsd. */
void simh_validate(const char *xml);
/* Result code of a response. */
int simh_code(const char *xml);
/* String value of an XPath over the response (prefixes epp, domain,
 * host, contact, secDNS, rgp), malloc'ed; "" when nothing matches. */
char *simh_xpath(const char *xml, const char *expr);
/* Count of nodes matching expr. */
int simh_count(const char *xml, const char *expr);

/* Wrap a <command> body: EPP envelope plus clTRID. Returns a static
 * buffer (one at a time). */
const char *simh_wrap(const char *body, const char *cltrid);

#endif
