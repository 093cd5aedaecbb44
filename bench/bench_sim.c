/*
 * bench_sim: epp-sim alone under load. Starts epp-sim (fresh certificates
 * in a temporary directory, --quiet), then for each connection count runs
 * that many client threads, each with its own TLS session, logged in and
 * sending domain checks back to back for a fixed time. Prints commands
 * per second and the p50/p99 round trip. Never fails on speed.
 *
 * usage: bench_sim [-s SECONDS] [-c CONNS,CONNS,...] [-b EPP_SIM_PATH]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "epp/frame.h"

#define MAX_CONNS 64

static const char *sim_path = EPPKIT_BINARY_DIR "/bin/epp-sim";
static char dir[64];
static int port;
static volatile int running;

struct worker {
	pthread_t t;
	int id;
	long n;
	long cap;
	unsigned *lat_us; /* one per command */
	int failed;
};

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
nap_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static int
spawn(char *const argv[], const char *log)
{
	pid_t pid = fork();
	int fd;

	if (pid == 0) {
		if (log != NULL &&
		    (fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644)) >= 0) {
			dup2(fd, 2);
			close(fd);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static char *
dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p == NULL)
		exit(1);
	memcpy(p, s, n);
	return p;
}

/* One blocking frame read; NULL on failure. */
static char *
recv_frame(SSL *ssl)
{
	unsigned char hdr[4];
	size_t got, n;
	char *buf;
	uint32_t len;

	for (got = 0; got < 4; got += n)
		if (SSL_read_ex(ssl, hdr + got, 4 - got, &n) != 1)
			return NULL;
	len = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
	      (uint32_t)hdr[2] << 8 | hdr[3];
	if (len < 5 || len > EPP_FRAME_DEFAULT_MAX)
		return NULL;
	len -= 4;
	buf = malloc(len + 1);
	if (buf == NULL)
		return NULL;
	for (got = 0; got < len; got += n)
		if (SSL_read_ex(ssl, buf + got, len - got, &n) != 1) {
			free(buf);
			return NULL;
		}
	buf[len] = '\0';
	return buf;
}

static int
send_doc(SSL *ssl, const char *xml)
{
	unsigned char *wire;
	size_t len, n;
	int ok;

	if (epp_frame_encode(&wire, &len, xml, strlen(xml), 0) != EPP_OK)
		return -1;
	ok = SSL_write_ex(ssl, wire, len, &n) == 1 && n == len;
	free(wire);
	return ok ? 0 : -1;
}

static int
exchange(SSL *ssl, const char *xml, const char *expect)
{
	char *r;
	int ok;

	if (send_doc(ssl, xml) != 0 || (r = recv_frame(ssl)) == NULL)
		return -1;
	ok = strstr(r, expect) != NULL;
	free(r);
	return ok ? 0 : -1;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	char path[128], xml[1024], *g;
	struct sockaddr_in sa;
	SSL_CTX *ctx;
	SSL *ssl;
	long long t0, t1;
	unsigned *grown;
	int fd, one = 1;

	ctx = SSL_CTX_new(TLS_client_method());
	snprintf(path, sizeof(path), "%s/certs/ca.pem", dir);
	SSL_CTX_load_verify_locations(ctx, path, NULL);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	snprintf(path, sizeof(path), "%s/certs/client.pem", dir);
	SSL_CTX_use_certificate_chain_file(ctx, path);
	snprintf(path, sizeof(path), "%s/certs/client-key.pem", dir);
	SSL_CTX_use_PrivateKey_file(ctx, path, SSL_FILETYPE_PEM);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	ssl = SSL_new(ctx);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    SSL_set_fd(ssl, fd) != 1 || SSL_connect(ssl) != 1 ||
	    (g = recv_frame(ssl)) == NULL) {
		w->failed = 1;
		goto out;
	}
	free(g);
	snprintf(xml, sizeof(xml),
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?><epp xmlns=\"urn:"
	         "ietf:params:xml:ns:epp-1.0\"><command><login><clID>Bench%d"
	         "</clID><pw>benchpass%d</pw><options><version>1.0</version>"
	         "<lang>en</lang></options><svcs><objURI>urn:ietf:params:xml:"
	         "ns:domain-1.0</objURI></svcs></login><clTRID>bench-login-%d"
	         "</clTRID></command></epp>",
	         w->id, w->id, w->id);
	if (exchange(ssl, xml, "code=\"1000\"") != 0) {
		w->failed = 1;
		goto out;
	}
	snprintf(xml, sizeof(xml),
	         "<?xml version=\"1.0\" encoding=\"UTF-8\"?><epp xmlns=\"urn:"
	         "ietf:params:xml:ns:epp-1.0\"><command><check><domain:check "
	         "xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\">"
	         "<domain:name>bench-%d.test</domain:name></domain:check>"
	         "</check><clTRID>bench-check-%d</clTRID></command></epp>",
	         w->id, w->id);
	while (running) {
		t0 = now_us();
		if (exchange(ssl, xml, "avail=\"1\"") != 0) {
			w->failed = 1;
			break;
		}
		t1 = now_us();
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 65536;
			grown = realloc(w->lat_us,
			                (size_t)w->cap * sizeof(*grown));
			if (grown == NULL)
				break;
			w->lat_us = grown;
		}
		w->lat_us[w->n++] = (unsigned)(t1 - t0);
	}
