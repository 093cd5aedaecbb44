/*
 * Fuzz a whole client session from memory: the input is the byte stream
 * the "registry" sends (greeting and responses, framed), replayed through
 * the in-memory transport while the session opens, logs in, says hello and
 * logs out. Covers framing, the greeting parser, the response parser and
 * the clTRID check together.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "epp/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when the input itself holds the password: then a message may quote
 * it from the server's data without leaking anything of ours. */
static int input_has_pw;

static int
contains(const uint8_t *data, size_t size, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= size; i++)
		if (memcmp(data + i, s, n) == 0)
			return 1;
	return 0;
}

static void
discard(void *ud, int level, const char *msg)
{
	(void)ud;
	(void)level;
	if (!input_has_pw && strstr(msg, "fuzz-pw") != NULL)
		abort(); /* a secret reached a log line */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	epp_mem_options mo = EPP_MEM_OPTIONS_INIT;
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_transport *t;
	epp_session *s;

	input_has_pw = contains(data, size, "fuzz-pw");
	mo.recv_chunk = size > 0 ? 1 + data[0] % 64 : 0;
	if (epp_transport_mem_new(&t, &mo) != EPP_OK)
		return 0;
	if (epp_transport_mem_push(t, data, size) != EPP_OK) {
		epp_transport_close(t);
		return 0;
	}
	o.client_id = "fuzzer";
	o.password = "fuzz-pw";
	o.max_frame = 65536;
	o.log = discard;
	if (epp_session_open_transport(&s, t, &o) == EPP_OK &&
	    epp_session_login(s) == EPP_OK && epp_session_hello(s) == EPP_OK)
		epp_session_logout(s);
	if (!input_has_pw && strstr(epp_session_errmsg(s), "fuzz-pw") != NULL)
		abort();
	epp_session_free(s);
	return 0;
}
