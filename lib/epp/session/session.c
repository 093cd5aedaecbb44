/*
 * An EPP session: one connection, its greeting, login state and the
 * lockstep exchange of frames (RFC 5730 section 2: one command, one
 * response, in order).
 *
 * A failure below the XML level (I/O, TLS, framing, timeout) leaves the
 * connection at an unknown point of the stream, so the session is marked
 * broken and refuses further commands: the caller reconnects.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "epp/frame.h"
#include "ext/ext_private.h"
#include "session/greeting_private.h"
#include "session/session_private.h"
#include "transport/transport_private.h"

#define EPP_DEFAULT_IO_TIMEOUT_MS 30000
#define ERRMSG_SIZE               512

struct epp_session {
	epp_transport *t;
	epp_frame_reader *reader;
	unsigned char rbuf[16384]; /* bytes received, not yet framed */
	size_t rbuf_off, rbuf_len;
	epp__greeting *greeting;

	char *client_id, *password, *new_password, *lang, *prefix;
	char **obj_uris, **ext_uris; /* NULL = derive from the greeting */
	char **login_ext;            /* the extensions the login announced */
	int allow_unoffered_ext;
	char *ua[3]; /* user agent: app, tech, os */
	int io_timeout_ms;
	int cmd_timeout_ms; /* 0 = io_timeout_ms */
	size_t max_frame;
	epp_log_fn log;
	void *log_userdata;

	int broken;
	int logged_in;
	int request_sent;
	int last_code;
	char errmsg[ERRMSG_SIZE];
};

static void logf_(epp_session *s, int level, const char *fmt, ...)
#ifdef __GNUC__
        __attribute__((format(printf, 3, 4)))
#endif
        ;

static void
logf_(epp_session *s, int level, const char *fmt, ...)
{
	char buf[ERRMSG_SIZE];
	va_list ap;

	if (s->log == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	epp__escape_controls(buf, sizeof(buf));
	s->log(s->log_userdata, level, buf);
}

/* Record the detail of a failure, log it, return `code`. */
static int fail(epp_session *s, int code, const char *fmt, ...)
#ifdef __GNUC__
        __attribute__((format(printf, 3, 4)))
#endif
        ;

static int
fail(epp_session *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->errmsg, sizeof(s->errmsg), fmt, ap);
	va_end(ap);
	epp__escape_controls(s->errmsg, sizeof(s->errmsg));
	logf_(s, EPP_LOG_ERROR, "%s", s->errmsg);
	return code;
}

static void
free_secret(char *p)
{
	if (p) {
		OPENSSL_cleanse(p, strlen(p));
		free(p);
	}
}

/* Copy a string option; *ok = 0 when out of memory. NULL stays NULL. */
static char *
dup_opt(const char *s, int *ok)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = strdup(s);
	if (d == NULL)
		*ok = 0;
	return d;
}

static char **
dup_list(const char *const *list, int *ok)
{
	size_t n = 0, i;
	char **d;

	if (list == NULL)
		return NULL;
	while (list[n])
		n++;
	d = calloc(n + 1, sizeof(*d));
	if (d == NULL) {
		*ok = 0;
		return NULL;
	}
	for (i = 0; i < n; i++)
		if ((d[i] = strdup(list[i])) == NULL) {
			*ok = 0;
			break;
		}
	return d;
}

void
epp_session_free(epp_session *s)
{
	if (s == NULL)
		return;
	if (s->t)
		s->t->ops->close(s->t);
	epp_frame_reader_free(s->reader);
	epp__greeting_free(s->greeting);
	free(s->client_id);
	free_secret(s->password);
	free_secret(s->new_password);
	free(s->lang);
	free(s->prefix);
	epp__strlist_free(s->obj_uris);
	epp__strlist_free(s->ext_uris);
	epp__strlist_free(s->login_ext);
	for (int i = 0; i < 3; i++)
		free(s->ua[i]);
	free(s);
}

