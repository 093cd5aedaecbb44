/*
 * eppkit - a parsed EPP response (RFC 5730 section 2.6).
 *
 * Parsing uses libxml2 with network access, DTD loading and entity
 * expansion off, and caps on size and depth. One call frees the whole
 * response; every pointer a getter returns is borrowed from it and lives
 * as long as the response. Strings are UTF-8, NUL-terminated and trimmed
 * of surrounding white space; an element that is absent gives NULL.
 *
 * A registry error (result code 2000 or more) is data, not a library
 * error: parsing it returns EPP_OK.
 *
 * Typed data: the envelope (every <result>, <msgQ>, <trID>) is here; the
 * object data of <resData> and the secDNS and RGP extension data are in
 * response_domain.h, response_host.h and response_contact.h; anything
 * else is reached with epp_response_xpath().
 *
 * Thread rule: a parsed response is immutable; several threads may read
 * the same one at once.
 */
#ifndef EPP_RESPONSE_H
#define EPP_RESPONSE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct epp_response epp_response;

/*
 * Parse a response document. On success *out is owned by the caller
 * (epp_response_free). On failure `err` (may be NULL) says what is wrong.
 * Returns EPP_OK, EPP_EPROTO (not well-formed or not an EPP response),
 * EPP_ELIMIT, EPP_ENOMEM, EPP_EINVAL.
 */
EPP_EXTERN(int)
epp_response_parse(epp_response **out, const char *xml, size_t len,
                   epp_error *err);

/* First <result> code, e.g. 1000. */
EPP_EXTERN(int) epp_response_code(const epp_response *r);

/* 1 when the first result code is below 2000 (1000, 1001, 1300, 1301,
 * 1500), else 0. */
EPP_EXTERN(int) epp_response_is_success(const epp_response *r);

/* First <result>'s <msg> text, borrowed; "" when it has none. */
EPP_EXTERN(const char *) epp_response_message(const epp_response *r);

/* <trID> parts, borrowed; NULL when absent. */
EPP_EXTERN(const char *) epp_response_cltrid(const epp_response *r);
EPP_EXTERN(const char *) epp_response_svtrid(const epp_response *r);

/* The raw XML, borrowed. */
EPP_EXTERN(const char *) epp_response_xml(const epp_response *r, size_t *len);

/* Free a response. NULL is a no-op. */
EPP_EXTERN(void) epp_response_free(epp_response *r);

/*
 * One <value> of a <result> or of an <extValue>: any element the server
 * chose to quote from the command. `xml` is that element serialized
 * (namespace declarations included), `name` its local name and `text`
 * its trimmed text content; all NULL for an empty <value/>.
 */
typedef struct {
	const char *xml;
	const char *name;
	const char *text;
} epp_result_value;

/* An <extValue>: a quoted value and the server's <reason> for it. */
typedef struct {
	epp_result_value value;
	const char *reason;
	const char *reason_lang; /* lang attribute, NULL when absent */
} epp_result_ext_value;

/* One <result> element. */
typedef struct {
	int code;
	const char *msg;      /* "" when absent */
	const char *msg_lang; /* lang attribute of <msg>, NULL when absent */
	size_t value_count;
	const epp_result_value *values;
	size_t ext_value_count;
	const epp_result_ext_value *ext_values;
} epp_result;

/* Number of <result> elements (at least 1 in a parsed response). */
EPP_EXTERN(size_t) epp_response_result_count(const epp_response *r);

/* The i-th <result>, borrowed; NULL when i is out of range. */
EPP_EXTERN(const epp_result *)
epp_response_result(const epp_response *r, size_t i);

/* The <msgQ> element of a poll response (or of any response that tells
 * the queue size). */
typedef struct {
	unsigned long count; /* count attribute */
	const char *id;      /* id attribute */
	const char *qdate;   /* <qDate>, NULL when absent */
	const char *msg;     /* <msg> text content, NULL when absent */
	const char *msg_lang;
} epp_msgq;

/* The <msgQ>, borrowed; NULL when the response has none. */
EPP_EXTERN(const epp_msgq *) epp_response_msgq(const epp_response *r);

/*
 * What the <resData> holds. Object data of other kinds (registry objects,
 * extensions) is EPP_RESDATA_OTHER and is read with epp_response_xpath().
 */
