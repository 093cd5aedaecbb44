/*
 * eppctl shortcuts for extension queries:
 *
 *   eppctl fee check [--currency CUR] [--command NAME[:YEARS]]... DOMAIN...
 *   eppctl launch claims [--phase PHASE] DOMAIN...
 *
 * fee check (RFC 8748) prints one line per domain and command: name,
 * availability, class, command, period, fee (and credits) and currency;
 * without --command it asks for a one-year create. launch claims (RFC
 * 8334) prints one line per domain: whether a mark exists and its claim
 * keys; --json prints a JSON array instead. Options may come anywhere.
 * Exit 0 when the registry answered 1000, 1 when it refused, 64 on bad
 * arguments (checked before connecting).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "epp/domain.h"
#include "epp/ext_fee.h"
#include "epp/ext_launch.h"
#include "eppctl.h"

#define MAX_COMMANDS 8

/* Run a domain check with one extension; the response or an exit code. */
static int
run_check(struct eppctl_conn *c, const char *const *names, size_t n,
          const epp_ext_arg *ext, epp_response **resp)
{
	epp_domain_check_args a = EPP_DOMAIN_CHECK_ARGS_INIT;
	epp_command *cmd = NULL;
	epp_session *s;
	epp_error err;
	int rc;

	a.names = names;
	a.count = n;
	a.ext = ext;
	a.ext_count = 1;
	memset(&err, 0, sizeof(err));
	/* refuse bad arguments before connecting */
	if (epp_domain_check_build(&cmd, &a, "EPPCTL-CHECK", &err) != EPP_OK) {
		fprintf(stderr, "eppctl: %s\n", err.text);
		return EPPCTL_USAGE;
	}
	epp_command_free(cmd);
	if ((rc = eppctl_connect(c, &s, 1)) != EPPCTL_OK)
		return rc;
	rc = epp_domain_check(resp, s, &a);
	if (rc != EPP_OK) {
		rc = eppctl_fail(s, rc, "domain check");
		epp_session_free(s);
		return rc;
	}
	rc = eppctl_disconnect(c, s);
	if (rc == EPPCTL_OK && !epp_response_is_success(*resp)) {
		fprintf(stderr, "eppctl: check refused: %d ",
		        epp_response_code(*resp));
		cli_print_value(stderr, epp_response_message(*resp));
		fputc('\n', stderr);
		rc = EPPCTL_REFUSED;
	}
	return rc;
}

/* One fee line, readable or as a JSON object appended to `all`. */
static void
fee_line(const epp_fee_check_data *d, const epp_fee_cd_data *cd,
         const epp_fee_command_data *k, json_t *all)
{
	json_t *o, *fees, *credits;

	if (all) {
		fees = json_array();
		credits = json_array();
		for (size_t f = 0; k && f < k->fee_count; f++)
			json_array_append_new(fees,
			                      json_string(k->fees[f].amount));
		for (size_t f = 0; k && f < k->credit_count; f++)
			json_array_append_new(
			        credits, json_string(k->credits[f].amount));
		o = json_pack(
		        "{s:s,s:b,s:s?,s:s?,s:i,s:s?,s:o,s:o,s:s?,s:s?}",
		        "name", cd->obj_id, "avail", cd->avail, "class",
		        cd->fee_class, "command", k ? k->name : NULL, "period",
		        k ? k->period : 0, "unit",
		        k && k->period ? (k->period_unit ? k->period_unit : "y")
		                       : NULL,
		        "fees", fees, "credits", credits, "currency",
		        d->currency, "reason", k ? k->reason : cd->reason);
		json_array_append_new(all, o);
		return;
	}
	if (k == NULL) {
		printf("%s avail=%d%s%s\n", cd->obj_id, cd->avail,
		       cd->reason ? " " : "", cd->reason ? cd->reason : "");
		return;
	}
	printf("%s avail=%d class=%s %s", cd->obj_id, cd->avail,
	       cd->fee_class ? cd->fee_class : "-", k->name ? k->name : "-");
	if (k->period)
		printf(" %d%s", k->period,
		       k->period_unit ? k->period_unit : "y");
	for (size_t f = 0; f < k->fee_count; f++)
		printf(" fee=%s", k->fees[f].amount);
	for (size_t f = 0; f < k->credit_count; f++)
		printf(" credit=%s", k->credits[f].amount);
	printf(" %s%s%s\n", d->currency ? d->currency : "",
	       k->reason ? " " : "", k->reason ? k->reason : "");
}

