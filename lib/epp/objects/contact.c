/*
 * RFC 5733 contact commands. Postal info follows docs/protocol.md: one
 * <contact:street> per line, at most 3, then city, sp, pc, cc.
 */
#include <string.h>

#include "objects/objects_private.h"
#include "epp/contact.h"

static const char *const contact_statuses[] = {
        "clientDeleteProhibited",
        "clientTransferProhibited",
        "clientUpdateProhibited",
        "linked",
        "ok",
        "pendingCreate",
        "pendingDelete",
        "pendingTransfer",
        "pendingUpdate",
        "serverDeleteProhibited",
        "serverTransferProhibited",
        "serverUpdateProhibited",
        NULL,
};

static int
ascii(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static int
check_line(epp_error *err, const char *field, long idx, const char *s,
           int required, size_t max, int is_int)
{
	int rc = epp__check_text(err, field, idx, s, required);

	if (rc || s == NULL)
		return rc;
	if (strlen(s) > max)
		return epp__invalid(err, field, idx, "is too long");
	/* RFC 5733 2.4: the "int" form is 7-bit US-ASCII only */
	if (is_int && !ascii(s))
		return epp__invalid(err, field, idx,
		                    "must be ASCII in an \"int\" postal info "
		                    "(use \"loc\")");
	return EPP_OK;
}

static int
check_postal(epp_error *err, const epp_contact_postal *p, size_t n, int create)
{
	int rc, is_int;
	size_t i, k;

	if (create && n == 0)
		return epp__invalid(err, "contacts", -1,
		                    "at least one postal info is required");
	if (n > 2)
		return epp__invalid(err, "contacts", -1,
		                    "at most two postal infos");
	for (i = 0; i < n; i++) {
		long x = (long)i;
		int has_addr;

		if (p[i].type == NULL || (strcmp(p[i].type, "int") != 0 &&
		                          strcmp(p[i].type, "loc") != 0))
			return epp__invalid(err, "contacts", x,
			                    "type must be int or loc");
		if (i == 1 && strcmp(p[0].type, p[1].type) == 0)
			return epp__invalid(err, "contacts", x,
			                    "two postal infos of one type");
		is_int = p[i].type[0] == 'i';
		if (p[i].street_count > EPP_CONTACT_MAX_STREET)
			return epp__invalid(err, "contacts.address.street", x,
			                    "at most 3 street lines");
		has_addr = p[i].street_count || p[i].city || p[i].sp ||
		           p[i].pc || p[i].cc;
		if ((rc = check_line(err, "contacts.name", x, p[i].name, create,
		                     255, is_int)) ||
		    (rc = check_line(err, "contacts.org", x, p[i].org, 0, 255,
		                     is_int)) ||
		    (rc = check_line(err, "contacts.address.city", x, p[i].city,
		                     create || has_addr, 255, is_int)) ||
		    (rc = check_line(err, "contacts.address.sp", x, p[i].sp, 0,
		                     255, is_int)) ||
		    (rc = check_line(err, "contacts.address.pc", x, p[i].pc, 0,
		                     16, is_int)))
			return rc;
		for (k = 0; k < p[i].street_count; k++)
			if ((rc = check_line(err, "contacts.address.street", x,
			                     p[i].street[k], 1, 255, is_int)))
				return rc;
		if ((create || has_addr) &&
		    (p[i].cc == NULL || strlen(p[i].cc) != 2 ||
		     !((p[i].cc[0] | 0x20) >= 'a' &&
		       (p[i].cc[0] | 0x20) <= 'z') ||
		     !((p[i].cc[1] | 0x20) >= 'a' &&
		       (p[i].cc[1] | 0x20) <= 'z')))
			return epp__invalid(err, "contacts.address.cc", x,
			                    "must be a 2-letter country code");
		if (!create && !(p[i].name && *p[i].name) &&
		    !(p[i].org && *p[i].org) && !has_addr)
			return epp__invalid(err, "contacts", x,
			                    "postal info with nothing in it");
	}
	return EPP_OK;
}

static int
build_postal(xmlNodePtr parent, xmlNsPtr ns, const epp_contact_postal *p,
             size_t n)
{
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr pi, ad;

		if ((pi = epp__xml_add(parent, ns, "postalInfo", NULL)) ==
		            NULL ||
		    epp__xml_attr(pi, "type", p[i].type))
			return EPP_ENOMEM;
		/* "" means "not given", as with the original gate */
		if ((p[i].name && *p[i].name &&
		     !epp__xml_add(pi, ns, "name", p[i].name)) ||
		    (p[i].org && *p[i].org &&
		     !epp__xml_add(pi, ns, "org", p[i].org)))
			return EPP_ENOMEM;
		if (!p[i].street_count && !(p[i].city && *p[i].city) &&
		    !(p[i].cc && *p[i].cc))
			continue;
		if ((ad = epp__xml_add(pi, ns, "addr", NULL)) == NULL)
			return EPP_ENOMEM;
		for (size_t k = 0; k < p[i].street_count; k++)
			if (!epp__xml_add(ad, ns, "street", p[i].street[k]))
				return EPP_ENOMEM;
		if (!epp__xml_add(ad, ns, "city", p[i].city) ||
		    (p[i].sp && *p[i].sp &&
		     !epp__xml_add(ad, ns, "sp", p[i].sp)) ||
		    (p[i].pc && *p[i].pc &&
		     !epp__xml_add(ad, ns, "pc", p[i].pc)) ||
		    !epp__xml_add(ad, ns, "cc", p[i].cc))
			return EPP_ENOMEM;
	}
	return EPP_OK;
}

