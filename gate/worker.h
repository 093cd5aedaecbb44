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

/* State shared by the main thread and the workers. */
struct gate {
	struct gate_config cfg;
	pthread_mutex_t cred_lock; /* guards epp and amqp (SIGHUP swaps) */
	struct gate_cred epp;
	struct gate_cred amqp;
	struct gate_dedup *dedup;
	struct gate_health health;
	atomic_int stop;           /* SIGTERM/SIGINT: finish and leave */
	atomic_uint reconnect_gen; /* bumped to make workers reconnect */
	atomic_int sessions_up;    /* workers with a logged-in session */
	atomic_int first_round;    /* workers that made a first attempt */
	atomic_int fatal;          /* a worker gave up (--max-retries) */
	atomic_ullong served;      /* requests answered */
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
 * Wait up to timeout_ms for a delivery; drains frames rabbitmq-c already
 * buffered before blocking in poll(). 1 = *env filled (destroy it with
 * amqp_destroy_envelope), 0 = nothing yet, -1 = connection broken.
 */
int gate_amqp_wait(amqp_connection_state_t c, int timeout_ms,
                   amqp_envelope_t *env, char *err, size_t errlen);
/* Publish `body` to the default exchange, routing key reply_to;
 * `persistent` (delivery mode 2) when the request was. */
int gate_amqp_reply(amqp_connection_state_t c, amqp_bytes_t reply_to,
                    amqp_bytes_t corr, int persistent, const char *body,
                    size_t len);
int gate_amqp_ack(amqp_connection_state_t c, uint64_t tag);
int gate_amqp_reject(amqp_connection_state_t c, uint64_t tag, int requeue);
/* Close (politely when `graceful`) and free. */
void gate_amqp_close(amqp_connection_state_t c, int graceful);

#endif
