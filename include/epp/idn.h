/*
 * eppkit - internationalised domain names: IDNA2008 (RFC 5890-5893) with
 * the UTS #46 non-transitional mapping, through libidn2.
 *
 * EPP carries A-labels ("xn--bcher-kva.example"). People type U-labels
 * ("bücher.example", "Bücher。example"). epp_idn_to_ascii() maps and checks
 * what was typed and gives the A-label form, or an error that names the
 * label and the rule it breaks; epp_idn_to_unicode() turns A-labels back
 * into U-labels for display.
 *
 * Thread rule: every function here may be called from any thread.
 */
#ifndef EPP_IDN_H
#define EPP_IDN_H

#include "epp/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Why a name was refused; the class is also in err->text. */
typedef enum {
	EPP_IDN_OK = 0,
	EPP_IDN_ENCODING,     /* not UTF-8, or a broken A-label (punycode) */
	EPP_IDN_DISALLOWED,   /* a code point IDNA2008 does not allow */
	EPP_IDN_CONTEXTJ,     /* ZWNJ/ZWJ where RFC 5892 A.1/A.2 forbids */
	EPP_IDN_CONTEXTO,     /* a CONTEXTO code point out of its context */
	EPP_IDN_BIDI,         /* the Bidi rule of RFC 5893 */
	EPP_IDN_HYPHEN,       /* "--" at 3-4, or a hyphen first or last */
	EPP_IDN_COMBINING,    /* a label starts with a combining mark */
	EPP_IDN_LABEL_LENGTH, /* a label over 63 octets, or empty */
	EPP_IDN_NAME_LENGTH,  /* the name over 253 octets */
	EPP_IDN_HOSTNAME      /* a character a host name cannot hold */
} epp_idn_class;

/*
 * Map `name` (UTF-8: U-labels, A-labels or plain ASCII labels, separated
 * by "." or by the full-width and ideographic full stops) to its A-label
 * form: UTS #46 non-transitional mapping (so "Faß" gives "xn--fa-hia",
 * upper case is folded), then the IDNA2008 registration checks of
 * RFC 5891 section 4 on each label (CONTEXTJ, CONTEXTO, Bidi, hyphens,
 * lengths), then the host name rule (letters, digits, hyphens). A name
 * that is all ASCII and holds no "xn--" label is given back unchanged.
 * A trailing "." is kept.
 *
 * out: a new string, freed with free().
 * err: may be NULL; on failure err->text names the label, the offending
 *      code point when there is one (U+XXXX and the character) and the
 *      rule, e.g. `label 1 "a☃b": U+2603 is not allowed in IDNA2008`.
 * class: may be NULL; receives the epp_idn_class of a refusal.
 * Returns EPP_OK, EPP_EINVAL (refused) or EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_idn_to_ascii(char **out, const char *name, epp_idn_class *class,
                 epp_error *err);

/*
 * The display form of `name`: each valid A-label turned into its U-label,
 * other labels as they are. out is a new string, freed with free().
 * Returns EPP_OK, EPP_EINVAL (an "xn--" label that is not a valid A-label)
 * or EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_idn_to_unicode(char **out, const char *name, epp_error *err);

/* jansson's value type, declared so that this header needs no jansson. */
struct json_t;

/*
 * The domain and host names of a {"cmd", "args"} request (jansson value;
 * domain_* and host_* commands: name, domains, hosts, nameservers,
 * add_nameservers, remove_nameservers, new_name). With `convert`, each is
 * turned into its A-label form in place; without, a name that is not
 * ASCII is refused with the A-label form it would have had. A refusal
 * names the field ("args.domains[1]: ...") and the rule.
 *
 * epp_json_to_command() does this for every request, converting when the
 * request says "idn": true. Returns EPP_OK, EPP_EINVAL or EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_idn_request(struct json_t *request, int convert, epp_error *err);

/* 1 when `name` holds a byte over 0x7f, else 0. */
EPP_EXTERN(int) epp_idn_is_unicode(const char *name);

/* 1 when some label of `name` starts with "xn--" (any case), else 0. */
EPP_EXTERN(int) epp_idn_has_alabel(const char *name);

/* A short name of the class ("disallowed", "bidi" ...); never NULL. */
EPP_EXTERN(const char *) epp_idn_class_name(epp_idn_class class);

#ifdef __cplusplus
}
#endif

#endif
