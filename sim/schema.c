/*
 * Validation of every command against the RFC schemas, compiled in.
 *
 * all.xsd imports the others by file name; an external entity loader
 * serves those names from memory and refuses everything else, so neither
 * compiling the schemas nor parsing a command can touch the disk or the
 * network. The compiled schema is read-only after start-up and shared by
 * all threads; each thread has its own validation context.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>

#include "schema.h"
#include "sim.h"

static xmlSchemaPtr schema;
static xmlExternalEntityLoader default_loader;

static const struct sim_schema_file *
find_schema(const char *url)
{
	const char *base;
	const struct sim_schema_file *f;

	if (url == NULL)
		return NULL;
	base = strrchr(url, '/');
	base = base ? base + 1 : url;
	for (f = sim_schema_files; f->name != NULL; f++)
		if (strcmp(f->name, base) == 0)
			return f;
	return NULL;
}

/* Serve the embedded schemas; refuse anything else (DTDs, other URLs). */
static xmlParserInputPtr
loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	const struct sim_schema_file *f = find_schema(url);
	xmlParserInputPtr in;

	(void)id;
	if (f == NULL)
		return NULL;
	in = xmlNewStringInputStream(ctxt, (const xmlChar *)f->data);
	if (in != NULL && in->filename == NULL)
		in->filename = (char *)xmlStrdup((const xmlChar *)f->name);
	return in;
}

static void
collect_error(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

int
sim_schema_init(char *err, size_t errlen)
{
	const struct sim_schema_file *all = find_schema("all.xsd");
	xmlSchemaParserCtxtPtr pc;

	if (all == NULL) {
		snprintf(err, errlen, "all.xsd is not compiled in");
		return -1;
	}
	default_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(loader);
	pc = xmlSchemaNewMemParserCtxt((const char *)all->data, (int)all->len);
	if (pc == NULL) {
		snprintf(err, errlen, "cannot create the schema parser");
		return -1;
	}
	xmlSchemaSetParserErrors(pc, collect_error, collect_error, NULL);
	schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (schema == NULL) {
		snprintf(err, errlen, "the compiled-in schemas do not compile");
		return -1;
	}
	return 0;
}

void
sim_schema_free(void)
{
	xmlSchemaFree(schema);
	schema = NULL;
	if (default_loader != NULL)
		xmlSetExternalEntityLoader(default_loader);
}

struct sim_validator {
	xmlSchemaValidCtxtPtr ctx;
	int nerr;
	char reason[512];
	xmlNodePtr node;
};

/* Keep the first error only; the message is trimmed of its newline. */
static void
structured_error(void *data, xmlErrorPtr e)
{
	struct sim_validator *v = data;
	size_t n;

	if (v->nerr++ > 0 || e == NULL)
		return;
	snprintf(v->reason, sizeof(v->reason), "%s",
	         e->message ? e->message : "schema validation failed");
	n = strlen(v->reason);
	while (n > 0 && (v->reason[n - 1] == '\n' || v->reason[n - 1] == ' '))
		v->reason[--n] = '\0';
	v->node = e->node;
}

struct sim_validator *
sim_validator_new(void)
{
	struct sim_validator *v = calloc(1, sizeof(*v));

	if (v == NULL)
		return NULL;
	v->ctx = xmlSchemaNewValidCtxt(schema);
	if (v->ctx == NULL) {
		free(v);
		return NULL;
	}
	xmlSchemaSetValidStructuredErrors(v->ctx, structured_error, v);
	return v;
}

void
sim_validator_free(struct sim_validator *v)
{
	if (v == NULL)
		return;
	xmlSchemaFreeValidCtxt(v->ctx);
	free(v);
}

int
sim_validate(struct sim_validator *v, xmlDocPtr doc, char *reason, size_t len,
             xmlNodePtr *node)
{
	int rc;

	v->nerr = 0;
	v->reason[0] = '\0';
	v->node = NULL;
	rc = xmlSchemaValidateDoc(v->ctx, doc);
	if (rc == 0)
		return 0;
	snprintf(reason, len, "%s",
	         v->reason[0] ? v->reason : "schema validation failed");
	*node = v->node;
	return -1;
}
