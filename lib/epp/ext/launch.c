/*
 * RFC 8334 launch-1.0. JSON: `launch` on domain_check ({"phase"?,
 * "phase_name"?, "type"?}), domain_info ({"phase", "application_id"?,
 * "include_mark"?}), domain_create ({"phase", "phase_name"?, "type"?,
 * "encoded_signed_mark": text or [texts], "code_marks": [{"code",
 * "validator_id", "mark_xml"}], "notices": [{"notice_id",
 * "validator_id", "not_after", "accepted_date"}]}), domain_update and
 * domain_delete ({"phase", "application_id"}).
 */
#include <stdlib.h>
#include <string.h>

#include "epp/ext_launch.h"
#include "ext/ext_private.h"

static const char *const phases[] = {"sunrise", "landrush", "claims",
                                     "open",    "custom",   NULL};
static const char *const check_types[] = {"claims", "avail", "trademark", NULL};
static const char *const create_types[] = {"application", "registration", NULL};

#define SMD_BEGIN "-----BEGIN ENCODED SMD-----"
#define SMD_END   "-----END ENCODED SMD-----"

/* The base64 of an SMD file or of a bare encoded mark: [*b, *e). */
static void
smd_span(const char *s, const char **b, const char **e)
{
	const char *p = strstr(s, SMD_BEGIN), *q;

	*b = s;
	*e = s + strlen(s);
	if (p && (q = strstr(p, SMD_END)) != NULL) {
		*b = p + strlen(SMD_BEGIN);
		*e = q;
	}
}

static int
check_smd(epp_error *err, long idx, const char *s)
{
	const char *b, *e;
	size_t n = 0;

	if (s == NULL)
		return epp__invalid(err, "launch.encoded_signed_mark", idx,
		                    "is required");
	smd_span(s, &b, &e);
	for (; b < e; b++) {
		if (strchr(" \t\r\n", *b))
			continue;
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvw"
		            "xyz0123456789+/=",
		            *b) ||
		    *b == '\0')
			return epp__invalid(err, "launch.encoded_signed_mark",
			                    idx, "is not base64");
		n++;
	}
	if (n == 0)
		return epp__invalid(err, "launch.encoded_signed_mark", idx,
		                    "is empty");
	return EPP_OK;
}

static int
launch_validate(const void *data, epp__cmd cmd, epp_error *err)
{
	const epp_launch *l = data;
	int rc, kinds;

	if ((rc = epp__check_enum(err, "launch.phase", -1, l->phase, phases,
	                          cmd != EPP__CMD_DOMAIN_CHECK)) ||
	    (rc = epp__check_text(err, "launch.phase_name", -1, l->phase_name,
	                          l->phase &&
	                                  strcmp(l->phase, "custom") == 0)) ||
	    (rc = epp__check_text(err, "launch.application_id", -1,
	                          l->application_id,
	                          cmd == EPP__CMD_DOMAIN_UPDATE ||
	                                  cmd == EPP__CMD_DOMAIN_DELETE)))
		return rc;
	if (cmd == EPP__CMD_DOMAIN_CHECK)
		return epp__check_enum(err, "launch.type", -1, l->check_type,
		                       check_types, 0);
	if (cmd != EPP__CMD_DOMAIN_CREATE)
		return EPP_OK;
	if ((rc = epp__check_enum(err, "launch.type", -1, l->create_type,
	                          create_types, 0)))
		return rc;
	kinds = (l->encoded_signed_mark_count > 0) + (l->code_mark_count > 0);
	if (kinds > 1)
		return epp__invalid(err, "launch", -1,
		                    "encoded signed marks and code marks "
		                    "cannot be mixed");
	for (size_t i = 0; i < l->encoded_signed_mark_count; i++)
		if ((rc = check_smd(err, (long)i, l->encoded_signed_marks[i])))
			return rc;
	for (size_t i = 0; i < l->code_mark_count; i++) {
		const epp_launch_code_mark *m = &l->code_marks[i];

		if ((m->code == NULL || *m->code == '\0') &&
		    (m->mark_xml == NULL || *m->mark_xml == '\0'))
			return epp__invalid(err, "launch.code_marks", (long)i,
			                    "needs a code or a mark");
		if ((rc = epp__check_text(err, "launch.code", (long)i, m->code,
		                          0)) ||
		    (rc = epp__check_text(err, "launch.validator_id", (long)i,
		                          m->validator_id, 0)) ||
		    (m->mark_xml && *m->mark_xml &&
		     (rc = epp__raw_check(err, "launch.mark_xml",
		                          m->mark_xml))))
			return rc;
	}
	for (size_t i = 0; i < l->notice_count; i++) {
		const epp_launch_notice *n = &l->notices[i];

		if ((rc = epp__check_text(err, "launch.notice_id", (long)i,
		                          n->notice_id, 1)) ||
		    (rc = epp__check_text(err, "launch.validator_id", (long)i,
		                          n->validator_id, 0)) ||
		    (rc = epp__check_datetime(err, "launch.not_after",
		                              n->not_after)) ||
		    (rc = epp__check_datetime(err, "launch.accepted_date",
		                              n->accepted_date)))
			return rc;
	}
	return EPP_OK;
}

