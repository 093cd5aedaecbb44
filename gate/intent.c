/*
 * The intent log: the journal's records on disk before they reach SQLite.
 *
 * A transform's row must be on disk before its command goes out, and a
 * commit of SQLite costs more than the rest of the gate's work on the
 * request. So each process appends its records, in a small binary format
 * (below), to a file of its own next to the journal
 * (`JOURNAL.intent.PID.START.GEN`) with one write(2) each: in the
 * kernel's hands, a record survives the process. The
 * main thread moves them into SQLite in one transaction every tick and
 * removes the file (journal.c). The owner holds an flock on each of its
 * files while it lives: a file nobody holds belongs to a dead gate and is
 * moved into SQLite by the next gate that looks; a held one is read when
 * a redelivered request is looked up, since its rows are not in SQLite
 * yet.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "gate.h"
#include "intent.h"

#define FILE_MAX_BYTES (64 * 1024 * 1024)

/* A file: this line and the gate's name, then records, each a 4-byte
 * length and that many bytes: kind (1), seq, started_ms, duration_ms (8
 * each), code (4), and NSTR strings, each a 4-byte length plus one (0 for
 * none) and its bytes. Integers big-endian. */
#define MAGIC "eppkit intent log 1 "
#define FIXED (1 + 8 + 8 + 8 + 4)
#define NSTR  6

/* free() of a string the record holds as const */
static void
release(const char *s)
{
	free((void *)(uintptr_t)s);
}

void
intent_rec_clear(struct intent_rec *r)
{
	release(r->corr);
	release(r->cmd);
	release(r->object);
	release(r->cltrid);
	release(r->svtrid);
	release(r->reply);
	memset(r, 0, sizeof(*r));
}

/* The folder and base name of the journal's intent files. */
static void
split(const char *journal, char *dir, size_t dirlen, const char **base)
{
	const char *slash = strrchr(journal, '/');

	if (slash == NULL) {
		snprintf(dir, dirlen, ".");
		*base = journal;
		return;
	}
	if (slash == journal)
		snprintf(dir, dirlen, "/");
	else
		snprintf(dir, dirlen, "%.*s", (int)(slash - journal), journal);
	*base = slash + 1;
}

int
intent_file_open(int *fd, char *path, size_t pathlen, const char *journal,
                 const char *gate, long pid, long long start, unsigned gen,
                 char *err, size_t errlen)
{
	char head[256];
	size_t n;

	snprintf(path, pathlen, "%s.intent.%ld.%lld.%u", journal, pid, start,
	         gen);
	*fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC,
	           0600);
	if (*fd < 0) {
		snprintf(err, errlen, "journal: cannot create %s: %s", path,
		         strerror(errno));
		return -1;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		snprintf(err, errlen, "journal: cannot lock %s: %s", path,
		         strerror(errno));
		close(*fd);
		*fd = -1;
		return -1;
	}
	/* the first line says what the file is and names the gate */
	n = (size_t)snprintf(head, sizeof(head), "%s%s\n", MAGIC, gate);
	if (n >= sizeof(head) || write(*fd, head, n) != (ssize_t)n) {
		snprintf(err, errlen, "journal: cannot write %s: %s", path,
		         n >= sizeof(head) ? "gate name too long"
		                           : strerror(errno));
		close(*fd);
		unlink(path);
		*fd = -1;
		return -1;
	}
	return 0;
}

/* Big-endian integers of the record format. */
static unsigned char *
put(unsigned char *p, uint64_t v, int bytes)
{
	while (bytes-- > 0)
		*p++ = (unsigned char)(v >> (8 * bytes));
	return p;
}

static uint64_t
get(const unsigned char **p, int bytes)
{
	uint64_t v = 0;

	while (bytes-- > 0)
		v = v << 8 | *(*p)++;
	return v;
}

/* The strings of a record, in their order on disk. */
static const char **
field(struct intent_rec *r, int i)
{
	const char **f[NSTR] = {&r->corr,   &r->cmd,    &r->object,
	                        &r->cltrid, &r->svtrid, &r->reply};

	return f[i];
}

int
intent_line(char **out, size_t *len, const struct intent_rec *r)
{
	struct intent_rec *w = (struct intent_rec *)(uintptr_t)r;
	size_t n = 4 + FIXED, l[NSTR];
	unsigned char *buf, *p;
	int i;

	*out = NULL;
	for (i = 0; i < NSTR; i++) {
		const char *f = *field(w, i);

		l[i] = f == NULL ? 0 : i == NSTR - 1 ? r->reply_len : strlen(f);
		n += 4 + l[i];
	}
	if (n > UINT32_MAX)
		return -1;
	buf = malloc(n);
	if (buf == NULL)
		return -1;
	p = put(buf, n - 4, 4);
	*p++ = (unsigned char)r->kind;
	p = put(p, (uint64_t)r->seq, 8);
	p = put(p, (uint64_t)r->started_ms, 8);
	p = put(p, (uint64_t)r->duration_ms, 8);
	p = put(p, (uint32_t)r->code, 4);
	for (i = 0; i < NSTR; i++) {
		const char *f = *field(w, i);

		/* 0: none; else the length plus one */
		p = put(p, f ? l[i] + 1 : 0, 4);
		if (f && l[i]) {
			memcpy(p, f, l[i]);
			p += l[i];
		}
	}
	*out = (char *)buf;
	*len = n;
	return 0;
}

/* One record from p (len bytes after its length); 0, or -1 when it is
 * not one. */
