/*
 * epp-rpc: command-line arguments to requests, through the typed builders
 * of libepprpc. Positional arguments for the obvious ones (names, ids),
 * key=value for the rest; repeated keys add to lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "epp-rpc.h"

#define MAX_LIST 64

/* Every cmd of docs/protocol.md. Those without a typed builder below
 * take key=value (key:=JSON) arguments. */
static const char *const known_cmds[] = {
        "poll_req",       "poll_ack",         "hello",
        "host_check",     "host_info",        "host_create",
        "host_update",    "host_delete",      "contact_check",
        "contact_info",   "contact_create",   "contact_update",
        "contact_delete", "contact_transfer", "domain_check",
        "domain_info",    "domain_create",    "domain_delete",
        "domain_renew",   "domain_update",    "domain_transfer",
        "org_check",      "org_info",         "org_create",
        "org_delete",     "org_update",       NULL};

void
rpc_print_commands(FILE *out)
{
	const char *const *c;
	size_t col = 12;

	for (c = known_cmds; *c; c++) {
		if (col + strlen(*c) + 2 > 78) {
			fputs("\n  ", out);
			col = 2;
		}
		fprintf(out, "%s%s", *c, c[1] ? ", " : "");
		col += strlen(*c) + 2;
	}
}

/* Arguments split into positionals and key=value pairs. */
struct args {
	char *pos[MAX_LIST];
	int npos;
	char *key[MAX_LIST];
	char *val[MAX_LIST];
	int nkv;
};

static int
split(struct args *a, int argc, char **argv)
{
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (eq != NULL && eq != argv[i]) {
			if (a->nkv == MAX_LIST)
				goto many;
			*eq = '\0';
			a->key[a->nkv] = argv[i];
			a->val[a->nkv++] = eq + 1;
		} else {
			if (a->npos == MAX_LIST)
				goto many;
			a->pos[a->npos++] = argv[i];
		}
	}
	return 0;
many:
	fprintf(stderr, "epp-rpc: more than %d arguments\n", MAX_LIST);
	return -1;
}

/* get: the last value of `key`, or NULL. */
static char *
get(const struct args *a, const char *key)
{
	char *v = NULL;
	int i;

	for (i = 0; i < a->nkv; i++)
		if (strcmp(a->key[i], key) == 0)
			v = a->val[i];
	return v;
}

/* all: every value of `key`, in order, into out[]; returns the count. */
static size_t
all(const struct args *a, const char *key, const char **out)
{
	size_t n = 0;
	int i;

	for (i = 0; i < a->nkv; i++)
		if (strcmp(a->key[i], key) == 0)
			out[n++] = a->val[i];
	return n;
}

/* check_keys: every key must be one of `known` (NULL-terminated). */
static int
check_keys(const char *cmd, const struct args *a, const char *const *known)
{
	const char *const *k;
	int i;

	for (i = 0; i < a->nkv; i++) {
		for (k = known; *k; k++)
			if (strcmp(a->key[i], *k) == 0)
				break;
		if (*k == NULL) {
			fprintf(stderr, "epp-rpc: %s: unknown argument %s=\n",
			        cmd, a->key[i]);
			return -1;
		}
	}
	return 0;
}

static int
need_pos(const char *cmd, const struct args *a, int min, int max,
         const char *usage)
{
	if (a->npos < min || (max >= 0 && a->npos > max)) {
		fprintf(stderr, "epp-rpc: usage: epp-rpc %s %s\n", cmd, usage);
		return -1;
	}
	return 0;
}

/* A bad number in a key=value argument: said, and the request dropped. */
static int bad_number;

static int
int_arg(const struct args *a, const char *key, int def)
{
	const char *v = get(a, key);
	char opt[64];
	long n;

	if (v == NULL)
		return def;
	snprintf(opt, sizeof(opt), "%s=", key);
	if (cli_number("epp-rpc", opt, v, 0, 99, &n) != 0) {
		bad_number = 1;
		return def;
	}
	return (int)n;
}

