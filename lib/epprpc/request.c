/*
 * libepprpc request builders: the {"cmd", "args"} objects of docs/protocol.md,
 * shaped like the Python client's (numbers such as period are sent as
 * strings, which both gates accept). Builders check required arguments so
 * that a bad call fails here, not at the registry.
 */
#include <stdio.h>
#include <string.h>

#include "rpc_private.h"

/* A failed builder: say which argument, return NULL. */
static json_t *
bad(json_t *obj, const char *cmd, const char *what)
{
	json_decref(obj);
	epprpc__fail(EPPRPC_EINVAL, "%s: %s", cmd, what);
	return NULL;
}

/* new_request: {"cmd": cmd, "args": {}}; *args borrowed from it. */
static json_t *
new_request(const char *cmd, json_t **args)
{
	json_t *req = json_object();

	*args = json_object();
	if (req == NULL || *args == NULL ||
	    json_object_set_new(req, "cmd", json_string(cmd)) ||
	    json_object_set_new(req, "args", *args)) {
		json_decref(req);
		epprpc__fail(EPPRPC_ENOMEM, "out of memory");
		return NULL;
	}
	epprpc__clear_error();
	return req;
}

/* set_str: args[key] = s, when s is not NULL. Returns -1 on failure. */
static int
set_str(json_t *obj, const char *key, const char *s)
{
	json_t *v;

	if (s == NULL)
		return 0;
	v = json_string(s);
	if (v == NULL) /* not UTF-8 */
		return -1;
	return json_object_set_new(obj, key, v);
}

static int
set_int_str(json_t *obj, const char *key, int n)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%d", n);
	return set_str(obj, key, buf);
}

static json_t *
str_array(const char *const *items, size_t n)
{
	json_t *a = json_array();
	size_t i;

	if (a == NULL || (n > 0 && items == NULL))
		goto fail;
	for (i = 0; i < n; i++) {
		json_t *v = items[i] ? json_string(items[i]) : NULL;
		if (v == NULL || json_array_append_new(a, v))
			goto fail;
	}
	return a;
fail:
	json_decref(a);
	return NULL;
}

static int
set_array(json_t *obj, const char *key, const char *const *items, size_t n)
{
	json_t *a;

	if (n == 0)
		return 0;
	a = str_array(items, n);
	return a ? json_object_set_new(obj, key, a) : -1;
}

static int
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0';
}

static int
units_ok(const char *u)
{
	return u == NULL || strcmp(u, "y") == 0 || strcmp(u, "m") == 0;
}

json_t *
epprpc_req_poll_req(void)
{
	json_t *args;
	json_t *req = new_request("poll_req", &args);

	/* The Python client sends no "args" at all. */
	if (req)
		json_object_del(req, "args");
	return req;
}

json_t *
epprpc_req_poll_ack(const char *msg_id)
{
	json_t *args, *req;

	if (!nonempty(msg_id))
		return bad(NULL, "poll_ack", "msg_id is required");
	req = new_request("poll_ack", &args);
	if (req && set_str(args, "msg_id", msg_id))
		return bad(req, "poll_ack", "msg_id is not UTF-8");
	return req;
}

static json_t *
check_request(const char *cmd, const char *key, const char *const *names,
              size_t n)
{
	json_t *args, *req;

	if (n == 0 || names == NULL)
		return bad(NULL, cmd, "at least one name is required");
	req = new_request(cmd, &args);
	if (req && set_array(args, key, names, n))
		return bad(req, cmd, "a name is NULL or not UTF-8");
	return req;
}

json_t *
epprpc_req_host_check(const char *const *names, size_t n)
{
	return check_request("host_check", "hosts", names, n);
}

json_t *
epprpc_req_host_info(const char *name)
{
	json_t *args, *req;

	if (!nonempty(name))
		return bad(NULL, "host_info", "name is required");
	req = new_request("host_info", &args);
	if (req && set_str(args, "name", name))
		return bad(req, "host_info", "name is not UTF-8");
	return req;
}

