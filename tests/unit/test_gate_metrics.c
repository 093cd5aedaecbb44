/*
 * epp-gate metrics: the exposition text, label hygiene, /healthz and the
 * HTTP server on loopback.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "metrics.h"

static void
counts_and_histograms(void **state)
{
	struct gate_metrics *m = gate_metrics_new(2, "1.2.3");
	char *text;
	size_t len;

	(void)state;
	assert_non_null(m);
	gate_metrics_request(m, "domain_check", 1000, 0.003);
	gate_metrics_request(m, "domain_check", 1000, 0.2);
	gate_metrics_request(m, "domain_create", 2302, 0.04);
	gate_metrics_request(m, NULL, 0, 0.0001);
	gate_metrics_rtt(m, 0.002);
	gate_metrics_reconnect(m, "broker");
	gate_metrics_reconnect(m, "registry");
	gate_metrics_reconnect(m, "registry");
	gate_metrics_expired(m);
	gate_metrics_outcome_unknown(m);
	gate_metrics_poll_message(m);
	gate_metrics_session(m, 0, GATE_SESSION_LOGGED_IN);
	gate_metrics_session(m, 1, GATE_SESSION_CONNECTING);
	text = gate_metrics_render(m, &len);
	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	assert_non_null(strstr(text, "epp_gate_requests_total{cmd=\"domain_"
	                             "check\",code=\"1000\"} 2\n"));
	assert_non_null(strstr(text, "epp_gate_requests_total{cmd=\"domain_"
	                             "create\",code=\"2302\"} 1\n"));
	assert_non_null(strstr(
	        text, "epp_gate_requests_total{cmd=\"none\",code=\"0\"} 1\n"));
	/* buckets are cumulative: 3 ms is under 5 ms, 200 ms is not */
	assert_non_null(strstr(text, "epp_gate_request_duration_seconds_bucket{"
	                             "cmd=\"domain_check\",le=\"0.005\"} 1\n"));
	assert_non_null(strstr(text, "epp_gate_request_duration_seconds_bucket{"
	                             "cmd=\"domain_check\",le=\"0.25\"} 2\n"));
	assert_non_null(strstr(text, "epp_gate_request_duration_seconds_bucket{"
	                             "cmd=\"domain_check\",le=\"+Inf\"} 2\n"));
	assert_non_null(strstr(text, "epp_gate_request_duration_seconds_count{"
	                             "cmd=\"domain_check\"} 2\n"));
	assert_non_null(
	        strstr(text, "epp_gate_registry_rtt_seconds_count 1\n"));
	assert_non_null(
	        strstr(text, "epp_gate_sessions{state=\"logged_in\"} 1\n"));
	assert_non_null(
	        strstr(text, "epp_gate_sessions{state=\"connecting\"} 1\n"));
	assert_non_null(strstr(text, "epp_gate_sessions{state=\"down\"} 0\n"));
	assert_non_null(strstr(
	        text, "epp_gate_reconnects_total{peer=\"registry\"} 2\n"));
	assert_non_null(
	        strstr(text, "epp_gate_reconnects_total{peer=\"broker\"} 1\n"));
	assert_non_null(strstr(text, "epp_gate_expired_total 1\n"));
	assert_non_null(strstr(text, "epp_gate_outcome_unknown_total 1\n"));
	assert_non_null(strstr(text, "epp_gate_poll_messages_total 1\n"));
	assert_non_null(
	        strstr(text, "epp_gate_build_info{version=\"1.2.3\"} 1\n"));
	free(text);
	gate_metrics_free(m);
}

/* A command name from a request can never forge a label or a line. */
static void
hostile_command_names(void **state)
{
	struct gate_metrics *m = gate_metrics_new(1, "x");
	char *text, name[32];
	size_t len;
	int i;

	(void)state;
	gate_metrics_request(m, "a\"} 1\nevil_metric{x=\"", 1000, 0.1);
	gate_metrics_request(m, "DOMAIN_CHECK", 1000, 0.1);
	text = gate_metrics_render(m, &len);
	assert_null(strstr(text, "evil_metric"));
	assert_non_null(strstr(
	        text,
	        "epp_gate_requests_total{cmd=\"unknown\",code=\"1000\"} 2\n"));
	free(text);
	/* the number of series is bounded */
	for (i = 0; i < 2000; i++) {
		snprintf(name, sizeof(name), "cmd_%d", i);
		gate_metrics_request(m, name, 1000, 0.1);
	}
	text = gate_metrics_render(m, &len);
	assert_non_null(strstr(text, "cmd=\"other\""));
	assert_true(len < 1024 * 1024);
	free(text);
	gate_metrics_free(m);
}

