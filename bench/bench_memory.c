/*
 * Peak heap of one large response read through a libepp session over the
 * in-memory transport, under the counting allocator of tests/support:
 * a 15 MiB greeting (3,884 extURIs of 4 KiB: a greeting keeps no longer
 * text), a 15 MiB domain:info (two status texts of 7.5 MiB) and a 0.8 MiB
 * response of 20,000 small elements.
 * Prints MiB and the ratio to the frame size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epp/domain.h"
#include "epp/session.h"
#include "heapcount.h"

#define MIB (1024u * 1024u)

static const char epp_open[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                               "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\">";
static const char small_greeting_body[] =
        "<greeting><svID>bench</svID><svDate>2026-12-01T00:00:00.0Z</svDate>"
        "<svcMenu><version>1.0</version><lang>en</lang>"
        "<objURI>urn:ietf:params:xml:ns:domain-1.0</objURI>%s</svcMenu>"
        "<dcp><access><all/></access><statement><purpose><admin/>"
        "</purpose><recipient><ours/></recipient><retention><stated/>"
        "</retention></statement></dcp></greeting></epp>";

struct buf {
	char *p;
	size_t len, cap;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		if ((b->p = realloc(b->p, b->cap)) == NULL)
			exit(1);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* `n` bytes of text, a space every 64. */
static void
fill(struct buf *b, size_t n)
{
	static const char line[] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	                           "xxxxxxxxxxxxxxxxxxxxx ";

	for (size_t i = 0; i < n / 64; i++)
		put(b, line, 64);
}

static void
greeting(struct buf *b, size_t ext_count, size_t ext_len)
{
	struct buf ext = {0};
	char *body;
	size_t size;

	puts_(&ext, "<svcExtension>");
	for (size_t i = 0; i < ext_count; i++) {
		puts_(&ext, "<extURI>");
		fill(&ext, ext_len);
		puts_(&ext, "</extURI>");
	}
	puts_(&ext, "</svcExtension>");
	size = sizeof(small_greeting_body) + ext.len;
	if ((body = malloc(size)) == NULL)
		exit(1);
	snprintf(body, size, small_greeting_body, ext.p);
	puts_(b, epp_open);
	puts_(b, body);
	free(body);
	free(ext.p);
}

static void
response(struct buf *b, size_t texts, size_t text_len, size_t elements)
{
	puts_(b, epp_open);
	puts_(b, "<response><result code=\"1000\"><msg>ok</msg></result>"
	         "<resData><domain:infData xmlns:domain=\"urn:ietf:params:xml:"
	         "ns:domain-1.0\"><domain:name>example.com</domain:name>"
	         "<domain:roid>R-1</domain:roid>");
	for (size_t i = 0; i < texts; i++) {
		puts_(b, "<domain:status s=\"ok\">");
		fill(b, text_len);
		puts_(b, "</domain:status>");
	}
	for (size_t i = 0; i < elements; i++)
		puts_(b, "<domain:host>ns1.example.com</domain:host>");
	puts_(b, "</domain:infData></resData><trID><clTRID>B-1</clTRID>"
	         "<svTRID>S-1</svTRID></trID></response></epp>");
}

static void
report(const char *what, size_t frame, long long peak, int rc)
{
	printf("bench_memory: %-34s frame %6.1f MiB  peak heap %6.1f MiB  "
	       "(%.2f x)%s\n",
	       what, (double)frame / MIB, (double)peak / MIB,
	       (double)peak / (double)frame, rc ? "  REFUSED" : "");
}

/* Open a session on `g` (a greeting) and, when `r` is set, execute a
 * domain:info answered by it; report the peak of the step that reads it. */
static void
run(const char *what, const struct buf *g, const struct buf *r)
{
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	epp_domain_info_args a = EPP_DOMAIN_INFO_ARGS_INIT;
	epp_transport *t;
	epp_session *s = NULL;
	epp_command *cmd = NULL;
	epp_response *resp = NULL;
	int rc;

	if (epp_transport_mem_new(&t, NULL) != EPP_OK ||
	    epp_transport_mem_push_frame(t, g->p, g->len) != EPP_OK ||
	    (r && epp_transport_mem_push_frame(t, r->p, r->len) != EPP_OK))
		exit(1);
	o.client_id = "bench";
	o.password = "bench-pw";
	a.name = "example.com";
	if (r && epp_domain_info_build(&cmd, &a, "B-1", NULL) != EPP_OK)
		exit(1);
	heapcount_start();
	rc = epp_session_open_transport(&s, t, &o);
	if (r == NULL) {
		report(what, g->len, heapcount_peak(), rc);
	} else {
		heapcount_start();
		rc = epp_session_execute(&resp, s, cmd);
		report(what, r->len, heapcount_peak(), rc);
	}
	epp_response_free(resp);
	epp_command_free(cmd);
	epp_session_free(s);
}

int
main(void)
{
	struct buf big_g = {0}, small_g = {0}, info = {0}, dense = {0};

	heapcount_init();
	greeting(&big_g, 3884, 4032);
	greeting(&small_g, 0, 0);
	response(&info, 2, 15 * MIB / 2 - 64, 0);
	response(&dense, 0, 0, 20000);
	run("greeting, 3,884 extURIs of 4 KiB", &big_g, NULL);
	run("domain:info, 2 texts of 7.5 MiB", &small_g, &info);
	run("domain:info, 20,000 <domain:host>", &small_g, &dense);
	free(big_g.p);
	free(small_g.p);
	free(info.p);
	free(dense.p);
	return 0;
}