json_t *
epprpc_req_host_create(const char *name, const epprpc_ip *ips, size_t n)
{
	json_t *args, *req, *list;
	size_t i;

	if (!nonempty(name))
		return bad(NULL, "host_create", "name is required");
	if (n > 0 && ips == NULL)
		return bad(NULL, "host_create", "ips is NULL");
	req = new_request("host_create", &args);
	if (req == NULL)
		return NULL;
	list = json_array();
	if (set_str(args, "name", name) || list == NULL ||
	    json_object_set_new(args, "ip_address", list))
		return bad(req, "host_create", "name is not UTF-8");
	for (i = 0; i < n; i++) {
		const char *ver = ips[i].version;
		json_t *ip = json_object();
		if (!nonempty(ips[i].ip)) {
			json_decref(ip);
			return bad(req, "host_create", "an address is empty");
		}
		if (ver == NULL)
			ver = strchr(ips[i].ip, ':') ? "v6" : "v4";
		if (strcmp(ver, "v4") != 0 && strcmp(ver, "v6") != 0) {
			json_decref(ip);
			return bad(req, "host_create",
			           "version must be \"v4\" or \"v6\"");
		}
		if (ip == NULL || json_array_append_new(list, ip) ||
		    set_str(ip, "ip", ips[i].ip) || set_str(ip, "version", ver))
			return bad(req, "host_create", "bad address");
	}
	return req;
}

json_t *
epprpc_req_contact_check(const char *const *ids, size_t n)
{
	return check_request("contact_check", "contacts", ids, n);
}

static json_t *
one_id(const char *cmd, const char *key, const char *id, const char *auth)
{
	json_t *args, *req;

	if (!nonempty(id))
		return bad(NULL, cmd, "an id or name is required");
	req = new_request(cmd, &args);
	if (req && (set_str(args, key, id) || set_str(args, "auth_info", auth)))
		return bad(req, cmd, "argument is not UTF-8");
	return req;
}

json_t *
epprpc_req_contact_info(const char *id, const char *auth_info)
{
	return one_id("contact_info", "contact", id, auth_info);
}

json_t *
epprpc_req_contact_delete(const char *id)
{
	return one_id("contact_delete", "contact", id, NULL);
}

static json_t *
postal_json(const epprpc_postal *pi)
{
	json_t *o = json_object(), *addr = json_object(), *street;
	const char *lines[3];
	size_t n = 0, i;

	for (i = 0; i < 3; i++)
		if (pi->street[i])
			lines[n++] = pi->street[i];
	street = str_array(lines, n);
	/* json_object_set_new() takes its value even when it fails. */
	if (o == NULL || addr == NULL || street == NULL ||
	    set_str(o, "type", pi->type) || set_str(o, "name", pi->name) ||
	    set_str(o, "org", pi->org))
		goto fail;
	if (json_object_set_new(addr, "street", street)) {
		street = NULL;
		goto fail;
	}
	street = NULL;
	if (set_str(addr, "city", pi->city) || set_str(addr, "sp", pi->sp) ||
	    set_str(addr, "pc", pi->pc) || set_str(addr, "cc", pi->cc))
		goto fail;
	if (json_object_set_new(o, "address", addr)) {
		addr = NULL;
		goto fail;
	}
	return o;
fail:
	json_decref(street);
	json_decref(addr);
	json_decref(o);
	return NULL;
}

