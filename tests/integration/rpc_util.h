/*
 * Helpers of the libepprpc broker tests: the harness node's settings, the
 * echo consumer as a child process, clocks.
 */
#ifndef RPC_UTIL_H
#define RPC_UTIL_H

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "epprpc/epprpc.h"

extern char **environ;

struct broker {
	char env_path[512];
	char host[256];
	int port;
	char user[256];
	char pass[256];
};

/* broker_load: the node of an env file of scripts/rabbitmq.sh, read
 * through libepprpc from the rpc_client.json beside it. */
static inline int
broker_load(struct broker *b, const char *env_path)
{
	epprpc_options o = EPPRPC_OPTIONS_INIT, r;
	char conf[600];
	const char *slash;

	memset(b, 0, sizeof(*b));
	if (env_path == NULL || (slash = strrchr(env_path, '/')) == NULL)
		return -1;
	snprintf(b->env_path, sizeof(b->env_path), "%s", env_path);
	snprintf(conf, sizeof(conf), "%.*s/rpc_client.json",
	         (int)(slash - env_path), env_path);
	o.use_env = 0;
	o.conf_path = conf;
	if (epprpc_options_resolve(&r, &o) != EPPRPC_OK)
		return -1;
	snprintf(b->host, sizeof(b->host), "%s", r.host);
	b->port = r.port;
	snprintf(b->user, sizeof(b->user), "%s", r.username);
	snprintf(b->pass, sizeof(b->pass), "%s", r.password);
	epprpc_options_release(&r);
	return 0;
}

static inline void
broker_options(const struct broker *b, epprpc_options *o, const char *queue)
{
	epprpc_options init = EPPRPC_OPTIONS_INIT;

	*o = init;
	o->use_env = 0;
	o->host = b->host;
	o->port = b->port;
	o->username = b->user;
	o->password = b->pass;
	o->queue_name = queue;
	o->timeout_ms = 10000;
}

static inline double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* cpu_ms: user + system time of the whole process so far. */
static inline double
cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 +
	       ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
}

static inline void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* wait_nonempty: 1 once `path` has bytes, 0 after `ms` without. */
static inline int
wait_nonempty(const char *path, long ms)
{
	struct stat st;
	long waited;

	for (waited = 0; waited < ms; waited += 25) {
		if (stat(path, &st) == 0 && st.st_size > 0)
			return 1;
		sleep_ms(25);
	}
	return 0;
}

/* echo_start: run the echo consumer on `queue`; wait until it consumes. */
static inline pid_t
echo_start(const struct broker *b, const char *queue)
{
	static char bin[] = RPC_ECHO_BIN;
	char ready[64], e[] = "-e", q[] = "-q", r[] = "-r", env[512], qn[256];
	char *argv[] = {bin, e, env, q, qn, r, ready, NULL};
	pid_t pid;
	int i;

	snprintf(ready, sizeof(ready), "/tmp/rpc_echo_ready.%d.%ld",
	         (int)getpid(), (long)(now_ms() * 1000));
	snprintf(env, sizeof(env), "%s", b->env_path);
	snprintf(qn, sizeof(qn), "%s", queue);
	unlink(ready);
	if (posix_spawn(&pid, bin, NULL, NULL, argv, environ) != 0)
		return -1;
	for (i = 0; i < 300; i++) {
		if (access(ready, F_OK) == 0) {
			unlink(ready);
			return pid;
		}
		sleep_ms(50);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

static inline void
echo_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

#endif
