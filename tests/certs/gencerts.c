/*
 * eppkit-gencerts [--days N] DIR: write the test CA, server and client
 * certificates of certgen.h into DIR (created if missing), for tests, the
 * simulator and the demo. Never use them for anything real.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "certgen.h"
#include "cli.h"

#define PROG "eppkit-gencerts"

static void
usage(void)
{
	printf("usage: " PROG " [--days N] DIR\n"
	       "\n"
	       "Write a throw-away test CA (ca.pem), server (server.pem, "
	       "server.key:\n"
	       "localhost, 127.0.0.1, ::1) and client (client.pem, client.key, "
	       "client-enc.key)\n"
	       "certificates, and the broken ones the tests need, into DIR "
	       "(made when missing).\n"
	       "Never use them for anything real.\n"
	       "\n"
	       "  --days N       validity of the CA, server and client "
	       "certificates (default 30)\n"
	       "  -h, --help     this text\n"
	       "  -V, --version  the version\n"
	       "\n");
	cli_exit_usage(stdout, CLI_SHOWS_NOINPUT);
	printf("  (66 also when DIR cannot be made or written)\n"
	       "See tests/certs/README.md.\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"days", required_argument, NULL, 'd'},
	        {"help", no_argument, NULL, 'h'},
	        {"version", no_argument, NULL, 'V'},
	        {NULL, 0, NULL, 0},
	};
	long days = 30;
	int ch;

	optind = 0;
	while ((ch = cli_getopt(PROG, argc, argv, "hV", longopts)) != -1) {
		switch (ch) {
		case 'd':
			if (cli_number(PROG, "--days", optarg, 1, 3650,
			               &days) != 0)
				return CLI_USAGE;
			break;
		case 'h':
			usage();
			return CLI_OK;
		case 'V':
			cli_version(PROG);
			return CLI_OK;
		default:
			return CLI_USAGE;
		}
	}
	if (optind == argc)
		return cli_usage_error(PROG, "no DIR given");
	if (optind + 1 < argc)
		return cli_usage_error(PROG, "one DIR only, not also '%s'",
		                       argv[optind + 1]);
	if (mkdir(argv[optind], 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, PROG ": cannot make %s: %s\n", argv[optind],
		        strerror(errno));
		return CLI_NOINPUT;
	}
	return certgen_write(argv[optind], (int)days) == 0 ? CLI_OK
	                                                   : CLI_NOINPUT;
}
