/*
 * libepprpc error codes and the per-thread error text.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rpc_private.h"

/* Per thread, like errno: one client serves many threads at once, so a
 * per-handle message would be overwritten by the neighbours' calls. */
static _Thread_local char last_error[512];

static const char *const messages[EPPRPC_ERRCODE_COUNT] = {
        "success",
        "out of memory",
        "invalid argument or configuration",
        "cannot connect to the broker",
        "the broker refused the login",
        "the connection to the broker broke during the call",
        "no reply before the deadline",
        "the reply is not a JSON object",
        "no such request queue on the broker (is the gate running?)",
        "the client is being closed",
        "file I/O failed",
        "the reply is larger than the client's limit",
        "the reply of a transform was lost: its outcome is unknown",
};

const char *
epprpc_strerror(int code)
{
	if (code > 0 || -code >= EPPRPC_ERRCODE_COUNT)
		return "unknown error";
	return messages[-code];
}

const char *
epprpc_last_error(void)
{
	return last_error;
}

void
epprpc_free(void *p)
{
	free(p);
}

int
epprpc__fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return code;
}

void
epprpc__clear_error(void)
{
	last_error[0] = '\0';
}
