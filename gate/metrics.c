/*
 * Prometheus metrics and /healthz for epp-gate (see metrics.h).
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "metrics.h"

/* Seconds: from a quick check on loopback to a slow registry's worst. */
static const double bucket_le[] = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                   0.05,  0.1,    0.25,  0.5,  1,
                                   2.5,   5,      10,    30,   60};
#define NBUCKETS   (sizeof(bucket_le) / sizeof(bucket_le[0]))
#define CMD_LEN    48
#define MAX_SERIES 512 /* beyond: counted under cmd="other" */
#define ERR_LEN    160

struct hist {
	unsigned long long bucket[NBUCKETS]; /* not cumulative */
	unsigned long long count;
	double sum;
};

struct req_series {
	char cmd[CMD_LEN];
	int code;
	unsigned long long n;
};

struct cmd_hist {
	char cmd[CMD_LEN];
	struct hist h;
};

struct gate_metrics {
	pthread_mutex_t lock;
	char version[64];
	int workers;
	enum gate_session_state *state;
	int *broker;
	char (*last_error)[ERR_LEN];
	struct req_series req[MAX_SERIES];
	size_t nreq;
	struct cmd_hist dur[MAX_SERIES];
	size_t ndur;
	struct hist rtt;
	unsigned long long reconnect_registry, reconnect_broker;
	unsigned long long unknown, expired, poll, session_limit;
	struct MHD_Daemon *mhd;
};

struct gate_metrics *
gate_metrics_new(int workers, const char *version)
{
	struct gate_metrics *m = calloc(1, sizeof(*m));

	if (m == NULL || workers < 1)
		goto fail;
	m->workers = workers;
	m->state = calloc((size_t)workers, sizeof(*m->state));
	m->broker = calloc((size_t)workers, sizeof(*m->broker));
	m->last_error = calloc((size_t)workers, sizeof(*m->last_error));
	if (m->state == NULL || m->broker == NULL || m->last_error == NULL)
		goto fail;
	snprintf(m->version, sizeof(m->version), "%s", version);
	pthread_mutex_init(&m->lock, NULL);
	return m;
fail:
	if (m != NULL) {
		free(m->state);
		free(m->broker);
		free(m->last_error);
		free(m);
	}
	return NULL;
}

void
gate_metrics_free(struct gate_metrics *m)
{
	if (m == NULL)
		return;
	gate_metrics_stop(m);
	pthread_mutex_destroy(&m->lock);
	free(m->state);
	free(m->broker);
	free(m->last_error);
	free(m);
}

/*
 * A command name as a label value: lower-case letters, digits and "_"
 * only, so no request can forge a series or break the format.
 */
static void
cmd_label(char *dst, const char *cmd)
{
	size_t i;

	if (cmd == NULL || *cmd == '\0') {
		snprintf(dst, CMD_LEN, "none");
		return;
	}
	for (i = 0; cmd[i] != '\0'; i++) {
		char c = cmd[i];

		if (i + 1 >= CMD_LEN || !((c >= 'a' && c <= 'z') ||
		                          (c >= '0' && c <= '9') || c == '_')) {
			snprintf(dst, CMD_LEN, "unknown");
			return;
		}
		dst[i] = c;
	}
	dst[i] = '\0';
}

static void
hist_add(struct hist *h, double v)
{
	size_t i;

	for (i = 0; i < NBUCKETS && v > bucket_le[i]; i++)
		;
	if (i < NBUCKETS)
		h->bucket[i]++;
	h->count++;
	h->sum += v;
}

