/*
 * eppctl hello: connect, log in when credentials are at hand, send
 * <hello> and print the greeting; log out.
 */
#include <stdio.h>

#include "eppctl.h"

static void
print_list(FILE *out, const char *label, const char *const *list)
{
	const char *const *p;

	fprintf(out, "%-12s", label);
	if (list == NULL || *list == NULL)
		fprintf(out, "(none)\n");
	for (p = list; p && *p; p++)
		fprintf(out, "%s%s\n", p == list ? "" : "            ", *p);
}

void
eppctl_print_greeting(FILE *out, const epp_greeting *g)
{
	fprintf(out, "%-12s%s\n", "server", g->sv_id ? g->sv_id : "(no svID)");
	fprintf(out, "%-12s%s\n", "date",
	        g->sv_date ? g->sv_date : "(no svDate)");
	print_list(out, "versions", g->versions);
	print_list(out, "languages", g->langs);
	print_list(out, "objects", g->obj_uris);
	print_list(out, "extensions", g->ext_uris);
	fprintf(out, "%-12s%s\n", "dcp access",
	        g->dcp_access ? g->dcp_access : "(none)");
}

int
eppctl_cmd_hello(struct eppctl_conn *c, int argc, char **argv)
{
	const epp_greeting *g;
	epp_session *s;
	int rc, next, login;

	if ((rc = eppctl_conn_parse(c, argc, argv, &next, NULL)) != EPPCTL_OK)
		return rc;
	if (next < argc) {
		fprintf(stderr, "eppctl: hello takes no arguments\n");
		return EPPCTL_USAGE;
	}
	/* Without credentials, hello still works: before login. */
	login = c->user != NULL || c->epp_file != NULL;
	rc = eppctl_connect(c, &s, login);
	if (rc != EPPCTL_OK)
		return rc;
	if ((rc = epp_session_hello(s)) != EPP_OK) {
		rc = eppctl_fail(s, rc, "hello");
		epp_session_free(s);
		return rc;
	}
	g = epp_session_greeting(s);
	eppctl_print_greeting(stdout, g);
	if (login)
		printf("%-12s%s (%d)\n", "logged in", c->user,
		       epp_session_last_code(s));
	return eppctl_disconnect(c, s);
}
