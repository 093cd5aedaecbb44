/*
 * Object transfers (RFC 5731/5733 section 3.2.4), shared by domains and
 * contacts: a request goes pending and tells the losing registrar through
 * its poll queue; the sponsor approves or rejects, the requester cancels,
 * or the server approves once the configured time has passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

int
sim_authinfo_check(xmlNodePtr obj, const char *pw)
{
	xmlNodePtr ai = sim_child(obj, "authInfo");
	char *given;
	int ok;

	if (ai == NULL)
		return 0;
	given = sim_child_text(ai, "pw");
	if (given == NULL)
		return -1;
	ok = pw != NULL && strcmp(given, pw) == 0;
	free(given);
	return ok ? 1 : -1;
}

int
sim_period_months(struct sim_cmd *c, xmlNodePtr obj)
{
	xmlNodePtr p = sim_child(obj, "period");
	xmlChar *unit;
	char *text;
	long v;
	int months;

	if (p == NULL)
		return 12;
	unit = xmlGetProp(p, (const xmlChar *)"unit");
	text = sim_text(p);
	v = text ? strtol(text, NULL, 10) : 0;
	months = unit && strcmp((const char *)unit, "y") == 0 ? (int)v * 12
	                                                      : (int)v;
	xmlFree(unit);
	free(text);
	if (months < 12 || months > 120 || months % 12 != 0) {
		sim_resp_error(c->r, 2004, p,
		               "period must be 1 to 10 years (12 to 120 months "
		               "in whole years)");
		return 0;
	}
	return months;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

time_t
sim_add_months(time_t t, int months)
{
	static const unsigned mdays[] = {31, 28, 31, 30, 31, 30,
	                                 31, 31, 30, 31, 30, 31};
	struct tm tm;
	long y, m, d, leap, secs;

	gmtime_r(&t, &tm);
	m = tm.tm_mon + months;
	y = tm.tm_year + 1900 + m / 12;
	m = m % 12;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	d = tm.tm_mday;
	if (d > (long)mdays[m] + (m == 1 ? leap : 0))
		d = (long)mdays[m] + (m == 1 ? leap : 0);
	secs = tm.tm_hour * 3600L + tm.tm_min * 60L + tm.tm_sec;
	return (time_t)(days_from_civil(y, (unsigned)m + 1, (unsigned)d) *
	                        86400L +
	                secs);
}

static void
fill_trn(xmlNodePtr trn, const struct sim_xfer_obj *o)
{
	const struct sim_transfer *tr = o->tr;

	sim_add(trn, o->idname, o->id);
	sim_add(trn, "trStatus", sim_tr_status_name(tr->status));
	sim_add(trn, "reID", tr->reid);
	sim_add_date(trn, "reDate", tr->redate);
	sim_add(trn, "acID", tr->acid);
	sim_add_date(trn, "acDate", tr->acdate);
	if (o->exdate != NULL)
		sim_add_date(
		        trn, "exDate",
		        tr->status == TR_PENDING
		                ? sim_add_months(*o->exdate, tr->period_months)
		                : *o->exdate);
}

/* The <trnData> as a standalone document, for a poll message. */
static char *
trn_xml(const struct sim_xfer_obj *o)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root;
	xmlChar *buf = NULL;
	int len = 0;
	char *out;

	if (doc == NULL)
		return NULL;
	root = xmlNewNode(NULL, (const xmlChar *)"trnData");
	xmlDocSetRootElement(doc, root);
	xmlSetNs(root, xmlNewNs(root, (const xmlChar *)o->ns,
	                        (const xmlChar *)o->prefix));
	fill_trn(root, o);
	xmlDocDumpMemoryEnc(doc, &buf, &len, "UTF-8");
	xmlFreeDoc(doc);
	out = buf ? sim_strdup((const char *)buf) : NULL;
	xmlFree(buf);
	return out;
}

static void
notify(const struct sim_xfer_obj *o, const char *clid, const char *text,
       time_t when)
{
	sim_poll_enqueue(clid, text, trn_xml(o), when);
}

static void
complete(struct sim_xfer_obj *o, int status, time_t when)
{
	struct sim_transfer *tr = o->tr;

	tr->status = status;
	tr->acdate = when;
	if (status != TR_CLIENT_APPROVED && status != TR_SERVER_APPROVED)
		return;
	if (o->exdate != NULL)
		*o->exdate = sim_add_months(*o->exdate, tr->period_months);
	snprintf(o->m->clid, sizeof(o->m->clid), "%s", tr->reid);
	o->m->trdate = when;
}

