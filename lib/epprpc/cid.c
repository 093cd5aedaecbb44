/*
 * Correlation ids of the requests a client publishes.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "rpc_private.h"

/* A UUID string (version 4 layout): 58 random bits fixed per client and
 * a 62-bit counter from a random start, so ids never repeat within a
 * client and differ between clients. */
void
epprpc__cid_next(char *out, const uint64_t base[2], uint64_t *seq)
{
	uint64_t hi = (base[0] & 0xffffffffffff0fffULL) | 0x4000ULL;
	uint64_t lo = ((base[1] + (*seq)++) & 0x3fffffffffffffffULL) |
	              0x8000000000000000ULL;

	snprintf(out, EPPRPC_CID_LEN, "%08x-%04x-%04x-%04x-%04x%08x",
	         (unsigned)(hi >> 32), (unsigned)(hi >> 16) & 0xffff,
	         (unsigned)hi & 0xffff, (unsigned)(lo >> 48) & 0xffff,
	         (unsigned)(lo >> 32) & 0xffff, (unsigned)lo);
}

void
epprpc__cid_seed(uint64_t base[2], const void *salt)
{
	struct timespec ts;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, base, 2 * sizeof(base[0])) !=
	                      (ssize_t)2 * sizeof(base[0])) {
		clock_gettime(CLOCK_REALTIME, &ts);
		base[0] = (uint64_t)ts.tv_nsec * 6364136223846793005ULL ^
		          (uint64_t)getpid() ^ (uint64_t)(uintptr_t)salt;
		base[1] = (uint64_t)ts.tv_sec * 1442695040888963407ULL ^
		          (uint64_t)ts.tv_nsec;
	}
	if (fd >= 0)
		close(fd);
}
