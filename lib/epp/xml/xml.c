/*
 * Safe XML parsing and small building helpers over libxml2.
 *
 * Responses come from a network peer, so parsing never loads a DTD or
 * anything over the network and never expands entities (no XXE, no
 * billion laughs); a DOCTYPE is refused outright since EPP never uses one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "xml/xml_private.h"
#include "epp/frame.h"

static int
too_deep(const xmlNode *root)
{
	const xmlNode *n = root;
	int depth = 1;

	/* Iterative pre-order walk: no recursion on hostile input. */
	while (n != NULL) {
		if (n->children != NULL && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			if (++depth > EPP_XML_MAX_DEPTH)
				return 1;
			continue;
		}
		while (n != NULL && n->next == NULL) {
			n = n->parent;
			depth--;
			if (n == root || depth <= 0)
				return 0;
		}
		if (n != NULL)
			n = n->next;
	}
	return 0;
}

/* The document being read, for read_chunk(). */
struct reader {
	const char *p;
	size_t left;
};

static int
read_chunk(void *ctx, char *out, int len)
{
	struct reader *r = ctx;
	size_t n = r->left < (size_t)len ? r->left : (size_t)len;

	memcpy(out, r->p, n);
	r->p += n;
	r->left -= n;
	return (int)n;
}

/*
 * xmlCtxtReadMemory() copies the whole document into its input buffer
 * first, one more frame's worth of memory for as long as the parse
 * takes; read through a callback, libxml2 holds a few KiB of it at a
 * time. The document, or NULL.
 */
static xmlDocPtr
read_in_place(xmlParserCtxtPtr ctxt, const char *buf, size_t len, int opts)
{
	struct reader r = {buf, len};

	return xmlCtxtReadIO(ctxt, read_chunk, NULL, &r, NULL, NULL, opts);
}

/* The first error of a parse: the later ones (libxml2 goes on after
 * refusing a text over its limit) tell less. */
struct first_error {
	int set;
	int code, line, column;
	char msg[200];
};

static void
keep_first(void *ud, xmlErrorPtr e)
{
	struct first_error *f = ud;
	size_t n;

	if (f->set || e == NULL)
		return;
	f->set = 1;
	f->code = e->code;
	f->line = e->line;
	f->column = e->int2;
	snprintf(f->msg, sizeof(f->msg), "%s", e->message ? e->message : "");
	n = strlen(f->msg);
	/* libxml2 messages end with a newline */
	if (n > 0 && f->msg[n - 1] == '\n')
		f->msg[n - 1] = '\0';
}

static void
silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int
epp__xml_parse(xmlDocPtr *out, const char *buf, size_t len, size_t max_size,
               epp_error *err)
{
	struct first_error first = {0, 0, 0, 0, ""};
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	xmlGenericErrorFunc old_handler;
	xmlStructuredErrorFunc old_serror;
	void *old_ctx, *old_sctx;
	int rc;
	int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR |
	           XML_PARSE_NOWARNING;

	*out = NULL;
	if (max_size == 0)
		max_size = EPP_FRAME_DEFAULT_MAX;
	if (len > max_size || len > 0x7fffffff)
		return epp__error_set(err, EPP_ELIMIT,
		                      "XML document of %zu bytes exceeds the "
		                      "limit of %zu",
		                      len, max_size);
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	/* Encoding errors bypass the context and XML_PARSE_NOERROR and go
	 * to the generic handler, which prints on stderr: silence it for
	 * this thread during the parse (the library never prints). */
	old_handler = xmlGenericError;
	old_ctx = xmlGenericErrorContext;
	old_serror = xmlStructuredError;
	old_sctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, silent);
	xmlSetStructuredErrorFunc(&first, keep_first);
	doc = read_in_place(ctxt, buf, len, opts);
	xmlSetStructuredErrorFunc(old_sctx, old_serror);
	xmlSetGenericErrorFunc(old_ctx, old_handler);
	/* Namespace errors (an unbound prefix, "a:b:c") are not fatal to
	 * libxml2, but such a document has no namespace reading, and the
	 * original gate (expat) refused it too. */
	if (doc == NULL || !ctxt->wellFormed || !ctxt->nsWellFormed) {
		if (strstr(first.msg, "huge text node"))
			rc = epp__error_set(
			        err, EPP_ELIMIT,
			        "XML text of one element longer than "
			        "%d bytes",
			        XML_MAX_TEXT_LENGTH);
		else
			rc = epp__error_set(
			        err, EPP_EPROTO, "XML not well-formed: %s",
			        first.set ? first.msg : "no document");
		if (err && first.set) {
			err->line = first.line;
			err->column = first.column;
		}
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return rc;
	}
	xmlFreeParserCtxt(ctxt);
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		xmlFreeDoc(doc);
		return epp__error_set(err, EPP_EPROTO,
		                      "XML document has a DOCTYPE, which EPP "
		                      "does not allow");
	}
	if (xmlDocGetRootElement(doc) == NULL) {
		xmlFreeDoc(doc);
		return epp__error_set(err, EPP_EPROTO,
		                      "XML document has no root element");
	}
	if (too_deep(xmlDocGetRootElement(doc))) {
		xmlFreeDoc(doc);
		return epp__error_set(err, EPP_ELIMIT,
		                      "XML nesting deeper than %d levels",
		                      EPP_XML_MAX_DEPTH);
	}
	*out = doc;
	return EPP_OK;
}

