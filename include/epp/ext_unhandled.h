/*
 * eppkit - RFC 9038 unhandled namespaces.
 *
 * A client announces at login only the extensions it understands (libepp
 * announces those it supports that the greeting offers, and
 * urn:ietf:params:xml:ns:epp:unhandled-namespaces-1.0 when offered). A
 * registry that would have put a response or poll element of another
 * namespace in <resData> or <extension> moves it instead into an
 * <extValue> of the result, with the reason "<namespace URI> not in login
 * services". These are that data: the namespace and the element as XML.
 */
#ifndef EPP_EXT_UNHANDLED_H
#define EPP_EXT_UNHANDLED_H

#include "common.h"
#include "response.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_UNHANDLED_NS "urn:ietf:params:xml:ns:epp:unhandled-namespaces-1.0"

/* One unhandled element. */
typedef struct {
	const char *uri;  /* its namespace URI */
	const char *name; /* its local name, e.g. "infData" */
	const char *xml;  /* the element serialized, with its namespaces */
} epp_unhandled_item;

typedef struct {
	size_t count;
	const epp_unhandled_item *items;
} epp_unhandled_data;

/* The unhandled-namespace elements of every result of the response, in
 * document order; NULL when there are none. */
EPP_EXTERN(const epp_unhandled_data *)
epp_response_unhandled(const epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
