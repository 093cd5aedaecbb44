/*
 * The intent log: the journal's records on disk before they reach SQLite.
 *
 * A transform's row must be on disk before its command goes out, and a
 * commit of SQLite costs more than the rest of the gate's work on the
 * request. So each process appends its records, one JSON line each, to a
 * file of its own next to the journal (`JOURNAL.intent.PID.START.GEN`)
 * with one write(2): in the kernel's hands, it survives the process. The
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

#include <jansson.h>

#include "gate.h"
#include "intent.h"

#define LINE_MAX_BYTES (64 * 1024 * 1024)

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
	json_t *h;
	char *line;
	size_t n;
	int ok;

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
	/* the first line names the gate the records are of */
	h = json_pack("{ss}", "gate", gate);
	line = h ? json_dumps(h, JSON_COMPACT) : NULL;
	json_decref(h);
	n = line ? strlen(line) : 0;
	if (line)
		line[n] = '\n'; /* replaces the NUL; n + 1 bytes written */
	ok = line && write(*fd, line, n + 1) == (ssize_t)(n + 1);
	free(line);
	if (!ok) {
		snprintf(err, errlen, "journal: cannot write %s: %s", path,
		         strerror(errno ? errno : ENOMEM));
		close(*fd);
		unlink(path);
		*fd = -1;
		return -1;
	}
	return 0;
}

int
intent_line(char **out, size_t *len, const struct intent_rec *r)
{
	json_t *o;
	char *line;
	size_t n;

	*out = NULL;
	o = json_pack("{s:s#,s:I}", "k", &r->kind, (size_t)1, "s",
	              (json_int_t)r->seq);
	if (o == NULL)
		return -1;
	switch (r->kind) {
	case 'b':
		json_object_set_new(o, "corr", json_string(r->corr));
		json_object_set_new(o, "cmd", json_string(r->cmd));
		if (r->object)
			json_object_set_new(o, "obj", json_string(r->object));
		json_object_set_new(o, "cltrid", json_string(r->cltrid));
		json_object_set_new(o, "ms", json_integer(r->started_ms));
		break;
	case 'r':
		json_object_set_new(o, "cltrid", json_string(r->cltrid));
		break;
	case 'e':
		json_object_set_new(o, "code", json_integer(r->code));
		if (r->svtrid)
			json_object_set_new(o, "sv", json_string(r->svtrid));
		json_object_set_new(o, "dur", json_integer(r->duration_ms));
		json_object_set_new(o, "reply",
		                    json_stringn(r->reply, r->reply_len));
		break;
	default:
		break;
	}
	line = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (line == NULL)
		return -1;
	n = strlen(line);
	line[n] = '\n'; /* over the NUL: n + 1 bytes to write */
	*out = line;
	*len = n + 1;
	return 0;
}

static char *
dup_member(json_t *o, const char *key, size_t *len)
{
	json_t *v = json_object_get(o, key);
	char *s;
	size_t n;

	if (!json_is_string(v))
		return NULL;
	n = json_string_length(v);
	s = malloc(n + 1);
	if (s) {
		memcpy(s, json_string_value(v), n);
		s[n] = '\0';
	}
	if (len)
		*len = n;
	return s;
}

/* One line into a record; 0, or -1 when it is not one (a line cut short
 * by a crash, or garbage). */
static int
parse_line(const char *line, size_t len, struct intent_rec *r)
{
	json_t *o = json_loadb(line, len, 0, NULL), *k, *s;

	memset(r, 0, sizeof(*r));
	k = json_object_get(o, "k");
	s = json_object_get(o, "s");
	if (!json_is_string(k) || json_string_length(k) != 1 ||
	    !json_is_integer(s)) {
		json_decref(o);
		return -1;
	}
	r->kind = json_string_value(k)[0];
	r->seq = json_integer_value(s);
	r->corr = dup_member(o, "corr", NULL);
	r->cmd = dup_member(o, "cmd", NULL);
	r->object = dup_member(o, "obj", NULL);
	r->cltrid = dup_member(o, "cltrid", NULL);
	r->svtrid = dup_member(o, "sv", NULL);
	r->reply = dup_member(o, "reply", &r->reply_len);
	r->started_ms = json_integer_value(json_object_get(o, "ms"));
	r->code = (int)json_integer_value(json_object_get(o, "code"));
	r->duration_ms = json_integer_value(json_object_get(o, "dur"));
	json_decref(o);
	if (r->kind == 'b' &&
	    (r->corr == NULL || r->cmd == NULL || r->cltrid == NULL)) {
		intent_rec_clear(r);
		return -1;
	}
	return 0;
}

/* Read a whole intent file: its gate and records, in order. */
static int
read_file(int fd, char *gate, size_t gatelen, struct intent_rec **recs,
          size_t *n)
{
	char *buf = NULL, *p, *nl;
	size_t len = 0, cap = 0, got = 0;
	struct intent_rec r, *v;
	json_t *h;
	ssize_t k;

	*recs = NULL;
	*n = 0;
	gate[0] = '\0';
	for (;;) {
		if (cap - len < 65536) {
			if (cap > LINE_MAX_BYTES)
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
	for (p = buf; p && p < buf + len; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(buf + len - p));
		if (nl == NULL)
			break; /* the last line, cut short */
		if (gate[0] == '\0') {
			h = json_loadb(p, (size_t)(nl - p), 0, NULL);
			snprintf(gate, gatelen, "%s",
			         json_string_value(json_object_get(h, "gate"))
			                 ? json_string_value(
			                           json_object_get(h, "gate"))
			                 : "");
			json_decref(h);
			continue;
		}
		if (parse_line(p, (size_t)(nl - p), &r) != 0)
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
	free(buf);
	*n = got;
	return gate[0] ? 0 : -1;
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
