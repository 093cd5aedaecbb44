/*
 * Compact JSON text byte-for-byte like Python's json.dumps() with its
 * defaults, which is what the original gate published: separators ", " and
 * ": ", keys in the object's order, and ensure_ascii (every code point
 * outside printable ASCII as a lowercase \uXXXX escape, astral ones as a
 * surrogate pair, DEL included).
 *
 * jansson's own json_dumps() cannot be used for the text: with
 * JSON_ENSURE_ASCII it writes uppercase hex and leaves DEL (0x7f) as is,
 * so the bytes would differ from what applications of the original gate
 * have seen. The values themselves are still jansson's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "epp/json.h"
#include "json/json_private.h"

int
epp__buf_grow(epp__buf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->oom)
		return -1;
	if (b->len + more + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1) {
		if (cap > SIZE_MAX / 2)
			goto fail;
		cap *= 2;
	}
	p = realloc(b->p, cap);
	if (p == NULL)
		goto fail;
	b->p = p;
	b->cap = cap;
	return 0;
fail:
	b->oom = 1;
	return -1;
}

void
epp__buf_put(epp__buf *b, const char *s, size_t n)
{
	if (epp__buf_grow(b, n) < 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
put_u16(epp__buf *b, unsigned v)
{
	static const char hex[] = "0123456789abcdef";
	char s[6] = {'\\',
	             'u',
	             hex[(v >> 12) & 15],
	             hex[(v >> 8) & 15],
	             hex[(v >> 4) & 15],
	             hex[v & 15]};

	epp__buf_put(b, s, sizeof(s));
}

/*
 * Decode one UTF-8 sequence; returns its length (at least 1). Input that
 * is not valid UTF-8 (jansson and libxml2 never hand us any) comes out as
 * U+FFFD one byte at a time rather than being read past its end.
 */
size_t
epp__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	if (n > len) {
		*cp = 0xfffd;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = c;
	return n;
}

void
epp__json_put_string(epp__buf *b, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run;
	uint32_t cp;

	epp__buf_put(b, "\"", 1);
	while (i < len) {
		/* copy the longest run that needs no escape in one go */
		for (run = i; run < len && s[run] >= 0x20 && s[run] < 0x7f &&
		              s[run] != '"' && s[run] != '\\';
		     run++)
			;
		if (run > i) {
			epp__buf_put(b, str + i, run - i);
			i = run;
			continue;
		}
		switch (s[i]) {
		case '"':
			epp__buf_put(b, "\\\"", 2);
			i++;
			continue;
		case '\\':
			epp__buf_put(b, "\\\\", 2);
			i++;
			continue;
		case '\n':
			epp__buf_put(b, "\\n", 2);
			i++;
			continue;
		case '\r':
			epp__buf_put(b, "\\r", 2);
			i++;
			continue;
		case '\t':
			epp__buf_put(b, "\\t", 2);
			i++;
			continue;
		case '\b':
			epp__buf_put(b, "\\b", 2);
			i++;
			continue;
		case '\f':
			epp__buf_put(b, "\\f", 2);
			i++;
			continue;
		default:
			break;
		}
		i += epp__utf8_decode(s + i, len - i, &cp);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			put_u16(b, 0xd800 | ((cp >> 10) & 0x3ff));
			put_u16(b, 0xdc00 | (cp & 0x3ff));
		} else {
			put_u16(b, cp);
		}
	}
	epp__buf_put(b, "\"", 1);
}

/*
 * A float as Python's repr() writes it: the shortest digits that read back
 * exactly, positional for exponents -4..15, else d.ddde+XX.
 */
static void
put_real(epp__buf *b, double v)
{
	char t[40], digits[24], out[64];
	int prec, exp, nd = 0, o = 0, i;
	const char *p;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(t, sizeof(t), "%.*e", prec - 1, v);
		if (strtod(t, NULL) == v)
			break;
	}
	p = t;
	if (*p == '-')
		out[o++] = *p++;
	for (; *p != 'e'; p++)
		if (*p != '.')
			digits[nd++] = *p;
	exp = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (exp >= -4 && exp < 16) {
		if (exp < 0) {
			out[o++] = '0';
			out[o++] = '.';
			for (i = -1; i > exp; i--)
				out[o++] = '0';
			for (i = 0; i < nd; i++)
				out[o++] = digits[i];
		} else {
			for (i = 0; i <= exp; i++)
				out[o++] = i < nd ? digits[i] : '0';
			out[o++] = '.';
			if (nd > exp + 1)
				for (i = exp + 1; i < nd; i++)
					out[o++] = digits[i];
			else
				out[o++] = '0';
		}
	} else {
		out[o++] = digits[0];
		if (nd > 1) {
			out[o++] = '.';
			for (i = 1; i < nd; i++)
				out[o++] = digits[i];
		}
		o += snprintf(out + o, sizeof(out) - (size_t)o, "e%c%02d",
		              exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
	}
	epp__buf_put(b, out, (size_t)o);
}

static int
dump_value(epp__buf *b, json_t *v, int depth)
{
	char num[32];
	const char *key;
	json_t *item;
	size_t i, n;
	int len;

	/* a jansson value cannot be cyclic through the public API, but a
	 * caller-built one can be absurdly deep: bound the recursion */
	if (depth > EPP__JSON_MAX_DEPTH)
		return EPP_ELIMIT;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		epp__buf_put(b, "{", 1);
		n = 0;
		json_object_foreach(v, key, item)
		{
			if (n++)
				epp__buf_put(b, ", ", 2);
			epp__json_put_string(b, key, strlen(key));
			epp__buf_put(b, ": ", 2);
			if (dump_value(b, item, depth + 1) != EPP_OK)
				return EPP_ELIMIT;
		}
		epp__buf_put(b, "}", 1);
		break;
	case JSON_ARRAY:
		epp__buf_put(b, "[", 1);
		for (i = 0; i < json_array_size(v); i++) {
			if (i)
				epp__buf_put(b, ", ", 2);
			if (dump_value(b, json_array_get(v, i), depth + 1) !=
			    EPP_OK)
				return EPP_ELIMIT;
		}
		epp__buf_put(b, "]", 1);
		break;
	case JSON_STRING:
		epp__json_put_string(b, json_string_value(v),
		                     json_string_length(v));
		break;
	case JSON_INTEGER:
		len = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		               json_integer_value(v));
		epp__buf_put(b, num, (size_t)len);
		break;
	case JSON_REAL:
		put_real(b, json_real_value(v));
		break;
	case JSON_TRUE:
		epp__buf_put(b, "true", 4);
		break;
	case JSON_FALSE:
		epp__buf_put(b, "false", 5);
		break;
	case JSON_NULL:
		epp__buf_put(b, "null", 4);
		break;
	}
	return EPP_OK;
}

int
epp_json_dumps(char **out, size_t *out_len, const json_t *value)
{
	/* jansson's iterators take a non-const value but do not change it */
	union {
		const json_t *c;
		json_t *m;
	} v = {value};
	epp__buf b = {0};
	int rc;

	if (out == NULL || value == NULL)
		return EPP_EINVAL;
	*out = NULL;
	if (out_len != NULL)
		*out_len = 0;
	rc = dump_value(&b, v.m, 0);
	if (rc == EPP_OK && b.oom)
		rc = EPP_ENOMEM;
	if (rc != EPP_OK) {
		free(b.p);
		return rc;
	}
	if (b.p == NULL) {
		free(b.p);
		return EPP_ENOMEM;
	}
	*out = b.p;
	if (out_len != NULL)
		*out_len = b.len;
	return EPP_OK;
}
