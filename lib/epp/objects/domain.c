/*
 * RFC 5731 domain commands. Arguments are checked completely before the
 * document is started, so a refused command costs no allocation; then the
 * elements go in schema order.
 */
#include <string.h>

#include "objects/objects_private.h"
#include "epp/domain.h"

static const char *const domain_statuses[] = {
        "clientDeleteProhibited",
        "clientHold",
        "clientRenewProhibited",
        "clientTransferProhibited",
        "clientUpdateProhibited",
        "inactive",
        "ok",
        "pendingCreate",
        "pendingDelete",
        "pendingRenew",
        "pendingTransfer",
        "pendingUpdate",
        "serverDeleteProhibited",
        "serverHold",
        "serverRenewProhibited",
        "serverTransferProhibited",
        "serverUpdateProhibited",
        NULL,
};

static int
check_ns(epp_error *err, const char *field, const epp_domain_ns *ns)
{
	int rc;

	if (ns->host_obj_count && ns->host_attr_count)
		return epp__invalid(err, field, -1,
		                    "host objects and host attributes "
		                    "cannot be mixed");
	for (size_t i = 0; i < ns->host_obj_count; i++)
		if ((rc = epp__check_name(err, field, (long)i,
		                          ns->host_objs[i])) != 0)
			return rc;
	for (size_t i = 0; i < ns->host_attr_count; i++) {
		const epp_domain_host_attr *h = &ns->host_attrs[i];

		if ((rc = epp__check_name(err, field, (long)i, h->name)) != 0)
			return rc;
		for (size_t j = 0; j < h->addr_count; j++)
			if ((rc = epp__check_ip(err, field, (long)i,
			                        &h->addrs[j])) != 0)
				return rc;
	}
	return EPP_OK;
}

static int
build_ns(xmlNodePtr parent, xmlNsPtr ns, const epp_domain_ns *n)
{
	xmlNodePtr e;

	if (n->host_obj_count == 0 && n->host_attr_count == 0)
		return EPP_OK;
	if ((e = epp__xml_add(parent, ns, "ns", NULL)) == NULL)
		return EPP_ENOMEM;
	for (size_t i = 0; i < n->host_obj_count; i++)
		if (!epp__xml_add(e, ns, "hostObj", n->host_objs[i]))
			return EPP_ENOMEM;
	for (size_t i = 0; i < n->host_attr_count; i++) {
		const epp_domain_host_attr *h = &n->host_attrs[i];
		xmlNodePtr ha = epp__xml_add(e, ns, "hostAttr", NULL);

		if (ha == NULL || !epp__xml_add(ha, ns, "hostName", h->name))
			return EPP_ENOMEM;
		for (size_t j = 0; j < h->addr_count; j++) {
			xmlNodePtr ad = epp__xml_add(ha, ns, "hostAddr",
			                             h->addrs[j].addr);
			if (ad == NULL ||
			    epp__xml_attr(ad, "ip",
			                  epp__ip_version(&h->addrs[j])))
				return EPP_ENOMEM;
		}
	}
	return EPP_OK;
}

static int
check_contacts(epp_error *err, const char *field, const epp_domain_contact *c,
               size_t n)
{
	int rc;

	for (size_t i = 0; i < n; i++) {
		if (c[i].type == NULL || (strcmp(c[i].type, "admin") != 0 &&
		                          strcmp(c[i].type, "billing") != 0 &&
		                          strcmp(c[i].type, "tech") != 0))
			return epp__invalid(err, field, (long)i,
			                    "type must be admin, billing or "
			                    "tech");
		if ((rc = epp__check_id(err, field, (long)i, c[i].id)) != 0)
			return rc;
	}
	return EPP_OK;
}

static int
build_contacts(xmlNodePtr parent, xmlNsPtr ns, const epp_domain_contact *c,
               size_t n)
{
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr e = epp__xml_add(parent, ns, "contact", c[i].id);
		if (e == NULL || epp__xml_attr(e, "type", c[i].type))
			return EPP_ENOMEM;
	}
	return EPP_OK;
}

