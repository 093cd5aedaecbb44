/*
 * IDNA2008 for EPP names: UTS #46 non-transitional mapping and the
 * RFC 5891 checks through libidn2, one label at a time so that a refusal
 * can say which label, which code point and which rule.
 */
#include <idn2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "epp/idn.h"
#include "core/idn_private.h"
#include "base/base_private.h"

#define LOOKUP_FLAGS (IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT)

static const char *const class_names[] = {
        [EPP_IDN_OK] = "ok",
        [EPP_IDN_ENCODING] = "encoding",
        [EPP_IDN_DISALLOWED] = "disallowed",
        [EPP_IDN_CONTEXTJ] = "contextj",
        [EPP_IDN_CONTEXTO] = "contexto",
        [EPP_IDN_BIDI] = "bidi",
        [EPP_IDN_HYPHEN] = "hyphen",
        [EPP_IDN_COMBINING] = "combining",
        [EPP_IDN_LABEL_LENGTH] = "label-length",
        [EPP_IDN_NAME_LENGTH] = "name-length",
        [EPP_IDN_HOSTNAME] = "hostname",
};

const char *
epp_idn_class_name(epp_idn_class class)
{
	if ((unsigned)class >= sizeof(class_names) / sizeof(class_names[0]))
		return "unknown";
	return class_names[class];
}

/* The refusal in hand: where, and the class the caller asked for. */
typedef struct {
	epp_error *err;
	epp_idn_class *class;
} idn_out;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
refuse(idn_out *o, epp_idn_class class, const char *fmt, ...)
{
	va_list ap;

	if (o->class != NULL)
		*o->class = class;
	if (o->err != NULL) {
		memset(o->err, 0, sizeof(*o->err));
		o->err->code = EPP_EINVAL;
		va_start(ap, fmt);
		vsnprintf(o->err->text, sizeof(o->err->text), fmt, ap);
		va_end(ap);
	}
	return EPP_EINVAL;
}

static int
oom(idn_out *o)
{
	if (o->err != NULL) {
		memset(o->err, 0, sizeof(*o->err));
		o->err->code = EPP_ENOMEM;
		snprintf(o->err->text, sizeof(o->err->text), "out of memory");
	}
	return EPP_ENOMEM;
}

int
epp_idn_is_unicode(const char *name)
{
	for (; name != NULL && *name != '\0'; name++)
		if ((unsigned char)*name > 0x7f)
			return 1;
	return 0;
}

static int
is_alabel(const char *label, size_t len)
{
	return len >= 4 && (label[0] | 0x20) == 'x' &&
	       (label[1] | 0x20) == 'n' && label[2] == '-' && label[3] == '-';
}

int
epp_idn_has_alabel(const char *name)
{
	const char *p = name;

	while (p != NULL && *p != '\0') {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);

		if (is_alabel(p, len))
			return 1;
		p = dot ? dot + 1 : NULL;
	}
	return 0;
}

/*
 * One code point from UTF-8 at s (n bytes left): its value and length, or
 * length 0 on a broken sequence. libidn2 checks the encoding itself; this
 * is only for naming the offending character.
 */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, *cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, *cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, *cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return len;
}

/*
 * The label as it may appear in a message: at most 48 bytes, cut on a
 * character boundary, control characters and quotes written as \xNN.
 */
static void
quote_label(char *dst, size_t size, const char *label, size_t len)
{
	size_t o = 0, i = 0;

	while (i < len && o + 5 < size && i < 48) {
		unsigned char c = (unsigned char)label[i];
		uint32_t cp;
		size_t n = c < 0x80
		                   ? 1
		                   : utf8_next((const unsigned char *)label + i,
		                               len - i, &cp);

		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || n == 0) {
			o += (size_t)snprintf(dst + o, size - o, "\\x%02x", c);
			i++;
			continue;
		}
		if (o + n >= size)
			break;
		memcpy(dst + o, label + i, n);
		o += n;
		i += n;
	}
	if (i < len && o + 4 < size) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
}

/* Is cp one of the CONTEXTO code points of RFC 5892 appendix A.3-A.9? */
static int
is_contexto(uint32_t cp)
{
	return cp == 0x00b7 || cp == 0x0375 || cp == 0x05f3 || cp == 0x05f4 ||
	       (cp >= 0x0660 && cp <= 0x0669) ||
	       (cp >= 0x06f0 && cp <= 0x06f9) || cp == 0x30fb;
}

/*
 * The first code point of the label that `rc` is about: for DISALLOWED
 * and UNASSIGNED, the first one that fails on its own behind an "a"; for
 * CONTEXTJ a joiner, for CONTEXTO one of that list. 0 when none is found.
 */