typedef enum {
	EPP_RESDATA_NONE = 0,
	EPP_RESDATA_OTHER = 1,
	EPP_RESDATA_DOMAIN_CHK = 2,
	EPP_RESDATA_DOMAIN_INF = 3,
	EPP_RESDATA_DOMAIN_CRE = 4,
	EPP_RESDATA_DOMAIN_REN = 5,
	EPP_RESDATA_DOMAIN_TRN = 6,
	EPP_RESDATA_DOMAIN_PAN = 7,
	EPP_RESDATA_HOST_CHK = 8,
	EPP_RESDATA_HOST_INF = 9,
	EPP_RESDATA_HOST_CRE = 10,
	EPP_RESDATA_HOST_PAN = 11,
	EPP_RESDATA_CONTACT_CHK = 12,
	EPP_RESDATA_CONTACT_INF = 13,
	EPP_RESDATA_CONTACT_CRE = 14,
	EPP_RESDATA_CONTACT_TRN = 15,
	EPP_RESDATA_CONTACT_PAN = 16,
	EPP_RESDATA_ORG_CHK = 17, /* RFC 8543, org.h */
	EPP_RESDATA_ORG_INF = 18
} epp_resdata_kind;

/* The kind of the first element of <resData>. */
EPP_EXTERN(epp_resdata_kind) epp_response_resdata_kind(const epp_response *r);

/* One name of a <check> response. */
typedef struct {
	const char *name;        /* domain or host name, contact id */
	int avail;               /* 1 available, 0 not */
	const char *reason;      /* NULL when the server gave none */
	const char *reason_lang; /* NULL when absent */
} epp_check_item;

/* A domain, host or contact <chkData>, in document order. */
typedef struct {
	size_t count;
	const epp_check_item *items;
} epp_check_data;

/* The <chkData> of a domain, host, contact or organization check; NULL
 * otherwise. */
EPP_EXTERN(const epp_check_data *) epp_response_check(const epp_response *r);

/* A domain or contact <trnData> (transfer response or query). */
typedef struct {
	const char *name;      /* domain name or contact id */
	const char *tr_status; /* pending, clientApproved, ... */
	const char *re_id, *re_date, *ac_id, *ac_date;
	const char *ex_date; /* domain only, NULL when absent */
} epp_transfer_data;

/* The domain or contact <trnData>; NULL otherwise. */
EPP_EXTERN(const epp_transfer_data *)
epp_response_transfer(const epp_response *r);

/* A <panData> of a poll message (pending action completed). */
typedef struct {
	const char *name; /* domain or host name, contact id */
	int pa_result;    /* 1 approved, 0 rejected */
	const char *pa_cltrid, *pa_svtrid, *pa_date;
} epp_pending_data;

/* The domain, host or contact <panData>; NULL otherwise. */
EPP_EXTERN(const epp_pending_data *)
epp_response_pending(const epp_response *r);

/* A <status> of an object (also an RGP <rgpStatus>): the status token,
 * and the optional free text with its language. */
typedef struct {
	const char *s;    /* e.g. "ok", "clientHold", "redemptionPeriod" */
	const char *text; /* NULL when the element is empty */
	const char *lang; /* NULL when absent */
} epp_status_data;

/* A host address (<host:addr> or <domain:hostAddr>). */
typedef struct {
	const char *ip;   /* "v4" or "v6" (the default when absent) */
	const char *addr; /* the address text */
} epp_addr_data;

/* A prefix and namespace URI for epp_response_xpath(). */
typedef struct {
	const char *prefix;
	const char *uri;
} epp_xml_ns;

/*
 * Evaluate an XPath 1.0 expression on the response document. These
 * prefixes are always bound: epp, eppcom, domain, host, contact, secDNS
 * (1.1), rgp, fee (1.0), launch, loginSec, changePoll, allocationToken,
 * xsi; `extra` adds `extra_count` more (may be NULL/0), for registry
 * extensions.
 *
 * *out receives one string per node matched, in document order (trimmed
 * text content of elements, values of attributes), or one string for a
 * string, number or boolean result; *count their number (0 when nothing
 * matched, which is not an error). The array is NULL-terminated and owned
 * by the caller: free it with epp_strings_free().
 * Returns EPP_OK, EPP_EINVAL (bad expression, unknown prefix), EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_response_xpath(char ***out, size_t *count, const epp_response *r,
                   const char *expr, const epp_xml_ns *extra,
                   size_t extra_count);

/*
 * The first string epp_response_xpath() would give, in *out (owned by
 * the caller, free()). Returns EPP_OK, EPP_ENOTFOUND (no match),
 * EPP_EINVAL or EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_response_xpath_string(char **out, const epp_response *r, const char *expr);

/* Free an array from epp_response_xpath(). NULL is a no-op. */
EPP_EXTERN(void) epp_strings_free(char **strings);

/*
 * The response as compat JSON (docs/protocol.md), the same text
 * epp_json_from_xml() gives for its XML, without parsing it again.
 * *out is owned by the caller (free()). Returns EPP_OK or EPP_ENOMEM.
 */
EPP_EXTERN(int)
epp_response_json(char **out, size_t *out_len, const epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
