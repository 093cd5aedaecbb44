/*
 * Argument checks of the builders: each names the field in its error and
 * never quotes the value, so a secret cannot leak through an error.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/check_private.h"
#include "epp/idn.h"
#include "xml/xml_private.h"

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

int
epp__check_decimal(epp_error *err, const char *field, long idx, const char *s,
                   int sign, int required)
{
	const char *p = s;
	int neg = 0, digits = 0, nonzero = 0;

	if (s == NULL || *s == '\0')
		return required ? epp__invalid(err, field, idx, "is required")
		                : EPP_OK;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		nonzero |= *p != '0';
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, digits++)
			nonzero |= *p != '0';
	if (*p != '\0' || digits == 0 || strlen(s) > 32)
		return epp__invalid(err, field, idx,
		                    "must be a decimal number");
	if (sign > 0 && neg && nonzero)
		return epp__invalid(err, field, idx, "must not be negative");
	if (sign < 0 && !neg && nonzero)
		return epp__invalid(err, field, idx, "must not be positive");
	return EPP_OK;
}

int
epp__check_enum(epp_error *err, const char *field, long idx, const char *s,
                const char *const *allowed, int required)
{
	if (s == NULL || *s == '\0')
		return required ? epp__invalid(err, field, idx, "is required")
		                : EPP_OK;
	for (; *allowed; allowed++)
		if (strcmp(s, *allowed) == 0)
			return EPP_OK;
	return epp__invalid(err, field, idx, "is not an allowed value");
}