int
epp_domain_check_build(epp_command **out, const epp_domain_check_args *a,
                       const char *cltrid, epp_error *err)
{
	static const epp__simple s = {EPP__CMD_DOMAIN_CHECK,
	                              EPP_COMMAND_QUERY,
	                              "check",
	                              NULL,
	                              EPP_DOMAIN_NS,
	                              "domain",
	                              "name",
	                              "domains",
	                              1,
	                              0};
	int rc = epp__build_start(out, a, err);

	return rc ? rc
	          : epp__build_simple(out, &s, a->names, a->count, NULL, a->ext,
	                              a->ext_count, cltrid, err);
}

int
epp_domain_info_build(epp_command **out, const epp_domain_info_args *a,
                      const char *cltrid, epp_error *err)
{
	const char *hosts;
	epp__builder b;
	xmlNodePtr obj, n;
	xmlNsPtr ns;
	int rc;

	if ((rc = epp__build_start(out, a, err)) != 0)
		return rc;
	if ((rc = epp__check_name(err, "name", -1, a->name)) != 0)
		return rc;
	hosts = a->hosts && *a->hosts ? a->hosts : "all";
	if (strcmp(hosts, "all") != 0 && strcmp(hosts, "del") != 0 &&
	    strcmp(hosts, "sub") != 0 && strcmp(hosts, "none") != 0)
		return epp__invalid(err, "hosts", -1,
		                    "must be all, del, sub or none");
	if ((rc = epp__check_text(err, "auth_info", -1, a->auth_info, 0)) ||
	    (rc = epp__ext_validate(a->ext, a->ext_count, EPP__CMD_DOMAIN_INFO,
	                            err)))
		return rc;
	if (epp__begin_object(&b, EPP__CMD_DOMAIN_INFO, EPP_COMMAND_QUERY,
	                      "info", NULL, EPP_DOMAIN_NS, "domain", &obj, &ns))
		return EPP__OOM(err);
	n = epp__xml_add(obj, ns, "name", a->name);
	if (n == NULL || epp__xml_attr(n, "hosts", hosts))
		goto oom;
	if (a->auth_info && *a->auth_info &&
	    !epp__add_auth_info(obj, ns, a->auth_info))
		goto oom;
	return epp__finish(&b, a->ext, a->ext_count, EPP__CMD_DOMAIN_INFO,
	                   cltrid, out, err);
oom:
	epp__builder_abort(&b);
	return EPP__OOM(err);
}

int
epp_domain_create_build(epp_command **out, const epp_domain_create_args *a,
                        const char *cltrid, epp_error *err)
{
	epp__builder b;
	xmlNodePtr obj;
	xmlNsPtr ns;
	int rc;

	if ((rc = epp__build_start(out, a, err)) != 0)
		return rc;
	if ((rc = epp__check_name(err, "name", -1, a->name)) ||
	    (rc = epp__check_period(err, a->period, a->period_unit, 1)) ||
	    (rc = check_ns(err, "nameservers", &a->ns)) ||
	    (a->registrant &&
	     (rc = epp__check_id(err, "registrant", -1, a->registrant))) ||
	    (rc = check_contacts(err, "contacts", a->contacts,
	                         a->contact_count)) ||
	    (rc = epp__check_text(err, "auth_info", -1, a->auth_info, 0)) ||
	    (rc = epp__ext_validate(a->ext, a->ext_count,
	                            EPP__CMD_DOMAIN_CREATE, err)))
		return rc;
	if (epp__begin_object(&b, EPP__CMD_DOMAIN_CREATE, EPP_COMMAND_TRANSFORM,
	                      "create", NULL, EPP_DOMAIN_NS, "domain", &obj,
	                      &ns))
		return EPP__OOM(err);
	if (!epp__xml_add(obj, ns, "name", a->name) ||
	    (a->period &&
	     epp__add_period(obj, ns, a->period, a->period_unit)) ||
	    build_ns(obj, ns, &a->ns) ||
	    (a->registrant &&
	     !epp__xml_add(obj, ns, "registrant", a->registrant)) ||
	    build_contacts(obj, ns, a->contacts, a->contact_count) ||
	    !epp__add_auth_info(obj, ns, a->auth_info))
		goto oom;
	return epp__finish(&b, a->ext, a->ext_count, EPP__CMD_DOMAIN_CREATE,
	                   cltrid, out, err);
oom:
	epp__builder_abort(&b);
	return EPP__OOM(err);
}

