/*
 * eppkit - byte transports behind a small vtable (the rabbitmq-c model):
 * TLS over TCP for registries, plain TCP for tests, and memory for tests
 * and fuzzers, so a whole session can run without a socket.
 */
#ifndef EPP_TRANSPORT_H
#define EPP_TRANSPORT_H

#include <sys/types.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct epp_transport epp_transport;

/*
 * The operations of a transport. `send` and `recv` move at most `len`
 * bytes and return how many (> 0), or a negative epp_errcode; recv returns
 * EPP_ECLOSED at end of stream. `timeout_ms` < 0 waits forever. `fd`
 * returns the pollable descriptor or -1. `close` releases everything,
 * including the transport struct itself.
 */
typedef struct {
	ssize_t (*send)(epp_transport *t, const void *buf, size_t len,
	                int timeout_ms);
	ssize_t (*recv)(epp_transport *t, void *buf, size_t len,
	                int timeout_ms);
	int (*fd)(const epp_transport *t);
	/* bytes already buffered inside the transport (SSL_pending) */
	size_t (*pending)(const epp_transport *t);
	void (*close)(epp_transport *t);
} epp_transport_ops;

/* Every transport starts with this header; `errmsg` holds the detail of
 * the last failure (never a secret). */
struct epp_transport {
	const epp_transport_ops *ops;
	char errmsg[EPP_ERROR_TEXT_LENGTH];
	/* Bytes handed to the operating system (or the in-memory peer) so
	 * far. A caller compares it before and after a failed send to know
	 * whether any byte of a request may have left. */
	unsigned long long wire_sent;
};

/*
 * Where and how to connect. Initialise with EPP_TRANSPORT_OPTIONS_INIT:
 * a `version` other than EPP_TRANSPORT_OPTIONS_VERSION (options of
 * another libepp) is refused with EPP_EINVAL, the error saying so.
 * Strings are borrowed for the duration of the connect call.
 */
#define EPP_TRANSPORT_OPTIONS_VERSION 1
typedef struct {
	unsigned int version;     /* EPP_TRANSPORT_OPTIONS_VERSION */
	const char *host;         /* host name or address literal */
	const char *port;         /* service or number, default "700" */
	const char *bind_address; /* optional local source address */
	int connect_timeout_ms;   /* TCP and TLS handshake together;
				      <= 0: default 10000 */
	/* TLS only */
	const char *ca_file;        /* PEM CA bundle; NULL = system CAs */
	const char *cert_file;      /* PEM client certificate (chain) */
	const char *key_file;       /* PEM private key; default cert_file */
	const char *key_passphrase; /* never logged */
	const char *server_name;    /* name to verify and send as SNI;
				      default: host */
	int insecure;               /* 1 = do not verify the server */
} epp_transport_options;

#define EPP_TRANSPORT_OPTIONS_INIT                                             \
	{                                                                      \
		.version = EPP_TRANSPORT_OPTIONS_VERSION                       \
	}

/*
 * Open a plain TCP connection (tests only: EPP requires TLS). Resolves
 * opts->host with getaddrinfo (IPv4 and IPv6), tries each address until
 * one connects within the deadline, binds to opts->bind_address first when
 * set, and sets TCP_NODELAY. On success *out is owned by the caller and
 * released with epp_transport_close(). On failure `err` (may be NULL) says
 * which step failed. Returns EPP_OK, EPP_EINVAL, EPP_ERESOLVE,
 * EPP_ECONNECT, EPP_ETIMEOUT, EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_transport_tcp_connect(epp_transport **out,
                          const epp_transport_options *opts, epp_error *err);

/*
 * As epp_transport_tcp_connect(), then a TLS (>= 1.2) handshake that
 * verifies the server's certificate chain against opts->ca_file (or the
 * system CAs) and its name against opts->server_name (or opts->host),
 * which is also sent as SNI unless it is an address literal. A client
 * certificate and key are presented when set. With opts->insecure the
 * server is not verified at all; the caller should warn about it.
 * Returns as epp_transport_tcp_connect(), plus EPP_ETLS (set-up,
 * handshake or verification failed: err->text names the reason, e.g.
 * "certificate has expired").
 */
EPP_EXTERN(int)
epp_transport_tls_connect(epp_transport **out,
                          const epp_transport_options *opts, epp_error *err);

/*
 * An in-memory transport whose peer is a callback, for tests and fuzzers.
 * Bytes the owner sends are framed with an RFC 5734 reader; each complete
 * frame is handed to `peer` (may be NULL), which may answer by queuing
 * bytes with epp_transport_mem_push() or epp_transport_mem_push_frame().
 * recv returns queued bytes, and EPP_ECLOSED (or the configured code) once
 * the queue is empty.
 */
typedef void (*epp_mem_peer_fn)(epp_transport *t, const char *frame, size_t len,
                                void *userdata);

#define EPP_MEM_OPTIONS_VERSION 1
typedef struct {
	unsigned int version;
	epp_mem_peer_fn peer;
	void *userdata;
	size_t recv_chunk; /* at most this many bytes per recv; 0 = any */
	size_t send_chunk; /* at most this many bytes per send; 0 = any */
	/* Fail a send with send_fail_code once this many bytes in total have
	 * been accepted; < 0 never. A send that would cross the mark accepts
	 * the bytes up to it first. */
	long long send_fail_at;
	int send_fail_code; /* default EPP_EIO */
	int empty_code;     /* recv on an empty queue; default EPP_ECLOSED */
} epp_mem_options;

#define EPP_MEM_OPTIONS_INIT                                                   \
	{                                                                      \
		.version = EPP_MEM_OPTIONS_VERSION, .send_fail_at = -1         \
	}

/* Create an in-memory transport; `opts` may be NULL (all defaults). */
EPP_EXTERN(int)
epp_transport_mem_new(epp_transport **out, const epp_mem_options *opts);

/* Queue raw bytes for the owner to receive. Returns EPP_OK or EPP_ENOMEM. */
EPP_EXTERN(int)
epp_transport_mem_push(epp_transport *t, const void *buf, size_t len);

/* Queue one RFC 5734 frame around `xml`. */
EPP_EXTERN(int)
epp_transport_mem_push_frame(epp_transport *t, const char *xml, size_t len);

/* Every byte the owner has sent so far, borrowed. */
EPP_EXTERN(const unsigned char *)
epp_transport_mem_sent(const epp_transport *t, size_t *len);

/* Convenience wrappers over the vtable. close(NULL) is a no-op. */
EPP_EXTERN(ssize_t)
epp_transport_send(epp_transport *t, const void *buf, size_t len,
                   int timeout_ms);
EPP_EXTERN(ssize_t)
epp_transport_recv(epp_transport *t, void *buf, size_t len, int timeout_ms);
EPP_EXTERN(void) epp_transport_close(epp_transport *t);

#ifdef __cplusplus
}
#endif

#endif
