/*
 * epp-gate - internal declarations shared by the gate's modules.
 *
 * The gate is a set of workers, each one thread with one EPP session and
 * one AMQP connection of its own (rabbitmq-c connections are not shared
 * between threads). The main thread only watches signals, the health file
 * and the workers' liveness, and talks to systemd.
 */
#ifndef GATE_H
#define GATE_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>

/* ---- configuration (conf.c) ---- */

/* One credential file: a line `host port login password`. The broker's
 * file may hold one line per node of a cluster: `next` is the next one. */
struct gate_cred {
	char *host;
	char *port;
	char *login;
	char *password;
	struct gate_cred *next; /* the next broker node, or NULL */
};

/* Alert mail settings, read from the JSON file of --alert_email_config. */
struct gate_alert_conf {
	char *url; /* smtp://host:port or smtps://host:port */
	char *username;
	char *password;
	char *from;
	char **to;    /* NULL-terminated */
	int starttls; /* 1 = require STARTTLS on smtp:// */
	int insecure; /* 1 = do not verify the server's certificate */
};

enum gate_queue_type {
	GATE_QUEUE_DEFAULT = 0, /* the original's flags: not durable */
	GATE_QUEUE_DURABLE = 1,
	GATE_QUEUE_QUORUM = 2
};

#define GATE_MAX_RATE_LIMITS 32

struct gate_config {
	const char *epp_file;
	const char *rabbitmq_file;
	const char *queue;
	const char *alert_file;
	const char *sentry_dsn; /* accepted and ignored */
	const char *health_file;
	const char *journal_file; /* NULL: no journal */
	long journal_keep_s;      /* prune journal rows older than this */
	const char *ca_file;
	const char *cert_file;
	const char *key_file;
	const char *key_passphrase_file; /* its first line unlocks --key */
	int insecure;
	int reconnect; /* accepted; reconnecting is always on */
	int verbose;
	int verbose_poll;
	int check_only;
	int sessions;
	int keepalive_s; /* <hello> after this many idle seconds */
	int max_age_s;   /* log out and in again after this; 0 = never */
	int max_retries; /* reconnect attempts before giving up; 0 = forever */
	int heartbeat_s; /* AMQP heartbeat */
	int timeout_s;   /* registry response timeout */
	int refused_retry_s; /* a refused login is tried again after this */
	size_t max_body;     /* largest request body accepted */
	enum gate_queue_type queue_type;
	const char *metrics_listen; /* ADDR:PORT for /metrics; NULL = off */
	const char *rate_limits[GATE_MAX_RATE_LIMITS]; /* --rate-limit specs */
	int n_rate_limits;
	const char *poll_exchange; /* poll messages go here; NULL = off */
	int poll_interval_s;       /* look at the poll queue this often */
};

/*
 * Parse the command line into `c` (strings borrowed from argv). Returns 0,
 * 1 for --help, 2 for --version, or -1 with a one-line message in `err`
 * (a usage error: exit CLI_USAGE).
 */
int gate_parse_args(struct gate_config *c, int argc, char **argv, char *err,
                    size_t errlen);
void gate_usage(FILE *fp);

/*
 * Read a credential file. Errors name the file and the problem and never
 * quote the password. Returns 0 or -1 with `err` filled.
 */
int gate_cred_load(struct gate_cred *out, const char *path, char *err,
                   size_t errlen);
/*
 * Read the broker's credential file: one line per node of a cluster, each
 * `host port login password` (blank lines are skipped; a one-line file
 * reads as before). The first node is *out, the others follow `next`.
 */
int gate_cred_load_nodes(struct gate_cred *out, const char *path, char *err,
                         size_t errlen);
/* The number of nodes of `c` (1 for a one-line file). */
unsigned gate_cred_count(const struct gate_cred *c);
void gate_cred_free(struct gate_cred *c);

int gate_alert_conf_load(struct gate_alert_conf *out, const char *path,
                         char *err, size_t errlen);
