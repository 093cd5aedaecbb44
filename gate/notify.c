/*
 * Talking to the service manager: sd_notify(3) messages written to
 * $NOTIFY_SOCKET ourselves (no libsystemd needed), and the health file the
 * original's systemd units watch.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "gate.h"

int
gate_sd_notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa;
	socklen_t salen;
	size_t n;
	ssize_t w;
	int fd;

	if (path == NULL || *path == '\0')
		return 0;
	n = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || n >= sizeof(sa.sun_path))
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, n);
	if (path[0] == '@')
		sa.sun_path[0] = '\0'; /* abstract namespace */
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0)
		return -1;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	w = sendto(fd, state, strlen(state), 0, (struct sockaddr *)&sa, salen);
	close(fd);
	return w == (ssize_t)strlen(state) ? 0 : -1;
}

long
gate_sd_watchdog_ms(void)
{
	const char *s = getenv("WATCHDOG_USEC"), *pid = getenv("WATCHDOG_PID");
	long long us;

	if (s == NULL)
		return 0;
	if (pid && atol(pid) != (long)getpid())
		return 0;
	us = atoll(s);
	return us > 0 ? (long)(us / 1000) : 0;
}

static void
health_stat(struct gate_health *h)
{
	struct stat st;

	if (stat(h->path, &st) == 0) {
		h->exists = 1;
		h->size = (long long)st.st_size;
		h->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL +
		              st.st_mtim.tv_nsec;
	} else {
		h->exists = 0;
		h->size = -1;
		h->mtime_ns = -1;
	}
}

int
gate_health_init(struct gate_health *h, const char *path)
{
	memset(h, 0, sizeof(*h));
	h->path = strdup(path);
	if (h->path == NULL)
		return -1;
	pthread_mutex_init(&h->lock, NULL);
	health_stat(h);
	return 0;
}

void
gate_health_free(struct gate_health *h)
{
	if (h->path == NULL)
		return;
	pthread_mutex_destroy(&h->lock);
	free(h->path);
	h->path = NULL;
}

int
gate_health_changed(struct gate_health *h)
{
	long long size, mtime;
	int exists, changed;

	if (h->path == NULL)
		return 0;
	pthread_mutex_lock(&h->lock);
	size = h->size;
	mtime = h->mtime_ns;
	exists = h->exists;
	health_stat(h);
	/* A file that appears or grows or is touched: someone reports a
	 * broken gate. A file that disappears is just cleaned up. */
	changed = h->exists &&
	          (!exists || h->size != size || h->mtime_ns != mtime);
	pthread_mutex_unlock(&h->lock);
	return changed;
}
