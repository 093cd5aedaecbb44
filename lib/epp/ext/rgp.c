/*
 * RFC 3915 registry grace period: <rgp:update><rgp:restore op="request"/>
 * or op="report" with its report, as an extension module of domain update.
 * JSON (docs/protocol.md): `rgp_restore` (any true value) and
 * `rgp_restore_report` {pre_data, post_data, del_time, res_time,
 * res_reason, statement1, statement2, other}.
 */
#include <stdio.h>
#include <string.h>

#include "core/response_private.h"
#include "ext/ext_private.h"
#include "epp/rgp.h"

static int
rgp_validate(const void *data, epp__cmd cmd, epp_error *err)
{
	const epp_rgp_restore *r = data;
	int rc;

	(void)cmd;
	if (r->op == EPP_RGP_REQUEST)
		return EPP_OK;
	if (r->op != EPP_RGP_REPORT)
		return epp__invalid(err, "rgp", -1,
		                    "op must be request or report");
	if ((rc = epp__check_text(err, "pre_data", -1, r->pre_data, 1)) ||
	    (rc = epp__check_text(err, "post_data", -1, r->post_data, 1)) ||
	    (rc = epp__check_text(err, "res_reason", -1, r->res_reason, 1)) ||
	    (rc = epp__check_text(err, "statement1", -1, r->statement[0], 1)) ||
	    (rc = epp__check_text(err, "statement2", -1, r->statement[1], 0)) ||
	    (rc = epp__check_text(err, "other", -1, r->other, 0)))
		return rc;
	/* a bare date is accepted and sent as midnight UTC */
	if (r->del_time && strlen(r->del_time) == 10) {
		if ((rc = epp__check_date(err, "del_time", r->del_time)))
			return rc;
	} else if ((rc = epp__check_datetime(err, "del_time", r->del_time)))
		return rc;
	if (r->res_time && strlen(r->res_time) == 10)
		return epp__check_date(err, "res_time", r->res_time);
	return epp__check_datetime(err, "res_time", r->res_time);
}

static xmlNodePtr
add_time(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *t)
{
	char buf[32];

	if (strlen(t) == 10) {
		snprintf(buf, sizeof(buf), "%sT00:00:00Z", t);
		t = buf;
	}
	return epp__xml_add(parent, ns, name, t);
}

static int
rgp_build(xmlNodePtr ext, const void *data, epp__cmd cmd)
{
	const epp_rgp_restore *r = data;
	xmlNodePtr top, restore, rep;
	xmlNsPtr ns;

	(void)cmd;
	top = xmlNewChild(ext, NULL, (const xmlChar *)"update", NULL);
	if (top == NULL)
		return EPP_ENOMEM;
	ns = xmlNewNs(top, (const xmlChar *)EPP_RGP_NS, (const xmlChar *)"rgp");
	if (ns == NULL)
		return EPP_ENOMEM;
	xmlSetNs(top, ns);
	restore = epp__xml_add(top, ns, "restore", NULL);
	if (restore == NULL ||
	    epp__xml_attr(restore, "op",
	                  r->op == EPP_RGP_REPORT ? "report" : "request"))
		return EPP_ENOMEM;
	if (r->op != EPP_RGP_REPORT)
		return EPP_OK;
	if ((rep = epp__xml_add(restore, ns, "report", NULL)) == NULL ||
	    !epp__xml_add(rep, ns, "preData", r->pre_data) ||
	    !epp__xml_add(rep, ns, "postData", r->post_data) ||
	    !add_time(rep, ns, "delTime", r->del_time) ||
	    !add_time(rep, ns, "resTime", r->res_time) ||
	    !epp__xml_add(rep, ns, "resReason", r->res_reason) ||
	    !epp__xml_add(rep, ns, "statement", r->statement[0]))
		return EPP_ENOMEM;
	if (r->statement[1] && *r->statement[1] &&
	    !epp__xml_add(rep, ns, "statement", r->statement[1]))
		return EPP_ENOMEM;
	if (r->other && *r->other && !epp__xml_add(rep, ns, "other", r->other))
		return EPP_ENOMEM;
	return EPP_OK;
}

static int
rgp_from_json(const void **data, const json_t *args, epp__cmd cmd,
              epp__arena *a, epp_error *err)
{
	const json_t *rep = json_object_get(args, "rgp_restore_report");
	epp_rgp_restore *r;
	int rc;

	(void)cmd;
	*data = NULL;
	if (rep && json_is_null(rep))
		rep = NULL;
	if (rep == NULL &&
	    !epp__json_truthy(json_object_get(args, "rgp_restore")))
		return EPP_OK;
	if ((r = epp__arena_alloc(a, sizeof(*r))) == NULL)
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	r->op = EPP_RGP_REQUEST;
	if (rep) {
		if (!json_is_object(rep))
			return epp__invalid(err, "rgp_restore_report", -1,
			                    "must be an object");
		r->op = EPP_RGP_REPORT;
		if ((rc = epp__json_str(rep, "pre_data", 1, &r->pre_data,
		                        err)) ||
		    (rc = epp__json_str(rep, "post_data", 1, &r->post_data,
		                        err)) ||
		    (rc = epp__json_str(rep, "del_time", 1, &r->del_time,
		                        err)) ||
		    (rc = epp__json_str(rep, "res_time", 1, &r->res_time,
		                        err)) ||
		    (rc = epp__json_str(rep, "res_reason", 1, &r->res_reason,
		                        err)) ||
		    (rc = epp__json_str(rep, "statement1", 1, &r->statement[0],
		                        err)) ||
		    (rc = epp__json_str(rep, "statement2", 0, &r->statement[1],
		                        err)) ||
		    (rc = epp__json_str(rep, "other", 0, &r->other, err)))
			return rc;
	}
	*data = r;
	return EPP_OK;
}

const epp__ext_module epp__ext_rgp = {
        EPP_EXT_RGP,  EPP_RGP_NS, EPP__CMD_BIT(EPP__CMD_DOMAIN_UPDATE),
        rgp_validate, rgp_build,  rgp_from_json,
};

/* ---- responses: <rgp:infData>, <rgp:upData> ---- */

int
epp__parse_rgp(epp_response *r, const xmlNode *n)
{
	epp_rgp_data *d = epp__arena_alloc(&r->arena, sizeof(*d));

	if (d == NULL)
		return EPP_ENOMEM;
	if (epp__rstatuses(r, n, EPP_NS_RGP, "rgpStatus", &d->count,
	                   &d->statuses) != EPP_OK)
		return EPP_ENOMEM;
	r->rgp = d;
	return EPP_OK;
}
