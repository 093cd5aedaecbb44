/*
 * The readable shortcuts: `eppctl domain check a.example b.example`,
 * `eppctl poll ack 12`, ... Each becomes the docs/protocol.md request the
 * gate would get, built with jansson, and then takes the one path of
 * `call` (request.c): checked, sent, printed. The shell runs the same
 * lines on its open session.
 *
 * An authInfo never comes from argv, where ps(1) shows it to every user:
 * --auth-info-file FILE (its first line) or --auth-info-env VARIABLE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "eppctl.h"

#define MAX_ARGS 64

/* A shortcut's arguments: positionals and --name VALUE pairs. */
struct parsed {
	const char *pos[MAX_ARGS];
	int npos;
	const char *name[MAX_ARGS];
	const char *val[MAX_ARGS];
	int nopt;
};

struct verb {
	const char *object, *verb, *cmd;
	int min_pos, max_pos; /* max -1: no limit */
	const char *synopsis;
	const char *const *opts; /* options taking a value, NULL-ended */
	int (*build)(json_t *args, const struct parsed *p);
};

/* --- helpers ---------------------------------------------------------- */

/* The last value of --name, or NULL. */
static const char *
opt(const struct parsed *p, const char *name)
{
	const char *v = NULL;
	int i;

	for (i = 0; i < p->nopt; i++)
		if (strcmp(p->name[i], name) == 0)
			v = p->val[i];
	return v;
}

static int
set_str(json_t *o, const char *key, const char *v)
{
	return v ? json_object_set_new(o, key, json_string(v)) : 0;
}

/* Every value of --name made into a list item by `make` (NULL: a bad
 * value, said why); no list when none is given. */
static int
set_each(json_t *o, const char *key, const struct parsed *p, const char *name,
         json_t *(*make)(const char *value, const char *name))
{
	json_t *a = NULL, *item;
	int i;

	for (i = 0; i < p->nopt; i++) {
		if (strcmp(p->name[i], name) != 0)
			continue;
		if ((item = make(p->val[i], name)) == NULL ||
		    (a == NULL && (a = json_array()) == NULL)) {
			json_decref(item);
			json_decref(a);
			return -1;
		}
		json_array_append_new(a, item);
	}
	return a ? json_object_set_new(o, key, a) : 0;
}

static json_t *
make_string(const char *v, const char *name)
{
	(void)name;
	return json_string(v);
}

/* Every value of --name, as a list of strings (absent when none). */
static int
set_list(json_t *o, const char *key, const struct parsed *p, const char *name)
{
	return set_each(o, key, p, name, make_string);
}

/* The positionals from `from` on, as a list of strings. */
static int
set_pos_list(json_t *o, const char *key, const struct parsed *p, int from)
{
	json_t *a = json_array();
	int i;

	for (i = from; a && i < p->npos; i++)
		json_array_append_new(a, json_string(p->pos[i]));
	return a ? json_object_set_new(o, key, a) : -1;
}

/* "auth_info" from --auth-info-file or --auth-info-env, if given. */
static int
set_auth_info(json_t *o, const struct parsed *p)
{
	const char *file = opt(p, "auth-info-file");
	const char *env = opt(p, "auth-info-env");
	char *secret;
	int rc;

	if (file && env) {
		fprintf(stderr, "eppctl: give --auth-info-file or "
		                "--auth-info-env, not both\n");
		return -1;
	}
	if (env) {
		const char *v = getenv(env);
		if (v == NULL || *v == '\0') {
			fprintf(stderr,
			        "eppctl: the environment variable %s "
			        "(--auth-info-env) is not set\n",
			        env);
			return -1;
		}
		return json_object_set_new(o, "auth_info", json_string(v));
	}
	if (file == NULL)
		return 0;
	if ((secret = eppctl_read_line(file, "authInfo file")) == NULL)
		return -1;
	rc = json_object_set_new(o, "auth_info", json_string(secret));
	OPENSSL_cleanse(secret, strlen(secret));
	free(secret);
	return rc;
}

