/*
 * Load for the cluster test: THREADS libepprpc clients (one each, so they
 * start at different broker nodes), each sending a transform and a
 * domain check in turn until SECONDS have passed or the file STOP exists.
 * The transforms are 8 domain creates per thread (the simulated
 * registrar's credit allows about 100), then contact creates (free). One
 * line per request on stdout:
 *
 *   END_MS CMD NAME ok CODE
 *   END_MS CMD NAME unknown CORRELATION_ID   (EPPRPC_EUNKNOWN)
 *   END_MS CMD NAME gate-unknown CLTRID      (the gate's "outcome
 *                                             unknown" reply)
 *   END_MS CMD NAME error TEXT
 *
 * Usage: cluster_load CONF THREADS SECONDS STOP PREFIX REGISTRANT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "epprpc/epprpc.h"

static const char *conf, *stop_file, *prefix, *registrant;
static double seconds;

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
report(const char *cmd, const char *name, const char *status, const char *what)
{
	flockfile(stdout);
	printf("%lld %s %s %s %s\n", now_ms(), cmd, name, status, what);
	fflush(stdout);
	funlockfile(stdout);
}

enum kind { CHECK, DOMAIN_CREATE, CONTACT_CREATE };

static void
one(epprpc_client *c, enum kind k, const char *name)
{
	static const char *const cmds[] = {"domain_check", "domain_create",
	                                   "contact_create"};
	const char *cmd = cmds[k];
	const char *msg = NULL, *cid;
	json_t *req, *reply = NULL, *tr;
	char buf[64];
	int rc, code = 0;

	if (k == DOMAIN_CREATE)
		req = json_pack("{s:s,s:{s:s,s:s,s:i,s:s}}", "cmd", cmd, "args",
		                "name", name, "registrant", registrant,
		                "period", 1, "period_units", "y");
	else if (k == CONTACT_CREATE)
		req = json_pack("{s:s,s:{s:s,s:s,s:s,s:[{s:s,s:s,s:{s:[s],s:s,"
		                "s:s}}]}}",
		                "cmd", cmd, "args", "id", name, "email",
		                "c@example.com", "voice", "+1.5555555555",
		                "contacts", "type", "int", "name", "C",
		                "address", "street", "1 St", "city", "X", "cc",
		                "US");
	else
		req = json_pack("{s:s,s:{s:[s]}}", "cmd", cmd, "args",
		                "domains", name);
	rc = epprpc_call_json(&reply, c, req, 20000);
	json_decref(req);
	if (rc == EPPRPC_OK) {
		epprpc_reply_result(reply, &code, &msg);
		tr = json_object_get(reply, "clTRID");
		if (code == 0 && json_is_string(tr)) {
			report(cmd, name, "gate-unknown",
			       json_string_value(tr));
		} else {
			snprintf(buf, sizeof(buf), "%d", code);
			report(cmd, name, "ok", buf);
		}
	} else if (rc == EPPRPC_EUNKNOWN) {
		cid = strstr(epprpc_last_error(), "correlation id ");
		snprintf(buf, sizeof(buf), "%.36s",
		         cid ? cid + strlen("correlation id ") : "?");
		report(cmd, name, "unknown", buf);
	} else {
		report(cmd, name, "error", epprpc_strerror(rc));
		fprintf(stderr, "%s %s: %s\n", cmd, name, epprpc_last_error());
	}
	json_decref(reply);
}

static void *
thread_main(void *arg)
{
	int id = (int)(long)arg, i;
	epprpc_options o = EPPRPC_OPTIONS_INIT;
	epprpc_client *c;
	char name[128];
	long long end = now_ms() + (long long)(seconds * 1000);

	o.conf_path = conf;
	o.use_env = 0;
	if (epprpc_client_open(&c, &o) != EPPRPC_OK) {
		fprintf(stderr, "open: %s\n", epprpc_last_error());
		exit(1);
	}
	for (i = 0; now_ms() < end && access(stop_file, F_OK) != 0; i++) {
		if (i % 2 == 1) {
			snprintf(name, sizeof(name), "%s-%d-%d.example", prefix,
			         id, i / 2);
			one(c, CHECK, name);
		} else if (i / 2 < 8) {
			snprintf(name, sizeof(name), "%s-%d-%d.example", prefix,
			         id, i / 2);
			one(c, DOMAIN_CREATE, name);
		} else {
			/* A contact id has 3 to 16 characters. */
			snprintf(name, sizeof(name), "k%dx%d", id, i / 2);
			one(c, CONTACT_CREATE, name);
		}
	}
	epprpc_client_free(c);
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t t[64];
	int n, i;

	if (argc != 7) {
		fprintf(stderr, "usage: cluster_load CONF THREADS SECONDS STOP "
		                "PREFIX REGISTRANT\n");
		return 2;
	}
	conf = argv[1];
	n = atoi(argv[2]);
	seconds = atof(argv[3]);
	stop_file = argv[4];
	prefix = argv[5];
	registrant = argv[6];
	if (n < 1 || n > 64)
		return 2;
	for (i = 0; i < n; i++)
		pthread_create(&t[i], NULL, thread_main, (void *)(long)i);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}
