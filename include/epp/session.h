/*
 * eppkit - an EPP session: connect (TLS with client certificate), greeting,
 * login, commands, logout.
 *
 * Thread rule: a session may move between threads but is never used by two
 * threads at once.
 */
#ifndef EPP_SESSION_H
#define EPP_SESSION_H

#include "common.h"
#include "transport.h"
#include "command.h"
#include "response.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct epp_session epp_session;

/* Log levels handed to the log callback. */
enum {
	EPP_LOG_ERROR = 0,
	EPP_LOG_WARN = 1,
	EPP_LOG_INFO = 2,
	EPP_LOG_DEBUG = 3
};

/* Log callback. `msg` never contains a password or authInfo value. */
typedef void (*epp_log_fn)(void *userdata, int level, const char *msg);

#define EPP_SESSION_OPTIONS_VERSION 1

/*
 * Connection and login settings. Initialise with EPP_SESSION_OPTIONS_INIT
 * (a `version` other than EPP_SESSION_OPTIONS_VERSION is refused with
 * EPP_EINVAL, epp_session_errmsg() saying so)
 * and set what you need; strings are borrowed for the duration of the call
 * that takes the options and copied if kept.
 */
typedef struct {
	unsigned int version;       /* EPP_SESSION_OPTIONS_VERSION */
	const char *host;           /* registry host name or address */
	const char *port;           /* service or number, default "700" */
	const char *bind_address;   /* optional local source address */
	const char *client_id;      /* <clID> */
	const char *password;       /* <pw>; never logged */
	const char *new_password;   /* optional <newPW>; never logged */
	const char *ca_file;        /* PEM CA bundle; NULL = system CAs */
	const char *cert_file;      /* PEM client certificate */
	const char *key_file;       /* PEM private key */
	const char *key_passphrase; /* optional; never logged */
	const char *server_name;    /* name to verify and send as SNI;
				      default: host */
	int insecure;               /* 1 = skip certificate verification
				      (logged as a warning) */
	int plain_tcp;              /* 1 = no TLS (tests only) */
	int connect_timeout_ms;     /* default 10000 */
	int io_timeout_ms;          /* per command, default 30000 */
	size_t max_frame;           /* default EPP_FRAME_DEFAULT_MAX */
	const char *cltrid_prefix;  /* default "EPPKIT" */
	const char *lang;           /* default: first of the greeting, "en" */
	/* NULL-terminated URI lists to announce at login; NULL = every
	 * object/extension we support that the greeting offers. */
	const char *const *obj_uris;
	const char *const *ext_uris;
	epp_log_fn log;
	void *log_userdata;
	/* RFC 8807 <loginSec:userAgent>, sent when the greeting offers
	 * loginSec: NULL app = "eppkit VERSION", NULL tech = the libxml2
	 * and OpenSSL versions, NULL os = uname(); "" leaves a part out. */
	const char *user_agent_app;
	const char *user_agent_tech;
	const char *user_agent_os;
	/* 1 = send a command even when it uses an extension that the
	 * login did not announce (registries with incomplete greetings);
	 * by default such a command fails before sending, naming it. */
	int allow_unoffered_ext;
} epp_session_options;

#define EPP_SESSION_OPTIONS_INIT                                               \
	{                                                                      \
		.version = EPP_SESSION_OPTIONS_VERSION                         \
	}

/* The server's <greeting>, borrowed from the session. Arrays end with NULL. */
typedef struct {
	const char *sv_id;
	const char *sv_date;
	const char *const *versions;
	const char *const *langs;
	const char *const *obj_uris;
	const char *const *ext_uris;
	const char *dcp_access; /* e.g. "all", "none", NULL when absent */
} epp_greeting;

/*
 * Connect to opts->host, complete TCP and TLS, read the greeting. Does not
 * log in. On failure *out is still set when a session object could be
 * made, so epp_session_errmsg() can say which step failed (DNS, TCP
 * connect, TLS handshake, certificate verification, greeting); the caller
 * frees it with epp_session_free().
 * Returns EPP_OK, EPP_ERESOLVE, EPP_ECONNECT, EPP_ETLS, EPP_ETIMEOUT,
 * EPP_EPROTO, EPP_ECLOSED, EPP_ENOMEM, EPP_EINVAL.
 */
