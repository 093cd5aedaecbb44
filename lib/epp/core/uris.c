/*
 * The object namespaces libepp speaks. Login announces the intersection
 * of this list with what the registry's greeting offers. The extension
 * namespaces are those of the modules' table (ext/ext.c).
 */
#include "epp/session.h"
#include "xml/xml_private.h"

static const char *const obj_uris[] = {
        EPP_NS_DOMAIN, EPP_NS_HOST, EPP_NS_CONTACT, EPP_NS_ORG, NULL,
};

const char *const *
epp_supported_obj_uris(void)
{
	return obj_uris;
}