static int
opt_attr(xmlNodePtr n, const char *name, const char *v)
{
	return v && *v ? epp__xml_attr(n, name, v) : EPP_OK;
}

static int
add_phase(xmlNodePtr top, xmlNsPtr ns, const epp_launch *l)
{
	xmlNodePtr p;

	if (l->phase == NULL || *l->phase == '\0')
		return EPP_OK;
	p = epp__xml_add(top, ns, "phase", l->phase);
	return p == NULL ? EPP_ENOMEM : opt_attr(p, "name", l->phase_name);
}

static int
add_smd(xmlNodePtr top, const char *s)
{
	const char *b, *e;
	xmlNodePtr n;
	xmlNsPtr ns;
	char *text;

	smd_span(s, &b, &e);
	while (b < e && strchr(" \t\r\n", *b))
		b++;
	while (e > b && strchr(" \t\r\n", e[-1]))
		e--;
	if ((text = malloc((size_t)(e - b) + 1)) == NULL)
		return EPP_ENOMEM;
	memcpy(text, b, (size_t)(e - b));
	text[e - b] = '\0';
	n = epp__ext_top(top, EPP_NS_SMD, "smd", "encodedSignedMark", text,
	                 &ns);
	free(text);
	return n ? EPP_OK : EPP_ENOMEM;
}

static int
build_create(xmlNodePtr top, xmlNsPtr ns, const epp_launch *l)
{
	xmlNodePtr n, c;

	for (size_t i = 0; i < l->code_mark_count; i++) {
		const epp_launch_code_mark *m = &l->code_marks[i];

		if ((n = epp__xml_add(top, ns, "codeMark", NULL)) == NULL)
			return EPP_ENOMEM;
		if (m->code && *m->code &&
		    ((c = epp__xml_add(n, ns, "code", m->code)) == NULL ||
		     opt_attr(c, "validatorID", m->validator_id)))
			return EPP_ENOMEM;
		if (m->mark_xml && *m->mark_xml &&
		    epp__raw_insert(n, m->mark_xml))
			return EPP_ENOMEM;
	}
	for (size_t i = 0; i < l->encoded_signed_mark_count; i++)
		if (add_smd(top, l->encoded_signed_marks[i]))
			return EPP_ENOMEM;
	for (size_t i = 0; i < l->notice_count; i++) {
		const epp_launch_notice *o = &l->notices[i];

		if ((n = epp__xml_add(top, ns, "notice", NULL)) == NULL ||
		    (c = epp__xml_add(n, ns, "noticeID", o->notice_id)) ==
		            NULL ||
		    opt_attr(c, "validatorID", o->validator_id) ||
		    !epp__xml_add(n, ns, "notAfter", o->not_after) ||
		    !epp__xml_add(n, ns, "acceptedDate", o->accepted_date))
			return EPP_ENOMEM;
	}
	return EPP_OK;
}