static uint32_t
culprit(const char *label, size_t len, int rc)
{
	const unsigned char *s = (const unsigned char *)label;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len && (n = utf8_next(s + i, len - i, &cp)) > 0) {
		if (rc == IDN2_CONTEXTJ || rc == IDN2_CONTEXTJ_NO_RULE) {
			if (cp == 0x200c || cp == 0x200d)
				return cp;
		} else if (rc == IDN2_CONTEXTO || rc == IDN2_CONTEXTO_NO_RULE) {
			if (is_contexto(cp))
				return cp;
		} else if (cp >= 0x80) {
			uint8_t probe[8], *a = NULL;
			int r;

			probe[0] = 'a';
			memcpy(probe + 1, s + i, n);
			probe[1 + n] = '\0';
			r = idn2_lookup_u8(probe, &a, LOOKUP_FLAGS);
			if (r == IDN2_OK)
				r = idn2_register_u8(NULL, a, NULL, 0);
			idn2_free(a);
			if (r == rc)
				return cp;
		}
		i += n;
	}
	return 0;
}

/* The refusal for libidn2's `rc` on label number `idx`. */
static int
refuse_label(idn_out *o, int idx, const char *label, size_t len, int rc)
{
	char q[128], c[32] = "";
	uint32_t cp = is_alabel(label, len) ? 0 : culprit(label, len, rc);

	quote_label(q, sizeof(q), label, len);
	/* an "xn--" label that libidn2 refuses is no A-label at all */
	if (is_alabel(label, len) && rc != IDN2_MALLOC &&
	    rc != IDN2_TOO_BIG_LABEL && rc != IDN2_TOO_BIG_DOMAIN)
		return refuse(o, EPP_IDN_ENCODING,
		              "label %d \"%s\": not a valid A-label (%s)", idx,
		              q, idn2_strerror(rc));
	if (cp != 0) {
		char ch[8] = "";
		const unsigned char *s = (const unsigned char *)label;
		size_t i = 0, n;
		uint32_t x;

		/* the character itself, unless it is invisible */
		while (i < len && (n = utf8_next(s + i, len - i, &x)) > 0) {
			if (x == cp && cp != 0x200c && cp != 0x200d &&
			    n < sizeof(ch)) {
				memcpy(ch, s + i, n);
				ch[n] = '\0';
				break;
			}
			i += n;
		}
		snprintf(c, sizeof(c), "U+%04X%s%s%s ", (unsigned)cp,
		         ch[0] ? " (" : "", ch, ch[0] ? ")" : "");
	}
	switch (rc) {
	case IDN2_DISALLOWED:
		return refuse(o, EPP_IDN_DISALLOWED,
		              "label %d \"%s\": %sis not allowed in IDNA2008 "
		              "(RFC 5892 DISALLOWED)",
		              idx, q, c[0] ? c : "a code point ");
	case IDN2_UNASSIGNED:
		return refuse(o, EPP_IDN_DISALLOWED,
		              "label %d \"%s\": %sis unassigned in the Unicode "
		              "version of libidn2",
		              idx, q, c[0] ? c : "a code point ");
	case IDN2_CONTEXTJ:
	case IDN2_CONTEXTJ_NO_RULE:
		return refuse(o, EPP_IDN_CONTEXTJ,
		              "label %d \"%s\": %sbreaks its CONTEXTJ rule "
		              "(RFC 5892 appendix A.1/A.2)",
		              idx, q, c[0] ? c : "a joiner ");
	case IDN2_CONTEXTO:
	case IDN2_CONTEXTO_NO_RULE:
		return refuse(o, EPP_IDN_CONTEXTO,
		              "label %d \"%s\": %sbreaks its CONTEXTO rule "
		              "(RFC 5892 appendix A)",
		              idx, q, c[0] ? c : "a code point ");
	case IDN2_BIDI:
		return refuse(o, EPP_IDN_BIDI,
		              "label %d \"%s\": breaks the Bidi rule (RFC 5893 "
		              "section 2)",
		              idx, q);
	case IDN2_2HYPHEN:
		return refuse(
		        o, EPP_IDN_HYPHEN,
		        "label %d \"%s\": \"--\" in the 3rd and 4th "
		        "positions is reserved (RFC 5891 section 4.2.3.1)",
		        idx, q);
	case IDN2_HYPHEN_STARTEND:
		return refuse(o, EPP_IDN_HYPHEN,
		              "label %d \"%s\": starts or ends with a hyphen "
		              "(RFC 5891 section 4.2.3.1)",
		              idx, q);
	case IDN2_LEADING_COMBINING:
		return refuse(o, EPP_IDN_COMBINING,
		              "label %d \"%s\": starts with a combining mark "
		              "(RFC 5891 section 4.2.3.2)",
		              idx, q);
	case IDN2_NOT_NFC:
		return refuse(o, EPP_IDN_ENCODING,
		              "label %d \"%s\": is not in Unicode NFC "
		              "(RFC 5891 section 4.2.1)",
		              idx, q);
	case IDN2_TOO_BIG_LABEL:
	case IDN2_PUNYCODE_BIG_OUTPUT:
		return refuse(o, EPP_IDN_LABEL_LENGTH,
		              "label %d \"%s\": longer than 63 octets as an "
		              "A-label",
		              idx, q);
	case IDN2_TOO_BIG_DOMAIN:
		return refuse(o, EPP_IDN_NAME_LENGTH,
		              "the name is longer than 253 octets as A-labels");
	case IDN2_MALLOC:
		return oom(o);
	case IDN2_INVALID_ALABEL:
	case IDN2_PUNYCODE_BAD_INPUT:
	case IDN2_PUNYCODE_OVERFLOW:
	case IDN2_UALABEL_MISMATCH:
		return refuse(o, EPP_IDN_ENCODING,
		              "label %d \"%s\": not a valid A-label (%s)", idx,
		              q, idn2_strerror(rc));
	default:
		return refuse(o,
		              rc == IDN2_ENCODING_ERROR ? EPP_IDN_ENCODING
		                                        : EPP_IDN_DISALLOWED,
		              "label %d \"%s\": %s", idx, q, idn2_strerror(rc));
	}
}

