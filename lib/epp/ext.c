/*
 * The extension registration point: one table of modules. A new module
 * (fee, launch, loginSec, changePoll, allocationToken...) is one line
 * here plus its own source file; see epp__ext_module in build_private.h.
 */
#include <string.h>

#include "build_private.h"

/* Order = order of the elements in <extension> for JSON requests. */
const epp__ext_module *const epp__ext_modules[] = {
        &epp__ext_rgp,
        &epp__ext_secdns,
        NULL,
};

static const char *const ext_uris[] = {
        EPP_NS_RGP,
        EPP_NS_SECDNS,
        NULL,
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

	return m ? m->uri : NULL;
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
		int rc = find(ext[i].module)->build(e, ext[i].data, cmd);
		if (rc)
			return rc;
	}
	return EPP_OK;
}
