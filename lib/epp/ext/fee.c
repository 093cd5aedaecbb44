/*
 * RFC 8748 fee-1.0: <fee:check> on a domain check, <fee:create|renew|
 * transfer|update> with the agreed fees on transforms, and the typed data
 * of <fee:chkData> and of the transform and delete answers.
 *
 * JSON: domain_check takes `fee`: true (the create fee) or {"currency"?,
 * "commands": ["create", {"name", "period", "period_units", "phase",
 * "subphase", "custom_name"}]}; create, renew, transfer and update take
 * `fee`: "5.00", or {"currency"?, "amount", ...one fee} or
 * {"currency"?, "fees": [...], "credits": [...]}.
 */
#include <stdio.h>
#include <string.h>

#include "epp/ext_fee.h"
#include "ext/ext_private.h"

static const char *const command_names[] = {"create", "delete",   "renew",
                                            "update", "transfer", "restore",
                                            "custom", NULL};
static const char *const applied_values[] = {"immediate", "delayed", NULL};

#define FEE_COMMANDS                                                           \
	(EPP__CMD_BIT(EPP__CMD_DOMAIN_CHECK) |                                 \
	 EPP__CMD_BIT(EPP__CMD_DOMAIN_CREATE) |                                \
	 EPP__CMD_BIT(EPP__CMD_DOMAIN_RENEW) |                                 \
	 EPP__CMD_BIT(EPP__CMD_DOMAIN_TRANSFER) |                              \
	 EPP__CMD_BIT(EPP__CMD_DOMAIN_UPDATE))

static int
check_currency(epp_error *err, const char *c)
{
	if (c == NULL)
		return EPP_OK;
	if (strlen(c) != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' ||
	    c[1] > 'Z' || c[2] < 'A' || c[2] > 'Z')
		return epp__invalid(err, "fee.currency", -1,
		                    "must be three capital letters (ISO 4217)");
	return EPP_OK;
}

/* xs:duration, roughly: P then digits and designators. */
static int
duration_ok(const char *s)
{
	if (s[0] != 'P' || s[1] == '\0')
		return 0;
	for (s++; *s; s++)
		if (!strchr("0123456789YMWDTHS.", *s))
			return 0;
	return 1;
}

static int
fee_validate(const void *data, epp__cmd cmd, epp_error *err)
{
	const epp_fee *f = data;
	int rc;

	if ((rc = check_currency(err, f->currency)))
		return rc;
	if (cmd == EPP__CMD_DOMAIN_CHECK) {
		if (f->command_count == 0 || f->commands == NULL)
			return epp__invalid(err, "fee.commands", -1,
			                    "at least one command is required");
		if (f->fee_count || f->credit_count)
			return epp__invalid(err, "fee.fees", -1,
			                    "not allowed on a check");
		for (size_t i = 0; i < f->command_count; i++) {
			const epp_fee_command *c = &f->commands[i];
			long ix = (long)i;

			if ((rc = epp__check_enum(err, "fee.commands", ix,
			                          c->name, command_names, 1)) ||
			    (rc = epp__check_text(
			             err, "fee.custom_name", ix, c->custom_name,
			             strcmp(c->name, "custom") == 0)) ||
			    (rc = epp__check_text(err, "fee.phase", ix,
			                          c->phase, 0)) ||
			    (rc = epp__check_text(err, "fee.subphase", ix,
			                          c->subphase, 0)) ||
			    (rc = epp__check_period(err, c->period,
			                            c->period_unit, 1)))
				return rc;
		}
		return EPP_OK;
	}
	if (f->command_count)
		return epp__invalid(err, "fee.commands", -1,
		                    "only allowed on a check");
	if (f->fee_count == 0 || f->fees == NULL)
		return epp__invalid(err, "fee.fees", -1,
		                    "at least one fee is required");
	for (size_t i = 0; i < f->fee_count; i++) {
		const epp_fee_fee *e = &f->fees[i];
		long ix = (long)i;

		if ((rc = epp__check_decimal(err, "fee.fees", ix, e->amount, 1,
		                             1)) ||
		    (rc = epp__check_text(err, "fee.description", ix,
		                          e->description, 0)) ||
		    (rc = epp__check_text(err, "fee.lang", ix, e->lang, 0)) ||
		    (rc = epp__check_enum(err, "fee.applied", ix, e->applied,
		                          applied_values, 0)))
			return rc;
		if (e->grace_period && !duration_ok(e->grace_period))
			return epp__invalid(err, "fee.grace_period", ix,
			                    "must be an xs:duration (P5D)");
	}
	for (size_t i = 0; i < f->credit_count; i++)
		if ((rc = epp__check_decimal(err, "fee.credits", (long)i,
		                             f->credits[i].amount, -1, 1)) ||
		    (rc = epp__check_text(err, "fee.description", (long)i,
		                          f->credits[i].description, 0)) ||
		    (rc = epp__check_text(err, "fee.lang", (long)i,
		                          f->credits[i].lang, 0)))
			return rc;
	return EPP_OK;
}

