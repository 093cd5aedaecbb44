/*
 * The journal: a crash-safe record of every transform, in SQLite (WAL).
 *
 * Before a transform goes to the registry the gate writes its
 * correlation_id, command, object and clTRID; after the reply, the result
 * and the reply itself. A request the broker delivers again (the gate that
 * had it died, or lost the broker before its ack) is looked up here: a
 * recorded reply is sent again without registry traffic; a row without a
 * reply means the command may have run, so the caller is told the outcome
 * is unknown, with the clTRID, and it is never sent again.
 *
 * Several gate processes may share one file: SQLite locks it. Within a
 * process the workers share one connection under a lock of its own: a
 * connection per worker would re-read from the WAL what the others had
 * just written, and wait on SQLite's file lock (which sleeps in steps of
 * milliseconds) instead of a mutex. Their writes are committed in groups
 * (see struct op): a commit, not a statement, is what costs. Rows older
 * than --journal-keep are pruned. `eppctl journal FILE` lists the rows
 * (an audit trail).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "gate.h"

#define BUSY_TIMEOUT_MS 10000

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
        " gate TEXT"            /* host:pid of the gate that sent it */
        ");"
        "CREATE INDEX IF NOT EXISTS transforms_corr ON transforms(corr);"
        /* Files made before pruning went by id had this index. */
        "DROP INDEX IF EXISTS transforms_started;";

enum {
	ST_BEGIN,
	ST_RETRY,
	ST_END,
	ST_FIND,
	ST_FORGET,
	ST_PRUNE,
	ST_TXN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_N
};

static const char *const sql[ST_N] = {
        "INSERT INTO transforms (corr, started_ms, command, object, cltrid, "
        "gate) VALUES (?, ?, ?, ?, ?, ?)",
        "UPDATE transforms SET cltrid = ? WHERE id = ?",
        "UPDATE transforms SET code = ?, svtrid = ?, duration_ms = ?, "
        "reply = ? WHERE id = ?",
        "SELECT id, reply, cltrid, command FROM transforms WHERE corr = ? "
        "ORDER BY id DESC LIMIT 1",
        "DELETE FROM transforms WHERE id = ?",
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

/*
 * A write waiting for the next commit. The workers queue them; whichever
 * thread finds no commit under way takes the whole queue and runs it in
 * one transaction (group commit), so a commit is shared by every write
 * that arrived while the one before it ran. A row before a command goes
 * out, a retry and a forget wait for their commit (the command must not
 * leave before its row is on disk). A reply does not: it is committed
 * with the next write of any worker, or by the main thread's tick
 * (gate_journal_checkpoint), within 100 ms; the op owns copies of its
 * strings.
 */
enum op_kind { OP_BEGIN, OP_RETRY, OP_END, OP_FORGET };

struct op {
	struct op *next;
	enum op_kind kind;
	int64_t id; /* the row; OP_BEGIN: set by the commit */
	const char *corr, *cmd, *object, *cltrid; /* OP_BEGIN, OP_RETRY */
	int64_t started_ms;
	int code; /* OP_END: 0 when the registry gave none */
	int64_t duration_ms;
	char *svtrid, *reply; /* OP_END: owned */
	size_t reply_len;
	int rc;    /* after the commit: 0, or -1 with err */
	char *err; /* the waiting caller's buffer; NULL for OP_END */
	size_t errlen;
};

struct gate_journal {
	pthread_mutex_t lock; /* the queue and its counters */
	pthread_cond_t committed_cond;
	struct op *head, **tail;
	uint64_t queued;         /* ops ever queued */
	uint64_t committed;      /* ops ever run (committed or failed) */
	int committing;          /* a thread runs a batch */
	pthread_mutex_t db_lock; /* one user of db at a time */
	sqlite3 *db;
	sqlite3 *ckpt; /* the main thread's, for checkpoints */
	sqlite3_stmt *st[ST_N];
	char gate[96];
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
	if (j == NULL) {
		snprintf(err, errlen, "journal: out of memory");
		return -1;
	}
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "?");
	host[sizeof(host) - 1] = '\0';
	snprintf(j->gate, sizeof(j->gate), "%s:%ld", host, (long)getpid());
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->committed_cond, NULL);
	pthread_mutex_init(&j->db_lock, NULL);
	j->tail = &j->head;
	if (open_db(&j->db, path) != 0)
		bad = j->db;
	else if (open_db(&j->ckpt, path) != 0)
		bad = j->ckpt;
	else if (sqlite3_exec(j->db, schema, NULL, NULL, NULL) != SQLITE_OK)
		bad = j->db;
	if (bad != NULL || j->db == NULL || j->ckpt == NULL) {
		snprintf(err, errlen, "journal %s: %s", path,
		         bad ? sqlite3_errmsg(bad) : "out of memory");
		gate_journal_close(j);
		return -1;
	}
	/* The workers never copy the WAL back into the database (which
	 * ends in two fdatasyncs, with every worker waiting on the lock):
	 * the main thread does, on a connection of its own, in
	 * gate_journal_checkpoint(). */
	sqlite3_wal_autocheckpoint(j->db, 0);
	for (i = 0; i < ST_N; i++)
		if (sqlite3_prepare_v2(j->db, sql[i], -1, &j->st[i], NULL) !=
		    SQLITE_OK) {
			db_error(j, path, err, errlen);
			gate_journal_close(j);
			return -1;
		}
	*out = j;
	return 0;
}

