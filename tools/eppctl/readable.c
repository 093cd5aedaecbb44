/*
 * The readable form of a reply, for people at a terminal: the result
 * code and message first, then what the registry said about the object,
 * one "  path: value" line per value, the object's wrapper element
 * (infData, creData, ...) left out. A check prints one line per name.
 * Secrets (authInfo, pw) print as ***: --json shows the reply unchanged.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "eppctl.h"

/* jansson's getters take non-const objects; we only read. */
#define MUT(v) ((json_t *)(uintptr_t)(v))

static int
secret_key(const char *key)
{
	return strcmp(key, "pw") == 0 || strcmp(key, "authInfo") == 0;
}

/* An attribute we show: not a namespaced one (xsi:schemaLocation). */
static int
plain_attr(const char *key, const json_t *v)
{
	return key[0] == '@' && key[1] != '{' && json_is_string(v);
}

/* A value printed on one line: text, null, or an element with
 * attributes and text but no child elements. */
static int
is_leaf(const json_t *v)
{
	const char *k;
	json_t *child;

	if (!json_is_object(v))
		return !json_is_array(v);
	json_object_foreach(MUT(v), k, child)
	{
		if (k[0] != '@' && k[0] != '#')
			return 0;
	}
	return 1;
}

static const char *
text_of(const json_t *v)
{
	if (json_is_object(v))
		v = json_object_get(v, "#text");
	return json_is_string(v) ? json_string_value(v) : "";
}

/* Text from the registry: control characters (a newline could forge an
 * output line) are written as \xHH. */
static void
put_text(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch < 0x20 || ch == 0x7f)
			fprintf(out, "\\x%02x", ch);
		else
			fputc(ch, out);
	}
}

/* "text (a=1, b=2)"; an element with one attribute and no text (a
 * status) is just that attribute's value. */
static void
print_leaf(FILE *out, const char *path, const json_t *v, int secret)
{
	const char *k, *text = text_of(v);
	json_t *a;
	int n = 0;

	fprintf(out, "  %s: ", path);
	if (secret) {
		fputs("***\n", out);
		return;
	}
	cli_print_value(out, text);
	if (json_is_object(v)) {
		json_object_foreach(MUT(v), k, a)
		{
			if (!plain_attr(k, a))
				continue;
			if (*text || json_object_size(v) != 1)
				fprintf(out, "%s%s=", n++ ? ", " : " (", k + 1);
			put_text(out, json_string_value(a));
		}
		if (n)
			fputc(')', out);
	}
	fputc('\n', out);
}

static void
walk(FILE *out, const char *path, const json_t *v, int secret)
{
	char sub[512];
	const char *k;
	json_t *child;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(MUT(v), i, child)
		        walk(out, path, child, secret);
		return;
	}
	if (is_leaf(v)) {
		print_leaf(out, path, v, secret);
		return;
	}
	/* Attributes of an element with children (msgQ count and id). */
	json_object_foreach(MUT(v), k, child)
	{
		if (!plain_attr(k, child))
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "",
		         k + 1);
		print_leaf(out, sub, child, secret);
	}
	json_object_foreach(MUT(v), k, child)
	{
		if (k[0] == '@' || k[0] == '#')
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", k);
		walk(out, sub, child, secret || secret_key(k));
	}
}

/* <chkData>: "  NAME: available" or "  NAME: not available (reason)". */
static void
print_check(FILE *out, const json_t *chk)
{
	const json_t *cd = json_object_get(chk, "cd"), *item, *name, *reason;
	size_t i, n = json_is_array(cd) ? json_array_size(cd) : 1;
	const char *avail;

	for (i = 0; i < n; i++) {
		item = json_is_array(cd) ? json_array_get(cd, i) : cd;
		name = json_object_get(item, "name");
		if (name == NULL)
			name = json_object_get(item, "id"); /* contact */
		avail = json_string_value(json_object_get(name, "@avail"));
		reason = json_object_get(item, "reason");
		fputs("  ", out);
		cli_print_value(out, text_of(name));
		fprintf(out, ": %s",
		        avail == NULL ? "?"
		        : strcmp(avail, "1") == 0 || strcmp(avail, "true") == 0
		                ? "available"
		                : "not available");
		if (reason) {
			fputs(" (", out);
			cli_print_value(out, text_of(reason));
			fputc(')', out);
		}
		fputc('\n', out);
	}
}

static void
print_result(FILE *out, const json_t *result)
{
	const json_t *ext = json_object_get(result, "extValue");
	const char *code;

	code = json_string_value(json_object_get(result, "@code"));
	put_text(out, code ? code : "?");
	fputc(' ', out);
	put_text(out, text_of(json_object_get(result, "msg")));
	fputc('\n', out);
	if (ext)
		walk(out, "extValue", ext, 0);
}

void
eppctl_print_readable(FILE *out, const json_t *reply)
{
	const json_t *epp = json_object_get(reply, "epp"), *resp, *part;
	const char *k;
	json_t *v;
	size_t i;

	resp = json_object_get(epp, "response");
	if (resp == NULL && (part = json_object_get(epp, "greeting"))) {
		fputs("greeting\n", out);
		walk(out, "", part, 0);
		fflush(out);
		return;
	}
	if (resp == NULL) {
		eppctl_print_reply(out, reply, EPPCTL_OUT_JSON);
		return;
	}
	part = json_object_get(resp, "result");
	if (json_is_array(part))
		json_array_foreach(MUT(part), i, v) print_result(out, v);
	else
		print_result(out, part);
	if ((part = json_object_get(resp, "msgQ")))
		walk(out, "msgQ", part, 0);
	json_object_foreach(MUT(json_object_get(resp, "resData")), k, v)
	{
		if (strcmp(k, "chkData") == 0)
			print_check(out, v);
		else
			walk(out, "", v, 0);
	}
	if ((part = json_object_get(resp, "extension")))
		walk(out, "extension", part, 0);
	fflush(out);
}