static int
fee_usage(FILE *f, int rc)
{
	fprintf(f, "usage: eppctl [connection options] fee check [--currency "
	           "CUR]\n"
	           "       [--command NAME[:YEARS]]... [--json] DOMAIN...\n"
	           "Ask the fees of domain commands (RFC 8748); without "
	           "--command a one-year\ncreate. One line per domain and "
	           "command; --json: a JSON array of them.\n");
	return rc;
}

int
eppctl_cmd_fee(struct eppctl_conn *c, int argc, char **argv)
{
	enum { O_CURRENCY = EPPCTL_OPT_OWN, O_COMMAND, O_JSON };
	static const struct option own[] = {
	        {"currency", required_argument, NULL, O_CURRENCY},
	        {"command", required_argument, NULL, O_COMMAND},
	        {"json", no_argument, NULL, O_JSON},
	        {NULL, 0, NULL, 0},
	};
	epp_fee_command cmds[MAX_COMMANDS];
	epp_fee fee = EPP_FEE_INIT;
	epp_ext_arg ext[] = {{EPP_EXT_FEE, &fee}};
	const epp_fee_check_data *d = NULL;
	epp_response *r = NULL;
	json_t *all = NULL;
	char *colon;
	long years;
	int rc, n = 0, json = 0;

	memset(cmds, 0, sizeof(cmds));
	while ((rc = eppctl_getopt(c, argc, argv, own)) != EPPCTL_OPT_END) {
		switch (rc) {
		case EPPCTL_OPT_HELP:
			return fee_usage(stdout, EPPCTL_OK);
		case O_CURRENCY:
			fee.currency = optarg;
			break;
		case O_COMMAND:
			if (n == MAX_COMMANDS)
				return cli_usage_error("eppctl",
				                       "at most %d --command",
				                       MAX_COMMANDS);
			cmds[n].name = optarg;
			if ((colon = strchr(optarg, ':')) != NULL) {
				*colon = '\0';
				if (cli_number("eppctl", "--command NAME:YEARS",
				               colon + 1, 1, 99, &years) != 0)
					return EPPCTL_USAGE;
				cmds[n].period = (int)years;
				cmds[n].period_unit = 'y';
			}
			n++;
			break;
		case O_JSON:
			json = 1;
			break;
		default:
			return EPPCTL_USAGE;
		}
	}
	if (optind >= argc || strcmp(argv[optind], "check") != 0)
		return optind >= argc
		               ? cli_usage_error("eppctl", "fee: give check "
		                                           "DOMAIN...")
		               : cli_unknown(
		                         "eppctl", "fee action", argv[optind],
		                         (const char *const[]){"check", NULL});
	if (++optind >= argc)
		return cli_usage_error("eppctl", "fee check: no DOMAIN given");
	if (n == 0) {
		cmds[0].name = "create";
		cmds[0].period = 1;
		cmds[0].period_unit = 'y';
		n = 1;
	}
	fee.commands = cmds;
	fee.command_count = (size_t)n;
	rc = run_check(c, (const char *const *)argv + optind,
	               (size_t)(argc - optind), ext, &r);
	if (rc == EPPCTL_OK && (d = epp_response_fee_check(r)) == NULL) {
		fprintf(stderr, "eppctl: the registry sent no fee data\n");
		rc = EPPCTL_REFUSED;
	}
	if (rc == EPPCTL_OK && json)
		all = json_array();
	for (size_t i = 0; rc == EPPCTL_OK && i < d->count; i++) {
		const epp_fee_cd_data *cd = &d->items[i];

		for (size_t j = 0; j < cd->command_count; j++)
			fee_line(d, cd, &cd->commands[j], all);
		if (cd->command_count == 0)
			fee_line(d, cd, NULL, all);
	}
	if (all) {
		eppctl_print_json(stdout, all);
		json_decref(all);
	}
	epp_response_free(r);
	return rc;
}