void gate_alert_conf_free(struct gate_alert_conf *a);

/*
 * The first line of a secret file (the key's passphrase), malloc'd in
 * *out. 0, or -1 with `err` naming the file (never its content).
 */
int gate_secret_load(char **out, const char *path, char *err, size_t errlen);

/*
 * -n (check.c): the secret files are private to their owner, the CA,
 * certificate and key load, the registry and broker hosts resolve; then
 * what the gate would run goes to `out`. A CLI_* status; on failure `err`
 * says what is wrong.
 */
int gate_check_config(const struct gate_config *c, const struct gate_cred *epp,
                      const struct gate_cred *amqp, const char *passphrase,
                      FILE *out, char *err, size_t errlen);

/* ---- logging and redaction (log.c) ---- */

enum { GATE_LOG_ERROR, GATE_LOG_WARN, GATE_LOG_INFO, GATE_LOG_DEBUG };

void gate_log_init(int level);
/* Register a literal secret that must never appear in a log line. */
void gate_log_add_secret(const char *secret);
void gate_log_clear_secrets(void);
#if defined(__GNUC__)
#define GATE_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GATE_PRINTF(a, b)
#endif
void gate_log(int level, const char *fmt, ...) GATE_PRINTF(2, 3);
#define log_warn(...)  gate_log(GATE_LOG_WARN, __VA_ARGS__)
#define log_info(...)  gate_log(GATE_LOG_INFO, __VA_ARGS__)
#define log_debug(...) gate_log(GATE_LOG_DEBUG, __VA_ARGS__)
#define log_error(...) gate_log(GATE_LOG_ERROR, __VA_ARGS__)
int gate_log_enabled(int level);

/*
 * Copy of an XML document with the content of every pw, newPW and
 * authInfo element (any namespace prefix) replaced by "***". Caller
 * frees. NULL on allocation failure.
 */
char *gate_redact_xml(const char *xml, size_t len);

/*
 * Copy of a JSON request with the values of secret keys (auth_info,
 * password, pw, new_password, newPW, authInfo) replaced by "***", or a
 * placeholder naming the size when it is not JSON. Caller frees.
 */
char *gate_redact_json(const char *json, size_t len);

/* Replace every registered secret in `s` (in place) by '*'s. */
void gate_scrub_secrets(char *s);

/* ---- backoff.c ---- */

struct gate_backoff {
	unsigned attempt;
	uint64_t rng;
	int base_ms;
	int max_ms;
};

void gate_backoff_init(struct gate_backoff *b, int base_ms, int max_ms,
                       uint64_t seed);
/* Delay before the next attempt: exponential with full-range jitter in
 * [d/2, d], d = min(base * 2^attempt, max). Advances the attempt. */
int gate_backoff_next(struct gate_backoff *b);
void gate_backoff_reset(struct gate_backoff *b);

/* ---- dedup.c: replies of recent transforms by correlation_id ---- */

struct gate_dedup;

struct gate_dedup *gate_dedup_new(size_t max_entries, size_t max_bytes);
void gate_dedup_free(struct gate_dedup *d);
/* Remember `reply` for `corr_id`; the oldest entries go first when full. */
int gate_dedup_put(struct gate_dedup *d, const char *corr_id, const char *reply,
                   size_t reply_len);
/* The recorded reply (a malloc'd copy the caller frees) or NULL. */
char *gate_dedup_get(struct gate_dedup *d, const char *corr_id,
                     size_t *reply_len);
size_t gate_dedup_count(struct gate_dedup *d);

/* ---- journal.c: transforms recorded in SQLite, crash-safe ---- */

struct gate_journal;

/* What the journal knows of a correlation_id. */
struct gate_journal_entry {
	int64_t id;  /* a row's id, negative; 0: still in another gate's log */
	char *reply; /* malloc'd, NULL when none was recorded */
	size_t reply_len;
	char cltrid[64]; /* EPP_CLTRID_BUFSIZE */
	char cmd[64];
};

