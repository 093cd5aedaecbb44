/*
 * Parsing of EPP responses: the envelope (every <result>, <msgQ>,
 * <trID>), dispatch of <resData> and <extension> children to the typed
 * parsers, XPath access and the compat JSON of a parsed response.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "ext/ext_private.h"
#include "core/response_private.h"
#include "session/session_private.h"
#include "xml/xml_private.h"

/*
 * <resData> children with typed data. A registry object or extension not
 * listed here is EPP_RESDATA_OTHER and is read through XPath; adding one
 * is a row here and a parser.
 */
static const struct {
	const char *ns, *name;
	epp_resdata_kind kind;
	int (*parse)(epp_response *, const xmlNode *, const char *,
	             const void **);
} resdata_parsers[] = {
        {EPP_NS_DOMAIN, "chkData", EPP_RESDATA_DOMAIN_CHK, epp__parse_check},
        {EPP_NS_DOMAIN, "infData", EPP_RESDATA_DOMAIN_INF,
         epp__parse_domain_info},
        {EPP_NS_DOMAIN, "creData", EPP_RESDATA_DOMAIN_CRE,
         epp__parse_domain_create},
        {EPP_NS_DOMAIN, "renData", EPP_RESDATA_DOMAIN_REN,
         epp__parse_domain_renew},
        {EPP_NS_DOMAIN, "trnData", EPP_RESDATA_DOMAIN_TRN, epp__parse_transfer},
        {EPP_NS_DOMAIN, "panData", EPP_RESDATA_DOMAIN_PAN, epp__parse_pending},
        {EPP_NS_HOST, "chkData", EPP_RESDATA_HOST_CHK, epp__parse_check},
        {EPP_NS_HOST, "infData", EPP_RESDATA_HOST_INF, epp__parse_host_info},
        {EPP_NS_HOST, "creData", EPP_RESDATA_HOST_CRE, epp__parse_host_create},
        {EPP_NS_HOST, "panData", EPP_RESDATA_HOST_PAN, epp__parse_pending},
        {EPP_NS_CONTACT, "chkData", EPP_RESDATA_CONTACT_CHK, epp__parse_check},
        {EPP_NS_CONTACT, "infData", EPP_RESDATA_CONTACT_INF,
         epp__parse_contact_info},
        {EPP_NS_CONTACT, "creData", EPP_RESDATA_CONTACT_CRE,
         epp__parse_contact_create},
        {EPP_NS_CONTACT, "trnData", EPP_RESDATA_CONTACT_TRN,
         epp__parse_transfer},
        {EPP_NS_CONTACT, "panData", EPP_RESDATA_CONTACT_PAN,
         epp__parse_pending},
        {EPP_NS_ORG, "chkData", EPP_RESDATA_ORG_CHK, epp__parse_check},
        {EPP_NS_ORG, "infData", EPP_RESDATA_ORG_INF, epp__parse_org_info},
};

/* <extension> children with typed data: the registration point of
 * response extensions. */
static const struct {
	const char *ns, *name;
	int (*parse)(epp_response *, const xmlNode *);
} extension_parsers[] = {
        {EPP_NS_SECDNS, "infData", epp__parse_secdns},
        {EPP_NS_RGP, "infData", epp__parse_rgp},
        {EPP_NS_RGP, "upData", epp__parse_rgp},
        {EPP_NS_FEE, "chkData", epp__parse_fee_check},
        {EPP_NS_FEE, "creData", epp__parse_fee_transform},
        {EPP_NS_FEE, "renData", epp__parse_fee_transform},
        {EPP_NS_FEE, "trnData", epp__parse_fee_transform},
        {EPP_NS_FEE, "updData", epp__parse_fee_transform},
        {EPP_NS_FEE, "delData", epp__parse_fee_transform},
        {EPP_NS_ALLOCTOKEN, "allocationToken", epp__parse_alloc_token},
        {EPP_NS_CHANGEPOLL, "changeData", epp__parse_change_poll},
        {EPP_NS_LOGINSEC, "loginSecData", epp__parse_loginsec},
        {EPP_NS_LAUNCH, "chkData", epp__parse_launch_check},
        {EPP_NS_LAUNCH, "creData", epp__parse_launch_create},
        {EPP_NS_LAUNCH, "infData", epp__parse_launch_info},
        {EPP_NS_ORGEXT, "infData", epp__parse_orgext},
};

