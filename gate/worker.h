/*
 * epp-gate workers: one thread, one EPP session and one AMQP connection
 * each, consuming the request queue with prefetch 1.
 */
#ifndef GATE_WORKER_H
#define GATE_WORKER_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>

#include "gate.h"
#include "metrics.h"
#include "ratelimit.h"

/* State shared by the main thread and the workers. */
struct gate {
	struct gate_config cfg;
	pthread_mutex_t cred_lock; /* guards epp and amqp (SIGHUP swaps) */
	struct gate_cred epp;
	struct gate_cred amqp;
	char *key_passphrase; /* --key-passphrase-file; under cred_lock */
	struct gate_dedup *dedup;
	struct gate_journal *journal; /* NULL without --journal; shared */
	struct gate_health health;
	atomic_int stop;           /* SIGTERM/SIGINT: finish and leave */
	atomic_uint reconnect_gen; /* bumped to make workers reconnect */
	atomic_int sessions_up;    /* workers with a logged-in session */
	atomic_int first_round;    /* workers that made a first attempt */
	atomic_int fatal;          /* a worker gave up (--max-retries) */
	atomic_int exit_code;      /* the gate's exit status when fatal */
	atomic_int first_tried;    /* worker 1 made its first login attempt */
	atomic_int logged_in_once; /* a login succeeded since the start */
	atomic_int refused;        /* the registry refuses our logins */
	atomic_int login_busy;     /* a worker is logging in: one at a time */
	atomic_ullong refused_retry_at; /* next login attempt then (ms) */
	char refused_msg[512];          /* why, under cred_lock */
	atomic_ullong served;           /* requests answered */
	atomic_ullong expired;        /* requests whose deadline passed first */
	struct gate_metrics *metrics; /* NULL without --metrics-listen */
	struct gate_ratelimit *ratelimit; /* NULL without --rate-limit */
	atomic_int limited; /* workers standing down after a 2502 */
	/* --poll-exchange: one worker at a time drains the poll queue */
	atomic_int poll_busy;         /* a worker is draining it */
	atomic_ullong poll_next_at;   /* next look at it (monotonic ms) */
	atomic_ullong poll_delivered; /* messages delivered and acked */
	/* Per worker (index id - 1), for the alert mail: since when its
	 * session is down (Unix ms, 0 = up) and its last error. */
	struct gate_down {
		atomic_llong since_ms;
		char error[256]; /* under cred_lock */
	} * down;
};

struct gate_worker {
	int id;
	struct gate *g;
	pthread_t thread;
	atomic_ullong alive_ms; /* last loop turn, for the watchdog */
	void *priv;             /* worker.c's connection state */
};

/* Start / join a worker thread. */
int gate_worker_start(struct gate_worker *w);
void gate_worker_join(struct gate_worker *w);

/* ---- amqp.c: the broker side of a worker ---- */

#include <stdint.h>

#include <amqp.h>

/*
 * Connect and log in, open channel 1, declare the queue (the original's
 * flags unless --queue-type says otherwise), and when `consume`, prefetch
 * 1 and consume with manual ack. On failure `err` says which step failed;
 * -2 when the broker refused the declare with PRECONDITION_FAILED (the
 * queue exists with other flags: no retry can help), -1 otherwise.
 */
int gate_amqp_open(amqp_connection_state_t *out, const struct gate_cred *cred,
                   const struct gate_config *cfg, int consume, char *err,
                   size_t errlen);
/*
 * The header naming a request's deadline: Unix time in milliseconds, an
 * integer (or its decimal digits). The gate does not start a request whose
 * deadline has passed.
 */
#define GATE_DEADLINE_HEADER "x-epp-deadline"

/* One delivery, copied out of rabbitmq-c's buffers. */
struct gate_request {
	uint64_t tag;
	int redelivered;
	char *body; /* NUL-terminated; NULL when over max_body */
	size_t body_len;
	uint64_t size; /* as announced by the broker */
	char *corr;    /* correlation_id, NULL when absent */
	size_t corr_len;
	char *reply_to; /* NULL when absent */
	size_t reply_to_len;
	int persistent;      /* delivery mode 2 */
	int64_t deadline_ms; /* GATE_DEADLINE_HEADER, 0 when absent */
};