/*
 * The name with every full stop a ".": UTS #46 also separates labels at
 * U+3002, U+FF0E and U+FF61, and a label must be found before libidn2
 * sees it to name it in a refusal.
 */
static char *
dots(const char *name)
{
	size_t len = strlen(name), i = 0, o = 0;
	char *s = malloc(len + 1);

	if (s == NULL)
		return NULL;
	while (i < len) {
		const char *p = name + i;

		if (len - i >= 3 && (memcmp(p, "\xe3\x80\x82", 3) == 0 ||
		                     memcmp(p, "\xef\xbc\x8e", 3) == 0 ||
		                     memcmp(p, "\xef\xbd\xa1", 3) == 0)) {
			s[o++] = '.';
			i += 3;
		} else {
			s[o++] = name[i++];
		}
	}
	s[o] = '\0';
	return s;
}

/*
 * Letters, digits and hyphens only (RFC 952/1123) among the ASCII of a
 * label; what is not ASCII is for libidn2 to judge.
 */
static int
check_host(idn_out *o, int idx, const char *alabel)
{
	const char *p;

	for (p = alabel; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 0x80 || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-')
			continue;
		if (c < 0x20 || c == 0x7f)
			return refuse(
			        o, EPP_IDN_HOSTNAME,
			        "label %d: byte 0x%02x cannot be in a host "
			        "name",
			        idx, c);
		return refuse(o, EPP_IDN_HOSTNAME,
		              "label %d \"%s\": '%c' cannot be in a host name "
		              "(letters, digits and hyphens only)",
		              idx, alabel, c);
	}
	return EPP_OK;
}

/* One label to its A-label (`*out`, from libidn2's allocator). */
static int
label_to_ascii(idn_out *o, int idx, const char *label, size_t len, char **out)
{
	char *copy = strndup(label, len);
	uint8_t *a = NULL, *u = NULL;
	int rc;

	*out = NULL;
	if (copy == NULL)
		return oom(o);
	/* ASCII maps only to itself, lower-cased: judge it as typed */
	if ((rc = check_host(o, idx, copy)) != EPP_OK) {
		free(copy);
		return rc;
	}
	rc = idn2_lookup_u8((const uint8_t *)copy, &a, LOOKUP_FLAGS);
	if (rc != IDN2_OK) {
		free(copy);
		return refuse_label(o, idx, label, len, rc);
	}
	if ((rc = check_host(o, idx, (const char *)a)) != EPP_OK) {
		idn2_free(a);
		free(copy);
		return rc;
	}
	/*
	 * The mapped label must also pass the registration rules of RFC 5891
	 * section 4 (CONTEXTO, the IDNA2008 tables), which UTS #46 lookup
	 * leaves out. An A-label is checked on its U-label.
	 */
	if (is_alabel((const char *)a, strlen((const char *)a))) {
		rc = idn2_to_unicode_8z8z((const char *)a, (char **)&u, 0);
		if (rc == IDN2_OK)
			rc = idn2_register_u8(u, NULL, NULL, IDN2_NFC_INPUT);
		idn2_free(u);
		if (rc != IDN2_OK) {
			idn2_free(a);
			rc = refuse_label(o, idx, label, len, rc);
			free(copy);
			return rc;
		}
	}
	free(copy);
	*out = (char *)a;
	return EPP_OK;
}

