/*
 * An EPP-over-TLS test server in a thread of the test process: listens on
 * 127.0.0.1 (or ::1) port 0, sends the minireg greeting, answers with minireg.
 */
#ifndef EPPKIT_TEST_TLS_SERVER_H
#define EPPKIT_TEST_TLS_SERVER_H

#include <pthread.h>
#include <stdatomic.h>

#include "minireg.h"

struct tls_server {
	/* set before tls_server_start */
	const char *cert_file, *key_file;
	const char *client_ca; /* set: require a client certificate */
	int no_tls_handshake;  /* 1: accept TCP, then say nothing */
	int no_greeting;       /* 1: complete TLS, then say nothing */
	int hang_up;           /* 1: close right after the greeting */
	int ipv6;              /* 1: listen on ::1 instead */
	struct minireg reg;
	/* results */
	int port;
	int connections, handshakes_failed;
	char client_cn[128]; /* CN of the last verified client cert */
	/* internal */
	int fd;
	atomic_int stop;
	pthread_t thread;
	void *ctx;
};

/* Start listening and serving. Returns 0 or -1. */
int tls_server_start(struct tls_server *srv);

/* Stop the thread and close everything. */
void tls_server_stop(struct tls_server *srv);

#endif
