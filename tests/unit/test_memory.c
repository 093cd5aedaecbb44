/*
 * Memory under hostile input: what libepp holds at its peak while it
 * reads and parses one large frame from a registry, in multiples of the
 * frame's size, counted for the whole process (libxml2 included) by
 * tests/support/heapcount.c; the frame sits in the memory transport's
 * queue before the call starts, so the figure is the library's alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "epp/epp.h"
#include "heapcount.h"

#define FRAME (15u * 1024u * 1024u)

/* A document of about FRAME bytes: head, then `fill` repeated, then
 * tail. */
static char *
big_doc(const char *head, const char *fill, const char *tail, size_t *len)
{
	size_t hl = strlen(head), fl = strlen(fill), tl = strlen(tail);
	size_t n = (FRAME - hl - tl) / fl, i;
	char *d = malloc(hl + n * fl + tl + 1), *p = d;

	assert_non_null(d);
	memcpy(p, head, hl);
	p += hl;
	for (i = 0; i < n; i++, p += fl)
		memcpy(p, fill, fl);
	memcpy(p, tail, tl + 1);
	*len = (size_t)(p - d) + tl;
	return d;
}

static const char greeting_head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><greeting>"
        "<svID>";
static const char greeting_mid[] =
        "</svID><svDate>2026-12-04T00:00:00.0Z</svDate><svcMenu>"
        "<version>1.0</version><lang>en</lang>"
        "<objURI>urn:ietf:params:xml:ns:domain-1.0</objURI>";
static const char greeting_tail[] =
        "</svcMenu><dcp><access><all/></access><statement><purpose>"
        "<admin/></purpose><recipient><ours/></recipient><retention>"
        "<stated/></retention></statement></dcp></greeting></epp>";

/* a, b, c and d end to end, malloc'd. */
static char *
concat(const char *a, const char *b, const char *c, const char *d)
{
	const char *part[4] = {a, b, c, d};
	size_t n = 0, i, l;
	char *s, *p;

	for (i = 0; i < 4; i++)
		n += strlen(part[i]);
	s = p = malloc(n + 1);
	assert_non_null(s);
	for (i = 0; s && i < 4; i++) {
		l = strlen(part[i]);
		memcpy(p, part[i], l);
		p += l;
	}
	if (s)
		*p = '\0';
	return s;
}

/* Open a session on a greeting; the peak the open took, over FRAME. */
static double
open_on(const char *greeting, size_t len, int *rc, char *msg, size_t msglen)
{
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_transport *t;
	epp_session *s;

	o.max_frame = FRAME + 4096;
	assert_int_equal(epp_transport_mem_new(&t, NULL), EPP_OK);
	assert_int_equal(epp_transport_mem_push_frame(t, greeting, len),
	                 EPP_OK);
	heapcount_start();
	*rc = epp_session_open_transport(&s, t, &o);
	snprintf(msg, msglen, "%s", s ? epp_session_errmsg(s) : "");
	epp_session_free(s);
	return (double)heapcount_peak() / FRAME;
}

/* A greeting whose svID is 15 MiB long (over libxml2's limit of 10 MB
 * for one text): refused, saying what is too large, within 3x the frame.
 * Then one with 300,000 extURIs: the tree libxml2 would build for so
 * many small elements takes about 6x their text; refused once it holds
 * EPP_XML_MAX_NODES nodes, within 3x. */
static void
test_greeting(void **state)
{
	char *head, *doc, msg[512];
	double x;
	size_t len;
	int rc;

	(void)state;
	doc = big_doc(greeting_head, "x", "", &len);
	head = concat(doc, "", greeting_mid, greeting_tail);
	free(doc);
	x = open_on(head, strlen(head), &rc, msg, sizeof(msg));
	print_message("15 MiB svID: peak %.2fx the frame: %s\n", x, msg);
	free(head);
	assert_int_equal(rc, EPP_ELIMIT);
	assert_non_null(strstr(msg, "longer than 10000000 bytes"));
	assert_true(x <= 3.0);

	/* under libxml2's limit: refused by the greeting's own */
	doc = malloc(9u * 1024u * 1024u + 1);
	if (doc == NULL)
		fail();
	memset(doc, 'x', 9u * 1024u * 1024u);
	doc[9u * 1024u * 1024u] = '\0';
	head = concat(greeting_head, doc, greeting_mid, greeting_tail);
	free(doc);
	x = open_on(head, strlen(head), &rc, msg, sizeof(msg));
	print_message("9 MiB svID: peak %.2fx the frame: %s\n", x, msg);
	free(head);
	assert_int_equal(rc, EPP_ELIMIT);
	assert_non_null(strstr(msg, "longer than 4096 bytes"));
	assert_true(x <= 3.0);

	doc = big_doc("<?xml version=\"1.0\"?><epp "
	              "xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><greeting>"
	              "<svID>hostile</svID><svDate>2026-12-04T00:00:00.0Z"
	              "</svDate><svcMenu><version>1.0</version><lang>en</lang>"
	              "<objURI>urn:ietf:params:xml:ns:domain-1.0</objURI>"
	              "<svcExtension>",
	              "<extURI>urn:example:params:xml:ns:ext-1.0</extURI>",
	              "</svcExtension></svcMenu></greeting></epp>", &len);
	x = open_on(doc, len, &rc, msg, sizeof(msg));
	print_message("%zu-byte greeting of extURIs: peak %.2fx: %s\n", len, x,
	              msg);
	free(doc);
	assert_int_equal(rc, EPP_ELIMIT);
	assert_non_null(strstr(msg, "more than 50000 nodes"));
	assert_true(x <= 3.0);
}

