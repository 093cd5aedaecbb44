/*
 * eppctl login-test [--json]: connect, log in, say what happened, log
 * out. Exit 0 when the registry accepted the login, 1 when it refused.
 */
#include <stdio.h>

#include <jansson.h>

#include "eppctl.h"

static int
usage(FILE *f, int rc)
{
	fprintf(f, "usage: eppctl [connection options] login-test [--json]\n"
	           "Log in and out and say whether the login worked.\n"
	           "--json: {host, port, server, user, code, logged_out} "
	           "after a login.\n");
	return rc;
}

int
eppctl_cmd_login_test(struct eppctl_conn *c, int argc, char **argv)
{
	static const struct option own[] = {
	        {"json", no_argument, NULL, EPPCTL_OPT_OWN},
	        {NULL, 0, NULL, 0},
	};
	const epp_greeting *g;
	epp_session *s;
	json_t *o;
	int rc, code, json = 0;

	while ((rc = eppctl_getopt(c, argc, argv, own)) != EPPCTL_OPT_END) {
		if (rc == EPPCTL_OPT_HELP)
			return usage(stdout, EPPCTL_OK);
		if (rc == EPPCTL_OPT_ERROR)
			return EPPCTL_USAGE;
		json = 1;
	}
	if (optind < argc)
		return cli_usage_error(
		        "eppctl", "login-test takes no arguments, not '%s'",
		        argv[optind]);
	rc = eppctl_connect(c, &s, 1);
	if (rc != EPPCTL_OK)
		return rc;
	g = epp_session_greeting(s);
	code = epp_session_last_code(s);
	/* The greeting goes with the session: read it first. */
	o = json_pack("{s:s,s:s,s:s?,s:s,s:i}", "host", c->host, "port",
	              c->port ? c->port : "700", "server", g->sv_id, "user",
	              c->user, "code", code);
	if (!json) {
		printf("connected to %s port %s (", c->host,
		       c->port ? c->port : "700");
		cli_print_value(stdout, g->sv_id ? g->sv_id : "no svID");
		printf(")\n");
		printf("login as %s accepted (%d)\n", c->user, code);
	}
	rc = eppctl_disconnect(c, s);
	if (json) {
		if (o)
			json_object_set_new(o, "logged_out",
			                    json_boolean(rc == EPPCTL_OK));
		eppctl_print_json(stdout, o);
	} else if (rc == EPPCTL_OK) {
		printf("logged out\n");
	}
	json_decref(o);
	return rc;
}
