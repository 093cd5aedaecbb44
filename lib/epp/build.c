/*
 * What every object builder shares: argument checks that name the field,
 * small element helpers, the JSON bridge's arena, command names.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epp/idn.h"
#include "build_private.h"

static const char *const cmd_names[EPP__CMD_COUNT] = {
        "domain_check",   "domain_info",    "domain_create",
        "domain_delete",  "domain_renew",   "domain_transfer",
        "domain_update",  "host_check",     "host_info",
        "host_create",    "host_update",    "host_delete",
        "contact_check",  "contact_info",   "contact_create",
        "contact_update", "contact_delete", "contact_transfer",
        "poll_req",       "poll_ack",       "hello",
        "org_check",      "org_info",       "org_create",
        "org_delete",     "org_update",
};

const char *
epp__cmd_name(epp__cmd cmd)
{
	return cmd_names[cmd];
}

int
epp__invalid(epp_error *err, const char *field, long idx, const char *problem)
{
	if (idx >= 0)
		return epp__error_set(err, EPP_EINVAL, "%s[%ld]: %s", field,
		                      idx, problem);
	return epp__error_set(err, EPP_EINVAL, "%s: %s", field, problem);
}

int
epp__check_text(epp_error *err, const char *field, long idx, const char *s,
                int required)
{
	if (s == NULL || *s == '\0')
		return required ? epp__invalid(err, field, idx, "is required")
		                : EPP_OK;
	if (!epp__xml_text_ok(s))
		return epp__invalid(err, field, idx,
		                    "is not valid UTF-8 text (or holds a "
		                    "control character)");
	return EPP_OK;
}

static int
has_space(const char *s)
{
	for (; *s; s++)
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			return 1;
	return 0;
}

/* Characters, not bytes: ids count code points. */
static size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

int
epp__check_name(epp_error *err, const char *field, long idx, const char *s)
{
	int rc = epp__check_text(err, field, idx, s, 1);

	if (rc)
		return rc;
	if (strlen(s) > 255)
		return epp__invalid(err, field, idx,
		                    "is longer than 255 bytes");
	if (has_space(s))
		return epp__invalid(err, field, idx, "contains white space");
	if (epp_idn_is_unicode(s)) {
		/* EPP carries A-labels: say which, or why there is none */
		char *a = NULL, why[EPP_ERROR_TEXT_LENGTH];
		epp_error e;

		if (epp_idn_to_ascii(&a, s, NULL, &e) != EPP_OK)
			return epp__invalid(err, field, idx, e.text);
		snprintf(why, sizeof(why),
		         "is not ASCII; as A-labels it is %s (convert with "
		         "epp_idn_to_ascii(), or \"idn\": true in a request)",
		         a);
		free(a);
		return epp__invalid(err, field, idx, why);
	}
	return EPP_OK;
}

int
epp__check_id(epp_error *err, const char *field, long idx, const char *s)
{
	size_t n;
	int rc = epp__check_text(err, field, idx, s, 1);

	if (rc)
		return rc;
	n = utf8_len(s);
	if (n < 3 || n > 16)
		return epp__invalid(err, field, idx,
		                    "must be 3 to 16 characters");
	if (has_space(s))
		return epp__invalid(err, field, idx, "contains white space");
	return EPP_OK;
}

int
epp__check_period(epp_error *err, int period, char unit, int optional)
{
	if (period == 0 && optional)
		return EPP_OK;
	if (period < 1 || period > 99)
		return epp__invalid(err, "period", -1, "must be 1 to 99");
	if (unit != 0 && unit != 'y' && unit != 'm')
		return epp__invalid(err, "period_units", -1,
		                    "must be \"y\" or \"m\"");
	return EPP_OK;
}

const char *
epp__period_unit(char unit)
{
	return unit == 'm' ? "m" : "y";
}

