/*
 * What the builders of objects and extensions share: command names and
 * small element helpers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/build_private.h"

static const char *const cmd_names[EPP__CMD_COUNT] = {
        "domain_check",   "domain_info",    "domain_create",
        "domain_delete",  "domain_renew",   "domain_transfer",
        "domain_update",  "host_check",     "host_info",
        "host_create",    "host_update",    "host_delete",
        "contact_check",  "contact_info",   "contact_create",
        "contact_update", "contact_delete", "contact_transfer",
        "poll_req",       "poll_ack",       "hello",
        "org_check",      "org_info",       "org_create",
        "org_delete",     "org_update",
};

const char *
epp__cmd_name(epp__cmd cmd)
{
	return cmd_names[cmd];
}

int
epp__build_start(epp_command **out, const void *args, epp_error *err)
{
	if (out)
		*out = NULL;
	if (out == NULL || args == NULL)
		return epp__error_set(err, EPP_EINVAL,
		                      "out and args must not be NULL");
	return EPP_OK;
}

xmlNodePtr
epp__add_auth_info(xmlNodePtr parent, xmlNsPtr ns, const char *pw)
{
	xmlNodePtr a = epp__xml_add(parent, ns, "authInfo", NULL);

	if (a == NULL || epp__xml_add(a, ns, "pw", pw) == NULL)
		return NULL;
	return a;
}

int
epp__add_status(xmlNodePtr parent, xmlNsPtr ns, const epp_status *st)
{
	int has_text = st->text && *st->text;
	xmlNodePtr n =
	        epp__xml_add(parent, ns, "status", has_text ? st->text : NULL);

	if (n == NULL || epp__xml_attr(n, "s", st->s))
		return EPP_ENOMEM;
	if (has_text &&
	    epp__xml_attr(n, "lang", st->lang && *st->lang ? st->lang : "en"))
		return EPP_ENOMEM;
	return EPP_OK;
}

int
epp__add_statuses(xmlNodePtr parent, xmlNsPtr ns, const epp_status *st,
                  size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (epp__add_status(parent, ns, &st[i]))
			return EPP_ENOMEM;
	return EPP_OK;
}

int
epp__add_period(xmlNodePtr parent, xmlNsPtr ns, int period, char unit)
{
	char buf[8];
	xmlNodePtr n;

	snprintf(buf, sizeof(buf), "%d", period);
	n = epp__xml_add(parent, ns, "period", buf);
	if (n == NULL || epp__xml_attr(n, "unit", epp__period_unit(unit)))
		return EPP_ENOMEM;
	return EPP_OK;
}

int
epp__begin_object(epp__builder *b, epp__cmd cmd, epp_command_kind kind,
                  const char *verb, const char *op, const char *uri,
                  const char *prefix, xmlNodePtr *obj, xmlNsPtr *ns)
{
	xmlNodePtr v = NULL;
	int rc = epp__builder_begin(b, epp__cmd_name(cmd), kind, verb, &v);

	if (rc)
		return rc;
	if ((op && epp__xml_attr(v, "op", op)) ||
	    epp__builder_object(b, v, uri, prefix, verb, obj)) {
		epp__builder_abort(b);
		return EPP_ENOMEM;
	}
	*ns = (*obj)->ns;
	return EPP_OK;
}

xmlNodePtr
epp__ext_top(xmlNodePtr parent, const char *uri, const char *prefix,
             const char *name, const char *text, xmlNsPtr *ns)
{
	/* xmlNewTextChild escapes the text; xmlNewChild would parse it */
	xmlNodePtr top = xmlNewTextChild(parent, NULL, (const xmlChar *)name,
	                                 (const xmlChar *)text);

	if (top == NULL)
		return NULL;
	*ns = xmlNewNs(top, (const xmlChar *)uri, (const xmlChar *)prefix);
	if (*ns == NULL)
		return NULL;
	xmlSetNs(top, *ns);
	return top;
}

static const char *const transfer_ops[] = {"request", "query", "approve",
                                           "reject", "cancel"};

int
epp_transfer_op_parse(const char *name, epp_transfer_op *op)
{
	for (int i = 0; name && i < 5; i++)
		if (strcmp(name, transfer_ops[i]) == 0) {
			*op = (epp_transfer_op)i;
			return EPP_OK;
		}
	return EPP_EINVAL;
}

const char *
epp_transfer_op_name(epp_transfer_op op)
{
	return (int)op >= 0 && (int)op < 5 ? transfer_ops[op] : NULL;
}