/* Open (create) the journal file and this process's intent log beside it
 * (gate/intent.c), and move the logs of gates that died into the file.
 * 0, or -1 with `err`. */
int gate_journal_open(struct gate_journal **out, const char *path, char *err,
                      size_t errlen);
void gate_journal_close(struct gate_journal *j);
/* Record a transform about to be sent (one write to the intent log); its
 * record number, positive, in *id. */
int gate_journal_begin(struct gate_journal *j, int64_t *id, const char *corr,
                       const char *cmd, const char *object, const char *cltrid,
                       char *err, size_t errlen);
/* The transform goes out again (nothing of it left before) as `cltrid`. */
int gate_journal_retry(struct gate_journal *j, int64_t id, const char *cltrid,
                       char *err, size_t errlen);
/* Record the reply (code 0 and svtrid NULL when the registry gave none)
 * of record `id`, or of the row -id that a lookup found. */
int gate_journal_end(struct gate_journal *j, int64_t id, int code,
                     const char *svtrid, int64_t duration_ms, const char *reply,
                     size_t reply_len, char *err, size_t errlen);
/* Drop a row whose transform was provably not sent. */
int gate_journal_forget(struct gate_journal *j, int64_t id, char *err,
                        size_t errlen);
/* The latest row of `corr`: 0 none, 1 with a reply (e->reply, the caller
 * frees it), 2 sent without a reply, -1 error. */
int gate_journal_find(struct gate_journal *j, const char *corr,
                      struct gate_journal_entry *e, char *err, size_t errlen);
/* Move the intent log's records into SQLite, and once a second copy the
 * WAL into the database file (the main thread, every tick). 0, or -1
 * with `err`. */
int gate_journal_checkpoint(struct gate_journal *j, char *err, size_t errlen);
/* Remove rows older than keep_s seconds; how many in *removed. */
int gate_journal_prune(struct gate_journal *j, int64_t keep_s, long *removed,
                       char *err, size_t errlen);

/* ---- notify.c: sd_notify and the health file ---- */

/* Send `state` (e.g. "READY=1") to $NOTIFY_SOCKET; 0 when sent or when
 * there is no socket, -1 on failure. */
int gate_sd_notify(const char *state);
/* Watchdog interval from $WATCHDOG_USEC in ms, 0 when not asked. */
long gate_sd_watchdog_ms(void);

struct gate_health {
	char *path;
	pthread_mutex_t lock;
	long long size;
	long long mtime_ns;
	int exists;
};

int gate_health_init(struct gate_health *h, const char *path);
void gate_health_free(struct gate_health *h);
/*
 * 1 when the file grew, appeared or was touched since the last look. The
 * gate only reads it: the RPC clients append to it, and a systemd .path
 * unit may watch it too, so a line of the gate's own would restart it.
 */
int gate_health_changed(struct gate_health *h);

/* ---- alert.c ---- */

/* Load libcurl (before any thread starts). 0, or -1 with `err`. */
int gate_alert_init(char *err, size_t errlen);
/* Send one alert mail (blocking, bounded by a timeout). 0 or -1. */
int gate_alert_send(const struct gate_alert_conf *a, const char *subject,
                    const char *body);

/* One session that is down, for the alert mail. */
struct gate_alert_session {
	int id;            /* worker number, from 1 */
	int64_t since_ms;  /* Unix ms when it went down */
	const char *error; /* its last error ("" when none yet) */
};

/*
 * The body of a "sessions down" (healthy 0) or "sessions back" mail: how
 * many of `n` sessions are logged in, then, for each session down, since
 * when and its last error, then `doing`: what the gate does about it.
 * Always NUL-terminated; cut at `size`.
 */
void gate_alert_body(char *buf, size_t size, int healthy, int up, int n,
                     const struct gate_alert_session *down, int ndown,
                     const char *doing);

/* ---- misc ---- */

uint64_t gate_now_ms(void);     /* monotonic clock */
int64_t gate_now_real_ms(void); /* Unix time in ms */

#endif
