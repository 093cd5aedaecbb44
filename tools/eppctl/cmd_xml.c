/*
 * eppctl xml [--cltrid ID] 'JSON': print the EPP command that a
 * docs/protocol.md request {"cmd": ..., "args": {...}} becomes, offline. The
 * JSON comes from the argument, or from stdin when it is "-" or absent.
 * This is the same code path the gate runs for every request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epp/command.h"
#include "epp/frame.h"
#include "epp/json.h"
#include "eppctl.h"

int
eppctl_cmd_xml(struct eppctl_conn *c, int argc, char **argv)
{
	char id[EPP_CLTRID_BUFSIZE];
	const char *cltrid = NULL, *json = NULL, *xml;
	char *input = NULL;
	size_t len = 0, xml_len;
	epp_command *cmd;
	epp_error err;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--cltrid") == 0 && i + 1 < argc)
			cltrid = argv[++i];
		else if (strncmp(argv[i], "--cltrid=", 9) == 0)
			cltrid = argv[i] + 9;
		else if (json == NULL &&
		         (argv[i][0] != '-' || strcmp(argv[i], "-") == 0))
			json = argv[i];
		else {
			fprintf(stderr,
			        "usage: eppctl xml [--cltrid ID] 'JSON'\n");
			return EPPCTL_USAGE;
		}
	}
	if (json == NULL || strcmp(json, "-") == 0) {
		if (eppctl_read_all(stdin, EPP_FRAME_DEFAULT_MAX, &input,
		                    &len) != EPP_OK) {
			fprintf(stderr, "eppctl: cannot read stdin\n");
			return EPPCTL_USAGE;
		}
		json = input;
	} else {
		len = strlen(json);
	}
	if (cltrid == NULL) {
		epp_cltrid_generate(id, c->cltrid_prefix);
		cltrid = id;
	}
	memset(&err, 0, sizeof(err));
	rc = epp_json_to_command(&cmd, json, len, cltrid, &err);
	free(input);
	if (rc != EPP_OK) {
		fprintf(stderr, "eppctl: %s\n", err.text);
		return EPPCTL_USAGE;
	}
	xml = epp_command_xml(cmd, &xml_len);
	fwrite(xml, 1, xml_len, stdout);
	epp_command_free(cmd);
	return EPPCTL_OK;
}
