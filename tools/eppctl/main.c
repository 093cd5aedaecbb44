/*
 * eppctl - talk EPP to a registry from the shell.
 *
 *   eppctl [connection options] COMMAND [options] [args]
 *
 * Options may come before or after the command and its arguments; "--"
 * ends them. Exit statuses: cli.h (0 ok, 1 the registry refused, 3
 * connection, TLS or protocol failure, 64 usage, 66 a file that cannot be
 * read, 78 one that does not parse).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eppctl.h"

/* One line per subcommand; the handler lives in cmd_<name>.c. */
const struct eppctl_cmd eppctl_commands[] = {
        {"hello", "",
         "print the registry's greeting (logs in if a user "
         "is given)",
         eppctl_cmd_hello},
        {"login-test", "", "log in and out, say whether the login worked",
         eppctl_cmd_login_test},
        {"xml", "[--cltrid ID] 'JSON'",
         "print the EPP command for a docs/protocol.md JSON request "
         "(offline)",
         eppctl_cmd_xml},
        {"json", "[FILE...]",
         "convert EPP XML (stdin without FILE) to compat JSON, one line "
         "each, offline",
         eppctl_cmd_json},
        {"fee", "check [options] DOMAIN...",
         "ask the fees of domain commands (RFC 8748)", eppctl_cmd_fee},
        {"launch", "claims [--phase P] DOMAIN...",
         "claims check: marks and claim keys (RFC 8334)", eppctl_cmd_launch},
        {"call", "[--pretty] 'JSON' | -",
         "send a JSON request, print the compat JSON reply", eppctl_cmd_call},
        {"domain", "ACTION ...", "domain shortcuts (below)",
         eppctl_cmd_shortcut},
        {"host", "ACTION ...", "host shortcuts (below)", eppctl_cmd_shortcut},
        {"contact", "ACTION ...", "contact shortcuts (below)",
         eppctl_cmd_shortcut},
        {"poll", "req | ack ID", "read or acknowledge a poll message",
         eppctl_cmd_shortcut},
        {"journal", "FILE [--since TIME] [--json]",
         "list the transforms an epp-gate journal recorded (offline)",
         eppctl_cmd_journal},
        {"shell", "[--keepalive SECONDS]",
         "an interactive session on one login", eppctl_cmd_shell},
        {NULL, NULL, NULL, NULL},
};

static void
usage(void)
{
	const struct eppctl_cmd *c;
	char name[64];

	printf("usage: eppctl [connection options] COMMAND [args]\n\n"
	       "commands:\n");
	for (c = eppctl_commands; c->name; c++) {
		snprintf(name, sizeof(name), "%s%s%s", c->name,
		         *c->args ? " " : "", c->args);
		printf("  %-22s  %s\n", name, c->summary);
	}
	printf("\nshortcuts (each sends the request call would):\n");
	eppctl_shortcut_usage(stdout, "  ");
	printf("\n");
	eppctl_conn_usage();
	printf("  -h, --help              this text (COMMAND --help: the "
	       "command's)\n"
	       "  -V, --version           the version\n"
	       "Options may come before or after the command; -- ends them.\n"
	       "\n");
	cli_exit_usage(stdout, CLI_SHOWS_REFUSED | CLI_SHOWS_TRANSPORT |
	                               CLI_SHOWS_NOINPUT | CLI_SHOWS_CONFIG);
	printf("See eppctl(1).\n");
}

/* The names a mistyped command may have meant. */
static const char *const *
command_names(void)
{
	static const char *names[32];
	size_t n = 0;
	const struct eppctl_cmd *c;

	for (c = eppctl_commands; c->name && n < 30; c++)
		names[n++] = c->name;
	names[n++] = "help";
	names[n] = NULL;
	return names;
}

/*
 * Find the command among the options: the first argument that is
 * neither an option nor the value of a connection option. Returns its
 * index, or argc when there is none. *version is set for --version/-V
 * before it.
 */
static int
find_command(int argc, char **argv, int *version)
{
	int i, arity;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		if (argv[i][0] != '-' || argv[i][1] == '\0')
			return i;
		if (strcmp(argv[i], "--version") == 0 ||
		    strcmp(argv[i], "-V") == 0)
			*version = 1;
		arity = eppctl_conn_option_arity(argv[i]);
		if (arity == 1)
			i++;
	}
	return argc;
}

int
main(int argc, char **argv)
{
	struct eppctl_conn conn;
	const struct eppctl_cmd *c;
	char **args;
	int at, i, n, rc, version = 0;

	memset(&conn, 0, sizeof(conn));
	at = find_command(argc, argv, &version);
	if (version) {
		cli_version("eppctl");
		return EPPCTL_OK;
	}
	if (at < argc && strcmp(argv[at], "help") == 0) {
		usage();
		return EPPCTL_OK;
	}
	if (at >= argc) {
		/* No command: the options alone must still be good ones. */
		optind = 0;
		rc = eppctl_getopt(&conn, argc, argv, NULL);
		if (rc == EPPCTL_OPT_HELP) {
			usage();
			return EPPCTL_OK;
		}
		if (rc == EPPCTL_OPT_ERROR)
			return EPPCTL_USAGE;
		return cli_usage_error("eppctl", "no command given");
	}
	for (c = eppctl_commands; c->name; c++)
		if (strcmp(c->name, argv[at]) == 0)
			break;
	if (c->name == NULL)
		return cli_unknown("eppctl", "command", argv[at],
		                   command_names());
	/* The command's argv: its name, then every other argument in
	 * order (the options before it included), for its own parser. */
	if ((args = calloc((size_t)argc + 1, sizeof(*args))) == NULL)
		return EPPCTL_CONNECT;
	args[0] = argv[at];
	for (i = 1, n = 1; i < argc; i++)
		if (i != at && !(i == at - 1 && strcmp(argv[i], "--") == 0))
			args[n++] = argv[i];
	if (epp_global_init() != EPP_OK) {
		fprintf(stderr, "eppctl: cannot initialise libepp\n");
		free(args);
		return EPPCTL_CONNECT;
	}
	optind = 0;
	rc = c->run(&conn, n, args);
	eppctl_conn_free(&conn);
	epp_global_cleanup();
	free(args);
	return rc;
}
