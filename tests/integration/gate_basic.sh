#!/bin/sh
# epp-gate through a real broker and epp-sim over TLS: every cmd of
# docs/protocol.md (the golden requests of tests/data) answered with the shape of
# its golden result, bad input answered with an error and no registry
# traffic, a request without reply_to, the health file, SIGHUP, SIGTERM,
# and no password or authInfo value in the logs.
# Usage: gate_basic.sh DIR (GATE, SIM, CLIENT, SRCDIR and the rabbitmq
# fixture's variables in the environment)
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
# shellcheck source=tests/integration/gate_lib.sh
. "$(dirname "$0")/gate_lib.sh"
QUEUE="gate-basic-$(rand)"
data=$SRCDIR/tests/data

start_sim sim
"$GATE" -n -e "$dir/epp.txt" -r "$RMQ_PARAMS" >"$dir/check.out" ||
	fail "-n refuses a good configuration"
grep -q "configuration OK" "$dir/check.out" || fail "-n says nothing"
echo "127.0.0.1 $SIM_PORT reg1" >"$dir/bad.txt"
rc=0
"$GATE" -n -e "$dir/bad.txt" -r "$RMQ_PARAMS" 2>"$dir/check.err" || rc=$?
[ $rc -eq 78 ] || fail "-n accepts a broken credential file (rc $rc)"
grep -q "bad.txt" "$dir/check.err" || fail "-n error does not name the file"

# sd_notify: READY, WATCHDOG and STATUS while it runs, STOPPING at the end.
"$CLIENT" notify "$dir/notify.sock" 120000 >"$dir/notify.out" &
pids="$pids $!"
wait_for "$dir/notify.out" listening 1
export NOTIFY_SOCKET="$dir/notify.sock" WATCHDOG_USEC=1000000
start_gate gate 2 -v --max-body 65536 --health-file "$dir/health" \
	--keepalive 2
unset NOTIFY_SOCKET WATCHDOG_USEC
wait_for "$dir/notify.out" "READY=1 STATUS=2 of 2 sessions up" 1
wait_for "$dir/notify.out" "WATCHDOG=1" 2

call() {
	"$CLIENT" --timeout 10000 call "$QUEUE" "$1"
}

# code REPLY: the result code of an EPP reply, or "" for an error.
code() {
	echo "$1" | sed -n 's/.*"result": {"@code": "\([0-9]*\)".*/\1/p' |
		head -1
}

# Objects the golden requests refer to.
for req in \
	'{"cmd":"contact_create","args":{"id":"jd1234","email":"jd@example.com","voice":"+1.7035555555","auth_info":"Jd-Auth-1x","contacts":[{"type":"int","name":"John Doe","address":{"street":["1 Main St"],"city":"Dulles","cc":"US"}}]}}' \
	'{"cmd":"host_create","args":{"name":"ns1.example.net"}}' \
	'{"cmd":"host_create","args":{"name":"ns2.example.net"}}'; do
	r=$(call "$req")
	[ "$(code "$r")" = 1000 ] || fail "setup $req: $r"
done

# Every golden request, in an order that lets most of them succeed.
cases="contact_create contact_check contact_info host_create host_check
host_info domain_check domain_create domain_info domain_update domain_renew
domain_transfer poll_req poll_ack contact_update host_update contact_transfer
domain_delete host_delete contact_delete hello"
n=0
for c in $cases; do
	[ -f "$data/$c/request.json" ] || fail "no golden case $c"
	r=$(call "$(cat "$data/$c/request.json")")
	echo "$c: $(echo "$r" | cut -c1-160)" >>"$dir/replies.txt"
	case $r in
	'{"epp": {'*) ;;
	*) fail "$c: not an EPP reply: $r" ;;
	esac
	if [ "$c" = hello ]; then
		echo "$r" | grep -q '"greeting": {"svID": ' ||
			fail "hello: no greeting: $r"
		n=$((n + 1))
		continue
	fi
	k=$(code "$r")
	[ -n "$k" ] || fail "$c: no result code: $r"
	# Where the registry said yes, the reply has the golden result's
	# resData element (chkData, infData, creData, ...).
	want=$(sed -n 's/.*"resData": {"\([A-Za-z]*\)".*/\1/p' \
		"$data/$c/result.json" | head -1)
	if [ "$k" = 1000 ] && [ -n "$want" ]; then
		echo "$r" | grep -q "\"resData\": {\"$want\"" ||
			fail "$c: reply lacks resData/$want: $r"
	fi
	n=$((n + 1))
done
for c in contact_create contact_check host_check domain_check domain_create \
	domain_info; do
	grep -q "^$c: {\"epp\": {\"response\": {\"result\": {\"@code\": \"1000\"" \
		"$dir/replies.txt" || fail "$c did not succeed: $(grep "^$c:" \
		"$dir/replies.txt")"
done
# One domain is a dict, two are a list (docs/protocol.md).
r=$(call '{"cmd":"domain_check","args":{"domains":["one.example"]}}')
echo "$r" | grep -q '"cd": {"name": {"@avail": "1", "#text": "one.example"}}' ||
	fail "one domain_check result is not a dict: $r"