void
sim_transfer_deadline(struct sim_xfer_obj *o, time_t now)
{
	if (o->tr->status != TR_PENDING || o->tr->acdate > now)
		return;
	complete(o, TR_SERVER_APPROVED, o->tr->acdate);
	notify(o, o->tr->reid, "Transfer approved by the registry.",
	       o->tr->acdate);
	notify(o, o->tr->acid, "Transfer approved by the registry.",
	       o->tr->acdate);
}

static void
request(struct sim_cmd *c, struct sim_xfer_obj *o, xmlNodePtr obj)
{
	struct sim_transfer *tr = o->tr;
	int months = 0;

	if (strcmp(c->clid, o->m->clid) == 0) {
		sim_resp_error(c->r, 2106, sim_child(obj, o->idname),
		               "the object is already sponsored by you");
		return;
	}
	if (tr->status == TR_PENDING) {
		sim_resp_code(c->r, 2300);
		return;
	}
	if (o->status &
	    (ST_CLIENT_TRANSFER | ST_SERVER_TRANSFER | ST_PENDING_DELETE)) {
		sim_resp_code(c->r, 2304);
		return;
	}
	if (sim_authinfo_check(obj, o->pw) != 1) {
		sim_resp_code(c->r, 2202);
		return;
	}
	if (o->exdate != NULL && (months = sim_period_months(c, obj)) == 0)
		return;
	memset(tr, 0, sizeof(*tr));
	tr->status = TR_PENDING;
	snprintf(tr->reid, sizeof(tr->reid), "%s", c->clid);
	snprintf(tr->acid, sizeof(tr->acid), "%s", o->m->clid);
	tr->redate = c->now;
	tr->acdate = c->now + c->cfg->transfer_s;
	tr->period_months = months;
	snprintf(tr->cltrid, sizeof(tr->cltrid), "%s",
	         c->cltrid ? c->cltrid : "");
	snprintf(tr->svtrid, sizeof(tr->svtrid), "%s", c->svtrid);
	sim_registry_note_deadline(tr->acdate);
	sim_resp_code(c->r, 1001);
	fill_trn(sim_resp_data(c->r, o->ns, o->prefix, "trnData"), o);
	notify(o, tr->acid, "Transfer requested.", c->now);
}

void
sim_transfer_cmd(struct sim_cmd *c, struct sim_xfer_obj *o, const char *op,
                 xmlNodePtr obj)
{
	struct sim_transfer *tr = o->tr;
	int auth;

	if (strcmp(op, "request") == 0) {
		request(c, o, obj);
		return;
	}
	if (strcmp(op, "query") == 0) {
		if (tr->status == TR_NONE) {
			sim_resp_code(c->r, 2301);
			return;
		}
		auth = sim_authinfo_check(obj, o->pw);
		if (auth < 0) {
			sim_resp_code(c->r, 2202);
			return;
		}
		if (auth == 0 && strcmp(c->clid, o->m->clid) != 0 &&
		    strcmp(c->clid, tr->reid) != 0) {
			sim_resp_code(c->r, 2201);
			return;
		}
		fill_trn(sim_resp_data(c->r, o->ns, o->prefix, "trnData"), o);
		return;
	}
	if (tr->status != TR_PENDING) {
		sim_resp_code(c->r, 2301);
		return;
	}
	if (strcmp(op, "cancel") == 0) {
		if (strcmp(c->clid, tr->reid) != 0) {
			sim_resp_code(c->r, 2201);
			return;
		}
		complete(o, TR_CLIENT_CANCELLED, c->now);
		notify(o, tr->acid, "Transfer cancelled.", c->now);
	} else {
		if (strcmp(c->clid, o->m->clid) != 0) {
			sim_resp_code(c->r, 2201);
			return;
		}
		if (strcmp(op, "approve") == 0) {
			complete(o, TR_CLIENT_APPROVED, c->now);
			notify(o, tr->reid, "Transfer approved.", c->now);
		} else {
			complete(o, TR_CLIENT_REJECTED, c->now);
			notify(o, tr->reid, "Transfer rejected.", c->now);
		}
	}
	fill_trn(sim_resp_data(c->r, o->ns, o->prefix, "trnData"), o);
}
