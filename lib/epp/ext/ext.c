/*
 * The extension registration point: one table of modules, and the one
 * place where the namespaces libepp speaks are listed: each module's
 * `uri`. A new module is one line here plus its own source file (see
 * epp__ext_module in ext_private.h and docs/extensions.md).
 */
#include <pthread.h>
#include <string.h>

#include "epp/session.h"
#include "ext/ext_private.h"

/* Order = order of the elements in <extension> for JSON requests, and of
 * the namespaces announced at login. */
const epp__ext_module *const epp__ext_modules[] = {
        &epp__ext_rgp,
        &epp__ext_secdns,
        &epp__ext_fee,
        &epp__ext_alloc_token,
        &epp__ext_launch,
        &epp__ext_orgext,
        &epp__ext_raw, /* last of the builders: raw elements after typed */
        &epp__ext_registered,
        /* no command element: announced at login, read in answers */
        &epp__ext_change_poll,
        &epp__ext_loginsec,
        &epp__ext_unhandled,
        &epp__ext_secure_authinfo,
        NULL,
};

/*
 * The namespaces of the table (`builtin`), and those plus the ones of
 * modules registered at run time (`supported`), both NULL-ended. Filled
 * once from the table; epp_ext_register() appends to `supported` before
 * any thread logs in (see its contract).
 */
#define MAX_URIS 64
static const char *builtin[MAX_URIS];
static const char *supported[MAX_URIS + EPP_EXT_MAX_REGISTERED];
static pthread_once_t uris_once = PTHREAD_ONCE_INIT;

static void
fill_uris(void)
{
	size_t n = 0;

	for (size_t i = 0; epp__ext_modules[i] && n + 1 < MAX_URIS; i++)
		if (epp__ext_modules[i]->uri) {
			builtin[n] = supported[n] = epp__ext_modules[i]->uri;
			n++;
		}
}

int
epp__uris_add(const char *uri)
{
	size_t n = 0;

	pthread_once(&uris_once, fill_uris);
	while (supported[n])
		n++;
	if (n + 1 >= sizeof(supported) / sizeof(supported[0]))
		return EPP_ELIMIT;
	supported[n] = uri;
	return EPP_OK;
}

const char *const *
epp_supported_ext_uris(void)
{
	pthread_once(&uris_once, fill_uris);
	return supported;
}

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
	pthread_once(&uris_once, fill_uris);
	return builtin;
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

/* Every module of the table that extends `cmd` picks its own keys. */
int
epp__ext_from_json(epp__req *r, epp__cmd cmd)
{
	epp_ext_arg *arr;
	size_t n = 0;

	const char *registered;

	for (size_t i = 0; epp__ext_modules[i]; i++)
		n++;
	if ((arr = epp__arena_alloc(&r->arena, (n + 2) * sizeof(*arr))) == NULL)
		return EPP__OOM(r->err);
	n = 0;
	for (size_t i = 0; epp__ext_modules[i]; i++) {
		const epp__ext_module *m = epp__ext_modules[i];
		const void *data = NULL;
		int rc;

		if (!(m->commands & EPP__CMD_BIT(cmd)))
			continue;
		if ((rc = m->from_json(&data, r->args, cmd, &r->arena, r->err)))
			return rc;
		if (data) {
			arr[n].module = m->name;
			arr[n].data = data;
			n++;
		}
	}
	/* modules registered at run time (epp_ext_register) */
	{
		int rc = epp__dyn_from_json(&registered, r->args, cmd,
		                            &r->arena, r->err);
		if (rc)
			return rc;
	}
	if (registered) {
		arr[n].module = EPP__EXT_REGISTERED;
		arr[n].data = registered;
		n++;
	}
	r->ext = arr;
	r->ext_count = n;
	return EPP_OK;
}