/* A session with the options copied, no transport yet. */
static int
session_new(epp_session **out, const epp_session_options *o)
{
	epp_session *s;
	int ok = 1;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return EPP_ENOMEM;
	if (o->version != EPP_SESSION_OPTIONS_VERSION) {
		/* the session exists only to say what is wrong */
		*out = s;
		return fail(s, EPP_EINVAL,
		            "epp_session_options version %u, this libepp knows "
		            "%u (initialise with EPP_SESSION_OPTIONS_INIT)",
		            o->version, EPP_SESSION_OPTIONS_VERSION);
	}
	s->client_id = dup_opt(o->client_id, &ok);
	s->password = dup_opt(o->password, &ok);
	s->new_password = dup_opt(o->new_password, &ok);
	s->lang = dup_opt(o->lang, &ok);
	s->prefix = dup_opt(o->cltrid_prefix, &ok);
	s->obj_uris = dup_list(o->obj_uris, &ok);
	s->ext_uris = dup_list(o->ext_uris, &ok);
	s->allow_unoffered_ext = o->allow_unoffered_ext;
	if (epp__user_agent(s->ua, o->user_agent_app, o->user_agent_tech,
	                    o->user_agent_os) != EPP_OK)
		ok = 0;
	s->io_timeout_ms = o->io_timeout_ms > 0 ? o->io_timeout_ms
	                                        : EPP_DEFAULT_IO_TIMEOUT_MS;
	s->max_frame = o->max_frame ? o->max_frame : EPP_FRAME_DEFAULT_MAX;
	s->log = o->log;
	s->log_userdata = o->log_userdata;
	if (!ok || epp_frame_reader_new(&s->reader, s->max_frame) != EPP_OK) {
		epp_session_free(s);
		return EPP_ENOMEM;
	}
	*out = s;
	return EPP_OK;
}

static int
remaining(int64_t deadline)
{
	int64_t left = deadline - epp__now_ms();

	return left < 0 ? 0 : left > INT32_MAX ? INT32_MAX : (int)left;
}

/* A transport failure: the stream position is lost for good. */
static int
broken(epp_session *s, int code, const char *step)
{
	s->broken = 1;
	return fail(s, code, "%s: %s", step,
	            s->t->errmsg[0] ? s->t->errmsg : epp_strerror(code));
}

/* Read one whole frame. *out is malloc'd. */
static int
read_frame(epp_session *s, char **out, size_t *len, int64_t deadline,
           const char *step)
{
	size_t used;
	ssize_t n;
	int rc;

	for (;;) {
		if (s->rbuf_off < s->rbuf_len) {
			rc = epp_frame_reader_feed(
			        s->reader, s->rbuf + s->rbuf_off,
			        s->rbuf_len - s->rbuf_off, &used);
			s->rbuf_off += used;
			if (rc == EPP_ELIMIT || rc == EPP_EPROTO) {
				s->broken = 1;
				return fail(s, rc,
				            "%s: frame header announces %s",
				            step,
				            rc == EPP_ELIMIT
				                    ? "more than the size limit"
				                    : "an impossible length");
			}
			if (rc != EPP_OK)
				return fail(s, rc, "%s: %s", step,
				            epp_strerror(rc));
		}
		if (epp_frame_reader_take(out, len, s->reader) == EPP_OK)
			return EPP_OK;
		s->t->errmsg[0] = '\0';
		n = s->t->ops->recv(s->t, s->rbuf, sizeof(s->rbuf),
		                    remaining(deadline));
		if (n < 0)
			return broken(s, (int)n, step);
		s->rbuf_off = 0;
		s->rbuf_len = (size_t)n;
	}
}

/* Send one document as one frame, one transport write. */
static int
send_frame(epp_session *s, const char *xml, size_t len, int64_t deadline,
           const char *step)
{
	unsigned long long before = s->t->wire_sent;
	unsigned char *wire;
	size_t wire_len, done;
	ssize_t n = 0;
	int rc;

	s->request_sent = 0;
	rc = epp_frame_encode(&wire, &wire_len, xml, len, s->max_frame);
	if (rc != EPP_OK)
		return fail(s, rc, "%s: cannot frame %zu bytes: %s", step, len,
		            epp_strerror(rc));
	s->t->errmsg[0] = '\0';
	/* The socket transports take the whole buffer in one call (one
	 * SSL_write); the loop serves transports that accept less. */
	for (done = 0; done < wire_len; done += (size_t)n) {
		n = s->t->ops->send(s->t, wire + done, wire_len - done,
		                    remaining(deadline));
		if (n <= 0)
			break;
	}
	free(wire);
	s->request_sent = s->t->wire_sent != before;
	if (n <= 0)
		return broken(s, n < 0 ? (int)n : EPP_EIO, step);
	return EPP_OK;
}

