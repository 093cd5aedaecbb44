/*
 * epp-sim: a stateful EPP registry simulator over TLS, for tests, demos
 * and benchmarks. Exit status (cli.h): 0 ok, 3 cannot listen or serve,
 * 64 usage, 66 an input file missing or unreadable, 78 a file or
 * setting that cannot work.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "cli.h"
#include "epp/common.h"
#include "epp/frame.h"
#include "sim.h"

#define PROG "epp-sim"

volatile sig_atomic_t sim_stop;
volatile sig_atomic_t sim_dump_stats;

void
sim_log(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "epp-sim: ");
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strlen(buf);
	buf[n++] = '\n';
	/* One write per line, so that lines of threads never interleave. */
	if (write(STDERR_FILENO, buf, (size_t)n) < 0)
		return;
}

static void
usage(FILE *f)
{
	fprintf(f,
	        "usage: epp-sim --cert FILE --key FILE --users FILE [options]\n"
	        "       epp-sim --gen-cert DIR\n"
	        "\n"
	        "  --listen ADDR:PORT      address to serve (default "
	        "127.0.0.1:700; port 0 picks one)\n"
	        "  --cert FILE             server certificate chain (PEM)\n"
	        "  --key FILE              server private key (PEM)\n"
	        "  --ca FILE               CA for client certificates (PEM)\n"
	        "  --require-client-cert   refuse clients without a "
	        "certificate signed by --ca\n"
	        "  --users FILE            registrars, one \"clid password\" "
	        "per line\n"
	        "  --state FILE            load the registry from FILE at "
	        "start, save it at exit\n"
	        "  --port-file FILE        write the listening port to FILE\n"
	        "  --delay-ms N            delay every response by N ms\n"
	        "  --jitter-ms N           add 0..N ms at random to the delay\n"
	        "  --drop-after N          end each connection after N "
	        "commands\n"
	        "  --drop-mode MODE        close (default), rst or noreply\n"
	        "  --max-sessions N        logged-in sessions per registrar "
	        "(2502 beyond)\n"
	        "  --max-connections N     connections open at once (default "
	        "1000)\n"
	        "  --idle-timeout S        close a connection idle for S "
	        "seconds (default 600, 0 never)\n"
	        "  --max-frame BYTES       largest frame accepted (default "
	        "65536)\n"
	        "  --transfer-days D       pending transfers auto-approve "
	        "after D days (default 5)\n"
	        "  --auto-approve-s S      ... or after S seconds\n"
	        "  --redemption-s S        RGP redemption period (default 30 "
	        "days)\n"
	        "  --pending-restore-s S   RGP pendingRestore period (default "
	        "7 days)\n"
	        "  -q, --quiet             no log line per command\n"
	        "  -n                      check the configuration and exit\n"
	        "  --gen-cert DIR          write ca.pem, server.pem, "
	        "server-key.pem, client.pem,\n"
	        "                          client-key.pem into DIR and exit\n"
	        "  -h, --help              this text\n"
	        "  -V, --version           the version\n"
	        "\n"
	        "SIGUSR1 prints per-command counts and duplicate clTRIDs; "
	        "SIGINT/SIGTERM stop.\n\n");
	cli_exit_usage(f, CLI_SHOWS_TRANSPORT | CLI_SHOWS_NOINPUT |
	                          CLI_SHOWS_CONFIG);
	fprintf(f, "  (3: the address cannot be served)\n"
	           "See epp-sim(8).\n");
}

enum {
	OPT_LISTEN = 256,
	OPT_CERT,
	OPT_KEY,
	OPT_CA,
	OPT_REQUIRE,
	OPT_USERS,
	OPT_STATE,
	OPT_PORT_FILE,
	OPT_DELAY,
	OPT_JITTER,
	OPT_DROP_AFTER,
	OPT_DROP_MODE,
	OPT_MAX_SESSIONS,
	OPT_MAX_CONNECTIONS,
	OPT_IDLE,
	OPT_MAX_FRAME,
	OPT_TRANSFER_DAYS,
	OPT_AUTO_APPROVE,
	OPT_REDEMPTION,
	OPT_PENDING_RESTORE,
	OPT_GEN_CERT
};