static int
launch_build(xmlNodePtr ext, const void *data, epp__cmd cmd)
{
	const epp_launch *l = data;
	const char *verb = cmd == EPP__CMD_DOMAIN_CHECK    ? "check"
	                   : cmd == EPP__CMD_DOMAIN_INFO   ? "info"
	                   : cmd == EPP__CMD_DOMAIN_CREATE ? "create"
	                   : cmd == EPP__CMD_DOMAIN_UPDATE ? "update"
	                                                   : "delete";
	xmlNodePtr top;
	xmlNsPtr ns;

	top = epp__ext_top(ext, EPP_LAUNCH_NS, "launch", verb, NULL, &ns);
	if (top == NULL)
		return EPP_ENOMEM;
	if (cmd == EPP__CMD_DOMAIN_CHECK &&
	    opt_attr(top, "type", l->check_type))
		return EPP_ENOMEM;
	if (cmd == EPP__CMD_DOMAIN_INFO && l->include_mark &&
	    epp__xml_attr(top, "includeMark", "true"))
		return EPP_ENOMEM;
	if (cmd == EPP__CMD_DOMAIN_CREATE &&
	    opt_attr(top, "type", l->create_type))
		return EPP_ENOMEM;
	if (add_phase(top, ns, l))
		return EPP_ENOMEM;
	if (cmd == EPP__CMD_DOMAIN_CREATE)
		return build_create(top, ns, l);
	if (cmd != EPP__CMD_DOMAIN_CHECK && l->application_id &&
	    *l->application_id &&
	    !epp__xml_add(top, ns, "applicationID", l->application_id))
		return EPP_ENOMEM;
	return EPP_OK;
}

/* ---- JSON ---- */

static int
json_smds(epp_launch *l, const json_t *v, epp__arena *a, epp_error *err)
{
	const char **arr;
	size_t n;

	if (v == NULL || json_is_null(v))
		return EPP_OK;
	n = json_is_array(v) ? json_array_size(v) : 1;
	if ((arr = epp__arena_alloc(a, (n + 1) * sizeof(*arr))) == NULL)
		return EPP__OOM(err);
	for (size_t i = 0; i < n; i++) {
		const json_t *s = json_is_array(v) ? json_array_get(v, i) : v;
		if (!json_is_string(s))
			return epp__invalid(err, "launch.encoded_signed_mark",
			                    (long)i, "must be a string");
		arr[i] = json_string_value(s);
	}
	l->encoded_signed_marks = arr;
	l->encoded_signed_mark_count = n;
	return EPP_OK;
}

static int
json_code_marks(epp_launch *l, const json_t *v, epp__arena *a, epp_error *err)
{
	const json_t **items;
	epp_launch_code_mark *arr;
	size_t n;
	int rc;

	if ((rc = epp__json_dicts(v, "code_marks", a, &items, &n, err)) ||
	    n == 0)
		return rc;
	if ((arr = epp__arena_alloc(a, n * sizeof(*arr))) == NULL)
		return EPP__OOM(err);
	for (size_t i = 0; i < n; i++)
		if ((rc = epp__json_str(items[i], "code", 0, &arr[i].code,
		                        err)) ||
		    (rc = epp__json_str(items[i], "validator_id", 0,
		                        &arr[i].validator_id, err)) ||
		    (rc = epp__json_str(items[i], "mark_xml", 0,
		                        &arr[i].mark_xml, err)))
			return rc;
	l->code_marks = arr;
	l->code_mark_count = n;
	return EPP_OK;
}

static int
json_notices(epp_launch *l, const json_t *v, epp__arena *a, epp_error *err)
{
	const json_t **items;
	epp_launch_notice *arr;
	size_t n;
	int rc;

	if ((rc = epp__json_dicts(v, "notices", a, &items, &n, err)) || n == 0)
		return rc;
	if ((arr = epp__arena_alloc(a, n * sizeof(*arr))) == NULL)
		return EPP__OOM(err);
	for (size_t i = 0; i < n; i++)
		if ((rc = epp__json_str(items[i], "notice_id", 1,
		                        &arr[i].notice_id, err)) ||
		    (rc = epp__json_str(items[i], "validator_id", 0,
		                        &arr[i].validator_id, err)) ||
		    (rc = epp__json_str(items[i], "not_after", 1,
		                        &arr[i].not_after, err)) ||
		    (rc = epp__json_str(items[i], "accepted_date", 1,
		                        &arr[i].accepted_date, err)))
			return rc;
	l->notices = arr;
	l->notice_count = n;
	return EPP_OK;
}

