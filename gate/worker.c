/*
 * A worker: one thread that owns one EPP session and one AMQP connection.
 *
 * Order of business: the EPP session comes first; only while it is logged
 * in does the worker consume, so that requests wait in the queue while the
 * registry is away. A request is acked only after its reply is published.
 * A query whose connection broke is retried on a new session; a transform
 * only when libepp says no byte of it left (epp_session_request_sent()),
 * otherwise the reply says the outcome is unknown and gives the clTRID.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include <epp/command.h>
#include <epp/json.h>
#include <epp/session.h>

#include "worker.h"

#define MAX_ATTEMPTS  3
#define TICK_MS       200
#define LOGIN_WAIT_MS 20 /* polling while another worker logs in */

struct conn {
	struct gate_worker *w;
	struct gate *g;
	epp_session *epp;
	uint64_t epp_since, epp_used, epp_retry_at, amqp_retry_at;
	unsigned epp_fails, amqp_fails, gen;
	unsigned node;       /* the broker node to use (modulo their count) */
	unsigned node_tries; /* nodes tried in a row without success */
	int counted_first;
	int declared; /* the queue exists: we declared it once */
	int refused;  /* the last login failed for good (see refusal()) */
	int limited;  /* the registry answered 2502: stand down a while */
	int standing; /* standing down (counted in g->limited) */
	unsigned logins, broker_conns; /* successful connections so far */
	struct gate_backoff bo_epp, bo_amqp;
	amqp_connection_state_t amqp;
	struct gate_journal *journal; /* NULL without --journal */
	char err[EPP_ERROR_TEXT_LENGTH];
};

/* What one request came to. */
struct outcome {
	char *reply; /* JSON text, malloc'd */
	size_t reply_len;
	int requeue;   /* no session: give it back to the queue */
	int transform; /* a transform was sent (or may have been) */
	int unknown;   /* its outcome is unknown: name the clTRID */
	int code;      /* registry result code, 0 when none */
	char svtrid[96];
	char cltrid[EPP_CLTRID_BUFSIZE];
	const char *cmd;
	char cmdbuf[64];
	int64_t deadline_ms; /* the caller's, Unix ms; 0 = none */
	const char *corr;    /* printable correlation_id, "" when none */
	char object[256];    /* the object a transform acts on */
	int64_t jid;         /* its journal row, 0 when none */
};

static void
sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Copy for a log line: printable ASCII only, bounded. */
static void
printable(char *dst, size_t cap, const void *src, size_t len)
{
	const unsigned char *s = src;
	size_t i, o = 0;

	for (i = 0; i < len && o + 1 < cap; i++)
		dst[o++] = (s[i] >= 0x20 && s[i] < 0x7f) ? (char)s[i] : '?';
	dst[o] = '\0';
}

static void
epp_log_cb(void *ud, int level, const char *msg)
{
	struct conn *c = ud;
	int l = level <= EPP_LOG_ERROR  ? GATE_LOG_ERROR
	        : level == EPP_LOG_WARN ? GATE_LOG_WARN
	        : level == EPP_LOG_INFO ? GATE_LOG_INFO
	                                : GATE_LOG_DEBUG;

	gate_log(l, "worker %d: epp: %s", c->w->id, msg);
}

/*
 * The worker's session is down (`why`: its error, NULL when none is known
 * yet): for /metrics, /healthz and the alert mail.
 */
static void
session_down(struct conn *c, const char *why)
{
	struct gate *g = c->g;
	struct gate_down *d = &g->down[c->w->id - 1];
	long long zero = 0;

	gate_metrics_session(g->metrics, c->w->id - 1, GATE_SESSION_DOWN);
	atomic_compare_exchange_strong(&d->since_ms, &zero,
	                               (long long)gate_now_real_ms());
	if (why == NULL)
		return;
	gate_metrics_last_error(g->metrics, c->w->id - 1, why);
	pthread_mutex_lock(&g->cred_lock);
	snprintf(d->error, sizeof(d->error), "%s", why);
	gate_scrub_secrets(d->error);
	pthread_mutex_unlock(&g->cred_lock);
}

static void
session_up(struct conn *c)
{
	struct gate *g = c->g;

	gate_metrics_session(g->metrics, c->w->id - 1, GATE_SESSION_LOGGED_IN);
	if (c->logins++ > 0)
		gate_metrics_reconnect(g->metrics, "registry");
	atomic_store(&g->down[c->w->id - 1].since_ms, 0);
	if (c->standing) {
		c->standing = 0;
		atomic_fetch_sub(&g->limited, 1);
		log_info("worker %d: back in service after the registry's "
		         "session limit",
		         c->w->id);
	}
}

static void
epp_drop(struct conn *c, int logout)
{
	if (c->epp == NULL)
		return;
	if (logout && epp_session_logout(c->epp) == EPP_OK)
		log_info("worker %d: logged out", c->w->id);
	epp_session_free(c->epp);
	c->epp = NULL;
	atomic_fetch_sub(&c->g->sessions_up, 1);
	session_down(c, NULL);
}

static void
amqp_drop(struct conn *c, int graceful)
{
	if (c->amqp == NULL)
		return;
	gate_amqp_close(c->amqp, graceful);
	c->amqp = NULL;
	gate_metrics_broker(c->g->metrics, c->w->id - 1, 0);
}

/* A copy of the credentials (of broker node `node` modulo their count),
 * so SIGHUP may swap them meanwhile. */
