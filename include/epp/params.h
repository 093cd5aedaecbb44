/*
 * eppkit - the credentials file of epp-python-client, epp_params.txt:
 * one line "host port login password", fields separated by blanks. Read
 * by epp-gate (--epp FILE) and eppctl (--epp FILE).
 */
#ifndef EPP_PARAMS_H
#define EPP_PARAMS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest credentials file accepted, in bytes. */
#define EPP_PARAMS_MAX_SIZE 4096

/* The four fields, each a malloc'd string owned by the struct. */
typedef struct {
	char *host;
	char *port; /* a number from 1 to 65535 */
	char *login;
	char *password; /* never logged; wiped by epp_params_clear() */
} epp_params;

/*
 * Parse the text of a credentials file: exactly one line (trailing line
 * ends and blanks are fine) of exactly 4 fields, a port from 1 to 65535.
 * `name` (the file name) starts every error text, which never quotes the
 * password. On success *out owns four strings (epp_params_clear).
 * Returns EPP_OK, EPP_EINVAL (format), EPP_ELIMIT (too large), EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_params_parse(epp_params *out, const char *text, size_t len,
                 const char *name, epp_error *err);

/* Read and parse the file at `path`; also EPP_EIO when unreadable. */
EPP_EXTERN(int)
epp_params_load(epp_params *out, const char *path, epp_error *err);

/* Free the fields (wiping the password) and zero the struct. */
EPP_EXTERN(void) epp_params_clear(epp_params *p);

#ifdef __cplusplus
}
#endif

#endif
