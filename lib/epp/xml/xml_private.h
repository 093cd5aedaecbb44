/*
 * Internal libxml2 helpers shared by the builders and parsers of libepp.
 */
#ifndef EPP_XML_PRIVATE_H
#define EPP_XML_PRIVATE_H

#include <libxml/tree.h>

#include "base/base_private.h"
#include "epp/common.h"

#define EPP_NS_EPP     "urn:ietf:params:xml:ns:epp-1.0"
#define EPP_NS_EPPCOM  "urn:ietf:params:xml:ns:eppcom-1.0"
#define EPP_NS_DOMAIN  "urn:ietf:params:xml:ns:domain-1.0"
#define EPP_NS_HOST    "urn:ietf:params:xml:ns:host-1.0"
#define EPP_NS_CONTACT "urn:ietf:params:xml:ns:contact-1.0"
#define EPP_NS_ORG     "urn:ietf:params:xml:ns:epp:org-1.0"
#define EPP_NS_SECDNS  "urn:ietf:params:xml:ns:secDNS-1.1"
#define EPP_NS_RGP     "urn:ietf:params:xml:ns:rgp-1.0"
#define EPP_NS_XSI     "http://www.w3.org/2001/XMLSchema-instance"

/* Deepest element nesting accepted in a parsed document. EPP responses
 * nest about 8 deep; registry extensions add a few more. */
#define EPP_XML_MAX_DEPTH 64

/* Most nodes (elements, attributes, namespace declarations, text runs,
 * comments, processing instructions) in a parsed document. The largest
 * real responses (a check of 1,000 names) hold about 8,000; the limit
 * bounds the tree of a hostile document of small elements, which costs
 * 100 to 250 bytes a node whatever the frame size, to about 10 MB. */
#define EPP_XML_MAX_NODES 50000

/* Longest text of one element, in bytes (libxml2's own limit). */
#define EPP_XML_MAX_TEXT 10000000

/*
 * Parse `len` bytes of XML safely: no network, no DTD loading, no entity
 * expansion, documents with a DOCTYPE rejected, `max_size` bytes at most
 * (0 = 16 MiB), EPP_XML_MAX_DEPTH levels, EPP_XML_MAX_NODES nodes and
 * texts of EPP_XML_MAX_TEXT bytes. On failure `err` (may be NULL) gets the
 * line, column and libxml2's message, or names the limit exceeded.
 * Returns EPP_OK, EPP_EPROTO, EPP_ELIMIT or EPP_ENOMEM.
 */
int epp__xml_parse(xmlDocPtr *out, const char *buf, size_t len, size_t max_size,
                   epp_error *err);

/*
 * 1 when `s` is valid UTF-8 made only of characters XML 1.0 allows (no
 * control characters but tab, CR and LF), else 0. Builders call it on
 * every caller-supplied value so that nothing unserialisable is sent.
 */
int epp__xml_text_ok(const char *s);

/*
 * Add <ns:name>text</ns:name> under `parent`. The text is escaped by
 * libxml2 on output; NULL text makes an empty element. Returns the new
 * node or NULL when out of memory.
 */
xmlNodePtr epp__xml_add(xmlNodePtr parent, xmlNsPtr ns, const char *name,
                        const char *text);

/* Set an attribute (escaped on output). Returns 0 or EPP_ENOMEM. */
int epp__xml_attr(xmlNodePtr node, const char *name, const char *value);

/* First element child of `node` with this local name and namespace
 * (namespace NULL matches any), or NULL. */
xmlNodePtr epp__xml_child(const xmlNode *node, const char *ns,
                          const char *name);

/* Next element sibling after `node` with this local name and namespace. */
xmlNodePtr epp__xml_next(const xmlNode *node, const char *ns, const char *name);

/* Trimmed text content of an element (xmlFree it), NULL when `n` is NULL
 * or out of memory. */
xmlChar *epp__xml_text(const xmlNode *n);

/*
 * The trimmed text content of an element without copying it: *len bytes
 * at the returned pointer, which points into the tree (not NUL-terminated
 * at *len when the text ends in white space). Only when the text is spread
 * over several nodes is it copied, into *copy (xmlFree it after use;
 * NULL otherwise). NULL when `n` is NULL or out of memory.
 */
const char *epp__xml_text_ref(const xmlNode *n, size_t *len, xmlChar **copy);

#endif
