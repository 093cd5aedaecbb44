/*
 * eppctl json [FILE...]: EPP XML documents to compat JSON, offline.
 *
 * One line per input, in order, so that line N answers input N: the
 * compact JSON of the document, or {"error": "FILE: reason"} when it is
 * not well-formed XML (the other inputs are still converted). No FILE, or
 * "-", reads standard input. Exit 0 when every input converted, 66 when
 * one could not be read or converted, 64 on usage errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "epp/frame.h"
#include "epp/json.h"
#include "eppctl.h"

/* Read all of `f`, at most `max` bytes; more is an error (ELIMIT). */
int
eppctl_read_all(FILE *f, size_t max, char **out, size_t *len)
{
	size_t cap = 65536, n = 0, got;
	char *buf = malloc(cap), *p;

	if (buf == NULL)
		return EPP_ENOMEM;
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				free(buf);
				return EPP_ELIMIT;
			}
			p = realloc(buf, cap * 2);
			if (p == NULL) {
				free(buf);
				return EPP_ENOMEM;
			}
			buf = p;
			cap *= 2;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		return EPP_EIO;
	}
	if (n > max) {
		free(buf);
		return EPP_ELIMIT;
	}
	*out = buf;
	*len = n;
	return EPP_OK;
}

/* A file name as a JSON-safe string: bytes that are not UTF-8 become
 * '?' so that the error line stays valid JSON. */
static json_t *
name_string(const char *name)
{
	json_t *s = json_string(name);
	char *copy;
	size_t i;

	if (s != NULL)
		return s;
	copy = strdup(name);
	if (copy == NULL)
		return NULL;
	for (i = 0; copy[i]; i++)
		if ((unsigned char)copy[i] >= 0x80)
			copy[i] = '?';
	s = json_string(copy);
	free(copy);
	return s;
}

/* Print {"error": "NAME: TEXT"} as one line. */
static void
print_error(const char *name, const char *text)
{
	json_t *n = name_string(name), *o;
	char *line = NULL;

	o = json_pack("{s:s++}", "error", n ? json_string_value(n) : "?", ": ",
	              text);
	if (o != NULL && epp_json_dumps(&line, NULL, o) == EPP_OK)
		printf("%s\n", line);
	else
		printf("{\"error\": \"conversion failed\"}\n");
	free(line);
	json_decref(o);
	json_decref(n);
}

/* Convert one input; returns 0 when it converted. */
static int
convert(const char *name, FILE *f)
{
	char *xml = NULL, *out = NULL, text[EPP_ERROR_TEXT_LENGTH + 64];
	size_t len, out_len;
	epp_error err;
	int rc;

	rc = eppctl_read_all(f, EPP_FRAME_DEFAULT_MAX, &xml, &len);
	if (rc != EPP_OK) {
		snprintf(text, sizeof(text), "cannot read: %s",
		         rc == EPP_EIO ? strerror(errno) : epp_strerror(rc));
		print_error(name, text);
		return 1;
	}
	memset(&err, 0, sizeof(err));
	rc = epp_json_from_xml(&out, &out_len, xml, len, &err);
	free(xml);
	if (rc != EPP_OK) {
		if (err.line > 0)
			snprintf(text, sizeof(text), "%s (line %d, column %d)",
			         err.text, err.line, err.column);
		else
			snprintf(text, sizeof(text), "%s",
			         err.text[0] ? err.text : epp_strerror(rc));
		print_error(name, text);
		return 1;
	}
	fwrite(out, 1, out_len, stdout);
	putchar('\n');
	free(out);
	return 0;
}

int
eppctl_cmd_json(struct eppctl_conn *c, int argc, char **argv)
{
	int i, rc, failed = 0;
	FILE *f;

	while ((rc = eppctl_getopt(c, argc, argv, NULL)) != EPPCTL_OPT_END) {
		if (rc == EPPCTL_OPT_ERROR)
			return EPPCTL_USAGE;
		printf("usage: eppctl json [FILE...]\n"
		       "Convert EPP XML documents (standard input without FILE "
		       "or with -) to compact\nJSON, one line per document; an "
		       "input that cannot be read or converted gives\n"
		       "{\"error\": \"FILE: reason\"} and exit status %d.\n",
		       EPPCTL_NOINPUT);
		return EPPCTL_OK;
	}
	if (optind >= argc)
		return convert("-", stdin) ? EPPCTL_NOINPUT : EPPCTL_OK;
	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			failed |= convert("-", stdin);
			continue;
		}
		f = fopen(argv[i], "rb");
		if (f == NULL) {
			char text[EPP_ERROR_TEXT_LENGTH];
			snprintf(text, sizeof(text), "cannot open: %s",
			         strerror(errno));
			print_error(argv[i], text);
			failed = 1;
			continue;
		}
		failed |= convert(argv[i], f);
		fclose(f);
		fflush(stdout);
	}
	return failed ? EPPCTL_NOINPUT : EPPCTL_OK;
}
