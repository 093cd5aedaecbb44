/*
 * The object and extension namespaces libepp speaks. Login announces the
 * intersection of these lists with what the registry's greeting offers.
 * A module that adds an object or extension adds its URI here, and only
 * here.
 */
#include "epp/session.h"
#include "ext/ext_private.h"

static const char *const obj_uris[] = {
        EPP_NS_DOMAIN, EPP_NS_HOST, EPP_NS_CONTACT, EPP_NS_ORG, NULL,
};

/* libepp's own, then those of modules registered at run time. */
static const char *ext_uris[32] = {
        EPP_NS_SECDNS,
        EPP_NS_RGP,
        EPP_NS_FEE,
        EPP_NS_ALLOCTOKEN,
        EPP_NS_LAUNCH,
        EPP_NS_ORGEXT,
        EPP_NS_CHANGEPOLL,
        EPP_NS_LOGINSEC,
        EPP_NS_UNHANDLED,
        EPP_NS_SECURE_AUTHINFO,
        NULL,
};

const char *const *
epp_supported_obj_uris(void)
{
	return obj_uris;
}

int
epp__uris_add(const char *uri)
{
	size_t n = 0;

	while (ext_uris[n])
		n++;
	if (n + 1 >= sizeof(ext_uris) / sizeof(ext_uris[0]))
		return EPP_ELIMIT;
	ext_uris[n] = uri;
	return EPP_OK;
}

const char *const *
epp_supported_ext_uris(void)
{
	return ext_uris;
}
