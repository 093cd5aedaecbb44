/*
 * Check domain names at a registry with libepp.
 *
 *   epp_domain_check EPP_PARAMS_FILE CA_FILE NAME...
 *
 * EPP_PARAMS_FILE is the one-line "host port login password" file of
 * epp-python-client. The program connects over TLS (verifying the registry
 * against CA_FILE), logs in, checks the names, prints one line per name
 * and logs out. Build: cc epp_domain_check.c $(pkg-config --cflags --libs libepp)
 */
#include <stdio.h>

#include <epp/epp.h>
#include <epp/domain.h>
#include <epp/params.h>

int
main(int argc, char **argv)
{
	epp_session_options opts = EPP_SESSION_OPTIONS_INIT;
	epp_domain_check_args args = {0};
	const epp_check_data *chk;
	epp_session *s = NULL;
	epp_response *resp = NULL;
	epp_params params;
	epp_error err;
	size_t i;
	int rc, status = 1;

	if (argc < 4) {
		fprintf(stderr, "usage: %s EPP_PARAMS_FILE CA_FILE NAME...\n",
		        argv[0]);
		return 2;
	}
	epp_global_init();
	if (epp_params_load(&params, argv[1], &err) != EPP_OK) {
		fprintf(stderr, "%s\n", err.text);
		return 2;
	}
	opts.host = params.host;
	opts.port = params.port;
	opts.client_id = params.login;
	opts.password = params.password;
	opts.ca_file = argv[2];

	rc = epp_session_open(&s, &opts);
	if (rc == EPP_OK)
		rc = epp_session_login(s);
	if (rc != EPP_OK) {
		fprintf(stderr, "%s: %s\n", epp_strerror(rc),
		        s ? epp_session_errmsg(s) : "");
		goto out;
	}
	args.names = (const char *const *)&argv[3];
	args.count = (size_t)(argc - 3);
	rc = epp_domain_check(&resp, s, &args);
	if (rc != EPP_OK) {
		fprintf(stderr, "check: %s: %s\n", epp_strerror(rc),
		        epp_session_errmsg(s));
		goto out;
	}
	printf("%d %s\n", epp_response_code(resp), epp_response_message(resp));
	chk = epp_response_check(resp);
	for (i = 0; chk != NULL && i < chk->count; i++)
		printf("%s %s%s%s\n", chk->items[i].name,
		       chk->items[i].avail ? "available" : "taken",
		       chk->items[i].reason ? ": " : "",
		       chk->items[i].reason ? chk->items[i].reason : "");
	status = epp_response_code(resp) < 2000 ? 0 : 1;
	epp_session_logout(s);
out:
	epp_response_free(resp);
	epp_session_free(s);
	epp_params_clear(&params);
	epp_global_cleanup();
	return status;
}
