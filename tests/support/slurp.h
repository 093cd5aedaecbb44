/*
 * Test helper: read a whole file into a NUL-terminated buffer.
 */
#ifndef EPPKIT_TEST_SLURP_H
#define EPPKIT_TEST_SLURP_H

#include <stdio.h>
#include <stdlib.h>

/* The file's bytes plus a NUL (*len excludes it), malloc'd; NULL when it
 * cannot be opened or read. */
static inline char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	*len = 0;
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = n < 0 ? NULL : malloc((size_t)n + 1);
	if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf == NULL)
		return NULL;
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

#endif
