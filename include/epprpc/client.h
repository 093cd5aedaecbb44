/*
 * eppkit - libepprpc client: configuration, connection, epprpc_call().
 *
 * Thread rule: one client may be used by many threads at once. Calls in
 * flight share one AMQP connection, owned by the client's I/O thread; each
 * caller blocks (without spinning) until the reply with its own
 * correlation_id arrives or its deadline passes. Do not free a client while
 * calls on it are in flight.
 */
#ifndef EPPRPC_CLIENT_H
#define EPPRPC_CLIENT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct epprpc_client epprpc_client;

/* Where replies come back. */
enum {
	EPPRPC_REPLY_DIRECT = 0, /* RabbitMQ direct reply-to (default) */
	EPPRPC_REPLY_QUEUE = 1   /* one exclusive server-named queue, like
				    the Python client */
};

#define EPPRPC_OPTIONS_VERSION 1

/*
 * Client settings. Initialise with EPPRPC_OPTIONS_INIT. A field left at
 * its zero value is taken from the configuration JSON, then from the
 * default. The configuration JSON is, in order: the file `conf_path`, the
 * file named by $RPC_CLIENT_CONF_PATH, the text of $RPC_CLIENT_CONF (the
 * last two only when `use_env` is set):
 *   {"host": "localhost", "port": "5672", "username": "...",
 *    "password": "...", "timeout": 5, "queue_name": "epp_messages"}
 * `port` may be a number or a string, `timeout` is in seconds. Extra keys
 * of ours: "vhost", "tls", "ca_file", "cert_file", "key_file",
 * "tls_verify", "reply_mode" ("direct" or "queue"), "max_reply" (bytes),
 * "lazy_connect" (true or false), "hosts" (a list of "host:port", the
 * nodes of a cluster).
 * An explicit field always wins over the file (the Python client lets the
 * file override the queue name; we do not).
 * Strings are copied by epprpc_client_open().
 */
typedef struct {
	unsigned int version;     /* EPPRPC_OPTIONS_VERSION */
	const char *host;         /* default "localhost" */
	int port;                 /* default 5672, 5671 with TLS */
	const char *username;     /* required (option or configuration) */
	const char *password;     /* required; never logged */
	const char *vhost;        /* default "/" */
	const char *queue_name;   /* request queue, default "epp_messages" */
	int timeout_ms;           /* default call deadline, default 30000 */
	int connect_timeout_ms;   /* default 10000 */
	const char *health_file;  /* default $RPC_CLIENT_HEALTH_FILE */
	int retry_delay_ms;       /* wait before the retry, default 2000 */
	int reply_mode;           /* EPPRPC_REPLY_DIRECT or _QUEUE */
	const char *conf_path;    /* configuration file to read */
	int use_env;              /* 1 = read RPC_CLIENT_CONF(_PATH) and
				    RPC_CLIENT_HEALTH_FILE (default 1) */
	int tls;                  /* 1 = AMQPS */
	const char *ca_file;      /* PEM CA bundle for the broker */
	const char *cert_file;    /* optional client certificate */
	const char *key_file;     /* its key */
	int tls_no_verify;        /* 1 = do not verify the broker's
				    certificate (tests only) */
	size_t max_reply;         /* largest reply body handed to a caller,
				    default EPPRPC_DEFAULT_MAX_REPLY; a
				    larger one fails that call with
				    EPPRPC_ELIMIT */
	int lazy_connect;         /* 1 = epprpc_client_open() does not
				    connect; the first call does (with the
				    health-file retry) */
	const char *const *hosts; /* the nodes of a broker cluster, a
				     NULL-terminated list of "host:port"
				     ("host" alone takes `port`; an IPv6
				     address in brackets); replaces host
				     and port when not empty */
} epprpc_options;

/*
 * Every call with a deadline carries it twice: as the AMQP `expiration`
 * property (milliseconds left when it is published: the broker drops a
 * request still queued after that) and as this header, the absolute
 * deadline in Unix milliseconds (a signed 64-bit integer): the gate does
 * not start a request whose deadline has passed, and waits for the
 * registry no longer than the time left.
 */
#define EPPRPC_DEADLINE_HEADER "x-epp-deadline"

/* The default of epprpc_options.max_reply: 16 MiB. */
#define EPPRPC_DEFAULT_MAX_REPLY ((size_t)16 * 1024 * 1024)

#define EPPRPC_OPTIONS_INIT                                                    \
	{                                                                      \
		.version = EPPRPC_OPTIONS_VERSION,                             \
		.reply_mode = EPPRPC_REPLY_DIRECT, .use_env = 1                \
	}

