/*
 * The journal's intent log (intent.c): records appended by a gate before
 * SQLite has them, and the files of other gates read back.
 */
#ifndef EPP_GATE_INTENT_H
#define EPP_GATE_INTENT_H

#include <stddef.h>
#include <stdint.h>

/* What a worker did to a transform: 'b' about to send it, 'r' sending it
 * again as cltrid, 'e' its reply, 'f' not sent after all. seq numbers
 * the transforms of one gate process. Strings are malloc'd when read
 * back; when appended they are the caller's. */
struct intent_rec {
	char kind;
	int64_t seq;
	const char *corr, *cmd, *object, *cltrid, *svtrid, *reply;
	size_t reply_len;
	int64_t started_ms, duration_ms;
	int code;
};

/* Free the strings of a record read back (or copied), and zero it. */
void intent_rec_clear(struct intent_rec *r);

/* Create and lock this gate's log file number `gen`, its name in path,
 * its first line naming `gate`. 0, or -1 with err. */
int intent_file_open(int *fd, char *path, size_t pathlen, const char *journal,
                     const char *gate, long pid, long long start, unsigned gen,
                     char *err, size_t errlen);

/* One record as the bytes to append, malloc'd. 0, or -1 when out of
 * memory. */
int intent_line(char **out, size_t *len, const struct intent_rec *r);

/* The gate named by an intent file's first line, and its records in
 * order (*recs malloc'd, each cleared with intent_rec_clear); a record
 * cut short at the end, or one that is not a record, is left out. 0, or
 * -1 when buf is not an intent file. */
int intent_parse(const char *buf, size_t len, char *gate, size_t gatelen,
                 struct intent_rec **recs, size_t *n);

/* Called for each intent file of another gate, oldest first: `dead` when
 * no process holds it (the callback moves it into SQLite and removes
 * path), else its gate is alive and it is only read. Non-zero stops. */
typedef int (*intent_fn)(void *ud, const char *gate, int dead, const char *path,
                         const struct intent_rec *recs, size_t n);

/* Walk the intent files next to `journal` that are not `self`'s. */
int intent_scan(const char *journal, const char *self, intent_fn fn, void *ud);

#endif
