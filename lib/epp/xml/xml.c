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

/* The bytes not yet handed to libxml2. */
struct source {
	const char *p;
	size_t left;
};

/*
 * What one parse may build, counted by the SAX callbacks as the tree
 * grows; the parse stops at the first excess, so a hostile document
 * never gets to hold more than that.
 */
struct budget {
	xmlSAXHandler orig; /* libxml2's tree builders */
	size_t nodes;       /* nodes made so far */
	size_t text;        /* length of the text run being read */
	int in_text;        /* the last event was text */
	int sized;          /* the text run's buffer has its final size */
	int over;           /* 1: too many nodes, 2: a text too long */
	char where[64];     /* the element of the long text */
	const char *doc;    /* the whole document */
	const struct source *src;
};

static struct budget *
budget_of(void *ctx)
{
	return ((xmlParserCtxtPtr)ctx)->_private;
}

/* Count `n` more nodes; 0 when the document has too many (stopped). */
static int
spend(void *ctx, size_t n)
{
	struct budget *b = budget_of(ctx);

	b->in_text = 0;
	b->nodes += n;
	if (b->nodes <= EPP_XML_MAX_NODES)
		return 1;
	b->over = 1;
	xmlStopParser(ctx);
	return 0;
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
         const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
         int nb_defaulted, const xmlChar **attrs)
{
	if (spend(ctx, 1 + (size_t)nb_ns + (size_t)nb_attrs))
		budget_of(ctx)->orig.startElementNs(ctx, name, prefix, uri,
		                                    nb_ns, ns, nb_attrs,
		                                    nb_defaulted, attrs);
}

static void
on_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
       const xmlChar *uri)
{
	budget_of(ctx)->in_text = 0;
	budget_of(ctx)->orig.endElementNs(ctx, name, prefix, uri);
}

/* Texts longer than this get their buffer sized once (below). */
#define PRESIZE_FROM (64 * 1024)

/*
 * libxml2 gathers a text in the buffer of its last text node, of
 * ctxt->nodemem bytes, and doubles it when full: a long text would hold up
 * to twice its length. Once a text is long, this sizes the buffer to the
 * text's end in the document (the next '<': character references only
 * make it shorter), so that it is allocated once, to its size. `ch` is
 * where libxml2 reads in its input buffer, which ends where the source
 * stopped; with another input encoding than UTF-8 the two do not line up
 * and the buffer simply keeps growing libxml2's way.
 */
static void
presize(xmlParserCtxtPtr ctxt, struct budget *b, const xmlChar *ch, int len)
{
	xmlParserInputPtr in = ctxt->input;
	xmlNodePtr last = ctxt->node ? ctxt->node->last : NULL;
	const char *at, *lt;
	size_t back, want;
	xmlChar *p;

	if (b->sized || b->text < PRESIZE_FROM || last == NULL ||
	    last->type != XML_TEXT_NODE || last->name != xmlStringText ||
	    ctxt->nodemem <= 0 || ctxt->nodelen < len ||
	    ctxt->nodelen >= ctxt->nodemem || last->content == NULL ||
	    last->content == (xmlChar *)&last->properties ||
	    xmlDictOwns(ctxt->dict, last->content) || in == NULL ||
	    in->buf == NULL || in->buf->encoder != NULL || ch < in->base ||
	    ch >= in->end)
		return;
	b->sized = 1;
	back = (size_t)(in->end - ch);
	if (back > (size_t)(b->src->p - b->doc))
		return;
	at = b->src->p - back;
	lt = memchr(at, '<', b->src->left + back);
	if (lt == NULL)
		return;
	want = (size_t)(ctxt->nodelen - len) + (size_t)(lt - at) + 1;
	if (want <= (size_t)ctxt->nodemem || want > EPP_XML_MAX_TEXT + 1)
		return;
	p = xmlRealloc(last->content, want);
	if (p == NULL)
		return;
	last->content = p;
	ctxt->nodemem = (int)want;
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct budget *b = budget_of(ctx);

	if (!b->in_text) {
		if (!spend(ctx, 1))
			return;
		b->in_text = 1;
		b->sized = 0;
		b->text = 0;
	}
	b->text += (size_t)len;
	if (b->text > EPP_XML_MAX_TEXT) {
		b->over = 2;
		snprintf(b->where, sizeof(b->where), "%s",
		         ctxt->node ? (const char *)ctxt->node->name : "?");
		xmlStopParser(ctx);
		return;
	}
	b->orig.characters(ctx, ch, len);
	presize(ctxt, b, ch, len);
}

static void
on_comment(void *ctx, const xmlChar *value)
{
	if (spend(ctx, 1))
		budget_of(ctx)->orig.comment(ctx, value);
}

