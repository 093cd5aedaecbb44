/*
 * rpc_domain_check: check domain names through epp-gate with libepprpc.
 *
 *   RPC_CLIENT_CONF_PATH=rpc_client.json rpc_domain_check a.example b.example
 *
 * Prints one line per name: available or not, and the registry's reason.
 */
#include <stdio.h>

#include <epprpc/epprpc.h>

/* print_cd: one <domain:cd> of the compat JSON. */
static void
print_cd(const json_t *cd)
{
	const json_t *name = json_object_get(cd, "name");
	const char *avail = json_string_value(json_object_get(name, "@avail"));
	const char *text = json_string_value(json_object_get(name, "#text"));
	const json_t *reason = json_object_get(cd, "reason");

	if (json_is_object(reason)) /* <reason lang="..."> */
		reason = json_object_get(reason, "#text");
	printf("%-30s %s%s%s\n", text ? text : "?",
	       avail && avail[0] == '1' ? "available" : "taken",
	       json_is_string(reason) ? ": " : "",
	       json_is_string(reason) ? json_string_value(reason) : "");
}

int
main(int argc, char **argv)
{
	epprpc_options opts = EPPRPC_OPTIONS_INIT;
	epprpc_client *client;
	json_t *reply, *cd;
	const char *msg;
	size_t i;
	int rc, code;

	if (argc < 2) {
		fprintf(stderr, "usage: %s NAME...\n", argv[0]);
		return 64;
	}
	rc = epprpc_client_open(&client, &opts);
	if (rc != EPPRPC_OK) {
		fprintf(stderr, "%s: %s\n", epprpc_strerror(rc),
		        epprpc_last_error());
		return 3;
	}
	rc = epprpc_domain_check(&reply, client,
	                         (const char *const *)(argv + 1),
	                         (size_t)(argc - 1));
	epprpc_client_free(client);
	if (rc != EPPRPC_OK) {
		fprintf(stderr, "%s: %s\n", epprpc_strerror(rc),
		        epprpc_last_error());
		return 3;
	}
	if (epprpc_reply_result(reply, &code, &msg) != EPPRPC_RESULT_SUCCESS) {
		fprintf(stderr, "registry: %d %s\n", code, msg ? msg : "");
		json_decref(reply);
		return 1;
	}
	/* One name gives an object, several give a list (docs/protocol.md). */
	cd = json_object_get(reply, "epp");
	cd = json_object_get(json_object_get(cd, "response"), "resData");
	cd = json_object_get(json_object_get(cd, "chkData"), "cd");
	if (json_is_array(cd)) {
		for (i = 0; i < json_array_size(cd); i++)
			print_cd(json_array_get(cd, i));
	} else if (json_is_object(cd)) {
		print_cd(cd);
	}
	json_decref(reply);
	return 0;
}
