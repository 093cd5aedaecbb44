/*
 * Internal: the parsed response. The libxml2 document is kept for XPath
 * and JSON; the typed data is extracted once, at parse time, into an
 * arena that epp_response_free() releases in one go, so getters are plain
 * field reads on an immutable object.
 */
#ifndef EPP_RESPONSE_PRIVATE_H
#define EPP_RESPONSE_PRIVATE_H

#include <libxml/tree.h>

#include "base/base_private.h"
#include "epp/response.h"
#include "epp/response_contact.h"
#include "epp/response_domain.h"
#include "epp/response_host.h"

/* Slots for the typed data of the extension modules (ext_*.c). */
typedef enum {
	EPP__RX_FEE_CHECK,
	EPP__RX_FEE_TRANSFORM,
	EPP__RX_ALLOCATION_TOKEN,
	EPP__RX_CHANGE_POLL,
	EPP__RX_LOGINSEC,
	EPP__RX_LAUNCH_CHECK,
	EPP__RX_LAUNCH_CREATE,
	EPP__RX_LAUNCH_INFO,
	EPP__RX_ORGEXT,
	EPP__RX_UNHANDLED,
	EPP__RX_COUNT
} epp__rx_slot;

struct epp_response {
	xmlDocPtr doc;
	xmlNodePtr response; /* <response> element */
	char *xml;           /* the raw document, malloc'd */
	size_t len;
	epp__arena arena;
	int code;        /* first <result code> */
	const char *msg; /* first <result><msg> */
	const char *cltrid;
	const char *svtrid;
	size_t result_count;
	epp_result *results;
	epp_msgq *msgq;
	epp_resdata_kind kind;
	const void *resdata; /* the typed struct that `kind` names */
	const epp_secdns_info_data *secdns;
	const epp_rgp_data *rgp;
	const void *ext[EPP__RX_COUNT]; /* extension modules (ext_private.h) */
};

/* Trimmed text content of `n` in the arena; NULL when n is NULL. */
const char *epp__rtext(epp_response *r, const xmlNode *n);

/* Text of the first child element ns:name of `parent`, or NULL. */
const char *epp__rchild(epp_response *r, const xmlNode *parent, const char *ns,
                        const char *name);

/* Value of the attribute `name` (no namespace) of `n`, or NULL. */
const char *epp__rattr(epp_response *r, const xmlNode *n, const char *name);

/* Number of child elements ns:name of `parent`. */
size_t epp__rcount(const xmlNode *parent, const char *ns, const char *name);

/* Decimal integer in [0, INT_MAX], else -1. */
long epp__rnum(const char *s);

/* The clID, crID, crDate, upID, upDate and trDate children that every
 * object's <infData> has (the later ones optional). */
void epp__rstamps(epp_response *r, const xmlNode *n, const char *ns,
                  const char **cl_id, const char **cr_id, const char **cr_date,
                  const char **up_id, const char **up_date,
                  const char **tr_date);

/* Every child ns:name of `parent` as a status (attribute s, optional lang
 * and text). Returns EPP_OK or EPP_ENOMEM. */
int epp__rstatuses(epp_response *r, const xmlNode *parent, const char *ns,
                   const char *name, size_t *count,
                   const epp_status_data **out);

/* Every child ns:name of `parent` as text, an array of `*count` strings. */
int epp__rtexts(epp_response *r, const xmlNode *parent, const char *ns,
                const char *name, size_t *count, const char *const **out);

/* Every child ns:name of `parent` as an address (attribute ip). */
int epp__raddrs(epp_response *r, const xmlNode *parent, const char *ns,
                const char *name, size_t *count, const epp_addr_data **out);

/*
 * Parsers of one <resData> child (`n`, in namespace `ns` of the object)
 * or one <extension> child; each stores its typed struct through *out
 * (resData) or into the response (extensions).
 * Return EPP_OK or EPP_ENOMEM.
 */
int epp__parse_check(epp_response *r, const xmlNode *n, const char *ns,
                     const void **out);
int epp__parse_transfer(epp_response *r, const xmlNode *n, const char *ns,
                        const void **out);
int epp__parse_pending(epp_response *r, const xmlNode *n, const char *ns,
                       const void **out);
int epp__parse_domain_info(epp_response *r, const xmlNode *n, const char *ns,
                           const void **out);
int epp__parse_domain_create(epp_response *r, const xmlNode *n, const char *ns,
                             const void **out);
int epp__parse_domain_renew(epp_response *r, const xmlNode *n, const char *ns,
                            const void **out);
int epp__parse_host_info(epp_response *r, const xmlNode *n, const char *ns,
                         const void **out);
int epp__parse_host_create(epp_response *r, const xmlNode *n, const char *ns,
                           const void **out);
int epp__parse_contact_info(epp_response *r, const xmlNode *n, const char *ns,
                            const void **out);
int epp__parse_contact_create(epp_response *r, const xmlNode *n, const char *ns,
                              const void **out);
int epp__parse_org_info(epp_response *r, const xmlNode *n, const char *ns,
                        const void **out);
int epp__parse_secdns(epp_response *r, const xmlNode *n);
int epp__parse_rgp(epp_response *r, const xmlNode *n);

/* XML Schema boolean text: 1 for "1"/"true", 0 for "0"/"false", else
 * `dflt`. */
int epp__rbool(const char *s, int dflt);

#endif