static int
cred_copy(struct gate *g, const struct gate_cred *src, unsigned node,
          struct gate_cred *dst)
{
	unsigned i;

	pthread_mutex_lock(&g->cred_lock);
	for (i = node % gate_cred_count(src); i > 0; i--)
		src = src->next;
	memset(dst, 0, sizeof(*dst));
	dst->host = strdup(src->host);
	dst->port = strdup(src->port);
	dst->login = strdup(src->login);
	dst->password = strdup(src->password);
	pthread_mutex_unlock(&g->cred_lock);
	if (!dst->host || !dst->port || !dst->login || !dst->password) {
		gate_cred_free(dst);
		return -1;
	}
	return 0;
}

/*
 * A failure that trying again cannot mend: the registry answered the login
 * with an error code, or its certificate did not verify.
 */
static int
refusal(int rc, const epp_session *s)
{
	if (rc == EPP_ELOGIN)
		return 1;
	return rc == EPP_ETLS && s != NULL &&
	       (strstr(epp_session_errmsg(s), "verification failed") ||
	        strstr(epp_session_errmsg(s), "cannot verify"));
}

static int
epp_connect(struct conn *c)
{
	const struct gate_config *cfg = &c->g->cfg;
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	struct gate_cred cr;
	epp_session *s = NULL;
	char *pass;
	int rc;

	if (cred_copy(c->g, &c->g->epp, 0, &cr) != 0) {
		snprintf(c->err, sizeof(c->err), "out of memory");
		return -1;
	}
	o.host = cr.host;
	o.port = cr.port;
	o.client_id = cr.login;
	o.password = cr.password;
	o.ca_file = cfg->ca_file;
	o.cert_file = cfg->cert_file;
	o.key_file = cfg->key_file;
	pthread_mutex_lock(&c->g->cred_lock);
	pass = c->g->key_passphrase ? strdup(c->g->key_passphrase) : NULL;
	pthread_mutex_unlock(&c->g->cred_lock);
	o.key_passphrase = pass;
	o.insecure = cfg->insecure;
	o.io_timeout_ms = cfg->timeout_s * 1000;
	o.log = epp_log_cb;
	o.log_userdata = c;
	gate_metrics_session(c->g->metrics, c->w->id - 1,
	                     GATE_SESSION_CONNECTING);
	rc = epp_session_open(&s, &o);
	if (pass) {
		memset(pass, 0, strlen(pass));
		free(pass);
	}
	if (rc == EPP_OK)
		rc = epp_session_login(s);
	/* 2502: the password is good, the registry has sessions enough */
	c->limited = rc == EPP_ELOGIN && epp_session_last_code(s) == 2502;
	c->refused = !c->limited && refusal(rc, s);
	if (rc != EPP_OK) {
		snprintf(c->err, sizeof(c->err), "%s:%s: %s%s%s", cr.host,
		         cr.port, epp_strerror(rc), s ? ": " : "",
		         s ? epp_session_errmsg(s) : "");
		session_down(c, c->err);
		epp_session_free(s);
		gate_cred_free(&cr);
		return -1;
	}
	log_info("worker %d: logged in to %s:%s as %s", c->w->id, cr.host,
	         cr.port, cr.login);
	gate_cred_free(&cr);
	c->epp = s;
	c->epp_since = c->epp_used = gate_now_ms();
	atomic_fetch_add(&c->g->sessions_up, 1);
	session_up(c);
	return 0;
}

static int
amqp_connect(struct conn *c)
{
	struct gate_cred cr;
	int rc;

	if (cred_copy(c->g, &c->g->amqp, c->node, &cr) != 0) {
		snprintf(c->err, sizeof(c->err), "out of memory");
		return -1;
	}
	rc = gate_amqp_open(&c->amqp, &cr, &c->g->cfg, 1, c->err,
	                    sizeof(c->err));
	if (rc == 0) {
		c->declared = 1;
		log_info("worker %d: consuming queue %s at %s:%s", c->w->id,
		         c->g->cfg.queue, cr.host, cr.port);
		gate_metrics_broker(c->g->metrics, c->w->id - 1, 1);
		if (c->broker_conns++ > 0)
			gate_metrics_reconnect(c->g->metrics, "broker");
	}
	gate_cred_free(&cr);
	return rc;
}

/*
 * The registry is away: declare the queue all the same (without
 * consuming), so that requests published meanwhile wait in it instead of
 * being dropped as unroutable.
 */
static void
amqp_declare_only(struct conn *c)
{
	amqp_connection_state_t a;
	struct gate_cred cr;
	char err[EPP_ERROR_TEXT_LENGTH];
	int rc;

	if (c->declared || cred_copy(c->g, &c->g->amqp, c->node, &cr) != 0)
		return;
	rc = gate_amqp_open(&a, &cr, &c->g->cfg, 0, err, sizeof(err));
	if (rc == 0) {
		c->declared = 1;
		gate_amqp_close(a, 1);
		log_info("worker %d: queue %s declared; consuming once the "
		         "registry is back",
		         c->w->id, c->g->cfg.queue);
	} else if (rc == -2) {
		log_error("worker %d: broker: %s; not retrying", c->w->id, err);
		atomic_store(&c->g->fatal, 1);
	}
	gate_cred_free(&cr);
}

static char *
error_reply(const char *msg, const char *cltrid, size_t *len)
{
	char *s = NULL;

	if (epp_error_reply(&s, len, msg, cltrid) != EPP_OK)
		*len = 0;
	return s;
}

static void set_error(struct outcome *r, const char *fmt, ...)
        GATE_PRINTF(2, 3);

