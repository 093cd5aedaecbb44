/*
 * Internal: the lowest layer of libepp, used by every other one. Error
 * setters and the arena; nothing here knows of sockets, XML or commands.
 */
#ifndef EPP_BASE_PRIVATE_H
#define EPP_BASE_PRIVATE_H

#include <stddef.h>

#include "epp/common.h"

/* Format into err (if not NULL): code and printf-style text. Returns code. */
int epp__error_set(epp_error *err, int code, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/*
 * Format "field[idx]: problem" into err (`idx` < 0: no index). Returns
 * EPP_EINVAL. The value itself is never quoted, so a secret cannot leak
 * through an error.
 */
int epp__invalid(epp_error *err, const char *field, long idx,
                 const char *problem);

/*
 * Write the control characters of the line in `buf` (`cap` bytes) as
 * \xHH, in place, cutting its end where it no longer fits: a newline or
 * an escape sequence in a registry's text must not forge or colour a log
 * line. Every error text and log line of libepp goes through it.
 */
void epp__escape_controls(char *buf, size_t cap);

#define EPP__OOM(err) epp__error_set((err), EPP_ENOMEM, "out of memory")

/* Bump allocator: every string and array of a response's typed data, and
 * the argument structs a JSON request is read into. */
typedef struct epp__arena_chunk epp__arena_chunk;
typedef struct {
	epp__arena_chunk *head;
	int oom; /* sticky: an allocation failed */
} epp__arena;

/* `n` zeroed bytes, aligned for any type; NULL (and oom set) on failure. */
void *epp__arena_alloc(epp__arena *a, size_t n);
/* Copy of `s` (len bytes) plus a NUL. */
char *epp__arena_strndup(epp__arena *a, const char *s, size_t len);
void epp__arena_free(epp__arena *a);

#endif
