/*
 * The journal: a crash-safe record of every transform, in SQLite (WAL).
 *
 * Before a transform goes to the registry the gate records its
 * correlation_id, command, object and clTRID; after the reply, the result
 * and the reply itself. A request the broker delivers again (the gate that
 * had it died, or lost the broker before its ack) is looked up here: a
 * recorded reply is sent again without registry traffic; a row without a
 * reply means the command may have run, so the caller is told the outcome
 * is unknown, with the clTRID, and it is never sent again.
 *
 * A record reaches the disk first as a line of this process's intent log
 * (intent.c), one write(2) by the worker; the main thread moves the lines
 * into SQLite in one transaction per tick (gate_journal_checkpoint), so a
 * request costs the workers no SQLite commit. Several gate processes may
 * share one file: SQLite locks it, and a lookup reads the intent logs of
 * the other gates too (the lines they have not moved yet), and moves
 * those of dead gates into SQLite. Rows older than --journal-keep are
 * pruned. `eppctl journal FILE` lists the rows (an audit trail).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "gate.h"
#include "intent.h"

#define BUSY_TIMEOUT_MS 10000
#define CHECKPOINT_MS   1000

static const char schema[] =
        /* A commit writes each page it changed to the WAL: small pages
         * (new files only) make the write and its checksum small. */
        "PRAGMA page_size=1024;"
        "CREATE TABLE IF NOT EXISTS transforms ("
        " id INTEGER PRIMARY KEY,"
        " corr TEXT NOT NULL,"          /* the request's correlation_id */
        " started_ms INTEGER NOT NULL," /* Unix ms, before sending */
        " command TEXT NOT NULL,"
        " object TEXT,"
        " cltrid TEXT NOT NULL,"
        " svtrid TEXT,"
        " code INTEGER,"        /* registry result; NULL without one */
        " duration_ms INTEGER," /* NULL until the reply is recorded */
        " reply TEXT,"          /* the JSON reply; NULL: in flight */
        " gate TEXT,"           /* host:pid:start of the gate that sent it */
        " seq INTEGER"          /* its number in that gate's intent log */
        ");"
        "CREATE INDEX IF NOT EXISTS transforms_corr ON transforms(corr);"
        /* Files made before pruning went by id had this index. */
        "DROP INDEX IF EXISTS transforms_started;";

/* Files made before the intent log have no seq column. */
static const char schema_seq[] =
        "CREATE UNIQUE INDEX IF NOT EXISTS transforms_gate_seq "
        "ON transforms(gate, seq);";

enum {
	ST_BEGIN,
	ST_BEGIN_END,
	ST_RETRY,
	ST_END,
	ST_END_ROW,
	ST_FORGET,
	ST_FIND,
	ST_PRUNE,
	ST_TXN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_N
};

/* A record of gate ?g with number ?s; ST_END_ROW names a row by its id
 * (a row found by a lookup). A record read again from a dead gate's log
 * may already be in: OR IGNORE. */
static const char *const sql[ST_N] = {
        "INSERT OR IGNORE INTO transforms (corr, started_ms, command, "
        "object, cltrid, gate, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        /* a transform and its reply in the same move: one row at once */
        "INSERT OR IGNORE INTO transforms (corr, started_ms, command, "
        "object, cltrid, gate, seq, code, svtrid, duration_ms, reply) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        "UPDATE transforms SET cltrid = ?1 WHERE gate = ?6 AND seq = ?7",
        "UPDATE transforms SET code = ?1, svtrid = ?2, duration_ms = ?3, "
        "reply = ?4 WHERE gate = ?6 AND seq = ?7",
        "UPDATE transforms SET code = ?1, svtrid = ?2, duration_ms = ?3, "
        "reply = ?4 WHERE id = ?5",
        "DELETE FROM transforms WHERE gate = ?6 AND seq = ?7",
        "SELECT id, reply, cltrid, command FROM transforms WHERE corr = ? "
        "ORDER BY id DESC LIMIT 1",
        /* Rows go in in time order: the old ones are the first ids,
         * found without an index on the time. */
        "DELETE FROM transforms WHERE id < coalesce((SELECT id FROM "
        "transforms WHERE started_ms >= ?1 ORDER BY id LIMIT 1), "
        "(SELECT max(id) + 1 FROM transforms))",
        /* IMMEDIATE: take the write lock now, waiting for another gate
         * process through the busy timeout, rather than fail on
         * upgrading a read transaction that another writer overtook. */
        "BEGIN IMMEDIATE",
        "COMMIT",
        "ROLLBACK",
};

