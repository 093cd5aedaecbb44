/*
 * Fuzz the RFC 5734 frame reader: arbitrary bytes, fed in chunks whose
 * sizes come from the input itself, with a small cap so that limits are hit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "epp/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	epp_frame_reader *r;
	size_t off = 0, used, chunk;
	char *out;
	size_t len;
	int rc;

	if (epp_frame_reader_new(&r, 65536) != EPP_OK)
		return 0;
	while (off < size) {
		chunk = 1 + data[off] % 97;
		if (chunk > size - off)
			chunk = size - off;
		rc = epp_frame_reader_feed(r, data + off, chunk, &used);
		if (rc != EPP_OK) {
			if (used > chunk)
				abort();
			epp_frame_reader_reset(r);
			off += chunk;
			continue;
		}
		if (used > chunk)
			abort();
		off += used;
		while (epp_frame_reader_take(&out, &len, r) == EPP_OK) {
			if (strlen(out) > len)
				abort();
			free(out);
		}
	}
	epp_frame_reader_free(r);
	return 0;
}