/* split_colon: "a:b:c" into at most n fields (the last keeps the rest). */
static size_t
split_colon(char *s, char **f, size_t n)
{
	size_t i = 0;

	while (i + 1 < n) {
		char *c = strchr(s, ':');
		if (c == NULL)
			break;
		*c = '\0';
		f[i++] = s;
		s = c + 1;
	}
	f[i++] = s;
	return i;
}

static json_t *
build_contact(const char *cmd, const struct args *a)
{
	static const char *const keys[] = {
	        "email",  "voice", "fax", "auth_info", "type", "name", "org",
	        "street", "city",  "sp",  "pc",        "cc",   NULL};
	const char *street[MAX_LIST];
	epprpc_postal pi;
	epprpc_contact ct;
	size_t ns, i;

	if (need_pos(cmd, a, 1, 1, "ID [email=..] [voice=..] [name=..] ...") ||
	    check_keys(cmd, a, keys))
		return NULL;
	memset(&ct, 0, sizeof(ct));
	memset(&pi, 0, sizeof(pi));
	ct.id = a->pos[0];
	ct.email = get(a, "email");
	ct.voice = get(a, "voice");
	ct.fax = get(a, "fax");
	ct.auth_info = get(a, "auth_info");
	pi.type = get(a, "type") ? get(a, "type") : "int";
	pi.name = get(a, "name");
	pi.org = get(a, "org");
	ns = all(a, "street", street);
	for (i = 0; i < ns && i < 3; i++)
		pi.street[i] = street[i];
	pi.city = get(a, "city");
	pi.sp = get(a, "sp");
	pi.pc = get(a, "pc");
	pi.cc = get(a, "cc");
	if (ns > 3) {
		fprintf(stderr, "epp-rpc: %s: at most 3 street lines\n", cmd);
		return NULL;
	}
	if (pi.name || pi.org || ns || pi.city || pi.sp || pi.pc || pi.cc) {
		ct.postal = &pi;
		ct.n_postal = 1;
	}
	return strcmp(cmd, "contact_create") == 0
	               ? epprpc_req_contact_create(&ct)
	               : epprpc_req_contact_update(&ct);
}

static json_t *
build_domain_create(const struct args *a)
{
	static const char *const keys[] = {"registrant", "ns",        "period",
	                                   "units",      "admin",     "billing",
	                                   "tech",       "auth_info", NULL};
	const char *ns[MAX_LIST];
	epprpc_domain_create_args d;

	if (need_pos("domain_create", a, 1, 1,
	             "NAME registrant=ID [ns=HOST].. [period=N] [units=y|m] "
	             "[admin=ID] [billing=ID] [tech=ID] [auth_info=PW]") ||
	    check_keys("domain_create", a, keys))
		return NULL;
	memset(&d, 0, sizeof(d));
	d.name = a->pos[0];
	d.registrant = get(a, "registrant");
	d.n_nameservers = all(a, "ns", ns);
	d.nameservers = ns;
	d.period = int_arg(a, "period", 1);
	d.period_units = get(a, "units");
	d.admin = get(a, "admin");
	d.billing = get(a, "billing");
	d.tech = get(a, "tech");
	d.auth_info = get(a, "auth_info");
	return epprpc_req_domain_create(&d);
}

/* ds_arg: KEYTAG:ALG:DIGESTTYPE:DIGEST[:FLAGS:PROTOCOL:KEYALG:PUBKEY] */
static int
ds_arg(char *v, epprpc_secdns *s)
{
	char *f[8];
	size_t n = split_colon(v, f, 8);

	if (n != 4 && n != 8)
		return -1;
	s->key_tag = f[0];
	s->alg = f[1];
	s->digest_type = f[2];
	s->digest = f[3];
	if (n == 8) {
		s->keydata_flags = f[4];
		s->keydata_protocol = f[5];
		s->keydata_alg = f[6];
		s->keydata_pubkey = f[7];
	}
	return 0;
}

static int
contact_refs(const struct args *a, const char *key, epprpc_contact_ref *out,
             size_t *n)
{
	const char *v[MAX_LIST];
	size_t i, k = all(a, key, v);

	for (i = 0; i < k; i++) {
		char *colon = strchr(v[i], ':');
		if (colon == NULL) {
			fprintf(stderr, "epp-rpc: %s=TYPE:ID expected\n", key);
			return -1;
		}
		*colon = '\0';
		out[i].type = v[i];
		out[i].id = colon + 1;
	}
	*n = k;
	return 0;
}