static int
launch_from_json(const void **data, const json_t *args, epp__cmd cmd,
                 epp__arena *a, epp_error *err)
{
	const json_t *v = json_object_get(args, "launch");
	const char *type;
	epp_launch *l;
	int rc;

	*data = NULL;
	if (v == NULL || json_is_null(v))
		return EPP_OK;
	if (!json_is_object(v))
		return epp__invalid(err, "launch", -1, "must be an object");
	if ((l = epp__arena_alloc(a, sizeof(*l))) == NULL)
		return EPP__OOM(err);
	if ((rc = epp__json_str(v, "phase", 0, &l->phase, err)) ||
	    (rc = epp__json_str(v, "phase_name", 0, &l->phase_name, err)) ||
	    (rc = epp__json_str(v, "application_id", 0, &l->application_id,
	                        err)) ||
	    (rc = epp__json_str(v, "type", 0, &type, err)))
		return rc;
	l->include_mark = epp__json_truthy(json_object_get(v, "include_mark"));
	if (cmd == EPP__CMD_DOMAIN_CHECK)
		l->check_type = type;
	if (cmd == EPP__CMD_DOMAIN_CREATE) {
		l->create_type = type;
		if ((rc = json_smds(l,
		                    json_object_get(v, "encoded_signed_mark"),
		                    a, err)) ||
		    (rc = json_code_marks(l, v, a, err)) ||
		    (rc = json_notices(l, v, a, err)))
			return rc;
	}
	*data = l;
	return EPP_OK;
}

const epp__ext_module epp__ext_launch = {
        EPP_EXT_LAUNCH,
        EPP_LAUNCH_NS,
        EPP__CMD_BIT(EPP__CMD_DOMAIN_CHECK) |
                EPP__CMD_BIT(EPP__CMD_DOMAIN_INFO) |
                EPP__CMD_BIT(EPP__CMD_DOMAIN_CREATE) |
                EPP__CMD_BIT(EPP__CMD_DOMAIN_UPDATE) |
                EPP__CMD_BIT(EPP__CMD_DOMAIN_DELETE),
        launch_validate,
        launch_build,
        launch_from_json,
};

/* ---- responses ---- */

int
epp__parse_launch_check(epp_response *r, const xmlNode *n)
{
	epp_launch_check_data *d = epp__arena_alloc(&r->arena, sizeof(*d));
	const xmlNode *ph = epp__xml_child(n, EPP_NS_LAUNCH, "phase"), *c, *k;
	epp_launch_cd *cds;
	size_t i = 0;

	if (d == NULL)
		return EPP_ENOMEM;
	d->phase = epp__rtext(r, ph);
	d->phase_name = epp__rattr(r, ph, "name");
	d->count = epp__rcount(n, EPP_NS_LAUNCH, "cd");
	if ((cds = epp__arena_alloc(&r->arena,
	                            (d->count + 1) * sizeof(*cds))) == NULL)
		return EPP_ENOMEM;
	for (c = epp__xml_child(n, EPP_NS_LAUNCH, "cd"); c;
	     c = epp__xml_next(c, EPP_NS_LAUNCH, "cd"), i++) {
		const xmlNode *nm = epp__xml_child(c, EPP_NS_LAUNCH, "name");
		epp_launch_claim_key *keys;
		size_t j = 0;

		cds[i].name = epp__rtext(r, nm);
		cds[i].exists = epp__rbool(epp__rattr(r, nm, "exists"), 0);
		cds[i].claim_key_count =
		        epp__rcount(c, EPP_NS_LAUNCH, "claimKey");
		keys = epp__arena_alloc(&r->arena, (cds[i].claim_key_count +
		                                    1) * sizeof(*keys));
		if (keys == NULL)
			return EPP_ENOMEM;
		for (k = epp__xml_child(c, EPP_NS_LAUNCH, "claimKey"); k;
		     k = epp__xml_next(k, EPP_NS_LAUNCH, "claimKey"), j++) {
			keys[j].key = epp__rtext(r, k);
			keys[j].validator_id = epp__rattr(r, k, "validatorID");
		}
		cds[i].claim_keys = keys;
	}
	d->items = cds;
	r->ext[EPP__RX_LAUNCH_CHECK] = d;
	return EPP_OK;
}

