/*
 * The extension table and the small public helpers around the builders:
 * module URIs, the URI list for a login, transfer op names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "epp/ext.h"
#include "epp/object.h"
#include "epp/rgp.h"
#include "epp/secdns.h"
#include "epp/session.h"

static void
modules_have_their_uris(void **state)
{
	const char *const *uris = epp_ext_uris();
	int secdns = 0, rgp = 0, n = 0;

	(void)state;
	assert_string_equal(epp_ext_uri(EPP_EXT_SECDNS), EPP_SECDNS_NS);
	assert_string_equal(epp_ext_uri(EPP_EXT_RGP), EPP_RGP_NS);
	assert_null(epp_ext_uri("no-such-module"));
	assert_null(epp_ext_uri(NULL));
	for (; uris[n]; n++) {
		secdns += strcmp(uris[n], EPP_SECDNS_NS) == 0;
		rgp += strcmp(uris[n], EPP_RGP_NS) == 0;
	}
	assert_true(n >= 2);
	assert_int_equal(secdns, 1);
	assert_int_equal(rgp, 1);
	/* one list: an extension without command elements has its URI in
	 * the table too, and login announces exactly the table's URIs */
	assert_string_equal(epp_ext_uri("loginSec"),
	                    "urn:ietf:params:xml:ns:epp:loginSec-1.0");
	for (n = 0; uris[n]; n++)
		assert_string_equal(epp_supported_ext_uris()[n], uris[n]);
	assert_null(epp_supported_ext_uris()[n]);
}

static void
transfer_ops_round_trip(void **state)
{
	static const char *const names[] = {"request", "query", "approve",
	                                    "reject", "cancel"};
	epp_transfer_op op;

	(void)state;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(epp_transfer_op_parse(names[i], &op), EPP_OK);
		assert_int_equal(op, i);
		assert_string_equal(epp_transfer_op_name(op), names[i]);
	}
	assert_int_equal(epp_transfer_op_parse("Request", &op), EPP_EINVAL);
	assert_int_equal(epp_transfer_op_parse(NULL, &op), EPP_EINVAL);
	assert_null(epp_transfer_op_name((epp_transfer_op)5));
	assert_null(epp_transfer_op_name((epp_transfer_op)-1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(modules_have_their_uris),
	        cmocka_unit_test(transfer_ops_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