static int
launch_usage(FILE *f, int rc)
{
	fprintf(f, "usage: eppctl [connection options] launch claims [--phase "
	           "PHASE] [--json]\n"
	           "       DOMAIN...\n"
	           "Claims check (RFC 8334): one line per domain, whether a "
	           "mark exists and its\nclaim keys; --json: a JSON array "
	           "of {name, exists, claim_keys}.\n");
	return rc;
}

int
eppctl_cmd_launch(struct eppctl_conn *c, int argc, char **argv)
{
	enum { O_PHASE = EPPCTL_OPT_OWN, O_JSON };
	static const struct option own[] = {
	        {"phase", required_argument, NULL, O_PHASE},
	        {"json", no_argument, NULL, O_JSON},
	        {NULL, 0, NULL, 0},
	};
	epp_launch l = EPP_LAUNCH_INIT;
	epp_ext_arg ext[] = {{EPP_EXT_LAUNCH, &l}};
	const epp_launch_check_data *d = NULL;
	epp_response *r = NULL;
	json_t *all = NULL, *keys;
	int rc, json = 0;

	l.phase = "claims";
	l.check_type = "claims";
	while ((rc = eppctl_getopt(c, argc, argv, own)) != EPPCTL_OPT_END) {
		if (rc == EPPCTL_OPT_HELP)
			return launch_usage(stdout, EPPCTL_OK);
		if (rc == O_PHASE)
			l.phase = optarg;
		else if (rc == O_JSON)
			json = 1;
		else
			return EPPCTL_USAGE;
	}
	if (optind >= argc || strcmp(argv[optind], "claims") != 0)
		return optind >= argc ? cli_usage_error("eppctl",
		                                        "launch: give claims "
		                                        "DOMAIN...")
		                      : cli_unknown("eppctl", "launch action",
		                                    argv[optind],
		                                    (const char *const[]){
		                                            "claims", NULL});
	if (++optind >= argc)
		return cli_usage_error("eppctl",
		                       "launch claims: no DOMAIN given");
	rc = run_check(c, (const char *const *)argv + optind,
	               (size_t)(argc - optind), ext, &r);
	if (rc == EPPCTL_OK && (d = epp_response_launch_check(r)) == NULL) {
		fprintf(stderr, "eppctl: the registry sent no launch data\n");
		rc = EPPCTL_REFUSED;
	}
	if (rc == EPPCTL_OK && json)
		all = json_array();
	for (size_t i = 0; rc == EPPCTL_OK && i < d->count; i++) {
		const epp_launch_cd *cd = &d->items[i];

		if (all) {
			keys = json_array();
			for (size_t k = 0; k < cd->claim_key_count; k++)
				json_array_append_new(
				        keys, json_pack("{s:s,s:s?}", "key",
				                        cd->claim_keys[k].key,
				                        "validator_id",
				                        cd->claim_keys[k]
				                                .validator_id));
			json_array_append_new(
			        all, json_pack("{s:s,s:b,s:o}", "name",
			                       cd->name, "exists", cd->exists,
			                       "claim_keys", keys));
			continue;
		}
		printf("%s exists=%d", cd->name, cd->exists);
		for (size_t k = 0; k < cd->claim_key_count; k++)
			printf(" claimKey=%s%s%s", cd->claim_keys[k].key,
			       cd->claim_keys[k].validator_id ? "@" : "",
			       cd->claim_keys[k].validator_id
			               ? cd->claim_keys[k].validator_id
			               : "");
		printf("\n");
	}
	if (all) {
		eppctl_print_json(stdout, all);
		json_decref(all);
	}
	epp_response_free(r);
	return rc;
}