static json_t *
build_domain_update(const struct args *a)
{
	static const char *const keys[] = {
	        "add_ns",       "rem_ns",    "add_contact", "rem_contact",
	        "registrant",   "auth_info", "add_status",  "rem_status",
	        "rgp_restore",  "add_ds",    "rem_ds",      "chg_ds",
	        "max_sig_life", "rem_all",   "pre_data",    "post_data",
	        "del_time",     "res_time",  "res_reason",  "statement",
	        "other",        NULL};
	const char *add_ns[MAX_LIST], *rem_ns[MAX_LIST], *st[MAX_LIST];
	epprpc_contact_ref addc[MAX_LIST], remc[MAX_LIST];
	epprpc_status adds[MAX_LIST], rems[MAX_LIST];
	epprpc_secdns add_ds, rem_ds, chg_ds;
	epprpc_domain_update_args u;
	epprpc_rgp_report rep;
	const char *stmt[MAX_LIST];
	char *v;
	size_t i, n;

	if (need_pos("domain_update", a, 1, 1,
	             "NAME [add_ns=H].. [rem_ns=H].. [add_contact=TYPE:ID].. "
	             "[rem_contact=TYPE:ID].. [registrant=ID] [auth_info=PW] "
	             "[add_status=NAME[:TEXT]].. [rem_status=NAME].. "
	             "[rgp_restore=1] [pre_data=.. post_data=.. del_time=.. "
	             "res_time=.. res_reason=.. statement=.. [other=..]] "
	             "[add_ds=TAG:ALG:DTYPE:DIGEST[:FLAGS:"
	             "PROTO:KALG:PUBKEY]] [rem_ds=..] [chg_ds=..] "
	             "[max_sig_life=S] [rem_all=1]") ||
	    check_keys("domain_update", a, keys))
		return NULL;
	memset(&u, 0, sizeof(u));
	memset(&add_ds, 0, sizeof(add_ds));
	memset(&rem_ds, 0, sizeof(rem_ds));
	memset(&chg_ds, 0, sizeof(chg_ds));
	u.name = a->pos[0];
	u.auth_info = get(a, "auth_info");
	u.change_registrant = get(a, "registrant");
	u.n_add_nameservers = all(a, "add_ns", add_ns);
	u.add_nameservers = add_ns;
	u.n_remove_nameservers = all(a, "rem_ns", rem_ns);
	u.remove_nameservers = rem_ns;
	if (contact_refs(a, "add_contact", addc, &u.n_add_contacts) ||
	    contact_refs(a, "rem_contact", remc, &u.n_remove_contacts))
		return NULL;
	u.add_contacts = addc;
	u.remove_contacts = remc;
	n = all(a, "add_status", st);
	for (i = 0; i < n; i++) {
		char *c = strchr(st[i], ':');
		adds[i].name = st[i];
		adds[i].value = NULL;
		if (c) {
			*c = '\0';
			adds[i].value = c + 1;
		}
	}
	u.add_statuses = adds;
	u.n_add_statuses = n;
	n = all(a, "rem_status", st);
	for (i = 0; i < n; i++) {
		rems[i].name = st[i];
		rems[i].value = NULL;
	}
	u.remove_statuses = rems;
	u.n_remove_statuses = n;
	u.rgp_restore = int_arg(a, "rgp_restore", 0);
	memset(&rep, 0, sizeof(rep));
	rep.pre_data = get(a, "pre_data");
	rep.post_data = get(a, "post_data");
	rep.del_time = get(a, "del_time");
	rep.res_time = get(a, "res_time");
	rep.res_reason = get(a, "res_reason");
	n = all(a, "statement", stmt);
	rep.statement1 = n > 0 ? stmt[0] : NULL;
	rep.statement2 = n > 1 ? stmt[1] : NULL;
	rep.other = get(a, "other");
	if (rep.pre_data || rep.post_data || rep.del_time || rep.res_time ||
	    rep.res_reason || n || rep.other)
		u.rgp_restore_report = &rep;
	if ((v = get(a, "add_ds")) != NULL) {
		if (ds_arg(v, &add_ds))
			goto bad_ds;
		u.add_secdns = &add_ds;
	}
	if ((v = get(a, "chg_ds")) != NULL) {
		if (ds_arg(v, &chg_ds))
			goto bad_ds;
		u.change_secdns = &chg_ds;
	}
	if ((v = get(a, "rem_ds")) != NULL) {
		if (ds_arg(v, &rem_ds))
			goto bad_ds;
		u.rem_secdns = &rem_ds;
	} else if (int_arg(a, "rem_all", 0)) {
		rem_ds.all = 1;
		u.rem_secdns = &rem_ds;
	}
	if (get(a, "max_sig_life")) {
		chg_ds.max_sig_life = get(a, "max_sig_life");
		u.change_secdns = &chg_ds;
	}
	return epprpc_req_domain_update(&u);
bad_ds:
	fprintf(stderr, "epp-rpc: domain_update: DS is "
	                "TAG:ALG:DTYPE:DIGEST[:FLAGS:PROTO:KALG:PUBKEY]\n");
	return NULL;
}