/* --period: "1y", "6m" or "2" (years) into period and period_units. */
static int
set_period(json_t *o, const char *v, int required)
{
	char *end;
	long n;

	if (v == NULL)
		v = required ? "1y" : NULL;
	if (v == NULL)
		return 0;
	n = strtol(v, &end, 10);
	if (end == v || n < 1 || n > 99 ||
	    (*end && (strchr("ym", *end) == NULL || end[1] != '\0'))) {
		fprintf(stderr,
		        "eppctl: --period wants 1-99 with y (years) or m "
		        "(months), like 1y or 6m, not '%s'\n",
		        v);
		return -1;
	}
	if (json_object_set_new(o, "period", json_integer(n)) != 0)
		return -1;
	return json_object_set_new(o, "period_units",
	                           json_string(*end == 'm' ? "m" : "y"));
}

/* --add-contact admin:ID: {"type": "admin", "id": "ID"}. */
static json_t *
make_typed_contact(const char *v, const char *name)
{
	const char *colon = strchr(v, ':');

	if (colon == NULL || colon == v || colon[1] == '\0') {
		fprintf(stderr,
		        "eppctl: --%s wants TYPE:ID (admin, billing or tech), "
		        "not '%s'\n",
		        name, v);
		return NULL;
	}
	return json_pack("{s:s%,s:s}", "type", v, (size_t)(colon - v), "id",
	                 colon + 1);
}

/* --add-status clientHold: {"name": "clientHold"}. */
static json_t *
make_status(const char *v, const char *name)
{
	(void)name;
	return json_pack("{s:s}", "name", v);
}

/* --addr IP: {"ip": IP, "version": "v4" or "v6"}. */
static json_t *
make_addr(const char *v, const char *name)
{
	(void)name;
	return json_pack("{s:s,s:s}", "ip", v, "version",
	                 strchr(v, ':') ? "v6" : "v4");
}

/* --- the requests ----------------------------------------------------- */

static int
b_domain_check(json_t *a, const struct parsed *p)
{
	return set_pos_list(a, "domains", p, 0);
}

static int
b_domain_info(json_t *a, const struct parsed *p)
{
	return set_str(a, "name", p->pos[0]) || set_auth_info(a, p) ||
	       set_str(a, "hosts", opt(p, "hosts"));
}

static int
b_domain_create(json_t *a, const struct parsed *p)
{
	json_t *contacts;

	if (set_str(a, "name", p->pos[0]) ||
	    set_str(a, "registrant", opt(p, "registrant")) ||
	    set_list(a, "nameservers", p, "ns") ||
	    set_period(a, opt(p, "period"), 1))
		return -1;
	if (opt(p, "admin") || opt(p, "billing") || opt(p, "tech")) {
		contacts = json_object();
		if (set_str(contacts, "admin", opt(p, "admin")) ||
		    set_str(contacts, "billing", opt(p, "billing")) ||
		    set_str(contacts, "tech", opt(p, "tech")) ||
		    json_object_set_new(a, "contacts", contacts))
			return -1;
	}
	return set_auth_info(a, p);
}

static int
b_name(json_t *a, const struct parsed *p)
{
	return set_str(a, "name", p->pos[0]);
}

static int
b_domain_renew(json_t *a, const struct parsed *p)
{
	return set_str(a, "name", p->pos[0]) ||
	       set_str(a, "cur_exp_date", opt(p, "cur-exp-date")) ||
	       set_period(a, opt(p, "period"), 1);
}

static int
b_domain_transfer(json_t *a, const struct parsed *p)
{
	return set_str(a, "name", p->pos[0]) ||
	       set_str(a, "op", opt(p, "op")) ||
	       set_period(a, opt(p, "period"), 0) || set_auth_info(a, p);
}

static int
b_domain_update(json_t *a, const struct parsed *p)
{
	return set_str(a, "name", p->pos[0]) ||
	       set_list(a, "add_nameservers", p, "add-ns") ||
	       set_list(a, "remove_nameservers", p, "rem-ns") ||
	       set_each(a, "add_contacts", p, "add-contact",
	                make_typed_contact) ||
	       set_each(a, "remove_contacts", p, "rem-contact",
	                make_typed_contact) ||
	       set_each(a, "add_statuses", p, "add-status", make_status) ||
	       set_each(a, "remove_statuses", p, "rem-status", make_status) ||
	       set_str(a, "change_registrant", opt(p, "registrant")) ||
	       set_auth_info(a, p);
}