static const struct option longopts[] = {
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"cert", required_argument, NULL, OPT_CERT},
        {"key", required_argument, NULL, OPT_KEY},
        {"ca", required_argument, NULL, OPT_CA},
        {"require-client-cert", no_argument, NULL, OPT_REQUIRE},
        {"users", required_argument, NULL, OPT_USERS},
        {"state", required_argument, NULL, OPT_STATE},
        {"port-file", required_argument, NULL, OPT_PORT_FILE},
        {"delay-ms", required_argument, NULL, OPT_DELAY},
        {"jitter-ms", required_argument, NULL, OPT_JITTER},
        {"drop-after", required_argument, NULL, OPT_DROP_AFTER},
        {"drop-mode", required_argument, NULL, OPT_DROP_MODE},
        {"max-sessions", required_argument, NULL, OPT_MAX_SESSIONS},
        {"max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS},
        {"idle-timeout", required_argument, NULL, OPT_IDLE},
        {"max-frame", required_argument, NULL, OPT_MAX_FRAME},
        {"transfer-days", required_argument, NULL, OPT_TRANSFER_DAYS},
        {"auto-approve-s", required_argument, NULL, OPT_AUTO_APPROVE},
        {"redemption-s", required_argument, NULL, OPT_REDEMPTION},
        {"pending-restore-s", required_argument, NULL, OPT_PENDING_RESTORE},
        {"gen-cert", required_argument, NULL, OPT_GEN_CERT},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
};

/* A whole non-negative number no larger than max, or exit 64. */
static long
number(const char *opt, const char *s, long max)
{
	long v;

	if (cli_number(PROG, opt, s, 0, max, &v) != 0)
		exit(CLI_USAGE);
	return v;
}

static void
on_stop(int sig)
{
	(void)sig;
	sim_stop = 1;
}

static void
on_usr1(int sig)
{
	(void)sig;
	sim_dump_stats = 1;
}

static void
signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

