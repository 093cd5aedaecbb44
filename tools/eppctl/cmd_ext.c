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
 * keys. Connection options go before `fee`/`launch`. Exit 0 when the
 * registry answered 1000, 1 when it refused, 2 on bad arguments (checked
 * before connecting).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	rc = epp_domain_check(s, &a, resp);
	if (rc != EPP_OK) {
		rc = eppctl_fail(s, rc, "domain check");
		epp_session_free(s);
		return rc;
	}
	rc = eppctl_disconnect(c, s);
	if (rc == EPPCTL_OK && !epp_response_is_success(*resp)) {
		fprintf(stderr, "eppctl: check refused: %d %s\n",
		        epp_response_code(*resp), epp_response_message(*resp));
		rc = EPPCTL_REFUSED;
	}
	return rc;
}

static int
fee_check(struct eppctl_conn *c, int argc, char **argv)
{
	epp_fee_command cmds[MAX_COMMANDS];
	epp_fee fee = EPP_FEE_INIT;
	epp_ext_arg ext[] = {{EPP_EXT_FEE, &fee}};
	const epp_fee_check_data *d = NULL;
	epp_response *r = NULL;
	int next, rc, n = 0;

	memset(cmds, 0, sizeof(cmds));
	/* connection options come before the subcommand */
	next = 1;
	while (next + 1 < argc && argv[next][0] == '-') {
		if (strcmp(argv[next], "--currency") == 0) {
			fee.currency = argv[next + 1];
		} else if (strcmp(argv[next], "--command") == 0 &&
		           n < MAX_COMMANDS) {
			char *colon = strchr(argv[next + 1], ':');
			cmds[n].name = argv[next + 1];
			if (colon) {
				*colon = '\0';
				cmds[n].period = atoi(colon + 1);
				cmds[n].period_unit = 'y';
			}
			n++;
		} else {
			fprintf(stderr,
			        "eppctl: fee check: unknown option "
			        "%s\n",
			        argv[next]);
			return EPPCTL_USAGE;
		}
		next += 2;
	}
	if (n == 0) {
		cmds[0].name = "create";
		cmds[0].period = 1;
		cmds[0].period_unit = 'y';
		n = 1;
	}
	if (next >= argc) {
		fprintf(stderr, "usage: eppctl fee check [--currency CUR] "
		                "[--command NAME[:YEARS]]... DOMAIN...\n");
		return EPPCTL_USAGE;
	}
	fee.commands = cmds;
	fee.command_count = (size_t)n;
	rc = run_check(c, (const char *const *)argv + next,
	               (size_t)(argc - next), ext, &r);
	if (rc == EPPCTL_OK && (d = epp_response_fee_check(r)) == NULL) {
		fprintf(stderr, "eppctl: the registry sent no fee data\n");
		rc = EPPCTL_REFUSED;
	}
	for (size_t i = 0; rc == EPPCTL_OK && i < d->count; i++) {
		const epp_fee_cd_data *cd = &d->items[i];

		for (size_t j = 0; j < cd->command_count; j++) {
			const epp_fee_command_data *k = &cd->commands[j];
			printf("%s avail=%d class=%s %s", cd->obj_id, cd->avail,
			       cd->fee_class ? cd->fee_class : "-",
			       k->name ? k->name : "-");
			if (k->period)
				printf(" %d%s", k->period,
				       k->period_unit ? k->period_unit : "y");
			for (size_t f = 0; f < k->fee_count; f++)
				printf(" fee=%s", k->fees[f].amount);
			for (size_t f = 0; f < k->credit_count; f++)
				printf(" credit=%s", k->credits[f].amount);
			printf(" %s%s%s\n", d->currency ? d->currency : "",
			       k->reason ? " " : "",
			       k->reason ? k->reason : "");
		}
		if (cd->command_count == 0)
			printf("%s avail=%d%s%s\n", cd->obj_id, cd->avail,
			       cd->reason ? " " : "",
			       cd->reason ? cd->reason : "");
	}
	epp_response_free(r);
	return rc;
}

static int
launch_claims(struct eppctl_conn *c, int argc, char **argv)
{
	epp_launch l = EPP_LAUNCH_INIT;
	epp_ext_arg ext[] = {{EPP_EXT_LAUNCH, &l}};
	const epp_launch_check_data *d = NULL;
	epp_response *r = NULL;
	int next, rc;

	next = 1;
	l.phase = "claims";
	l.check_type = "claims";
	if (next + 1 < argc && strcmp(argv[next], "--phase") == 0) {
		l.phase = argv[next + 1];
		next += 2;
	}
	if (next >= argc) {
		fprintf(stderr, "usage: eppctl launch claims [--phase PHASE] "
		                "DOMAIN...\n");
		return EPPCTL_USAGE;
	}
	rc = run_check(c, (const char *const *)argv + next,
	               (size_t)(argc - next), ext, &r);
	if (rc == EPPCTL_OK && (d = epp_response_launch_check(r)) == NULL) {
		fprintf(stderr, "eppctl: the registry sent no launch data\n");
		rc = EPPCTL_REFUSED;
	}
	for (size_t i = 0; rc == EPPCTL_OK && i < d->count; i++) {
		const epp_launch_cd *cd = &d->items[i];

		printf("%s exists=%d", cd->name, cd->exists);
		for (size_t k = 0; k < cd->claim_key_count; k++)
			printf(" claimKey=%s%s%s", cd->claim_keys[k].key,
			       cd->claim_keys[k].validator_id ? "@" : "",
			       cd->claim_keys[k].validator_id
			               ? cd->claim_keys[k].validator_id
			               : "");
		printf("\n");
	}
	epp_response_free(r);
	return rc;
}

int
eppctl_cmd_fee(struct eppctl_conn *c, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "check") != 0) {
		fprintf(stderr, "usage: eppctl fee check [--currency CUR] "
		                "[--command NAME[:YEARS]]... DOMAIN...\n");
		return EPPCTL_USAGE;
	}
	return fee_check(c, argc - 1, argv + 1);
}

int
eppctl_cmd_launch(struct eppctl_conn *c, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "claims") != 0) {
		fprintf(stderr, "usage: eppctl launch claims [--phase PHASE] "
		                "DOMAIN...\n");
		return EPPCTL_USAGE;
	}
	return launch_claims(c, argc - 1, argv + 1);
}
