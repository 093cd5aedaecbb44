/*
 * Internal: what the session forms of the builders (objexec.c) need of
 * the session.
 */
#ifndef EPP_SESSION_PRIVATE_H
#define EPP_SESSION_PRIVATE_H

#include "epp/response.h"
#include "epp/session.h"

/*
 * A command refused before anything was sent: keep the builder's detail
 * ("<what>: <err->text>") as the session's error message (logged like
 * every other failure) and return err->code.
 */
int epp__session_refuse(epp_session *s, const char *what, const epp_error *err);

/*
 * epp_response_parse() on a malloc'd frame (len + 1 bytes, NUL-terminated)
 * that becomes the response's raw text instead of being copied: on
 * success the response owns it; on failure the caller still does.
 */
int epp__response_parse_own(epp_response **out, char *xml, size_t len,
                            epp_error *err);

#endif
