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
	int rc;
	static const struct option own[] = {
	        {"cltrid", required_argument, NULL, EPPCTL_OPT_OWN},
	        {NULL, 0, NULL, 0},
	};
	static const char synopsis[] =
	        "usage: eppctl xml [--cltrid ID] 'JSON' | -\n"
	        "Print the EPP command of a docs/protocol.md request "
	        "(offline; - or nothing\nreads it from standard input).\n";

	while ((rc = eppctl_getopt(c, argc, argv, own)) != EPPCTL_OPT_END) {
		if (rc == EPPCTL_OPT_HELP) {
			printf("%s", synopsis);
			return EPPCTL_OK;
		}
		if (rc == EPPCTL_OPT_ERROR)
			return EPPCTL_USAGE;
		cltrid = optarg;
	}
	if (optind + 1 < argc)
		return cli_usage_error("eppctl",
		                       "xml takes one request, not "
		                       "also '%s'",
		                       argv[optind + 1]);
	if (optind < argc)
		json = argv[optind];
	if (json == NULL || strcmp(json, "-") == 0) {
		if (eppctl_read_all(stdin, EPP_FRAME_DEFAULT_MAX, &input,
		                    &len) != EPP_OK) {
			fprintf(stderr, "eppctl: cannot read stdin\n");
			return EPPCTL_NOINPUT;
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