static void
health(void **state)
{
	struct gate_metrics *m = gate_metrics_new(2, "x");
	char why[512];

	(void)state;
	assert_int_equal(gate_metrics_health(m, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "0 of 2 EPP sessions logged in"));
	gate_metrics_session(m, 1, GATE_SESSION_LOGGED_IN);
	assert_int_equal(gate_metrics_health(m, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "0 of 2 broker connections up"));
	gate_metrics_broker(m, 1, 1);
	gate_metrics_last_error(m, 0,
	                        "login refused: 2200 Authentication error");
	assert_int_equal(gate_metrics_health(m, why, sizeof(why)), 1);
	assert_non_null(strstr(why, "session 1: login refused: 2200"));
	gate_metrics_free(m);
}

/* GET path from 127.0.0.1:port; the whole answer, malloc'd. */
static char *
http_get(int port, const char *path)
{
	struct sockaddr_in sa;
	char req[256], *buf = malloc(65536);
	size_t used = 0;
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	snprintf(req, sizeof(req),
	         "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: "
	         "close\r\n\r\n",
	         path);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	while ((n = read(fd, buf + used, 65535 - used)) > 0)
		used += (size_t)n;
	buf[used] = '\0';
	close(fd);
	return buf;
}

static void
serves_metrics_and_healthz(void **state)
{
	struct gate_metrics *m = gate_metrics_new(1, "9.9.9");
	char err[256], *r;
	int port = 0;

	(void)state;
	assert_int_equal(
	        gate_metrics_serve(m, "127.0.0.1:0", &port, err, sizeof(err)),
	        0);
	assert_true(port > 0);
	gate_metrics_request(m, "hello", 1000, 0.001);
	r = http_get(port, "/metrics");
	assert_non_null(strstr(r, "HTTP/1.1 200"));
	assert_non_null(strstr(r, "version=0.0.4"));
	assert_non_null(strstr(
	        r, "epp_gate_requests_total{cmd=\"hello\",code=\"1000\"} 1"));
	free(r);
	r = http_get(port, "/healthz");
	assert_non_null(strstr(r, "HTTP/1.1 503"));
	assert_non_null(strstr(r, "0 of 1 EPP sessions logged in"));
	free(r);
	gate_metrics_session(m, 0, GATE_SESSION_LOGGED_IN);
	gate_metrics_broker(m, 0, 1);
	r = http_get(port, "/healthz");
	assert_non_null(strstr(r, "HTTP/1.1 200"));
	free(r);
	r = http_get(port, "/other");
	assert_non_null(strstr(r, "HTTP/1.1 404"));
	free(r);
	gate_metrics_free(m);

	m = gate_metrics_new(1, "x");
	assert_int_equal(
	        gate_metrics_serve(m, "nonsense", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "ADDR:PORT"));
	assert_int_equal(
	        gate_metrics_serve(m, "192.0.2.1:0", NULL, err, sizeof(err)),
	        -1);
	assert_non_null(strstr(err, "cannot listen"));
	gate_metrics_free(m);
}

/* Prometheus' own checker accepts the page, lint rules included. */
static void
promtool_accepts_the_page(void **state)
{
	struct gate_metrics *m = gate_metrics_new(3, "0.1.0");
	char path[] = "/tmp/eppkit-metrics-XXXXXX", cmd[512], *text;
	size_t len;
	FILE *f;
	int fd, rc;

	(void)state;
	gate_metrics_request(m, "domain_check", 1000, 0.003);
	gate_metrics_request(m, "domain_create", 2302, 0.04);
	gate_metrics_request(m, NULL, 0, 0.0001);
	gate_metrics_rtt(m, 0.002);
	gate_metrics_session(m, 0, GATE_SESSION_LOGGED_IN);
	text = gate_metrics_render(m, &len);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s check metrics < %s", PROMTOOL, path);
	rc = system(cmd);
	unlink(path);
	free(text);
	gate_metrics_free(m);
	if (rc != 0)
		fail_msg("%s: exit %d (promtool missing: apt-get install "
		         "prometheus)",
		         cmd, rc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(counts_and_histograms),
	        cmocka_unit_test(hostile_command_names),
	        cmocka_unit_test(health),
	        cmocka_unit_test(serves_metrics_and_healthz),
	        cmocka_unit_test(promtool_accepts_the_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
