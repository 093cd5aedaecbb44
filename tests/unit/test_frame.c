/* RFC 5734 frame reader and encoder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "epp/frame.h"

static const char greeting[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><hello/></epp>";

static unsigned char *
encode(const char *s, size_t len, size_t *out_len)
{
	unsigned char *buf;

	assert_int_equal(epp_frame_encode(&buf, out_len, s, len, 0), EPP_OK);
	return buf;
}

/* Feed `wire` in two parts split at `cut`, expect exactly `payload`. */
static void
feed_split(const unsigned char *wire, size_t wire_len, size_t cut,
           const char *payload, size_t payload_len)
{
	epp_frame_reader *r;
	size_t used, off = 0;
	char *out;
	size_t out_len;

	assert_int_equal(epp_frame_reader_new(&r, 0), EPP_OK);
	assert_int_equal(epp_frame_reader_feed(r, wire, cut, &used), EPP_OK);
	assert_int_equal(used, cut);
	off = used;
	if (cut < wire_len)
		assert_int_equal(epp_frame_reader_take(&out, &out_len, r),
		                 EPP_EAGAIN);
	assert_int_equal(
	        epp_frame_reader_feed(r, wire + off, wire_len - off, &used),
	        EPP_OK);
	assert_int_equal(off + used, wire_len);
	assert_int_equal(epp_frame_reader_take(&out, &out_len, r), EPP_OK);
	assert_int_equal(out_len, payload_len);
	assert_memory_equal(out, payload, payload_len);
	assert_int_equal(out[out_len], '\0');
	assert_int_equal(epp_frame_reader_pending(r), 0);
	free(out);
	epp_frame_reader_free(r);
}

static void
split_at_every_byte(void **state)
{
	size_t wire_len, cut;
	unsigned char *wire;

	(void)state;
	wire = encode(greeting, strlen(greeting), &wire_len);
	assert_int_equal(wire_len, strlen(greeting) + 4);
	assert_int_equal(wire[3], (unsigned char)(wire_len & 0xff));
	for (cut = 0; cut <= wire_len; cut++)
		feed_split(wire, wire_len, cut, greeting, strlen(greeting));
	free(wire);
}

static void
one_byte_at_a_time(void **state)
{
	epp_frame_reader *r;
	unsigned char *wire;
	size_t wire_len, i, used;
	char *out;
	size_t out_len;

	(void)state;
	wire = encode(greeting, strlen(greeting), &wire_len);
	assert_int_equal(epp_frame_reader_new(&r, 0), EPP_OK);
	for (i = 0; i < wire_len; i++) {
		assert_int_equal(epp_frame_reader_take(&out, &out_len, r),
		                 EPP_EAGAIN);
		assert_int_equal(epp_frame_reader_feed(r, wire + i, 1, &used),
		                 EPP_OK);
		assert_int_equal(used, 1);
		assert_int_equal(epp_frame_reader_pending(r), i + 1);
	}
	assert_int_equal(epp_frame_reader_expected(r), wire_len);
	assert_int_equal(epp_frame_reader_take(&out, &out_len, r), EPP_OK);
	assert_string_equal(out, greeting);
	free(out);
	free(wire);
	epp_frame_reader_free(r);
}

/* Two frames in one buffer: the reader stops after the first. */
static void
back_to_back_frames(void **state)
{
	epp_frame_reader *r;
	unsigned char *a, *b, *both;
	size_t alen, blen, used;
	char *out;
	size_t out_len;

	(void)state;
	a = encode("<a/>", 4, &alen);
	b = encode("<bb/>", 5, &blen);
	both = malloc(alen + blen);
	memcpy(both, a, alen);
	memcpy(both + alen, b, blen);
	assert_int_equal(epp_frame_reader_new(&r, 0), EPP_OK);
	assert_int_equal(epp_frame_reader_feed(r, both, alen + blen, &used),
	                 EPP_OK);
	assert_int_equal(used, alen);
	assert_int_equal(epp_frame_reader_take(&out, &out_len, r), EPP_OK);
	assert_string_equal(out, "<a/>");
	free(out);
	assert_int_equal(epp_frame_reader_feed(r, both + used,
	                                       alen + blen - used, &used),
	                 EPP_OK);
	assert_int_equal(used, blen);
	assert_int_equal(epp_frame_reader_take(&out, &out_len, r), EPP_OK);
	assert_string_equal(out, "<bb/>");
	free(out);
	free(a);
	free(b);
	free(both);
	epp_frame_reader_free(r);
}

