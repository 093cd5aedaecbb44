/*
 * Every extension command built through the C API, with hostile text
 * (<&>"', non-ASCII) where the schemas allow free text, must validate
 * against schemas/all.xsd, and the hostile text must read
 * back unchanged. The golden requests of tests/unit/requests are
 * validated by test_build_schema.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "epp/domain.h"
#include "epp/ext_alloc_token.h"
#include "epp/ext_fee.h"
#include "epp/ext_launch.h"
#include "epp/ext_orgext.h"
#include "epp/org.h"

#define HOSTILE "<&>\"' J\xc3\xb6rg \xe6\x9d\xb1\xe4\xba\xac ]]>"
#define CLTRID  "ABC-12345"

static char dir[] = "/tmp/eppkit-ext-schema-XXXXXX";
static int nfiles;

/* cp: read after the build call (argument order is unspecified). */
static void
keep(int rc, epp_command **cp, const epp_error *err, const char *must_have)
{
	epp_command *c = *cp;
	char path[128];
	const char *xml;
	size_t len;
	FILE *f;

	if (rc != EPP_OK)
		fail_msg("build failed: %s", err->text);
	xml = epp_command_xml(c, &len);
	if (must_have && strstr(xml, must_have) == NULL)
		fail_msg("%s lacks %s", xml, must_have);
	snprintf(path, sizeof(path), "%s/%03d-%s.xml", dir, nfiles++,
	         epp_command_name(c));
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(xml, 1, len, f), len);
	fclose(f);
	epp_command_free(c);
}

/* The hostile text as libxml2 escapes it in element content. */
#define HOSTILE_ESCAPED                                                        \
	"&lt;&amp;&gt;\"' J\xc3\xb6rg \xe6\x9d\xb1\xe4\xba\xac ]]&gt;"

