/*
 * eppkit - RFC 8748 registry fee extension (fee-1.0) as an extension
 * module (see ext.h).
 *
 * Commands: a domain check asks for the fees of one or more commands
 * (<fee:check>); a domain create, renew, transfer (request) or update
 * states the fees the client agrees to pay (<fee:create> ...). The
 * registry answers with <fee:chkData> and, on transforms and delete,
 * <fee:creData>, <fee:renData>, <fee:trnData>, <fee:updData>,
 * <fee:delData> with fees, credits, balance and credit limit.
 *
 *     epp_fee_command cmds[] = {{"create", NULL, NULL, NULL, 1, 'y'}};
 *     epp_fee fee = EPP_FEE_INIT;
 *     fee.currency = "USD";
 *     fee.commands = cmds;
 *     fee.command_count = 1;
 *     epp_ext_arg ext[] = {{EPP_EXT_FEE, &fee}};
 *
 * Amounts are decimal strings ("5.00"), sent and read back unchanged so
 * that no rounding happens on the way.
 */
#ifndef EPP_EXT_FEE_H
#define EPP_EXT_FEE_H

#include "common.h"
#include "response.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EPP_EXT_FEE "fee"
#define EPP_FEE_NS  "urn:ietf:params:xml:ns:epp:fee-1.0"

/*
 * One command whose fee a check asks for. `name` is create, delete,
 * renew, update, transfer, restore or custom (then `custom_name` is
 * required); `phase`/`subphase` optional; `period` 0 = none, else 1-99
 * with `period_unit` 'y' (default) or 'm'.
 */
typedef struct {
	const char *name;
	const char *custom_name;
	const char *phase;
	const char *subphase;
	int period;
	char period_unit;
} epp_fee_command;

/*
 * A fee the client agrees to (or the server states): a non-negative
 * decimal `amount`, optional description and language, refundable
 * (-1 = not sent, 0, 1), grace period (xs:duration, e.g. "P5D") and
 * applied ("immediate" or "delayed").
 */
typedef struct {
	const char *amount;
	const char *description;
	const char *lang;
	int refundable;
	const char *grace_period;
	const char *applied;
} epp_fee_fee;

/* A credit: a decimal amount <= 0 and an optional description. */
typedef struct {
	const char *amount;
	const char *description;
	const char *lang;
} epp_fee_credit;

/*
 * The module's argument struct. Domain check: `commands` (at least one)
 * and an optional `currency`. Create, renew, transfer request, update:
 * `fees` (at least one), optional `credits` and `currency`.
 */
typedef struct {
	const char *currency; /* ISO 4217, three capital letters */
	const epp_fee_command *commands;
	size_t command_count;
	const epp_fee_fee *fees;
	size_t fee_count;
	const epp_fee_credit *credits;
	size_t credit_count;
} epp_fee;
#define EPP_FEE_INIT                                                           \
	{                                                                      \
		.currency = NULL                                               \
	}

/* ---- response data ---- */

/* A <fee:fee> or <fee:credit> of a response. refundable -1 when absent. */
typedef struct {
	const char *amount;
	const char *description; /* NULL when absent */
	const char *lang;        /* NULL when absent */
	int refundable;          /* fees only */
	const char *grace_period;
	const char *applied;
} epp_fee_amount_data;

/* A <fee:command> of a check answer. */
typedef struct {
	const char *name;
	const char *custom_name, *phase, *subphase; /* NULL when absent */
	int period;                                 /* 0 when absent */
	const char *period_unit; /* "y", "m", NULL when absent */
	int standard;            /* standard="1" */
	size_t fee_count;
	const epp_fee_amount_data *fees;
	size_t credit_count;
	const epp_fee_amount_data *credits;
	const char *reason; /* NULL when absent */
} epp_fee_command_data;

/* A <fee:cd>: one object of a check answer. */
typedef struct {
	const char *obj_id;
	const char *element;   /* element attribute of objID, default "name" */
	int avail;             /* avail attribute, default 1 */
	const char *fee_class; /* <fee:class>, NULL when absent */
	size_t command_count;
	const epp_fee_command_data *commands;
	const char *reason; /* NULL when absent */
} epp_fee_cd_data;

/* <fee:chkData>. */
typedef struct {
	const char *currency;
	size_t count;
	const epp_fee_cd_data *items;
} epp_fee_check_data;

/* The <fee:chkData> of a check response; NULL when absent. */
EPP_EXTERN(const epp_fee_check_data *)
epp_response_fee_check(const epp_response *r);

/*
 * <fee:creData>, <fee:renData>, <fee:trnData>, <fee:updData> or
 * <fee:delData>; `command` says which ("create", "renew", "transfer",
 * "update", "delete").
 */
typedef struct {
	const char *command;
	const char *currency; /* NULL when absent */
	int period;           /* 0 when absent */
	const char *period_unit;
	size_t fee_count;
	const epp_fee_amount_data *fees;
	size_t credit_count;
	const epp_fee_amount_data *credits;
	const char *balance;      /* NULL when absent */
	const char *credit_limit; /* NULL when absent */
} epp_fee_transform_data;

/* The fee data of a create, renew, transfer, update or delete response;
 * NULL when absent. */
EPP_EXTERN(const epp_fee_transform_data *)
epp_response_fee_transform(const epp_response *r);

#ifdef __cplusplus
}
#endif

#endif