/*
 * Resolve the configuration of `opts` (see epprpc_options) without
 * connecting: `*out` is a copy of `opts` with every field filled in. The
 * strings of *out live until epprpc_options_release(out).
 * Returns EPPRPC_OK, EPPRPC_EINVAL (bad or incomplete configuration),
 * EPPRPC_EIO (configuration file unreadable), EPPRPC_ENOMEM.
 */
EPPRPC_EXTERN(int)
epprpc_options_resolve(epprpc_options *out, const epprpc_options *opts);

/* Free the strings of an options struct filled by epprpc_options_resolve. */
EPPRPC_EXTERN(void) epprpc_options_release(epprpc_options *opts);

/*
 * Resolve the configuration, connect and log in to the broker, start
 * consuming replies, and start the client's I/O thread. `opts` may be NULL
 * (everything from the environment). *out is owned by the caller and freed
 * with epprpc_client_free().
 *
 * The broker down: open makes one attempt, bounded by connect_timeout_ms,
 * and fails with EPPRPC_ECONNECT (EPPRPC_ELOGIN for a refused login);
 * there is no retry and the health file is not written, so a wrong host
 * or password shows at once. With `lazy_connect` set, open does not
 * connect at all (only the configuration can make it fail): the first
 * call connects, and a failure there is a transport error of that call,
 * with the health-file line and retry of epprpc_call().
 *
 * Returns EPPRPC_OK, EPPRPC_EINVAL, EPPRPC_EIO, EPPRPC_ECONNECT,
 * EPPRPC_ELOGIN, EPPRPC_ENOMEM; epprpc_last_error() says more.
 */
EPPRPC_EXTERN(int)
epprpc_client_open(epprpc_client **out, const epprpc_options *opts);

/* Stop the I/O thread, close the connection, free. NULL is a no-op. */
EPPRPC_EXTERN(void) epprpc_client_free(epprpc_client *c);

/*
 * Send one request and wait for its reply. `request_json` is the request
 * text ({"cmd": ..., "args": {...}}), sent as is. `timeout_ms` > 0 is the
 * deadline of this call, 0 means the client's default, < 0 waits forever.
 *
 * The request is published to the request queue with reply_to and a fresh
 * correlation_id; replies with another correlation_id are dropped. If the
 * connection is down the client reconnects first, trying each node of
 * `hosts` once from the next one on. When the connection dies after the
 * request went out, its reply is lost with it: a query (*_check, *_info,
 * hello, poll_req, a transfer query) is sent again at once within the
 * deadline; anything else returns EPPRPC_EUNKNOWN, whose text names the
 * correlation id (the gate logs it with the clTRID), and is not retried.
 * On a transport failure (ECONNECT, ELOGIN, ETRANSPORT, EUNROUTABLE) with
 * a health file configured, the client appends "<error> at <asctime>" to
 * the file, waits retry_delay_ms and retries once, like the Python client;
 * without a health file the call fails at once.
 *
 * *reply_json receives the reply text, NUL-terminated, owned by the caller
 * (epprpc_free()); *reply_len its length when reply_len is not NULL.
 * Returns EPPRPC_OK (whatever the reply says), EPPRPC_ETIMEOUT,
 * EPPRPC_EUNKNOWN, EPPRPC_ECONNECT, EPPRPC_ELOGIN, EPPRPC_ETRANSPORT,
 * EPPRPC_EUNROUTABLE, EPPRPC_ELIMIT (the reply body is over max_reply: it is dropped, the
 * connection stays up for the next call), EPPRPC_EIO (health file),
 * EPPRPC_EINVAL, EPPRPC_ENOMEM.
 * Thread-safe.
 */
EPPRPC_EXTERN(int)
epprpc_call(char **reply_json, epprpc_client *c, const char *request_json,
            int timeout_ms);

/* epprpc_call() with an explicit request length and reply length. */
EPPRPC_EXTERN(int)
epprpc_call_len(char **reply_json, size_t *reply_len, epprpc_client *c,
                const char *request, size_t request_len, int timeout_ms);

/* Counters of a client since it was opened (all calls, all threads). */
typedef struct {
	unsigned long long calls;            /* epprpc_call attempts */
	unsigned long long replies;          /* replies matched to a call */
	unsigned long long stray_replies;    /* replies dropped: unknown or
					     expired correlation_id */
	unsigned long long timeouts;         /* calls that hit their deadline */
	unsigned long long transport_errors; /* calls failed by transport */
	unsigned long long connects;         /* successful (re)connections */
	unsigned long long retries;          /* health-file retries */
} epprpc_stats;

/* Copy the client's counters into *out. Thread-safe. */
EPPRPC_EXTERN(void) epprpc_client_stats(epprpc_client *c, epprpc_stats *out);

/* The request queue name the client publishes to (borrowed). */
EPPRPC_EXTERN(const char *) epprpc_client_queue(const epprpc_client *c);

#ifdef __cplusplus
}
#endif

#endif
