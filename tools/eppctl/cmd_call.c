/*
 * eppctl call [--pretty] 'JSON' | -: send one docs/protocol.md request
 * {"cmd": ..., "args": {...}} to the registry and print its compat JSON
 * reply, as the gate would publish it. The request is checked before
 * connecting: a bad one is refused (exit 2) and nothing is sent. Exit 0
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
	fprintf(f, "usage: eppctl [connection options] call [--pretty] "
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
	int i, rc;

	if ((rc = eppctl_conn_extract(c, &argc, argv)) != EPPCTL_OK)
		return rc;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--pretty") == 0)
			how = EPPCTL_OUT_PRETTY;
		else if (strcmp(argv[i], "-h") == 0 ||
		         strcmp(argv[i], "--help") == 0)
			return usage(stdout, EPPCTL_OK);
		else if (json == NULL &&
		         (argv[i][0] != '-' || strcmp(argv[i], "-") == 0))
			json = argv[i];
		else
			return usage(stderr, EPPCTL_USAGE);
	}
	if (json == NULL)
		return usage(stderr, EPPCTL_USAGE);
	if (strcmp(json, "-") == 0) {
		if (eppctl_read_all(stdin, EPP_FRAME_DEFAULT_MAX, &input,
		                    &len) != EPP_OK) {
			fprintf(stderr, "eppctl: cannot read the request from "
			                "standard input\n");
			return EPPCTL_USAGE;
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
