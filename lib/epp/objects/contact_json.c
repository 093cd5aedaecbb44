/*
 * The JSON requests contact_* (docs/protocol.md).
 */
#include <stdio.h>
#include <string.h>

#include "objects/objects_private.h"
#include "epp/contact.h"

/* docs/protocol.md postal infos under "contacts". */
static int
postal_list(epp__req *r, const epp_contact_postal **out, size_t *n)
{
	const json_t **items;
	epp_contact_postal *arr;
	int rc;

	*out = NULL;
	if ((rc = epp__json_dicts(r->args, "contacts", &r->arena, &items, n,
	                          r->err)))
		return rc;
	if (*n == 0)
		return EPP_OK;
	if ((arr = epp__arena_alloc(&r->arena, *n * sizeof(*arr))) == NULL)
		return EPP__OOM(r->err);
	for (size_t i = 0; i < *n; i++) {
		const json_t *ad = epp__json_get(items[i], "address"), *st;
		epp_contact_postal *p = &arr[i];

		if (epp__json_str(items[i], "type", 1, &p->type, r->err) ||
		    epp__json_str(items[i], "name", 0, &p->name, r->err) ||
		    epp__json_str(items[i], "org", 0, &p->org, r->err))
			return epp__invalid(r->err, "contacts", (long)i,
			                    "needs a \"type\" and optional "
			                    "\"name\", \"org\" strings");
		if (ad == NULL)
			continue;
		if (!json_is_object(ad))
			return epp__invalid(r->err, "contacts.address", (long)i,
			                    "must be an object");
		if (epp__json_str(ad, "city", 0, &p->city, r->err) ||
		    epp__json_str(ad, "sp", 0, &p->sp, r->err) ||
		    epp__json_str(ad, "pc", 0, &p->pc, r->err) ||
		    epp__json_str(ad, "cc", 0, &p->cc, r->err))
			return epp__invalid(r->err, "contacts.address", (long)i,
			                    "city, sp, pc and cc must be "
			                    "strings");
		st = epp__json_get(ad, "street");
		if (st && json_is_string(st)) {
			p->street[0] = json_string_value(st);
			p->street_count = 1;
		} else if (st && json_is_array(st)) {
			if (json_array_size(st) > EPP_CONTACT_MAX_STREET)
				return epp__invalid(
				        r->err, "contacts.address.street",
				        (long)i, "at most 3 street lines");
			for (size_t k = 0; k < json_array_size(st); k++) {
				if (!json_is_string(json_array_get(st, k)))
					return epp__invalid(
					        r->err,
					        "contacts.address.street",
					        (long)i,
					        "lines must be strings");
				p->street[k] = json_string_value(
				        json_array_get(st, k));
			}
			p->street_count = json_array_size(st);
		} else if (st) {
			return epp__invalid(r->err, "contacts.address.street",
			                    (long)i,
			                    "must be a string or a list");
		}
	}
	*out = arr;
	return EPP_OK;
}

static int
phone(epp__req *r, const char *key, const char *ext_key, epp_contact_phone *ph)
{
	int rc = epp__req_str(r, key, 0, &ph->number);

	return rc ? rc : epp__req_str(r, ext_key, 0, &ph->ext);
}

/* Ours: "disclose": {"flag", "name"/"org"/"addr": ["int","loc"],
 * "voice"/"fax"/"email": true}. */
static int
disclose(epp__req *r, epp_contact_disclose *d)
{
	static const char *const keys[] = {"name", "org", "addr"};
	const json_t *v = epp__json_get(r->args, "disclose");
	unsigned *bits[] = {&d->name, &d->org, &d->addr};

	memset(d, 0, sizeof(*d));
	if (v == NULL)
		return EPP_OK;
	if (!json_is_object(v))
		return epp__invalid(r->err, "disclose", -1,
		                    "must be an object");
	d->set = 1;
	d->flag = epp__json_truthy(epp__json_get(v, "flag"));
	for (int i = 0; i < 3; i++) {
		const json_t *l = epp__json_get(v, keys[i]);
		if (l == NULL)
			continue;
		if (!json_is_array(l))
			return epp__invalid(r->err, "disclose", -1,
			                    "name, org and addr take a list "
			                    "of \"int\"/\"loc\"");
		for (size_t k = 0; k < json_array_size(l); k++) {
			const char *t = json_string_value(json_array_get(l, k));
			if (t && strcmp(t, "int") == 0)
				*bits[i] |= EPP_DISCLOSE_INT;
			else if (t && strcmp(t, "loc") == 0)
				*bits[i] |= EPP_DISCLOSE_LOC;
			else
				return epp__invalid(r->err, "disclose", -1,
				                    "types must be int or "
				                    "loc");
		}
	}
	d->voice = epp__json_truthy(epp__json_get(v, "voice"));
	d->fax = epp__json_truthy(epp__json_get(v, "fax"));
	d->email = epp__json_truthy(epp__json_get(v, "email"));
	return EPP_OK;
}
static int
contact_check(epp__req *r)
{
	epp_contact_check_args a = EPP_CONTACT_CHECK_ARGS_INIT;

	TRY(epp__req_strs(r, "contacts", 1, &a.ids, &a.count));
	BUILD_WITH_EXT(EPP__CMD_CONTACT_CHECK, epp_contact_check_build);
}