/* A record written to the intent log, waiting to go into SQLite. */
struct op {
	struct op *next;
	struct intent_rec rec; /* strings owned */
	int64_t row;           /* OP 'e' on a row found by a lookup: its id */
	int merged;            /* an 'e' that went in with its 'b' */
};

struct stale_file {
	int fd;
	char path[4096];
};

struct gate_journal {
	pthread_mutex_t lock; /* the log, seq and the queue */
	int fd;               /* this gate's current intent file */
	char file[4096];
	unsigned gen;
	atomic_llong seq; /* the last record number handed out */
	struct op *head, **tail;
	struct stale_file *stale;  /* files whose records are not all in */
	size_t nstale;             /* SQLite yet (under move_lock) */
	pthread_mutex_t move_lock; /* one move into SQLite at a time */
	pthread_mutex_t db_lock;   /* one user of db at a time */
	sqlite3 *db;
	sqlite3 *ckpt; /* the main thread's, for checkpoints */
	sqlite3_stmt *st[ST_N];
	char *path;
	int64_t checkpointed; /* gate_now_ms() of the last checkpoint */
	long pid;
	long long start;
	char gate[128]; /* host:pid:start, unique to this process */
};

static int
db_error(struct gate_journal *j, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "journal: %s: %s", what,
	         j->db ? sqlite3_errmsg(j->db) : "out of memory");
	return -1;
}

