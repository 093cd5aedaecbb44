/*
 * --poll-exchange: the registry's poll queue delivered to a broker
 * exchange, at least once, never lost.
 *
 * One worker at a time, while it is idle, reads the oldest message (poll
 * op="req"), publishes its compat JSON (the reply a poll_req request
 * would get) persistent and mandatory with the registry's msgQ id as the
 * AMQP message_id, waits for the broker's confirm, and only then removes
 * it at the registry (poll op="ack"). A message that no queue took (no
 * listener bound yet), that the broker refused or did not confirm stays
 * at the registry and is tried again at the next turn; a gate that dies
 * between the confirm and the ack publishes it again, with the same
 * message_id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epp/command.h>
#include <epp/json.h>
#include <epp/poll.h>
#include <epp/response.h>

#include "worker.h"

#define POLL_BATCH 50 /* messages per turn at most */
#define TURN_MS                                                                \
	5000             /* and this long at most: the consumer's
                            connection is not served meanwhile */
#define CONFIRM_MS 10000 /* the broker's confirm, at most */

/* What one poll req found. */
struct polled {
	char *json; /* the compat JSON of the response, malloc'd */
	size_t len;
	char id[128];        /* the msgQ id, "" when the queue is empty */
	unsigned long count; /* messages queued, this one included */
};

/* The EPP session failed: say so in t->err for the caller. */
static int
session_failed(struct gate_poll_turn *t, const char *what, int rc)
{
	snprintf(t->err, sizeof(t->err), "%s during %s: %s", epp_strerror(rc),
	         what, epp_session_errmsg(t->epp));
	return -1;
}

/* poll op="req": 0 (p->id "" when the queue is empty), 1 when the
 * registry answered with an error (logged), -1 when the session broke. */
static int
poll_req(struct gate_poll_turn *t, struct polled *p)
{
	epp_command *cmd = NULL;
	epp_response *resp = NULL;
	const epp_msgq *q;
	epp_error e;
	char cltrid[EPP_CLTRID_BUFSIZE];
	int rc, code;

	memset(p, 0, sizeof(*p));
	epp_cltrid_generate(cltrid, NULL);
	rc = epp_poll_req_build(&cmd, cltrid, &e);
	if (rc != EPP_OK) {
		log_error("worker %d: poll: cannot build poll req: %s",
		          t->worker, e.text);
		return 1;
	}
	rc = epp_request_send(&p->json, &p->len, &resp, t->epp, cmd);
	epp_command_free(cmd);
	if (rc != EPP_OK)
		return session_failed(t, "poll req", rc);
	code = epp_response_code(resp);
	q = epp_response_msgq(resp);
	if (code == 1301 && q != NULL && q->id != NULL && q->id[0] != '\0' &&
	    strlen(q->id) < sizeof(p->id)) {
		snprintf(p->id, sizeof(p->id), "%s", q->id);
		p->count = q->count;
	} else if (code != 1300) {
		log_warn("worker %d: poll req answered %d%s: trying again "
		         "later",
		         t->worker, code,
		         code == 1301 ? " without a usable msgQ id" : "");
		rc = 1;
	}
	epp_response_free(resp);
	return rc;
}

/* poll op="ack": 0, 1 when the registry refused it (logged), -1 when the
 * session broke (the message comes round again). */
static int
poll_ack(struct gate_poll_turn *t, const char *id)
{
	epp_response *resp = NULL;
	int rc, code;

	rc = epp_poll_ack(&resp, t->epp, id);
	if (rc != EPP_OK) {
		epp_response_free(resp);
		return session_failed(t, "poll ack", rc);
	}
	code = epp_response_code(resp);
	epp_response_free(resp);
	if (code == 1000)
		return 0;
	log_warn("worker %d: poll ack of message %s answered %d: it may be "
	         "delivered again",
	         t->worker, id, code);
	return 1;
}

/* Publish one message and wait for the confirm: 0 taken by a queue, 1
 * not (logged), -1 the publisher connection is unusable (logged). */
static int
publish(struct gate_poll_turn *t, amqp_connection_state_t *pub, uint64_t *seq,
        const struct polled *p)
{
	const struct gate_config *cfg = &t->g->cfg;
	struct gate_publish m;
	char err[512];
	int rc;

	if (*pub == NULL) {
		rc = gate_amqp_open_exchange(pub, t->broker, cfg,
		                             cfg->poll_exchange, err,
		                             sizeof(err));
		if (rc != 0) {
			log_warn("worker %d: poll: broker %s:%s: %s%s; message "
			         "%s stays at the registry",
			         t->worker, t->broker->host, t->broker->port,
			         err,
			         rc == -2 ? " (declare it as a durable "
			                    "fanout exchange, or name another)"
			                  : "",
			         p->id);
			return -1;
		}
		*seq = 0;
	}
	m.exchange = cfg->poll_exchange;
	m.routing_key = t->login;
	m.message_id = p->id;
	m.body = p->json;
	m.len = p->len;
	if (cfg->verbose && cfg->verbose_poll &&
	    gate_log_enabled(GATE_LOG_DEBUG)) {
		char *red = gate_redact_json(p->json, p->len);
		log_debug("worker %d: poll message %s: %s", t->worker, p->id,
		          red ? red : "?");
		free(red);
	}
	rc = gate_amqp_publish_confirmed(*pub, ++*seq, &m, CONFIRM_MS, err,
	                                 sizeof(err));
	if (rc == 1)
		log_info("worker %d: poll message %s: no queue is bound to "
		         "exchange %s (%s); it stays at the registry",
		         t->worker, p->id, cfg->poll_exchange, err);
	else if (rc < 0)
		log_warn("worker %d: poll message %s: %s; it stays at the "
		         "registry",
		         t->worker, p->id, err);
	return rc;
}

int
gate_poll_drain(struct gate_poll_turn *t)
{
	struct gate *g = t->g;
	amqp_connection_state_t pub = NULL;
	struct polled p;
	uint64_t seq = 0, next, end;
	int n, rc = 0, more = 0, broke = 0;

	next = gate_now_ms() + (uint64_t)g->cfg.poll_interval_s * 1000u;
	end = gate_now_ms() + TURN_MS;
	for (n = 0; n < POLL_BATCH && rc == 0; n++) {
		/* requests first: the rest waits for the next idle turn */
		if (gate_amqp_pending(t->consumer) || gate_now_ms() >= end) {
			more = 1;
			break;
		}
		rc = poll_req(t, &p);
		broke = rc < 0;
		if (rc == 0 && p.id[0] == '\0')
			more = 0; /* the queue is empty */
		else if (rc == 0 && (rc = publish(t, &pub, &seq, &p)) == 0) {
			rc = poll_ack(t, p.id);
			broke = rc < 0;
		} else if (rc < 0 && !broke && pub != NULL) {
			gate_amqp_close(pub, 0);
			pub = NULL;
		}
		if (rc == 0 && p.id[0] != '\0') {
			atomic_fetch_add(&g->poll_delivered, 1);
			gate_metrics_poll_message(g->metrics);
			log_info("worker %d: poll message %s delivered to "
			         "exchange %s (%lu left)",
			         t->worker, p.id, g->cfg.poll_exchange,
			         p.count > 0 ? p.count - 1 : 0);
			more = p.count > 1;
		}
		free(p.json);
		if (rc == 0 && !more)
			break;
	}
	/* more to do: at the next idle turn */
	if (more && rc == 0)
		next = gate_now_ms();
	atomic_store(&g->poll_next_at, next);
	if (pub != NULL)
		gate_amqp_close(pub, 1);
	return broke ? -1 : 0;
}
