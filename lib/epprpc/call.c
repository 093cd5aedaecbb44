/*
 * The calls of a client: a request is queued for the I/O thread
 * (client.c), the caller waits for its reply or its deadline, and a
 * broken connection gets one retry after the health-file pause.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "client_private.h"

static void
deadline_after(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* call_once: queue one request and wait for its reply or deadline. */
static int
call_once(epprpc_client *c, const char *req, size_t len, int timeout_ms,
          char **reply, size_t *reply_len, int *lost, char *cid)
{
	struct out_item *it;
	struct pending p;
	struct timespec deadline;
	int rc, w;

	it = malloc(sizeof(*it) + len);
	if (it == NULL)
		return epprpc__fail(EPPRPC_ENOMEM, "out of memory");
	memcpy(it->body, req, len);
	it->len = len;
	it->deadline_ms =
	        timeout_ms > 0 ? epprpc__now_real_ms() + timeout_ms : 0;
	it->next = it->prev = NULL;
	memset(&p, 0, sizeof(p));
	pthread_cond_init(&p.cond, &c->condattr);
	if (timeout_ms > 0)
		deadline_after(&deadline, timeout_ms);

	pthread_mutex_lock(&c->mu);
	if (c->stopping) {
		pthread_mutex_unlock(&c->mu);
		pthread_cond_destroy(&p.cond);
		free(it);
		return epprpc__fail(EPPRPC_ECLOSED, "the client is closed");
	}
	epprpc__cid_next(p.cid, c->cid_base, &c->cid_seq);
	memcpy(it->cid, p.cid, sizeof(p.cid));
	it->p = &p;
	p.out = it;
	epprpc__hash_insert(c, &p);
	it->prev = c->out_tail;
	if (c->out_tail)
		c->out_tail->next = it;
	else
		c->out_head = it;
	c->out_tail = it;
	c->st.calls++;
	if (c->sleeping) {
		c->sleeping = 0;
		if (write(c->wake[1], "w", 1) < 0) {
			/* Full pipe: a wake-up is already pending. */
		}
	}
	while (!p.done) {
		if (timeout_ms <= 0) {
			pthread_cond_wait(&p.cond, &c->mu);
			continue;
		}
		w = pthread_cond_timedwait(&p.cond, &c->mu, &deadline);
		if (w == ETIMEDOUT && !p.done) {
			/* The reply may still come: it is then a stray. */
			epprpc__hash_remove(c, &p);
			if (p.out) {
				epprpc__out_unlink(c, p.out);
				free(p.out);
				p.out = NULL;
			}
			c->st.timeouts++;
			pthread_mutex_unlock(&c->mu);
			pthread_cond_destroy(&p.cond);
			return epprpc__fail(EPPRPC_ETIMEOUT,
			                    "no reply from queue \"%s\" within "
			                    "%d ms",
			                    c->o.queue_name, timeout_ms);
		}
	}
	pthread_mutex_unlock(&c->mu);
	pthread_cond_destroy(&p.cond);
	rc = p.rc;
	*lost = p.lost;
	memcpy(cid, p.cid, sizeof(p.cid));
	if (rc != EPPRPC_OK) {
		free(p.reply);
		return epprpc__fail(rc, "%s", p.errmsg);
	}
	*reply = p.reply;
	if (reply_len)
		*reply_len = p.reply_len;
	return EPPRPC_OK;
}

/*
 * A query: reading it twice does no harm (check, info, hello, poll
 * request, transfer query). Anything else, or a request we cannot read,
 * counts as a transform.
 */
static int
is_query(const char *req, size_t len, char *cmd, size_t cmdlen)
{
	json_t *root = json_loadb(req, len, 0, NULL);
	const char *name, *op;
	size_t n;
	int q = 0;

	name = json_string_value(json_object_get(root, "cmd"));
	snprintf(cmd, cmdlen, "%s", name ? name : "request");
	if (name != NULL) {
		n = strlen(name);
		op = json_string_value(
		        json_object_get(json_object_get(root, "args"), "op"));
		q = (n > 6 && strcmp(name + n - 6, "_check") == 0) ||
		    (n > 5 && strcmp(name + n - 5, "_info") == 0) ||
		    strcmp(name, "hello") == 0 ||
		    strcmp(name, "poll_req") == 0 ||
		    (strcmp(name, "domain_transfer") == 0 && op != NULL &&
		     strcmp(op, "query") == 0);
	}
	json_decref(root);
	return q;
}