/* generic: an unknown cmd (extensions): key=value strings, key:=JSON. */
static json_t *
build_generic(const char *cmd, const struct args *a)
{
	json_t *req = json_object(), *args = json_object();
	json_error_t jerr;
	int i;

	if (a->npos > 0) {
		fprintf(stderr,
		        "epp-rpc: %s: use key=value (or key:=JSON) arguments\n",
		        cmd);
		goto fail;
	}
	if (req == NULL || args == NULL ||
	    json_object_set_new(req, "cmd", json_string(cmd)))
		goto fail;
	for (i = 0; i < a->nkv; i++) {
		size_t kl = strlen(a->key[i]);
		json_t *v;
		if (kl > 1 && a->key[i][kl - 1] == ':') {
			a->key[i][kl - 1] = '\0';
			v = json_loads(a->val[i], JSON_DECODE_ANY, &jerr);
			if (v == NULL) {
				fprintf(stderr,
				        "epp-rpc: %s: %s:= is not JSON\n", cmd,
				        a->key[i]);
				goto fail;
			}
		} else {
			v = json_string(a->val[i]);
		}
		if (v == NULL || json_object_set_new(args, a->key[i], v))
			goto fail;
	}
	json_object_set_new(req, "args", args);
	return req;
fail:
	json_decref(args);
	json_decref(req);
	return NULL;
}

