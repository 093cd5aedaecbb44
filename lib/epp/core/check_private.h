/*
 * Internal: the argument checks of the builders (check.c). Each returns
 * EPP_OK or EPP_EINVAL with err->text "<field>: <problem>" (`idx` >= 0
 * appends "[idx]" to the field). The value itself is never quoted, so a
 * secret cannot leak through an error.
 */
#ifndef EPP_CHECK_PRIVATE_H
#define EPP_CHECK_PRIVATE_H

#include <stddef.h>

#include "base/base_private.h"
#include "epp/object.h"

/* Optional text (NULL passes unless `required`): UTF-8, XML characters. */
int epp__check_text(epp_error *err, const char *field, long idx, const char *s,
                    int required);
/* Object names: 1-255 bytes of text without white space. */
int epp__check_name(epp_error *err, const char *field, long idx, const char *s);
/* eppcom:clIDType ids: 3-16 characters without white space. */
int epp__check_id(epp_error *err, const char *field, long idx, const char *s);
/* A period 1-99 with unit 'y' or 'm' (0 allowed when `optional`). */
int epp__check_period(epp_error *err, int period, char unit, int optional);
/* A status value out of a NULL-terminated list, with optional text. */
int epp__check_status(epp_error *err, const char *field, long idx,
                      const epp_status *st, const char *const *allowed);
/* Up to `max` statuses, each checked as above. */
int epp__check_statuses(epp_error *err, const char *field, const epp_status *st,
                        size_t n, size_t max, const char *const *allowed);
/* An IPv4/IPv6 literal that matches its declared version. */
int epp__check_ip(epp_error *err, const char *field, long idx,
                  const epp_ip_addr *a);
/* YYYY-MM-DD with a real month and day. */
int epp__check_date(epp_error *err, const char *field, const char *s);
/* xs:dateTime YYYY-MM-DDThh:mm:ss[.fff][Z|+hh:mm]. */
int epp__check_datetime(epp_error *err, const char *field, const char *s);
/* The version attribute value of an address: "v4" or "v6". */
const char *epp__ip_version(const epp_ip_addr *a);
/* The unit character as a string ("y" / "m"); 'y' for 0. */
const char *epp__period_unit(char unit);

/*
 * A decimal number as XML Schema reads it: [+-]digits[.digits]. `sign`
 * > 0: must be >= 0; < 0: must be <= 0; 0: any. NULL passes unless
 * `required`.
 */
int epp__check_decimal(epp_error *err, const char *field, long idx,
                       const char *s, int sign, int required);

/* `s` (NULL passes unless required) is one of the NULL-ended `allowed`. */
int epp__check_enum(epp_error *err, const char *field, long idx, const char *s,
                    const char *const *allowed, int required);

#endif