int
epp_domain_delete_build(epp_command **out, const epp_domain_delete_args *a,
                        const char *cltrid, epp_error *err)
{
	static const epp__simple s = {EPP__CMD_DOMAIN_DELETE,
	                              EPP_COMMAND_TRANSFORM,
	                              "delete",
	                              NULL,
	                              EPP_DOMAIN_NS,
	                              "domain",
	                              "name",
	                              "name",
	                              0,
	                              0};
	int rc = epp__build_start(out, a, err);

	return rc ? rc
	          : epp__build_simple(out, &s, &a->name, 1, NULL, a->ext,
	                              a->ext_count, cltrid, err);
}

int
epp_domain_renew_build(epp_command **out, const epp_domain_renew_args *a,
                       const char *cltrid, epp_error *err)
{
	epp__builder b;
	xmlNodePtr obj;
	xmlNsPtr ns;
	int rc;

	if ((rc = epp__build_start(out, a, err)) != 0)
		return rc;
	if ((rc = epp__check_name(err, "name", -1, a->name)) ||
	    (rc = epp__check_date(err, "cur_exp_date", a->cur_exp_date)) ||
	    (rc = epp__check_period(err, a->period, a->period_unit, 1)) ||
	    (rc = epp__ext_validate(a->ext, a->ext_count, EPP__CMD_DOMAIN_RENEW,
	                            err)))
		return rc;
	if (epp__begin_object(&b, EPP__CMD_DOMAIN_RENEW, EPP_COMMAND_TRANSFORM,
	                      "renew", NULL, EPP_DOMAIN_NS, "domain", &obj,
	                      &ns))
		return EPP__OOM(err);
	if (!epp__xml_add(obj, ns, "name", a->name) ||
	    !epp__xml_add(obj, ns, "curExpDate", a->cur_exp_date) ||
	    (a->period &&
	     epp__add_period(obj, ns, a->period, a->period_unit))) {
		epp__builder_abort(&b);
		return EPP__OOM(err);
	}
	return epp__finish(&b, a->ext, a->ext_count, EPP__CMD_DOMAIN_RENEW,
	                   cltrid, out, err);
}

int
epp_domain_transfer_build(epp_command **out, const epp_domain_transfer_args *a,
                          const char *cltrid, epp_error *err)
{
	const char *op;
	epp__builder b;
	xmlNodePtr obj;
	xmlNsPtr ns;
	int rc;

	if ((rc = epp__build_start(out, a, err)) != 0)
		return rc;
	if ((op = epp_transfer_op_name(a->op)) == NULL)
		return epp__invalid(err, "op", -1,
		                    "must be request, query, approve, "
		                    "reject or cancel");
	if ((rc = epp__check_name(err, "name", -1, a->name)) ||
	    (rc = epp__check_period(err, a->period, a->period_unit, 1)) ||
	    (rc = epp__check_text(err, "auth_info", -1, a->auth_info, 0)) ||
	    (rc = epp__ext_validate(a->ext, a->ext_count,
	                            EPP__CMD_DOMAIN_TRANSFER, err)))
		return rc;
	if (a->period && a->op != EPP_TRANSFER_REQUEST)
		return epp__invalid(err, "period", -1,
		                    "only a transfer request takes a period");
	if (epp__begin_object(
	            &b, EPP__CMD_DOMAIN_TRANSFER,
	            a->op == EPP_TRANSFER_QUERY ? EPP_COMMAND_QUERY
	                                        : EPP_COMMAND_TRANSFORM,
	            "transfer", op, EPP_DOMAIN_NS, "domain", &obj, &ns))
		return EPP__OOM(err);
	if (!epp__xml_add(obj, ns, "name", a->name) ||
	    (a->period &&
	     epp__add_period(obj, ns, a->period, a->period_unit)) ||
	    (a->auth_info && *a->auth_info &&
	     !epp__add_auth_info(obj, ns, a->auth_info))) {
		epp__builder_abort(&b);
		return EPP__OOM(err);
	}
	return epp__finish(&b, a->ext, a->ext_count, EPP__CMD_DOMAIN_TRANSFER,
	                   cltrid, out, err);
}

static int
has_part(const epp_domain_ns *ns, size_t contacts, size_t statuses)
{
	return ns->host_obj_count || ns->host_attr_count || contacts ||
	       statuses;
}

