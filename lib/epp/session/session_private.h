/*
 * Internal: what the session forms of the builders (objexec.c) need of
 * the session.
 */
#ifndef EPP_SESSION_PRIVATE_H
#define EPP_SESSION_PRIVATE_H

#include "epp/session.h"

/*
 * A command refused before anything was sent: keep the builder's detail
 * ("<what>: <err->text>") as the session's error message (logged like
 * every other failure) and return err->code.
 */
int epp__session_refuse(epp_session *s, const char *what, const epp_error *err);

#endif