static void flush(struct gate_journal *j);

void
gate_journal_close(struct gate_journal *j)
{
	int i;

	if (j == NULL)
		return;
	flush(j);
	for (i = 0; i < ST_N; i++)
		sqlite3_finalize(j->st[i]);
	sqlite3_close(j->db);
	sqlite3_close(j->ckpt);
	pthread_mutex_destroy(&j->db_lock);
	pthread_cond_destroy(&j->committed_cond);
	pthread_mutex_destroy(&j->lock);
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

/* Run one queued write inside the open transaction. */
static int
run_op(struct gate_journal *j, struct op *o)
{
	sqlite3_stmt *s = NULL;
	int rc;

	switch (o->kind) {
	case OP_BEGIN:
		s = j->st[ST_BEGIN];
		sqlite3_bind_text(s, 1, o->corr, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, o->started_ms);
		sqlite3_bind_text(s, 3, o->cmd, -1, SQLITE_STATIC);
		if (o->object && *o->object)
			sqlite3_bind_text(s, 4, o->object, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, o->cltrid, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, j->gate, -1, SQLITE_STATIC);
		break;
	case OP_RETRY:
		s = j->st[ST_RETRY];
		sqlite3_bind_text(s, 1, o->cltrid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, o->id);
		break;
	case OP_END:
		s = j->st[ST_END];
		if (o->code > 0)
			sqlite3_bind_int(s, 1, o->code);
		if (o->svtrid)
			sqlite3_bind_text(s, 2, o->svtrid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, o->duration_ms);
		sqlite3_bind_text(s, 4, o->reply, (int)o->reply_len,
		                  SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, o->id);
		break;
	case OP_FORGET:
		s = j->st[ST_FORGET];
		sqlite3_bind_int64(s, 1, o->id);
		break;
	}
	rc = run_stmt(s);
	if (rc == 0 && o->kind == OP_BEGIN)
		o->id = sqlite3_last_insert_rowid(j->db);
	return rc;
}

static const char *
op_what(const struct op *o)
{
	static const char *const what[] = {
	        [OP_BEGIN] = "recording a transform",
	        [OP_RETRY] = "recording a retry",
	        [OP_END] = "recording a reply",
	        [OP_FORGET] = "forgetting a transform not sent",
	};
	return what[o->kind];
}

/* Run a batch in one transaction; every op gets the outcome of the
 * commit. Frees the OP_END ops, whose callers do not wait. */
static void
run_batch(struct gate_journal *j, struct op *batch)
{
	struct op *o, *next;
	char msg[256];
	int rc;

	pthread_mutex_lock(&j->db_lock);
	rc = run_stmt(j->st[ST_TXN]);
	for (o = batch; rc == 0 && o != NULL; o = o->next)
		rc = run_op(j, o);
	if (rc == 0)
		rc = run_stmt(j->st[ST_COMMIT]);
	snprintf(msg, sizeof(msg), "%s", sqlite3_errmsg(j->db));
	if (rc != 0 && !sqlite3_get_autocommit(j->db))
		run_stmt(j->st[ST_ROLLBACK]);
	pthread_mutex_unlock(&j->db_lock);
	for (o = batch; o != NULL; o = next) {
		next = o->next;
		o->rc = rc;
		if (o->kind != OP_END) {
			if (o->rc != 0)
				snprintf(o->err, o->errlen, "journal: %s: %s",
				         op_what(o), msg);
			continue;
		}
		if (o->rc != 0)
			log_error("journal: %s of row %lld: %s", op_what(o),
			          (long long)o->id, msg);
		free(o->svtrid);
		free(o->reply);
		free(o);
	}
}

/* Commit the queue as it stands now and what came before, as the leader
 * of a batch or by waiting for the thread that is. The caller holds
 * j->lock. */
static void
commit_until(struct gate_journal *j, uint64_t seq)
{
	struct op *batch;
	uint64_t last;

	while (j->committed < seq) {
		if (j->committing) {
			pthread_cond_wait(&j->committed_cond, &j->lock);
			continue;
		}
		j->committing = 1;
		batch = j->head;
		last = j->queued;
		j->head = NULL;
		j->tail = &j->head;
		pthread_mutex_unlock(&j->lock);
		run_batch(j, batch);
		pthread_mutex_lock(&j->lock);
		j->committed = last;
		j->committing = 0;
		pthread_cond_broadcast(&j->committed_cond);
	}
}

static uint64_t
enqueue(struct gate_journal *j, struct op *o)
{
	o->next = NULL;
	*j->tail = o;
	j->tail = &o->next;
	return ++j->queued;
}

/* Queue o and wait until it is committed; o->rc. */
static int
write_now(struct gate_journal *j, struct op *o, char *err, size_t errlen)
{
	o->err = err;
	o->errlen = errlen;
	pthread_mutex_lock(&j->lock);
	commit_until(j, enqueue(j, o));
	pthread_mutex_unlock(&j->lock);
	return o->rc;
}

/* Commit whatever is queued. */
static void
flush(struct gate_journal *j)
{
	pthread_mutex_lock(&j->lock);
	commit_until(j, j->queued);
	pthread_mutex_unlock(&j->lock);
}

int
gate_journal_begin(struct gate_journal *j, int64_t *id, const char *corr,
                   const char *cmd, const char *object, const char *cltrid,
                   char *err, size_t errlen)
{
	struct op o = {.kind = OP_BEGIN,
	               .corr = corr,
	               .cmd = cmd,
	               .object = object,
	               .cltrid = cltrid,
	               .started_ms = gate_now_real_ms()};

	if (write_now(j, &o, err, errlen) != 0)
		return -1;
	*id = o.id;
	return 0;
}

int
gate_journal_retry(struct gate_journal *j, int64_t id, const char *cltrid,
                   char *err, size_t errlen)
{
	struct op o = {.kind = OP_RETRY, .id = id, .cltrid = cltrid};

	return write_now(j, &o, err, errlen);
}

int
gate_journal_end(struct gate_journal *j, int64_t id, int code,
                 const char *svtrid, int64_t duration_ms, const char *reply,
                 size_t reply_len, char *err, size_t errlen)
{
	struct op *o;

	o = calloc(1, sizeof(*o));
	if (o == NULL || (o->reply = malloc(reply_len + 1)) == NULL ||
	    (svtrid && *svtrid && (o->svtrid = strdup(svtrid)) == NULL)) {
		if (o)
			free(o->reply);
		free(o);
		snprintf(err, errlen,
		         "journal: recording a reply: out of "
		         "memory");
		return -1;
	}
	o->kind = OP_END;
	o->id = id;
	o->code = code;
	o->duration_ms = duration_ms;
	memcpy(o->reply, reply, reply_len);
	o->reply[reply_len] = '\0';
	o->reply_len = reply_len;
	pthread_mutex_lock(&j->lock);
	enqueue(j, o);
	pthread_mutex_unlock(&j->lock);
	return 0;
}

int
gate_journal_forget(struct gate_journal *j, int64_t id, char *err,
                    size_t errlen)
{
	struct op o = {.kind = OP_FORGET, .id = id};

	return write_now(j, &o, err, errlen);
}

int
gate_journal_find(struct gate_journal *j, const char *corr,
                  struct gate_journal_entry *e, char *err, size_t errlen)
{
	sqlite3_stmt *s = j->st[ST_FIND];
	const unsigned char *t;
	int rc, n;

	memset(e, 0, sizeof(*e));
	flush(j); /* the replies queued so far are in the file */
	pthread_mutex_lock(&j->db_lock);
	sqlite3_bind_text(s, 1, corr, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		e->id = sqlite3_column_int64(s, 0);
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
	int rc;

	flush(j);
	rc = sqlite3_wal_checkpoint_v2(j->ckpt, NULL, SQLITE_CHECKPOINT_PASSIVE,
	                               NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		snprintf(err, errlen, "journal: checkpoint: %s",
		         sqlite3_errmsg(j->ckpt));
		return -1;
	}
	return 0;
}