static int
build_part(xmlNodePtr obj, xmlNsPtr ns, const char *name,
           const epp_domain_ns *n, const epp_domain_contact *c, size_t nc,
           const epp_status *st, size_t nst)
{
	xmlNodePtr e;

	if (!has_part(n, nc, nst))
		return EPP_OK;
	if ((e = epp__xml_add(obj, ns, name, NULL)) == NULL ||
	    build_ns(e, ns, n) || build_contacts(e, ns, c, nc) ||
	    epp__add_statuses(e, ns, st, nst))
		return EPP_ENOMEM;
	return EPP_OK;
}

int
epp_domain_update_build(epp_command **out, const epp_domain_update_args *a,
                        const char *cltrid, epp_error *err)
{
	epp__builder b;
	xmlNodePtr obj, chg, ai;
	xmlNsPtr ns;
	int rc, any_chg;

	if ((rc = epp__build_start(out, a, err)) != 0)
		return rc;
	if ((rc = epp__check_name(err, "name", -1, a->name)) ||
	    (rc = check_ns(err, "add_nameservers", &a->add_ns)) ||
	    (rc = check_contacts(err, "add_contacts", a->add_contacts,
	                         a->add_contact_count)) ||
	    (rc = epp__check_statuses(err, "add_statuses", a->add_statuses,
	                              a->add_status_count, 11,
	                              domain_statuses)) ||
	    (rc = check_ns(err, "remove_nameservers", &a->rem_ns)) ||
	    (rc = check_contacts(err, "remove_contacts", a->rem_contacts,
	                         a->rem_contact_count)) ||
	    (rc = epp__check_statuses(err, "remove_statuses", a->rem_statuses,
	                              a->rem_status_count, 11,
	                              domain_statuses)) ||
	    (a->chg_registrant && *a->chg_registrant &&
	     (rc = epp__check_id(err, "change_registrant", -1,
	                         a->chg_registrant))) ||
	    (rc = epp__check_text(err, "auth_info", -1, a->chg_auth_info, 0)) ||
	    (rc = epp__ext_validate(a->ext, a->ext_count,
	                            EPP__CMD_DOMAIN_UPDATE, err)))
		return rc;
	if (a->chg_auth_info_null && a->chg_auth_info && *a->chg_auth_info)
		return epp__invalid(err, "auth_info", -1,
		                    "cannot both be set and nullified");
	if (epp__begin_object(&b, EPP__CMD_DOMAIN_UPDATE, EPP_COMMAND_TRANSFORM,
	                      "update", NULL, EPP_DOMAIN_NS, "domain", &obj,
	                      &ns))
		return EPP__OOM(err);
	if (!epp__xml_add(obj, ns, "name", a->name) ||
	    build_part(obj, ns, "add", &a->add_ns, a->add_contacts,
	               a->add_contact_count, a->add_statuses,
	               a->add_status_count) ||
	    build_part(obj, ns, "rem", &a->rem_ns, a->rem_contacts,
	               a->rem_contact_count, a->rem_statuses,
	               a->rem_status_count))
		goto oom;
	any_chg = a->chg_registrant || a->chg_auth_info_null ||
	          (a->chg_auth_info && *a->chg_auth_info);
	if (any_chg ||
	    (!has_part(&a->add_ns, a->add_contact_count, a->add_status_count) &&
	     !has_part(&a->rem_ns, a->rem_contact_count,
	               a->rem_status_count))) {
		if ((chg = epp__xml_add(obj, ns, "chg", NULL)) == NULL)
			goto oom;
		if (a->chg_registrant &&
		    !epp__xml_add(chg, ns, "registrant",
		                  *a->chg_registrant ? a->chg_registrant
		                                     : NULL))
			goto oom;
		if (a->chg_auth_info_null) {
			if ((ai = epp__xml_add(chg, ns, "authInfo", NULL)) ==
			            NULL ||
			    !epp__xml_add(ai, ns, "null", NULL))
				goto oom;
		} else if (a->chg_auth_info && *a->chg_auth_info &&
		           !epp__add_auth_info(chg, ns, a->chg_auth_info))
			goto oom;
	}
	return epp__finish(&b, a->ext, a->ext_count, EPP__CMD_DOMAIN_UPDATE,
	                   cltrid, out, err);
oom:
	epp__builder_abort(&b);
	return EPP__OOM(err);
}