/* The prefixes epp_response_xpath() always knows. */
static const epp_xml_ns xpath_ns[] = {
        {"epp", EPP_NS_EPP},
        {"eppcom", EPP_NS_EPPCOM},
        {"domain", EPP_NS_DOMAIN},
        {"host", EPP_NS_HOST},
        {"contact", EPP_NS_CONTACT},
        {"secDNS", EPP_NS_SECDNS},
        {"rgp", EPP_NS_RGP},
        {"fee", "urn:ietf:params:xml:ns:epp:fee-1.0"},
        {"launch", "urn:ietf:params:xml:ns:launch-1.0"},
        {"loginSec", "urn:ietf:params:xml:ns:epp:loginSec-1.0"},
        {"changePoll", "urn:ietf:params:xml:ns:changePoll-1.0"},
        {"allocationToken", "urn:ietf:params:xml:ns:allocationToken-1.0"},
        {"org", EPP_NS_ORG},
        {"orgext", EPP_NS_ORGEXT},
        {"xsi", EPP_NS_XSI},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int
in_ns(const xmlNode *n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	       strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* "dddd" in 1000..2599, else -1. */
static int
result_code(const char *v)
{
	int c = 0, i;

	if (v == NULL || strlen(v) != 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		c = c * 10 + (v[i] - '0');
	}
	return c >= 1000 && c <= 2599 ? c : -1;
}

/*
 * The element quoted in a <value>: its name, text, and itself serialized
 * on its own, so copied into a document of its own first, which puts the
 * namespace declarations it uses (often on <value> itself) on it.
 */
static int
quoted_value(epp_response *r, const xmlNode *value, epp_result_value *out)
{
	xmlNode *e, *copy;
	xmlDocPtr doc;
	xmlBufferPtr buf = NULL;
	int rc = EPP_ENOMEM;

	for (e = value ? value->children : NULL; e != NULL; e = e->next)
		if (e->type == XML_ELEMENT_NODE)
			break;
	if (e == NULL)
		return EPP_OK;
	doc = xmlNewDoc((const xmlChar *)"1.0");
	copy = doc ? xmlDocCopyNode(e, doc, 1) : NULL;
	if (copy == NULL)
		goto done;
	xmlDocSetRootElement(doc, copy);
	buf = xmlBufferCreate();
	if (buf == NULL || xmlNodeDump(buf, doc, copy, 0, 0) < 0)
		goto done;
	out->xml = epp__arena_strndup(&r->arena,
	                              (const char *)xmlBufferContent(buf),
	                              (size_t)xmlBufferLength(buf));
	out->name = epp__arena_strndup(&r->arena, (const char *)e->name,
	                               strlen((const char *)e->name));
	out->text = epp__rtext(r, e);
	rc = EPP_OK;
done:
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
	return rc;
}

static int
parse_result(epp_response *r, const xmlNode *n, epp_result *res)
{
	epp_result_value *vals;
	epp_result_ext_value *ext;
	const xmlNode *c, *msg = epp__xml_child(n, EPP_NS_EPP, "msg");
	size_t i;

	res->code = result_code(epp__rattr(r, n, "code"));
	if (res->code < 0)
		return EPP_EPROTO;
	res->msg = msg ? epp__rtext(r, msg) : "";
	res->msg_lang = epp__rattr(r, msg, "lang");
	res->value_count = epp__rcount(n, EPP_NS_EPP, "value");
	res->ext_value_count = epp__rcount(n, EPP_NS_EPP, "extValue");
	vals = epp__arena_alloc(&r->arena,
	                        res->value_count * sizeof(*vals) + 1);
	ext = epp__arena_alloc(&r->arena,
	                       res->ext_value_count * sizeof(*ext) + 1);
	if (vals == NULL || ext == NULL)
		return EPP_ENOMEM;
	i = 0;
	for (c = epp__xml_child(n, EPP_NS_EPP, "value"); c != NULL;
	     c = epp__xml_next(c, EPP_NS_EPP, "value"))
		if (quoted_value(r, c, &vals[i++]) != EPP_OK)
			return EPP_ENOMEM;
	i = 0;
	for (c = epp__xml_child(n, EPP_NS_EPP, "extValue"); c != NULL;
	     c = epp__xml_next(c, EPP_NS_EPP, "extValue"), i++) {
		const xmlNode *reason = epp__xml_child(c, EPP_NS_EPP, "reason");
		if (quoted_value(r, epp__xml_child(c, EPP_NS_EPP, "value"),
		                 &ext[i].value) != EPP_OK)
			return EPP_ENOMEM;
		ext[i].reason = epp__rtext(r, reason);
		ext[i].reason_lang = epp__rattr(r, reason, "lang");
	}
	res->values = vals;
	res->ext_values = ext;
	return EPP_OK;
}

static int
parse_msgq(epp_response *r, const xmlNode *n)
{
	epp_msgq *q = epp__arena_alloc(&r->arena, sizeof(*q));
	const xmlNode *msg = epp__xml_child(n, EPP_NS_EPP, "msg");
	const char *count = epp__rattr(r, n, "count");

	if (q == NULL)
		return EPP_ENOMEM;
	q->count = count ? strtoul(count, NULL, 10) : 0;
	q->id = epp__rattr(r, n, "id");
	q->qdate = epp__rchild(r, n, EPP_NS_EPP, "qDate");
	q->msg = epp__rtext(r, msg);
	q->msg_lang = epp__rattr(r, msg, "lang");
	r->msgq = q;
	return EPP_OK;
}

static int
parse_resdata(epp_response *r, const xmlNode *resdata)
{
	const xmlNode *c;
	size_t i;

	for (c = resdata->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			break;
	if (c == NULL)
		return EPP_OK;
	r->kind = EPP_RESDATA_OTHER;
	for (i = 0; i < COUNT(resdata_parsers); i++) {
		if (!in_ns(c, resdata_parsers[i].ns, resdata_parsers[i].name))
			continue;
		r->kind = resdata_parsers[i].kind;
		return resdata_parsers[i].parse(r, c, resdata_parsers[i].ns,
		                                &r->resdata);
	}
	return EPP_OK;
}

static int
parse_extension(epp_response *r, const xmlNode *ext)
{
	const xmlNode *c;
	size_t i;
	int rc;

	for (c = ext->children; c != NULL; c = c->next) {
		for (i = 0; i < COUNT(extension_parsers); i++) {
			if (!in_ns(c, extension_parsers[i].ns,
			           extension_parsers[i].name))
				continue;
			rc = extension_parsers[i].parse(r, c);
			if (rc != EPP_OK)
				return rc;
		}
	}
	return EPP_OK;
}

/* Everything typed, read once. */
static int
parse_body(epp_response *r, epp_error *err)
{
	const xmlNode *resp = r->response, *c, *trid;
	size_t i = 0;
	int rc;

	r->result_count = epp__rcount(resp, EPP_NS_EPP, "result");
	if (r->result_count == 0)
		return epp__error_set(err, EPP_EPROTO,
		                      "EPP response has no <result>");
	r->results = epp__arena_alloc(&r->arena,
	                              r->result_count * sizeof(*r->results));
	if (r->results == NULL)
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	for (c = epp__xml_child(resp, EPP_NS_EPP, "result"); c != NULL;
	     c = epp__xml_next(c, EPP_NS_EPP, "result")) {
		rc = parse_result(r, c, &r->results[i++]);
		if (rc == EPP_EPROTO)
			return epp__error_set(err, rc,
			                      "EPP response has no valid "
			                      "<result code>");
		if (rc != EPP_OK)
			return epp__error_set(err, rc, "out of memory");
	}
	r->code = r->results[0].code;
	r->msg = r->results[0].msg;
	trid = epp__xml_child(resp, EPP_NS_EPP, "trID");
	r->cltrid = epp__rchild(r, trid, EPP_NS_EPP, "clTRID");
	r->svtrid = epp__rchild(r, trid, EPP_NS_EPP, "svTRID");
	rc = epp__parse_unhandled(r);
	if (rc == EPP_OK &&
	    (c = epp__xml_child(resp, EPP_NS_EPP, "msgQ")) != NULL)
		rc = parse_msgq(r, c);
	if (rc == EPP_OK &&
	    (c = epp__xml_child(resp, EPP_NS_EPP, "resData")) != NULL)
		rc = parse_resdata(r, c);
	if (rc == EPP_OK &&
	    (c = epp__xml_child(resp, EPP_NS_EPP, "extension")) != NULL)
		rc = parse_extension(r, c);
	if (rc == EPP_OK && r->arena.oom)
		rc = EPP_ENOMEM;
	if (rc != EPP_OK)
		return epp__error_set(err, rc, "out of memory");
	return EPP_OK;
}

/*
 * Parse `xml` into a response. `own`: xml is malloc'd (len + 1 bytes,
 * NUL-terminated) and becomes the response's raw text, not copied, on
 * success only.
 */
static int
parse(epp_response **out, const char *xml, size_t len, char *own,
      epp_error *err)
{
	epp_response *r;
	xmlNodePtr root;
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
	if (!in_ns(root, EPP_NS_EPP, "epp")) {
		rc = epp__error_set(err, EPP_EPROTO,
		                    "not an EPP document: root element is not "
		                    "<epp> in the EPP namespace");
		goto fail;
	}
	r->response = epp__xml_child(root, EPP_NS_EPP, "response");
	if (r->response == NULL) {
		rc = epp__error_set(err, EPP_EPROTO,
		                    "EPP document has no <response>");
		goto fail;
	}
	rc = parse_body(r, err);
	if (rc != EPP_OK)
		goto fail;
	r->xml = own ? own : malloc(len + 1);
	if (r->xml == NULL) {
		rc = epp__error_set(err, EPP_ENOMEM, "out of memory");
		goto fail;
	}
	if (len > 0 && own == NULL)
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
epp_response_parse(epp_response **out, const char *xml, size_t len,
                   epp_error *err)
{
	return parse(out, xml, len, NULL, err);
}

int
epp__response_parse_own(epp_response **out, char *xml, size_t len,
                        epp_error *err)
{
	return parse(out, xml, len, xml, err);
}

int
epp_response_code(const epp_response *r)
{
	return r->code;
}

int
epp_response_is_success(const epp_response *r)
{
	return r->code >= 1000 && r->code < 2000;
}

const char *
epp_response_message(const epp_response *r)
{
	return r->msg ? r->msg : "";
}

const char *
epp_response_cltrid(const epp_response *r)
{
	return r->cltrid;
}

const char *
epp_response_svtrid(const epp_response *r)
{
	return r->svtrid;
}

const char *
epp_response_xml(const epp_response *r, size_t *len)
{
	if (len)
		*len = r->len;
	return r->xml;
}

size_t
epp_response_result_count(const epp_response *r)
{
	return r->result_count;
}

const epp_result *
epp_response_result(const epp_response *r, size_t i)
{
	return i < r->result_count ? &r->results[i] : NULL;
}

const epp_msgq *
epp_response_msgq(const epp_response *r)
{
	return r->msgq;
}

epp_resdata_kind
epp_response_resdata_kind(const epp_response *r)
{
	return r->kind;
}

/* The typed resData when it is one of `kinds` (0-terminated). */
static const void *
resdata_of(const epp_response *r, const epp_resdata_kind *kinds)
{
	for (; *kinds != EPP_RESDATA_NONE; kinds++)
		if (r->kind == *kinds)
			return r->resdata;
	return NULL;
}

#define RESDATA_GETTER(fn, type, ...)                                          \
	const type *fn(const epp_response *r)                                  \
	{                                                                      \
		static const epp_resdata_kind k[] = {__VA_ARGS__,              \
		                                     EPP_RESDATA_NONE};        \
		return resdata_of(r, k);                                       \
	}

RESDATA_GETTER(epp_response_check, epp_check_data, EPP_RESDATA_DOMAIN_CHK,
               EPP_RESDATA_HOST_CHK, EPP_RESDATA_CONTACT_CHK,
               EPP_RESDATA_ORG_CHK)
RESDATA_GETTER(epp_response_transfer, epp_transfer_data, EPP_RESDATA_DOMAIN_TRN,
               EPP_RESDATA_CONTACT_TRN)
RESDATA_GETTER(epp_response_pending, epp_pending_data, EPP_RESDATA_DOMAIN_PAN,
               EPP_RESDATA_HOST_PAN, EPP_RESDATA_CONTACT_PAN)
RESDATA_GETTER(epp_response_domain_info, epp_domain_info_data,
               EPP_RESDATA_DOMAIN_INF)
RESDATA_GETTER(epp_response_domain_create, epp_domain_create_data,
               EPP_RESDATA_DOMAIN_CRE)
RESDATA_GETTER(epp_response_domain_renew, epp_domain_renew_data,
               EPP_RESDATA_DOMAIN_REN)
RESDATA_GETTER(epp_response_host_info, epp_host_info_data, EPP_RESDATA_HOST_INF)
RESDATA_GETTER(epp_response_host_create, epp_host_create_data,
               EPP_RESDATA_HOST_CRE)
RESDATA_GETTER(epp_response_contact_info, epp_contact_info_data,
               EPP_RESDATA_CONTACT_INF)
RESDATA_GETTER(epp_response_contact_create, epp_contact_create_data,
               EPP_RESDATA_CONTACT_CRE)

const epp_secdns_info_data *
epp_response_secdns_info(const epp_response *r)
{
	return r->secdns;
}

const epp_rgp_data *
epp_response_rgp(const epp_response *r)
{
	return r->rgp;
}

void
epp_strings_free(char **strings)
{
	char **s;

	if (strings == NULL)
		return;
	for (s = strings; *s != NULL; s++)
		free(*s);
	free(strings);
}

/* malloc'd copy of `s` trimmed of XML white space. */
static char *
dup_trimmed(const char *s)
{
	size_t len;
	char *p;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	                   s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	p = malloc(len + 1);
	if (p != NULL) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

static int
xpath_strings(char ***out, size_t *count, xmlXPathObjectPtr res)
{
	size_t n = 0, i;
	char **v;
	xmlChar *s;

	if (res->type == XPATH_NODESET)
		n = res->nodesetval ? (size_t)res->nodesetval->nodeNr : 0;
	else
		n = 1;
	v = calloc(n + 1, sizeof(*v));
	if (v == NULL)
		return EPP_ENOMEM;
	for (i = 0; i < n; i++) {
		if (res->type == XPATH_NODESET)
			s = xmlNodeGetContent(res->nodesetval->nodeTab[i]);
		else
			s = xmlXPathCastToString(res);
		v[i] = dup_trimmed(s ? (const char *)s : "");
		xmlFree(s);
		if (v[i] == NULL) {
			epp_strings_free(v);
			return EPP_ENOMEM;
		}
	}
	*out = v;
	*count = n;
	return EPP_OK;
}

static void
quiet(void *data, xmlErrorPtr e)
{
	(void)data;
	(void)e;
}

int
epp_response_xpath(char ***out, size_t *count, const epp_response *r,
                   const char *expr, const epp_xml_ns *extra,
                   size_t extra_count)
{
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr res;
	size_t i;
	int rc = EPP_ENOMEM;

	if (out == NULL || count == NULL || r == NULL || expr == NULL ||
	    (extra == NULL && extra_count > 0))
		return EPP_EINVAL;
	*out = NULL;
	*count = 0;
	ctx = xmlXPathNewContext(r->doc);
	if (ctx == NULL)
		return EPP_ENOMEM;
	for (i = 0; i < COUNT(xpath_ns); i++)
		if (xmlXPathRegisterNs(ctx, (const xmlChar *)xpath_ns[i].prefix,
		                       (const xmlChar *)xpath_ns[i].uri) != 0)
			goto done;
	for (i = 0; i < extra_count; i++) {
		if (extra[i].prefix == NULL || extra[i].uri == NULL) {
			rc = EPP_EINVAL;
			goto done;
		}
		if (xmlXPathRegisterNs(ctx, (const xmlChar *)extra[i].prefix,
		                       (const xmlChar *)extra[i].uri) != 0)
			goto done;
	}
	/* a bad expression is EPP_EINVAL; libxml2 must not print it */
	ctx->error = quiet;
	res = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	if (res == NULL) {
		rc = EPP_EINVAL;
		goto done;
	}
	rc = xpath_strings(out, count, res);
	xmlXPathFreeObject(res);
done:
	xmlXPathFreeContext(ctx);
	return rc;
}

int
epp_response_xpath_string(char **out, const epp_response *r, const char *expr)
{
	char **v;
	size_t n, i;
	int rc;

	if (out == NULL)
		return EPP_EINVAL;
	*out = NULL;
	rc = epp_response_xpath(&v, &n, r, expr, NULL, 0);
	if (rc != EPP_OK)
		return rc;
	if (n == 0) {
		epp_strings_free(v);
		return EPP_ENOTFOUND;
	}
	*out = v[0];
	for (i = 1; i < n; i++)
		free(v[i]);
	free(v);
	return EPP_OK;
}

void
epp_response_free(epp_response *r)
{
	if (r == NULL)
		return;
	xmlFreeDoc(r->doc);
	epp__arena_free(&r->arena);
	free(r->xml);
	free(r);
}