json_t *
rpc_build_request(const char *cmd, int argc, char **argv)
{
	static const char *const none[] = {NULL};
	static const char *const auth[] = {"auth_info", NULL};
	static const char *const renew[] = {"period", "units", NULL};
	static const char *const transfer[] = {"op", "auth_info", "period",
	                                       "units", NULL};
	static const char *const with_call[] = {"call", NULL};
	const char *const *k;
	struct args a;
	json_t *req = NULL;
	epprpc_ip ips[MAX_LIST];
	int i;

	for (k = known_cmds; *k && strcmp(*k, cmd) != 0; k++)
		;
	if (*k == NULL) {
		/* "call" is a name too, for the suggestion */
		if (cli_nearest(cmd, known_cmds) == NULL &&
		    cli_nearest(cmd, with_call) != NULL)
			cli_unknown("epp-rpc", "command", cmd, with_call);
		else
			cli_unknown("epp-rpc", "command", cmd, known_cmds);
		return NULL;
	}
	if (split(&a, argc, argv))
		return NULL;
	bad_number = 0;
	if (strcmp(cmd, "poll_req") == 0) {
		if (!need_pos(cmd, &a, 0, 0, "") && !check_keys(cmd, &a, none))
			req = epprpc_req_poll_req();
	} else if (strcmp(cmd, "poll_ack") == 0) {
		if (!need_pos(cmd, &a, 1, 1, "MSG_ID") &&
		    !check_keys(cmd, &a, none))
			req = epprpc_req_poll_ack(a.pos[0]);
	} else if (strcmp(cmd, "host_check") == 0 ||
	           strcmp(cmd, "domain_check") == 0 ||
	           strcmp(cmd, "contact_check") == 0) {
		if (need_pos(cmd, &a, 1, -1, "NAME...") ||
		    check_keys(cmd, &a, none))
			return NULL;
		if (cmd[0] == 'h')
			req = epprpc_req_host_check((const char *const *)a.pos,
			                            (size_t)a.npos);
		else if (cmd[0] == 'd')
			req = epprpc_req_domain_check(
			        (const char *const *)a.pos, (size_t)a.npos);
		else
			req = epprpc_req_contact_check(
			        (const char *const *)a.pos, (size_t)a.npos);
	} else if (strcmp(cmd, "host_info") == 0) {
		if (!need_pos(cmd, &a, 1, 1, "NAME") &&
		    !check_keys(cmd, &a, none))
			req = epprpc_req_host_info(a.pos[0]);
	} else if (strcmp(cmd, "host_create") == 0) {
		if (need_pos(cmd, &a, 1, -1, "NAME [IP]...") ||
		    check_keys(cmd, &a, none))
			return NULL;
		for (i = 1; i < a.npos; i++) {
			ips[i - 1].ip = a.pos[i];
			ips[i - 1].version = NULL;
		}
		req = epprpc_req_host_create(a.pos[0], ips,
		                             (size_t)(a.npos - 1));
	} else if (strcmp(cmd, "contact_info") == 0) {
		if (!need_pos(cmd, &a, 1, 1, "ID [auth_info=PW]") &&
		    !check_keys(cmd, &a, auth))
			req = epprpc_req_contact_info(a.pos[0],
			                              get(&a, "auth_info"));
	} else if (strcmp(cmd, "contact_create") == 0 ||
	           strcmp(cmd, "contact_update") == 0) {
		req = build_contact(cmd, &a);
	} else if (strcmp(cmd, "contact_delete") == 0) {
		if (!need_pos(cmd, &a, 1, 1, "ID") &&
		    !check_keys(cmd, &a, none))
			req = epprpc_req_contact_delete(a.pos[0]);
	} else if (strcmp(cmd, "domain_info") == 0) {
		if (!need_pos(cmd, &a, 1, 1, "NAME [auth_info=PW]") &&
		    !check_keys(cmd, &a, auth))
			req = epprpc_req_domain_info(a.pos[0],
			                             get(&a, "auth_info"));
	} else if (strcmp(cmd, "domain_create") == 0) {
		req = build_domain_create(&a);
	} else if (strcmp(cmd, "domain_delete") == 0) {
		if (!need_pos(cmd, &a, 1, 1, "NAME") &&
		    !check_keys(cmd, &a, none))
			req = epprpc_req_domain_delete(a.pos[0]);
	} else if (strcmp(cmd, "domain_renew") == 0) {
		if (!need_pos(cmd, &a, 2, 2,
		              "NAME CUR_EXP_DATE [period=N] [units=y|m]") &&
		    !check_keys(cmd, &a, renew))
			req = epprpc_req_domain_renew(a.pos[0], a.pos[1],
			                              int_arg(&a, "period", 1),
			                              get(&a, "units"));
	} else if (strcmp(cmd, "domain_update") == 0) {
		req = build_domain_update(&a);
	} else if (strcmp(cmd, "domain_transfer") == 0) {
		if (!need_pos(cmd, &a, 1, 1,
		              "NAME [op=request|query|approve|reject|cancel] "
		              "[auth_info=PW] [period=N] [units=y|m]") &&
		    !check_keys(cmd, &a, transfer))
			req = epprpc_req_domain_transfer(
			        a.pos[0], get(&a, "op"), get(&a, "auth_info"),
			        int_arg(&a, "period", 0), get(&a, "units"));
	} else {
		return build_generic(cmd, &a);
	}
	if (bad_number) {
		json_decref(req);
		return NULL;
	}
	if (req == NULL && epprpc_last_error()[0])
		fprintf(stderr, "epp-rpc: %s\n", epprpc_last_error());
	return req;
}
