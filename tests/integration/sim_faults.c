/*
 * epp-sim's fault flags and robustness: drops after N commands (close,
 * rst, noreply), delays, the per-registrar session limit, the idle
 * timeout, oversize and broken frames next to a healthy session, the
 * counters and duplicate clTRIDs, client certificates, the state file and
 * transfer auto-approval.
 */
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "sim_harness.h"

#define DOM "xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\""
#define CON "xmlns:contact=\"urn:ietf:params:xml:ns:contact-1.0\""
#define CHECK                                                                  \
	"<check><domain:check " DOM                                            \
	"><domain:name>a.test</domain:name></domain:check></check>"

static long long
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
check_ok(struct simh_conn *c, const char *cltrid)
{
	simh_expect(c, simh_wrap(CHECK, cltrid), 1000);
}

/* After N commands the connection ends: close (FIN) or rst. */
static void
drop_mode(const char *mode)
{
	const char *const args[] = {"--drop-after", "3", "--drop-mode", mode,
	                            NULL};
	struct simh_proc p;
	struct simh_conn c;

	simh_start(&p, args);
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_login(&c, "ClientA");    /* 1 */
	check_ok(&c, "drop-check-2"); /* 2 */
	check_ok(&c, "drop-check-3"); /* 3, then the server drops */
	/* The 4th is either refused by the socket or never answered. */
	if (simh_send(&c, simh_wrap(CHECK, "drop-check-4")) == 0)
		assert_null(simh_recv(&c, 3000));
	simh_close(&c);
	/* A new connection starts counting again. */
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_login(&c, "ClientA");
	check_ok(&c, "drop-check-5");
	simh_close(&c);
	assert_int_equal(simh_stop(&p), 0);
}

static void
test_drop_close(void **state)
{
	(void)state;
	drop_mode("close");
}

static void
test_drop_rst(void **state)
{
	(void)state;
	drop_mode("rst");
}

/* noreply: the command after N runs, its reply never comes. */
static void
test_drop_noreply(void **state)
{
	const char *const args[] = {"--drop-after", "2", "--drop-mode",
	                            "noreply", NULL};
	struct simh_proc p;
	struct simh_conn c;
	char *log;

	(void)state;
	simh_start(&p, args);
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_login(&c, "ClientA");
	simh_contact_create(&c, "nr1", 1000);
	assert_int_equal(simh_send(&c, simh_wrap("<delete><contact:delete " CON
	                                         "><contact:id>nr1</contact:id>"
	                                         "</contact:delete></delete>",
	                                         "nr-delete-1")),
	                 0);
	assert_null(simh_recv(&c, 1500));
	simh_close(&c);
	/* It did run: the contact is gone. */
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_login(&c, "ClientA");
	simh_expect(&c,
	            simh_wrap("<info><contact:info " CON "><contact:id>nr1"
	                      "</contact:id></contact:info></info>",
	                      "nr-info-1"),
	            2303);
	simh_close(&c);
	simh_signal(&p, SIGUSR1);
	log = simh_log(&p);
	assert_non_null(strstr(log, "clTRID=nr-delete-1 code=1000"));
	assert_non_null(strstr(log, "epp-sim: count contact_delete 1\n"));
	free(log);
	assert_int_equal(simh_stop(&p), 0);
}

static void
test_delay_and_jitter(void **state)
{
	const char *const args[] = {"--delay-ms", "150", "--jitter-ms", "50",
	                            NULL};
	struct simh_proc p;
	struct simh_conn c;
	long long t0, dt;
	int i;

	(void)state;
	simh_start(&p, args);
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_login(&c, "ClientA");
	for (i = 0; i < 3; i++) {
		t0 = ms_now();
		check_ok(&c, "delay-check");
		dt = ms_now() - t0;
		assert_true(dt >= 150);
		assert_true(dt < 1500);
	}
	simh_close(&c);
	assert_int_equal(simh_stop(&p), 0);
}