/* Start of every call that talks to the server. */
static int
usable(epp_session *s)
{
	s->request_sent = 0;
	s->errmsg[0] = '\0';
	if (s->broken)
		return fail(s, EPP_ESTATE,
		            "the connection failed earlier; reconnect");
	return EPP_OK;
}

/* Read and parse a greeting; it replaces the stored one, which goes
 * first (a registry may send large ones), so on failure the session has
 * none and is broken. */
static int
read_greeting(epp_session *s, int64_t deadline)
{
	epp__greeting *g;
	epp_error err = {0, 0, 0, ""};
	char *xml;
	size_t len;
	int rc;

	rc = read_frame(s, &xml, &len, deadline, "greeting");
	if (rc != EPP_OK)
		return rc;
	epp__greeting_free(s->greeting);
	s->greeting = NULL;
	rc = epp__greeting_take(&g, xml, len, s->max_frame, &err);
	if (rc != EPP_OK) {
		s->broken = 1;
		return fail(s, rc, "greeting: %s", err.text);
	}
	s->greeting = g;
	logf_(s, EPP_LOG_INFO, "greeting from %s",
	      g->sv_id ? g->sv_id : "(no svID)");
	return EPP_OK;
}

int
epp_session_open_transport(epp_session **out, epp_transport *t,
                           const epp_session_options *opts)
{
	epp_session *s;
	int rc;

	if (out == NULL || t == NULL || opts == NULL) {
		if (t)
			t->ops->close(t);
		return EPP_EINVAL;
	}
	rc = session_new(&s, opts);
	if (rc != EPP_OK) {
		t->ops->close(t);
		*out = s; /* NULL, or a session that says what is wrong */
		return rc;
	}
	s->t = t;
	*out = s;
	return read_greeting(s, epp__deadline(s->io_timeout_ms));
}

int
epp_session_open(epp_session **out, const epp_session_options *opts)
{
	epp_transport_options to = EPP_TRANSPORT_OPTIONS_INIT;
	epp_error err = {0, 0, 0, ""};
	epp_transport *t = NULL;
	epp_session *s;
	int rc;

	if (out == NULL)
		return EPP_EINVAL;
	*out = NULL;
	if (opts == NULL)
		return EPP_EINVAL;
	rc = session_new(&s, opts);
	*out = s; /* on failure: NULL, or a session that says what is wrong */
	if (rc != EPP_OK)
		return rc;
	to.host = opts->host;
	to.port = opts->port;
	to.bind_address = opts->bind_address;
	to.connect_timeout_ms = opts->connect_timeout_ms;
	to.ca_file = opts->ca_file;
	to.cert_file = opts->cert_file;
	to.key_file = opts->key_file;
	to.key_passphrase = opts->key_passphrase;
	to.server_name = opts->server_name;
	to.insecure = opts->insecure;
	if (opts->plain_tcp) {
		logf_(s, EPP_LOG_WARN,
		      "plain TCP to %s: no TLS, for tests only",
		      opts->host ? opts->host : "?");
		rc = epp_transport_tcp_connect(&t, &to, &err);
	} else {
		if (opts->insecure)
			logf_(s, EPP_LOG_WARN,
			      "TLS certificate verification is OFF for %s: "
			      "the connection can be intercepted",
			      opts->host ? opts->host : "?");
		rc = epp_transport_tls_connect(&t, &to, &err);
	}
	if (rc != EPP_OK) {
		s->broken = 1;
		return fail(s, rc, "%s", err.text);
	}
	s->t = t;
	logf_(s, EPP_LOG_DEBUG, "connected to %s port %s", opts->host,
	      opts->port ? opts->port : EPP_DEFAULT_PORT);
	return read_greeting(s, epp__deadline(s->io_timeout_ms));
}

