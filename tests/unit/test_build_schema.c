/*
 * Every command kind, built through the C API with plain and hostile
 * values (<&>"', non-ASCII, IDN A-labels), must validate against the RFC
 * schemas (schemas/all.xsd) with xmllint --nonet, and the
 * hostile text must read back unchanged: escaping by construction. The
 * golden sent.xml files are validated too. A broken document must be
 * rejected, so the check itself can fail.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <libxml/parser.h>

#include "epp/contact.h"
#include "epp/domain.h"
#include "epp/host.h"
#include "epp/poll.h"
#include "epp/rgp.h"
#include "epp/secdns.h"

#define HOSTILE  "<&>\"' J\xc3\xb6rg \xe6\x9d\xb1\xe4\xba\xac ]]> &amp;"
#define H_NAME   "x<&>\"'.example"
#define IDN      "xn--bcher-kva.example"
#define H_CLTRID "<&>\"'-ABC"

static char dir[] = "/tmp/eppkit-schema-XXXXXX";
static int nfiles;

static void
keep(int rc, epp_command **cp, const epp_error *err, int hostile_text)
{
	epp_command *c = *cp;
	char path[128];
	const char *xml;
	size_t len;
	FILE *f;

	if (rc != EPP_OK)
		fail_msg("build failed: %s", err->text);
	xml = epp_command_xml(c, &len);
	snprintf(path, sizeof(path), "%s/%03d-%s.xml", dir, nfiles++,
	         epp_command_name(c));
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(xml, 1, len, f), len);
	fclose(f);
	if (hostile_text) {
		xmlDocPtr doc = xmlReadMemory(xml, (int)len, NULL, NULL,
		                              XML_PARSE_NONET);
		xmlChar *text;

		assert_non_null(doc);
		text = xmlNodeGetContent(xmlDocGetRootElement(doc));
		if (strstr((const char *)text, HOSTILE) == NULL)
			fail_msg("%s: hostile text did not survive", path);
		xmlFree(text);
		xmlFreeDoc(doc);
	}
	epp_command_free(c);
}

static void
build_everything(void)
{
	epp_command *c;
	epp_error err;
	const char *names[] = {"example.com", H_NAME, IDN};
	const char *ids[] = {"sh8013", "<&>\"'id", "J\xc3\xb6rg-1"};
	epp_ip_addr ips[] = {{"192.0.2.1", EPP_IP_V4},
	                     {"2001:db8::1", EPP_IP_AUTO}};
	epp_status st[] = {{"clientHold", "de", HOSTILE},
	                   {"clientDeleteProhibited", NULL, NULL}};
	epp_status hst[] = {{"clientUpdateProhibited", NULL, HOSTILE}};
	epp_domain_contact dc[] = {{"admin", "<&>\"'id"},
	                           {"tech", "J\xc3\xb6rg-1"}};
	epp_domain_host_attr attrs[] = {{IDN, ips, 2}, {H_NAME, NULL, 0}};
	const char *hostobjs[] = {"ns1." IDN, H_NAME};
	epp_secdns_key key = {257, 3, 8, "AwEAAQ=="};
	epp_secdns_ds ds[] = {{12345, 8, 2, "49FD46E6C4B45C55D4AC", &key},
	                      {1, 5, 1, "ab01", NULL}};
	epp_rgp_restore rep = {EPP_RGP_REPORT,           HOSTILE,      HOSTILE,
	                       "2003-07-10T22:00:00.0Z", "2003-07-20", HOSTILE,
	                       {HOSTILE, NULL},          HOSTILE};
	epp_contact_postal postal[] = {
	        {"int",
	         "<&>\"' Doe",
	         "O'Brien & <Sons>",
	         {"1 \"Main\" St.", "<Suite> & 'B'", "Floor 3"},
	         3,
	         "Dulles",
	         "VA",
	         "20166",
	         "US"},
	        {"loc",
	         HOSTILE,
	         HOSTILE,
	         {HOSTILE},
	         1,
	         "Z\xc3\xbcrich",
	         NULL,
	         NULL,
	         "CH"},
	};

	memset(&err, 0, sizeof(err));
	{
		epp_domain_check_args a = EPP_DOMAIN_CHECK_ARGS_INIT;
		a.names = names;
		a.count = 3;
		keep(epp_domain_check_build(&c, &a, H_CLTRID, &err), &c, &err,
		     0);
	}
	{
		epp_domain_info_args a = EPP_DOMAIN_INFO_ARGS_INIT;
		a.name = IDN;
		a.hosts = "sub";
		a.auth_info = HOSTILE;
		keep(epp_domain_info_build(&c, &a, "ABC-12345", &err), &c, &err,
		     1);
	}
	{
		epp_secdns sd = EPP_SECDNS_INIT;
		epp_ext_arg ext[] = {{EPP_EXT_SECDNS, &sd}};
		epp_domain_create_args a = EPP_DOMAIN_CREATE_ARGS_INIT;
		a.name = H_NAME;
		a.period = 99;
		a.period_unit = 'm';
		a.ns.host_attrs = attrs;
		a.ns.host_attr_count = 2;
		a.registrant = "<&>\"'id";
		a.contacts = dc;
		a.contact_count = 2;
		a.auth_info = HOSTILE;
		sd.max_sig_life = 604800;
		sd.ds = ds;
		sd.ds_count = 2;
		a.ext = ext;
		a.ext_count = 1;
		keep(epp_domain_create_build(&c, &a, H_CLTRID, &err), &c, &err,
		     1);
		a.ns.host_attr_count = 0;
		a.ns.host_objs = hostobjs;
		a.ns.host_obj_count = 2;
		a.auth_info = NULL;
		sd.max_sig_life = 0;
		sd.ds_count = 0;
		sd.keys = &key;
		sd.key_count = 1;
		keep(epp_domain_create_build(&c, &a, "ABC-12345", &err), &c,
		     &err, 0);
	}
	{
		epp_domain_delete_args a = EPP_DOMAIN_DELETE_ARGS_INIT;
		a.name = H_NAME;
		keep(epp_domain_delete_build(&c, &a, "ABC-12345", &err), &c,
		     &err, 0);
	}
	{
		epp_domain_renew_args a = EPP_DOMAIN_RENEW_ARGS_INIT;
		a.name = IDN;
		a.cur_exp_date = "2024-02-29";
		a.period = 1;
		keep(epp_domain_renew_build(&c, &a, "ABC-12345", &err), &c,
		     &err, 0);
	}
	for (int op = 0; op < 5; op++) {
		epp_domain_transfer_args a = EPP_DOMAIN_TRANSFER_ARGS_INIT;
		epp_contact_transfer_args b = EPP_CONTACT_TRANSFER_ARGS_INIT;
		a.name = H_NAME;
		a.op = (epp_transfer_op)op;
		a.auth_info = HOSTILE;
		if (op == EPP_TRANSFER_REQUEST)
			a.period = 1;
		keep(epp_domain_transfer_build(&c, &a, "ABC-12345", &err), &c,
		     &err, 1);
		b.id = "<&>\"'id";
		b.op = (epp_transfer_op)op;
		b.auth_info = HOSTILE;
		keep(epp_contact_transfer_build(&c, &b, "ABC-12345", &err), &c,
		     &err, 1);
	}
	{
		epp_secdns sd = EPP_SECDNS_INIT;
		epp_ext_arg ext[] = {{EPP_EXT_RGP, &rep},
		                     {EPP_EXT_SECDNS, &sd}};
		epp_domain_update_args a = EPP_DOMAIN_UPDATE_ARGS_INIT;
		a.name = H_NAME;
		a.add_ns.host_objs = hostobjs;
		a.add_ns.host_obj_count = 2;
		a.add_contacts = dc;
		a.add_contact_count = 2;
		a.add_statuses = st;
		a.add_status_count = 2;
		a.rem_ns.host_attrs = attrs;
		a.rem_ns.host_attr_count = 2;
		a.rem_contacts = dc;
		a.rem_contact_count = 1;
		a.rem_statuses = st;
		a.rem_status_count = 2;
		a.chg_registrant = "";
		a.chg_auth_info = HOSTILE;
		sd.urgent = 1;
		sd.rem_keys = &key;
		sd.rem_key_count = 1;
		sd.max_sig_life = 3600;
		sd.ds = ds;
		sd.ds_count = 2;
		sd.chg_max_sig_life = 7200;
		a.ext = ext;
		a.ext_count = 2;
		keep(epp_domain_update_build(&c, &a, "ABC-12345", &err), &c,
		     &err, 1);
		a.chg_auth_info = NULL;
		a.chg_auth_info_null = 1;
		a.ext_count = 0;
		keep(epp_domain_update_build(&c, &a, "ABC-12345", &err), &c,
		     &err, 1);
	}
	{
		epp_host_check_args a = EPP_HOST_CHECK_ARGS_INIT;
		epp_host_name_args n = EPP_HOST_NAME_ARGS_INIT;
		epp_host_create_args cr = EPP_HOST_CREATE_ARGS_INIT;
		epp_host_update_args u = EPP_HOST_UPDATE_ARGS_INIT;
		a.names = names;
		a.count = 3;
		keep(epp_host_check_build(&c, &a, "ABC-12345", &err), &c, &err,
		     0);
		n.name = "ns1." IDN;
		keep(epp_host_info_build(&c, &n, "ABC-12345", &err), &c, &err,
		     0);
		n.name = H_NAME;
		keep(epp_host_delete_build(&c, &n, "ABC-12345", &err), &c, &err,
		     0);
		cr.name = H_NAME;
		cr.addrs = ips;
		cr.addr_count = 2;
		keep(epp_host_create_build(&c, &cr, "ABC-12345", &err), &c,
		     &err, 0);
		u.name = H_NAME;
		u.add_addrs = ips;
		u.add_addr_count = 2;
		u.add_statuses = hst;
		u.add_status_count = 1;
		u.rem_addrs = ips + 1;
		u.rem_addr_count = 1;
		u.rem_statuses = hst;
		u.rem_status_count = 1;
		u.chg_name = "ns2." IDN;
		keep(epp_host_update_build(&c, &u, "ABC-12345", &err), &c, &err,
		     1);
	}
	{
		epp_contact_check_args a = EPP_CONTACT_CHECK_ARGS_INIT;
		epp_contact_id_args n = EPP_CONTACT_ID_ARGS_INIT;
		epp_contact_create_args cr = EPP_CONTACT_CREATE_ARGS_INIT;
		epp_contact_update_args u = EPP_CONTACT_UPDATE_ARGS_INIT;
		a.ids = ids;
		a.count = 3;
		keep(epp_contact_check_build(&c, &a, "ABC-12345", &err), &c,
		     &err, 0);
		n.id = "J\xc3\xb6rg-1";
		n.auth_info = HOSTILE;
		keep(epp_contact_info_build(&c, &n, "ABC-12345", &err), &c,
		     &err, 1);
		keep(epp_contact_delete_build(&c, &n, "ABC-12345", &err), &c,
		     &err, 0);
		cr.id = "<&>\"'id";
		cr.postal = postal;
		cr.postal_count = 2;
		cr.voice.number = "+1.7035555555";
		cr.voice.ext = "<&>\"'";
		cr.fax.number = "+49.301234567";
		cr.email = "\"o'brien&<co>\"@example.com";
		cr.auth_info = HOSTILE;
		cr.disclose.set = 1;
		cr.disclose.name = EPP_DISCLOSE_INT | EPP_DISCLOSE_LOC;
		cr.disclose.org = EPP_DISCLOSE_LOC;
		cr.disclose.addr = EPP_DISCLOSE_INT;
		cr.disclose.voice = cr.disclose.fax = cr.disclose.email = 1;
		keep(epp_contact_create_build(&c, &cr, "ABC-12345", &err), &c,
		     &err, 1);
		u.id = "<&>\"'id";
		u.add_statuses = hst;
		u.add_status_count = 1;
		u.rem_statuses = st + 1;
		u.rem_status_count = 1;
		u.chg_postal = postal + 1;
		u.chg_postal_count = 1;
		u.chg_voice.number = "+1.7035555555";
		u.chg_email = "new@example.com";
		u.chg_auth_info = HOSTILE;
		u.chg_disclose.set = 1;
		u.chg_disclose.flag = 1;
		u.chg_disclose.email = 1;
		keep(epp_contact_update_build(&c, &u, "ABC-12345", &err), &c,
		     &err, 1);
	}
	keep(epp_poll_req_build(&c, H_CLTRID, &err), &c, &err, 0);
	keep(epp_poll_ack_build(&c, "<&>\"'12", "ABC-12345", &err), &c, &err,
	     0);
	keep(epp_hello_build(&c, NULL, &err), &c, &err, 0);
}

static int
xmllint(const char *files)
{
	char cmd[4096];

	snprintf(cmd, sizeof(cmd),
	         "xmllint --noout --nonet --schema %s/all.xsd %s "
	         ">%s/xmllint.log 2>&1",
	         EPPKIT_SCHEMA_DIR, files, dir);
	return system(cmd);
}

static void
built_commands_validate(void **state)
{
	char files[256];

	(void)state;
	assert_non_null(mkdtemp(dir));
	build_everything();
	assert_true(nfiles >= 30);
	snprintf(files, sizeof(files), "%s/*.xml", dir);
	if (xmllint(files) != 0) {
		char cmd[512];
		snprintf(cmd, sizeof(cmd), "grep -v validates %s/xmllint.log",
		         dir);
		if (system(cmd) != 0)
			fail_msg("xmllint failed to run");
		fail_msg("schema validation failed (files in %s)", dir);
	}
}

static void
golden_sent_xml_validates(void **state)
{
	(void)state;
	assert_int_equal(xmllint(EPPKIT_SOURCE_DIR
	                         "/tests/data/*/sent.xml " EPPKIT_SOURCE_DIR
	                         "/tests/unit/requests/*/sent.xml"),
	                 0);
}

static void
a_broken_document_is_rejected(void **state)
{
	char path[128], cmd[256];
	FILE *f;

	(void)state;
	/* domain:create without the mandatory authInfo */
	snprintf(path, sizeof(path), "%s/broken.xml", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("<epp xmlns=\"urn:ietf:params:xml:ns:epp-1.0\"><command><create>"
	      "<domain:create "
	      "xmlns:domain=\"urn:ietf:params:xml:ns:domain-1.0\">"
	      "<domain:name>example.com</domain:name></domain:create></create>"
	      "<clTRID>ABC-12345</clTRID></command></epp>",
	      f);
	fclose(f);
	assert_int_not_equal(xmllint(path), 0);
	unlink(path);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(built_commands_validate),
	        cmocka_unit_test(golden_sent_xml_validates),
	        cmocka_unit_test(a_broken_document_is_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