static void
no_answer(epp_transport *t, const char *frame, size_t len, void *ud)
{
	(void)t;
	(void)frame;
	(void)len;
	(void)ud;
}

#define RESPONSE_HEAD                                                          \
	"<?xml version=\"1.0\"?><epp "                                         \
	"xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><response>"                  \
	"<result code=\"2400\"><msg>"
static const char response_tail[] =
        "</result><trID><svTRID>SV-1</svTRID></trID></response></epp>";

/* The peak of executing a command whose answer is `doc`, over its size. */
static double
execute_on(const char *doc, size_t len, int *code)
{
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_mem_options mo = EPP_MEM_OPTIONS_INIT;
	epp_response *r = NULL;
	epp_command *cmd;
	epp_transport *t;
	epp_session *s;
	epp_error err;
	char *greeting;
	double x;
	int rc;

	greeting = concat(greeting_head, "SIM", greeting_mid, greeting_tail);
	mo.peer = no_answer;
	o.max_frame = FRAME + 4096;
	assert_int_equal(epp_transport_mem_new(&t, &mo), EPP_OK);
	assert_int_equal(
	        epp_transport_mem_push_frame(t, greeting, strlen(greeting)),
	        EPP_OK);
	free(greeting);
	assert_int_equal(epp_session_open_transport(&s, t, &o), EPP_OK);
	assert_int_equal(epp_transport_mem_push_frame(t, doc, len), EPP_OK);
	assert_int_equal(epp_poll_req_build(&cmd, "MEM-1", &err), EPP_OK);
	heapcount_start();
	rc = epp_session_execute(&r, s, cmd);
	x = (double)heapcount_peak() / (double)len;
	*code = rc == EPP_OK ? epp_response_code(r) : rc;
	epp_response_free(r);
	epp_command_free(cmd);
	epp_session_free(s);
	return x;
}

/* A 9 MiB <msg> read and parsed within 3x its frame (the frame becomes
 * the response's raw text, the typed data points into the document);
 * 15 MiB of small <extValue> elements refused at EPP_XML_MAX_NODES nodes,
 * before their tree (7x the frame) is built. */
static void
test_response(void **state)
{
	char *doc, *msg;
	size_t len;
	double x;
	int code;

	(void)state;
	msg = malloc(9u * 1024u * 1024u + 1);
	if (msg == NULL)
		fail();
	memset(msg, 'y', 9u * 1024u * 1024u);
	msg[9u * 1024u * 1024u] = '\0';
	doc = concat(RESPONSE_HEAD, msg, "</msg>", response_tail);
	free(msg);
	len = strlen(doc);
	x = execute_on(doc, len, &code);
	free(doc);
	print_message("%zu-byte response, one <msg>: peak %.2fx\n", len, x);
	assert_int_equal(code, 2400);
	assert_true(x <= 3.0);

	doc = big_doc(RESPONSE_HEAD "Command failed</msg>",
	              "<extValue><value><domain:name xmlns:domain=\""
	              "urn:ietf:params:xml:ns:domain-1.0\">example.com"
	              "</domain:name></value><reason>Object exists, and "
	              "this reason is long enough to take some room in every "
	              "element of the list</reason></extValue>",
	              response_tail, &len);
	x = execute_on(doc, len, &code);
	print_message("%zu-byte response of extValues: peak %.2fx\n", len, x);
	free(doc);
	assert_int_equal(code, EPP_ELIMIT);
	assert_true(x <= 3.0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_greeting),
	        cmocka_unit_test(test_response),
	};

	heapcount_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