static json_t *
contact_request(const char *cmd, const epprpc_contact *ct, int create)
{
	json_t *args, *req, *list;
	size_t i;

	if (ct == NULL || !nonempty(ct->id))
		return bad(NULL, cmd, "id is required");
	if (ct->n_postal > 0 && ct->postal == NULL)
		return bad(NULL, cmd, "postal is NULL");
	if (create && ct->n_postal == 0)
		return bad(NULL, cmd, "at least one postal info is required");
	if (create && !nonempty(ct->email))
		return bad(NULL, cmd, "email is required");
	for (i = 0; i < ct->n_postal; i++) {
		const epprpc_postal *pi = &ct->postal[i];
		if (pi->type == NULL || (strcmp(pi->type, "int") != 0 &&
		                         strcmp(pi->type, "loc") != 0))
			return bad(NULL, cmd,
			           "postal type must be \"int\" or \"loc\"");
		if (create && (!nonempty(pi->name) || !nonempty(pi->city) ||
		               !nonempty(pi->cc)))
			return bad(NULL, cmd,
			           "postal info needs name, city and cc");
	}
	req = new_request(cmd, &args);
	if (req == NULL)
		return NULL;
	list = json_array();
	if (set_str(args, "id", ct->id) || set_str(args, "voice", ct->voice) ||
	    set_str(args, "fax", ct->fax) ||
	    set_str(args, "email", ct->email) ||
	    set_str(args, "auth_info", ct->auth_info) || list == NULL ||
	    json_object_set_new(args, "contacts", list))
		return bad(req, cmd, "argument is not UTF-8");
	for (i = 0; i < ct->n_postal; i++) {
		json_t *pi = postal_json(&ct->postal[i]);
		if (pi == NULL || json_array_append_new(list, pi))
			return bad(req, cmd, "postal info is not UTF-8");
	}
	return req;
}

json_t *
epprpc_req_contact_create(const epprpc_contact *ct)
{
	return contact_request("contact_create", ct, 1);
}

json_t *
epprpc_req_contact_update(const epprpc_contact *ct)
{
	return contact_request("contact_update", ct, 0);
}

json_t *
epprpc_req_domain_check(const char *const *names, size_t n)
{
	return check_request("domain_check", "domains", names, n);
}

json_t *
epprpc_req_domain_info(const char *name, const char *auth_info)
{
	return one_id("domain_info", "name", name, auth_info);
}

json_t *
epprpc_req_domain_delete(const char *name)
{
	return one_id("domain_delete", "name", name, NULL);
}

json_t *
epprpc_req_domain_create(const epprpc_domain_create_args *a)
{
	json_t *args, *req, *contacts;
	int period;

	if (a == NULL || !nonempty(a->name))
		return bad(NULL, "domain_create", "name is required");
	if (!nonempty(a->registrant))
		return bad(NULL, "domain_create", "registrant is required");
	period = a->period ? a->period : 1;
	if (period < 1 || period > 99 || !units_ok(a->period_units))
		return bad(NULL, "domain_create",
		           "period must be 1 to 99 and units \"y\" or \"m\"");
	req = new_request("domain_create", &args);
	if (req == NULL)
		return NULL;
	contacts = json_object();
	if (set_str(args, "name", a->name) ||
	    set_str(args, "registrant", a->registrant) ||
	    set_array(args, "nameservers", a->nameservers, a->n_nameservers) ||
	    set_int_str(args, "period", period) ||
	    set_str(args, "period_units",
	            a->period_units ? a->period_units : "y") ||
	    contacts == NULL || set_str(contacts, "admin", a->admin) ||
	    set_str(contacts, "billing", a->billing) ||
	    set_str(contacts, "tech", a->tech)) {
		json_decref(contacts);
		return bad(req, "domain_create", "argument is not UTF-8");
	}
	if (json_object_size(contacts) > 0)
		json_object_set_new(args, "contacts", contacts);
	else
		json_decref(contacts);
	if (set_str(args, "auth_info", a->auth_info))
		return bad(req, "domain_create", "auth_info is not UTF-8");
	return req;
}