static int
contact_info(epp__req *r)
{
	epp_contact_id_args a = EPP_CONTACT_ID_ARGS_INIT;

	TRY(epp__req_str(r, "contact", 1, &a.id));
	TRY(epp__req_str(r, "auth_info", 0, &a.auth_info));
	BUILD_WITH_EXT(EPP__CMD_CONTACT_INFO, epp_contact_info_build);
}

static int
contact_delete(epp__req *r)
{
	epp_contact_id_args a = EPP_CONTACT_ID_ARGS_INIT;

	TRY(epp__req_str(r, "contact", 1, &a.id));
	BUILD_WITH_EXT(EPP__CMD_CONTACT_DELETE, epp_contact_delete_build);
}

static int
contact_transfer(epp__req *r)
{
	epp_contact_transfer_args a = EPP_CONTACT_TRANSFER_ARGS_INIT;

	TRY(epp__req_str(r, "contact", 1, &a.id));
	TRY(epp__req_str(r, "auth_info", 0, &a.auth_info));
	TRY(epp__req_transfer_op(r, &a.op));
	BUILD_WITH_EXT(EPP__CMD_CONTACT_TRANSFER, epp_contact_transfer_build);
}

static int
contact_create(epp__req *r)
{
	epp_contact_create_args a = EPP_CONTACT_CREATE_ARGS_INIT;

	TRY(epp__req_str(r, "id", 1, &a.id));
	TRY(phone(r, "voice", "voice_ext", &a.voice));
	TRY(phone(r, "fax", "fax_ext", &a.fax));
	TRY(epp__req_str(r, "email", 0, &a.email));
	TRY(epp__req_str(r, "auth_info", 0, &a.auth_info));
	TRY(postal_list(r, &a.postal, &a.postal_count));
	TRY(disclose(r, &a.disclose));
	BUILD_WITH_EXT(EPP__CMD_CONTACT_CREATE, epp_contact_create_build);
}

static int
contact_update(epp__req *r)
{
	epp_contact_update_args a = EPP_CONTACT_UPDATE_ARGS_INIT;

	TRY(epp__req_str(r, "id", 1, &a.id));
	TRY(phone(r, "voice", "voice_ext", &a.chg_voice));
	TRY(phone(r, "fax", "fax_ext", &a.chg_fax));
	TRY(epp__req_str(r, "email", 0, &a.chg_email));
	TRY(epp__req_str(r, "auth_info", 0, &a.chg_auth_info));
	TRY(postal_list(r, &a.chg_postal, &a.chg_postal_count));
	TRY(disclose(r, &a.chg_disclose));
	TRY(epp__req_statuses(r, "add_statuses", &a.add_statuses,
	                      &a.add_status_count));
	TRY(epp__req_statuses(r, "remove_statuses", &a.rem_statuses,
	                      &a.rem_status_count));
	BUILD_WITH_EXT(EPP__CMD_CONTACT_UPDATE, epp_contact_update_build);
}

int
epp__contact_from_json(epp__req *r, epp__cmd cmd)
{
	switch (cmd) {
	case EPP__CMD_CONTACT_CHECK:
		return contact_check(r);
	case EPP__CMD_CONTACT_INFO:
		return contact_info(r);
	case EPP__CMD_CONTACT_CREATE:
		return contact_create(r);
	case EPP__CMD_CONTACT_UPDATE:
		return contact_update(r);
	case EPP__CMD_CONTACT_DELETE:
		return contact_delete(r);
	case EPP__CMD_CONTACT_TRANSFER:
		return contact_transfer(r);
	default:
		return epp__error_set(r->err, EPP_EINVAL,
		                      "cmd: unknown command");
	}
}