static void
bad_headers(void **state)
{
	static const unsigned char zero[4] = {0, 0, 0, 0};
	static const unsigned char four[4] = {0, 0, 0, 4};
	static const unsigned char five[5] = {0, 0, 0, 5, 'x'};
	static const unsigned char huge[4] = {0xff, 0xff, 0xff, 0xff};
	static const unsigned char over[4] = {0, 0, 0x10, 0x01};
	epp_frame_reader *r;
	size_t used;
	char *out;
	size_t out_len;

	(void)state;
	assert_int_equal(epp_frame_reader_new(&r, 4096), EPP_OK);
	assert_int_equal(epp_frame_reader_feed(r, zero, 4, &used), EPP_EPROTO);
	/* sticky until reset */
	assert_int_equal(epp_frame_reader_feed(r, five, 5, &used), EPP_EPROTO);
	assert_int_equal(epp_frame_reader_take(&out, &out_len, r), EPP_EPROTO);
	epp_frame_reader_reset(r);
	assert_int_equal(epp_frame_reader_feed(r, four, 4, &used), EPP_EPROTO);
	epp_frame_reader_reset(r);
	assert_int_equal(epp_frame_reader_feed(r, huge, 4, &used), EPP_ELIMIT);
	epp_frame_reader_reset(r);
	/* 4097 > cap of 4096 */
	assert_int_equal(epp_frame_reader_feed(r, over, 4, &used), EPP_ELIMIT);
	epp_frame_reader_reset(r);
	/* smallest legal frame: one payload byte */
	assert_int_equal(epp_frame_reader_feed(r, five, 5, &used), EPP_OK);
	assert_int_equal(epp_frame_reader_take(&out, &out_len, r), EPP_OK);
	assert_int_equal(out_len, 1);
	assert_int_equal(out[0], 'x');
	free(out);
	epp_frame_reader_free(r);
}

static void
default_cap_is_16_mib(void **state)
{
	unsigned char hdr[4];
	epp_frame_reader *r;
	size_t used;

	(void)state;
	assert_int_equal(epp_frame_reader_new(&r, 0), EPP_OK);
	epp_frame_header(hdr, EPP_FRAME_DEFAULT_MAX - 4);
	assert_int_equal(epp_frame_reader_feed(r, hdr, 4, &used), EPP_OK);
	assert_int_equal(epp_frame_reader_expected(r), EPP_FRAME_DEFAULT_MAX);
	epp_frame_reader_reset(r);
	epp_frame_header(hdr, EPP_FRAME_DEFAULT_MAX - 3);
	assert_int_equal(epp_frame_reader_feed(r, hdr, 4, &used), EPP_ELIMIT);
	epp_frame_reader_free(r);
}

/* Lengths count bytes: a UTF-8 payload of 6 characters is 12 bytes. */
static void
utf8_counts_bytes(void **state)
{
	static const char utf8[] = "\xd0\xb4\xd0\xbe\xd0\xbc\xd0\xb5\xd0\xbd"
	                           "\xd1\x8b";
	unsigned char *wire;
	size_t wire_len;

	(void)state;
	wire = encode(utf8, strlen(utf8), &wire_len);
	assert_int_equal(wire_len, 12 + 4);
	assert_int_equal(wire[3], 16);
	feed_split(wire, wire_len, 7, utf8, strlen(utf8));
	free(wire);
}

/* A frame far larger than one TLS record (16 KiB) arrives whole. */
static void
large_frame(void **state)
{
	size_t len = 300 * 1024, wire_len, off, used, chunk = 16384;
	epp_frame_reader *r;
	unsigned char *wire;
	char *payload, *out;
	size_t out_len, i;

	(void)state;
	payload = malloc(len);
	for (i = 0; i < len; i++)
		payload[i] = (char)('a' + i % 26);
	wire = encode(payload, len, &wire_len);
	assert_int_equal(epp_frame_reader_new(&r, 0), EPP_OK);
	for (off = 0; off < wire_len; off += used) {
		size_t n = wire_len - off < chunk ? wire_len - off : chunk;
		assert_int_equal(epp_frame_reader_feed(r, wire + off, n, &used),
		                 EPP_OK);
	}
	assert_int_equal(epp_frame_reader_take(&out, &out_len, r), EPP_OK);
	assert_int_equal(out_len, len);
	assert_memory_equal(out, payload, len);
	free(out);
	free(wire);
	free(payload);
	epp_frame_reader_free(r);
}

static void
encode_limits(void **state)
{
	unsigned char *buf;
	size_t len;

	(void)state;
	assert_int_equal(epp_frame_encode(&buf, &len, "abcdef", 6, 9),
	                 EPP_ELIMIT);
	assert_null(buf);
	assert_int_equal(epp_frame_encode(&buf, &len, "abcde", 5, 9), EPP_OK);
	assert_int_equal(len, 9);
	free(buf);
	assert_int_equal(epp_frame_encode(NULL, &len, "a", 1, 0), EPP_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(split_at_every_byte),
	        cmocka_unit_test(one_byte_at_a_time),
	        cmocka_unit_test(back_to_back_frames),
	        cmocka_unit_test(bad_headers),
	        cmocka_unit_test(default_cap_is_16_mib),
	        cmocka_unit_test(utf8_counts_bytes),
	        cmocka_unit_test(large_frame),
	        cmocka_unit_test(encode_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
