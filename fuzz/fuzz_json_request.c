/*
 * Fuzz the JSON bridge: arbitrary bytes as a docs/protocol.md request. Either
 * a command comes out that is well-formed XML with the clTRID it was given
 * and a known kind, or EPP_EINVAL/EPP_ELIMIT with a terminated error text
 * and no command. Never a crash, never a half-built command.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "epp/json.h"

#define CLTRID "FUZZ-0001"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	epp_command *c = NULL;
	epp_error err;
	const char *xml, *name;
	size_t len;
	xmlDocPtr doc;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = epp_json_to_command(&c, (const char *)data, size, CLTRID, &err);
	if (rc != EPP_OK) {
		if (c != NULL ||
		    (rc != EPP_EINVAL && rc != EPP_ELIMIT &&
		     rc != EPP_ENOMEM) ||
		    memchr(err.text, '\0', sizeof(err.text)) == NULL ||
		    err.text[0] == '\0')
			abort();
		return 0;
	}
	xml = epp_command_xml(c, &len);
	name = epp_command_name(c);
	if (xml == NULL || len == 0 || name == NULL ||
	    (epp_command_kind_of(c) != EPP_COMMAND_QUERY &&
	     epp_command_kind_of(c) != EPP_COMMAND_TRANSFORM))
		abort();
	if (strcmp(name, "hello") != 0 &&
	    strcmp(epp_command_cltrid(c), CLTRID) != 0)
		abort();
	/* what we send must always be well-formed */
	doc = xmlReadMemory(xml, (int)len, NULL, NULL,
	                    XML_PARSE_NONET | XML_PARSE_NOERROR |
	                            XML_PARSE_NOWARNING);
	if (doc == NULL)
		abort();
	xmlFreeDoc(doc);
	epp_command_free(c);
	return 0;
}
