/*
 * libepp internals: IDN conversion of the names in a JSON request.
 */
#ifndef EPP_IDN_PRIVATE_H
#define EPP_IDN_PRIVATE_H

#include <jansson.h>

#include "epp/common.h"

/*
 * epp_idn_request() with the request's own "idn" flag (true or false;
 * anything else is refused).
 */
int epp__idn_request(json_t *request, epp_error *err);

#endif