static void
test_session_limit(void **state)
{
	const char *const args[] = {"--max-sessions", "2", NULL};
	struct simh_proc p;
	struct simh_conn a, b, c, d;

	(void)state;
	simh_start(&p, args);
	assert_int_equal(simh_connect(&a, &p, 1), 0);
	assert_int_equal(simh_connect(&b, &p, 1), 0);
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	assert_int_equal(simh_connect(&d, &p, 1), 0);
	simh_login(&a, "ClientA");
	simh_login(&b, "ClientA");
	simh_expect(&c,
	            simh_wrap("<login><clID>ClientA</clID><pw>passwordA</pw>"
	                      "<options><version>1.0</version><lang>en</lang>"
	                      "</options><svcs><objURI>urn:ietf:params:xml:ns:"
	                      "domain-1.0</objURI></svcs></login>",
	                      "login-3"),
	            2502);
	/* ... and the server closes that connection. */
	assert_null(simh_recv(&c, 2000));
	/* Another registrar is not affected. */
	simh_login(&d, "ClientB");
	/* After a logout there is room again. */
	simh_expect(&a, simh_wrap("<logout/>", "logout-a"), 1500);
	simh_close(&a);
	simh_close(&c);
	sleep(1);
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_login(&c, "ClientA");
	simh_close(&b);
	simh_close(&c);
	simh_close(&d);
	assert_int_equal(simh_stop(&p), 0);
}

static void
test_connection_limit(void **state)
{
	const char *const args[] = {"--max-connections", "2", NULL};
	struct simh_proc p;
	struct simh_conn a, b, c;
	char *log;

	(void)state;
	simh_start(&p, args);
	assert_int_equal(simh_connect(&a, &p, 1), 0);
	assert_int_equal(simh_connect(&b, &p, 1), 0);
	assert_int_not_equal(simh_connect(&c, &p, 1), 0);
	simh_close(&c);
	simh_login(&a, "ClientA");
	simh_close(&b);
	sleep(1);
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_login(&c, "ClientB");
	simh_close(&a);
	simh_close(&c);
	log = simh_log(&p);
	assert_non_null(strstr(log, "2 connections open, refusing one more"));
	free(log);
	assert_int_equal(simh_stop(&p), 0);
}

/* Many sessions open at once, each logged in and answered. */
static void
test_many_connections(void **state)
{
	enum { N = 100 };
	static struct simh_conn c[N];
	struct simh_proc p;
	char tr[32];
	int i;

	(void)state;
	simh_start(&p, NULL);
	for (i = 0; i < N; i++) {
		assert_int_equal(simh_connect(&c[i], &p, 1), 0);
		simh_login(&c[i], i % 2 ? "ClientA" : "ClientB");
	}
	for (i = N - 1; i >= 0; i--) {
		snprintf(tr, sizeof(tr), "many-%d", i);
		check_ok(&c[i], tr);
	}
	for (i = 0; i < N; i++)
		simh_close(&c[i]);
	assert_int_equal(simh_stop(&p), 0);
}

static void
test_idle_timeout(void **state)
{
	const char *const args[] = {"--idle-timeout", "1", NULL};
	struct simh_proc p;
	struct simh_conn c;
	char *log;

	(void)state;
	simh_start(&p, args);
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_login(&c, "ClientA");
	assert_null(simh_recv(&c, 3000)); /* closed by the server */
	simh_close(&c);
	log = simh_log(&p);
	assert_non_null(strstr(log, "idle for 1 s, closing"));
	free(log);
	assert_int_equal(simh_stop(&p), 0);
}

static void
plain_garbage(int port)
{
	static const char junk[] = "GET / HTTP/1.0\r\n\r\n";
	struct sockaddr_in sa;
	char buf[64];
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(write(fd, junk, sizeof(junk) - 1),
	                 (ssize_t)sizeof(junk) - 1);
	/* The server answers with a TLS alert at most, then closes. */
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
}

/* Oversize frames, broken headers, garbage and abrupt disconnects on
 * other connections never disturb a healthy session. */
