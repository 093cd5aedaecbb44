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
 * milliseconds) instead of a mutex. Rows older than --journal-keep are
 * pruned. `eppctl journal FILE` lists the rows (an audit trail).
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
        "CREATE INDEX IF NOT EXISTS transforms_started "
        "ON transforms(started_ms);";

enum { ST_BEGIN, ST_RETRY, ST_END, ST_FIND, ST_FORGET, ST_PRUNE, ST_N };

static const char *const sql[ST_N] = {
        "INSERT INTO transforms (corr, started_ms, command, object, cltrid, "
        "gate) VALUES (?, ?, ?, ?, ?, ?)",
        "UPDATE transforms SET cltrid = ? WHERE id = ?",
        "UPDATE transforms SET code = ?, svtrid = ?, duration_ms = ?, "
        "reply = ? WHERE id = ?",
        "SELECT id, reply, cltrid, command FROM transforms WHERE corr = ? "
        "ORDER BY id DESC LIMIT 1",
        "DELETE FROM transforms WHERE id = ?",
        "DELETE FROM transforms WHERE started_ms < ?",
};

struct gate_journal {
	pthread_mutex_t lock; /* one call at a time on db */
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

void
gate_journal_close(struct gate_journal *j)
{
	int i;

	if (j == NULL)
		return;
	for (i = 0; i < ST_N; i++)
		sqlite3_finalize(j->st[i]);
	sqlite3_close(j->db);
	sqlite3_close(j->ckpt);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

/* Run a bound statement that returns no row; reset it. The caller holds
 * j->lock. */
static int
run_stmt(struct gate_journal *j, sqlite3_stmt *s, const char *what, char *err,
         size_t errlen)
{
	int rc;

	rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE)
		return db_error(j, what, err, errlen);
	return 0;
}

int
gate_journal_begin(struct gate_journal *j, int64_t *id, const char *corr,
                   const char *cmd, const char *object, const char *cltrid,
                   char *err, size_t errlen)
{
	sqlite3_stmt *s = j->st[ST_BEGIN];
	int rc;

	pthread_mutex_lock(&j->lock);
	sqlite3_bind_text(s, 1, corr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, gate_now_real_ms());
	sqlite3_bind_text(s, 3, cmd, -1, SQLITE_STATIC);
	if (object && *object)
		sqlite3_bind_text(s, 4, object, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, cltrid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, j->gate, -1, SQLITE_STATIC);
	rc = run_stmt(j, s, "recording a transform", err, errlen);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(j->db);
	pthread_mutex_unlock(&j->lock);
	return rc;
}

int
gate_journal_retry(struct gate_journal *j, int64_t id, const char *cltrid,
                   char *err, size_t errlen)
{
	sqlite3_stmt *s = j->st[ST_RETRY];
	int rc;

	pthread_mutex_lock(&j->lock);
	sqlite3_bind_text(s, 1, cltrid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	rc = run_stmt(j, s, "recording a retry", err, errlen);
	pthread_mutex_unlock(&j->lock);
	return rc;
}

int
gate_journal_end(struct gate_journal *j, int64_t id, int code,
                 const char *svtrid, int64_t duration_ms, const char *reply,
                 size_t reply_len, char *err, size_t errlen)
{
	sqlite3_stmt *s = j->st[ST_END];
	int rc;

	pthread_mutex_lock(&j->lock);
	if (code > 0)
		sqlite3_bind_int(s, 1, code);
	if (svtrid && *svtrid)
		sqlite3_bind_text(s, 2, svtrid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, duration_ms);
	sqlite3_bind_text(s, 4, reply, (int)reply_len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, id);
	rc = run_stmt(j, s, "recording a reply", err, errlen);
	pthread_mutex_unlock(&j->lock);
	return rc;
}

int
gate_journal_forget(struct gate_journal *j, int64_t id, char *err,
                    size_t errlen)
{
	sqlite3_stmt *s = j->st[ST_FORGET];
	int rc;

	pthread_mutex_lock(&j->lock);
	sqlite3_bind_int64(s, 1, id);
	rc = run_stmt(j, s, "forgetting a transform not sent", err, errlen);
	pthread_mutex_unlock(&j->lock);
	return rc;
}

int
gate_journal_find(struct gate_journal *j, const char *corr,
                  struct gate_journal_entry *e, char *err, size_t errlen)
{
	sqlite3_stmt *s = j->st[ST_FIND];
	const unsigned char *t;
	int rc, n;

	memset(e, 0, sizeof(*e));
	pthread_mutex_lock(&j->lock);
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
	pthread_mutex_unlock(&j->lock);
	return rc;
}

int
gate_journal_prune(struct gate_journal *j, int64_t keep_s, long *removed,
                   char *err, size_t errlen)
{
	sqlite3_stmt *s = j->st[ST_PRUNE];
	int rc;

	pthread_mutex_lock(&j->lock);
	sqlite3_bind_int64(s, 1, gate_now_real_ms() - keep_s * 1000);
	rc = run_stmt(j, s, "pruning", err, errlen);
	if (rc == 0)
		*removed = sqlite3_changes(j->db);
	pthread_mutex_unlock(&j->lock);
	return rc;
}

int
gate_journal_checkpoint(struct gate_journal *j, char *err, size_t errlen)
{
	int rc;

	rc = sqlite3_wal_checkpoint_v2(j->ckpt, NULL, SQLITE_CHECKPOINT_PASSIVE,
	                               NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		snprintf(err, errlen, "journal: checkpoint: %s",
		         sqlite3_errmsg(j->ckpt));
		return -1;
	}
	return 0;
}
