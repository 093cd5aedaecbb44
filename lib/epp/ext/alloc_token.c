/*
 * RFC 8495 allocationToken-1.0. JSON: `allocation_token` (a string) on
 * domain_check, domain_create, domain_transfer and domain_update;
 * `allocation_token_info` (true) on domain_info.
 */
#include <string.h>

#include "epp/ext_alloc_token.h"
#include "ext/ext_private.h"

static int
token_validate(const void *data, epp__cmd cmd, epp_error *err)
{
	const epp_alloc_token *t = data;

	if (cmd == EPP__CMD_DOMAIN_INFO) {
		if (!t->info || t->token)
			return epp__invalid(err, "allocation_token", -1,
			                    "a domain info only asks for the "
			                    "token (info = 1)");
		return EPP_OK;
	}
	if (t->info)
		return epp__invalid(err, "allocation_token_info", -1,
		                    "only allowed on a domain info");
	return epp__check_text(err, "allocation_token", -1, t->token, 1);
}

static int
token_build(xmlNodePtr ext, const void *data, epp__cmd cmd)
{
	const epp_alloc_token *t = data;
	xmlNodePtr top;
	xmlNsPtr ns;

	(void)cmd;
	top = epp__ext_top(ext, EPP_ALLOC_TOKEN_NS, "allocationToken",
	                   t->info ? "info" : "allocationToken",
	                   t->info ? NULL : t->token, &ns);
	return top ? EPP_OK : EPP_ENOMEM;
}

static int
token_from_json(const void **data, const json_t *args, epp__cmd cmd,
                epp__arena *a, epp_error *err)
{
	epp_alloc_token *t;
	const char *s = NULL;
	int info = 0, rc;

	*data = NULL;
	if (cmd == EPP__CMD_DOMAIN_INFO)
		info = epp__json_truthy(
		        json_object_get(args, "allocation_token_info"));
	else if ((rc = epp__json_str(args, "allocation_token", 0, &s, err)))
		return rc;
	if (!info && s == NULL)
		return EPP_OK;
	if ((t = epp__arena_alloc(a, sizeof(*t))) == NULL)
		return EPP__OOM(err);
	t->token = s;
	t->info = info;
	*data = t;
	return EPP_OK;
}

const epp__ext_module epp__ext_alloc_token = {
        EPP_EXT_ALLOC_TOKEN,
        EPP_ALLOC_TOKEN_NS,
        EPP__CMD_BIT(EPP__CMD_DOMAIN_CHECK) |
                EPP__CMD_BIT(EPP__CMD_DOMAIN_INFO) |
                EPP__CMD_BIT(EPP__CMD_DOMAIN_CREATE) |
                EPP__CMD_BIT(EPP__CMD_DOMAIN_TRANSFER) |
                EPP__CMD_BIT(EPP__CMD_DOMAIN_UPDATE),
        token_validate,
        token_build,
        token_from_json,
};

int
epp__parse_alloc_token(epp_response *r, const xmlNode *n)
{
	const char *t = epp__rtext(r, n);

	if (t == NULL)
		return EPP_ENOMEM;
	r->ext[EPP__RX_ALLOCATION_TOKEN] = t;
	return EPP_OK;
}

const char *
epp_response_allocation_token(const epp_response *r)
{
	return r ? r->ext[EPP__RX_ALLOCATION_TOKEN] : NULL;
}
