/*
 * Fuzz the greeting parser: the input is the XML of a <greeting>.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "session/greeting_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	epp__greeting *g;
	epp_error err;
	size_t i;

	if (epp__greeting_parse(&g, (const char *)data, size, 65536, &err) !=
	    EPP_OK) {
		if (memchr(err.text, '\0', sizeof(err.text)) == NULL)
			abort();
		return 0;
	}
	/* A parsed greeting always has a version and terminated lists. */
	if (g->pub.versions == NULL || g->pub.versions[0] == NULL)
		abort();
	for (i = 0; g->pub.obj_uris[i]; i++)
		if (strlen(g->pub.obj_uris[i]) > size)
			abort();
	for (i = 0; g->pub.ext_uris[i]; i++)
		if (strlen(g->pub.ext_uris[i]) > size)
			abort();
	epp__greeting_free(g);
	return 0;
}