static void
on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	if (spend(ctx, 1))
		budget_of(ctx)->orig.processingInstruction(ctx, target, data);
}

/* Count the nodes of the tree libxml2 builds through ctxt->sax. */
static void
budget_install(xmlParserCtxtPtr ctxt, struct budget *b,
               const struct source *src)
{
	memset(b, 0, sizeof(*b));
	b->doc = src->p;
	b->src = src;
	b->orig = *ctxt->sax;
	ctxt->_private = b;
	ctxt->sax->startElementNs = on_start;
	ctxt->sax->endElementNs = on_end;
	ctxt->sax->characters = on_text;
	ctxt->sax->ignorableWhitespace = on_text;
	ctxt->sax->comment = on_comment;
	ctxt->sax->processingInstruction = on_pi;
}

static int
source_read(void *ctx, char *buf, int len)
{
	struct source *src = ctx;
	size_t n = len > 0 ? (size_t)len : 0;

	if (n > src->left)
		n = src->left;
	memcpy(buf, src->p, n);
	src->p += n;
	src->left -= n;
	return (int)n;
}

static int
source_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* A parser context that reads `buf` a few KiB at a time: libxml2 drops
 * what it has parsed, so its input holds a small part of the document,
 * not a copy of all of it (xmlCtxtReadMemory() copies). */
static xmlParserCtxtPtr
new_context(struct source *src)
{
	return xmlCreateIOParserCtxt(NULL, NULL, source_read, source_close, src,
	                             XML_CHAR_ENCODING_NONE);
}

int
epp__xml_parse(xmlDocPtr *out, const char *buf, size_t len, size_t max_size,
               epp_error *err)
{
	struct source src = {buf, len};
	struct first_error first = {0, 0, 0, 0, ""};
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	xmlGenericErrorFunc old_handler;
	xmlStructuredErrorFunc old_serror;
	void *old_ctx, *old_sctx;
	struct budget b;
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
	ctxt = new_context(&src);
	if (ctxt == NULL)
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	budget_install(ctxt, &b, &src);
	xmlCtxtUseOptions(ctxt, opts);
	/* Encoding errors bypass the context and XML_PARSE_NOERROR and go
	 * to the generic handler, which prints on stderr: silence it for
	 * this thread during the parse (the library never prints). */
	old_handler = xmlGenericError;
	old_ctx = xmlGenericErrorContext;
	old_serror = xmlStructuredError;
	old_sctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, silent);
	xmlSetStructuredErrorFunc(&first, keep_first);
	xmlParseDocument(ctxt);
	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	xmlSetStructuredErrorFunc(old_sctx, old_serror);
	xmlSetGenericErrorFunc(old_ctx, old_handler);
	if (b.over) {
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		if (b.over == 2)
			return epp__error_set(err, EPP_ELIMIT,
			                      "XML text in <%s> longer than %d "
			                      "bytes",
			                      b.where, EPP_XML_MAX_TEXT);
		return epp__error_set(err, EPP_ELIMIT,
		                      "XML document has more than %d nodes "
		                      "(elements, attributes, texts, comments)",
		                      EPP_XML_MAX_NODES);
	}
	/* Namespace errors (an unbound prefix, "a:b:c") are not fatal to
	 * libxml2, but such a document has no namespace reading, and the
	 * original gate (expat) refused it too. */
	if (doc == NULL || !ctxt->wellFormed || !ctxt->nsWellFormed) {
		epp__error_set(err, EPP_EPROTO, "XML not well-formed: %s",
		               first.set ? first.msg : "no document");
		if (err && first.set) {
			err->line = first.line;
			err->column = first.column;
		}
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return EPP_EPROTO;
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

static int
space(xmlChar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *
epp__xml_text_ref(const xmlNode *n, size_t *len, xmlChar **copy)
{
	const xmlChar *s;
	size_t l;

	*len = 0;
	*copy = NULL;
	if (n == NULL)
		return NULL;
	if (n->children == NULL)
		s = (const xmlChar *)"";
	else if (n->children->next == NULL &&
	         n->children->type == XML_TEXT_NODE)
		s = n->children->content; /* the usual case: no copy */
	else if ((s = *copy = xmlNodeGetContent(n)) == NULL)
		return NULL;
	while (space(*s))
		s++;
	l = strlen((const char *)s);
	while (l > 0 && space(s[l - 1]))
		l--;
	*len = l;
	return (const char *)s;
}

/* Trimmed text content of an element, or NULL. */
xmlChar *
epp__xml_text(const xmlNode *n)
{
	xmlChar *copy, *s;
	const char *t;
	size_t len;

	t = epp__xml_text_ref(n, &len, &copy);
	s = t ? xmlStrndup((const xmlChar *)t, (int)len) : NULL;
	xmlFree(copy);
	return s;
}