static void
test_bad_peers(void **state)
{
	const char *const args[] = {"--max-frame", "4096", NULL};
	static const unsigned char big_hdr[4] = {0, 0, 0x40, 0}; /* 16 KiB */
	static const unsigned char tiny_hdr[4] = {0, 0, 0, 2};
	struct simh_proc p;
	struct simh_conn good, bad;
	char *payload, *log;
	size_t n = 8000;

	(void)state;
	simh_start(&p, args);
	assert_int_equal(simh_connect(&good, &p, 1), 0);
	simh_login(&good, "ClientA");
	/* A frame over --max-frame: that connection is closed. */
	assert_int_equal(simh_connect(&bad, &p, 1), 0);
	assert_int_equal(simh_send_raw(&bad, big_hdr, 4), 0);
	assert_null(simh_recv(&bad, 3000));
	simh_close(&bad);
	check_ok(&good, "good-1");
	/* A whole document over the cap, sent as a real frame. */
	assert_int_equal(simh_connect(&bad, &p, 1), 0);
	payload = malloc(n + 1);
	assert_non_null(payload);
	memset(payload, ' ', n);
	memcpy(payload, "<epp/>", 6);
	payload[n] = '\0';
	if (simh_send(&bad, payload) == 0)
		assert_null(simh_recv(&bad, 3000));
	free(payload);
	simh_close(&bad);
	/* A length below the header size. */
	assert_int_equal(simh_connect(&bad, &p, 1), 0);
	assert_int_equal(simh_send_raw(&bad, tiny_hdr, 4), 0);
	assert_null(simh_recv(&bad, 3000));
	simh_close(&bad);
	/* Half a frame, then gone. */
	assert_int_equal(simh_connect(&bad, &p, 1), 0);
	assert_int_equal(simh_send_raw(&bad, "\0\0\0\x40<epp", 8), 0);
	simh_close(&bad);
	/* Not TLS at all. */
	plain_garbage(p.port);
	check_ok(&good, "good-2");
	simh_close(&good);
	log = simh_log(&p);
	assert_non_null(strstr(log, "frame larger than 4096 bytes, closing"));
	assert_non_null(strstr(log, "invalid frame header, closing"));
	free(log);
	assert_int_equal(simh_stop(&p), 0);
}

/* The same clTRID twice is reported; counts are per command. */
static void
test_counts_and_duplicates(void **state)
{
	struct simh_proc p;
	struct simh_conn c;
	char *log;

	(void)state;
	simh_start(&p, NULL);
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_login(&c, "ClientB");
	check_ok(&c, "count-check-1");
	check_ok(&c, "count-check-2");
	check_ok(&c, "count-check-2");
	simh_signal(&p, SIGUSR1);
	log = simh_log(&p);
	assert_non_null(strstr(log, "epp-sim: count domain_check 3\n"));
	assert_non_null(strstr(log, "epp-sim: count login 1\n"));
	assert_non_null(
	        strstr(log, "epp-sim: duplicate clTRID count-check-2 2\n"));
	assert_null(strstr(log, "duplicate clTRID count-check-1 "));
	assert_non_null(strstr(log, "epp-sim: duplicates 1\n"));
	/* No password in the log. */
	assert_null(strstr(log, "passwordB"));
	free(log);
	simh_close(&c);
	assert_int_equal(simh_stop(&p), 0);
}

static void
test_client_cert_required(void **state)
{
	const char *const args[] = {"--require-client-cert", NULL};
	struct simh_proc p;
	struct simh_conn c;

	(void)state;
	simh_start(&p, args);
	assert_int_not_equal(simh_connect(&c, &p, 0), 0);
	simh_close(&c);
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_login(&c, "ClientA");
	simh_close(&c);
	assert_int_equal(simh_stop(&p), 0);
}

/* --state: what one run creates, the next run finds; newPW persists. */
static void
test_state_file(void **state)
{
	char path[400], arg[400];
	const char *args[] = {"--state", arg, NULL};
	struct simh_proc p;
	struct simh_conn c;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/eppkit-sim-state-%d.json",
	         (int)getpid());
	snprintf(arg, sizeof(arg), "%s", path);
	unlink(path);
	simh_start(&p, args);
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_login(&c, "ClientA");
	simh_contact_create(&c, "st1", 1000);
	simh_expect(&c,
	            simh_wrap("<create><domain:create " DOM "><domain:name>"
	                      "kept.test</domain:name><domain:registrant>st1"
	                      "</domain:registrant><domain:authInfo><domain:pw>"
	                      "abcdef12</domain:pw></domain:authInfo>"
	                      "</domain:create></create>",
	                      "st-domain"),
	            1000);
	simh_close(&c);
	/* A new password with newPW. */
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_expect(&c,
	            simh_wrap("<login><clID>ClientA</clID><pw>passwordA</pw>"
	                      "<newPW>passwordA2</newPW><options><version>1.0"
	                      "</version><lang>en</lang></options><svcs>"
	                      "<objURI>urn:ietf:params:xml:ns:domain-1.0"
	                      "</objURI></svcs></login>",
	                      "st-newpw"),
	            1000);
	simh_close(&c);
	assert_int_equal(simh_stop(&p), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	fclose(f);
	simh_start(&p, args);
	assert_int_equal(simh_connect(&c, &p, 1), 0);
	simh_expect(&c,
	            simh_wrap("<login><clID>ClientA</clID><pw>passwordA2</pw>"
	                      "<options><version>1.0</version><lang>en</lang>"
	                      "</options><svcs><objURI>urn:ietf:params:xml:ns:"
	                      "domain-1.0</objURI></svcs></login>",
	                      "st-login2"),
	            1000);
	simh_expect_value(
	        &c,
	        simh_wrap("<info><domain:info " DOM "><domain:name>"
	                  "kept.test</domain:name></domain:info></info>",
	                  "st-info"),
	        1000, "string(//domain:registrant)", "st1");
	/* The contact is still linked to the domain. */
	simh_expect(&c,
	            simh_wrap("<delete><contact:delete " CON "><contact:id>st1"
	                      "</contact:id></contact:delete></delete>",
	                      "st-cdel"),
	            2305);
	simh_close(&c);
	assert_int_equal(simh_stop(&p), 0);
	unlink(path);
}

