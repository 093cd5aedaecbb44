/*
 * The extension registration point: one table of modules. A new module
 * (fee, launch, loginSec, changePoll, allocationToken...) is one line
 * here plus its own source file; see epp__ext_module in build_private.h.
 */
#include <string.h>

#include "ext/ext_private.h"

/* Order = order of the elements in <extension> for JSON requests. */
const epp__ext_module *const epp__ext_modules[] = {
        &epp__ext_rgp,        &epp__ext_secdns,
        &epp__ext_fee,        &epp__ext_alloc_token,
        &epp__ext_launch,     &epp__ext_orgext,
        &epp__ext_raw, /* last: raw elements after the typed ones */
        &epp__ext_registered, NULL,
};

static const char *const ext_uris[] = {
        EPP_NS_RGP,    EPP_NS_SECDNS, EPP_NS_FEE, EPP_NS_ALLOCTOKEN,
        EPP_NS_LAUNCH, EPP_NS_ORGEXT, NULL,
};

static const epp__ext_module *
find(const char *name)
{
	for (size_t i = 0; name && epp__ext_modules[i]; i++)
		if (strcmp(epp__ext_modules[i]->name, name) == 0)
			return epp__ext_modules[i];
	return NULL;
}

const char *
epp_ext_uri(const char *module)
{
	const epp__ext_module *m = find(module);

	return m ? m->uri : epp__dyn_uri(module);
}

const char *const *
epp_ext_uris(void)
{
	return ext_uris;
}

int
epp__ext_validate(const epp_ext_arg *ext, size_t count, epp__cmd cmd,
                  epp_error *err)
{
	for (size_t i = 0; i < count; i++) {
		const epp__ext_module *m = find(ext[i].module);
		int rc;

		if (m == NULL && ext[i].module && ext[i].data) {
			for (size_t j = 0; j < i; j++)
				if (strcmp(ext[j].module, ext[i].module) == 0)
					return epp__invalid(err, ext[i].module,
					                    -1,
					                    "extension given "
					                    "twice");
			rc = epp__dyn_validate(&ext[i], cmd, err);
			if (rc != EPP_ENOTFOUND) {
				if (rc)
					return rc;
				continue;
			}
		}
		if (m == NULL)
			return epp__invalid(err, "extension", (long)i,
			                    "unknown extension module");
		if (!(m->commands & EPP__CMD_BIT(cmd)))
			return epp__invalid(err, m->name, -1,
			                    "extension not allowed on this "
			                    "command");
		if (ext[i].data == NULL)
			return epp__invalid(err, m->name, -1,
			                    "extension data missing");
		for (size_t j = 0; j < i; j++)
			if (strcmp(ext[j].module, m->name) == 0)
				return epp__invalid(err, m->name, -1,
				                    "extension given twice");
		rc = m->validate(ext[i].data, cmd, err);
		if (rc)
			return rc;
	}
	return EPP_OK;
}

int
epp__ext_build(epp__builder *b, const epp_ext_arg *ext, size_t count,
               epp__cmd cmd)
{
	xmlNodePtr e;

	if (count == 0)
		return EPP_OK;
	e = epp__builder_extension(b);
	if (e == NULL)
		return EPP_ENOMEM;
	for (size_t i = 0; i < count; i++) {
		const epp__ext_module *m = find(ext[i].module);
		int rc = m ? m->build(e, ext[i].data, cmd)
		           : epp__dyn_build(e, &ext[i], cmd);
		if (rc)
			return rc;
	}
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

int
epp__check_decimal(epp_error *err, const char *field, long idx, const char *s,
                   int sign, int required)
{
	const char *p = s;
	int neg = 0, digits = 0, nonzero = 0;

	if (s == NULL || *s == '\0')
		return required ? epp__invalid(err, field, idx, "is required")
		                : EPP_OK;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		nonzero |= *p != '0';
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++, digits++)
			nonzero |= *p != '0';
	if (*p != '\0' || digits == 0 || strlen(s) > 32)
		return epp__invalid(err, field, idx,
		                    "must be a decimal number");
	if (sign > 0 && neg && nonzero)
		return epp__invalid(err, field, idx, "must not be negative");
	if (sign < 0 && !neg && nonzero)
		return epp__invalid(err, field, idx, "must not be positive");
	return EPP_OK;
}

int
epp__check_enum(epp_error *err, const char *field, long idx, const char *s,
                const char *const *allowed, int required)
{
	if (s == NULL || *s == '\0')
		return required ? epp__invalid(err, field, idx, "is required")
		                : EPP_OK;
	for (; *allowed; allowed++)
		if (strcmp(s, *allowed) == 0)
			return EPP_OK;
	return epp__invalid(err, field, idx, "is not an allowed value");
}

int
epp__rbool(const char *s, int dflt)
{
	if (s == NULL)
		return dflt;
	if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0)
		return 1;
	if (strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
		return 0;
	return dflt;
}
