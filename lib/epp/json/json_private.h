/*
 * Internals shared by the compat JSON code: a growable output buffer and
 * the json.dumps()-compatible string writer.
 */
#ifndef EPP_JSON_PRIVATE_H
#define EPP_JSON_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <libxml/tree.h>

/* Deepest JSON value written; the XML parser's depth cap is below it. */
#define EPP__JSON_MAX_DEPTH 1024

/* Output text; `oom` is sticky so writers need not check every call. */
typedef struct {
	char *p;
	size_t len, cap;
	int oom;
} epp__buf;

int epp__buf_grow(epp__buf *b, size_t more);
void epp__buf_put(epp__buf *b, const char *s, size_t n);

/* Append a JSON string literal for the UTF-8 `s`, json.dumps style. */
void epp__json_put_string(epp__buf *b, const char *s, size_t len);

/* Decode one UTF-8 sequence, returning its length (invalid: 1, U+FFFD). */
size_t epp__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* The compat JSON value of an element and everything under it, as
 * {"<local name>": value}. Returns EPP_OK or EPP_ENOMEM. */
int epp__json_value_from_node(json_t **out, const xmlNode *root);

#endif