EPP_EXTERN(int)
epp_session_open(epp_session **out, const epp_session_options *opts);

/*
 * As epp_session_open(), over a transport the caller made (memory, or a
 * socket of its own). The session takes ownership of `t` in every case.
 */
EPP_EXTERN(int)
epp_session_open_transport(epp_session **out, epp_transport *t,
                           const epp_session_options *opts);

/*
 * Send <login> with the options' credentials. A refusal by the registry
 * returns EPP_ELOGIN; epp_session_errmsg() then holds its code and message
 * and epp_session_last_code() the result code.
 */
EPP_EXTERN(int) epp_session_login(epp_session *s);

/* Send <logout> and read the answer; the connection stays open for close. */
EPP_EXTERN(int) epp_session_logout(epp_session *s);

/* Send <hello>; the fresh greeting replaces the stored one. */
EPP_EXTERN(int) epp_session_hello(epp_session *s);

/* The last greeting received; borrowed, valid until the next hello. */
EPP_EXTERN(const epp_greeting *) epp_session_greeting(const epp_session *s);

/*
 * Send a command built for this session and read its response. The
 * response's clTRID must equal the command's (else EPP_EPROTO). On success
 * *out is owned by the caller (epp_response_free). A registry error code
 * is not a failure: read epp_response_code().
 */
EPP_EXTERN(int)
epp_session_execute(epp_response **out, epp_session *s, const epp_command *cmd);

/*
 * Raw exchange: send one XML document, receive one. *reply is owned by the
 * caller (free()). No clTRID check.
 */
EPP_EXTERN(int)
epp_session_exchange(char **reply, size_t *reply_len, epp_session *s,
                     const char *xml, size_t len);

/*
 * After a failed execute/exchange: 1 if any byte of the command may have
 * reached the registry, 0 if provably none did. Transforms may be retried
 * only when this says 0.
 */
EPP_EXTERN(int) epp_session_request_sent(const epp_session *s);

/*
 * Write a fresh clTRID into buf (at least EPP_CLTRID_MAX bytes): prefix,
 * time, a per-process counter and random bits, unique across processes.
 */
#define EPP_CLTRID_MAX EPP_CLTRID_BUFSIZE
EPP_EXTERN(void) epp_session_next_cltrid(epp_session *s, char *buf);

/*
 * Change the time one command may take (sending and the response), e.g.
 * to fit a caller's deadline; ms <= 0 restores the session's io_timeout_ms.
 */
EPP_EXTERN(void) epp_session_set_command_timeout(epp_session *s, int ms);

/* Result code of the last response (0 when none). */
EPP_EXTERN(int) epp_session_last_code(const epp_session *s);

/* Detail of the last failure, "" when none. Never contains a secret. */
EPP_EXTERN(const char *) epp_session_errmsg(const epp_session *s);

/* Pollable descriptor, -1 when closed. */
EPP_EXTERN(int) epp_session_fd(const epp_session *s);

/*
 * Bytes already received and buffered (by the session or inside TLS) that
 * poll() on epp_session_fd() would not report. A caller with its own loop
 * checks it before blocking.
 */
EPP_EXTERN(size_t) epp_session_pending(const epp_session *s);

/* Close the connection (without logout) and free everything. NULL: no-op. */
EPP_EXTERN(void) epp_session_free(epp_session *s);

/*
 * The object and extension namespace URIs libepp supports (static,
 * NULL-terminated). Without explicit obj_uris/ext_uris in the options,
 * login announces those of them that the greeting offers.
 */
EPP_EXTERN(const char *const *) epp_supported_obj_uris(void);
EPP_EXTERN(const char *const *) epp_supported_ext_uris(void);

/* 1 after a successful login and before logout. */
EPP_EXTERN(int) epp_session_logged_in(const epp_session *s);

#ifdef __cplusplus
}
#endif

#endif