void gate_request_free(struct gate_request *r);

/*
 * Wait up to timeout_ms for a delivery; drains frames rabbitmq-c already
 * buffered before blocking in poll(). The body is read frame by frame; one
 * over `max_body` is dropped as it arrives (r->body NULL, r->size says how
 * big it was). 1 = *r filled (free it with gate_request_free), 0 = nothing
 * yet, -1 = connection broken.
 */
int gate_amqp_wait(amqp_connection_state_t c, int timeout_ms, size_t max_body,
                   struct gate_request *r, char *err, size_t errlen);
/* Publish `body` to the default exchange, routing key r->reply_to, with
 * r's correlation_id; persistent (delivery mode 2) when r was. */
int gate_amqp_reply(amqp_connection_state_t c, const struct gate_request *r,
                    const char *body, size_t len);
int gate_amqp_ack(amqp_connection_state_t c, uint64_t tag);
int gate_amqp_reject(amqp_connection_state_t c, uint64_t tag, int requeue);
/* Close (politely when `graceful`) and free. */
void gate_amqp_close(amqp_connection_state_t c, int graceful);

/* 1 when the broker sent something not read yet (a request may be
 * waiting), else 0. */
int gate_amqp_pending(amqp_connection_state_t c);

/* --poll-exchange: the exchange's type, and the `type` property of the
 * messages published to it. */
#define GATE_POLL_EXCHANGE_TYPE "fanout"
#define GATE_POLL_MESSAGE_TYPE  "epp.poll"

/*
 * A connection of its own for publishing poll messages: connect, log in,
 * declare `exchange` (durable, GATE_POLL_EXCHANGE_TYPE) and put channel 1
 * in confirm mode. Its own connection, not a channel beside the
 * consumer's: rabbitmq-c cannot hand a delivery that arrives while we
 * wait for a confirm back to the consumer. 0; -2 when the exchange exists
 * with another type; -1 otherwise (`err` says which step failed).
 */
int gate_amqp_open_exchange(amqp_connection_state_t *out,
                            const struct gate_cred *cred,
                            const struct gate_config *cfg, const char *exchange,
                            char *err, size_t errlen);

/* One message for gate_amqp_publish_confirmed(). */
struct gate_publish {
	const char *exchange;
	const char *routing_key;
	const char *message_id; /* the AMQP message_id property */
	const char *body;       /* JSON */
	size_t len;
};

/*
 * Publish `m` persistent and mandatory on a connection of
 * gate_amqp_open_exchange() and wait up to timeout_ms for the broker's
 * confirm of message number `seq` (1, 2, ... on the connection). 0: the
 * broker took it and a queue has it; 1: no queue is bound (basic.return),
 * the broker dropped it; -1: refused (basic.nack), no confirm in time or
 * the connection failed (`err` says which).
 */
int gate_amqp_publish_confirmed(amqp_connection_state_t c, uint64_t seq,
                                const struct gate_publish *m, int timeout_ms,
                                char *err, size_t errlen);

/* ---- poll.c: the registry's poll queue delivered to the exchange ---- */

#include <epp/session.h>

/* What a worker lends to a drain. */
struct gate_poll_turn {
	struct gate *g;
	int worker;                       /* worker number, from 1 */
	epp_session *epp;                 /* its logged-in session */
	amqp_connection_state_t consumer; /* its request consumer */
	const struct gate_cred *broker;   /* the broker node to publish to */
	const char *login;                /* the registrar's login */
	char err[512];                    /* why the session broke */
};

/*
 * Drain the poll queue into --poll-exchange while no request waits: poll
 * req, publish (mandatory, persistent, confirmed), poll ack; at most a
 * bounded number of messages. Sets g->poll_next_at. 0, or -1 when the EPP
 * session broke (t->err says how; the caller drops it).
 */
int gate_poll_drain(struct gate_poll_turn *t);

#endif
