#!/bin/sh
# epp-rpc command lines to requests (--dry-run, no broker): the JSON of each
# cmd from its arguments, and usage errors with exit status 64.
# Usage: rpc_cli.sh PATH_TO_EPP_RPC
set -u
rpc=$1
fails=0

# ok EXPECTED_JSON ARGS...: epp-rpc --dry-run ARGS prints EXPECTED_JSON.
ok() {
	want=$1
	shift
	got=$("$rpc" --dry-run "$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || [ "$got" != "$want" ]; then
		echo "FAIL: epp-rpc $*"
		echo "  want: $want"
		echo "  got:  $got (exit $rc)"
		fails=$((fails + 1))
	fi
}

# usage ARGS...: epp-rpc --dry-run ARGS exits 64 and says why on stderr.
usage() {
	out=$("$rpc" --dry-run "$@" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -ne 64 ] || [ -z "$out" ]; then
		echo "FAIL: epp-rpc $* exited $rc (want 64 and a message)"
		fails=$((fails + 1))
	fi
}

ok '{"cmd":"poll_req"}' poll_req
# IDNs: Unicode names go as A-labels, --no-idn sends them as typed
ok '{"cmd":"domain_check","args":{"domains":["xn--bcher-kva.example","xn--r8jz45g.jp"]}}' \
	domain_check bücher.example 例え.jp
ok '{"cmd":"domain_check","args":{"domains":["bücher.example"]}}' \
	--no-idn domain_check bücher.example
usage domain_check 'a☃b.example'
ok '{"cmd":"poll_ack","args":{"msg_id":"12345"}}' poll_ack 12345
ok '{"cmd":"domain_check","args":{"domains":["a.example","b.example"]}}' \
	domain_check a.example b.example
ok '{"cmd":"host_create","args":{"name":"ns1.a.example","ip_address":[{"ip":"192.0.2.2","version":"v4"},{"ip":"2001:db8::2","version":"v6"}]}}' \
	host_create ns1.a.example 192.0.2.2 2001:db8::2
ok '{"cmd":"contact_info","args":{"contact":"sh8013","auth_info":"2fooBAR"}}' \
	contact_info sh8013 auth_info=2fooBAR
ok '{"cmd":"contact_create","args":{"id":"sh8013","voice":"+1.7035555555","email":"jdoe@example.com","contacts":[{"type":"int","name":"John Doe","address":{"street":["123 Example Dr.","Suite 100"],"city":"Dulles","sp":"VA","pc":"20166-6503","cc":"US"}}]}}' \
	contact_create sh8013 email=jdoe@example.com voice=+1.7035555555 \
	name="John Doe" street="123 Example Dr." street="Suite 100" \
	city=Dulles sp=VA pc=20166-6503 cc=US
ok '{"cmd":"domain_create","args":{"name":"example.com","registrant":"jd1234","nameservers":["ns1.example.net","ns2.example.net"],"period":"2","period_units":"y","contacts":{"admin":"sh8013","billing":"sh8013","tech":"sh8013"},"auth_info":"2fooBAR"}}' \
	domain_create example.com registrant=jd1234 ns=ns1.example.net \
	ns=ns2.example.net period=2 admin=sh8013 billing=sh8013 tech=sh8013 \
	auth_info=2fooBAR
ok '{"cmd":"domain_renew","args":{"name":"example.com","cur_exp_date":"2000-04-03","period":"5","period_units":"y"}}' \
	domain_renew example.com 2000-04-03 period=5
ok '{"cmd":"domain_transfer","args":{"name":"example.com","op":"approve"}}' \
	domain_transfer example.com op=approve
ok '{"cmd":"domain_update","args":{"name":"example.com","add_nameservers":["ns2.example.com"],"remove_nameservers":["ns1.example.com"],"add_contacts":[{"type":"tech","id":"mak21"}],"change_registrant":"sh8013","add_statuses":[{"name":"clientHold","value":"Payment overdue."}],"add_secdns":{"key_tag":"12346","alg":"3","digest_type":"1","digest":"38EC35D5B3A34B44C39B"},"change_secdns":{"max_sig_life":"604800"}}}' \
	domain_update example.com add_ns=ns2.example.com rem_ns=ns1.example.com \
	add_contact=tech:mak21 registrant=sh8013 \
	"add_status=clientHold:Payment overdue." \
	add_ds=12346:3:1:38EC35D5B3A34B44C39B max_sig_life=604800
ok '{"cmd":"domain_update","args":{"name":"example.com","rgp_restore_report":{"pre_data":"pre","post_data":"post","del_time":"2026-11-01T00:00:00Z","res_time":"2026-11-02T00:00:00Z","res_reason":"mistake","statement1":"s1","statement2":"s2"}}}' \
	domain_update example.com pre_data=pre post_data=post \
	del_time=2026-11-01T00:00:00Z res_time=2026-11-02T00:00:00Z \
	res_reason=mistake statement=s1 statement=s2
ok '{"cmd":"host_update","args":{"name":"ns1.a.example","add":[{"ip":"192.0.2.1"}]}}' \
	host_update name=ns1.a.example 'add:=[{"ip":"192.0.2.1"}]'
ok '{"cmd":"poll_req"}' call '{"cmd":"poll_req"}'

usage
usage domain_check
usage domain_create example.com
usage domain_renew example.com 03.04.2000
usage domain_transfer example.com op=steal
usage domain_update example.com add_ds=1:2
usage domain_update example.com add_contact=tech
usage domain_info example.com colour=blue
usage host_create ns1.a.example 192.0.2.1 version=v5
usage host_update ns1.a.example
usage call '[1, 2]'
usage call '{"args": {}}'
usage --timeout 0 poll_req
usage --no-such-option poll_req

if [ $fails -ne 0 ]; then
	echo "$fails failed"
	exit 1
fi
echo "ok: every command line gave its request or exit 64"