static int
b_domain_restore(json_t *a, const struct parsed *p)
{
	return set_str(a, "name", p->pos[0]) ||
	       json_object_set_new(a, "rgp_restore", json_true());
}

static int
b_host_check(json_t *a, const struct parsed *p)
{
	return set_pos_list(a, "hosts", p, 0);
}

static int
b_host_create(json_t *a, const struct parsed *p)
{
	return set_str(a, "name", p->pos[0]) ||
	       set_each(a, "ip_address", p, "addr", make_addr);
}

static int
b_contact_check(json_t *a, const struct parsed *p)
{
	return set_pos_list(a, "contacts", p, 0);
}

static int
b_contact_info(json_t *a, const struct parsed *p)
{
	return set_str(a, "contact", p->pos[0]) || set_auth_info(a, p);
}

static int
b_contact_delete(json_t *a, const struct parsed *p)
{
	return set_str(a, "contact", p->pos[0]);
}

static int
b_contact_create(json_t *a, const struct parsed *p)
{
	json_t *postal, *addr;
	const char *type = opt(p, "postal-type");

	addr = json_object();
	postal = json_pack("{s:s}", "type", type ? type : "int");
	if (addr == NULL || postal == NULL ||
	    set_str(postal, "name", opt(p, "name")) ||
	    set_str(postal, "org", opt(p, "org")) ||
	    set_list(addr, "street", p, "street") ||
	    set_str(addr, "city", opt(p, "city")) ||
	    set_str(addr, "sp", opt(p, "sp")) ||
	    set_str(addr, "pc", opt(p, "pc")) ||
	    set_str(addr, "cc", opt(p, "cc")) ||
	    json_object_set(postal, "address", addr)) {
		json_decref(addr);
		json_decref(postal);
		return -1;
	}
	json_decref(addr);
	return set_str(a, "id", p->pos[0]) ||
	       set_str(a, "voice", opt(p, "voice")) ||
	       set_str(a, "fax", opt(p, "fax")) ||
	       set_str(a, "email", opt(p, "email")) || set_auth_info(a, p) ||
	       json_object_set_new(a, "contacts", json_pack("[o]", postal));
}

static int
b_none(json_t *a, const struct parsed *p)
{
	(void)a;
	(void)p;
	return 0;
}

static int
b_poll_ack(json_t *a, const struct parsed *p)
{
	return set_str(a, "msg_id", p->pos[0]);
}

static const char *const o_none[] = {NULL};
static const char *const o_auth[] = {"auth-info-file", "auth-info-env", NULL};
static const char *const o_domain_info[] = {"auth-info-file", "auth-info-env",
                                            "hosts", NULL};
static const char *const o_domain_create[] = {
        "registrant", "admin",          "billing",       "tech", "ns",
        "period",     "auth-info-file", "auth-info-env", NULL};
static const char *const o_domain_renew[] = {"cur-exp-date", "period", NULL};
static const char *const o_domain_transfer[] = {
        "op", "period", "auth-info-file", "auth-info-env", NULL};
static const char *const o_domain_update[] = {
        "add-ns",        "rem-ns",     "add-contact", "rem-contact",
        "add-status",    "rem-status", "registrant",  "auth-info-file",
        "auth-info-env", NULL};
static const char *const o_host_create[] = {"addr", NULL};
static const char *const o_contact_create[] = {"name",
                                               "org",
                                               "street",
                                               "city",
                                               "sp",
                                               "pc",
                                               "cc",
                                               "voice",
                                               "fax",
                                               "email",
                                               "postal-type",
                                               "auth-info-file",
                                               "auth-info-env",
                                               NULL};