/* Send, receive, parse, check the clTRID. */
static int
execute(epp_session *s, const epp_command *cmd, epp_response **out,
        const char *step)
{
	int64_t deadline = epp__deadline(s->cmd_timeout_ms ? s->cmd_timeout_ms
	                                                   : s->io_timeout_ms);
	epp_error err = {0, 0, 0, ""};
	epp_response *r;
	const char *xml, *want, *got;
	char *reply;
	size_t len, reply_len;
	int rc;

	*out = NULL;
	xml = epp_command_xml(cmd, &len);
	want = epp_command_cltrid(cmd);
	logf_(s, EPP_LOG_DEBUG, "%s: sending %s, clTRID %s", step,
	      epp_command_name(cmd), want);
	rc = send_frame(s, xml, len, deadline, step);
	if (rc != EPP_OK)
		return rc;
	rc = read_frame(s, &reply, &reply_len, deadline, step);
	if (rc != EPP_OK)
		return rc;
	rc = epp__response_parse_own(&r, reply, reply_len, &err);
	if (rc != EPP_OK) {
		free(reply);
		return fail(s, rc, "%s: bad response: %s", step, err.text);
	}
	s->last_code = epp_response_code(r);
	got = epp_response_cltrid(r);
	/* No clTRID at all: RFC 5730 allows it when the server could not
	 * read the command; the result code and message are the caller's.
	 * Another command's clTRID is a desync. */
	if (want && *want && got == NULL)
		logf_(s, EPP_LOG_WARN,
		      "%s: the response has no clTRID (result %d): the "
		      "registry could not read the command",
		      step, s->last_code);
	if (want && *want && got != NULL && strcmp(got, want) != 0) {
		rc = fail(s, EPP_EPROTO,
		          "%s: response clTRID %s does not match the command's "
		          "%s",
		          step, got, want);
		epp_response_free(r);
		return rc;
	}
	logf_(s, EPP_LOG_DEBUG, "%s: result %d, svTRID %s", step, s->last_code,
	      epp_response_svtrid(r) ? epp_response_svtrid(r) : "(none)");
	*out = r;
	return EPP_OK;
}

/*
 * The first extension namespace of the command's <extension> that the
 * login did not announce, copied into buf; NULL when there is none. A
 * registry that was not told of an extension may reject the command, or
 * worse, act on it without the extension (a create without its fee
 * acknowledgement), so the command is never sent.
 */
static const char *
unoffered(const epp_session *s, const epp_command *cmd, char *buf, size_t size)
{
	size_t len;
	const char *xml = epp_command_xml(cmd, &len);
	xmlDocPtr doc = NULL;
	xmlNodePtr n, ext;
	const char *found = NULL;

	if (s->allow_unoffered_ext || s->login_ext == NULL ||
	    strstr(xml, "<extension") == NULL ||
	    epp__xml_parse(&doc, xml, len, len + 1, NULL) != EPP_OK)
		return NULL;
	n = epp__xml_child(xmlDocGetRootElement(doc), EPP_NS_EPP, "command");
	ext = n ? epp__xml_child(n, EPP_NS_EPP, "extension") : NULL;
	for (n = ext ? ext->children : NULL; n != NULL && !found; n = n->next)
		if (n->type == XML_ELEMENT_NODE && n->ns != NULL &&
		    !epp__list_has((const char *const *)s->login_ext,
		                   (const char *)n->ns->href)) {
			snprintf(buf, size, "%s", (const char *)n->ns->href);
			found = buf;
		}
	xmlFreeDoc(doc);
	return found;
}

int
epp_session_execute(epp_response **out, epp_session *s, const epp_command *cmd)
{
	char uri[256];
	int rc;

	if (out)
		*out = NULL;
	if (s == NULL || cmd == NULL || out == NULL)
		return EPP_EINVAL;
	rc = usable(s);
	if (rc != EPP_OK)
		return rc;
	if (unoffered(s, cmd, uri, sizeof(uri)) != NULL)
		return fail(s, EPP_EINVAL,
		            "%s: the registry did not offer the extension %s "
		            "(not in its greeting, so not announced at login); "
		            "nothing was sent",
		            epp_command_name(cmd), uri);
	return execute(s, cmd, out, epp_command_name(cmd));
}