json_t *
epprpc_req_domain_renew(const char *name, const char *cur_exp_date, int period,
                        const char *period_units)
{
	json_t *args, *req;

	if (!nonempty(name))
		return bad(NULL, "domain_renew", "name is required");
	if (cur_exp_date == NULL || strlen(cur_exp_date) != 10 ||
	    cur_exp_date[4] != '-' || cur_exp_date[7] != '-')
		return bad(NULL, "domain_renew",
		           "cur_exp_date must be YYYY-MM-DD");
	if (period == 0)
		period = 1;
	if (period < 1 || period > 99 || !units_ok(period_units))
		return bad(NULL, "domain_renew",
		           "period must be 1 to 99 and units \"y\" or \"m\"");
	req = new_request("domain_renew", &args);
	if (req &&
	    (set_str(args, "name", name) ||
	     set_str(args, "cur_exp_date", cur_exp_date) ||
	     set_int_str(args, "period", period) ||
	     set_str(args, "period_units", period_units ? period_units : "y")))
		return bad(req, "domain_renew", "argument is not UTF-8");
	return req;
}

static json_t *
contact_refs(const epprpc_contact_ref *refs, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++) {
		json_t *o = json_object();
		/* Appended first: the array owns it on every path. */
		if (o == NULL || json_array_append_new(a, o) ||
		    !nonempty(refs[i].type) || !nonempty(refs[i].id) ||
		    set_str(o, "type", refs[i].type) ||
		    set_str(o, "id", refs[i].id)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *
statuses(const epprpc_status *st, size_t n, int with_value)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++) {
		json_t *o = json_object();
		if (o == NULL || json_array_append_new(a, o) ||
		    !nonempty(st[i].name) || set_str(o, "name", st[i].name) ||
		    (with_value && set_str(o, "value", st[i].value))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* secdns_json: the dict form that the fields set select (see header). */
static json_t *
secdns_json(const epprpc_secdns *s)
{
	json_t *o = json_object();
	int ds = nonempty(s->digest) || nonempty(s->keydata_pubkey);

	if (o == NULL)
		return NULL;
	if (ds) {
		if (!nonempty(s->key_tag) || !nonempty(s->alg) ||
		    !nonempty(s->digest_type) || !nonempty(s->digest))
			goto fail;
		if (set_str(o, "key_tag", s->key_tag) ||
		    set_str(o, "alg", s->alg) ||
		    set_str(o, "digest_type", s->digest_type) ||
		    set_str(o, "digest", s->digest))
			goto fail;
		if (nonempty(s->keydata_pubkey) &&
		    (!nonempty(s->keydata_flags) ||
		     !nonempty(s->keydata_protocol) ||
		     !nonempty(s->keydata_alg) ||
		     set_str(o, "keydata_flags", s->keydata_flags) ||
		     set_str(o, "keydata_protocol", s->keydata_protocol) ||
		     set_str(o, "keydata_alg", s->keydata_alg) ||
		     set_str(o, "keydata_pubkey", s->keydata_pubkey)))
			goto fail;
	} else if (nonempty(s->max_sig_life)) {
		if (set_str(o, "max_sig_life", s->max_sig_life))
			goto fail;
	} else if (s->all) {
		if (json_object_set_new(o, "all", json_true()))
			goto fail;
	} else {
		goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

static int
set_new(json_t *obj, const char *key, json_t *v)
{
	return v == NULL ? -1 : json_object_set_new(obj, key, v);
}

json_t *
epprpc_req_domain_update(const epprpc_domain_update_args *a)
{
	const char *const cmd = "domain_update";
	json_t *args, *req;

	if (a == NULL || !nonempty(a->name))
		return bad(NULL, cmd, "name is required");
	req = new_request(cmd, &args);
	if (req == NULL)
		return NULL;
	if (set_str(args, "name", a->name) ||
	    set_str(args, "auth_info", a->auth_info) ||
	    set_array(args, "add_nameservers", a->add_nameservers,
	              a->n_add_nameservers) ||
	    set_array(args, "remove_nameservers", a->remove_nameservers,
	              a->n_remove_nameservers))
		return bad(req, cmd, "a name server is NULL or not UTF-8");
	if ((a->n_add_contacts &&
	     set_new(args, "add_contacts",
	             contact_refs(a->add_contacts, a->n_add_contacts))) ||
	    (a->n_remove_contacts &&
	     set_new(args, "remove_contacts",
	             contact_refs(a->remove_contacts, a->n_remove_contacts))))
		return bad(req, cmd, "a contact needs type and id");
	if (set_str(args, "change_registrant", a->change_registrant))
		return bad(req, cmd, "change_registrant is not UTF-8");
	if ((a->n_add_statuses &&
	     set_new(args, "add_statuses",
	             statuses(a->add_statuses, a->n_add_statuses, 1))) ||
	    (a->n_remove_statuses &&
	     set_new(args, "remove_statuses",
	             statuses(a->remove_statuses, a->n_remove_statuses, 0))))
		return bad(req, cmd, "a status needs a name");
	if (a->rgp_restore && set_str(args, "rgp_restore", "1"))
		return bad(req, cmd, "out of memory");
	if (a->rgp_restore_report) {
		const epprpc_rgp_report *r = a->rgp_restore_report;
		json_t *o = json_object();
		/* Attached first: `req` owns it from here, on every path. */
		if (o == NULL ||
		    json_object_set_new(args, "rgp_restore_report", o) ||
		    !nonempty(r->pre_data) || !nonempty(r->post_data) ||
		    !nonempty(r->del_time) || !nonempty(r->res_time) ||
		    !nonempty(r->res_reason) || !nonempty(r->statement1) ||
		    set_str(o, "pre_data", r->pre_data) ||
		    set_str(o, "post_data", r->post_data) ||
		    set_str(o, "del_time", r->del_time) ||
		    set_str(o, "res_time", r->res_time) ||
		    set_str(o, "res_reason", r->res_reason) ||
		    set_str(o, "statement1", r->statement1) ||
		    set_str(o, "statement2", r->statement2) ||
		    set_str(o, "other", r->other))
			return bad(req, cmd,
			           "rgp_restore_report needs pre_data, "
			           "post_data, del_time, res_time, res_reason "
			           "and statement1");
	}
	if ((a->add_secdns &&
	     set_new(args, "add_secdns", secdns_json(a->add_secdns))) ||
	    (a->rem_secdns &&
	     set_new(args, "rem_secdns", secdns_json(a->rem_secdns))) ||
	    (a->change_secdns &&
	     set_new(args, "change_secdns", secdns_json(a->change_secdns))))
		return bad(req, cmd,
		           "a secDNS dict needs key_tag, alg, digest_type and "
		           "digest (and all keydata_* with a key), or "
		           "max_sig_life, or all");
	return req;
}

json_t *
epprpc_req_domain_transfer(const char *name, const char *op,
                           const char *auth_info, int period,
                           const char *period_units)
{
	static const char *const ops[] = {"request", "query", "approve",
	                                  "reject", "cancel"};
	json_t *args, *req;
	size_t i;

	if (!nonempty(name))
		return bad(NULL, "domain_transfer", "name is required");
	if (op == NULL)
		op = "request";
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(op, ops[i]) == 0)
			break;
	if (i == sizeof(ops) / sizeof(ops[0]))
		return bad(NULL, "domain_transfer",
		           "op must be request, query, approve, reject or "
		           "cancel");
	if (period < 0 || period > 99 || !units_ok(period_units))
		return bad(NULL, "domain_transfer",
		           "period must be 1 to 99 and units \"y\" or \"m\"");
	req = new_request("domain_transfer", &args);
	if (req == NULL)
		return NULL;
	if (set_str(args, "name", name) || set_str(args, "op", op) ||
	    set_str(args, "auth_info", auth_info) ||
	    (period > 0 && (set_int_str(args, "period", period) ||
	                    set_str(args, "period_units",
	                            period_units ? period_units : "y"))))
		return bad(req, "domain_transfer", "argument is not UTF-8");
	return req;
}