int
epp__xml_text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned int c;
	int n, i;

	if (s == NULL)
		return 0;
	while (*p) {
		if (*p < 0x80) {
			if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
				return 0;
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			c = *p & 0x1f;
			n = 1;
		} else if ((*p & 0xf0) == 0xe0) {
			c = *p & 0x0f;
			n = 2;
		} else if ((*p & 0xf8) == 0xf0) {
			c = *p & 0x07;
			n = 3;
		} else {
			return 0;
		}
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (p[i] & 0x3f);
		}
		/* overlong forms, surrogates, U+FFFE/FFFF, beyond U+10FFFF */
		if ((n == 1 && c < 0x80) || (n == 2 && c < 0x800) ||
		    (n == 3 && c < 0x10000) || (c >= 0xd800 && c <= 0xdfff) ||
		    c == 0xfffe || c == 0xffff || c > 0x10ffff)
			return 0;
		p += n + 1;
	}
	return 1;
}

xmlNodePtr
epp__xml_add(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	/* xmlNewTextChild escapes; xmlNewChild would parse entities. */
	return xmlNewTextChild(parent, ns, (const xmlChar *)name,
	                       (const xmlChar *)text);
}

int
epp__xml_attr(xmlNodePtr node, const char *name, const char *value)
{
	return xmlNewProp(node, (const xmlChar *)name,
	                  (const xmlChar *)value) != NULL
	               ? EPP_OK
	               : EPP_ENOMEM;
}

static int
matches(const xmlNode *n, const char *ns, const char *name)
{
	if (n->type != XML_ELEMENT_NODE ||
	    strcmp((const char *)n->name, name) != 0)
		return 0;
	if (ns == NULL)
		return 1;
	return n->ns != NULL && strcmp((const char *)n->ns->href, ns) == 0;
}

xmlNodePtr
epp__xml_child(const xmlNode *node, const char *ns, const char *name)
{
	xmlNodePtr c;

	if (node == NULL)
		return NULL;
	for (c = node->children; c != NULL; c = c->next)
		if (matches(c, ns, name))
			return c;
	return NULL;
}

xmlNodePtr
epp__xml_next(const xmlNode *node, const char *ns, const char *name)
{
	xmlNodePtr c;

	if (node == NULL)
		return NULL;
	for (c = node->next; c != NULL; c = c->next)
		if (matches(c, ns, name))
			return c;
	return NULL;
}

/* Trimmed text content of an element, or NULL. */
xmlChar *
epp__xml_text(const xmlNode *n)
{
	xmlChar *s, *start, *end;
	size_t len;

	if (n == NULL)
		return NULL;
	s = xmlNodeGetContent(n);
	if (s == NULL)
		return NULL;
	start = s;
	while (*start == ' ' || *start == '\t' || *start == '\n' ||
	       *start == '\r')
		start++;
	end = start + xmlStrlen(start);
	while (end > start && (end[-1] == ' ' || end[-1] == '\t' ||
	                       end[-1] == '\n' || end[-1] == '\r'))
		end--;
	len = (size_t)(end - start);
	memmove(s, start, len);
	s[len] = '\0';
	return s;
}