static int
opt_attr(xmlNodePtr n, const char *name, const char *v)
{
	return v && *v ? epp__xml_attr(n, name, v) : EPP_OK;
}

static const char *
verb_of(epp__cmd cmd)
{
	switch (cmd) {
	case EPP__CMD_DOMAIN_CREATE:
		return "create";
	case EPP__CMD_DOMAIN_RENEW:
		return "renew";
	case EPP__CMD_DOMAIN_TRANSFER:
		return "transfer";
	default:
		return "update";
	}
}

static int
fee_build(xmlNodePtr ext, const void *data, epp__cmd cmd)
{
	const epp_fee *f = data;
	xmlNodePtr top, n;
	xmlNsPtr ns;

	top = epp__ext_top(ext, EPP_FEE_NS, "fee",
	                   cmd == EPP__CMD_DOMAIN_CHECK ? "check"
	                                                : verb_of(cmd),
	                   NULL, &ns);
	if (top == NULL)
		return EPP_ENOMEM;
	if (f->currency && !epp__xml_add(top, ns, "currency", f->currency))
		return EPP_ENOMEM;
	for (size_t i = 0; i < f->command_count; i++) {
		const epp_fee_command *c = &f->commands[i];

		if ((n = epp__xml_add(top, ns, "command", NULL)) == NULL ||
		    epp__xml_attr(n, "name", c->name) ||
		    opt_attr(n, "customName", c->custom_name) ||
		    opt_attr(n, "phase", c->phase) ||
		    opt_attr(n, "subphase", c->subphase) ||
		    (c->period &&
		     epp__add_period(n, ns, c->period, c->period_unit)))
			return EPP_ENOMEM;
	}
	for (size_t i = 0; i < f->fee_count; i++) {
		const epp_fee_fee *e = &f->fees[i];

		if ((n = epp__xml_add(top, ns, "fee", e->amount)) == NULL ||
		    opt_attr(n, "description", e->description) ||
		    opt_attr(n, "lang", e->lang) ||
		    (e->refundable >= 0 &&
		     epp__xml_attr(n, "refundable",
		                   e->refundable ? "1" : "0")) ||
		    opt_attr(n, "grace-period", e->grace_period) ||
		    opt_attr(n, "applied", e->applied))
			return EPP_ENOMEM;
	}
	for (size_t i = 0; i < f->credit_count; i++) {
		const epp_fee_credit *e = &f->credits[i];

		if ((n = epp__xml_add(top, ns, "credit", e->amount)) == NULL ||
		    opt_attr(n, "description", e->description) ||
		    opt_attr(n, "lang", e->lang))
			return EPP_ENOMEM;
	}
	return EPP_OK;
}

/* ---- JSON ---- */

static int
json_period(const json_t *o, int *period, char *unit, epp_error *err)
{
	unsigned long v;
	const char *u;
	int rc;

	if ((rc = epp__json_uint(o, "period", 0, 99, &v, NULL, err)) ||
	    (rc = epp__json_str(o, "period_units", 0, &u, err)))
		return rc;
	*period = (int)v;
	*unit = u && strcmp(u, "m") == 0 ? 'm' : 'y';
	if (u && strcmp(u, "m") != 0 && strcmp(u, "y") != 0)
		return epp__invalid(err, "period_units", -1,
		                    "must be \"y\" or \"m\"");
	return EPP_OK;
}

