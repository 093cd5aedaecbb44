/*
 * epp-rpc poll-listen: the registry's poll messages that epp-gate
 * --poll-exchange publishes, one JSON object a line on stdout:
 *
 *   {"message_id": "12", "redelivered": false, "message": {...}}
 *
 * where "message" is the compat JSON of the poll response. A message is
 * acked only once its line is written and flushed: a listener that dies
 * before leaves it to the broker, which delivers it again (same
 * message_id). SIGTERM or SIGINT ends it after the message at hand.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epp/json.h>

#include "cli.h"
#include "epp-rpc.h"

#define PROG    "epp-rpc"
#define TICK_MS 500 /* how often a signal is noticed */

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* The line of one message, malloc'd; NULL when out of memory. */
static char *
line_of(const epprpc_poll_message *m)
{
	json_error_t jerr;
	json_t *o = json_object(), *body;
	char *text = NULL;

	body = json_loadb(m->json, m->json_len, 0, &jerr);
	if (o == NULL ||
	    json_object_set_new(
	            o, "message_id",
	            json_stringn(m->message_id, strlen(m->message_id))) != 0 ||
	    json_object_set_new(o, "redelivered",
	                        json_boolean(m->redelivered)) != 0)
		goto out;
	if (json_is_object(body))
		json_object_set(o, "message", body);
	else
		json_object_set_new(o, "error",
		                    json_string("the message is not a JSON "
		                                "object"));
	if (epp_json_dumps(&text, NULL, o) != EPP_OK)
		text = NULL;
out:
	json_decref(body);
	json_decref(o);
	return text;
}

/* Write, flush, ack. CLI_OK, or the exit status after a message. */
static int
emit(epprpc_poll_listener *l, const epprpc_poll_message *m)
{
	char *text = line_of(m);
	int rc;

	if (text == NULL) {
		fprintf(stderr, "%s: poll-listen: out of memory\n", PROG);
		return CLI_TRANSPORT;
	}
	rc = puts(text) < 0 || fflush(stdout) != 0;
	free(text);
	if (rc) {
		/* not acked: the broker keeps it for the next listener */
		fprintf(stderr,
		        "%s: poll-listen: cannot write message %s: %s; not "
		        "acked\n",
		        PROG, m->message_id, strerror(errno));
		return CLI_NOINPUT;
	}
	rc = epprpc_poll_listener_ack(l, m);
	if (rc != EPPRPC_OK)
		fprintf(stderr, "%s: poll-listen: %s\n", PROG,
		        epprpc_last_error());
	return CLI_OK;
}

int
rpc_poll_listen(epprpc_poll_listener *l, const char *exchange, long count)
{
	epprpc_poll_message *m;
	struct sigaction sa;
	long got = 0;
	int rc, ex = CLI_OK, down = 0;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	fprintf(stderr, "%s: poll-listen: queue %s bound to exchange %s\n",
	        PROG, epprpc_poll_listener_queue(l), exchange);
	while (!stop && (count == 0 || got < count)) {
		rc = epprpc_poll_listener_next(&m, l, TICK_MS);
		if (rc == EPPRPC_ETIMEOUT)
			continue;
		if (rc == EPPRPC_ECONNECT || rc == EPPRPC_ETRANSPORT ||
		    rc == EPPRPC_ELOGIN) {
			/* the broker is away: say so once, go on trying */
			if (!down)
				fprintf(stderr,
				        "%s: poll-listen: %s; trying again\n",
				        PROG, epprpc_last_error());
			down = 1;
			continue;
		}
		if (rc != EPPRPC_OK) {
			fprintf(stderr, "%s: poll-listen: %s\n", PROG,
			        epprpc_last_error());
			ex = CLI_TRANSPORT;
			break;
		}
		if (down)
			fprintf(stderr, "%s: poll-listen: connected again\n",
			        PROG);
		down = 0;
		ex = emit(l, m);
		epprpc_poll_message_free(m);
		if (ex != CLI_OK)
			break;
		got++;
	}
	return ex;
}