void
gate_metrics_request(struct gate_metrics *m, const char *cmd, int code,
                     double seconds)
{
	char label[CMD_LEN];
	size_t i;

	if (m == NULL)
		return;
	cmd_label(label, cmd);
	if (code < 0 || code > 9999)
		code = 0;
	pthread_mutex_lock(&m->lock);
	for (i = 0; i < m->nreq; i++)
		if (m->req[i].code == code && strcmp(m->req[i].cmd, label) == 0)
			break;
	if (i == m->nreq) {
		if (m->nreq == MAX_SERIES) {
			/* the last slot collects whatever does not fit */
			i = MAX_SERIES - 1;
			snprintf(m->req[i].cmd, CMD_LEN, "other");
			m->req[i].code = 0;
		} else {
			snprintf(m->req[i].cmd, CMD_LEN, "%s", label);
			m->req[i].code = code;
			m->nreq++;
		}
	}
	m->req[i].n++;
	for (i = 0; i < m->ndur; i++)
		if (strcmp(m->dur[i].cmd, label) == 0)
			break;
	if (i == m->ndur) {
		if (m->ndur == MAX_SERIES) {
			i = MAX_SERIES - 1;
			snprintf(m->dur[i].cmd, CMD_LEN, "other");
		} else {
			snprintf(m->dur[i].cmd, CMD_LEN, "%s", label);
			m->ndur++;
		}
	}
	hist_add(&m->dur[i].h, seconds);
	pthread_mutex_unlock(&m->lock);
}

void
gate_metrics_rtt(struct gate_metrics *m, double seconds)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->lock);
	hist_add(&m->rtt, seconds);
	pthread_mutex_unlock(&m->lock);
}

void
gate_metrics_session(struct gate_metrics *m, int worker,
                     enum gate_session_state state)
{
	if (m == NULL || worker < 0 || worker >= m->workers)
		return;
	pthread_mutex_lock(&m->lock);
	m->state[worker] = state;
	if (state == GATE_SESSION_LOGGED_IN)
		m->last_error[worker][0] = '\0';
	pthread_mutex_unlock(&m->lock);
}

void
gate_metrics_broker(struct gate_metrics *m, int worker, int connected)
{
	if (m == NULL || worker < 0 || worker >= m->workers)
		return;
	pthread_mutex_lock(&m->lock);
	m->broker[worker] = connected != 0;
	pthread_mutex_unlock(&m->lock);
}

void
gate_metrics_last_error(struct gate_metrics *m, int worker, const char *text)
{
	if (m == NULL || worker < 0 || worker >= m->workers || text == NULL)
		return;
	pthread_mutex_lock(&m->lock);
	snprintf(m->last_error[worker], ERR_LEN, "%s", text);
	pthread_mutex_unlock(&m->lock);
}

#define BUMP(m, field)                                                         \
	do {                                                                   \
		if ((m) != NULL) {                                             \
			pthread_mutex_lock(&(m)->lock);                        \
			(m)->field++;                                          \
			pthread_mutex_unlock(&(m)->lock);                      \
		}                                                              \
	} while (0)

void
gate_metrics_reconnect(struct gate_metrics *m, const char *peer)
{
	if (peer != NULL && strcmp(peer, "broker") == 0)
		BUMP(m, reconnect_broker);
	else
		BUMP(m, reconnect_registry);
}

void
gate_metrics_outcome_unknown(struct gate_metrics *m)
{
	BUMP(m, unknown);
}

void
gate_metrics_expired(struct gate_metrics *m)
{
	BUMP(m, expired);
}

void
gate_metrics_poll_message(struct gate_metrics *m)
{
	BUMP(m, poll);
}

void
gate_metrics_session_limit(struct gate_metrics *m)
{
	BUMP(m, session_limit);
}

static void
render_hist(FILE *f, const char *name, const char *labels, const struct hist *h)
{
	unsigned long long cum = 0;
	size_t i;
	const char *sep = labels[0] ? "," : "";

	for (i = 0; i < NBUCKETS; i++) {
		cum += h->bucket[i];
		fprintf(f, "%s_bucket{%s%sle=\"%g\"} %llu\n", name, labels, sep,
		        bucket_le[i], cum);
	}
	fprintf(f, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels, sep,
	        h->count);
	fprintf(f, "%s_sum%s%s%s %.9g\n", name, labels[0] ? "{" : "", labels,
	        labels[0] ? "}" : "", h->sum);
	fprintf(f, "%s_count%s%s%s %llu\n", name, labels[0] ? "{" : "", labels,
	        labels[0] ? "}" : "", h->count);
}

static const char *const state_names[GATE_SESSION_STATE_COUNT] = {
        [GATE_SESSION_DOWN] = "down",
        [GATE_SESSION_CONNECTING] = "connecting",
        [GATE_SESSION_LOGGED_IN] = "logged_in",
};

