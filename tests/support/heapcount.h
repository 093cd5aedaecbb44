/*
 * A counting allocator for tests and benchmarks: the bytes the whole
 * process holds on the heap, and their peak since heapcount_start().
 * Link heapcount.c into the program itself (it interposes malloc; not
 * with a sanitizer).
 */
#ifndef EPPKIT_TEST_HEAPCOUNT_H
#define EPPKIT_TEST_HEAPCOUNT_H

/* Call once, first thing in main(). */
void heapcount_init(void);

/* Forget the peak: from now on it is measured above what is held now. */
void heapcount_start(void);

/* The most held at once since heapcount_start(), above what was held
 * then, in bytes. */
long long heapcount_peak(void);

#endif