/* Each child element in `ns` serialized on its own. */
static int
marks(epp_response *r, const xmlNode *n, size_t *count, const char *const **out)
{
	xmlNode *c;
	const char **arr;
	size_t i = 0;

	*count = epp__rcount(n, EPP_NS_MARK, "mark");
	if ((arr = epp__arena_alloc(&r->arena, (*count + 1) * sizeof(*arr))) ==
	    NULL)
		return EPP_ENOMEM;
	for (c = n->children; c; c = c->next) {
		xmlDocPtr doc;
		xmlNodePtr copy;
		xmlBufferPtr buf;
		int ok;

		if (c->type != XML_ELEMENT_NODE || c->ns == NULL ||
		    strcmp((const char *)c->ns->href, EPP_NS_MARK) != 0 ||
		    strcmp((const char *)c->name, "mark") != 0)
			continue;
		doc = xmlNewDoc((const xmlChar *)"1.0");
		copy = doc ? xmlDocCopyNode(c, doc, 1) : NULL;
		buf = xmlBufferCreate();
		ok = copy && buf;

		if (ok) {
			xmlDocSetRootElement(doc, copy);
			ok = xmlNodeDump(buf, doc, copy, 0, 0) >= 0;
		}
		if (ok)
			arr[i++] = epp__arena_strndup(
			        &r->arena, (const char *)xmlBufferContent(buf),
			        (size_t)xmlBufferLength(buf));
		xmlBufferFree(buf);
		xmlFreeDoc(doc);
		if (!ok)
			return EPP_ENOMEM;
	}
	*out = arr;
	return EPP_OK;
}

static int
launch_data(epp_response *r, const xmlNode *n, epp_launch_data **out)
{
	epp_launch_data *d = epp__arena_alloc(&r->arena, sizeof(*d));
	const xmlNode *ph = epp__xml_child(n, EPP_NS_LAUNCH, "phase");
	const xmlNode *st = epp__xml_child(n, EPP_NS_LAUNCH, "status");

	if (d == NULL)
		return EPP_ENOMEM;
	d->phase = epp__rtext(r, ph);
	d->phase_name = epp__rattr(r, ph, "name");
	d->application_id = epp__rchild(r, n, EPP_NS_LAUNCH, "applicationID");
	d->status = epp__rattr(r, st, "s");
	d->status_name = epp__rattr(r, st, "name");
	d->status_text = epp__rtext(r, st);
	if (d->status_text && *d->status_text == '\0')
		d->status_text = NULL;
	*out = d;
	return marks(r, n, &d->mark_count, &d->marks);
}

int
epp__parse_launch_create(epp_response *r, const xmlNode *n)
{
	epp_launch_data *d;
	int rc = launch_data(r, n, &d);

	if (rc == EPP_OK)
		r->ext[EPP__RX_LAUNCH_CREATE] = d;
	return rc;
}

int
epp__parse_launch_info(epp_response *r, const xmlNode *n)
{
	epp_launch_data *d;
	int rc = launch_data(r, n, &d);

	if (rc == EPP_OK)
		r->ext[EPP__RX_LAUNCH_INFO] = d;
	return rc;
}

const epp_launch_check_data *
epp_response_launch_check(const epp_response *r)
{
	return r ? r->ext[EPP__RX_LAUNCH_CHECK] : NULL;
}

const epp_launch_data *
epp_response_launch_create(const epp_response *r)
{
	return r ? r->ext[EPP__RX_LAUNCH_CREATE] : NULL;
}

const epp_launch_data *
epp_response_launch_info(const epp_response *r)
{
	return r ? r->ext[EPP__RX_LAUNCH_INFO] : NULL;
}