/* A pending transfer is approved by the server after --auto-approve-s,
 * and both registrars are told. */
static void
test_auto_approve(void **state)
{
	const char *const args[] = {"--auto-approve-s", "1", NULL};
	struct simh_proc p;
	struct simh_conn a, b;
	char *s, *v;

	(void)state;
	simh_start(&p, args);
	assert_int_equal(simh_connect(&a, &p, 1), 0);
	assert_int_equal(simh_connect(&b, &p, 1), 0);
	simh_login(&a, "ClientA");
	simh_login(&b, "ClientB");
	simh_contact_create(&a, "aa1", 1000);
	simh_expect(&a,
	            simh_wrap("<create><domain:create " DOM "><domain:name>"
	                      "auto.test</domain:name><domain:registrant>aa1"
	                      "</domain:registrant><domain:authInfo><domain:pw>"
	                      "abcdef12</domain:pw></domain:authInfo>"
	                      "</domain:create></create>",
	                      "aa-domain"),
	            1000);
	simh_expect(&b,
	            simh_wrap("<transfer op=\"request\"><domain:transfer " DOM
	                      "><domain:name>auto.test</domain:name>"
	                      "<domain:authInfo><domain:pw>abcdef12</domain:pw>"
	                      "</domain:authInfo></domain:transfer></transfer>",
	                      "aa-request"),
	            1001);
	sleep(2);
	s = simh_cmd(&b,
	             simh_wrap("<transfer op=\"query\"><domain:transfer " DOM
	                       "><domain:name>auto.test</domain:name>"
	                       "</domain:transfer></transfer>",
	                       "aa-query"));
	v = simh_xpath(s, "string(//domain:trStatus)");
	assert_string_equal(v, "serverApproved");
	free(v);
	free(s);
	/* Gaining: one message (approved). Losing: requested + approved. */
	s = simh_cmd(&b, simh_wrap("<poll op=\"req\"/>", "aa-poll-b"));
	v = simh_xpath(s, "string(//epp:msgQ/@count)");
	assert_string_equal(v, "1");
	free(v);
	free(s);
	s = simh_cmd(&a, simh_wrap("<poll op=\"req\"/>", "aa-poll-a"));
	v = simh_xpath(s, "string(//epp:msgQ/@count)");
	assert_string_equal(v, "2");
	free(v);
	free(s);
	simh_close(&a);
	simh_close(&b);
	assert_int_equal(simh_stop(&p), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_drop_close),
	        cmocka_unit_test(test_drop_rst),
	        cmocka_unit_test(test_drop_noreply),
	        cmocka_unit_test(test_delay_and_jitter),
	        cmocka_unit_test(test_session_limit),
	        cmocka_unit_test(test_connection_limit),
	        cmocka_unit_test(test_many_connections),
	        cmocka_unit_test(test_idle_timeout),
	        cmocka_unit_test(test_bad_peers),
	        cmocka_unit_test(test_counts_and_duplicates),
	        cmocka_unit_test(test_client_cert_required),
	        cmocka_unit_test(test_state_file),
	        cmocka_unit_test(test_auto_approve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