static int
json_commands(epp_fee *f, const json_t *list, epp__arena *a, epp_error *err)
{
	epp_fee_command *arr;
	size_t n = list ? json_array_size(list) : 1;

	if (list && (!json_is_array(list) || n == 0))
		return epp__invalid(err, "fee.commands", -1,
		                    "must be a non-empty list");
	if ((arr = epp__arena_alloc(a, n * sizeof(*arr))) == NULL)
		return EPP__OOM(err);
	if (list == NULL)
		arr[0].name = "create";
	for (size_t i = 0; list && i < n; i++) {
		const json_t *c = json_array_get(list, i);
		int rc;

		if (json_is_string(c)) {
			arr[i].name = json_string_value(c);
			continue;
		}
		if (!json_is_object(c))
			return epp__invalid(err, "fee.commands", (long)i,
			                    "must be a name or an object");
		if ((rc = epp__json_str(c, "name", 1, &arr[i].name, err)) ||
		    (rc = epp__json_str(c, "custom_name", 0,
		                        &arr[i].custom_name, err)) ||
		    (rc = epp__json_str(c, "phase", 0, &arr[i].phase, err)) ||
		    (rc = epp__json_str(c, "subphase", 0, &arr[i].subphase,
		                        err)) ||
		    (rc = json_period(c, &arr[i].period, &arr[i].period_unit,
		                      err)))
			return rc;
	}
	f->commands = arr;
	f->command_count = n;
	return EPP_OK;
}

/* One fee: "5.00", 5, or {"amount", "description", ...}. */
static int
json_fee(epp_fee_fee *e, const json_t *v, epp__arena *a, epp_error *err)
{
	const json_t *r;
	int rc;

	e->refundable = -1;
	if (json_is_number(v)) {
		char *buf = epp__arena_alloc(a, 40);
		if (buf == NULL)
			return EPP__OOM(err);
		snprintf(buf, 40, "%.2f", json_number_value(v));
		e->amount = buf;
		return EPP_OK;
	}
	if (json_is_string(v)) {
		e->amount = json_string_value(v);
		return EPP_OK;
	}
	if (!json_is_object(v))
		return epp__invalid(err, "fee", -1,
		                    "a fee is an amount or an object");
	if ((rc = epp__json_str(v, "amount", 1, &e->amount, err)) ||
	    (rc = epp__json_str(v, "description", 0, &e->description, err)) ||
	    (rc = epp__json_str(v, "lang", 0, &e->lang, err)) ||
	    (rc = epp__json_str(v, "grace_period", 0, &e->grace_period, err)) ||
	    (rc = epp__json_str(v, "applied", 0, &e->applied, err)))
		return rc;
	r = json_object_get(v, "refundable");
	if (r && !json_is_null(r))
		e->refundable = epp__json_truthy(r);
	return EPP_OK;
}

static int
json_fee_list(const json_t *list, const char *key, epp_fee_fee **out,
              size_t *count, epp__arena *a, epp_error *err)
{
	size_t n;

	*count = 0;
	if (list == NULL || json_is_null(list))
		return EPP_OK;
	if (!json_is_array(list))
		return epp__invalid(err, key, -1, "must be a list");
	n = json_array_size(list);
	if ((*out = epp__arena_alloc(a, (n + 1) * sizeof(**out))) == NULL)
		return EPP__OOM(err);
	for (size_t i = 0; i < n; i++) {
		int rc = json_fee(&(*out)[i], json_array_get(list, i), a, err);
		if (rc)
			return rc;
	}
	*count = n;
	return EPP_OK;
}

