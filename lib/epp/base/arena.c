/*
 * The arena: many small allocations released in one go, for the typed
 * data of a response and the argument structs of a JSON request.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/base_private.h"

struct epp__arena_chunk {
	epp__arena_chunk *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

/* A domain info response needs about 1 KiB; start there. Chunks double
 * up to ARENA_CHUNK_MAX; an allocation over a quarter of that gets a
 * chunk of its own, so one long text never makes the next chunk twice
 * its size. */
#define ARENA_FIRST     1024
#define ARENA_CHUNK_MAX (64 * 1024)

void *
epp__arena_alloc(epp__arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	epp__arena_chunk *c = a->head;
	size_t cap;
	void *p;

	if (n > SIZE_MAX / 2)
		goto fail;
	n = (n + align - 1) & ~(align - 1);
	if (n > ARENA_CHUNK_MAX / 4) {
		c = malloc(sizeof(*c) + n);
		if (c == NULL)
			goto fail;
		c->used = c->cap = n;
		/* behind the chunk that small allocations fill */
		c->next = a->head ? a->head->next : NULL;
		if (a->head)
			a->head->next = c;
		else
			a->head = c;
		memset(c->data, 0, n);
		return c->data;
	}
	if (c == NULL || c->cap - c->used < n) {
		cap = c && c->cap < ARENA_CHUNK_MAX ? c->cap * 2 : ARENA_FIRST;
		if (c && c->cap == ARENA_CHUNK_MAX)
			cap = ARENA_CHUNK_MAX;
		if (cap < n)
			cap = n;
		c = malloc(sizeof(*c) + cap);
		if (c == NULL)
			goto fail;
		c->next = a->head;
		c->used = 0;
		c->cap = cap;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
fail:
	a->oom = 1;
	return NULL;
}

char *
epp__arena_strndup(epp__arena *a, const char *s, size_t len)
{
	char *p = epp__arena_alloc(a, len + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void
epp__arena_free(epp__arena *a)
{
	epp__arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}