static void
build_all(void)
{
	epp_error err;
	epp_command *c = NULL;
	const char *names[] = {"example.com", "xn--bcher-kva.example"};
	epp_fee_command fcmds[] = {
	        {"create", NULL, "sunrise", "phase-1", 2, 'y'},
	        {"custom", "premium lookup", NULL, NULL, 0, 0},
	        {"restore", NULL, NULL, NULL, 0, 0}};
	epp_fee_fee fees[] = {{"10.00", HOSTILE, "de", 1, "P5D", "delayed"},
	                      {"0", NULL, NULL, 0, NULL, NULL}};
	epp_fee_credit credits[] = {{"-1.50", HOSTILE, NULL}};
	epp_fee fee = EPP_FEE_INIT;
	epp_alloc_token tok = EPP_ALLOC_TOKEN_INIT;
	epp_launch l = EPP_LAUNCH_INIT;
	epp_launch_notice notice = {"370d0b7c9223372036854775807", "tmch",
	                            "2014-06-19T10:00:00.0Z",
	                            "2014-06-19T09:00:00Z"};
	const char *smd[] = {"-----BEGIN ENCODED SMD-----\nQUJD\nREVG\n"
	                     "-----END ENCODED SMD-----"};
	epp_orgext_id oids[] = {{"reseller", "reseller1523"}};
	epp_orgext_id orem[] = {{"privacyproxy", NULL}};
	epp_orgext ox = EPP_ORGEXT_INIT;

	memset(&err, 0, sizeof(err));
	/* domain check: fee, token, launch */
	{
		epp_domain_check_args a = EPP_DOMAIN_CHECK_ARGS_INIT;
		epp_ext_arg ext[3] = {{EPP_EXT_FEE, &fee},
		                      {EPP_EXT_ALLOC_TOKEN, &tok},
		                      {EPP_EXT_LAUNCH, &l}};

		fee.currency = "EUR";
		fee.commands = fcmds;
		fee.command_count = 3;
		tok.token = HOSTILE;
		l.phase = "custom";
		l.phase_name = "early access";
		l.check_type = "avail";
		a.names = names;
		a.count = 2;
		a.ext = ext;
		a.ext_count = 3;
		keep(epp_domain_check_build(&c, &a, CLTRID, &err), &c, &err,
		     HOSTILE_ESCAPED);
	}
	/* domain create: fees and credits, token, SMD, orgext */
	{
		epp_domain_create_args a = EPP_DOMAIN_CREATE_ARGS_INIT;
		epp_ext_arg ext[4] = {{EPP_EXT_FEE, &fee},
		                      {EPP_EXT_ALLOC_TOKEN, &tok},
		                      {EPP_EXT_LAUNCH, &l},
		                      {EPP_EXT_ORGEXT, &ox}};
		epp_fee f2 = EPP_FEE_INIT;

		f2.fees = fees;
		f2.fee_count = 2;
		f2.credits = credits;
		f2.credit_count = 1;
		ext[0].data = &f2;
		memset(&l, 0, sizeof(l));
		l.phase = "sunrise";
		l.create_type = "application";
		l.encoded_signed_marks = smd;
		l.encoded_signed_mark_count = 1;
		ox.ids = oids;
		ox.id_count = 1;
		a.name = "example.com";
		a.period = 1;
		a.registrant = "jd1234";
		a.ext = ext;
		a.ext_count = 4;
		keep(epp_domain_create_build(&c, &a, CLTRID, &err), &c, &err,
		     "<smd:encodedSignedMark xmlns:smd=\"urn:ietf:params:xml:"
		     "ns:signedMark-1.0\">QUJD\nREVG</smd:encodedSignedMark>");
		/* claims create with a notice */
		memset(&l, 0, sizeof(l));
		l.phase = "claims";
		l.notices = &notice;
		l.notice_count = 1;
		a.ext_count = 3;
		keep(epp_domain_create_build(&c, &a, CLTRID, &err), &c, &err,
		     NULL);
	}
	/* info, update, delete with launch application ids */
	{
		epp_domain_info_args i = EPP_DOMAIN_INFO_ARGS_INIT;
		epp_domain_update_args u = EPP_DOMAIN_UPDATE_ARGS_INIT;
		epp_domain_delete_args d = EPP_DOMAIN_DELETE_ARGS_INIT;
		epp_ext_arg ext[3] = {{EPP_EXT_LAUNCH, &l},
		                      {EPP_EXT_ALLOC_TOKEN, &tok},
		                      {EPP_EXT_ORGEXT, &ox}};
		epp_alloc_token ti = EPP_ALLOC_TOKEN_INIT;

		memset(&l, 0, sizeof(l));
		l.phase = "sunrise";
		l.application_id = HOSTILE;
		l.include_mark = 1;
		ti.info = 1;
		ext[1].data = &ti;
		i.name = "example.com";
		i.ext = ext;
		i.ext_count = 2;
		keep(epp_domain_info_build(&c, &i, CLTRID, &err), &c, &err,
		     HOSTILE_ESCAPED);
		ext[1].data = &tok;
		memset(&ox, 0, sizeof(ox));
		ox.add = oids;
		ox.add_count = 1;
		ox.rem = orem;
		ox.rem_count = 1;
		ox.chg = oids;
		ox.chg_count = 1;
		u.name = "example.com";
		u.ext = ext;
		u.ext_count = 3;
		keep(epp_domain_update_build(&c, &u, CLTRID, &err), &c, &err,
		     NULL);
		d.name = "example.com";
		d.ext = ext;
		d.ext_count = 1;
		keep(epp_domain_delete_build(&c, &d, CLTRID, &err), &c, &err,
		     NULL);
	}
	/* renew and transfer with fees */
	{
		epp_domain_renew_args rn = EPP_DOMAIN_RENEW_ARGS_INIT;
		epp_domain_transfer_args tr = EPP_DOMAIN_TRANSFER_ARGS_INIT;
		epp_ext_arg ext[2] = {{EPP_EXT_FEE, &fee},
		                      {EPP_EXT_ALLOC_TOKEN, &tok}};

		memset(&fee, 0, sizeof(fee));
		fee.currency = "USD";
		fee.fees = fees;
		fee.fee_count = 1;
		rn.name = "example.com";
		rn.cur_exp_date = "2030-01-01";
		rn.period = 3;
		rn.ext = ext;
		rn.ext_count = 1;
		keep(epp_domain_renew_build(&c, &rn, CLTRID, &err), &c, &err,
		     NULL);
		tr.name = "example.com";
		tr.auth_info = "2fooBAR";
		tr.ext = ext;
		tr.ext_count = 2;
		keep(epp_domain_transfer_build(&c, &tr, CLTRID, &err), &c, &err,
		     NULL);
	}
	/* organizations */
	{
		epp_org_role roles[] = {{"reseller", "1523"}, {HOSTILE, NULL}};
		epp_org_contact contacts[] = {{"abuse", "sh8013"}};
		epp_org_postal postal = {
		        "loc",           HOSTILE, {HOSTILE}, 1,
		        "Z\xc3\xbcrich", NULL,    "8001",    "CH"};
		epp_org_create_args oc = EPP_ORG_CREATE_ARGS_INIT;
		epp_org_check_args ck = EPP_ORG_CHECK_ARGS_INIT;
		epp_org_id_args id = EPP_ORG_ID_ARGS_INIT;
		const char *ids[] = {"res1523", "J\xc3\xb6rg-1"};

		oc.id = "res1523";
		oc.roles = roles;
		oc.role_count = 2;
		oc.postal = &postal;
		oc.email = "a@example.net";
		oc.contacts = contacts;
		oc.contact_count = 1;
		keep(epp_org_create_build(&c, &oc, CLTRID, &err), &c, &err,
		     HOSTILE_ESCAPED);
		ck.ids = ids;
		ck.count = 2;
		keep(epp_org_check_build(&c, &ck, CLTRID, &err), &c, &err,
		     NULL);
		id.id = "res1523";
		keep(epp_org_info_build(&c, &id, CLTRID, &err), &c, &err, NULL);
		keep(epp_org_delete_build(&c, &id, CLTRID, &err), &c, &err,
		     NULL);
		/* everything an update can carry, then a name-only change */
		{
			const char *st[] = {"clientDeleteProhibited", "hold"};
			epp_org_postal name_only = {.type = "int",
			                            .name = HOSTILE};
			epp_org_update_args up = EPP_ORG_UPDATE_ARGS_INIT;

			up.id = "res1523";
			up.add.roles = roles;
			up.add.role_count = 2;
			up.add.contacts = contacts;
			up.add.contact_count = 1;
			up.add.statuses = st;
			up.add.status_count = 2;
			up.rem.roles = roles;
			up.rem.role_count = 1;
			up.rem.statuses = st;
			up.rem.status_count = 1;
			up.parent_id = "1523res";
			up.postal = &postal;
			up.voice = "+41.445551234";
			up.fax = "+41.445551235";
			up.email = "b@example.net";
			up.url = "https://example.net/";
			keep(epp_org_update_build(&c, &up, CLTRID, &err), &c,
			     &err, HOSTILE_ESCAPED);
			memset(&up, 0, sizeof(up));
			up.id = "res1523";
			up.postal = &name_only;
			keep(epp_org_update_build(&c, &up, CLTRID, &err), &c,
			     &err,
			     "<org:chg><org:postalInfo "
			     "type=\"int\"><org:name>");
		}
	}
}

static void
extension_commands_validate(void **state)
{
	char cmd[1024];

	(void)state;
	assert_non_null(mkdtemp(dir));
	build_all();
	assert_int_equal(nfiles, 14);
	snprintf(cmd, sizeof(cmd),
	         "xmllint --noout --nonet --schema %s/all.xsd %s/*.xml "
	         ">%s/xmllint.log 2>&1",
	         EPPKIT_SCHEMA_DIR, dir, dir);
	if (system(cmd) != 0) {
		snprintf(cmd, sizeof(cmd), "grep -v validates %s/xmllint.log",
		         dir);
		assert_int_equal(system(cmd), 0);
		fail_msg("schema validation failed (files in %s)", dir);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(extension_commands_validate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