int
epp_idn_to_ascii(char **out, const char *name, epp_idn_class *class,
                 epp_error *err)
{
	idn_out o = {err, class};
	char *s, *res, *p;
	size_t cap, used = 0, len;
	int idx = 0, rc = EPP_OK, trailing;

	*out = NULL;
	if (class != NULL)
		*class = EPP_IDN_OK;
	if (name == NULL || *name == '\0')
		return refuse(&o, EPP_IDN_LABEL_LENGTH, "the name is empty");
	if (!epp_idn_is_unicode(name) && !epp_idn_has_alabel(name)) {
		if ((*out = strdup(name)) == NULL)
			return oom(&o);
		return EPP_OK;
	}
	if ((s = dots(name)) == NULL)
		return oom(&o);
	len = strlen(s);
	trailing = len > 1 && s[len - 1] == '.';
	if (trailing)
		s[--len] = '\0';
	cap = len * 4 + 8; /* punycode never grows a label 4-fold */
	if ((res = malloc(cap)) == NULL) {
		free(s);
		return oom(&o);
	}
	for (p = s; rc == EPP_OK && p != NULL;) {
		char *dot = strchr(p, '.'), *a = NULL;
		size_t llen = dot ? (size_t)(dot - p) : strlen(p), alen;

		idx++;
		if (llen == 0) {
			rc = refuse(&o, EPP_IDN_LABEL_LENGTH,
			            "label %d is empty", idx);
			break;
		}
		if ((rc = label_to_ascii(&o, idx, p, llen, &a)) != EPP_OK)
			break;
		alen = strlen(a);
		if (used + alen + 2 > cap) {
			char *bigger = realloc(res, used + alen + 2);

			if (bigger == NULL) {
				idn2_free(a);
				rc = oom(&o);
				break;
			}
			res = bigger;
			cap = used + alen + 2;
		}
		if (used > 0)
			res[used++] = '.';
		memcpy(res + used, a, alen);
		used += alen;
		res[used] = '\0';
		idn2_free(a);
		p = dot ? dot + 1 : NULL;
	}
	if (rc == EPP_OK && used > 253)
		rc = refuse(&o, EPP_IDN_NAME_LENGTH,
		            "the name is %zu octets as A-labels, over 253",
		            used);
	/*
	 * The Bidi rule binds every label of a name that holds right-to-left
	 * text (RFC 5893 section 1.4), so check the name as a whole too.
	 */
	if (rc == EPP_OK) {
		uint8_t *whole = NULL;
		int r = idn2_lookup_u8((const uint8_t *)s, &whole,
		                       LOOKUP_FLAGS);

		idn2_free(whole);
		if (r == IDN2_BIDI)
			rc = refuse(&o, EPP_IDN_BIDI,
			            "the name breaks the Bidi rule across its "
			            "labels (RFC 5893 section 2)");
		else if (r != IDN2_OK)
			rc = refuse_label(&o, 0, s, strlen(s), r);
	}
	free(s);
	if (rc != EPP_OK) {
		free(res);
		return rc;
	}
	if (trailing)
		strcat(res, ".");
	*out = res;
	return EPP_OK;
}