static const struct verb verbs[] = {
        {"domain", "check", "domain_check", 1, -1, "NAME...", o_none,
         b_domain_check},
        {"domain", "info", "domain_info", 1, 1,
         "NAME [--hosts all|del|sub|none] [AUTH]", o_domain_info,
         b_domain_info},
        {"domain", "create", "domain_create", 1, 1,
         "NAME --registrant ID [--admin ID] [--billing ID] [--tech ID] "
         "[--ns HOST]... [--period 1y] [AUTH]",
         o_domain_create, b_domain_create},
        {"domain", "delete", "domain_delete", 1, 1, "NAME", o_none, b_name},
        {"domain", "renew", "domain_renew", 1, 1,
         "NAME --cur-exp-date YYYY-MM-DD [--period 1y]", o_domain_renew,
         b_domain_renew},
        {"domain", "transfer", "domain_transfer", 1, 1,
         "NAME [--op request|query|approve|reject|cancel] [--period 1y] "
         "[AUTH]",
         o_domain_transfer, b_domain_transfer},
        {"domain", "update", "domain_update", 1, 1,
         "NAME [--add-ns HOST] [--rem-ns HOST] [--add-contact TYPE:ID] "
         "[--rem-contact TYPE:ID] [--add-status S] [--rem-status S] "
         "[--registrant ID] [AUTH]",
         o_domain_update, b_domain_update},
        {"domain", "restore", "domain_update", 1, 1, "NAME (RGP restore)",
         o_none, b_domain_restore},
        {"host", "check", "host_check", 1, -1, "NAME...", o_none, b_host_check},
        {"host", "info", "host_info", 1, 1, "NAME", o_none, b_name},
        {"host", "create", "host_create", 1, 1, "NAME [--addr IP]...",
         o_host_create, b_host_create},
        {"host", "delete", "host_delete", 1, 1, "NAME", o_none, b_name},
        {"contact", "check", "contact_check", 1, -1, "ID...", o_none,
         b_contact_check},
        {"contact", "info", "contact_info", 1, 1, "ID [AUTH]", o_auth,
         b_contact_info},
        {"contact", "create", "contact_create", 1, 1,
         "ID --name NAME --email ADDR --voice +1.5555550100 --city CITY "
         "--cc CC [--org ORG] [--street LINE]... [--sp SP] [--pc PC] "
         "[--fax NUMBER] [--postal-type int|loc] [AUTH]",
         o_contact_create, b_contact_create},
        {"contact", "delete", "contact_delete", 1, 1, "ID", o_none,
         b_contact_delete},
        {"poll", "req", "poll_req", 0, 0, "", o_none, b_none},
        {"poll", "ack", "poll_ack", 1, 1, "MSG-ID", o_none, b_poll_ack},
        {NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};

int
eppctl_shortcut_object(const char *word)
{
	const struct verb *v;

	for (v = verbs; v->object; v++)
		if (strcmp(v->object, word) == 0)
			return 1;
	return 0;
}

void
eppctl_shortcut_usage(FILE *out, const char *indent)
{
	const struct verb *v;

	for (v = verbs; v->object; v++)
		fprintf(out, "%s%s %s%s%s\n", indent, v->object, v->verb,
		        *v->synopsis ? " " : "", v->synopsis);
	fprintf(out,
	        "%sAUTH: --auth-info-file FILE or --auth-info-env VARIABLE\n"
	        "%sOutput: readable, or --json (compat JSON), --pretty\n",
	        indent, indent);
}

static void
verb_usage(FILE *out, const char *object)
{
	const struct verb *v;

	for (v = verbs; v->object; v++)
		if (strcmp(v->object, object) == 0)
			fprintf(out, "usage: eppctl %s %s%s%s\n", v->object,
			        v->verb, *v->synopsis ? " " : "", v->synopsis);
	fprintf(out, "AUTH: --auth-info-file FILE or --auth-info-env "
	             "VARIABLE; --json or --pretty print the compat JSON\n");
}

/* Whether --name (any verb's) takes a value: they all do. */
static int
shortcut_option(const char *arg)
{
	const struct verb *v;
	const char *const *o;
	size_t n;

	if (strncmp(arg, "--", 2) != 0)
		return 0;
	arg += 2;
	n = strcspn(arg, "=");
	if (arg[n] == '=')
		return 0;
	/* refused later; their value is a secret, never the verb */
	if (strncmp(arg, "auth-info", n) == 0 ||
	    strncmp(arg, "password", n) == 0)
		return 1;
	for (v = verbs; v->object; v++)
		for (o = v->opts; *o; o++)
			if (strlen(*o) == n && strncmp(*o, arg, n) == 0)
				return 1;
	return 0;
}

/* The verb: the first word of argv[1..] that is not an option or an
 * option's value. NULL when there is none. */
static const char *
find_verb(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1 < argc ? argv[i + 1] : NULL;
		if (argv[i][0] != '-' || argv[i][1] == '\0')
			return argv[i];
		if (eppctl_conn_option_arity(argv[i]) == 1 ||
		    shortcut_option(argv[i]))
			i++;
	}
	return NULL;
}