/* contact:e164StringType: "+CC.NUMBER", 1-3 and 1-14 digits. */
static int
check_phone(epp_error *err, const char *field, const epp_contact_phone *ph)
{
	const char *p = ph->number;
	int cc = 0, num = 0;

	if (p == NULL || *p == '\0') {
		if (ph->ext && *ph->ext)
			return epp__invalid(err, field, -1,
			                    "extension without a number");
		return EPP_OK;
	}
	if (*p++ != '+')
		goto bad;
	for (; *p >= '0' && *p <= '9'; p++)
		cc++;
	if (*p++ != '.')
		goto bad;
	for (; *p >= '0' && *p <= '9'; p++)
		num++;
	if (*p || cc < 1 || cc > 3 || num < 1 || num > 14 ||
	    strlen(ph->number) > 17)
		goto bad;
	if (ph->ext && *ph->ext) {
		int rc = epp__check_name(err, field, -1, ph->ext);
		if (rc)
			return epp__invalid(err, field, -1,
			                    "extension must be a token");
	}
	return EPP_OK;
bad:
	return epp__invalid(err, field, -1,
	                    "must be +CC.NUMBER, e.g. +1.7035555555");
}

static int
build_phone(xmlNodePtr parent, xmlNsPtr ns, const char *name,
            const epp_contact_phone *ph)
{
	xmlNodePtr e;

	if (ph->number == NULL || *ph->number == '\0')
		return EPP_OK;
	if ((e = epp__xml_add(parent, ns, name, ph->number)) == NULL ||
	    (ph->ext && *ph->ext && epp__xml_attr(e, "x", ph->ext)))
		return EPP_ENOMEM;
	return EPP_OK;
}

static int
check_email(epp_error *err, const char *field, const char *s, int required)
{
	int rc = epp__check_text(err, field, -1, s, required);

	if (rc || s == NULL || *s == '\0')
		return rc;
	if (strchr(s, '@') == NULL || strpbrk(s, " \t\r\n"))
		return epp__invalid(err, field, -1, "is not an email address");
	return EPP_OK;
}

static int
build_disclose(xmlNodePtr parent, xmlNsPtr ns, const epp_contact_disclose *d)
{
	static const char *const names[] = {"name", "org", "addr"};
	const unsigned bits[] = {d->name, d->org, d->addr};
	xmlNodePtr e, c;

	if (!d->set)
		return EPP_OK;
	if ((e = epp__xml_add(parent, ns, "disclose", NULL)) == NULL ||
	    epp__xml_attr(e, "flag", d->flag ? "1" : "0"))
		return EPP_ENOMEM;
	for (int i = 0; i < 3; i++) {
		if ((bits[i] & EPP_DISCLOSE_INT) &&
		    ((c = epp__xml_add(e, ns, names[i], NULL)) == NULL ||
		     epp__xml_attr(c, "type", "int")))
			return EPP_ENOMEM;
		if ((bits[i] & EPP_DISCLOSE_LOC) &&
		    ((c = epp__xml_add(e, ns, names[i], NULL)) == NULL ||
		     epp__xml_attr(c, "type", "loc")))
			return EPP_ENOMEM;
	}
	if ((d->voice && !epp__xml_add(e, ns, "voice", NULL)) ||
	    (d->fax && !epp__xml_add(e, ns, "fax", NULL)) ||
	    (d->email && !epp__xml_add(e, ns, "email", NULL)))
		return EPP_ENOMEM;
	return EPP_OK;
}

