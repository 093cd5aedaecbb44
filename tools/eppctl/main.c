/*
 * eppctl - talk EPP to a registry from the shell.
 *
 *   eppctl [connection options] COMMAND [args]
 *
 * Exit codes: 0 ok, 1 the registry refused, 2 usage, 3 connection, TLS or
 * protocol failure.
 */
#include <stdio.h>
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
	printf("\nexit status: 0 ok, 1 refused by the registry, 2 usage, "
	       "3 connection/TLS failure\n"
	       "See eppctl(1).\n");
}

int
main(int argc, char **argv)
{
	struct eppctl_conn conn;
	const struct eppctl_cmd *c;
	int next, help = 0, rc;

	memset(&conn, 0, sizeof(conn));
	rc = eppctl_conn_parse(&conn, argc, argv, &next, &help);
	if (rc != EPPCTL_OK)
		return rc;
	if (help) {
		usage();
		return EPPCTL_OK;
	}
	if (next >= argc) {
		fprintf(stderr, "eppctl: no command given (try --help)\n");
		return EPPCTL_USAGE;
	}
	if (strcmp(argv[next], "help") == 0) {
		usage();
		return EPPCTL_OK;
	}
	for (c = eppctl_commands; c->name; c++)
		if (strcmp(c->name, argv[next]) == 0)
			break;
	if (c->name == NULL) {
		fprintf(stderr, "eppctl: unknown command '%s' (try --help)\n",
		        argv[next]);
		return EPPCTL_USAGE;
	}
	if (epp_global_init() != EPP_OK) {
		fprintf(stderr, "eppctl: cannot initialise libepp\n");
		return EPPCTL_CONNECT;
	}
	rc = c->run(&conn, argc - next, argv + next);
	eppctl_conn_free(&conn);
	epp_global_cleanup();
	return rc;
}