enum {
	O_JSON = EPPCTL_OPT_OWN + MAX_ARGS,
	O_PRETTY,
	O_SECRET /* --auth-info, --password: refused */
};

/* Options and positionals (the verb first, left out) of argv. */
static int
parse(struct eppctl_conn *c, const struct verb *v, int argc, char **argv,
      struct parsed *p, enum eppctl_output *output)
{
	struct option own[MAX_ARGS + 5];
	int n = 0, opt, i;

	memset(p, 0, sizeof(*p));
	for (n = 0; v->opts[n] && n < MAX_ARGS; n++)
		own[n] = (struct option){v->opts[n], required_argument, NULL,
		                         EPPCTL_OPT_OWN + n};
	own[n++] = (struct option){"json", no_argument, NULL, O_JSON};
	own[n++] = (struct option){"pretty", no_argument, NULL, O_PRETTY};
	own[n++] =
	        (struct option){"auth-info", optional_argument, NULL, O_SECRET};
	own[n] = (struct option){NULL, 0, NULL, 0};
	if (c == NULL) /* the shell: --password is no connection option */
		own[n++] = (struct option){"password", optional_argument, NULL,
		                           O_SECRET};
	own[n] = (struct option){NULL, 0, NULL, 0};
	optind = 0;
	while ((opt = eppctl_getopt(c, argc, argv, own)) != EPPCTL_OPT_END) {
		switch (opt) {
		case EPPCTL_OPT_HELP:
			verb_usage(stdout, v->object);
			return -1;
		case EPPCTL_OPT_ERROR:
			return EPPCTL_USAGE;
		case O_JSON:
			*output = EPPCTL_OUT_JSON;
			break;
		case O_PRETTY:
			*output = EPPCTL_OUT_PRETTY;
			break;
		case O_SECRET:
			fprintf(stderr,
			        "eppctl: an authInfo is not accepted on the "
			        "command line (other users can read it);\n"
			        "        use --auth-info-file FILE or "
			        "--auth-info-env VARIABLE\n");
			return EPPCTL_USAGE;
		default:
			if (p->nopt == MAX_ARGS)
				goto many;
			p->name[p->nopt] = v->opts[opt - EPPCTL_OPT_OWN];
			p->val[p->nopt++] = optarg;
		}
	}
	/* argv[optind] is the verb; the rest are positionals */
	for (i = optind + 1; i < argc; i++) {
		if (p->npos == MAX_ARGS)
			goto many;
		p->pos[p->npos++] = argv[i];
	}
	if (p->npos < v->min_pos || (v->max_pos >= 0 && p->npos > v->max_pos))
		return cli_usage_error(
		        "eppctl", "%s %s: %s; usage: eppctl %s %s %s",
		        v->object, v->verb,
		        p->npos < v->min_pos ? "missing arguments"
		                             : "too many arguments",
		        v->object, v->verb, v->synopsis);
	return EPPCTL_OK;
many:
	fprintf(stderr, "eppctl: more than %d arguments\n", MAX_ARGS);
	return EPPCTL_USAGE;
}