echo "golden cases: $n answered"

# Bad input: an error reply, no registry traffic, the gate keeps serving.
# Only the domain commands this test sends are counted: a keepalive
# <hello> or a login of the gate's own is not a request that got through.
domain_cmds() { grep -c "cmd clid=[^ ]* cmd=domain_" "$dir/sim.log" || true; }
before=$(domain_cmds)
big=$(head -c 70000 /dev/zero | tr '\0' 'x')
for bad in 'not json at all' '[1,2]' '{"args":{}}' '{"cmd":42}' \
	'{"cmd":"domain_frobnicate","args":{}}' \
	'{"cmd":"domain_check","args":{}}' \
	'{"cmd":"domain_check","args":{"domains":"a.example"}}' \
	'{"cmd":"domain_info","args":{"name":["x"]}}' \
	'{"cmd":"domain_create","args":{"name":"x.example","auth_info":"Bad-Input-Secret"}}' \
	"{\"cmd\":\"domain_check\",\"args\":{\"domains\":[\"$big\"]}}"; do
	r=$(call "$bad")
	case $r in
	'{"error": "'*) ;;
	*) fail "bad input '$(echo "$bad" | cut -c1-60)' got: $(echo "$r" | cut -c1-200)" ;;
	esac
	echo "$r" | grep -q "Bad-Input-Secret" && fail "error quotes a secret: $r"
	echo "bad: $(echo "$r" | cut -c1-120)" >>"$dir/replies.txt"
done
after=$(domain_cmds)
[ "$before" = "$after" ] ||
	fail "bad input reached the registry ($before -> $after commands)"
grep -q '"error": "request too large' "$dir/replies.txt" ||
	fail "no size error"

# No reply_to: logged and acked, nothing sent.
"$CLIENT" --timeout 1000 noreply "$QUEUE" \
	'{"cmd":"domain_create","args":{"name":"noreply.example","registrant":"jd1234","period":1,"period_units":"y"}}' ||
	fail "a request without reply_to got a reply"
wait_for "$dir/gate.log" "without reply_to" 1
after=$(domain_cmds)
[ "$before" = "$after" ] || fail "a request without reply_to was executed"
r=$(call '{"cmd":"domain_check","args":{"domains":["still.example"]}}')
[ "$(code "$r")" = 1000 ] || fail "gate stopped serving after bad input: $r"

# Health file: someone else's line makes every session reconnect.
logins=$(grep -c "logged in to" "$dir/gate.log")
echo "rpc client error at now" >>"$dir/health"
wait_for "$dir/gate.log" "logged in to" $((logins + 2))
r=$(call '{"cmd":"domain_check","args":{"domains":["after.example"]}}')
[ "$(code "$r")" = 1000 ] || fail "no service after the health file: $r"

# Idle sessions stay alive with <hello>.
wait_for "$dir/gate.log" "keepalive <hello>" 2
[ "$(count "$dir/sim.log" "cmd=hello")" -ge 3 ] ||
	fail "the registry saw no keepalive hello"

# SIGHUP re-reads the credentials; a file that does not parse leaves the
# old ones in force, and the gate serves on.
kill -HUP "$GATE_PID"
wait_for "$dir/gate.log" "credentials re-read" 1
cp "$dir/epp.txt" "$dir/epp.good"
echo "127.0.0.1 $SIM_PORT reg1" >"$dir/epp.txt"
kill -HUP "$GATE_PID"
wait_for "$dir/gate.log" "SIGHUP: .*epp.txt.*keeping the old credentials" 1
echo "test: reconnect" >>"$dir/health"
wait_for "$dir/gate.log" "reconnecting the sessions" 2
r=$(call '{"cmd":"domain_check","args":{"domains":["hup.example"]}}')
[ "$(code "$r")" = 1000 ] || fail "no service after a bad SIGHUP: $r"
cp "$dir/epp.good" "$dir/epp.txt"

# SIGTERM: log out and exit 0.
kill -TERM "$GATE_PID"
rc=0
wait "$GATE_PID" || rc=$?
[ $rc -eq 0 ] || fail "gate exited $rc on SIGTERM"
[ "$(grep -c "logged out" "$dir/gate.log")" -ge 2 ] ||
	fail "the sessions did not log out"
wait_for "$dir/notify.out" "STOPPING=1" 1

# One line per request with cmd, clTRID, svTRID, code and milliseconds.
grep -q "cmd=domain_check clTRID=[^ ]* svTRID=[^ ]* code=1000 ms=[0-9]*" \
	"$dir/gate.log" || fail "no request line in the log"
# Not one secret in the gate's log, even with -v.
for s in "$REG1_PW" "$REG2_PW" "$AMQP_PASSWORD" Jd-Auth-1x 2fooBAR 2BARfoo \
	Bad-Input-Secret; do
	if grep -q -- "$s" "$dir/gate.log" "$dir/check.out" "$dir/check.err"; then
		fail "a secret is in the log"
	fi
done
grep -q "authInfo>\*\*\*<" "$dir/gate.log" || fail "-v logged no XML"
echo "gate_basic: ok"