static int
fee_from_json(const void **data, const json_t *args, epp__cmd cmd,
              epp__arena *a, epp_error *err)
{
	const json_t *v = json_object_get(args, "fee");
	epp_fee *f;
	int rc;

	*data = NULL;
	if (v == NULL || json_is_null(v) || json_is_false(v))
		return EPP_OK;
	if ((f = epp__arena_alloc(a, sizeof(*f))) == NULL)
		return EPP__OOM(err);
	if (json_is_object(v) &&
	    (rc = epp__json_str(v, "currency", 0, &f->currency, err)))
		return rc;
	if (cmd == EPP__CMD_DOMAIN_CHECK) {
		if (!json_is_true(v) && !json_is_object(v))
			return epp__invalid(err, "fee", -1,
			                    "must be true or an object");
		rc = json_commands(f,
		                   json_is_object(v)
		                           ? json_object_get(v, "commands")
		                           : NULL,
		                   a, err);
	} else if (json_is_object(v) && json_object_get(v, "fees")) {
		epp_fee_fee *fees, *credits = NULL;
		size_t nc = 0;

		rc = json_fee_list(json_object_get(v, "fees"), "fee.fees",
		                   &fees, &f->fee_count, a, err);
		if (rc == EPP_OK)
			rc = json_fee_list(json_object_get(v, "credits"),
			                   "fee.credits", &credits, &nc, a,
			                   err);
		f->fees = fees;
		if (rc == EPP_OK && nc) {
			epp_fee_credit *cr;
			if ((cr = epp__arena_alloc(a, nc * sizeof(*cr))) ==
			    NULL)
				return EPP__OOM(err);
			for (size_t i = 0; i < nc; i++) {
				cr[i].amount = credits[i].amount;
				cr[i].description = credits[i].description;
				cr[i].lang = credits[i].lang;
			}
			f->credits = cr;
			f->credit_count = nc;
		}
	} else {
		epp_fee_fee *one = epp__arena_alloc(a, sizeof(*one));
		if (one == NULL)
			return EPP__OOM(err);
		rc = json_fee(one, v, a, err);
		f->fees = one;
		f->fee_count = 1;
	}
	if (rc)
		return rc;
	*data = f;
	return EPP_OK;
}

const epp__ext_module epp__ext_fee = {
        EPP_EXT_FEE,  EPP_FEE_NS, FEE_COMMANDS,
        fee_validate, fee_build,  fee_from_json,
};

/* ---- responses ---- */

static int
amounts(epp_response *r, const xmlNode *parent, const char *name, size_t *count,
        const epp_fee_amount_data **out)
{
	epp_fee_amount_data *arr;
	const xmlNode *c;
	size_t i = 0;

	*count = epp__rcount(parent, EPP_NS_FEE, name);
	arr = epp__arena_alloc(&r->arena, (*count + 1) * sizeof(*arr));
	if (arr == NULL)
		return EPP_ENOMEM;
	for (c = epp__xml_child(parent, EPP_NS_FEE, name); c != NULL;
	     c = epp__xml_next(c, EPP_NS_FEE, name), i++) {
		arr[i].amount = epp__rtext(r, c);
		arr[i].description = epp__rattr(r, c, "description");
		arr[i].lang = epp__rattr(r, c, "lang");
		arr[i].refundable =
		        epp__rbool(epp__rattr(r, c, "refundable"), -1);
		arr[i].grace_period = epp__rattr(r, c, "grace-period");
		arr[i].applied = epp__rattr(r, c, "applied");
	}
	*out = arr;
	return EPP_OK;
}

static void
period(epp_response *r, const xmlNode *parent, int *p, const char **unit)
{
	const xmlNode *n = epp__xml_child(parent, EPP_NS_FEE, "period");
	long v = n ? epp__rnum(epp__rtext(r, n)) : -1;

	*p = v > 0 ? (int)v : 0;
	*unit = n ? epp__rattr(r, n, "unit") : NULL;
}

