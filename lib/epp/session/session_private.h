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

/*
 * As epp_response_parse() from a frame as epp_frame_reader_take() gives
 * it (malloc'd, a NUL at frame[len]): not copied but kept as the
 * response's raw document, or freed on failure.
 */
int epp__response_take(epp_response **out, char *frame, size_t len,
                       epp_error *err);

#endif
