/*
 * epp-rpc --brief: a reply as a few readable lines, for people and demos:
 * "<code> <message>", then every value under msgQ, resData and extension
 * as "path: value". Values of authInfo and pw print as ***.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "epp-rpc.h"

static int
secret_key(const char *key)
{
	return strcmp(key, "pw") == 0 || strcmp(key, "authInfo") == 0 ||
	       strcmp(key, "auth_info") == 0;
}

/* attrs: " (a=1, b=2)" for the @attributes of an object, namespaced ones
 * (schemaLocation) left out. */
static void
attrs(const json_t *o, FILE *out)
{
	const char *k;
	json_t *v;
	int n = 0;

	json_object_foreach((json_t *)(uintptr_t)o, k, v)
	{
		if (k[0] != '@' || k[1] == '{' || !json_is_string(v))
			continue;
		fprintf(out, "%s%s=%s", n++ ? ", " : " (", k + 1,
		        json_string_value(v));
	}
	if (n)
		fputc(')', out);
}

static void
walk(const char *path, const json_t *v, int secret, FILE *out)
{
	char sub[512];
	const char *k;
	json_t *child;
	size_t i;

	if (json_is_string(v) || json_is_null(v)) {
		fprintf(out, "  %s: ", path);
		cli_print_value(out, secret            ? "***"
		                     : json_is_null(v) ? ""
		                                       : json_string_value(v));
		fputc('\n', out);
		return;
	}
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			walk(sub, json_array_get(v, i), secret, out);
		}
		return;
	}
	if (!json_is_object(v))
		return;
	/* <e a="1">text</e>: one line, the text and its attributes. */
	child = json_object_get(v, "#text");
	if (json_is_string(child)) {
		fprintf(out, "  %s: ", path);
		cli_print_value(out, secret ? "***" : json_string_value(child));
		attrs(v, out);
		fputc('\n', out);
		return;
	}
	json_object_foreach((json_t *)(uintptr_t)v, k, child)
	{
		if (k[0] == '@' || k[0] == '#')
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", path, path[0] ? "." : "",
		         k);
		walk(sub, child, secret || secret_key(k), out);
	}
	/* Attributes of an element with children (e.g. msgQ count, id). */
	json_object_foreach((json_t *)(uintptr_t)v, k, child)
	{
		if (k[0] == '@' && k[1] != '{' && json_is_string(child))
			fprintf(out, "  %s%s%s: %s\n", path, path[0] ? "." : "",
			        k + 1, json_string_value(child));
	}
}

void
rpc_print_brief(const json_t *reply, FILE *out)
{
	const json_t *resp, *part;
	const char *msg, *parts[] = {"msgQ", "resData", "extension"};
	epprpc_result_class cls;
	size_t i;
	int code;

	cls = epprpc_reply_result(reply, &code, &msg);
	if (cls == EPPRPC_RESULT_GATE_ERROR) {
		fputs("gate error: ", out);
		cli_print_value(out, msg ? msg : "");
		fputc('\n', out);
		return;
	}
	part = json_object_get(json_object_get(reply, "epp"), "greeting");
	if (cls == EPPRPC_RESULT_BAD_RESPONSE && part != NULL) {
		fprintf(out, "greeting\n");
		walk("greeting", part, 0, out);
		return;
	}
	if (cls == EPPRPC_RESULT_BAD_RESPONSE) {
		fprintf(out, "not an EPP reply\n");
		return;
	}
	fprintf(out, "%d ", code);
	cli_print_value(out, msg ? msg : "");
	fputc('\n', out);
	resp = json_object_get(json_object_get(reply, "epp"), "response");
	part = json_object_get(resp, "result");
	if (json_is_array(part))
		part = json_array_get(part, 0);
	if (json_object_get(part, "extValue"))
		walk("extValue", json_object_get(part, "extValue"), 0, out);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		part = json_object_get(resp, parts[i]);
		if (part)
			walk(parts[i], part, 0, out);
	}
}