static int
command_data(epp_response *r, const xmlNode *n, epp_fee_command_data *c)
{
	c->name = epp__rattr(r, n, "name");
	c->custom_name = epp__rattr(r, n, "customName");
	c->phase = epp__rattr(r, n, "phase");
	c->subphase = epp__rattr(r, n, "subphase");
	c->standard = epp__rbool(epp__rattr(r, n, "standard"), 0);
	period(r, n, &c->period, &c->period_unit);
	c->reason = epp__rchild(r, n, EPP_NS_FEE, "reason");
	if (amounts(r, n, "fee", &c->fee_count, &c->fees) ||
	    amounts(r, n, "credit", &c->credit_count, &c->credits))
		return EPP_ENOMEM;
	return EPP_OK;
}

int
epp__parse_fee_check(epp_response *r, const xmlNode *n)
{
	epp_fee_check_data *d = epp__arena_alloc(&r->arena, sizeof(*d));
	epp_fee_cd_data *cds;
	const xmlNode *c, *k;
	size_t i = 0;

	if (d == NULL)
		return EPP_ENOMEM;
	d->currency = epp__rchild(r, n, EPP_NS_FEE, "currency");
	d->count = epp__rcount(n, EPP_NS_FEE, "cd");
	cds = epp__arena_alloc(&r->arena, (d->count + 1) * sizeof(*cds));
	if (cds == NULL)
		return EPP_ENOMEM;
	for (c = epp__xml_child(n, EPP_NS_FEE, "cd"); c != NULL;
	     c = epp__xml_next(c, EPP_NS_FEE, "cd"), i++) {
		const xmlNode *id = epp__xml_child(c, EPP_NS_FEE, "objID");
		epp_fee_command_data *cmds;
		size_t j = 0;

		cds[i].obj_id = epp__rtext(r, id);
		cds[i].element = epp__rattr(r, id, "element");
		if (cds[i].element == NULL)
			cds[i].element = "name";
		cds[i].avail = epp__rbool(epp__rattr(r, c, "avail"), 1);
		cds[i].fee_class = epp__rchild(r, c, EPP_NS_FEE, "class");
		cds[i].reason = epp__rchild(r, c, EPP_NS_FEE, "reason");
		cds[i].command_count = epp__rcount(c, EPP_NS_FEE, "command");
		cmds = epp__arena_alloc(&r->arena, (cds[i].command_count + 1) *
		                                           sizeof(*cmds));
		if (cmds == NULL)
			return EPP_ENOMEM;
		for (k = epp__xml_child(c, EPP_NS_FEE, "command"); k != NULL;
		     k = epp__xml_next(k, EPP_NS_FEE, "command"))
			if (command_data(r, k, &cmds[j++]))
				return EPP_ENOMEM;
		cds[i].commands = cmds;
	}
	d->items = cds;
	r->ext[EPP__RX_FEE_CHECK] = d;
	return EPP_OK;
}

int
epp__parse_fee_transform(epp_response *r, const xmlNode *n)
{
	static const char *const names[][2] = {
	        {"creData", "create"},   {"renData", "renew"},
	        {"trnData", "transfer"}, {"updData", "update"},
	        {"delData", "delete"},
	};
	epp_fee_transform_data *d = epp__arena_alloc(&r->arena, sizeof(*d));

	if (d == NULL)
		return EPP_ENOMEM;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp((const char *)n->name, names[i][0]) == 0)
			d->command = names[i][1];
	d->currency = epp__rchild(r, n, EPP_NS_FEE, "currency");
	period(r, n, &d->period, &d->period_unit);
	d->balance = epp__rchild(r, n, EPP_NS_FEE, "balance");
	d->credit_limit = epp__rchild(r, n, EPP_NS_FEE, "creditLimit");
	if (amounts(r, n, "fee", &d->fee_count, &d->fees) ||
	    amounts(r, n, "credit", &d->credit_count, &d->credits))
		return EPP_ENOMEM;
	r->ext[EPP__RX_FEE_TRANSFORM] = d;
	return EPP_OK;
}

const epp_fee_check_data *
epp_response_fee_check(const epp_response *r)
{
	return r ? r->ext[EPP__RX_FEE_CHECK] : NULL;
}

const epp_fee_transform_data *
epp_response_fee_transform(const epp_response *r)
{
	return r ? r->ext[EPP__RX_FEE_TRANSFORM] : NULL;
}
