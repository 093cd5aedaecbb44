/*
 * Raw extension XML for registry-specific extensions: a fragment of one
 * or more namespaced elements, checked for well-formedness with the safe
 * parser (no DTD, no entities, size and depth caps) and inserted as
 * parsed nodes, never pasted as a string. JSON: `extension_xml` (a
 * string) on every command.
 */
#include <stdlib.h>
#include <string.h>

#include "ext/ext_private.h"

/* A fragment bigger than this is not an extension. */
#define RAW_MAX (64 * 1024)

#define ALL_COMMANDS ((1ul << EPP__CMD_COUNT) - 1)

/* The fragment wrapped in a root of ours, parsed. */
static int
parse(xmlDocPtr *doc, const char *xml, const char *field, epp_error *err)
{
	static const char open[] = "<eppkit-raw>", close[] = "</eppkit-raw>";
	size_t n = strlen(xml);
	char *buf;
	int rc;

	if (n > RAW_MAX)
		return epp__invalid(err, field, -1, "is larger than 64 KiB");
	if ((buf = malloc(sizeof(open) + n + sizeof(close))) == NULL)
		return EPP__OOM(err);
	memcpy(buf, open, sizeof(open) - 1);
	memcpy(buf + sizeof(open) - 1, xml, n);
	memcpy(buf + sizeof(open) - 1 + n, close, sizeof(close));
	rc = epp__xml_parse(doc, buf, strlen(buf), 0, NULL);
	free(buf);
	if (rc == EPP_ENOMEM)
		return EPP__OOM(err);
	if (rc != EPP_OK)
		return epp__invalid(err, field, -1, "is not well-formed XML");
	return EPP_OK;
}

/* Every element has a declared namespace: a prefix without a
 * declaration leaves ns NULL and a colon in the name. */
static int
namespaced(const xmlNode *n, int top)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE && top &&
		    n->content[strspn((const char *)n->content, " \t\r\n")])
			return 0;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((top && n->ns == NULL) ||
		    strchr((const char *)n->name, ':'))
			return 0;
		if (!namespaced(n->children, 0))
			return 0;
	}
	return 1;
}

int
epp__raw_check(epp_error *err, const char *field, const char *xml)
{
	xmlDocPtr doc;
	xmlNodePtr root;
	int rc;

	if ((rc = epp__check_text(err, field, -1, xml, 1)) ||
	    (rc = parse(&doc, xml, field, err)))
		return rc;
	root = xmlDocGetRootElement(doc);
	rc = EPP_OK;
	if (xmlFirstElementChild(root) == NULL)
		rc = epp__invalid(err, field, -1, "holds no element");
	else if (!namespaced(root->children, 1))
		rc = epp__invalid(err, field, -1,
		                  "elements must be in a declared namespace, "
		                  "with no text between them");
	xmlFreeDoc(doc);
	return rc;
}

int
epp__raw_insert(xmlNodePtr parent, const char *xml)
{
	xmlDocPtr doc;
	xmlNodePtr n, copy;
	int rc = EPP_OK;

	if (parse(&doc, xml, "xml", NULL) != EPP_OK)
		return EPP_ENOMEM; /* checked before: only memory fails */
	for (n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		copy = xmlDocCopyNode(n, parent->doc, 1);
		if (copy == NULL || xmlAddChild(parent, copy) == NULL) {
			xmlFreeNode(copy);
			rc = EPP_ENOMEM;
			break;
		}
		xmlReconciliateNs(parent->doc, copy);
	}
	xmlFreeDoc(doc);
	return rc;
}

static int
raw_validate(const void *data, epp__cmd cmd, epp_error *err)
{
	(void)cmd;
	return epp__raw_check(err, "extension_xml", data);
}

static int
raw_build(xmlNodePtr ext, const void *data, epp__cmd cmd)
{
	(void)cmd;
	return epp__raw_insert(ext, data);
}

static int
raw_from_json(const void **data, const json_t *args, epp__cmd cmd,
              epp__arena *a, epp_error *err)
{
	const char *s;
	int rc;

	(void)cmd;
	(void)a;
	*data = NULL;
	if ((rc = epp__json_str(args, "extension_xml", 0, &s, err)))
		return rc;
	*data = s;
	return EPP_OK;
}

/* Not announced at login: the namespaces are the caller's business. */
const epp__ext_module epp__ext_raw = {
        EPP_EXT_RAW, NULL, ALL_COMMANDS, raw_validate, raw_build, raw_from_json,
};

/* The XML of registered modules from a JSON request (ext_registry.c). */
static int
registered_from_json(const void **data, const json_t *args, epp__cmd cmd,
                     epp__arena *a, epp_error *err)
{
	(void)args;
	(void)cmd;
	(void)a;
	(void)err;
	*data = NULL; /* collected by the JSON bridge itself */
	return EPP_OK;
}

const epp__ext_module epp__ext_registered = {
        EPP__EXT_REGISTERED, NULL,      ALL_COMMANDS,
        raw_validate,        raw_build, registered_from_json,
};