static int
parse_rec(const unsigned char *p, size_t len, struct intent_rec *r)
{
	const unsigned char *end = p + len;
	uint64_t l;
	char *s;
	int i;

	memset(r, 0, sizeof(*r));
	if (len < FIXED)
		return -1;
	r->kind = (char)*p++;
	r->seq = (int64_t)get(&p, 8);
	r->started_ms = (int64_t)get(&p, 8);
	r->duration_ms = (int64_t)get(&p, 8);
	r->code = (int)get(&p, 4);
	for (i = 0; i < NSTR; i++) {
		if (end - p < 4)
			goto bad;
		l = get(&p, 4);
		if (l == 0)
			continue;
		if ((uint64_t)(end - p) < l - 1 || (s = malloc(l)) == NULL)
			goto bad;
		memcpy(s, p, l - 1);
		s[l - 1] = '\0';
		p += l - 1;
		*field(r, i) = s;
		if (i == NSTR - 1)
			r->reply_len = l - 1;
	}
	if (r->kind == 'b' &&
	    (r->corr == NULL || r->cmd == NULL || r->cltrid == NULL))
		goto bad;
	return 0;
bad:
	intent_rec_clear(r);
	return -1;
}

int
intent_parse(const char *buf, size_t len, char *gate, size_t gatelen,
             struct intent_rec **recs, size_t *n)
{
	const char *nl;
	const unsigned char *u;
	struct intent_rec r, *v;
	size_t got = 0;

	*recs = NULL;
	*n = 0;
	gate[0] = '\0';
	nl = buf ? memchr(buf, '\n', len) : NULL;
	if (nl == NULL || (size_t)(nl - buf) < strlen(MAGIC) ||
	    memcmp(buf, MAGIC, strlen(MAGIC)) != 0)
		return -1;
	snprintf(gate, gatelen, "%.*s", (int)(nl - buf - strlen(MAGIC)),
	         buf + strlen(MAGIC));
	for (u = (const unsigned char *)nl + 1;
	     (size_t)((const unsigned char *)buf + len - u) >= 4;) {
		const unsigned char *q = u;
		uint64_t rl = get(&q, 4);

		if ((uint64_t)((const unsigned char *)buf + len - q) < rl)
			break; /* the last record, cut short */
		u = q + rl;
		if (parse_rec(q, (size_t)rl, &r) != 0)
			continue;
		if (got % 64 == 0) {
			v = realloc(*recs, (got + 64) * sizeof(**recs));
			if (v == NULL) {
				intent_rec_clear(&r);
				break;
			}
			*recs = v;
		}
		(*recs)[got++] = r;
	}
	*n = got;
	return 0;
}

/* Read a whole intent file: its gate and records, in order. */
static int
read_file(int fd, char *gate, size_t gatelen, struct intent_rec **recs,
          size_t *n)
{
	char *buf = NULL, *p;
	size_t len = 0, cap = 0;
	ssize_t k;
	int rc;

	*recs = NULL;
	*n = 0;
	gate[0] = '\0';
	for (;;) {
		if (cap - len < 65536) {
			if (cap > FILE_MAX_BYTES)
				break;
			cap = cap ? cap * 2 : 65536;
			p = realloc(buf, cap);
			if (p == NULL) {
				free(buf);
				return -1;
			}
			buf = p;
		}
		k = read(fd, buf + len, cap - len);
		if (k <= 0)
			break;
		len += (size_t)k;
	}
	rc = buf ? intent_parse(buf, len, gate, gatelen, recs, n) : -1;
	free(buf);
	return rc;
}

/* The files of other gates, oldest generation first within a gate. */
struct found {
	char path[4400];
	long pid;
	long long start;
	unsigned gen;
};

static int
by_owner(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->gen < y->gen ? -1 : x->gen > y->gen;
}

int
intent_scan(const char *journal, const char *self, intent_fn fn, void *ud)
{
	char dir[4096], prefix[4200], gate[128];
	struct found *f = NULL, *v;
	struct intent_rec *recs;
	const char *base;
	struct dirent *d;
	size_t nf = 0, i, j, nrec;
	DIR *dp;
	int fd, dead, rc = 0;

	split(journal, dir, sizeof(dir), &base);
	snprintf(prefix, sizeof(prefix), "%s.intent.", base);
	dp = opendir(dir);
	if (dp == NULL)
		return -1;
	while ((d = readdir(dp)) != NULL) {
		struct found one;

		if (strncmp(d->d_name, prefix, strlen(prefix)) != 0 ||
		    sscanf(d->d_name + strlen(prefix), "%ld.%lld.%u", &one.pid,
		           &one.start, &one.gen) != 3)
			continue;
		snprintf(one.path, sizeof(one.path), "%s/%s", dir, d->d_name);
		v = realloc(f, (nf + 1) * sizeof(*f));
		if (v == NULL) {
			rc = -1;
			break;
		}
		f = v;
		f[nf++] = one;
	}
	closedir(dp);
	qsort(f, nf, sizeof(*f), by_owner);
	for (i = 0; rc == 0 && i < nf; i++) {
		fd = open(f[i].path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue; /* moved into SQLite meanwhile */
		dead = flock(fd, LOCK_EX | LOCK_NB) == 0;
		if (read_file(fd, gate, sizeof(gate), &recs, &nrec) == 0 &&
		    strcmp(gate, self) != 0)
			rc = fn(ud, gate, dead, f[i].path, recs, nrec);
		else if (dead && gate[0] == '\0')
			unlink(f[i].path); /* died before its first line */
		for (j = 0; j < nrec; j++)
			intent_rec_clear(&recs[j]);
		free(recs);
		close(fd); /* and its lock */
	}
	free(f);
	return rc;
}