/* The verbs of an object, for "did you mean". */
static void
verb_names(const char *object, const char **names, size_t max)
{
	const struct verb *v;
	size_t n = 0;

	for (v = verbs; v->object && n + 1 < max; v++)
		if (strcmp(v->object, object) == 0)
			names[n++] = v->verb;
	names[n] = NULL;
}

int
eppctl_shortcut_request(struct eppctl_conn *c, int argc, char **argv,
                        char **request, enum eppctl_output *output)
{
	const char *names[32], *verb;
	const struct verb *v;
	struct parsed p;
	json_t *args, *req;
	int rc;

	*request = NULL;
	*output = EPPCTL_OUT_READABLE;
	verb = find_verb(argc, argv);
	for (v = verbs; verb && v->object; v++)
		if (strcmp(v->object, argv[0]) == 0 &&
		    strcmp(v->verb, verb) == 0)
			break;
	if (verb == NULL || v->object == NULL) {
		verb_names(argv[0], names, 32);
		/* --help alone: the object's verbs */
		if (verb == NULL && argc == 2 &&
		    (strcmp(argv[1], "--help") == 0 ||
		     strcmp(argv[1], "-h") == 0)) {
			verb_usage(stdout, argv[0]);
			return -1;
		}
		if (verb == NULL)
			return cli_usage_error("eppctl", "%s: no action given",
			                       argv[0]);
		return cli_unknown("eppctl", "action", verb, names);
	}
	if ((rc = parse(c, v, argc, argv, &p, output)) != EPPCTL_OK)
		return rc;
	if ((args = json_object()) == NULL)
		return EPPCTL_CONNECT;
	if (v->build(args, &p) != 0) {
		json_decref(args);
		return EPPCTL_USAGE;
	}
	req = json_pack("{s:s,s:o}", "cmd", v->cmd, "args", args);
	if (req != NULL)
		*request = json_dumps(req, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(req);
	return *request ? EPPCTL_OK : EPPCTL_CONNECT;
}

/* Add `name` to out[] once, when it starts with `prefix`. */
static void
candidate(const char *name, const char *prefix, const char **out, size_t *n,
          size_t max)
{
	size_t i;

	if (strncmp(name, prefix, strlen(prefix)) != 0 || *n >= max)
		return;
	for (i = 0; i < *n; i++)
		if (strcmp(out[i], name) == 0)
			return;
	out[(*n)++] = name;
}

size_t
eppctl_shortcut_complete(int argc, char **words, const char *prefix,
                         const char **out, size_t max)
{
	static const char *const outputs[] = {"json", "pretty", NULL};
	const char *const *o;
	const struct verb *v;
	size_t n = 0;

	for (v = verbs; v->object; v++) {
		if (argc == 0)
			candidate(v->object, prefix, out, &n, max);
		else if (argc == 1 && strcmp(v->object, words[0]) == 0)
			candidate(v->verb, prefix, out, &n, max);
		else if (argc > 1 && strcmp(v->object, words[0]) == 0 &&
		         strcmp(v->verb, words[1]) == 0 &&
		         strncmp(prefix, "--", 2) == 0) {
			/* option names, without their dashes */
			for (o = v->opts; *o; o++)
				candidate(*o, prefix + 2, out, &n, max);
			for (o = outputs; *o; o++)
				candidate(*o, prefix + 2, out, &n, max);
		}
	}
	return n;
}

void
eppctl_request_text_free(char *request)
{
	if (request) {
		OPENSSL_cleanse(request, strlen(request)); /* an authInfo */
		free(request);
	}
}

int
eppctl_cmd_shortcut(struct eppctl_conn *c, int argc, char **argv)
{
	enum eppctl_output how;
	epp_command *cmd;
	char *request;
	int rc;

	rc = eppctl_shortcut_request(c, argc, argv, &request, &how);
	if (rc != EPPCTL_OK)
		return rc < 0 ? EPPCTL_OK : rc;
	rc = eppctl_request_build(c, request, strlen(request), &cmd);
	eppctl_request_text_free(request);
	if (rc != EPPCTL_OK)
		return rc;
	rc = eppctl_request_run(c, cmd, how);
	epp_command_free(cmd);
	return rc;
}
