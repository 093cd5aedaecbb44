#!/bin/sh
# IDNs end to end against epp-sim: eppctl turns what people type into
# A-labels, epp-sim stores A-labels and refuses invalid ones with 2005,
# readable output shows both forms, the JSON keeps what the registry sent,
# and --no-idn sends names as typed (libepp then refuses a U-label and
# names its A-label form).
# Usage: idn_sim.sh EPP_SIM EPPCTL DIR
set -eu
sim=$1 eppctl=$2 dir=$3
rm -rf "$dir"
mkdir -p "$dir"
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	return 0
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*" >&2
	exit 1
}
"$sim" --gen-cert "$dir/certs" >/dev/null
pw="Idn-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
printf 'reg1 %s\n' "$pw" >"$dir/users"
"$sim" --listen 127.0.0.1:0 --port-file "$dir/port" \
	--cert "$dir/certs/server.pem" --key "$dir/certs/server-key.pem" \
	--users "$dir/users" 2>"$dir/sim.log" &
pid=$!
i=0
while [ ! -s "$dir/port" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "epp-sim did not start"
	sleep 0.1
done
echo "127.0.0.1 $(cat "$dir/port") reg1 $pw" >"$dir/epp.txt"
chmod 600 "$dir/epp.txt"
e() {
	"$eppctl" "$@" -e "$dir/epp.txt" --ca "$dir/certs/ca.pem"
}

# check: U-labels in, A-labels sent, both shown
e domain check bücher.example 例え.jp >"$dir/check.out" ||
	fail "check: $(cat "$dir/check.out")"
grep -qx '  xn--bcher-kva.example (bücher.example): available' "$dir/check.out" ||
	fail "check output: $(cat "$dir/check.out")"
grep -qx '  xn--r8jz45g.jp (例え.jp): available' "$dir/check.out" ||
	fail "check output: $(cat "$dir/check.out")"

# create and info round trip: the registry keeps the A-label
e contact create c-idn --name "Jürgen Müller" --email j@example.net \
	--voice +49.2215550100 --postal-type loc \
	--city Köln --cc DE >"$dir/contact.out" ||
	fail "contact create: $(cat "$dir/contact.out")"
e domain create Bücher.example --registrant c-idn --period 1 \
	>"$dir/create.out" || fail "create: $(cat "$dir/create.out")"
e call '{"cmd": "domain_info", "args": {"name": "bücher.example"}}' \
	>"$dir/info.json" || fail "info: $(cat "$dir/info.json")"
grep -q '"name": "xn--bcher-kva.example"' "$dir/info.json" ||
	fail "info JSON does not carry the A-label: $(cat "$dir/info.json")"
grep -q 'bücher' "$dir/info.json" &&
	fail "the JSON shows a U-label the registry did not send"
e domain info xn--bcher-kva.example >"$dir/info.out" ||
	fail "info: $(cat "$dir/info.out")"
grep -q 'xn--bcher-kva.example (bücher.example)' "$dir/info.out" ||
	fail "info output: $(cat "$dir/info.out")"
e domain check bücher.example >"$dir/check2.out" || true
grep -q 'not available' "$dir/check2.out" ||
	fail "the created name is not taken: $(cat "$dir/check2.out")"

# refusals, before anything is sent: exit 64 and the rule named
rc=0
e domain check 'a☃b.example' 2>"$dir/bad.err" >/dev/null || rc=$?
[ $rc -eq 64 ] || fail "a disallowed name gave exit $rc"
grep -q 'U+2603' "$dir/bad.err" || fail "no code point: $(cat "$dir/bad.err")"
rc=0
e --no-idn domain check bücher.example 2>"$dir/noidn.err" >/dev/null || rc=$?
[ $rc -eq 64 ] || fail "--no-idn sent a U-label (exit $rc)"
grep -q 'xn--bcher-kva.example' "$dir/noidn.err" ||
	fail "--no-idn refusal shows no A-label: $(cat "$dir/noidn.err")"

# epp-sim: an invalid A-label is refused with 2005 (sent as typed)
rc=0
e --no-idn call '{"cmd": "domain_create", "args": {"name": "xn--abc.example", "registrant": "c-idn", "period": 1, "period_units": "y"}}' \
	>"$dir/sim2005.json" || rc=$?
[ $rc -eq 1 ] || fail "invalid A-label create gave exit $rc"
grep -q '"@code": "2005"' "$dir/sim2005.json" ||
	fail "epp-sim did not answer 2005: $(cat "$dir/sim2005.json")"
grep -q 'not a valid A-label' "$dir/sim2005.json" ||
	fail "2005 gives no reason: $(cat "$dir/sim2005.json")"
# and a reserved "--" label (RFC 5891 4.2.3.1)
rc=0
e --no-idn call '{"cmd": "domain_create", "args": {"name": "ab--cd.example", "registrant": "c-idn", "period": 1, "period_units": "y"}}' \
	>"$dir/sim2005b.json" || rc=$?
grep -q '"@code": "2005"' "$dir/sim2005b.json" ||
	fail "epp-sim took ab--cd.example: $(cat "$dir/sim2005b.json")"
echo "idn: check, create, info round trip through epp-sim; refusals named; 2005 for invalid A-labels"