int
main(int argc, char **argv)
{
	struct sim_config cfg;
	const char *gen_cert = NULL;
	char err[512];
	int c, check_only = 0, rc;
	long port;
	SSL_CTX *ctx;

	memset(&cfg, 0, sizeof(cfg));
	cfg.listen = "127.0.0.1:700";
	cfg.idle_timeout_s = 600;
	cfg.max_connections = 1000;
	cfg.write_timeout_s = 30;
	cfg.max_frame = 65536;
	cfg.transfer_s = 5L * 86400;
	cfg.redemption_s = 30L * 86400;
	cfg.pending_restore_s = 7L * 86400;
	optind = 0;
	while ((c = cli_getopt(PROG, argc, argv, "qnhV", longopts)) != -1) {
		switch (c) {
		case OPT_LISTEN:
			cfg.listen = optarg;
			break;
		case OPT_CERT:
			cfg.cert = optarg;
			break;
		case OPT_KEY:
			cfg.key = optarg;
			break;
		case OPT_CA:
			cfg.ca = optarg;
			break;
		case OPT_REQUIRE:
			cfg.require_client_cert = 1;
			break;
		case OPT_USERS:
			cfg.users = optarg;
			break;
		case OPT_STATE:
			cfg.state = optarg;
			break;
		case OPT_PORT_FILE:
			cfg.port_file = optarg;
			break;
		case OPT_DELAY:
			cfg.delay_ms =
			        (int)number("--delay-ms", optarg, 600000);
			break;
		case OPT_JITTER:
			cfg.jitter_ms =
			        (int)number("--jitter-ms", optarg, 600000);
			break;
		case OPT_DROP_AFTER:
			cfg.drop_after =
			        number("--drop-after", optarg, LONG_MAX);
			break;
		case OPT_DROP_MODE:
			if (strcmp(optarg, "close") == 0)
				cfg.drop_mode = SIM_DROP_CLOSE;
			else if (strcmp(optarg, "rst") == 0)
				cfg.drop_mode = SIM_DROP_RST;
			else if (strcmp(optarg, "noreply") == 0)
				cfg.drop_mode = SIM_DROP_NOREPLY;
			else
				return cli_usage_error(
				        PROG,
				        "--drop-mode: close, rst or noreply, "
				        "not '%s'",
				        optarg);
			break;
		case OPT_MAX_SESSIONS:
			cfg.max_sessions =
			        (int)number("--max-sessions", optarg, 100000);
			break;
		case OPT_MAX_CONNECTIONS:
			cfg.max_connections = (int)number("--max-connections",
			                                  optarg, 100000);
			if (cfg.max_connections < 1)
				return cli_usage_error(
				        PROG, "--max-connections: at least 1");
			break;
		case OPT_IDLE:
			cfg.idle_timeout_s =
			        (int)number("--idle-timeout", optarg, 86400);
			break;
		case OPT_MAX_FRAME:
			cfg.max_frame = (size_t)number("--max-frame", optarg,
			                               EPP_FRAME_DEFAULT_MAX);
			if (cfg.max_frame < 64)
				return cli_usage_error(
				        PROG, "--max-frame: at least 64");
			break;
		case OPT_TRANSFER_DAYS:
			cfg.transfer_s =
			        number("--transfer-days", optarg, 3650) *
			        86400L;
			break;
		case OPT_AUTO_APPROVE:
			cfg.transfer_s =
			        number("--auto-approve-s", optarg, 315360000L);
			break;
		case OPT_REDEMPTION:
			cfg.redemption_s =
			        number("--redemption-s", optarg, 315360000L);
			break;
		case OPT_PENDING_RESTORE:
			cfg.pending_restore_s = number("--pending-restore-s",
			                               optarg, 315360000L);
			break;
		case OPT_GEN_CERT:
			gen_cert = optarg;
			break;
		case 'q':
			cfg.quiet = 1;
			break;
		case 'n':
			check_only = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			cli_version(PROG);
			return 0;
		default:
			return CLI_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage_error(PROG, "unexpected argument '%s'",
		                       argv[optind]);
	if (strrchr(cfg.listen, ':') == NULL)
		return cli_usage_error(PROG, "--listen: ADDR:PORT, not '%s'",
		                       cfg.listen);
	if (cli_number(PROG, "--listen PORT", strrchr(cfg.listen, ':') + 1, 0,
	               65535, &port) != 0)
		return CLI_USAGE;
	if (gen_cert != NULL) {
		if (sim_gen_cert(gen_cert, err, sizeof(err)) != 0) {
			fprintf(stderr, "epp-sim: %s\n", err);
			return CLI_NOINPUT;
		}
		return 0;
	}
	if (cfg.cert == NULL || cfg.key == NULL || cfg.users == NULL)
		return cli_usage_error(PROG, "%s is required",
		                       cfg.cert == NULL  ? "--cert FILE"
		                       : cfg.key == NULL ? "--key FILE"
		                                         : "--users FILE");
	if (cfg.require_client_cert && cfg.ca == NULL)
		return cli_usage_error(PROG,
		                       "--require-client-cert needs --ca FILE");
	if ((rc = cli_check_file(PROG, "certificate", cfg.cert)) != 0 ||
	    (rc = cli_check_file(PROG, "key", cfg.key)) != 0 ||
	    (rc = cli_check_file(PROG, "users file", cfg.users)) != 0 ||
	    (cfg.ca && (rc = cli_check_file(PROG, "CA file", cfg.ca)) != 0) ||
	    (cfg.state && access(cfg.state, F_OK) == 0 &&
	     (rc = cli_check_file(PROG, "state file", cfg.state)) != 0))
		return rc;
	if (epp_global_init() != EPP_OK || sim_registry_init(&cfg) != 0) {
		fprintf(stderr, "epp-sim: initialisation failed\n");
		return CLI_CONFIG;
	}
	if (sim_schema_init(err, sizeof(err)) != 0) {
		fprintf(stderr, "epp-sim: %s\n", err);
		return CLI_CONFIG;
	}
	if (sim_users_load(cfg.users, err, sizeof(err)) != 0 ||
	    (cfg.state != NULL && access(cfg.state, F_OK) == 0 &&
	     sim_state_load(cfg.state, err, sizeof(err)) != 0)) {
		fprintf(stderr, "epp-sim: %s\n", err);
		return CLI_CONFIG;
	}
	ctx = sim_tls_ctx(&cfg, err, sizeof(err));
	if (ctx == NULL) {
		fprintf(stderr, "epp-sim: %s\n", err);
		return CLI_CONFIG;
	}
	if (check_only) {
		printf("epp-sim: configuration OK\n");
		SSL_CTX_free(ctx);
		return 0;
	}
	signals();
	rc = sim_server_run(&cfg, ctx) == 0 ? CLI_OK : CLI_TRANSPORT;
	if (cfg.state != NULL &&
	    sim_state_save(cfg.state, err, sizeof(err)) != 0) {
		sim_log("%s", err);
		rc = CLI_NOINPUT;
	}
	sim_stats_print();
	SSL_CTX_free(ctx);
	sim_schema_free();
	return rc;
}
