/*
 * Session benchmark: commands per second and mean round trip of a libepp
 * session over TLS on loopback, against a minimal server thread that
 * answers at once. With one write per frame and TCP_NODELAY a command
 * costs a loopback round trip; a client that writes header and body
 * separately stalls ~40 ms per command on Nagle and delayed ACK.
 * Usage: bench_session [seconds]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "epp/session.h"
#include "certgen.h"
#include "tls_server.h"

static const char check[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><command><check>"
        "<domain:check xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\">"
        "<domain:name>example.com</domain:name></domain:check></check>"
        "<clTRID>BENCH-1</clTRID></command></epp>";

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/eppkit-bench-XXXXXX", cert[300], key[300], ca[300],
	     port[16], *reply;
	double seconds = argc > 1 ? atof(argv[1]) : 2.0, t0, t = 0;
	epp_session_options o = EPP_SESSION_OPTIONS_INIT;
	struct tls_server srv;
	epp_session *s;
	unsigned long n = 0;
	size_t len;
	int rc = 1;

	epp_global_init();
	memset(&srv, 0, sizeof(srv));
	if (mkdtemp(dir) == NULL || certgen_write_all(dir) != 0)
		return 1;
	snprintf(cert, sizeof(cert), "%s/server.pem", dir);
	snprintf(key, sizeof(key), "%s/server.key", dir);
	snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
	srv.cert_file = cert;
	srv.key_file = key;
	srv.reg.password = "bench-pw";
	if (tls_server_start(&srv) != 0)
		goto out;
	snprintf(port, sizeof(port), "%d", srv.port);
	o.host = "localhost";
	o.port = port;
	o.ca_file = ca;
	o.client_id = "bench";
	o.password = "bench-pw";
	t0 = now();
	if (epp_session_open(&s, &o) != EPP_OK ||
	    epp_session_login(s) != EPP_OK) {
		fprintf(stderr, "bench_session: %s\n", epp_session_errmsg(s));
		epp_session_free(s);
		tls_server_stop(&srv);
		goto out;
	}
	printf("connect+TLS+greeting+login: %.2f ms\n", (now() - t0) * 1e3);
	t0 = now();
	do {
		if (epp_session_exchange(&reply, &len, s, check,
		                         sizeof(check) - 1) != EPP_OK) {
			fprintf(stderr, "bench_session: %s\n",
			        epp_session_errmsg(s));
			break;
		}
		free(reply);
		n++;
		t = now() - t0;
	} while (t < seconds);
	printf("TLS loopback, %zu-byte command: %lu commands in %.2f s = "
	       "%.0f commands/s, %.1f us per round trip\n",
	       sizeof(check) - 1, n, t, (double)n / t, t / (double)n * 1e6);
	epp_session_logout(s);
	epp_session_free(s);
	tls_server_stop(&srv);
	rc = 0;
out:
	certgen_remove_all(dir);
	return rc;
}