/* check, info, delete, transfer: ids and an optional authInfo. */
static int
build_ids(epp_command **out, epp__cmd cmd, epp_command_kind kind,
          const char *verb, const char *op, const char *const *ids,
          size_t count, const char *auth_info, const epp_ext_arg *ext,
          size_t ext_count, const char *cltrid, epp_error *err)
{
	int check = cmd == EPP__CMD_CONTACT_CHECK;
	epp__simple s = {cmd,
	                 kind,
	                 verb,
	                 op,
	                 EPP_CONTACT_NS,
	                 "contact",
	                 "id",
	                 check ? "contacts" : "contact",
	                 check,
	                 1};

	return epp__build_simple(out, &s, ids, count, auth_info, ext, ext_count,
	                         cltrid, err);
}

int
epp_contact_check_build(epp_command **out, const epp_contact_check_args *a,
                        const char *cltrid, epp_error *err)
{
	int rc = epp__build_start(out, a, err);

	return rc ? rc
	          : build_ids(out, EPP__CMD_CONTACT_CHECK, EPP_COMMAND_QUERY,
	                      "check", NULL, a->ids, a->count, NULL, a->ext,
	                      a->ext_count, cltrid, err);
}

int
epp_contact_info_build(epp_command **out, const epp_contact_id_args *a,
                       const char *cltrid, epp_error *err)
{
	int rc = epp__build_start(out, a, err);

	return rc ? rc
	          : build_ids(out, EPP__CMD_CONTACT_INFO, EPP_COMMAND_QUERY,
	                      "info", NULL, &a->id, 1, a->auth_info, a->ext,
	                      a->ext_count, cltrid, err);
}

int
epp_contact_delete_build(epp_command **out, const epp_contact_id_args *a,
                         const char *cltrid, epp_error *err)
{
	int rc = epp__build_start(out, a, err);

	return rc ? rc
	          : build_ids(out, EPP__CMD_CONTACT_DELETE,
	                      EPP_COMMAND_TRANSFORM, "delete", NULL, &a->id, 1,
	                      NULL, a->ext, a->ext_count, cltrid, err);
}

int
epp_contact_transfer_build(epp_command **out,
                           const epp_contact_transfer_args *a,
                           const char *cltrid, epp_error *err)
{
	const char *op;
	int rc = epp__build_start(out, a, err);

	if (rc)
		return rc;
	if ((op = epp_transfer_op_name(a->op)) == NULL)
		return epp__invalid(err, "op", -1,
		                    "must be request, query, approve, "
		                    "reject or cancel");
	return build_ids(out, EPP__CMD_CONTACT_TRANSFER,
	                 a->op == EPP_TRANSFER_QUERY ? EPP_COMMAND_QUERY
	                                             : EPP_COMMAND_TRANSFORM,
	                 "transfer", op, &a->id, 1, a->auth_info, a->ext,
	                 a->ext_count, cltrid, err);
}

int
epp_contact_create_build(epp_command **out, const epp_contact_create_args *a,
                         const char *cltrid, epp_error *err)
{
	epp__builder b;
	xmlNodePtr obj;
	xmlNsPtr ns;
	int rc;

	if ((rc = epp__build_start(out, a, err)) != 0)
		return rc;
	if ((rc = epp__check_id(err, "id", -1, a->id)) ||
	    (rc = check_postal(err, a->postal, a->postal_count, 1)) ||
	    (rc = check_phone(err, "voice", &a->voice)) ||
	    (rc = check_phone(err, "fax", &a->fax)) ||
	    (rc = check_email(err, "email", a->email, 1)) ||
	    (rc = epp__check_text(err, "auth_info", -1, a->auth_info, 0)) ||
	    (rc = epp__ext_validate(a->ext, a->ext_count,
	                            EPP__CMD_CONTACT_CREATE, err)))
		return rc;
	if (epp__begin_object(&b, EPP__CMD_CONTACT_CREATE,
	                      EPP_COMMAND_TRANSFORM, "create", NULL,
	                      EPP_CONTACT_NS, "contact", &obj, &ns))
		return EPP__OOM(err);
	if (!epp__xml_add(obj, ns, "id", a->id) ||
	    build_postal(obj, ns, a->postal, a->postal_count) ||
	    build_phone(obj, ns, "voice", &a->voice) ||
	    build_phone(obj, ns, "fax", &a->fax) ||
	    !epp__xml_add(obj, ns, "email", a->email) ||
	    !epp__add_auth_info(obj, ns, a->auth_info) ||
	    build_disclose(obj, ns, &a->disclose)) {
		epp__builder_abort(&b);
		return EPP__OOM(err);
	}
	return epp__finish(&b, a->ext, a->ext_count, EPP__CMD_CONTACT_CREATE,
	                   cltrid, out, err);
}

