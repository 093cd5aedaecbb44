/*
 * eppctl call [--pretty] 'JSON' | -: send one docs/protocol.md request
 * {"cmd": ..., "args": {...}} to the registry and print its compat JSON
 * reply, as the gate would publish it. The request is checked before
 * connecting: a bad one is refused (exit 64) and nothing is sent. Exit 0
 * for a result code below 2000, 1 for a refusal, 3 when the connection
 * failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epp/frame.h"
#include "eppctl.h"

static int
usage(FILE *f, int rc)
{
	fprintf(f, "usage: eppctl [connection options] call [--json|--pretty] "
	           "'JSON' | -\n"
	           "Send a JSON request {\"cmd\": ..., \"args\": {...}} "
	           "(- reads it from standard input)\n"
	           "and print the registry's reply as compat JSON.\n");
	return rc;
}

int
eppctl_cmd_call(struct eppctl_conn *c, int argc, char **argv)
{
	enum eppctl_output how = EPPCTL_OUT_JSON;
	const char *json = NULL;
	char *input = NULL;
	epp_command *cmd;
	size_t len = 0;
	int rc;
	static const struct option own[] = {
	        {"pretty", no_argument, NULL, EPPCTL_OPT_OWN},
	        {"json", no_argument, NULL, EPPCTL_OPT_OWN + 1},
	        {NULL, 0, NULL, 0},
	};

	while ((rc = eppctl_getopt(c, argc, argv, own)) != EPPCTL_OPT_END) {
		if (rc == EPPCTL_OPT_HELP)
			return usage(stdout, EPPCTL_OK);
		if (rc == EPPCTL_OPT_ERROR)
			return EPPCTL_USAGE;
		how = rc == EPPCTL_OPT_OWN ? EPPCTL_OUT_PRETTY
		                           : EPPCTL_OUT_JSON;
	}
	if (optind + 1 != argc)
		return optind == argc
		               ? cli_usage_error("eppctl", "call needs a JSON "
		                                           "request or -")
		               : cli_usage_error("eppctl",
		                                 "call takes one request, not "
		                                 "also '%s'",
		                                 argv[optind + 1]);
	json = argv[optind];
	if (strcmp(json, "-") == 0) {
		if (eppctl_read_all(stdin, EPP_FRAME_DEFAULT_MAX, &input,
		                    &len) != EPP_OK) {
			fprintf(stderr, "eppctl: cannot read the request from "
			                "standard input\n");
			return EPPCTL_NOINPUT;
		}
		json = input;
	} else {
		len = strlen(json);
	}
	rc = eppctl_request_build(c, json, len, &cmd);
	free(input);
	if (rc != EPPCTL_OK)
		return rc;
	rc = eppctl_request_run(c, cmd, how);
	epp_command_free(cmd);
	return rc;
}
