/*
 * The heap one response costs: a greeting or a response of S bytes read
 * through a session (frame, parse, typed data) takes at most 3 x S plus a
 * small constant at its peak, and a document with too many nodes is
 * refused with an error naming what was too large.
 *
 * Every allocation of the process is counted: malloc and friends are
 * interposed here (libepp, libxml2 and libc all come through them), or,
 * in a sanitizer build, the sanitizer's allocation hooks report them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "epp/domain.h"
#include "epp/poll.h"
#include "epp/response_domain.h"
#include "epp/response.h"
#include "epp/session.h"
#include "heapcount.h"

#define MIB (1024u * 1024u)
/* what a parse may take beside 3 x S: parser context, names, arena */
#define SLACK (1024u * 1024u)

static const char greeting_head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><greeting>"
        "<svID>big</svID><svDate>2026-12-01T00:00:00.0Z</svDate>"
        "<svcMenu><version>1.0</version><lang>en</lang>"
        "<objURI>urn:ietf:params:xml:ns:domain-1.0</objURI><svcExtension>";
static const char greeting_tail[] =
        "</svcExtension></svcMenu>"
        "<dcp><access><all/></access><statement><purpose><admin/>"
        "</purpose><recipient><ours/></recipient><retention><stated/>"
        "</retention></statement></dcp></greeting></epp>";
