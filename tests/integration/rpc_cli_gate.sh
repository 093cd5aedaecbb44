#!/bin/sh
# epp-rpc's exit statuses and --repeat summary against the demo's gates
# (scripts/demo.sh --run): 0 success, 1 the registry refused, 2 the gate
# answered with an error, 78 a broker that refuses the login (the message
# names the user and the credential file), and --repeat counting registry
# errors apart, with --json.
# Usage: scripts/demo.sh BUILD --run rpc_cli_gate.sh EPP_RPC
set -u
rpc=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
export RPC_CLIENT_CONF_PATH="$RPC_R1_CONF"

run() {
	"$rpc" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

run domain_check free-$$.example
[ $rc -eq 0 ] || fail "domain_check: exit $rc $(cat "$tmp/err")"
run hello
[ $rc -eq 0 ] || fail "hello: exit $rc $(cat "$tmp/err")"
grep -q '"greeting"' "$tmp/out" || fail "hello: no greeting: $(cat "$tmp/out")"
run --brief hello
grep -q "^greeting" "$tmp/out" || fail "hello --brief: $(cat "$tmp/out")"
run --brief domain_info nobody-has-$$.example
[ $rc -eq 1 ] || fail "domain_info of a missing name: exit $rc, not 1"
grep -q "^2303 " "$tmp/out" || fail "no 2303 line: $(cat "$tmp/out")"
run call '{"cmd": "domain_frobnicate"}'
[ $rc -eq 2 ] || fail "unknown cmd at the gate: exit $rc, not 2"
grep -q '"error"' "$tmp/out" || fail "no gate error: $(cat "$tmp/out")"
run call '{"cmd": "poll_req",
  "args": {,}}'
[ $rc -eq 64 ] || fail "bad JSON: exit $rc, not 64"
grep -q "invalid JSON at line 2, column" "$tmp/err" ||
	fail "bad JSON: no line and column: $(cat "$tmp/err")"

# A wrong broker password: the user and where the credentials came from.
sed 's/"password": "[^"]*"/"password": "wrong-password"/' "$RPC_R1_CONF" \
	>"$tmp/wrong.json"
run --conf "$tmp/wrong.json" domain_check a.example
[ $rc -eq 78 ] || fail "wrong broker password: exit $rc, not 78"
user=$(sed -n 's/.*"username": "\([^"]*\)".*/\1/p' "$RPC_R1_CONF")
grep -q "refused the login of user $user" "$tmp/err" ||
	fail "the refusal does not name the user: $(cat "$tmp/err")"
grep -q "check the broker user and password in $tmp/wrong.json" "$tmp/err" ||
	fail "the refusal does not name the file: $(cat "$tmp/err")"
grep -q "wrong-password" "$tmp/err" && fail "the password is in the message"

# --repeat: registry errors are not successes; exit 1; not a terminal,
# so no progress line.
run --repeat 20 --concurrency 4 domain_info nobody-has-$$.example
[ $rc -eq 1 ] || fail "--repeat with registry errors: exit $rc, not 1"
grep -q "ok 0  registry errors 20  gate errors 0  timeouts 0" "$tmp/out" ||
	fail "--repeat summary: $(cat "$tmp/out")"
grep -q "latency ms (20 answered)" "$tmp/out" ||
	fail "--repeat latency: $(cat "$tmp/out")"
grep -q "$(printf '\r')" "$tmp/out" && fail "a progress line without a terminal"
run --repeat 10 --concurrency 2 --json domain_check free-$$.example
[ $rc -eq 0 ] || fail "--repeat --json: exit $rc"
grep -q '^{"requests":10,"concurrency":2,"ok":10,"registry_errors":0,"gate_errors":0,"timeouts":0,"transport_errors":0,"answered":10,' \
	"$tmp/out" || fail "--repeat --json: $(cat "$tmp/out")"

# On a terminal (script(1) gives it one): the progress line, done/total.
script -qec "'$rpc' --repeat 30 --concurrency 2 domain_check free-$$.example" \
	/dev/null >"$tmp/tty" 2>&1 || fail "--repeat on a terminal: exit $?"
grep -q "30/30  [0-9.]* requests/s  0 errors" "$tmp/tty" ||
	fail "no progress line on a terminal: $(cat "$tmp/tty")"
grep -q "^requests 30 " "$tmp/tty" || fail "no summary after the progress"

if [ $fails -ne 0 ]; then
	echo "$fails failed"
	exit 1
fi
echo "ok: epp-rpc exit statuses and --repeat against the gate"
