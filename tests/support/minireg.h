/*
 * A tiny scripted registry for tests: a greeting, and answers to login,
 * logout, hello and any other command (1000, or a forced code), with the
 * request's clTRID echoed. It looks at requests with string matching only:
 * it is a test double, not a parser.
 */
#ifndef EPPKIT_TEST_MINIREG_H
#define EPPKIT_TEST_MINIREG_H

#include <stddef.h>

struct minireg {
	const char *password;   /* login succeeds only with this <pw> */
	const char *greeting;   /* NULL: minireg_default_greeting */
	int force_code;         /* != 0: answer every command with it */
	const char *bad_cltrid; /* != NULL: answer with this clTRID */
	int no_cltrid;          /* 1: answer without a clTRID */
	const char *msg;        /* != NULL: the <msg> of every answer */
	size_t pad;             /* add this many bytes of <msg> padding */
	int logins, logouts, hellos, commands; /* counters */
	char last_request[8192];               /* head of the last frame */
};

extern const char minireg_default_greeting[];

/* The answer to one request frame, malloc'd, NUL-terminated. */
char *minireg_answer(struct minireg *m, const char *req, size_t len,
                     size_t *out_len);

#endif