int
epp_session_exchange(char **reply, size_t *reply_len, epp_session *s,
                     const char *xml, size_t len)
{
	int64_t deadline;
	int rc;

	if (reply)
		*reply = NULL;
	if (s == NULL || xml == NULL || reply == NULL)
		return EPP_EINVAL;
	rc = usable(s);
	if (rc != EPP_OK)
		return rc;
	deadline = epp__deadline(s->cmd_timeout_ms ? s->cmd_timeout_ms
	                                           : s->io_timeout_ms);
	rc = send_frame(s, xml, len, deadline, "exchange");
	if (rc != EPP_OK)
		return rc;
	return read_frame(s, reply, reply_len ? reply_len : &len, deadline,
	                  "exchange");
}

/* Pick the URIs for login: explicit ones, or ours that the server offers. */
static const char **
login_uris(char **explicit_uris, const char *const *ours,
           const char *const *offered)
{
	const char *const *src =
	        explicit_uris ? (const char *const *)explicit_uris : ours;
	const char **list;
	size_t n = 0, i;

	while (src[n])
		n++;
	list = calloc(n + 1, sizeof(*list));
	if (list == NULL)
		return NULL;
	for (i = 0, n = 0; src[i]; i++)
		if (explicit_uris || epp__list_has(offered, src[i]))
			list[n++] = src[i];
	return list;
}

int
epp_session_login(epp_session *s)
{
	const epp_greeting *g;
	epp__login_params p;
	epp_error err = {0, 0, 0, ""};
	char cltrid[EPP_CLTRID_BUFSIZE];
	const char **obj = NULL, **ext = NULL;
	epp_command *cmd = NULL;
	epp_response *r = NULL;
	int rc;

	if (s == NULL)
		return EPP_EINVAL;
	rc = usable(s);
	if (rc != EPP_OK)
		return rc;
	if (s->logged_in)
		return fail(s, EPP_ESTATE, "login: already logged in");
	if (s->client_id == NULL || s->password == NULL)
		return fail(s, EPP_EINVAL, "login: no client id or password");
	g = &s->greeting->pub;
	memset(&p, 0, sizeof(p));
	p.client_id = s->client_id;
	p.password = s->password;
	p.new_password = s->new_password;
	/* RFC 5730 knows only 1.0; a server that does not offer it cannot
	 * be spoken to. */
	if (!epp__list_has(g->versions, "1.0"))
		return fail(s, EPP_EPROTO,
		            "login: the greeting does not offer EPP version "
		            "1.0");
	p.version = "1.0";
	p.lang = s->lang                         ? s->lang
	         : epp__list_has(g->langs, "en") ? "en"
	         : g->langs[0]                   ? g->langs[0]
	                                         : "en";
	obj = login_uris(s->obj_uris, epp_supported_obj_uris(), g->obj_uris);
	ext = login_uris(s->ext_uris, epp_supported_ext_uris(), g->ext_uris);
	if (obj == NULL || ext == NULL) {
		rc = fail(s, EPP_ENOMEM, "login: out of memory");
		goto out;
	}
	if (obj[0] == NULL) {
		rc = fail(s, EPP_EPROTO,
		          "login: the greeting offers none of the object "
		          "types we support");
		goto out;
	}
	p.obj_uris = obj;
	p.ext_uris = ext;
	p.loginsec = epp__list_has(ext, EPP_NS_LOGINSEC);
	p.ua_app = s->ua[0];
	p.ua_tech = s->ua[1];
	p.ua_os = s->ua[2];
	epp_session_next_cltrid(s, cltrid);
	rc = epp__login_build(&cmd, &p, cltrid, &err);
	if (rc != EPP_OK) {
		rc = fail(s, rc, "login: %s", err.text);
		goto out;
	}
	rc = execute(s, cmd, &r, "login");
	if (rc != EPP_OK)
		goto out;
	epp__loginsec_log(r, s->log, s->log_userdata);
	if (s->last_code >= 2000) {
		rc = fail(s, EPP_ELOGIN, "login refused by the registry: %d %s",
		          s->last_code, epp_response_message(r));
		goto out;
	}
	s->logged_in = 1;
	/* what a command may use from now on (see unoffered()); without
	 * memory for the copy, nothing is checked */
	epp__strlist_free(s->login_ext);
	{
		int copied = 1;

		s->login_ext = dup_list((const char *const *)ext, &copied);
	}
	if (s->new_password) {
		/* The registry now knows only the new password. */
		free_secret(s->password);
		s->password = s->new_password;
		s->new_password = NULL;
		logf_(s, EPP_LOG_INFO, "login: password changed");
	}
	logf_(s, EPP_LOG_INFO, "logged in as %s (%d)", s->client_id,
	      s->last_code);
out:
	free(obj);
	free(ext);
	epp_command_free(cmd);
	epp_response_free(r);
	return rc;
}

