/*
 * eppkit - RFC 5734 framing.
 *
 * Every EPP data unit on TCP is preceded by a 4-byte big-endian length that
 * counts the header itself plus the XML payload, in bytes. The reader below
 * is fed bytes from any source and never touches a socket (the hiredis
 * reader model), so the same code serves TLS, plain TCP, memory and fuzzers.
 */
#ifndef EPP_FRAME_H
#define EPP_FRAME_H

#include <stdint.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_FRAME_HEADER_SIZE 4
/* Default cap on a whole frame, header included: 16 MiB. */
#define EPP_FRAME_DEFAULT_MAX (16u * 1024u * 1024u)

typedef struct epp_frame_reader epp_frame_reader;

/*
 * Create a reader that accepts frames of at most `max_frame` bytes, header
 * included (0 means EPP_FRAME_DEFAULT_MAX). The caller owns *out and frees
 * it with epp_frame_reader_free().
 * Returns EPP_OK, EPP_EINVAL (out is NULL) or EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_frame_reader_new(epp_frame_reader **out, size_t max_frame);

/* Free a reader and any partial frame it holds. NULL is a no-op. */
EPP_EXTERN(void) epp_frame_reader_free(epp_frame_reader *r);

/*
 * Consume bytes from `buf` until one frame is complete or `buf` is used up;
 * *consumed tells how many bytes were taken, so the caller can feed the
 * rest after taking the frame. At most one complete frame is held at a time,
 * which bounds the reader's memory to one frame.
 *
 * A header below 5 or above the reader's cap is rejected before anything is
 * allocated: EPP_EPROTO for a length below 5, EPP_ELIMIT above the cap. The
 * reader is then broken (every further call fails the same way) until
 * epp_frame_reader_reset(); the connection it served must be dropped.
 * Returns EPP_OK or EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_frame_reader_feed(epp_frame_reader *r, const void *buf, size_t len,
                      size_t *consumed);

/*
 * Take the completed frame: *out receives the payload without the header,
 * NUL-terminated for convenience (the NUL is not counted in *len), owned by
 * the caller and freed with free(). Returns EPP_OK, or EPP_EAGAIN when no
 * frame is complete yet.
 */
EPP_EXTERN(int)
epp_frame_reader_take(char **out, size_t *len, epp_frame_reader *r);

/*
 * Bytes of the frame in progress received so far (header included), 0
 * between frames. Lets a caller tell "nothing arrived" from "cut short".
 */
EPP_EXTERN(size_t) epp_frame_reader_pending(const epp_frame_reader *r);

/* Length of the frame in progress once its header is complete, else 0. */
EPP_EXTERN(size_t) epp_frame_reader_expected(const epp_frame_reader *r);

/* Drop any partial frame and error state. */
EPP_EXTERN(void) epp_frame_reader_reset(epp_frame_reader *r);

/*
 * Build one wire frame (header and payload in a single buffer, so that it
 * goes out in one write). *out is owned by the caller, freed with free();
 * *out_len is len + 4. Returns EPP_OK, EPP_ELIMIT when len + 4 exceeds
 * `max_frame` (0 = EPP_FRAME_DEFAULT_MAX) or does not fit in 32 bits,
 * EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_frame_encode(unsigned char **out, size_t *out_len, const void *payload,
                 size_t len, size_t max_frame);

/* Write the 4-byte header for a payload of `len` bytes into `hdr`. */
EPP_EXTERN(void)
epp_frame_header(unsigned char hdr[EPP_FRAME_HEADER_SIZE], uint32_t len);

#ifdef __cplusplus
}
#endif

#endif