static void
set_error(struct outcome *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	free(r->reply);
	r->reply =
	        error_reply(msg, r->unknown ? r->cltrid : NULL, &r->reply_len);
}

/* A library failure after which the connection cannot be trusted. */
static int
breaks_connection(int rc)
{
	return rc != EPP_EINVAL && rc != EPP_ENOMEM;
}

static int
verbose_for(const struct conn *c, const char *cmd)
{
	if (!c->g->cfg.verbose || !gate_log_enabled(GATE_LOG_DEBUG))
		return 0;
	return c->g->cfg.verbose_poll || strncmp(cmd, "poll_", 5) != 0;
}

static void
log_xml(const struct conn *c, const char *what, const char *xml, size_t len)
{
	char *red = gate_redact_xml(xml, len);

	if (red) {
		log_debug("worker %d: %s %s", c->w->id, what, red);
		free(red);
	}
}

/*
 * A registry closes idle connections on its own. Writing a command into
 * such a connection succeeds locally and fails only at the read, and then
 * a transform's outcome would be "unknown" although it never ran. An EPP
 * server sends nothing unasked, so a session whose socket is readable (or
 * hung up) between commands has been closed: drop it before sending.
 */
static int
peer_closed(const epp_session *s)
{
	struct pollfd pfd;

	pfd.fd = epp_session_fd(s);
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (pfd.fd < 0)
		return 1;
	return poll(&pfd, 1, 0) > 0 &&
	       (pfd.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

/*
 * Bound the registry wait on `s` (when not NULL) by the time the caller
 * has left. 0, or -1 with the reply set when the deadline passed before
 * this attempt (a retry: the earlier attempt left nothing at the
 * registry, or is a query).
 */
static int
fit_deadline(struct conn *c, struct outcome *r, int attempt, epp_session *s)
{
	int64_t left;

	if (r->deadline_ms <= 0)
		return 0;
	left = r->deadline_ms - gate_now_real_ms();
	if (left <= 0) {
		atomic_fetch_add(&c->g->expired, 1);
		gate_metrics_expired(c->g->metrics);
		set_error(r,
		          "%s: the caller's deadline passed before attempt %d; "
		          "not sent",
		          r->cmd, attempt);
		return -1;
	}
	if (s && left < (int64_t)c->g->cfg.timeout_s * 1000)
		epp_session_set_command_timeout(s, (int)left);
	return 0;
}

/*
 * Record a transform in the journal before it goes out (a retry only
 * changes its clTRID). 0, or -1 with the reply set: a transform that
 * cannot be recorded is not sent.
 */
static int
journal_sending(struct conn *c, struct outcome *r)
{
	char err[300];
	int rc;

	if (c->journal == NULL || r->corr[0] == '\0')
		return 0;
	if (r->jid)
		rc = gate_journal_retry(c->journal, r->jid, r->cltrid, err,
		                        sizeof(err));
	else
		rc = gate_journal_begin(c->journal, &r->jid, r->corr, r->cmd,
		                        r->object, r->cltrid, err, sizeof(err));
	if (rc == 0)
		return 0;
	log_error("worker %d: %s %s: %s; not sent", c->w->id, r->cmd, r->cltrid,
	          err);
	set_error(r, "%s: the gate cannot record it (%s); not sent", r->cmd,
	          err);
	return -1;
}

/*
 * Wait for the --rate-limit tokens of the command, within the caller's
 * deadline. 0, or -1 with the reply set: the deadline would pass first,
 * and the command is not sent.
 */
static int
rate_limit(struct conn *c, struct outcome *r)
{
	uint64_t deadline = 0;
	int64_t left;

	if (c->g->ratelimit == NULL)
		return 0;
	if (r->deadline_ms > 0) {
		left = r->deadline_ms - gate_now_real_ms();
		deadline = gate_now_ms() + (uint64_t)(left > 1 ? left : 1);
	}
	if (gate_ratelimit_wait(c->g->ratelimit, r->cmd, deadline, NULL) == 0)
		return 0;
	atomic_fetch_add(&c->g->expired, 1);
	gate_metrics_expired(c->g->metrics);
	set_error(r,
	          "%s: the caller's deadline would pass before the rate limit "
	          "(--rate-limit) lets it go; not sent",
	          r->cmd);
	return -1;
}

/* Logins of a gate go one at a time: a refusal (a wrong password after a
 * SIGHUP, a locked account) then costs one attempt, not one per session. */
static int
login_take(struct gate *g)
{
	int idle = 0;

	return atomic_compare_exchange_strong(&g->login_busy, &idle, 1);
}

static void
login_give(struct gate *g)
{
	atomic_store(&g->login_busy, 0);
}

static int refused(struct conn *c);

/* A login in the middle of a request: not while another worker logs in
 * or the registry refuses us (the request goes back to the queue). */
static int
relogin(struct conn *c)
{
	int rc;

	if (atomic_load(&c->g->refused) || !login_take(c->g)) {
		snprintf(c->err, sizeof(c->err), "%s",
		         atomic_load(&c->g->refused)
		                 ? "logins stopped: the registry refused "
		                   "the last one"
		                 : "another session is logging in");
		return -1;
	}
	rc = epp_connect(c);
	if (rc != 0 && c->refused)
		refused(c);
	login_give(c->g);
	return rc;
}

/*
 * Run the command on the session, reconnecting and retrying as the
 * safe-retry rules allow. A retry is built afresh from the parsed request
 * with a new clTRID, so every command the registry sees has its own.
 * Fills r.
 */
static void
run(struct conn *c, const epp_request *req, epp_command **cmdp,
    struct outcome *r)
{
	epp_command *cmd = *cmdp;
	int kind = (int)epp_command_kind_of(cmd);
	int verbose = verbose_for(c, r->cmd);
	epp_response *resp = NULL;
	char *json = NULL;
	const char *xml;
	size_t xml_len, json_len;
	epp_error jerr;
	uint64_t t0;
	int attempt, rc = EPP_OK, sent;

	if (verbose) {
		xml = epp_command_xml(cmd, &xml_len);
		log_xml(c, "sending", xml, xml_len);
	}
	for (attempt = 1;; attempt++) {
		if (fit_deadline(c, r, attempt, NULL) != 0 ||
		    rate_limit(c, r) != 0)
			return;
		if (attempt > 1) {
			epp_command_free(cmd);
			*cmdp = cmd = NULL;
			epp_cltrid_generate(r->cltrid, NULL);
			if (epp_request_build(&cmd, req, r->cltrid, &jerr) !=
			    EPP_OK) {
				set_error(r, "%s: cannot build it again: %s",
				          r->cmd, jerr.text);
				return;
			}
			*cmdp = cmd;
		}
		if (c->epp && peer_closed(c->epp)) {
			log_info("worker %d: the registry closed the session "
			         "between commands: logging in again",
			         c->w->id);
			epp_drop(c, 0);
		}
		if (c->epp == NULL && relogin(c) != 0) {
			log_warn("worker %d: %s %s: no session (%s): back to "
			         "the queue",
			         c->w->id, r->cmd, r->cltrid, c->err);
			r->requeue = 1;
			return;
		}
		if (fit_deadline(c, r, attempt, c->epp) != 0)
			return;
		if (kind == EPP_COMMAND_TRANSFORM && journal_sending(c, r) != 0)
			return;
		t0 = gate_now_ms();
		rc = epp_request_send(&json, &json_len, &resp, c->epp, cmd);
		epp_session_set_command_timeout(c->epp, 0);
		c->epp_used = gate_now_ms();
		if (rc == EPP_OK) {
			gate_metrics_rtt(c->g->metrics,
			                 (double)(c->epp_used - t0) / 1000.0);
			break;
		}
		sent = epp_session_request_sent(c->epp);
		log_warn("worker %d: %s %s attempt %d failed: %s: %s (request "
		         "%s)",
		         c->w->id, r->cmd, r->cltrid, attempt, epp_strerror(rc),
		         epp_session_errmsg(c->epp),
		         sent ? "may have reached the registry" : "not sent");
		if (!breaks_connection(rc)) {
			set_error(r, "%s failed: %s", r->cmd, epp_strerror(rc));
			return;
		}
		snprintf(c->err, sizeof(c->err), "%s during %s: %s",
		         epp_strerror(rc), r->cmd, epp_session_errmsg(c->epp));
		session_down(c, c->err);
		epp_drop(c, 0);
		if (kind == EPP_COMMAND_TRANSFORM && sent) {
			r->unknown = 1;
			set_error(
			        r,
			        "the registry connection broke during %s: the "
			        "outcome is unknown; check clTRID %s at the "
			        "registry before repeating it",
			        r->cmd, r->cltrid);
			return;
		}
		if (attempt >= MAX_ATTEMPTS) {
			set_error(r,
			          "%s failed %d times on fresh registry "
			          "connections: %s",
			          r->cmd, attempt, epp_strerror(rc));
			return;
		}
	}
	if (resp) {
		xml = epp_response_xml(resp, &xml_len);
		r->code = epp_response_code(resp);
		if (epp_response_svtrid(resp))
			printable(r->svtrid, sizeof(r->svtrid),
			          epp_response_svtrid(resp),
			          strlen(epp_response_svtrid(resp)));
		if (verbose)
			log_xml(c, "received", xml, xml_len);
	}
	free(r->reply);
	r->reply = json;
	r->reply_len = json_len;
	epp_response_free(resp);
}

/* The object a request acts on, for the journal: its name or id. */
static void
object_of(const json_t *root, char *dst, size_t cap)
{
	static const char *const keys[] = {"name", "id", "contact", "msg_id",
	                                   NULL};
	json_t *args = json_object_get(root, "args"), *v = NULL;
	const char *s;
	int i;

	dst[0] = '\0';
	for (i = 0; keys[i] && json_is_object(args); i++)
		if ((v = json_object_get(args, keys[i])) != NULL)
			break;
	if (json_is_integer(v))
		snprintf(dst, cap, "%lld", (long long)json_integer_value(v));
	else if ((s = json_string_value(v)) != NULL)
		printable(dst, cap, s, strlen(s));
}

/* Turn one request body into its reply. */
static void
process(struct conn *c, const char *body, size_t len, struct outcome *r)
{
	epp_request_options opts = EPP_REQUEST_OPTIONS_INIT;
	epp_request *req = NULL;
	epp_command *cmd = NULL;
	epp_error err;
	int rc;

	r->cmd = "-";
	epp_cltrid_generate(r->cltrid, NULL);
	opts.max_size = c->g->cfg.max_body;
	memset(&err, 0, sizeof(err));
	if (body == NULL) {
		set_error(r, "request too large: %zu bytes, the limit is %zu",
		          len, c->g->cfg.max_body);
		return;
	}
	if ((rc = epp_request_parse(&req, body, len, &opts, &err)) != EPP_OK) {
		set_error(r, "%s", err.text[0] ? err.text : epp_strerror(rc));
		return;
	}
	/* a static string of the library: no copy needed */
	r->cmd = epp_request_cmd(req);
	rc = epp_request_build(&cmd, req, r->cltrid, &err);
	if (rc == EPP_OK) {
		object_of(epp_request_json(req), r->object, sizeof(r->object));
		if (verbose_for(c, r->cmd)) {
			char *red = gate_redact_json(body, len);
			log_debug("worker %d: request %s", c->w->id,
			          red ? red : "?");
			free(red);
		}
		run(c, req, &cmd, r);
		r->transform = cmd != NULL && epp_command_kind_of(cmd) ==
		                                      EPP_COMMAND_TRANSFORM;
	} else if (rc == EPP_EINVAL) {
		set_error(r, "%s", err.text);
	} else {
		set_error(r, "cannot build the command: %s", epp_strerror(rc));
	}
	epp_command_free(cmd);
	epp_request_free(req);
}

/*
 * A redelivered request: what the journal knows of it. A recorded reply
 * goes out again; a transform sent without a reply recorded may have run,
 * so the caller learns that its outcome is unknown, and it is not sent
 * again. 0, or -1 when the journal cannot be read (back to the queue).
 */
static int
journal_lookup(struct conn *c, struct outcome *r)
{
	struct gate_journal_entry e;
	char err[300];
	int rc;

	rc = gate_journal_find(c->journal, r->corr, &e, err, sizeof(err));
	if (rc < 0) {
		log_error("worker %d: redelivered request %s: %s; back to the "
		          "queue",
		          c->w->id, r->corr, err);
		sleep_ms(TICK_MS);
		return -1;
	}
	if (rc == 1) {
		r->reply = e.reply;
		r->reply_len = e.reply_len;
		snprintf(r->cltrid, sizeof(r->cltrid), "%s", e.cltrid);
		snprintf(r->cmdbuf, sizeof(r->cmdbuf), "%s", e.cmd);
		r->cmd = r->cmdbuf;
	} else if (rc == 2) {
		snprintf(r->cltrid, sizeof(r->cltrid), "%s", e.cltrid);
		snprintf(r->cmdbuf, sizeof(r->cmdbuf), "%s", e.cmd);
		r->cmd = r->cmdbuf;
		r->unknown = 1;
		r->jid = e.id;
		log_warn("worker %d: redelivered request %s: %s %s was sent "
		         "and its reply never recorded: the outcome is "
		         "unknown; not sending it again",
		         c->w->id, r->corr, r->cmd, r->cltrid);
		set_error(r,
		          "the gate stopped while %s was at the registry: the "
		          "outcome is unknown; check clTRID %s at the registry "
		          "before repeating it",
		          r->cmd, r->cltrid);
	}
	return 0;
}

/* Record the reply of a journalled transform. */
static void
journal_replied(struct conn *c, struct outcome *r, uint64_t ms)
{
	char err[300];

	if (gate_journal_end(c->journal, r->jid, r->code,
	                     r->svtrid[0] ? r->svtrid : NULL, (int64_t)ms,
	                     r->reply, r->reply_len, err, sizeof(err)) != 0)
		log_error("worker %d: %s %s: %s", c->w->id, r->cmd, r->cltrid,
		          err);
}

/* A journalled transform goes back to the queue unsent: forget it. */
static void
journal_forget(struct conn *c, struct outcome *r)
{
	char err[300];

	if (r->jid &&
	    gate_journal_forget(c->journal, r->jid, err, sizeof(err)) != 0)
		log_error("worker %d: %s %s: %s", c->w->id, r->cmd, r->cltrid,
		          err);
}

/* A request whose deadline passed before it started: acked unanswered
 * (the caller gave up), logged and counted. */
static int
expired(struct conn *c, const struct gate_request *q, const char *corr)
{
	int64_t late = gate_now_real_ms() - q->deadline_ms;

	atomic_fetch_add(&c->g->expired, 1);
	gate_metrics_expired(c->g->metrics);
	log_warn("worker %d: request %s expired %lld ms before it could "
	         "start: acked, not executed",
	         c->w->id, corr[0] ? corr : "-", (long long)late);
	return gate_amqp_ack(c->amqp, q->tag);
}

/* One delivery: answer, publish, ack (or requeue). 0, or -1 when the
 * broker connection broke. */
static int
handle(struct conn *c, struct gate_request *q)
{
	struct outcome r;
	char corr[256];
	uint64_t t0 = gate_now_ms();
	int rc;

	memset(&r, 0, sizeof(r));
	corr[0] = '\0';
	if (q->corr)
		printable(corr, sizeof(corr), q->corr, q->corr_len);
	if (q->reply_to == NULL) {
		log_warn("worker %d: request without reply_to (correlation_id "
		         "'%s', %llu bytes): acked, not executed",
		         c->w->id, corr, (unsigned long long)q->size);
		return gate_amqp_ack(c->amqp, q->tag);
	}
	if (q->deadline_ms > 0 && gate_now_real_ms() >= q->deadline_ms)
		return expired(c, q, corr);
	r.deadline_ms = q->deadline_ms;

	r.corr = corr;
	if (q->redelivered && corr[0]) {
		if (c->journal) {
			if (journal_lookup(c, &r) != 0)
				return gate_amqp_reject(c->amqp, q->tag, 1);
		} else {
			r.reply =
			        gate_dedup_get(c->g->dedup, corr, &r.reply_len);
		}
		if (r.reply && !r.unknown)
			log_info("worker %d: redelivered request %s already "
			         "ran: sending the recorded reply",
			         c->w->id, corr);
	}
	if (r.reply == NULL && !r.unknown)
		process(c, q->body, q->body ? q->body_len : q->size, &r);
	if (r.requeue) {
		journal_forget(c, &r);
		free(r.reply);
		return gate_amqp_reject(c->amqp, q->tag, 1);
	}
	if (r.reply == NULL)
		r.reply = error_reply("out of memory", NULL, &r.reply_len);
	if (r.reply == NULL)
		return gate_amqp_reject(c->amqp, q->tag, 1);
	/* Remember the reply of a transform before it goes out: if the
	 * gate or the broker breaks now, the redelivery is answered from
	 * here. */
	if (r.jid)
		journal_replied(c, &r, gate_now_ms() - t0);
	else if (r.transform && corr[0])
		gate_dedup_put(c->g->dedup, corr, r.reply, r.reply_len);
	if (q->redelivered) {
		/* Its first reply may have killed the connection: RabbitMQ
		 * closes it (541) on a publish to the direct reply-to
		 * address of a client whose node has died. Acked first, such
		 * a request cannot come round again and again while that
		 * node is down. */
		rc = gate_amqp_ack(c->amqp, q->tag);
		if (rc == 0)
			rc = gate_amqp_reply(c->amqp, q, r.reply, r.reply_len);
	} else {
		rc = gate_amqp_reply(c->amqp, q, r.reply, r.reply_len);
		if (rc == 0)
			rc = gate_amqp_ack(c->amqp, q->tag);
	}
	atomic_fetch_add(&c->g->served, 1);
	gate_metrics_request(c->g->metrics, strcmp(r.cmd, "-") ? r.cmd : NULL,
	                     r.code > 0 ? r.code : 0,
	                     (double)(gate_now_ms() - t0) / 1000.0);
	if (r.unknown)
		gate_metrics_outcome_unknown(c->g->metrics);
	if (r.code == 2502 && c->epp) {
		/* the registry ends this session: stand down a while */
		c->limited = 1;
		epp_drop(c, 0);
	}
	log_info("worker %d: cmd=%s clTRID=%s svTRID=%s code=%d ms=%llu "
	         "corr=%s%s",
	         c->w->id, r.cmd, r.cltrid, r.svtrid[0] ? r.svtrid : "-",
	         r.code > 0 ? r.code : 0,
	         (unsigned long long)(gate_now_ms() - t0), corr[0] ? corr : "-",
	         rc ? " (broker connection lost before the ack)" : "");
	free(r.reply);
	return rc;
}

static void
mark_first_round(struct conn *c)
{
	if (!c->counted_first) {
		c->counted_first = 1;
		atomic_fetch_add(&c->g->first_round, 1);
	}
}

/* Keep the session alive and young between requests. */
static void
upkeep(struct conn *c)
{
	const struct gate_config *cfg = &c->g->cfg;
	uint64_t now = gate_now_ms();

	if (cfg->max_age_s &&
	    now - c->epp_since >= (uint64_t)cfg->max_age_s * 1000u) {
		log_info("worker %d: session reached --max-session-age: "
		         "logging in afresh",
		         c->w->id);
		amqp_drop(c, 1);
		epp_drop(c, 1);
		return;
	}
	/* a registry that went away shows at once, not at the next use */
	if (peer_closed(c->epp)) {
		log_info("worker %d: the registry closed the session between "
		         "commands: logging in again",
		         c->w->id);
		snprintf(c->err, sizeof(c->err),
		         "the registry closed the session between commands");
		session_down(c, c->err);
		amqp_drop(c, 1);
		epp_drop(c, 0);
		return;
	}
	if (now - c->epp_used >= (uint64_t)cfg->keepalive_s * 1000u) {
		int rc = epp_session_hello(c->epp);
		c->epp_used = gate_now_ms();
		if (rc != EPP_OK) {
			log_warn("worker %d: keepalive <hello> failed: %s: %s",
			         c->w->id, epp_strerror(rc),
			         epp_session_errmsg(c->epp));
			amqp_drop(c, 1);
			epp_drop(c, 0);
		} else {
			log_debug("worker %d: keepalive <hello>", c->w->id);
		}
	}
}

/*
 * Whether this worker may log in now: 0 yes (it holds the login token:
 * login_give() after the attempt), 1 no, 2 not while another worker logs
 * in. Until a first login succeeded, worker 1 alone tries (a wrong
 * password costs one attempt, not one per session); while the registry
 * refuses us, one worker tries once every --refused-retry seconds.
 */
static int
hold_login(struct conn *c, uint64_t now)
{
	struct gate *g = c->g;
	unsigned long long at;

	if (c->w->id != 1 && !atomic_load(&g->logged_in_once)) {
		if (atomic_load(&g->first_tried))
			mark_first_round(c);
		return 1;
	}
	if (!atomic_load(&g->refused))
		return login_take(g) ? 0 : 2;
	at = atomic_load(&g->refused_retry_at);
	if (now < at)
		return 1;
	if (!login_take(g))
		return 2;
	if (!atomic_compare_exchange_strong(
	            &g->refused_retry_at, &at,
	            now + (uint64_t)g->cfg.refused_retry_s * 1000u)) {
		login_give(g);
		return 1;
	}
	c->epp_retry_at = 0;
	return 0;
}

/* The registry refused the login (or its certificate): 0 to go on
 * waiting, -1 when the gate must end (at start-up: exit 78). */
static int
refused(struct conn *c)
{
	struct gate *g = c->g;

	mark_first_round(c);
	atomic_store(&g->first_tried, 1);
	if (!atomic_load(&g->logged_in_once)) {
		log_error("worker %d: %s; not retrying at start-up (exit 78)",
		          c->w->id, c->err);
		atomic_store(&g->exit_code, 78);
		atomic_store(&g->fatal, 1);
		return -1;
	}
	atomic_store(&g->refused_retry_at,
	             gate_now_ms() + (uint64_t)g->cfg.refused_retry_s * 1000u);
	if (atomic_exchange(&g->refused, 1) == 0) {
		log_error("worker %d: %s; no more logins, next attempt in %d s "
		          "(--refused-retry)",
		          c->w->id, c->err, g->cfg.refused_retry_s);
		pthread_mutex_lock(&g->cred_lock);
		snprintf(g->refused_msg, sizeof(g->refused_msg), "%s", c->err);
		gate_scrub_secrets(g->refused_msg);
		pthread_mutex_unlock(&g->cred_lock);
	} else {
		log_warn("worker %d: %s; next attempt in %d s", c->w->id,
		         c->err, g->cfg.refused_retry_s);
	}
	return 0;
}

/*
 * The registry answered 2502 (session limit exceeded): this worker stays
 * away for --refused-retry seconds and the gate serves with the others.
 */
static void
stand_down(struct conn *c)
{
	struct gate *g = c->g;
	int n;

	c->limited = 0;
	mark_first_round(c);
	atomic_store(&g->first_tried, 1);
	/* the registry took the password: the other workers may try */
	atomic_store(&g->logged_in_once, 1);
	gate_metrics_session_limit(g->metrics);
	n = c->standing ? atomic_load(&g->limited)
	                : atomic_fetch_add(&g->limited, 1) + 1;
	c->standing = 1;
	session_down(c, "the registry's session limit is reached (2502)");
	log_warn("worker %d: the registry's session limit is reached (2502): "
	         "standing down for %d s (--refused-retry); %d of %d sessions "
	         "stand down",
	         c->w->id, g->cfg.refused_retry_s, n, g->cfg.sessions);
	c->epp_retry_at =
	        gate_now_ms() + (uint64_t)g->cfg.refused_retry_s * 1000u;
}

/*
 * The broker node failed: move on to the next one. Returns 1 when that
 * one is still to try in this round (connect at once), 0 when every node
 * failed in a row (the caller backs off).
 */
static int
next_node(struct conn *c)
{
	unsigned n;

	pthread_mutex_lock(&c->g->cred_lock);
	n = gate_cred_count(&c->g->amqp);
	pthread_mutex_unlock(&c->g->cred_lock);
	c->node++;
	if (++c->node_tries < n) {
		log_warn("worker %d: broker: %s; trying the next node",
		         c->w->id, c->err);
		return 1;
	}
	c->node_tries = 0;
	return 0;
}

/*
 * --poll-exchange: an idle worker whose turn it is drains the registry's
 * poll queue; one worker at a time, every --poll-interval seconds (at
 * once again while messages are left).
 */
static void
poll_turn(struct conn *c)
{
	struct gate *g = c->g;
	struct gate_poll_turn t;
	struct gate_cred broker, epp;
	int idle = 0, rc;

	if (gate_now_ms() < atomic_load(&g->poll_next_at) ||
	    !atomic_compare_exchange_strong(&g->poll_busy, &idle, 1))
		return;
	if (cred_copy(g, &g->amqp, c->node, &broker) != 0) {
		atomic_store(&g->poll_busy, 0);
		return;
	}
	if (cred_copy(g, &g->epp, 0, &epp) != 0) {
		gate_cred_free(&broker);
		atomic_store(&g->poll_busy, 0);
		return;
	}
	memset(&t, 0, sizeof(t));
	t.g = g;
	t.worker = c->w->id;
	t.epp = c->epp;
	t.consumer = c->amqp;
	t.broker = &broker;
	t.login = epp.login;
	rc = gate_poll_drain(&t);
	c->epp_used = gate_now_ms();
	atomic_store(&g->poll_busy, 0);
	gate_cred_free(&broker);
	gate_cred_free(&epp);
	if (rc != 0) {
		log_warn("worker %d: %s: logging in again", c->w->id, t.err);
		snprintf(c->err, sizeof(c->err), "%.*s",
		         (int)sizeof(c->err) - 1, t.err);
		session_down(c, c->err);
		amqp_drop(c, 1);
		epp_drop(c, 0);
	}
}

static void
loop(struct conn *c)
{
	struct gate *g = c->g;
	const struct gate_config *cfg = &g->cfg;
	struct gate_request req;
	uint64_t now;
	unsigned gen;
	int rc, delay, wait;

	while (!atomic_load(&g->stop)) {
		now = gate_now_ms();
		atomic_store(&c->w->alive_ms, now);
		gen = atomic_load(&g->reconnect_gen);
		if (gen != c->gen) {
			c->gen = gen;
			if (c->epp || c->amqp)
				log_info("worker %d: reconnecting on request",
				         c->w->id);
			amqp_drop(c, 1);
			epp_drop(c, 1);
			c->epp_retry_at = c->amqp_retry_at = 0;
			gate_backoff_reset(&c->bo_epp);
			gate_backoff_reset(&c->bo_amqp);
		}
		if (c->epp == NULL) {
			/* No session: do not take requests meanwhile. */
			amqp_drop(c, 1);
			if (c->limited) {
				stand_down(c);
				continue;
			}
			if (now < c->epp_retry_at) {
				wait = (int)(c->epp_retry_at - now);
				sleep_ms(wait < TICK_MS ? wait : TICK_MS);
				continue;
			}
			rc = hold_login(c, now);
			if (rc != 0) {
				sleep_ms(rc == 2 ? LOGIN_WAIT_MS : TICK_MS);
				continue;
			}
			rc = epp_connect(c);
			/* a refusal is known to all before the next login */
			if (rc != 0 && c->refused) {
				rc = refused(c);
				login_give(g);
				if (rc != 0)
					return;
				continue;
			}
			login_give(g);
			if (c->epp == NULL && c->limited)
				continue;
			atomic_store(&g->first_tried, 1);
			if (c->epp == NULL) {
				c->epp_fails++;
				mark_first_round(c);
				delay = gate_backoff_next(&c->bo_epp);
				log_warn("worker %d: EPP session down: %s; "
				         "retry "
				         "%u in %d ms",
				         c->w->id, c->err, c->epp_fails, delay);
				amqp_declare_only(c);
				if (cfg->max_retries &&
				    c->epp_fails >=
				            (unsigned)cfg->max_retries) {
					log_error("worker %d: giving up after "
					          "%u attempts (--max-retries)",
					          c->w->id, c->epp_fails);
					atomic_store(&g->fatal, 1);
					return;
				}
				c->epp_retry_at =
				        gate_now_ms() + (uint64_t)delay;
				continue;
			}
			c->epp_fails = 0;
			gate_backoff_reset(&c->bo_epp);
			mark_first_round(c);
			atomic_store(&g->logged_in_once, 1);
			if (atomic_exchange(&g->refused, 0))
				log_info("worker %d: the registry accepts our "
				         "login again",
				         c->w->id);
		}
		if (c->amqp == NULL) {
			if (now < c->amqp_retry_at) {
				upkeep(c);
				wait = (int)(c->amqp_retry_at - now);
				sleep_ms(wait < TICK_MS ? wait : TICK_MS);
				continue;
			}
			rc = amqp_connect(c);
			if (rc == -2) {
				log_error(
				        "worker %d: broker: %s; not retrying: "
				        "start with the --queue-type of the "
				        "existing queue, or another queue",
				        c->w->id, c->err);
				atomic_store(&g->fatal, 1);
				return;
			}
			if (rc != 0) {
				c->amqp_fails++;
				if (next_node(c))
					continue;
				if (cfg->max_retries &&
				    c->amqp_fails >=
				            (unsigned)cfg->max_retries) {
					log_error("worker %d: broker: %s; "
					          "giving up after %u attempts "
					          "(--max-retries)",
					          c->w->id, c->err,
					          c->amqp_fails);
					atomic_store(&g->fatal, 1);
					return;
				}
				delay = gate_backoff_next(&c->bo_amqp);
				log_warn(
				        "worker %d: broker: %s; retry %u in %d "
				        "ms",
				        c->w->id, c->err, c->amqp_fails, delay);
				c->amqp_retry_at =
				        gate_now_ms() + (uint64_t)delay;
				continue;
			}
			c->amqp_fails = 0;
			c->node_tries = 0;
			gate_backoff_reset(&c->bo_amqp);
		}
		upkeep(c);
		if (c->epp == NULL || c->amqp == NULL)
			continue;
		rc = gate_amqp_wait(c->amqp, TICK_MS, cfg->max_body, &req,
		                    c->err, sizeof(c->err));
		if (rc < 0) {
			log_warn("worker %d: broker connection lost: %s",
			         c->w->id, c->err);
			amqp_drop(c, 0);
			c->node++;
			continue;
		}
		if (rc == 0) {
			if (cfg->poll_exchange)
				poll_turn(c);
			continue;
		}
		rc = handle(c, &req);
		gate_request_free(&req);
		if (rc < 0) {
			log_warn("worker %d: broker connection lost while "
			         "answering",
			         c->w->id);
			amqp_drop(c, 0);
			c->node++;
		}
	}
}

static void *
worker_main(void *arg)
{
	struct gate_worker *w = arg;
	struct conn c;

	memset(&c, 0, sizeof(c));
	c.w = w;
	c.g = w->g;
	c.gen = atomic_load(&w->g->reconnect_gen);
	/* Workers spread over the broker nodes: worker i starts at node i
	 * (modulo their count), counting from 0. */
	c.node = (unsigned)(w->id - 1);
	gate_backoff_init(&c.bo_epp, 500, 60000,
	                  (uint64_t)time(NULL) * 2654435761u + (uint64_t)w->id);
	gate_backoff_init(&c.bo_amqp, 500, 30000,
	                  (uint64_t)time(NULL) * 40503u + (uint64_t)w->id + 7);
	c.journal = w->g->journal;
	loop(&c);
	/* Stop consuming first (unacked requests go back to the queue),
	 * then leave the registry politely. */
	amqp_drop(&c, 1);
	epp_drop(&c, 1);
	mark_first_round(&c);
	log_info("worker %d: stopped", w->id);
	return NULL;
}

int
gate_worker_start(struct gate_worker *w)
{
	atomic_store(&w->alive_ms, gate_now_ms());
	return pthread_create(&w->thread, NULL, worker_main, w) == 0 ? 0 : -1;
}

void
gate_worker_join(struct gate_worker *w)
{
	pthread_join(w->thread, NULL);
}
