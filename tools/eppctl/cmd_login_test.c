/*
 * eppctl login-test: connect, log in, say what happened, log out.
 * Exit 0 when the registry accepted the login, 1 when it refused.
 */
#include <stdio.h>

#include "eppctl.h"

int
eppctl_cmd_login_test(struct eppctl_conn *c, int argc, char **argv)
{
	const epp_greeting *g;
	epp_session *s;
	int rc, next;

	if ((rc = eppctl_conn_parse(c, argc, argv, &next, NULL)) != EPPCTL_OK)
		return rc;
	if (next < argc) {
		fprintf(stderr, "eppctl: login-test takes no arguments\n");
		return EPPCTL_USAGE;
	}
	rc = eppctl_connect(c, &s, 1);
	if (rc != EPPCTL_OK)
		return rc;
	g = epp_session_greeting(s);
	printf("connected to %s port %s (%s)\n", c->host,
	       c->port ? c->port : "700", g->sv_id ? g->sv_id : "no svID");
	printf("login as %s accepted (%d)\n", c->user,
	       epp_session_last_code(s));
	rc = eppctl_disconnect(c, s);
	if (rc == EPPCTL_OK)
		printf("logged out\n");
	return rc;
}
