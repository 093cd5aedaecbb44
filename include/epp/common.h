/*
 * eppkit - common definitions of libepp: export macro, error codes,
 * library initialisation.
 *
 * Thread rule: no mutable global state after epp_global_init(); a handle
 * may move between threads but is never used by two threads at once.
 */
#ifndef EPP_COMMON_H
#define EPP_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(EPP_BUILDING_LIBRARY) && defined(__GNUC__)
#define EPP_EXTERN(type) __attribute__((visibility("default"))) type
#else
#define EPP_EXTERN(type) type
#endif

#define EPP_VERSION_MAJOR 0
#define EPP_VERSION_MINOR 1
#define EPP_VERSION_PATCH 0
#define EPP_VERSION       "0.1.0"

/*
 * Library error codes. Zero is success, failures are negative. The values
 * are part of the ABI: never renumber one, only append.
 *
 * A registry that answers with a result code of 2000 or more is NOT a
 * library error: the call returns EPP_OK and the caller reads the result
 * code from the response.
 */
typedef enum {
	EPP_OK = 0,
	EPP_ENOMEM = -1,    /* out of memory */
	EPP_EINVAL = -2,    /* invalid argument or input data */
	EPP_EIO = -3,       /* socket or file I/O failed */
	EPP_ETLS = -4,      /* TLS set-up, handshake or verification failed */
	EPP_ETIMEOUT = -5,  /* a deadline passed */
	EPP_ECLOSED = -6,   /* the peer closed the connection */
	EPP_EPROTO = -7,    /* the peer broke the protocol (bad XML, clTRID) */
	EPP_ELIMIT = -8,    /* a size or depth limit was exceeded */
	EPP_ERESOLVE = -9,  /* host name resolution failed */
	EPP_ECONNECT = -10, /* TCP connect failed */
	EPP_ELOGIN = -11,   /* the registry refused the login */
	EPP_ESTATE = -12,   /* call not valid in the handle's current state */
	EPP_EAGAIN = -13,   /* need more input (incremental parsers) */
	EPP_ENOTFOUND = -14 /* the requested item is absent */
} epp_errcode;

/* Number of error codes, EPP_OK included (for tests and tables). */
#define EPP_ERRCODE_COUNT 15

/*
 * Fixed-size error detail for calls that have no handle to keep it in
 * (parsers, builders). Filled on failure; `text` is always NUL-terminated.
 * `line` and `column` are 1-based positions in the input, or 0 when they
 * do not apply.
 */
#define EPP_ERROR_TEXT_LENGTH 256
typedef struct {
	int code; /* an epp_errcode */
	int line;
	int column;
	char text[EPP_ERROR_TEXT_LENGTH];
} epp_error;

/*
 * Short English description of an error code. Never returns NULL; the
 * string is static.
 */
EPP_EXTERN(const char *) epp_strerror(int code);

/*
 * Initialise libxml2 and OpenSSL once for the process. Call it before any
 * other libepp function and before starting threads; calling it again is
 * harmless. Returns EPP_OK or EPP_ENOMEM.
 */
EPP_EXTERN(int) epp_global_init(void);

/* Release what epp_global_init() set up. Call once, at exit. */
EPP_EXTERN(void) epp_global_cleanup(void);

/* The library's version string, e.g. "0.1.0". */
EPP_EXTERN(const char *) epp_version(void);

#ifdef __cplusplus
}
#endif

#endif