char *
gate_metrics_render(struct gate_metrics *m, size_t *len)
{
	char *buf = NULL, labels[CMD_LEN + 16];
	size_t size = 0, i;
	int n[GATE_SESSION_STATE_COUNT] = {0}, s;
	FILE *f = open_memstream(&buf, &size);

	if (f == NULL)
		return NULL;
	pthread_mutex_lock(&m->lock);
	fputs("# HELP epp_gate_requests_total Requests answered, by command "
	      "and registry result code (0: answered by the gate itself).\n"
	      "# TYPE epp_gate_requests_total counter\n",
	      f);
	for (i = 0; i < m->nreq; i++)
		fprintf(f,
		        "epp_gate_requests_total{cmd=\"%s\",code=\"%d\"} "
		        "%llu\n",
		        m->req[i].cmd, m->req[i].code, m->req[i].n);
	fputs("# HELP epp_gate_request_duration_seconds Time from a request's "
	      "receipt to its reply.\n"
	      "# TYPE epp_gate_request_duration_seconds histogram\n",
	      f);
	for (i = 0; i < m->ndur; i++) {
		snprintf(labels, sizeof(labels), "cmd=\"%s\"", m->dur[i].cmd);
		render_hist(f, "epp_gate_request_duration_seconds", labels,
		            &m->dur[i].h);
	}
	fputs("# HELP epp_gate_registry_rtt_seconds Registry round trips, "
	      "command sent to response read.\n"
	      "# TYPE epp_gate_registry_rtt_seconds histogram\n",
	      f);
	render_hist(f, "epp_gate_registry_rtt_seconds", "", &m->rtt);
	for (i = 0; i < (size_t)m->workers; i++)
		n[m->state[i]]++;
	fputs("# HELP epp_gate_sessions EPP sessions by state.\n"
	      "# TYPE epp_gate_sessions gauge\n",
	      f);
	for (s = 0; s < GATE_SESSION_STATE_COUNT; s++)
		fprintf(f, "epp_gate_sessions{state=\"%s\"} %d\n",
		        state_names[s], n[s]);
	fprintf(f,
	        "# HELP epp_gate_reconnects_total Connections made again after "
	        "a loss, by peer.\n"
	        "# TYPE epp_gate_reconnects_total counter\n"
	        "epp_gate_reconnects_total{peer=\"registry\"} %llu\n"
	        "epp_gate_reconnects_total{peer=\"broker\"} %llu\n"
	        "# HELP epp_gate_outcome_unknown_total Transforms sent whose "
	        "response never came.\n"
	        "# TYPE epp_gate_outcome_unknown_total counter\n"
	        "epp_gate_outcome_unknown_total %llu\n"
	        "# HELP epp_gate_expired_total Requests dropped unsent because "
	        "their deadline had passed.\n"
	        "# TYPE epp_gate_expired_total counter\n"
	        "epp_gate_expired_total %llu\n"
	        "# HELP epp_gate_poll_messages_total Registry poll messages "
	        "delivered to the poll exchange.\n"
	        "# TYPE epp_gate_poll_messages_total counter\n"
	        "epp_gate_poll_messages_total %llu\n"
	        "# HELP epp_gate_session_limit_total Registry answers 2502 "
	        "(session limit exceeded) after which a session stood down.\n"
	        "# TYPE epp_gate_session_limit_total counter\n"
	        "epp_gate_session_limit_total %llu\n"
	        "# HELP epp_gate_build_info The gate's version.\n"
	        "# TYPE epp_gate_build_info gauge\n"
	        "epp_gate_build_info{version=\"%s\"} 1\n",
	        m->reconnect_registry, m->reconnect_broker, m->unknown,
	        m->expired, m->poll, m->session_limit, m->version);
	pthread_mutex_unlock(&m->lock);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	*len = size;
	return buf;
}