int
epp__check_status(epp_error *err, const char *field, long idx,
                  const epp_status *st, const char *const *allowed)
{
	int rc;

	if (st->s == NULL || *st->s == '\0')
		return epp__invalid(err, field, idx, "status value missing");
	for (; *allowed; allowed++)
		if (strcmp(*allowed, st->s) == 0)
			break;
	if (*allowed == NULL)
		return epp__invalid(err, field, idx, "unknown status value");
	rc = epp__check_text(err, field, idx, st->text, 0);
	if (rc)
		return rc;
	if (st->lang && *st->lang) {
		const char *p;

		/* xs:language: letters, digits and hyphens, 1-35 */
		for (p = st->lang; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') ||
			      (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9') || *p == '-'))
				break;
		if (*p || p - st->lang > 35)
			return epp__invalid(err, field, idx,
			                    "lang is not a language tag");
	}
	return EPP_OK;
}

int
epp__check_statuses(epp_error *err, const char *field, const epp_status *st,
                    size_t n, size_t max, const char *const *allowed)
{
	int rc;

	if (n > max)
		return epp__invalid(err, field, -1, "too many statuses");
	for (size_t i = 0; i < n; i++)
		if ((rc = epp__check_status(err, field, (long)i, &st[i],
		                            allowed)) != 0)
			return rc;
	return EPP_OK;
}

int
epp__build_start(epp_command **out, const void *args, epp_error *err)
{
	if (out)
		*out = NULL;
	if (out == NULL || args == NULL)
		return epp__error_set(err, EPP_EINVAL,
		                      "out and args must not be NULL");
	return EPP_OK;
}

int
epp__check_ip(epp_error *err, const char *field, long idx, const epp_ip_addr *a)
{
	unsigned char buf[16];
	int v4, v6;

	if (a->addr == NULL || *a->addr == '\0')
		return epp__invalid(err, field, idx, "address missing");
	v4 = inet_pton(AF_INET, a->addr, buf) == 1;
	v6 = !v4 && inet_pton(AF_INET6, a->addr, buf) == 1;
	if (a->version != EPP_IP_AUTO && a->version != EPP_IP_V4 &&
	    a->version != EPP_IP_V6)
		return epp__invalid(err, field, idx,
		                    "version must be v4 or v6");
	if (!v4 && !v6)
		return epp__invalid(err, field, idx,
		                    "is not an IPv4 or IPv6 address");
	if ((a->version == EPP_IP_V4 && !v4) ||
	    (a->version == EPP_IP_V6 && !v6))
		return epp__invalid(err, field, idx,
		                    "address does not match its version");
	return EPP_OK;
}

const char *
epp__ip_version(const epp_ip_addr *a)
{
	if (a->version == EPP_IP_V6)
		return "v6";
	if (a->version == EPP_IP_V4)
		return "v4";
	return strchr(a->addr, ':') ? "v6" : "v4";
}

static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
date_ok(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	int y = digits(s, 4), m, d;

	if (y < 1 || s[4] != '-')
		return 0;
	m = digits(s + 5, 2);
	if (m < 1 || m > 12 || s[7] != '-')
		return 0;
	d = digits(s + 8, 2);
	return d >= 1 && d <= mdays[m - 1];
}

int
epp__check_date(epp_error *err, const char *field, const char *s)
{
	if (s == NULL || *s == '\0')
		return epp__invalid(err, field, -1, "is required");
	if (strlen(s) != 10 || !date_ok(s))
		return epp__invalid(err, field, -1, "must be YYYY-MM-DD");
	return EPP_OK;
}

int
epp__check_datetime(epp_error *err, const char *field, const char *s)
{
	const char *p;

	if (s == NULL || *s == '\0')
		return epp__invalid(err, field, -1, "is required");
	if (strlen(s) < 19 || !date_ok(s) || s[10] != 'T' ||
	    digits(s + 11, 2) < 0 || digits(s + 11, 2) > 23 || s[13] != ':' ||
	    digits(s + 14, 2) < 0 || digits(s + 14, 2) > 59 || s[16] != ':' ||
	    digits(s + 17, 2) < 0 || digits(s + 17, 2) > 60)
		goto bad;
	p = s + 19;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			goto bad;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		if (digits(p + 1, 2) < 0 || digits(p + 1, 2) > 14 ||
		    p[3] != ':' || digits(p + 4, 2) < 0 ||
		    digits(p + 4, 2) > 59)
			goto bad;
		p += 6;
	}
	if (*p == '\0')
		return EPP_OK;
bad:
	return epp__invalid(err, field, -1,
	                    "must be a date-time YYYY-MM-DDThh:mm:ss[Z]");
}

xmlNodePtr
epp__add_auth_info(xmlNodePtr parent, xmlNsPtr ns, const char *pw)
{
	xmlNodePtr a = epp__xml_add(parent, ns, "authInfo", NULL);

	if (a == NULL || epp__xml_add(a, ns, "pw", pw) == NULL)
		return NULL;
	return a;
}

int
epp__add_status(xmlNodePtr parent, xmlNsPtr ns, const epp_status *st)
{
	int has_text = st->text && *st->text;
	xmlNodePtr n =
	        epp__xml_add(parent, ns, "status", has_text ? st->text : NULL);

	if (n == NULL || epp__xml_attr(n, "s", st->s))
		return EPP_ENOMEM;
	if (has_text &&
	    epp__xml_attr(n, "lang", st->lang && *st->lang ? st->lang : "en"))
		return EPP_ENOMEM;
	return EPP_OK;
}

int
epp__add_statuses(xmlNodePtr parent, xmlNsPtr ns, const epp_status *st,
                  size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (epp__add_status(parent, ns, &st[i]))
			return EPP_ENOMEM;
	return EPP_OK;
}

int
epp__add_period(xmlNodePtr parent, xmlNsPtr ns, int period, char unit)
{
	char buf[8];
	xmlNodePtr n;

	snprintf(buf, sizeof(buf), "%d", period);
	n = epp__xml_add(parent, ns, "period", buf);
	if (n == NULL || epp__xml_attr(n, "unit", epp__period_unit(unit)))
		return EPP_ENOMEM;
	return EPP_OK;
}

int
epp__begin_object(epp__builder *b, epp__cmd cmd, epp_command_kind kind,
                  const char *verb, const char *op, const char *uri,
                  const char *prefix, xmlNodePtr *obj, xmlNsPtr *ns)
{
	xmlNodePtr v = NULL;
	int rc = epp__builder_begin(b, epp__cmd_name(cmd), kind, verb, &v);

	if (rc)
		return rc;
	if ((op && epp__xml_attr(v, "op", op)) ||
	    epp__builder_object(b, v, uri, prefix, verb, obj)) {
		epp__builder_abort(b);
		return EPP_ENOMEM;
	}
	*ns = (*obj)->ns;
	return EPP_OK;
}

int
epp__finish(epp__builder *b, const epp_ext_arg *ext, size_t ext_count,
            epp__cmd cmd, const char *cltrid, epp_command **out, epp_error *err)
{
	if (epp__ext_build(b, ext, ext_count, cmd)) {
		epp__builder_abort(b);
		return epp__error_set(err, EPP_ENOMEM, "out of memory");
	}
	return epp__builder_end(b, cltrid, out, err);
}

int
epp__build_simple(epp_command **out, const epp__simple *s,
                  const char *const *vals, size_t count, const char *auth_info,
                  const epp_ext_arg *ext, size_t ext_count, const char *cltrid,
                  epp_error *err)
{
	epp__builder b;
	xmlNodePtr obj;
	xmlNsPtr ns;
	int rc;

	if (count == 0)
		return epp__invalid(err, s->field, -1,
		                    s->ids ? "no id given" : "no name given");
	for (size_t i = 0; i < count; i++) {
		long idx = s->list ? (long)i : -1;
		rc = s->ids ? epp__check_id(err, s->field, idx, vals[i])
		            : epp__check_name(err, s->field, idx, vals[i]);
		if (rc)
			return rc;
	}
	if ((rc = epp__check_text(err, "auth_info", -1, auth_info, 0)) ||
	    (rc = epp__ext_validate(ext, ext_count, s->cmd, err)))
		return rc;
	if (epp__begin_object(&b, s->cmd, s->kind, s->verb, s->op, s->uri,
	                      s->prefix, &obj, &ns))
		return EPP__OOM(err);
	for (size_t i = 0; i < count; i++)
		if (!epp__xml_add(obj, ns, s->elem, vals[i]))
			goto oom;
	if (auth_info && *auth_info && !epp__add_auth_info(obj, ns, auth_info))
		goto oom;
	return epp__finish(&b, ext, ext_count, s->cmd, cltrid, out, err);
oom:
	epp__builder_abort(&b);
	return EPP__OOM(err);
}

static const char *const transfer_ops[] = {"request", "query", "approve",
                                           "reject", "cancel"};

int
epp_transfer_op_parse(const char *name, epp_transfer_op *op)
{
	for (int i = 0; name && i < 5; i++)
		if (strcmp(name, transfer_ops[i]) == 0) {
			*op = (epp_transfer_op)i;
			return EPP_OK;
		}
	return EPP_EINVAL;
}

const char *
epp_transfer_op_name(epp_transfer_op op)
{
	return (int)op >= 0 && (int)op < 5 ? transfer_ops[op] : NULL;
}