/* One connection to the journal file, in WAL mode. */
static int
open_db(sqlite3 **db, const char *path)
{
	if (sqlite3_open_v2(path, db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                            SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(*db, BUSY_TIMEOUT_MS);
	/* WAL: readers (eppctl journal) never block the gates, and a
	 * commit is one append. synchronous=NORMAL: a commit survives the
	 * process dying at any point; a power cut may lose the last few. */
	return sqlite3_exec(
	               *db,
	               "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
	               NULL, NULL, NULL) == SQLITE_OK
	               ? 0
	               : -1;
}

/* The seq column, in a file made before it. */
static int
add_seq(sqlite3 *db)
{
	sqlite3_stmt *s;
	int has = 0;

	if (sqlite3_prepare_v2(db,
	                       "SELECT 1 FROM pragma_table_info("
	                       "'transforms') WHERE name = 'seq'",
	                       -1, &s, NULL) != SQLITE_OK)
		return -1;
	has = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	if (!has && sqlite3_exec(db,
	                         "ALTER TABLE transforms ADD COLUMN seq "
	                         "INTEGER",
	                         NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	return sqlite3_exec(db, schema_seq, NULL, NULL, NULL) == SQLITE_OK ? 0
	                                                                   : -1;
}

static int move_dead(struct gate_journal *j);

static atomic_uint handles;

int
gate_journal_open(struct gate_journal **out, const char *path, char *err,
                  size_t errlen)
{
	struct gate_journal *j;
	sqlite3 *bad = NULL;
	char host[64];
	int i;

	*out = NULL;
	j = calloc(1, sizeof(*j));
	if (j == NULL || (j->path = strdup(path)) == NULL) {
		free(j);
		snprintf(err, errlen, "journal: out of memory");
		return -1;
	}
	j->fd = -1;
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "?");
	host[sizeof(host) - 1] = '\0';
	j->pid = (long)getpid();
	/* unique to this handle, also within one process */
	j->start = (long long)gate_now_real_ms() * 1000 +
	           atomic_fetch_add(&handles, 1) % 1000;
	snprintf(j->gate, sizeof(j->gate), "%s:%ld:%lld", host, j->pid,
	         j->start);
	pthread_mutex_init(&j->lock, NULL);
	pthread_mutex_init(&j->move_lock, NULL);
	pthread_mutex_init(&j->db_lock, NULL);
	j->tail = &j->head;
	if (open_db(&j->db, path) != 0)
		bad = j->db;
	else if (open_db(&j->ckpt, path) != 0)
		bad = j->ckpt;
	else if (sqlite3_exec(j->db, schema, NULL, NULL, NULL) != SQLITE_OK ||
	         add_seq(j->db) != 0)
		bad = j->db;
	if (bad != NULL || j->db == NULL || j->ckpt == NULL) {
		snprintf(err, errlen, "journal %s: %s", path,
		         bad ? sqlite3_errmsg(bad) : "out of memory");
		gate_journal_close(j);
		return -1;
	}
	/* The workers never copy the WAL back into the database: the main
	 * thread does, on a connection of its own, in
	 * gate_journal_checkpoint(). */
	sqlite3_wal_autocheckpoint(j->db, 0);
	for (i = 0; i < ST_N; i++)
		if (sqlite3_prepare_v2(j->db, sql[i], -1, &j->st[i], NULL) !=
		    SQLITE_OK) {
			db_error(j, path, err, errlen);
			gate_journal_close(j);
			return -1;
		}
	if (intent_file_open(&j->fd, j->file, sizeof(j->file), path, j->gate,
	                     j->pid, j->start, ++j->gen, err, errlen) != 0) {
		gate_journal_close(j);
		return -1;
	}
	/* what gates that died left in their logs */
	move_dead(j);
	*out = j;
	return 0;
}

static void flush(struct gate_journal *j);
static void free_ops(struct op *o);

void
gate_journal_close(struct gate_journal *j)
{
	size_t i;

	if (j == NULL)
		return;
	if (j->fd >= 0) {
		flush(j);
		/* empty now: everything is in SQLite */
		if (j->head == NULL)
			unlink(j->file);
		close(j->fd);
	}
	for (i = 0; i < j->nstale; i++)
		close(j->stale[i].fd); /* their records are not in SQLite */
	free(j->stale);
	free_ops(j->head);
	for (i = 0; i < ST_N; i++)
		sqlite3_finalize(j->st[i]);
	sqlite3_close(j->db);
	sqlite3_close(j->ckpt);
	pthread_mutex_destroy(&j->db_lock);
	pthread_mutex_destroy(&j->move_lock);
	pthread_mutex_destroy(&j->lock);
	free(j->path);
	free(j);
}

/* Run a bound statement that returns no row; reset it. The caller holds
 * j->db_lock. */
static int
run_stmt(sqlite3_stmt *s)
{
	int rc;

	rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* One record of `gate` inside the open transaction. */
static int
run_rec(struct gate_journal *j, const char *gate, const struct intent_rec *r,
        int64_t row, const struct intent_rec *end)
{
	sqlite3_stmt *s;

	switch (r->kind) {
	case 'b':
		s = j->st[end ? ST_BEGIN_END : ST_BEGIN];
		if (end) {
			if (end->code > 0)
				sqlite3_bind_int(s, 8, end->code);
			if (end->svtrid)
				sqlite3_bind_text(s, 9, end->svtrid, -1,
				                  SQLITE_STATIC);
			sqlite3_bind_int64(s, 10, end->duration_ms);
			sqlite3_bind_text(s, 11, end->reply ? end->reply : "",
			                  (int)end->reply_len, SQLITE_STATIC);
		}
		sqlite3_bind_text(s, 1, r->corr, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, r->started_ms);
		sqlite3_bind_text(s, 3, r->cmd, -1, SQLITE_STATIC);
		if (r->object && *r->object)
			sqlite3_bind_text(s, 4, r->object, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, r->cltrid, -1, SQLITE_STATIC);
		break;
	case 'r':
		s = j->st[ST_RETRY];
		sqlite3_bind_text(s, 1, r->cltrid, -1, SQLITE_STATIC);
		break;
	case 'e':
		s = j->st[row ? ST_END_ROW : ST_END];
		if (r->code > 0)
			sqlite3_bind_int(s, 1, r->code);
		if (r->svtrid)
			sqlite3_bind_text(s, 2, r->svtrid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, r->duration_ms);
		sqlite3_bind_text(s, 4, r->reply ? r->reply : "",
		                  (int)r->reply_len, SQLITE_STATIC);
		if (row)
			sqlite3_bind_int64(s, 5, row);
		break;
	case 'f':
		s = j->st[ST_FORGET];
		break;
	default:
		return 0;
	}
	if (!row) {
		sqlite3_bind_text(s, 6, gate, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 7, r->seq);
	}
	return run_stmt(s);
}

/* Records of `gate` into SQLite, in one transaction. 0, or -1 with err. */
/* The reply of the transform that `b` begins, when it comes a little
 * later in the same batch with nothing else of it between (a retry or a
 * forget keeps them apart); it is marked merged. */
static struct op *
reply_of(struct op *b)
{
	struct op *o;
	int n = 0;

	if (b->rec.kind != 'b')
		return NULL;
	for (o = b->next; o != NULL && n < 256; o = o->next, n++) {
		if (o->row != 0 || o->rec.seq != b->rec.seq)
			continue;
		if (o->rec.kind != 'e')
			return NULL;
		o->merged = 1;
		return o;
	}
	return NULL;
}

static int
commit_recs(struct gate_journal *j, const char *gate,
            const struct intent_rec *recs, size_t n, struct op *ops, char *err,
            size_t errlen)
{
	struct op *o, *end;
	size_t i;
	int rc;

	pthread_mutex_lock(&j->db_lock);
	rc = run_stmt(j->st[ST_TXN]);
	for (i = 0; rc == 0 && i < n; i++)
		rc = run_rec(j, gate, &recs[i], 0, NULL);
	for (o = ops; o != NULL; o = o->next)
		o->merged = 0;
	for (o = ops; rc == 0 && o != NULL; o = o->next) {
		if (o->merged)
			continue;
		end = reply_of(o);
		rc = run_rec(j, gate, &o->rec, o->row, end ? &end->rec : NULL);
	}
	if (rc == 0)
		rc = run_stmt(j->st[ST_COMMIT]);
	if (rc != 0) {
		db_error(j, "moving the intent log into SQLite", err, errlen);
		if (!sqlite3_get_autocommit(j->db))
			run_stmt(j->st[ST_ROLLBACK]);
	}
	pthread_mutex_unlock(&j->db_lock);
	return rc;
}

static void
free_ops(struct op *o)
{
	struct op *next;

	for (; o != NULL; o = next) {
		next = o->next;
		intent_rec_clear(&o->rec);
		free(o);
	}
}

/* Remove the intent files whose records are all in SQLite. */
static void
drop_stale(struct gate_journal *j)
{
	size_t i;

	for (i = 0; i < j->nstale; i++) {
		unlink(j->stale[i].path);
		close(j->stale[i].fd);
	}
	j->nstale = 0;
}

/*
 * Move this gate's records into SQLite: the queue as it stands goes in
 * one transaction, and the log file that holds them is removed once it
 * is committed (a new one takes the records that come meanwhile). When
 * SQLite refuses, the records go back in front of the queue and their
 * file stays (locked) until a later move commits them.
 */
static void
flush(struct gate_journal *j)
{
	struct stale_file *more;
	char err[300];
	struct op *batch, *last;
	int fd;

	pthread_mutex_lock(&j->move_lock);
	pthread_mutex_lock(&j->lock);
	batch = j->head;
	more = batch ? realloc(j->stale, (j->nstale + 1) * sizeof(*j->stale))
	             : NULL;
	if (more == NULL) {
		pthread_mutex_unlock(&j->lock);
		pthread_mutex_unlock(&j->move_lock);
		return;
	}
	j->stale = more;
	if (intent_file_open(&fd, more[j->nstale].path, sizeof(j->file),
	                     j->path, j->gate, j->pid, j->start, j->gen + 1,
	                     err, sizeof(err)) != 0) {
		pthread_mutex_unlock(&j->lock);
		pthread_mutex_unlock(&j->move_lock);
		log_error("%s", err);
		return;
	}
	/* the current file becomes stale, the new one current */
	more[j->nstale].fd = j->fd;
	{
		char tmp[sizeof(j->file)];

		snprintf(tmp, sizeof(tmp), "%s", more[j->nstale].path);
		snprintf(more[j->nstale].path, sizeof(more[j->nstale].path),
		         "%s", j->file);
		snprintf(j->file, sizeof(j->file), "%s", tmp);
	}
	j->nstale++;
	j->gen++;
	j->fd = fd;
	j->head = NULL;
	j->tail = &j->head;
	pthread_mutex_unlock(&j->lock);

	if (commit_recs(j, j->gate, NULL, 0, batch, err, sizeof(err)) == 0) {
		free_ops(batch);
		drop_stale(j);
	} else {
		log_error("%s", err);
		pthread_mutex_lock(&j->lock);
		for (last = batch; last->next; last = last->next)
			;
		last->next = j->head;
		if (j->head == NULL)
			j->tail = &last->next;
		j->head = batch;
		pthread_mutex_unlock(&j->lock);
	}
	pthread_mutex_unlock(&j->move_lock);
}

/* *dst = a copy of the len bytes of src (NULL: stays NULL); -1 when out
 * of memory. */
static int
copy(const char **dst, const char *src, size_t len)
{
	char *p;

	if (src == NULL)
		return 0;
	p = malloc(len + 1);
	if (p == NULL)
		return -1;
	memcpy(p, src, len);
	p[len] = '\0';
	*dst = p;
	return 0;
}

/* Append a record to the log and queue it. `row` is a row's id for an
 * 'e' on a row found by a lookup (queued only: it is already a reply of
 * the unknown kind, and not on the log). The line and the copies are made
 * before the lock; under it, one write(2), so that a move into SQLite
 * never removes a file that a record is still going to. */
static int
record(struct gate_journal *j, const struct intent_rec *r, int64_t row,
       char *err, size_t errlen)
{
	char *line = NULL;
	size_t len = 0;
	ssize_t w = 0;
	struct op *o;

	o = calloc(1, sizeof(*o));
	if (o == NULL || (row == 0 && intent_line(&line, &len, r) != 0))
		goto nomem;
	o->rec = *r;
	o->row = row;
	o->rec.corr = o->rec.cmd = o->rec.object = o->rec.cltrid = NULL;
	o->rec.svtrid = o->rec.reply = NULL;
	if (copy(&o->rec.corr, r->corr, r->corr ? strlen(r->corr) : 0) ||
	    copy(&o->rec.cmd, r->cmd, r->cmd ? strlen(r->cmd) : 0) ||
	    copy(&o->rec.object, r->object,
	         r->object ? strlen(r->object) : 0) ||
	    copy(&o->rec.cltrid, r->cltrid,
	         r->cltrid ? strlen(r->cltrid) : 0) ||
	    copy(&o->rec.svtrid, r->svtrid,
	         r->svtrid ? strlen(r->svtrid) : 0) ||
	    copy(&o->rec.reply, r->reply, r->reply_len))
		goto nomem;
	pthread_mutex_lock(&j->lock);
	if (line != NULL)
		w = write(j->fd, line, len);
	if (w == (ssize_t)len) {
		*j->tail = o;
		j->tail = &o->next;
	}
	pthread_mutex_unlock(&j->lock);
	free(line);
	if (w != (ssize_t)len) {
		snprintf(err, errlen,
		         "journal: cannot write the intent log: %s",
		         w < 0 ? strerror(errno) : "short write");
		free_ops(o);
		return -1;
	}
	return 0;
nomem:
	free(line);
	free_ops(o);
	snprintf(err, errlen, "journal: out of memory");
	return -1;
}

int
gate_journal_begin(struct gate_journal *j, int64_t *id, const char *corr,
                   const char *cmd, const char *object, const char *cltrid,
                   char *err, size_t errlen)
{
	struct intent_rec r = {.kind = 'b',
	                       .corr = corr,
	                       .cmd = cmd,
	                       .object = object,
	                       .cltrid = cltrid,
	                       .started_ms = gate_now_real_ms()};
	int rc;

	r.seq = atomic_fetch_add(&j->seq, 1) + 1;
	rc = record(j, &r, 0, err, errlen);
	*id = rc == 0 ? r.seq : 0;
	return rc;
}

int
gate_journal_retry(struct gate_journal *j, int64_t id, const char *cltrid,
                   char *err, size_t errlen)
{
	struct intent_rec r = {.kind = 'r', .seq = id, .cltrid = cltrid};
	return record(j, &r, 0, err, errlen);
}

int
gate_journal_end(struct gate_journal *j, int64_t id, int code,
                 const char *svtrid, int64_t duration_ms, const char *reply,
                 size_t reply_len, char *err, size_t errlen)
{
	struct intent_rec r = {.kind = 'e',
	                       .seq = id > 0 ? id : 0,
	                       .code = code,
	                       .svtrid = svtrid && *svtrid ? svtrid : NULL,
	                       .duration_ms = duration_ms,
	                       .reply = reply,
	                       .reply_len = reply_len};
	return record(j, &r, id < 0 ? -id : 0, err, errlen);
}

int
gate_journal_forget(struct gate_journal *j, int64_t id, char *err,
                    size_t errlen)
{
	struct intent_rec r = {.kind = 'f', .seq = id};
	return record(j, &r, 0, err, errlen);
}

/* What the intent logs of other gates say of one correlation_id. */
struct lookup {
	struct gate_journal *j;
	const char *corr;
	struct gate_journal_entry *e;
	int found; /* 0 none, 1 with a reply, 2 in flight */
};

/* A dead gate's file into SQLite, then away; a live one's searched. */
static int
other_gate(void *ud, const char *gate, int dead, const char *path,
           const struct intent_rec *recs, size_t n)
{
	struct lookup *l = ud;
	char err[300];
	int64_t seq = 0;
	size_t i;

	if (dead) {
		if (commit_recs(l->j, gate, recs, n, NULL, err, sizeof(err)) ==
		    0) {
			unlink(path);
			log_info("journal: %zu records of gate %s, which "
			         "stopped, moved from %s",
			         n, gate, path);
		} else {
			log_error("%s (%s)", err, path);
		}
		return 0;
	}
	if (l->corr == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		const struct intent_rec *r = &recs[i];

		if (r->kind == 'b' && strcmp(r->corr, l->corr) == 0) {
			seq = r->seq;
			free(l->e->reply);
			memset(l->e, 0, sizeof(*l->e));
			snprintf(l->e->cltrid, sizeof(l->e->cltrid), "%s",
			         r->cltrid);
			snprintf(l->e->cmd, sizeof(l->e->cmd), "%s", r->cmd);
			l->found = 2;
		} else if (seq && r->seq == seq && r->kind == 'r') {
			snprintf(l->e->cltrid, sizeof(l->e->cltrid), "%s",
			         r->cltrid);
		} else if (seq && r->seq == seq && r->kind == 'f') {
			l->found = 0;
			seq = 0;
		} else if (seq && r->seq == seq && r->kind == 'e' && r->reply) {
			free(l->e->reply);
			l->e->reply = malloc(r->reply_len + 1);
			if (l->e->reply) {
				memcpy(l->e->reply, r->reply, r->reply_len);
				l->e->reply[r->reply_len] = '\0';
			}
			l->e->reply_len = l->e->reply ? r->reply_len : 0;
			l->found = l->e->reply ? 1 : 2;
		}
	}
	return 0;
}

/* Move what dead gates left in their logs into SQLite. */
static int
move_dead(struct gate_journal *j)
{
	struct lookup l = {j, NULL, NULL, 0};

	return intent_scan(j->path, j->gate, other_gate, &l);
}

int
gate_journal_find(struct gate_journal *j, const char *corr,
                  struct gate_journal_entry *e, char *err, size_t errlen)
{
	sqlite3_stmt *s = j->st[ST_FIND];
	struct lookup l = {j, corr, e, 0};
	const unsigned char *t;
	int rc, n;

	memset(e, 0, sizeof(*e));
	flush(j); /* this gate's records are in SQLite */
	/* The other gates' logs before SQLite: a record leaves a log only
	 * after SQLite has it, so it is seen in one or the other. */
	if (intent_scan(j->path, j->gate, other_gate, &l) != 0) {
		snprintf(err, errlen,
		         "journal: cannot read the intent logs "
		         "next to %s: %s",
		         j->path, strerror(errno));
		return -1;
	}
	if (l.found)
		return l.found; /* e->id 0: not a row of SQLite yet */
	pthread_mutex_lock(&j->db_lock);
	sqlite3_bind_text(s, 1, corr, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		/* a row's id, negative: not a record number of this gate */
		e->id = -sqlite3_column_int64(s, 0);
		t = sqlite3_column_text(s, 1);
		n = sqlite3_column_bytes(s, 1);
		if (t != NULL && (e->reply = malloc((size_t)n + 1)) != NULL) {
			memcpy(e->reply, t, (size_t)n);
			e->reply[n] = '\0';
			e->reply_len = (size_t)n;
		}
		t = sqlite3_column_text(s, 2);
		snprintf(e->cltrid, sizeof(e->cltrid), "%s",
		         t ? (const char *)t : "");
		t = sqlite3_column_text(s, 3);
		snprintf(e->cmd, sizeof(e->cmd), "%s",
		         t ? (const char *)t : "");
		rc = e->reply                                   ? 1
		     : sqlite3_column_type(s, 1) == SQLITE_NULL ? 2
		                                                : -1;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = -1;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc < 0)
		db_error(j, "looking up a redelivered request", err, errlen);
	pthread_mutex_unlock(&j->db_lock);
	return rc;
}

int
gate_journal_prune(struct gate_journal *j, int64_t keep_s, long *removed,
                   char *err, size_t errlen)
{
	sqlite3_stmt *s = j->st[ST_PRUNE];
	int rc;

	pthread_mutex_lock(&j->db_lock);
	sqlite3_bind_int64(s, 1, gate_now_real_ms() - keep_s * 1000);
	rc = run_stmt(s);
	if (rc == 0)
		*removed = sqlite3_changes(j->db);
	else
		db_error(j, "pruning", err, errlen);
	pthread_mutex_unlock(&j->db_lock);
	return rc;
}

int
gate_journal_checkpoint(struct gate_journal *j, char *err, size_t errlen)
{
	int64_t now = gate_now_ms();
	int rc;

	flush(j);
	/* Copying the WAL back ends in two fdatasyncs: once a second is
	 * enough to keep the WAL short. */
	if (now - j->checkpointed < CHECKPOINT_MS)
		return 0;
	j->checkpointed = now;
	rc = sqlite3_wal_checkpoint_v2(j->ckpt, NULL, SQLITE_CHECKPOINT_PASSIVE,
	                               NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		snprintf(err, errlen, "journal: checkpoint: %s",
		         sqlite3_errmsg(j->ckpt));
		return -1;
	}
	return 0;
}