static const char small_greeting[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><greeting>"
        "<svID>small</svID><svDate>2026-12-01T00:00:00.0Z</svDate>"
        "<svcMenu><version>1.0</version><lang>en</lang>"
        "<objURI>urn:ietf:params:xml:ns:domain-1.0</objURI></svcMenu>"
        "<dcp><access><all/></access><statement><purpose><admin/>"
        "</purpose><recipient><ours/></recipient><retention><stated/>"
        "</retention></statement></dcp></greeting></epp>";
static const char poll_head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><response>"
        "<result code=\"1301\"><msg>Command completed successfully; ack "
        "to dequeue</msg></result><msgQ count=\"1\" id=\"12\">"
        "<qDate>2026-12-01T00:00:00.0Z</qDate><msg>";
static const char poll_tail[] =
        "</msg></msgQ><trID><clTRID>MEM-1</clTRID><svTRID>SV-1</svTRID>"
        "</trID></response></epp>";

static const char info_head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><response>"
        "<result code=\"1000\"><msg>Command completed successfully</msg>"
        "</result><resData><domain:infData xmlns:domain=\"urn:ietf:params:"
        "xml:ns:domain-1.0\"><domain:name>example.com</domain:name>"
        "<domain:roid>EXAMPLE1-REP</domain:roid><domain:status s=\"ok\">";
static const char info_tail[] =
        "</domain:status><domain:registrant>jd1234</domain:registrant>"
        "<domain:clID>ClientX</domain:clID></domain:infData></resData>"
        "<trID><clTRID>MEM-1</clTRID><svTRID>SV-1</svTRID></trID>"
        "</response></epp>";

/* head, `fill` bytes of 'x' (a space every 64), tail; malloc'd. */
static char *
document(const char *head, size_t fill, const char *tail, size_t *len)
{
	size_t h = strlen(head), t = strlen(tail), i;
	char *d = malloc(h + fill + t + 1);

	assert_non_null(d);
	memcpy(d, head, h);
	for (i = 0; i < fill; i++)
		d[h + i] = i % 64 == 63 ? ' ' : 'x';
	memcpy(d + h + fill, tail, t + 1);
	*len = h + fill + t;
	return d;
}

/* The greeting of 2,048 extURIs of 4,096 bytes each, tags included. */
static char *
extensions(size_t *len)
{
	size_t h = strlen(greeting_head), t = strlen(greeting_tail), i, o;
	char *d = malloc(h + 2048 * 4096 + t + 1);

	assert_non_null(d);
	memcpy(d, greeting_head, h);
	for (i = 0, o = h; i < 2048; i++) {
		memcpy(d + o, "<extURI>", 8);
		memset(d + o + 8, 'x', 4096 - 17);
		d[o + 4096 - 10] = ' ';
		memcpy(d + o + 4096 - 9, "</extURI>", 9);
		o += 4096;
	}
	memcpy(d + o, greeting_tail, t + 1);
	*len = o + t;
	return d;
}

static epp_transport *
transport(void)
{
	epp_mem_options mo = EPP_MEM_OPTIONS_INIT;
	epp_transport *t;

	assert_int_equal(epp_transport_mem_new(&t, &mo), EPP_OK);
	return t;
}

static void
push(epp_transport *t, const char *xml, size_t len)
{
	assert_int_equal(epp_transport_mem_push_frame(t, xml, len), EPP_OK);
}

static void
assert_within(const char *what, long long peak, size_t frame)
{
	printf("%s: frame %.1f MiB, peak heap %.1f MiB (%.2f x)\n", what,
	       (double)frame / MIB, (double)peak / MIB,
	       (double)peak / (double)frame);
	assert_true(peak <= (long long)(3 * frame + SLACK));
}

static epp_session *
open_session(epp_transport *t)
{
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_session *s = NULL;

	o.client_id = "registrar-1";
	o.password = "s3cret-Pw!";
	assert_int_equal(epp_session_open_transport(&s, t, &o), EPP_OK);
	return s;
}

/* A greeting of 2,048 extURIs of 4 KiB (8 MiB; a greeting keeps no text
 * over 4 KiB), then a hello answered by another: each read stays within
 * 3 x S, the first greeting's copy included. */
static void
big_greeting_twice(void **state)
{
	epp_transport *t = transport();
	epp_session *s;
	size_t len;
	char *g = extensions(&len);
	long long peak;

	(void)state;
	push(t, g, len);
	push(t, g, len);
	free(g);
	heapcount_start();
	s = open_session(t);
	peak = heapcount_peak();
	assert_within("greeting", peak, len);
	assert_int_equal(strlen(epp_session_greeting(s)->ext_uris[2047]),
	                 4096 - 17 - 1); /* the last space trimmed */
	heapcount_start();
	assert_int_equal(epp_session_hello(s), EPP_OK);
	peak = heapcount_peak();
	assert_within("greeting after hello", peak, len);
	epp_session_free(s);
}

/* The response made of head, 8 MiB of text and tail, as the answer to
 * `cmd` (clTRID MEM-1), whose peak heap is checked; *s is the session. */
static epp_response *
execute_big(const char *what, const char *head, const char *tail,
            epp_command *cmd, epp_session **s)
{
	epp_transport *t = transport();
	epp_response *r = NULL;
	size_t len;
	char *p = document(head, 8 * MIB, tail, &len);
	long long peak;

	push(t, small_greeting, strlen(small_greeting));
	push(t, p, len);
	free(p);
	*s = open_session(t);
	heapcount_start();
	assert_int_equal(epp_session_execute(&r, *s, cmd), EPP_OK);
	peak = heapcount_peak();
	assert_within(what, peak, len);
	epp_command_free(cmd);
	return r;
}

/* A poll message whose text is 8 MiB. */
static void
big_poll_message(void **state)
{
	epp_session *s;
	epp_command *cmd;
	epp_response *r;

	(void)state;
	assert_int_equal(epp_poll_req_build(&cmd, "MEM-1", NULL), EPP_OK);
	r = execute_big("poll message", poll_head, poll_tail, cmd, &s);
	assert_int_equal(epp_response_code(r), 1301);
	assert_int_equal(strlen(epp_response_msgq(r)->msg), 8 * MIB - 1);
	epp_response_free(r);
	epp_session_free(s);
}

/* A domain:info whose status text is 8 MiB. */
static void
big_domain_info(void **state)
{
	epp_domain_info_args a = EPP_DOMAIN_INFO_ARGS_INIT;
	epp_session *s;
	epp_command *cmd;
	epp_response *r;

	(void)state;
	a.name = "example.com";
	assert_int_equal(epp_domain_info_build(&cmd, &a, "MEM-1", NULL),
	                 EPP_OK);
	r = execute_big("domain info", info_head, info_tail, cmd, &s);
	assert_int_equal(epp_response_resdata_kind(r), EPP_RESDATA_DOMAIN_INF);
	assert_int_equal(strlen(epp_response_domain_info(r)->statuses[0].text),
	                 8 * MIB - 1);
	epp_response_free(r);
	epp_session_free(s);
}

/* A response of `n` empty elements in its <extension>, malloc'd. */
static char *
many_elements(size_t n, size_t *len)
{
	static const char head[] =
	        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><response>"
	        "<result code=\"1000\"><msg>ok</msg></result><extension>"
	        "<x xmlns=\"urn:example:x\">";
	static const char tail[] = "</x></extension></response></epp>";
	size_t h = strlen(head), t = strlen(tail), i;
	char *d = malloc(h + 4 * n + t + 1);

	assert_non_null(d);
	memcpy(d, head, h);
	for (i = 0; i < n; i++)
		memcpy(d + h + 4 * i, "<a/>", 4);
	memcpy(d + h + 4 * n, tail, t + 1);
	*len = h + 4 * n + t;
	return d;
}

/* Too many nodes, or a text too long: refused, saying which; the tree
 * of the refused document is never built beyond the limit. */
static void
limits(void **state)
{
	epp_error err = {0, 0, 0, ""};
	epp_response *r = (epp_response *)1;
	size_t len;
	char *d = many_elements(49000, &len);
	long long peak;

	(void)state;
	assert_int_equal(epp_response_parse(&r, d, len, &err), EPP_OK);
	epp_response_free(r);
	free(d);

	d = many_elements(1000000, &len);
	heapcount_start();
	assert_int_equal(epp_response_parse(&r, d, len, &err), EPP_ELIMIT);
	peak = heapcount_peak();
	printf("%zu elements of 4 bytes: refused, peak heap %.1f MiB\n",
	       (size_t)1000000, (double)peak / MIB);
	assert_null(r);
	assert_string_equal(err.text, "XML document has more than 50000 nodes "
	                              "(elements, attributes, texts, "
	                              "comments)");
	assert_true(peak < 16 * MIB);
	free(d);

	d = document(poll_head, 10000001, poll_tail, &len);
	assert_int_equal(epp_response_parse(&r, d, len, &err), EPP_ELIMIT);
	assert_string_equal(err.text,
	                    "XML text in <msg> longer than 10000000 bytes");
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(big_greeting_twice),
	        cmocka_unit_test(big_poll_message),
	        cmocka_unit_test(big_domain_info),
	        cmocka_unit_test(limits),
	};

	heapcount_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
