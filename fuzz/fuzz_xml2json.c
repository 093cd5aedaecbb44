/*
 * Fuzz the XML to compat JSON converter: any input either fails with a
 * terminated message or gives one line of pure-ASCII JSON that jansson
 * reads back as an object with exactly one key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "epp/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	epp_error err;
	json_t *v;
	char *out;
	size_t len, i;

	if (epp_json_from_xml(&out, &len, (const char *)data, size, &err) !=
	    EPP_OK) {
		if (memchr(err.text, '\0', sizeof(err.text)) == NULL)
			abort();
		return 0;
	}
	if (strlen(out) != len)
		abort();
	for (i = 0; i < len; i++)
		if ((unsigned char)out[i] < 0x20 ||
		    (unsigned char)out[i] > 0x7e)
			abort();
	v = json_loadb(out, len, 0, NULL);
	if (v == NULL || !json_is_object(v) || json_object_size(v) != 1)
		abort();
	json_decref(v);
	free(out);
	return 0;
}
