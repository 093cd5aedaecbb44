/*
 * Fuzz the epp_params.txt parser: on success the four fields are
 * non-empty, blank-free and the port is a number.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "epp/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	epp_params p;
	epp_error err;

	if (epp_params_parse(&p, (const char *)data, size, "fuzz", &err) !=
	    EPP_OK)
		return 0;
	if (!*p.host || !*p.login || !*p.password || strchr(p.login, ' ') ||
	    atoi(p.port) < 1)
		abort();
	epp_params_clear(&p);
	return 0;
}