/*
 * call_resend: one call; when the connection died after the request went
 * out, its reply died with it (direct reply-to and the exclusive reply
 * queue live on the connection's node). A query then goes out again at
 * once on the next node, within the same deadline; a transform may have
 * run, so it is EPPRPC_EUNKNOWN with its correlation id (the gate's
 * journal maps it to the clTRID). *lost tells the caller not to retry.
 */
static int
call_resend(epprpc_client *c, const char *req, size_t len, int timeout_ms,
            char **reply, size_t *reply_len, int *lost)
{
	char cid[EPPRPC_CID_LEN], cmd[64], why[512];
	struct timespec t0, t1;
	unsigned tries = 0;
	int rc, left = timeout_ms, spent;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		*lost = 0;
		rc = call_once(c, req, len, left, reply, reply_len, lost, cid);
		if (rc != EPPRPC_ETRANSPORT || !*lost)
			return rc;
		if (!is_query(req, len, cmd, sizeof(cmd))) {
			snprintf(why, sizeof(why), "%s", epprpc_last_error());
			return epprpc__fail(
			        EPPRPC_EUNKNOWN,
			        "%s after %s was published: its reply is lost "
			        "and its outcome unknown; correlation id %s "
			        "(the gate logs it with its clTRID; its "
			        "journal "
			        "keeps the reply)",
			        why, cmd, cid);
		}
		/* Every node may have gone by now: one round, then fail. */
		if (++tries > c->nnodes)
			return rc;
		if (timeout_ms > 0) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			spent = (int)((t1.tv_sec - t0.tv_sec) * 1000 +
			              (t1.tv_nsec - t0.tv_nsec) / 1000000);
			left = timeout_ms - spent;
			if (left <= 0)
				return rc;
		}
		pthread_mutex_lock(&c->mu);
		c->st.retries++;
		pthread_mutex_unlock(&c->mu);
		epprpc__clear_error();
	}
}

int
epprpc_call_len(char **reply_json, size_t *reply_len, epprpc_client *c,
                const char *request, size_t request_len, int timeout_ms)
{
	char what[512];
	int rc, lost;

	if (reply_json == NULL)
		return epprpc__fail(EPPRPC_EINVAL, "no reply pointer");
	*reply_json = NULL;
	if (c == NULL || request == NULL)
		return epprpc__fail(EPPRPC_EINVAL, "no client or no request");
	if (request_len > 128u * 1024 * 1024)
		return epprpc__fail(EPPRPC_EINVAL, "request too large");
	if (timeout_ms == 0)
		timeout_ms = c->o.timeout_ms;
	epprpc__clear_error();
	rc = call_resend(c, request, request_len, timeout_ms, reply_json,
	                 reply_len, &lost);
	if (lost || !epprpc__is_transport_error(rc) || c->o.health_file == NULL)
		return rc;

	/* Like the Python client: mark the health file (systemd restarts
	 * the gate when it changes), wait, and try once more. */
	snprintf(what, sizeof(what), "%s", epprpc_last_error());
	if (epprpc__health_append(c->o.health_file, what) != 0)
		return epprpc__fail(EPPRPC_EIO,
		                    "%s; and cannot append to health file %s: "
		                    "%s",
		                    what, c->o.health_file, strerror(errno));
	pthread_mutex_lock(&c->mu);
	c->st.retries++;
	pthread_mutex_unlock(&c->mu);
	epprpc__retry_pause(c->o.retry_delay_ms);
	epprpc__clear_error();
	return call_resend(c, request, request_len, timeout_ms, reply_json,
	                   reply_len, &lost);
}

int
epprpc_call(char **reply_json, epprpc_client *c, const char *request_json,
            int timeout_ms)
{
	if (request_json == NULL) {
		if (reply_json)
			*reply_json = NULL;
		return epprpc__fail(EPPRPC_EINVAL, "no request");
	}
	return epprpc_call_len(reply_json, NULL, c, request_json,
	                       strlen(request_json), timeout_ms);
}

void
epprpc_client_stats(epprpc_client *c, epprpc_stats *out)
{
	if (c == NULL || out == NULL)
		return;
	pthread_mutex_lock(&c->mu);
	*out = c->st;
	pthread_mutex_unlock(&c->mu);
}

const char *
epprpc_client_queue(const epprpc_client *c)
{
	return c ? c->o.queue_name : NULL;
}
