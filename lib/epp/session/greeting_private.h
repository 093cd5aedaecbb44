/*
 * Internal: the parsed <greeting>, and the login/logout/hello builders.
 */
#ifndef EPP_GREETING_PRIVATE_H
#define EPP_GREETING_PRIVATE_H

#include "epp/session.h"

/* A greeting: `pub` points into storage owned by the struct. */
typedef struct {
	epp_greeting pub;
	char **versions, **langs, **obj_uris, **ext_uris;
	char *sv_id, *sv_date, *dcp_access;
} epp__greeting;

/*
 * Parse a <greeting> document (safe libxml2 parse, `max_size` bytes at
 * most). *out is owned by the caller (epp__greeting_free). Returns EPP_OK,
 * EPP_EPROTO (not XML, not a greeting, or no svcMenu version), EPP_ELIMIT,
 * EPP_ENOMEM; `err` says what is wrong.
 */
int epp__greeting_parse(epp__greeting **out, const char *xml, size_t len,
                        size_t max_size, epp_error *err);

/* As epp__greeting_parse() from a malloc'd frame, which is freed as soon
 * as the tree is built, whatever the outcome. */
int epp__greeting_take(epp__greeting **out, char *frame, size_t len,
                       size_t max_size, epp_error *err);

void epp__greeting_free(epp__greeting *g);

/* Free a NULL-terminated list of malloc'd strings (NULL: no-op). */
void epp__strlist_free(char **list);

/* 1 when `list` (NULL-terminated, may be NULL) contains `s`. */
int epp__list_has(const char *const *list, const char *s);

/* What login needs, all borrowed. */
typedef struct {
	const char *client_id;
	const char *password;
	const char *new_password; /* NULL: no <newPW> */
	const char *version;
	const char *lang;
	const char *const *obj_uris; /* NULL-terminated */
	const char *const *ext_uris; /* NULL-terminated, may be empty */
	/* RFC 8807, when loginSec is announced: long and new passwords go
	 * through <loginSec:loginSec>; the user agent parts (NULL = none) */
	int loginsec;
	const char *ua_app, *ua_tech, *ua_os;
} epp__login_params;

/* Build <login>, <logout> and <hello> (no clTRID for hello). */
int epp__login_build(epp_command **out, const epp__login_params *p,
                     const char *cltrid, epp_error *err);
int epp__logout_build(epp_command **out, const char *cltrid, epp_error *err);
int epp__hello_build(epp_command **out, epp_error *err);

#endif
