/*
 * eppkit-gencerts DIR: write the test CA, server and client certificates
 * of certgen.h into DIR (created if missing), for tests, the simulator and
 * the demo. Never use them for anything real.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "certgen.h"

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: eppkit-gencerts DIR\n");
		return 2;
	}
	if (mkdir(argv[1], 0700) != 0 && errno != EEXIST) {
		perror(argv[1]);
		return 1;
	}
	return certgen_write_all(argv[1]) == 0 ? 0 : 1;
}
