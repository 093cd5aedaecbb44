/*
 * Internal: the parsed response. The libxml2 document is kept so that
 * typed getters and XPath can read from it; strings taken from it are
 * xmlChar and freed with xmlFree.
 */
#ifndef EPP_RESPONSE_PRIVATE_H
#define EPP_RESPONSE_PRIVATE_H

#include <libxml/tree.h>

#include "epp/response.h"

struct epp_response {
	xmlDocPtr doc;
	xmlNodePtr response; /* <response> (or <greeting>) element */
	char *xml;	     /* copy of the raw document, malloc'd */
	size_t len;
	int code;	     /* first <result code> */
	xmlChar *msg;	     /* first <result><msg> */
	xmlChar *cltrid;
	xmlChar *svtrid;
};

#endif
