/*
 * Command documents and clTRIDs.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <openssl/rand.h>

#include "core/command_private.h"
#include "xml/xml_private.h"

const char *
epp_command_xml(const epp_command *c, size_t *len)
{
	if (len)
		*len = c->len;
	return c->xml;
}

const char *
epp_command_cltrid(const epp_command *c)
{
	return c->cltrid;
}

const char *
epp_command_name(const epp_command *c)
{
	return c->name;
}

epp_command_kind
epp_command_kind_of(const epp_command *c)
{
	return c->kind;
}

void
epp_command_free(epp_command *c)
{
	if (c == NULL)
		return;
	free(c->xml);
	free(c);
}

/*
 * prefix-seconds-pid-counter-random: time and pid separate processes of one
 * machine, 32 random bits separate machines (and pid reuse), the counter
 * separates calls within a process. Well under the 64-character limit of
 * eppcom:trIDStringType.
 */
void
epp_cltrid_generate(char *buf, const char *prefix)
{
	static atomic_ulong counter;
	unsigned long n = atomic_fetch_add(&counter, 1) + 1;
	unsigned int rnd = 0;

	if (prefix == NULL || *prefix == '\0')
		prefix = "EPPKIT";
	if (RAND_bytes((unsigned char *)&rnd, sizeof(rnd)) != 1)
		rnd = (unsigned int)clock();
	snprintf(buf, EPP_CLTRID_BUFSIZE, "%.24s-%llx-%lx-%lx-%08x", prefix,
	         (unsigned long long)time(NULL), (unsigned long)getpid(), n,
	         rnd);
}

int
epp__builder_begin(epp__builder *b, const char *name, epp_command_kind kind,
                   const char *verb, xmlNodePtr *verb_node)
{
	xmlNodePtr root, v;

	memset(b, 0, sizeof(*b));
	b->name = name;
	b->kind = kind;
	b->doc = xmlNewDoc((const xmlChar *)"1.0");
	if (b->doc == NULL)
		return EPP_ENOMEM;
	root = xmlNewDocNode(b->doc, NULL, (const xmlChar *)"epp", NULL);
	if (root == NULL)
		goto oom;
	xmlDocSetRootElement(b->doc, root);
	b->epp_ns = xmlNewNs(root, (const xmlChar *)EPP_NS_EPP, NULL);
	if (b->epp_ns == NULL)
		goto oom;
	xmlSetNs(root, b->epp_ns);
	b->top = xmlNewChild(root, b->epp_ns,
	                     (const xmlChar *)(verb ? "command" : "hello"),
	                     NULL);
	if (b->top == NULL)
		goto oom;
	if (verb) {
		v = xmlNewChild(b->top, b->epp_ns, (const xmlChar *)verb, NULL);
		if (v == NULL)
			goto oom;
		if (verb_node)
			*verb_node = v;
	}
	return EPP_OK;
oom:
	epp__builder_abort(b);
	return EPP_ENOMEM;
}

int
epp__builder_object(epp__builder *b, xmlNodePtr parent, const char *uri,
                    const char *prefix, const char *name, xmlNodePtr *out)
{
	xmlNodePtr n;
	xmlNsPtr ns;

	(void)b;
	n = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
	if (n == NULL)
		return EPP_ENOMEM;
	ns = xmlNewNs(n, (const xmlChar *)uri, (const xmlChar *)prefix);
	if (ns == NULL)
		return EPP_ENOMEM;
	xmlSetNs(n, ns);
	*out = n;
	return EPP_OK;
}

xmlNodePtr
epp__builder_extension(epp__builder *b)
{
	if (b->extension == NULL)
		b->extension = xmlNewChild(b->top, b->epp_ns,
		                           (const xmlChar *)"extension", NULL);
	return b->extension;
}

void
epp__builder_abort(epp__builder *b)
{
	xmlFreeDoc(b->doc);
	b->doc = NULL;
}

int
epp__builder_end(epp__builder *b, const char *cltrid, epp_command **out,
                 epp_error *err)
{
	epp_command *c;
	xmlChar *mem = NULL;
	int size = 0;
	size_t n;

	*out = NULL;
	if (b->doc == NULL)
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		goto oom;
	c->name = b->name;
	c->kind = b->kind;
	if (xmlStrEqual(b->top->name, (const xmlChar *)"hello")) {
		c->cltrid[0] = '\0';
	} else {
		n = cltrid ? strlen(cltrid) : 0;
		if (n < 3 || n > 64 || !epp__xml_text_ok(cltrid)) {
			free(c);
			epp__builder_abort(b);
			return epp__error_set(err, EPP_EINVAL,
			                      "clTRID must be 3 to 64 "
			                      "characters of text");
		}
		memcpy(c->cltrid, cltrid, n + 1);
		/* empty <extension> is not allowed by the schema */
		if (b->extension && b->extension->children == NULL) {
			xmlUnlinkNode(b->extension);
			xmlFreeNode(b->extension);
			b->extension = NULL;
		}
		if (epp__xml_add(b->top, b->epp_ns, "clTRID", cltrid) == NULL)
			goto oom;
	}
	xmlDocDumpMemoryEnc(b->doc, &mem, &size, "UTF-8");
	if (mem == NULL)
		goto oom;
	c->xml = malloc((size_t)size + 1);
	if (c->xml == NULL)
		goto oom;
	memcpy(c->xml, mem, (size_t)size);
	c->xml[size] = '\0';
	c->len = (size_t)size;
	xmlFree(mem);
	epp__builder_abort(b);
	*out = c;
	return EPP_OK;
oom:
	xmlFree(mem);
	epp_command_free(c);
	epp__builder_abort(b);
	return epp__error_set(err, EPP_ENOMEM, "out of memory");
}
