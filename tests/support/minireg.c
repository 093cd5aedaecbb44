/* A tiny scripted registry for tests (see minireg.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minireg.h"

const char minireg_default_greeting[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><greeting>"
        "<svID>Mini Registry</svID><svDate>2026-11-27T22:00:00.0Z</svDate>"
        "<svcMenu><version>1.0</version><lang>fr</lang><lang>en</lang>"
        "<objURI>urn:ietf:params:xml:ns:domain-1.0</objURI>"
        "<objURI>urn:ietf:params:xml:ns:contact-1.0</objURI>"
        "<objURI>urn:ietf:params:xml:ns:host-1.0</objURI>"
        "<objURI>urn:example:params:xml:ns:other-1.0</objURI>"
        "<svcExtension>"
        "<extURI>urn:ietf:params:xml:ns:secDNS-1.1</extURI>"
        "<extURI>urn:example:params:xml:ns:unknown-1.0</extURI>"
        "</svcExtension></svcMenu>"
        "<dcp><access><all/></access><statement><purpose><admin/>"
        "</purpose><recipient><ours/></recipient><retention><stated/>"
        "</retention></statement></dcp></greeting></epp>";

/* Copy the text of <tag>...</tag> from req into buf. */
static void
element(const char *req, const char *tag, char *buf, size_t size)
{
	char open[64], close[64];
	const char *a, *b;
	size_t n;

	buf[0] = '\0';
	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	a = strstr(req, open);
	if (a == NULL)
		return;
	a += strlen(open);
	b = strstr(a, close);
	if (b == NULL)
		return;
	n = (size_t)(b - a);
	if (n >= size)
		n = size - 1;
	memcpy(buf, a, n);
	buf[n] = '\0';
}

char *
minireg_answer(struct minireg *m, const char *req, size_t len, size_t *out_len)
{
	char cltrid[128], pw[256], *out, *pad;
	const char *msg = "Command completed successfully";
	int code = 1000;
	size_t n, size;

	n = len < sizeof(m->last_request) - 1 ? len
	                                      : sizeof(m->last_request) - 1;
	memcpy(m->last_request, req, n);
	m->last_request[n] = '\0';
	if (strstr(req, "<hello/>") || strstr(req, "<hello></hello>")) {
		m->hellos++;
		out = strdup(m->greeting ? m->greeting
		                         : minireg_default_greeting);
		*out_len = strlen(out);
		return out;
	}
	element(req, "clTRID", cltrid, sizeof(cltrid));
	if (strstr(req, "<login>")) {
		m->logins++;
		element(req, "pw", pw, sizeof(pw));
		if (m->password && strcmp(pw, m->password) != 0) {
			code = 2200;
			msg = "Authentication error";
		}
	} else if (strstr(req, "<logout/>")) {
		m->logouts++;
		code = 1500;
		msg = "Command completed successfully; ending session";
	} else {
		m->commands++;
	}
	if (m->force_code)
		code = m->force_code;
	if (m->msg)
		msg = m->msg;
	pad = calloc(m->pad + 1, 1);
	memset(pad, 'x', m->pad);
	size = 512 + m->pad + strlen(cltrid) + strlen(msg);
	out = malloc(size);
	n = (size_t)snprintf(
	        out, size,
	        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><response>"
	        "<result code=\"%d\"><msg>%s%s</msg></result><trID>"
	        "%s%s%s<svTRID>SV-%d</svTRID></trID></response>"
	        "</epp>",
	        code, msg, pad, m->no_cltrid ? "" : "<clTRID>",
	        m->no_cltrid    ? ""
	        : m->bad_cltrid ? m->bad_cltrid
	                        : cltrid,
	        m->no_cltrid ? "" : "</clTRID>",
	        m->logins + m->logouts + m->commands);
	free(pad);
	*out_len = n;
	return out;
}
