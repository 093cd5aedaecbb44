/*
 * Counting allocator (see heapcount.h), interposing glibc's malloc: not
 * for builds with a sanitizer, which brings its own. Sizes are the usable
 * sizes of the blocks, so allocator rounding counts. A realloc that moves a block
 * holds the old and the new block at once, and is counted so.
 */
#include <stdatomic.h>
#include <stddef.h>

#include "heapcount.h"

static atomic_llong held, peak, base;

static void
add(long long n)
{
	long long now = atomic_fetch_add(&held, n) + n;
	long long p = atomic_load(&peak);

	while (now > p && !atomic_compare_exchange_weak(&peak, &p, now))
		;
}

static void
sub(long long n)
{
	atomic_fetch_sub(&held, n);
}

void
heapcount_start(void)
{
	long long now = atomic_load(&held);

	atomic_store(&base, now);
	atomic_store(&peak, now);
}

long long
heapcount_peak(void)
{
	return atomic_load(&peak) - atomic_load(&base);
}

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void *__libc_memalign(size_t align, size_t n);
void __libc_free(void *p);

/* exported, so that the shared libraries' calls come here too */
#define INTERPOSE __attribute__((visibility("default")))

void
heapcount_init(void)
{
}

static void *
counted(void *p)
{
	if (p != NULL)
		add((long long)malloc_usable_size(p));
	return p;
}

INTERPOSE void *
malloc(size_t n)
{
	return counted(__libc_malloc(n));
}

INTERPOSE void *
calloc(size_t n, size_t size)
{
	return counted(__libc_calloc(n, size));
}

INTERPOSE void *
memalign(size_t align, size_t n)
{
	return counted(__libc_memalign(align, n));
}

INTERPOSE void *
aligned_alloc(size_t align, size_t n)
{
	return counted(__libc_memalign(align, n));
}

INTERPOSE int
posix_memalign(void **out, size_t align, size_t n)
{
	void *p = counted(__libc_memalign(align, n));

	if (p == NULL)
		return ENOMEM;
	*out = p;
	return 0;
}

/* glibc's own strdup allocates past the interposed malloc */
INTERPOSE char *
strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

INTERPOSE char *
strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

INTERPOSE void
free(void *p)
{
	if (p != NULL)
		sub((long long)malloc_usable_size(p));
	__libc_free(p);
}

INTERPOSE void *
realloc(void *p, size_t n)
{
	long long before = p ? (long long)malloc_usable_size(p) : 0;
	void *q = __libc_realloc(p, n);

	if (q == NULL) {
		if (n == 0) /* glibc: freed */
			sub(before);
		return NULL;
	}
	if (q == p) {
		add((long long)malloc_usable_size(q) - before);
	} else {
		add((long long)malloc_usable_size(q));
		sub(before);
	}
	return q;
}
