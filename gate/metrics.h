/*
 * epp-gate metrics: counters, gauges and histograms that the workers
 * update, rendered in the Prometheus text exposition format (version
 * 0.0.4) and served with libmicrohttpd on --metrics-listen, beside a
 * /healthz that answers 200 while a session is logged in and the broker
 * is connected.
 *
 * Updates take one short mutex; rendering copies under it. Label values
 * come from the gate (command names it knows, result codes), are escaped
 * all the same, and the number of series is bounded.
 */
#ifndef GATE_METRICS_H
#define GATE_METRICS_H

#include <stddef.h>

struct gate_metrics;

enum gate_session_state {
	GATE_SESSION_DOWN = 0,   /* not connected, or refused */
	GATE_SESSION_CONNECTING, /* TCP/TLS/greeting/login under way */
	GATE_SESSION_LOGGED_IN,  /* ready for requests */
	GATE_SESSION_STATE_COUNT
};

/* A registry of `workers` sessions, all down, for gate `version`. */
struct gate_metrics *gate_metrics_new(int workers, const char *version);
void gate_metrics_free(struct gate_metrics *m);

/*
 * One request answered: `cmd` (NULL or "" when the request had none that
 * the gate knows), the registry's result `code` (0 when the gate answered
 * with an error of its own) and the time from receipt to reply.
 */
void gate_metrics_request(struct gate_metrics *m, const char *cmd, int code,
                          double seconds);
/* One registry round trip (command sent to response read). */
void gate_metrics_rtt(struct gate_metrics *m, double seconds);
void gate_metrics_session(struct gate_metrics *m, int worker,
                          enum gate_session_state state);
void gate_metrics_broker(struct gate_metrics *m, int worker, int connected);
/* peer: "registry" or "broker". */
void gate_metrics_reconnect(struct gate_metrics *m, const char *peer);
void gate_metrics_outcome_unknown(struct gate_metrics *m);
void gate_metrics_expired(struct gate_metrics *m);
void gate_metrics_poll_message(struct gate_metrics *m);
/* A 2502 (session limit exceeded) made a session stand down. */
void gate_metrics_session_limit(struct gate_metrics *m);
/* The last error of a worker's session, for /healthz (copied). */
void gate_metrics_last_error(struct gate_metrics *m, int worker,
                             const char *text);

/* The exposition text; malloc'd, *len bytes plus a NUL. NULL on OOM. */
char *gate_metrics_render(struct gate_metrics *m, size_t *len);

/*
 * /healthz: 1 when healthy (a session logged in and a broker connection
 * up), else 0; `why` gets one line for a person either way.
 */
int gate_metrics_health(struct gate_metrics *m, char *why, size_t size);

/*
 * Serve /metrics and /healthz on `listen` ("ADDR:PORT", "[v6]:PORT";
 * port 0 picks one) from libmicrohttpd's own thread. 0, or -1 with a
 * message in err. *port receives the port bound (may be NULL).
 */
int gate_metrics_serve(struct gate_metrics *m, const char *listen, int *port,
                       char *err, size_t errlen);
/* Stop serving (gate_metrics_free() does it too). */
void gate_metrics_stop(struct gate_metrics *m);

#endif