int
gate_metrics_health(struct gate_metrics *m, char *why, size_t size)
{
	int in = 0, brokers = 0, i;
	size_t o;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < m->workers; i++) {
		in += m->state[i] == GATE_SESSION_LOGGED_IN;
		brokers += m->broker[i];
	}
	o = (size_t)snprintf(why, size,
	                     "%d of %d EPP sessions logged in, %d of %d broker "
	                     "connections up",
	                     in, m->workers, brokers, m->workers);
	for (i = 0; i < m->workers && o < size; i++)
		if (m->state[i] != GATE_SESSION_LOGGED_IN &&
		    m->last_error[i][0] != '\0')
			o += (size_t)snprintf(why + o, size - o,
			                      "; session %d: %s", i + 1,
			                      m->last_error[i]);
	pthread_mutex_unlock(&m->lock);
	return in > 0 && brokers > 0;
}

static enum MHD_Result
answer(void *cls, struct MHD_Connection *conn, const char *url,
       const char *method, const char *version, const char *upload,
       size_t *upload_len, void **con_cls)
{
	struct gate_metrics *m = cls;
	struct MHD_Response *r;
	enum MHD_Result ret;
	unsigned status = MHD_HTTP_OK;
	const char *type = "text/plain; charset=utf-8";
	char *body = NULL;
	size_t len = 0;

	(void)version;
	(void)upload;
	(void)upload_len;
	(void)con_cls;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		body = strdup("only GET\n");
		status = MHD_HTTP_METHOD_NOT_ALLOWED;
	} else if (strcmp(url, "/metrics") == 0) {
		body = gate_metrics_render(m, &len);
		type = "text/plain; version=0.0.4; charset=utf-8";
	} else if (strcmp(url, "/healthz") == 0) {
		char why[1024];

		if (!gate_metrics_health(m, why, sizeof(why) - 1))
			status = MHD_HTTP_SERVICE_UNAVAILABLE;
		strcat(why, "\n");
		body = strdup(why);
	} else {
		body = strdup("not found: /metrics and /healthz only\n");
		status = MHD_HTTP_NOT_FOUND;
	}
	if (body == NULL)
		return MHD_NO;
	if (len == 0)
		len = strlen(body);
	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* "ADDR:PORT" or "[V6]:PORT" into a socket address. */
static int
parse_listen(const char *listen, struct sockaddr_storage *ss, char *err,
             size_t errlen)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	struct addrinfo hints, *res = NULL;
	size_t hlen;
	int rc;

	if (colon == NULL || colon == listen || colon[1] == '\0') {
		snprintf(err, errlen,
		         "--metrics-listen %s: want ADDR:PORT, e.g. "
		         "127.0.0.1:9464",
		         listen);
		return -1;
	}
	hlen = (size_t)(colon - listen);
	if (listen[0] == '[' && colon[-1] == ']') {
		listen++;
		hlen -= 2;
	}
	if (hlen >= sizeof(host)) {
		snprintf(err, errlen, "--metrics-listen: address too long");
		return -1;
	}
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	if ((rc = getaddrinfo(host, colon + 1, &hints, &res)) != 0) {
		snprintf(err, errlen, "--metrics-listen %s:%s: %s", host,
		         colon + 1, gai_strerror(rc));
		return -1;
	}
	memset(ss, 0, sizeof(*ss));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return 0;
}

int
gate_metrics_serve(struct gate_metrics *m, const char *listen, int *port,
                   char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD;
	const union MHD_DaemonInfo *info;

	if (parse_listen(listen, &ss, err, errlen) != 0)
		return -1;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	m->mhd = MHD_start_daemon(
	        flags, 0, NULL, NULL, answer, m, MHD_OPTION_SOCK_ADDR,
	        (const struct sockaddr *)&ss, MHD_OPTION_CONNECTION_LIMIT, 32,
	        MHD_OPTION_CONNECTION_TIMEOUT, 10, MHD_OPTION_END);
	if (m->mhd == NULL) {
		snprintf(err, errlen,
		         "--metrics-listen %s: cannot listen there (in use, or "
		         "not an address of this host)",
		         listen);
		return -1;
	}
	info = MHD_get_daemon_info(m->mhd, MHD_DAEMON_INFO_BIND_PORT);
	if (port != NULL)
		*port = info != NULL ? info->port : 0;
	return 0;
}

void
gate_metrics_stop(struct gate_metrics *m)
{
	if (m != NULL && m->mhd != NULL) {
		MHD_stop_daemon(m->mhd);
		m->mhd = NULL;
	}
}