int
epp_idn_to_unicode(char **out, const char *name, epp_error *err)
{
	idn_out o = {err, NULL};
	size_t cap = strlen(name) * 8 + 8, used = 0;
	const char *p = name;
	char *res;
	int idx = 0;

	*out = NULL;
	if ((res = malloc(cap)) == NULL)
		return oom(&o);
	res[0] = '\0';
	while (p != NULL) {
		const char *dot = strchr(p, '.');
		size_t llen = dot ? (size_t)(dot - p) : strlen(p);
		char *label = strndup(p, llen), *u = NULL;
		const char *part = label;
		size_t plen;

		idx++;
		if (label == NULL) {
			free(res);
			return oom(&o);
		}
		if (is_alabel(label, llen)) {
			uint8_t *back = NULL;
			int rc = idn2_to_unicode_8z8z(label, &u, 0);

			/* valid only if it maps back to itself */
			if (rc == IDN2_OK)
				rc = idn2_lookup_u8((const uint8_t *)u, &back,
				                    LOOKUP_FLAGS);
			if (rc == IDN2_OK &&
			    strcasecmp((const char *)back, label) != 0)
				rc = IDN2_UALABEL_MISMATCH;
			idn2_free(back);
			if (rc != IDN2_OK) {
				idn2_free(u);
				free(res);
				rc = refuse_label(&o, idx, label, llen, rc);
				free(label);
				return rc;
			}
			part = u;
		}
		plen = strlen(part);
		if (used + plen + 2 > cap) {
			char *bigger = realloc(res, used + plen + 2);

			if (bigger == NULL) {
				idn2_free(u);
				free(label);
				free(res);
				return oom(&o);
			}
			res = bigger;
			cap = used + plen + 2;
		}
		memcpy(res + used, part, plen);
		used += plen;
		if (dot != NULL)
			res[used++] = '.';
		res[used] = '\0';
		idn2_free(u);
		free(label);
		p = dot ? dot + 1 : NULL;
	}
	*out = res;
	return EPP_OK;
}

/* ---- names in JSON requests ---- */

/*
 * One name of a request: converted in place to its A-label form when
 * `convert`, else refused when it is not ASCII, with the form it would
 * have had.
 */
static int
request_name(json_t *v, const char *path, int convert, epp_error *err)
{
	const char *s = json_string_value(v);
	char *a = NULL;
	epp_error e;
	int rc;

	if (s == NULL || (!epp_idn_is_unicode(s) && !convert))
		return EPP_OK;
	if (!epp_idn_is_unicode(s) && !epp_idn_has_alabel(s))
		return EPP_OK;
	rc = epp_idn_to_ascii(&a, s, NULL, &e);
	if (rc == EPP_ENOMEM)
		return epp__error_set(err, rc, "out of memory");
	if (rc != EPP_OK)
		return epp__error_set(err, EPP_EINVAL, "%s: %s", path, e.text);
	if (!convert) {
		rc = epp__error_set(err, EPP_EINVAL,
		                    "%s: not ASCII; as A-labels it is %s (send "
		                    "\"idn\": true to convert)",
		                    path, a);
		free(a);
		return rc;
	}
	rc = json_string_set(v, a) == 0
	             ? EPP_OK
	             : epp__error_set(err, EPP_ENOMEM, "out of memory");
	free(a);
	return rc;
}

/* A name, a list of names, or a list of {"name": ...} name servers. */
static int
request_names(json_t *args, const char *key, int convert, epp_error *err)
{
	json_t *v = json_object_get(args, key), *item;
	char path[96];
	size_t i;
	int rc;

	if (json_is_string(v)) {
		snprintf(path, sizeof(path), "args.%s", key);
		return request_name(v, path, convert, err);
	}
	json_array_foreach(v, i, item)
	{
		snprintf(path, sizeof(path), "args.%s[%zu]", key, i);
		if (json_is_object(item)) {
			strncat(path, ".name", sizeof(path) - strlen(path) - 1);
			item = json_object_get(item, "name");
		}
		if ((rc = request_name(item, path, convert, err)) != EPP_OK)
			return rc;
	}
	return EPP_OK;
}

int
epp__idn_request(json_t *request, epp_error *err)
{
	json_t *idn = json_object_get(request, "idn");

	if (idn != NULL && !json_is_boolean(idn))
		return epp__error_set(err, EPP_EINVAL,
		                      "idn: must be true or false");
	return epp_idn_request(request, json_is_true(idn), err);
}

int
epp_idn_request(struct json_t *request, int convert, epp_error *err)
{
	static const char *const domain_keys[] = {"name",
	                                          "domains",
	                                          "nameservers",
	                                          "add_nameservers",
	                                          "remove_nameservers",
	                                          NULL};
	static const char *const host_keys[] = {"name", "hosts", "new_name",
	                                        NULL};
	const char *cmd = json_string_value(json_object_get(request, "cmd"));
	const char *const *keys = NULL;
	json_t *args = json_object_get(request, "args");
	int rc;

	if (cmd == NULL || !json_is_object(args))
		return EPP_OK;
	if (strncmp(cmd, "domain_", 7) == 0)
		keys = domain_keys;
	else if (strncmp(cmd, "host_", 5) == 0)
		keys = host_keys;
	for (; keys != NULL && *keys != NULL; keys++)
		if ((rc = request_names(args, *keys, convert, err)) != EPP_OK)
			return rc;
	return EPP_OK;
}