out:
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	close(fd);
	return NULL;
}

static int
cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

static void
run(int conns, int seconds)
{
	struct worker w[MAX_CONNS];
	unsigned *all;
	long total = 0, k = 0;
	long long t0, t1;
	int i, failed = 0;

	memset(w, 0, sizeof(w));
	running = 1;
	t0 = now_us();
	for (i = 0; i < conns; i++) {
		w[i].id = i;
		pthread_create(&w[i].t, NULL, work, &w[i]);
	}
	sleep((unsigned)seconds);
	running = 0;
	for (i = 0; i < conns; i++) {
		pthread_join(w[i].t, NULL);
		total += w[i].n;
		failed |= w[i].failed;
	}
	t1 = now_us();
	all = malloc((size_t)(total ? total : 1) * sizeof(*all));
	for (i = 0; i < conns && all; i++) {
		memcpy(all + k, w[i].lat_us, (size_t)w[i].n * sizeof(*all));
		k += w[i].n;
		free(w[i].lat_us);
	}
	if (all == NULL || total == 0) {
		printf("bench_sim: conns=%d: no command completed%s\n", conns,
		       failed ? " (a connection failed)" : "");
		free(all);
		return;
	}
	qsort(all, (size_t)total, sizeof(*all), cmp_unsigned);
	printf("bench_sim: conns=%d commands=%ld seconds=%.2f "
	       "checks_per_s=%.0f p50_us=%u p99_us=%u%s\n",
	       conns, total, (double)(t1 - t0) / 1e6,
	       (double)total * 1e6 / (double)(t1 - t0), all[total / 2],
	       all[(size_t)((double)total * 0.99)],
	       failed ? " (a connection failed)" : "");
	free(all);
}

int
main(int argc, char **argv)
{
	char users[96], portf[96], certs[96], log[96], spec[256];
	char *gen[4], *sim[16];
	int opt, seconds = 5, conns[16], nconns = 0, i, st;
	char *tok, *save;
	pid_t pid;
	FILE *f;

	while ((opt = getopt(argc, argv, "s:c:b:")) != -1) {
		switch (opt) {
		case 's':
			seconds = atoi(optarg);
			break;
		case 'c':
			snprintf(spec, sizeof(spec), "%s", optarg);
			for (tok = strtok_r(spec, ",", &save);
			     tok != NULL && nconns < 16;
			     tok = strtok_r(NULL, ",", &save))
				if (atoi(tok) > 0 && atoi(tok) <= MAX_CONNS)
					conns[nconns++] = atoi(tok);
			break;
		case 'b':
			sim_path = optarg;
			break;
		default:
			fprintf(stderr, "usage: bench_sim [-s SECONDS] "
			                "[-c CONNS,...] [-b EPP_SIM]\n");
			return 2;
		}
	}
	if (nconns == 0) {
		conns[nconns++] = 1;
		conns[nconns++] = 8;
	}
	signal(SIGPIPE, SIG_IGN);
	snprintf(dir, sizeof(dir), "/tmp/eppkit-bench-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(certs, sizeof(certs), "%s/certs", dir);
	snprintf(users, sizeof(users), "%s/users", dir);
	snprintf(portf, sizeof(portf), "%s/port", dir);
	snprintf(log, sizeof(log), "%s/log", dir);
	gen[0] = dup_str(sim_path);
	gen[1] = dup_str("--gen-cert");
	gen[2] = certs;
	gen[3] = NULL;
	waitpid(spawn(gen, NULL), &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "bench_sim: %s --gen-cert failed\n", sim_path);
		return 1;
	}
	f = fopen(users, "w");
	for (i = 0; f != NULL && i < MAX_CONNS; i++)
		fprintf(f, "Bench%d benchpass%d\n", i, i);
	if (f == NULL || fclose(f) != 0)
		return 1;
	i = 0;
	sim[i++] = gen[0];
	sim[i++] = dup_str("--listen");
	sim[i++] = dup_str("127.0.0.1:0");
	sim[i++] = dup_str("--port-file");
	sim[i++] = portf;
	sim[i++] = dup_str("--users");
	sim[i++] = users;
	sim[i++] = dup_str("--cert");
	snprintf(spec, sizeof(spec), "%s/server.pem", certs);
	sim[i++] = dup_str(spec);
	sim[i++] = dup_str("--key");
	snprintf(spec, sizeof(spec), "%s/server-key.pem", certs);
	sim[i++] = dup_str(spec);
	sim[i++] = dup_str("--quiet");
	sim[i] = NULL;
	pid = spawn(sim, log);
	for (i = 0; i < 500 && port == 0; i++) {
		if ((f = fopen(portf, "r")) != NULL) {
			if (fscanf(f, "%d", &port) != 1)
				port = 0;
			fclose(f);
		}
		if (port == 0)
			nap_ms(10);
	}
	if (port == 0) {
		fprintf(stderr, "bench_sim: epp-sim did not start (see %s)\n",
		        log);
		kill(pid, SIGTERM);
		return 1;
	}
	printf("bench_sim: epp-sim on port %d, %d s per run, domain checks\n",
	       port, seconds);
	for (i = 0; i < nconns; i++)
		run(conns[i], seconds);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	snprintf(spec, sizeof(spec), "rm -rf '%s'", dir);
	if (system(spec) != 0)
		return 1;
	return 0;
}
