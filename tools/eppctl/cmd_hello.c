/*
 * eppctl hello [--json]: connect, log in when credentials are at hand,
 * send <hello> and print the greeting; log out.
 */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "eppctl.h"

static void
print_list(FILE *out, const char *label, const char *const *list)
{
	const char *const *p;

	fprintf(out, "%-12s", label);
	if (list == NULL || *list == NULL)
		fprintf(out, "(none)\n");
	for (p = list; p && *p; p++) {
		fputs(p == list ? "" : "            ", out);
		cli_print_value(out, *p);
		fputc('\n', out);
	}
}

void
eppctl_print_greeting(FILE *out, const epp_greeting *g)
{
	fprintf(out, "%-12s", "server");
	cli_print_value(out, g->sv_id ? g->sv_id : "(no svID)");
	fprintf(out, "\n%-12s", "date");
	cli_print_value(out, g->sv_date ? g->sv_date : "(no svDate)");
	fputc('\n', out);
	print_list(out, "versions", g->versions);
	print_list(out, "languages", g->langs);
	print_list(out, "objects", g->obj_uris);
	print_list(out, "extensions", g->ext_uris);
	fprintf(out, "%-12s%s\n", "dcp access",
	        g->dcp_access ? g->dcp_access : "(none)");
}

static json_t *
string_list(const char *const *list)
{
	json_t *a = json_array();

	for (; a && list && *list; list++)
		json_array_append_new(a, json_string(*list));
	return a;
}

json_t *
eppctl_greeting_json(const epp_greeting *g)
{
	return json_pack("{s:s?,s:s?,s:o,s:o,s:o,s:o,s:s?}", "server", g->sv_id,
	                 "date", g->sv_date, "versions",
	                 string_list(g->versions), "languages",
	                 string_list(g->langs), "objects",
	                 string_list(g->obj_uris), "extensions",
	                 string_list(g->ext_uris), "dcp_access", g->dcp_access);
}

void
eppctl_print_json(FILE *out, json_t *o)
{
	char *text =
	        o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	if (text == NULL) {
		fprintf(stderr, "eppctl: cannot print the result\n");
		return;
	}
	fprintf(out, "%s\n", text);
	free(text);
	fflush(out);
}

static int
usage(FILE *f, int rc)
{
	fprintf(f, "usage: eppctl [connection options] hello [--json]\n"
	           "Print the registry's greeting (logged in when a user or "
	           "--epp is given).\n"
	           "--json: one JSON object {server, date, versions, "
	           "languages, objects,\n"
	           "extensions, dcp_access[, logged_in, code]}.\n");
	return rc;
}

int
eppctl_cmd_hello(struct eppctl_conn *c, int argc, char **argv)
{
	static const struct option own[] = {
	        {"json", no_argument, NULL, EPPCTL_OPT_OWN},
	        {NULL, 0, NULL, 0},
	};
	const epp_greeting *g;
	epp_session *s;
	json_t *o;
	int rc, login, json = 0;

	while ((rc = eppctl_getopt(c, argc, argv, own)) != EPPCTL_OPT_END) {
		if (rc == EPPCTL_OPT_HELP)
			return usage(stdout, EPPCTL_OK);
		if (rc == EPPCTL_OPT_ERROR)
			return EPPCTL_USAGE;
		json = 1;
	}
	if (optind < argc)
		return cli_usage_error("eppctl",
		                       "hello takes no arguments, "
		                       "not '%s'",
		                       argv[optind]);
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
	if (json) {
		o = eppctl_greeting_json(g);
		if (o && login) {
			json_object_set_new(o, "logged_in",
			                    json_string(c->user));
			json_object_set_new(
			        o, "code",
			        json_integer(epp_session_last_code(s)));
		}
		eppctl_print_json(stdout, o);
		json_decref(o);
	} else {
		eppctl_print_greeting(stdout, g);
		if (login)
			printf("%-12s%s (%d)\n", "logged in", c->user,
			       epp_session_last_code(s));
	}
	return eppctl_disconnect(c, s);
}
