/*
 * Parsing of EPP responses: the envelope (<result>, <trID>).
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "response_private.h"
#include "xml_private.h"

static int
parse_code(const xmlNode *result, int *code)
{
	xmlChar *v = xmlGetProp(result, (const xmlChar *)"code");
	int ok = 0, c = 0, i;

	if (v && xmlStrlen(v) == 4) {
		ok = 1;
		for (i = 0; i < 4; i++) {
			if (v[i] < '0' || v[i] > '9')
				ok = 0;
			c = c * 10 + (v[i] - '0');
		}
	}
	xmlFree(v);
	if (!ok || c < 1000 || c > 2599)
		return EPP_EPROTO;
	*code = c;
	return EPP_OK;
}

int
epp_response_parse(epp_response **out, const char *xml, size_t len,
		   epp_error *err)
{
	epp_response *r;
	xmlNodePtr root, resp, result, trid;
	int rc;

	if (out == NULL || (xml == NULL && len > 0))
		return epp__error_set(err, EPP_EINVAL, "invalid argument");
	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	rc = epp__xml_parse(&r->doc, xml, len, 0, err);
	if (rc != EPP_OK)
		goto fail;
	root = xmlDocGetRootElement(r->doc);
	if (root->ns == NULL ||
	    strcmp((const char *)root->ns->href, EPP_NS_EPP) != 0 ||
	    strcmp((const char *)root->name, "epp") != 0) {
		rc = epp__error_set(err, EPP_EPROTO,
				    "not an EPP document: root element is not "
				    "<epp> in the EPP namespace");
		goto fail;
	}
	resp = epp__xml_child(root, EPP_NS_EPP, "response");
	if (resp == NULL) {
		rc = epp__error_set(err, EPP_EPROTO,
				    "EPP document has no <response>");
		goto fail;
	}
	r->response = resp;
	result = epp__xml_child(resp, EPP_NS_EPP, "result");
	if (result == NULL || parse_code(result, &r->code) != EPP_OK) {
		rc = epp__error_set(err, EPP_EPROTO,
				    "EPP response has no valid <result "
				    "code>");
		goto fail;
	}
	r->msg = epp__xml_text(epp__xml_child(result, EPP_NS_EPP, "msg"));
	trid = epp__xml_child(resp, EPP_NS_EPP, "trID");
	r->cltrid = epp__xml_text(epp__xml_child(trid, EPP_NS_EPP, "clTRID"));
	r->svtrid = epp__xml_text(epp__xml_child(trid, EPP_NS_EPP, "svTRID"));
	r->xml = malloc(len + 1);
	if (r->xml == NULL) {
		rc = epp__error_set(err, EPP_ENOMEM, "out of memory");
		goto fail;
	}
	memcpy(r->xml, xml, len);
	r->xml[len] = '\0';
	r->len = len;
	*out = r;
	return EPP_OK;
fail:
	epp_response_free(r);
	return rc;
}

int
epp_response_code(const epp_response *r)
{
	return r->code;
}

const char *
epp_response_message(const epp_response *r)
{
	return r->msg ? (const char *)r->msg : "";
}

const char *
epp_response_cltrid(const epp_response *r)
{
	return (const char *)r->cltrid;
}

const char *
epp_response_svtrid(const epp_response *r)
{
	return (const char *)r->svtrid;
}

const char *
epp_response_xml(const epp_response *r, size_t *len)
{
	if (len)
		*len = r->len;
	return r->xml;
}

void
epp_response_free(epp_response *r)
{
	if (r == NULL)
		return;
	xmlFree(r->msg);
	xmlFree(r->cltrid);
	xmlFree(r->svtrid);
	xmlFreeDoc(r->doc);
	free(r->xml);
	free(r);
}
