/*
 * Internal: how commands are built. A builder owns a libxml2 document
 * <epp><command><VERB>...</VERB>[<extension/>]<clTRID/></command></epp>
 * until epp__builder_end() serializes it into an epp_command.
 */
#ifndef EPP_COMMAND_PRIVATE_H
#define EPP_COMMAND_PRIVATE_H

#include <libxml/tree.h>

#include "epp/command.h"

struct epp_command {
	char *xml; /* serialized document, NUL-terminated, malloc'd */
	size_t len;
	char cltrid[EPP_CLTRID_BUFSIZE];
	const char *name; /* static string */
	epp_command_kind kind;
};

typedef struct {
	xmlDocPtr doc;
	xmlNodePtr top; /* <command> (or <hello>) */
	xmlNsPtr epp_ns;
	xmlNodePtr extension; /* created on first use */
	const char *name;
	epp_command_kind kind;
} epp__builder;

/*
 * Start a command document. With `verb` NULL the document is
 * <epp><hello/></epp> (no <command>, no clTRID); otherwise `b->top` is the
 * <command> element and the verb element (e.g. "create") is returned
 * through *verb_node when not NULL. `name` must be a static string.
 * Returns EPP_OK or EPP_ENOMEM.
 */
int epp__builder_begin(epp__builder *b, const char *name, epp_command_kind kind,
                       const char *verb, xmlNodePtr *verb_node);

/*
 * Add <ns:verb xmlns:ns="uri"> under `parent` (e.g. <domain:create> under
 * <create>) and return it through *out. Returns EPP_OK or EPP_ENOMEM.
 */
int epp__builder_object(epp__builder *b, xmlNodePtr parent, const char *uri,
                        const char *prefix, const char *name, xmlNodePtr *out);

/*
 * The <extension> element of the command, created on first call, always
 * placed after the verb. NULL when out of memory.
 */
xmlNodePtr epp__builder_extension(epp__builder *b);

/*
 * Add <clTRID> (unless this is a hello), serialize, free the document and
 * hand the result to *out. `cltrid` must be 3-64 characters. The builder is
 * finished whatever the result. Returns EPP_OK, EPP_EINVAL, EPP_ENOMEM.
 */
int epp__builder_end(epp__builder *b, const char *cltrid, epp_command **out,
                     epp_error *err);

/* Drop a builder that will not be finished. */
void epp__builder_abort(epp__builder *b);

#endif