int
epp_session_logout(epp_session *s)
{
	epp_error err = {0, 0, 0, ""};
	char cltrid[EPP_CLTRID_BUFSIZE];
	epp_command *cmd;
	epp_response *r = NULL;
	int rc;

	if (s == NULL)
		return EPP_EINVAL;
	rc = usable(s);
	if (rc != EPP_OK)
		return rc;
	epp_session_next_cltrid(s, cltrid);
	rc = epp__logout_build(&cmd, cltrid, &err);
	if (rc != EPP_OK)
		return fail(s, rc, "logout: %s", err.text);
	rc = execute(s, cmd, &r, "logout");
	epp_command_free(cmd);
	if (rc == EPP_OK) {
		s->logged_in = 0;
		logf_(s, EPP_LOG_INFO, "logged out (%d)", s->last_code);
	}
	epp_response_free(r);
	return rc;
}

int
epp__session_refuse(epp_session *s, const char *what, const epp_error *err)
{
	return fail(s, err->code ? err->code : EPP_EINVAL, "%s: %s", what,
	            err->text[0] ? err->text : epp_strerror(err->code));
}

int
epp_session_hello(epp_session *s)
{
	epp_error err = {0, 0, 0, ""};
	epp_command *cmd;
	const char *xml;
	size_t len;
	int64_t deadline;
	int rc;

	if (s == NULL)
		return EPP_EINVAL;
	rc = usable(s);
	if (rc != EPP_OK)
		return rc;
	rc = epp__hello_build(&cmd, &err);
	if (rc != EPP_OK)
		return fail(s, rc, "hello: %s", err.text);
	deadline = epp__deadline(s->io_timeout_ms);
	xml = epp_command_xml(cmd, &len);
	rc = send_frame(s, xml, len, deadline, "hello");
	epp_command_free(cmd);
	if (rc != EPP_OK)
		return rc;
	return read_greeting(s, deadline);
}

const epp_greeting *
epp_session_greeting(const epp_session *s)
{
	return s && s->greeting ? &s->greeting->pub : NULL;
}

int
epp_session_request_sent(const epp_session *s)
{
	return s->request_sent;
}

void
epp_session_next_cltrid(epp_session *s, char *buf)
{
	epp_cltrid_generate(buf, s->prefix);
}

void
epp_session_set_command_timeout(epp_session *s, int ms)
{
	if (s)
		s->cmd_timeout_ms = ms > 0 ? ms : 0;
}

int
epp_session_last_code(const epp_session *s)
{
	return s->last_code;
}

const char *
epp_session_errmsg(const epp_session *s)
{
	return s ? s->errmsg : "";
}

int
epp_session_fd(const epp_session *s)
{
	return s && s->t && !s->broken ? s->t->ops->fd(s->t) : -1;
}

size_t
epp_session_pending(const epp_session *s)
{
	if (s == NULL || s->t == NULL || s->broken)
		return 0;
	return s->rbuf_len - s->rbuf_off + s->t->ops->pending(s->t);
}

int
epp_session_logged_in(const epp_session *s)
{
	return s->logged_in;
}
