/*
 * A program outside the tree using both installed libraries: libepprpc
 * makes a request, libepp builds it into EPP XML.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epp/epp.h>
#include <epprpc/epprpc.h>

int
main(void)
{
	json_t *req = epprpc_req_host_info("ns1.example.com");
	char *text = req ? json_dumps(req, 0) : NULL;
	epp_command *cmd = NULL;
	epp_error err;
	size_t len = 0;
	int rc;

	if (text == NULL)
		return 1;
	rc = epp_json_to_command(&cmd, text, strlen(text), "CONSUMER-1", &err);
	if (rc != EPP_OK) {
		fprintf(stderr, "consumer: %s\n", err.text);
		return 1;
	}
	epp_command_xml(cmd, &len);
	printf("consumer ok: libepp %s, %s, %zu bytes of XML\n", epp_version(),
	       epp_command_name(cmd), len);
	epp_command_free(cmd);
	free(text);
	json_decref(req);
	return 0;
}
