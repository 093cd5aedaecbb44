/*
 * The in-memory transport: a scripted peer for tests and fuzzers, so a
 * whole session (greeting, login, commands, logout) runs without a socket.
 * What the owner sends is framed by the same RFC 5734 reader the session
 * uses; each complete frame goes to the peer callback, which queues its
 * answer.
 */
#include <stdlib.h>
#include <string.h>

#include "epp/frame.h"
#include "transport/transport_private.h"

struct mem_transport {
	epp_transport base;
	epp_mem_options o;
	epp_frame_reader *reader;
	unsigned char *in; /* queued for the owner */
	size_t in_len, in_off, in_cap;
	unsigned char *sent; /* everything the owner sent */
	size_t sent_len, sent_cap;
};

static int
grow(unsigned char **buf, size_t *cap, size_t need)
{
	size_t ncap = *cap ? *cap : 256;
	unsigned char *p;

	while (ncap < need)
		ncap *= 2;
	if (ncap == *cap)
		return EPP_OK;
	p = realloc(*buf, ncap);
	if (p == NULL)
		return EPP_ENOMEM;
	*buf = p;
	*cap = ncap;
	return EPP_OK;
}

int
epp_transport_mem_push(epp_transport *t, const void *buf, size_t len)
{
	struct mem_transport *m = (struct mem_transport *)t;

	if (m->in_off == m->in_len)
		m->in_off = m->in_len = 0;
	if (grow(&m->in, &m->in_cap, m->in_len + len) != EPP_OK)
		return EPP_ENOMEM;
	if (len)
		memcpy(m->in + m->in_len, buf, len);
	m->in_len += len;
	return EPP_OK;
}

int
epp_transport_mem_push_frame(epp_transport *t, const char *xml, size_t len)
{
	unsigned char hdr[EPP_FRAME_HEADER_SIZE];
	int rc;

	if (len > UINT32_MAX - EPP_FRAME_HEADER_SIZE)
		return EPP_ELIMIT;
	epp_frame_header(hdr, (uint32_t)len);
	rc = epp_transport_mem_push(t, hdr, sizeof(hdr));
	return rc != EPP_OK ? rc : epp_transport_mem_push(t, xml, len);
}

const unsigned char *
epp_transport_mem_sent(const epp_transport *t, size_t *len)
{
	const struct mem_transport *m = (const struct mem_transport *)t;

	if (len)
		*len = m->sent_len;
	return m->sent;
}

/* Hand every complete frame in the sent bytes to the peer. */
static void
deliver(struct mem_transport *m, const unsigned char *p, size_t len)
{
	size_t used;
	char *frame;
	size_t flen;

	while (len > 0) {
		if (epp_frame_reader_feed(m->reader, p, len, &used) != EPP_OK)
			return; /* garbage from the owner: the peer ignores it */
		p += used;
		len -= used;
		while (epp_frame_reader_take(&frame, &flen, m->reader) ==
		       EPP_OK) {
			if (m->o.peer)
				m->o.peer(&m->base, frame, flen, m->o.userdata);
			free(frame);
		}
	}
}

static ssize_t
mem_send(epp_transport *t, const void *buf, size_t len, int timeout_ms)
{
	struct mem_transport *m = (struct mem_transport *)t;
	size_t n = len;
	int fail = 0;

	(void)timeout_ms;
	if (m->o.send_chunk && n > m->o.send_chunk)
		n = m->o.send_chunk;
	if (m->o.send_fail_at >= 0 &&
	    m->base.wire_sent + n >= (unsigned long long)m->o.send_fail_at) {
		n = (size_t)((unsigned long long)m->o.send_fail_at -
		             m->base.wire_sent);
		fail = 1;
	}
	if (n > 0) {
		if (grow(&m->sent, &m->sent_cap, m->sent_len + n) != EPP_OK)
			return EPP_ENOMEM;
		memcpy(m->sent + m->sent_len, buf, n);
		m->sent_len += n;
		m->base.wire_sent += n;
		deliver(m, buf, n);
	}
	if (fail && (n == 0 || n < len)) {
		strcpy(t->errmsg, "memory transport: scripted send failure");
		return m->o.send_fail_code;
	}
	return (ssize_t)n;
}

static ssize_t
mem_recv(epp_transport *t, void *buf, size_t len, int timeout_ms)
{
	struct mem_transport *m = (struct mem_transport *)t;
	size_t n = m->in_len - m->in_off;

	(void)timeout_ms;
	if (n == 0) {
		strcpy(t->errmsg, "memory transport: nothing more to read");
		return m->o.empty_code;
	}
	if (n > len)
		n = len;
	if (m->o.recv_chunk && n > m->o.recv_chunk)
		n = m->o.recv_chunk;
	memcpy(buf, m->in + m->in_off, n);
	m->in_off += n;
	return (ssize_t)n;
}

static int
mem_fd(const epp_transport *t)
{
	(void)t;
	return -1;
}

static size_t
mem_pending(const epp_transport *t)
{
	(void)t;
	return 0;
}

static void
mem_close(epp_transport *t)
{
	struct mem_transport *m = (struct mem_transport *)t;

	epp_frame_reader_free(m->reader);
	free(m->in);
	free(m->sent);
	free(m);
}

static const epp_transport_ops mem_ops = {mem_send, mem_recv, mem_fd,
                                          mem_pending, mem_close};

int
epp_transport_mem_new(epp_transport **out, const epp_mem_options *opts)
{
	static const epp_mem_options defaults = EPP_MEM_OPTIONS_INIT;
	struct mem_transport *m;

	if (out == NULL)
		return EPP_EINVAL;
	*out = NULL;
	/* no error text here: the version is the only thing to get wrong */
	if (opts && opts->version != EPP_MEM_OPTIONS_VERSION)
		return EPP_EINVAL;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return EPP_ENOMEM;
	m->base.ops = &mem_ops;
	m->o = opts ? *opts : defaults;
	if (m->o.send_fail_code == 0)
		m->o.send_fail_code = EPP_EIO;
	if (m->o.empty_code == 0)
		m->o.empty_code = EPP_ECLOSED;
	if (epp_frame_reader_new(&m->reader, 0) != EPP_OK) {
		free(m);
		return EPP_ENOMEM;
	}
	*out = &m->base;
	return EPP_OK;
}