int
epp_contact_update_build(epp_command **out, const epp_contact_update_args *a,
                         const char *cltrid, epp_error *err)
{
	epp__builder b;
	xmlNodePtr obj, e;
	xmlNsPtr ns;
	int rc, chg;

	if ((rc = epp__build_start(out, a, err)) != 0)
		return rc;
	if ((rc = epp__check_id(err, "id", -1, a->id)) ||
	    (rc = epp__check_statuses(err, "add_statuses", a->add_statuses,
	                              a->add_status_count, 7,
	                              contact_statuses)) ||
	    (rc = epp__check_statuses(err, "remove_statuses", a->rem_statuses,
	                              a->rem_status_count, 7,
	                              contact_statuses)) ||
	    (rc = check_postal(err, a->chg_postal, a->chg_postal_count, 0)) ||
	    (rc = check_phone(err, "voice", &a->chg_voice)) ||
	    (rc = check_phone(err, "fax", &a->chg_fax)) ||
	    (rc = check_email(err, "email", a->chg_email, 0)) ||
	    (rc = epp__check_text(err, "auth_info", -1, a->chg_auth_info, 0)) ||
	    (rc = epp__ext_validate(a->ext, a->ext_count,
	                            EPP__CMD_CONTACT_UPDATE, err)))
		return rc;
	chg = a->chg_postal_count ||
	      (a->chg_voice.number && *a->chg_voice.number) ||
	      (a->chg_fax.number && *a->chg_fax.number) ||
	      (a->chg_email && *a->chg_email) ||
	      (a->chg_auth_info && *a->chg_auth_info) || a->chg_disclose.set;
	if (!chg && !a->add_status_count && !a->rem_status_count)
		return epp__invalid(err, "contact_update", -1,
		                    "nothing to add, remove or change");
	if (epp__begin_object(&b, EPP__CMD_CONTACT_UPDATE,
	                      EPP_COMMAND_TRANSFORM, "update", NULL,
	                      EPP_CONTACT_NS, "contact", &obj, &ns))
		return EPP__OOM(err);
	if (!epp__xml_add(obj, ns, "id", a->id))
		goto oom;
	if (a->add_status_count &&
	    ((e = epp__xml_add(obj, ns, "add", NULL)) == NULL ||
	     epp__add_statuses(e, ns, a->add_statuses, a->add_status_count)))
		goto oom;
	if (a->rem_status_count &&
	    ((e = epp__xml_add(obj, ns, "rem", NULL)) == NULL ||
	     epp__add_statuses(e, ns, a->rem_statuses, a->rem_status_count)))
		goto oom;
	if (chg && ((e = epp__xml_add(obj, ns, "chg", NULL)) == NULL ||
	            build_postal(e, ns, a->chg_postal, a->chg_postal_count) ||
	            build_phone(e, ns, "voice", &a->chg_voice) ||
	            build_phone(e, ns, "fax", &a->chg_fax) ||
	            (a->chg_email && *a->chg_email &&
	             !epp__xml_add(e, ns, "email", a->chg_email)) ||
	            (a->chg_auth_info && *a->chg_auth_info &&
	             !epp__add_auth_info(e, ns, a->chg_auth_info)) ||
	            build_disclose(e, ns, &a->chg_disclose)))
		goto oom;
	return epp__finish(&b, a->ext, a->ext_count, EPP__CMD_CONTACT_UPDATE,
	                   cltrid, out, err);
oom:
	epp__builder_abort(&b);
	return EPP__OOM(err);
}
