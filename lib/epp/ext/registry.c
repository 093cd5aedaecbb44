/*
 * Extension modules registered at run time (epp_ext_register): a small
 * table filled at start-up. Their XML goes through the checks of the raw
 * extension XML; from JSON, the XML of every registered module a request
 * uses is gathered into one internal raw item (EPP__EXT_REGISTERED).
 */
#include <stdlib.h>
#include <string.h>

#include "ext/ext_private.h"

static struct {
	epp_ext_module def;
	unsigned long commands;
} dyn[EPP_EXT_MAX_REGISTERED];
static size_t ndyn;

static size_t
find(const char *name)
{
	for (size_t i = 0; name && i < ndyn; i++)
		if (strcmp(dyn[i].def.name, name) == 0)
			return i;
	return (size_t)-1;
}

int
epp_ext_register(const epp_ext_module *m)
{
	unsigned long mask = 0;

	if (m == NULL || m->name == NULL || *m->name == '\0' ||
	    m->build == NULL || (m->json_arg && m->build_json == NULL) ||
	    find(m->name) != (size_t)-1 || epp_ext_uri(m->name) != NULL ||
	    strcmp(m->name, EPP_EXT_RAW) == 0 ||
	    strcmp(m->name, EPP__EXT_REGISTERED) == 0)
		return EPP_EINVAL;
	for (size_t i = 0; m->commands && m->commands[i]; i++) {
		int c;
		for (c = 0; c < EPP__CMD_COUNT; c++)
			if (strcmp(epp__cmd_name((epp__cmd)c),
			           m->commands[i]) == 0)
				break;
		if (c == EPP__CMD_COUNT)
			return EPP_EINVAL;
		mask |= EPP__CMD_BIT(c);
	}
	if (ndyn == EPP_EXT_MAX_REGISTERED)
		return EPP_ELIMIT;
	if (m->uri && epp__uris_add(m->uri) != EPP_OK)
		return EPP_ELIMIT;
	dyn[ndyn].def = *m;
	dyn[ndyn].commands = m->commands ? mask : (1ul << EPP__CMD_COUNT) - 1;
	ndyn++;
	return EPP_OK;
}

const char *
epp__dyn_uri(const char *name)
{
	size_t i = find(name);

	return i == (size_t)-1 ? NULL : dyn[i].def.uri;
}

/* The module's XML for `data`, checked. *xml malloc'd or NULL. */
static int
make(size_t i, const void *data, epp__cmd cmd, char **xml, epp_error *err)
{
	int rc;

	*xml = NULL;
	rc = dyn[i].def.build(xml, data, epp__cmd_name(cmd),
	                      dyn[i].def.userdata, err);
	if (rc != EPP_OK) {
		free(*xml);
		*xml = NULL;
		if (err && err->text[0] == '\0')
			epp__invalid(err, dyn[i].def.name, -1,
			             "refused by the module");
		return rc;
	}
	if (*xml && (rc = epp__raw_check(err, dyn[i].def.name, *xml))) {
		free(*xml);
		*xml = NULL;
	}
	return rc;
}

int
epp__dyn_validate(const epp_ext_arg *a, epp__cmd cmd, epp_error *err)
{
	size_t i = find(a->module);
	char *xml;
	int rc;

	if (i == (size_t)-1)
		return EPP_ENOTFOUND;
	if (!(dyn[i].commands & EPP__CMD_BIT(cmd)))
		return epp__invalid(err, a->module, -1,
		                    "extension not allowed on this command");
	rc = make(i, a->data, cmd, &xml, err);
	free(xml);
	return rc;
}

int
epp__dyn_build(xmlNodePtr ext, const epp_ext_arg *a, epp__cmd cmd)
{
	size_t i = find(a->module);
	char *xml;
	int rc;

	if (i == (size_t)-1 || make(i, a->data, cmd, &xml, NULL) != EPP_OK)
		return EPP_ENOMEM; /* validated before */
	rc = xml ? epp__raw_insert(ext, xml) : EPP_OK;
	free(xml);
	return rc;
}

int
epp__dyn_from_json(const char **out, const json_t *args, epp__cmd cmd,
                   epp__arena *a, epp_error *err)
{
	char *all = NULL;
	size_t len = 0;

	*out = NULL;
	for (size_t i = 0; i < ndyn; i++) {
		const json_t *v;
		char *xml = NULL, *p;
		int rc;

		if (dyn[i].def.json_arg == NULL ||
		    !(dyn[i].commands & EPP__CMD_BIT(cmd)) ||
		    (v = json_object_get(args, dyn[i].def.json_arg)) == NULL ||
		    json_is_null(v))
			continue;
		rc = dyn[i].def.build_json(&xml, v, epp__cmd_name(cmd),
		                           dyn[i].def.userdata, err);
		if (rc == EPP_OK && xml)
			rc = epp__raw_check(err, dyn[i].def.json_arg, xml);
		if (rc != EPP_OK) {
			if (err && err->text[0] == '\0')
				epp__invalid(err, dyn[i].def.json_arg, -1,
				             "refused by the module");
			free(xml);
			return rc;
		}
		if (xml == NULL)
			continue;
		p = epp__arena_alloc(a, len + strlen(xml) + 1);
		if (p == NULL) {
			free(xml);
			return EPP__OOM(err);
		}
		if (all)
			memcpy(p, all, len);
		memcpy(p + len, xml, strlen(xml) + 1);
		len += strlen(xml);
		all = p;
		free(xml);
	}
	*out = all;
	return EPP_OK;
}
