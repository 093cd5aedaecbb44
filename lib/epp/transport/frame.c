/*
 * RFC 5734 frame reader and encoder.
 *
 * The reader is a two-state machine: collect the 4 header bytes, then the
 * body. The body buffer is allocated only after the header has been checked
 * against the cap, so a hostile peer cannot make us allocate what it
 * announces.
 */
#include <stdlib.h>
#include <string.h>

#include "epp/frame.h"

struct epp_frame_reader {
	size_t max_frame;
	unsigned char hdr[EPP_FRAME_HEADER_SIZE];
	size_t hdr_have;
	char *body;       /* allocated once the header is known */
	size_t body_len;  /* payload bytes expected */
	size_t body_have; /* payload bytes received */
	int complete;
	int error; /* sticky error, 0 when healthy */
};

int
epp_frame_reader_new(epp_frame_reader **out, size_t max_frame)
{
	epp_frame_reader *r;

	if (out == NULL)
		return EPP_EINVAL;
	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return EPP_ENOMEM;
	r->max_frame = max_frame ? max_frame : EPP_FRAME_DEFAULT_MAX;
	*out = r;
	return EPP_OK;
}

void
epp_frame_reader_free(epp_frame_reader *r)
{
	if (r == NULL)
		return;
	free(r->body);
	free(r);
}

void
epp_frame_reader_reset(epp_frame_reader *r)
{
	free(r->body);
	r->body = NULL;
	r->hdr_have = 0;
	r->body_len = 0;
	r->body_have = 0;
	r->complete = 0;
	r->error = 0;
}

static int
start_body(epp_frame_reader *r)
{
	uint32_t total = (uint32_t)r->hdr[0] << 24 | (uint32_t)r->hdr[1] << 16 |
	                 (uint32_t)r->hdr[2] << 8 | (uint32_t)r->hdr[3];

	if (total <= EPP_FRAME_HEADER_SIZE)
		return r->error = EPP_EPROTO;
	if (total > r->max_frame)
		return r->error = EPP_ELIMIT;
	r->body_len = total - EPP_FRAME_HEADER_SIZE;
	r->body_have = 0;
	r->body = malloc(r->body_len + 1);
	if (r->body == NULL)
		return EPP_ENOMEM;
	return EPP_OK;
}

int
epp_frame_reader_feed(epp_frame_reader *r, const void *buf, size_t len,
                      size_t *consumed)
{
	const unsigned char *p = buf;
	size_t used = 0, n;
	int rc;

	if (consumed)
		*consumed = 0;
	if (r == NULL || (buf == NULL && len > 0))
		return EPP_EINVAL;
	if (r->error)
		return r->error;

	while (used < len && !r->complete) {
		if (r->hdr_have < EPP_FRAME_HEADER_SIZE) {
			n = EPP_FRAME_HEADER_SIZE - r->hdr_have;
			if (n > len - used)
				n = len - used;
			memcpy(r->hdr + r->hdr_have, p + used, n);
			r->hdr_have += n;
			used += n;
			if (r->hdr_have == EPP_FRAME_HEADER_SIZE &&
			    (rc = start_body(r)) != EPP_OK) {
				if (consumed)
					*consumed = used;
				return rc;
			}
			continue;
		}
		n = r->body_len - r->body_have;
		if (n > len - used)
			n = len - used;
		memcpy(r->body + r->body_have, p + used, n);
		r->body_have += n;
		used += n;
		if (r->body_have == r->body_len) {
			r->body[r->body_len] = '\0';
			r->complete = 1;
		}
	}
	if (consumed)
		*consumed = used;
	return EPP_OK;
}

int
epp_frame_reader_take(char **out, size_t *len, epp_frame_reader *r)
{
	if (r == NULL || out == NULL)
		return EPP_EINVAL;
	if (r->error)
		return r->error;
	if (!r->complete)
		return EPP_EAGAIN;
	*out = r->body;
	if (len)
		*len = r->body_len;
	r->body = NULL;
	r->hdr_have = 0;
	r->body_len = 0;
	r->body_have = 0;
	r->complete = 0;
	return EPP_OK;
}

size_t
epp_frame_reader_pending(const epp_frame_reader *r)
{
	return r->hdr_have + r->body_have;
}

size_t
epp_frame_reader_expected(const epp_frame_reader *r)
{
	if (r->hdr_have < EPP_FRAME_HEADER_SIZE || r->error)
		return 0;
	return r->body_len + EPP_FRAME_HEADER_SIZE;
}

void
epp_frame_header(unsigned char hdr[EPP_FRAME_HEADER_SIZE], uint32_t len)
{
	uint32_t total = len + EPP_FRAME_HEADER_SIZE;

	hdr[0] = (unsigned char)(total >> 24);
	hdr[1] = (unsigned char)(total >> 16);
	hdr[2] = (unsigned char)(total >> 8);
	hdr[3] = (unsigned char)total;
}

int
epp_frame_encode(unsigned char **out, size_t *out_len, const void *payload,
                 size_t len, size_t max_frame)
{
	unsigned char *buf;

	if (out == NULL || out_len == NULL || (payload == NULL && len > 0))
		return EPP_EINVAL;
	*out = NULL;
	*out_len = 0;
	if (max_frame == 0)
		max_frame = EPP_FRAME_DEFAULT_MAX;
	if (len > UINT32_MAX - EPP_FRAME_HEADER_SIZE ||
	    len + EPP_FRAME_HEADER_SIZE > max_frame)
		return EPP_ELIMIT;
	buf = malloc(len + EPP_FRAME_HEADER_SIZE);
	if (buf == NULL)
		return EPP_ENOMEM;
	epp_frame_header(buf, (uint32_t)len);
	if (len)
		memcpy(buf + EPP_FRAME_HEADER_SIZE, payload, len);
	*out = buf;
	*out_len = len + EPP_FRAME_HEADER_SIZE;
	return EPP_OK;
}
