#!/bin/sh
# epp-gate and its callers when things go wrong for good, with a real
# broker and epp-sim:
# - deadlines: a request whose caller gave up is never executed (the
#   broker drops it by its expiration, the gate by the x-epp-deadline
#   header), and the gate waits for the registry no longer than the time
#   the caller has left;
# - a refused login at start-up ends the gate with exit 78 after one
#   attempt; a later refusal stops logins and retries once per
#   --refused-retry;
# - a 100 MB message on the queue is refused without being held.
# Usage: gate_safety.sh DIR (GATE, SIM, CLIENT, EPPRPC and the rabbitmq
# fixture's variables in the environment)
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
# shellcheck source=tests/integration/gate_lib.sh
. "$(dirname "$0")/gate_lib.sh"

create='{"cmd":"domain_create","args":{"name":"late%N.example","registrant":"cont1","period":1,"period_units":"y"}}'
check='{"cmd":"domain_check","args":{"domains":["dl.example"]}}'
printf '%s' "$AMQP_PASSWORD" >"$dir/amqp.pw"
chmod 600 "$dir/amqp.pw"
rpc() {
	"$EPPRPC" --host "$AMQP_HOST" --port "$AMQP_PORT" --user "$AMQP_USER" \
		--password-file "$dir/amqp.pw" --queue "$QUEUE" "$@"
}

# --- Deadlines: no gate consumes, the caller times out, a gate starts
# later: nothing is executed.
QUEUE="gate-deadline-$(rand)"
start_sim sim-dl
start_gate gate-dl0 1
kill "$GATE_PID"
wait "$GATE_PID" 2>/dev/null || true
rc=0
rpc --timeout 2 call "$(echo "$create" | sed 's/%N/0/')" >"$dir/rpc-dl.out" 2>&1 || rc=$?
[ $rc = 3 ] || fail "epp-rpc with nobody consuming: exit $rc, not 3: $(cat "$dir/rpc-dl.out")"
# Without the expiration property the broker delivers: the gate checks the
# header itself. Three whose deadline passed, one with time left.
"$CLIENT" --deadline -1000 fire "$QUEUE" "$create" 3 "$QUEUE-replies" >/dev/null
"$CLIENT" --deadline 60000 fire "$QUEUE" "$check" 1 "$QUEUE-live" >/dev/null
sleep 0.5
start_gate gate-dl1 1
out=$("$CLIENT" --timeout 30000 collect "$QUEUE-live" 1) ||
	fail "the request with time left was not answered: $out"
wait_for "$dir/gate-dl1.log" "expired .* before it could start: acked, not executed" 3
executed=$(sim_count sim-dl domain_create)
[ "${executed:-0}" = 0 ] || fail "$executed expired creates were executed"
grep -q "cmd=domain_create" "$dir/gate-dl1.log" && fail "the gate ran an expired create"
kill "$GATE_PID"
wait "$GATE_PID" 2>/dev/null || true
grep -q "3 expired" "$dir/gate-dl1.log" || fail "the gate did not count the expired requests"
echo "deadlines: epp-rpc timed out (exit 3), 3 expired in the queue, 0 executed, 1 with time left answered"

# The registry is slow: the gate waits no longer than the caller's time.
kill "$SIM_PID"
wait "$SIM_PID" 2>/dev/null || true
start_sim sim-slow --delay-ms 6000
start_gate gate-slow 1 --timeout 30
t0=$(date +%s)
rc=0
rpc --timeout 2 call "$check" >/dev/null 2>&1 || rc=$?
[ $rc = 3 ] || fail "slow registry: epp-rpc exit $rc, not 3"
wait_for "$dir/gate-slow.log" "deadline passed before attempt 2; not sent\|cmd=domain_check" 1 15
t1=$(date +%s)
grep -q "attempt 1 failed: .*time" "$dir/gate-slow.log" ||
	fail "the gate did not cut its registry wait: $(tail -5 "$dir/gate-slow.log")"
[ $((t1 - t0)) -lt 6 ] || fail "the gate waited $((t1 - t0)) s for a caller of 2 s"
echo "deadlines: the gate gave up on the registry after the caller's 2 s ($((t1 - t0)) s)"
kill "$GATE_PID" "$SIM_PID"
wait "$GATE_PID" "$SIM_PID" 2>/dev/null || true

# --- A wrong password at start-up: exit 78 after exactly one login.
QUEUE="gate-refused-$(rand)"
start_sim sim-pw
echo "127.0.0.1 $SIM_PORT reg1 Wrong-Pw-42" >"$dir/epp-bad.txt"
rc=0
timeout 60 "$GATE" -e "$dir/epp-bad.txt" -r "$RMQ_PARAMS" -q "$QUEUE" \
	--sessions 4 --ca "$dir/certs/ca.pem" >"$dir/gate-pw.log" 2>&1 || rc=$?
[ $rc = 78 ] || fail "wrong password: exit $rc, not 78: $(tail -3 "$dir/gate-pw.log")"
logins=$(count "$dir/sim-pw.log" "cmd=login .*code=2200")
[ "$logins" = 1 ] || fail "wrong password: $logins login attempts, not 1"
grep -q "2200 .*not retrying at start-up (exit 78)" "$dir/gate-pw.log" ||
	fail "the gate does not name the code: $(tail -3 "$dir/gate-pw.log")"
grep -q "Wrong-Pw-42" "$dir/gate-pw.log" && fail "the password is in the log"
echo "wrong password at start-up: exit 78 after $logins login attempt"

# A refusal after a good start: logins stop, one try per --refused-retry.
printf '' >"$dir/health"
start_gate gate-later 3 --refused-retry 3 --health-file "$dir/health"
echo "127.0.0.1 $SIM_PORT reg1 Wrong-Pw-42" >"$dir/epp.txt"
kill -HUP "$GATE_PID"
wait_for "$dir/gate-later.log" "credentials re-read" 1
before=$(count "$dir/sim-pw.log" "cmd=login .*code=2200")
echo "test: reconnect" >>"$dir/health"
wait_for "$dir/gate-later.log" "no more logins, next attempt in 3 s" 1
# The three sessions dropped at once log in one at a time: the first
# refusal stops the others before they try.
sleep 2
first=$(($(count "$dir/sim-pw.log" "cmd=login .*code=2200") - before))
[ "$first" = 1 ] || fail "later refusal: $first refused logins, not exactly 1"
sleep 5
refused=$(($(count "$dir/sim-pw.log" "cmd=login .*code=2200") - before))
# then one attempt per 3 s: at 3 s and 6 s
[ "$refused" -ge 2 ] && [ "$refused" -le 3 ] ||
	fail "later refusal: $refused refused logins in about 7 s, not 2 or 3"
echo "127.0.0.1 $SIM_PORT reg1 $REG1_PW" >"$dir/epp.txt"
kill -HUP "$GATE_PID"
wait_for "$dir/gate-later.log" "accepts our login again" 1 10
r=$("$CLIENT" call "$QUEUE" "$check")
echo "$r" | grep -q '"@code": "1000"' || fail "no service after the refusal ended: $r"
echo "later refusal: $first attempt, then $refused in 7 s with --refused-retry 3, back after the fix"
kill "$GATE_PID" "$SIM_PID"
wait "$GATE_PID" "$SIM_PID" 2>/dev/null || true

# --- A wrong broker password: --max-retries ends the gate.
QUEUE="gate-brokerpw-$(rand)"
start_sim sim-bpw
sed 's/ [^ ]*$/ Wrong-Broker-Pw/' "$RMQ_PARAMS" >"$dir/rmq-bad.txt"
rc=0
timeout 60 "$GATE" -e "$dir/epp.txt" -r "$dir/rmq-bad.txt" -q "$QUEUE" \
	--ca "$dir/certs/ca.pem" --max-retries 2 >"$dir/gate-bpw.log" 2>&1 || rc=$?
[ $rc = 78 ] || fail "wrong broker password: exit $rc, not 78"
grep -q "giving up after 2 attempts (--max-retries)" "$dir/gate-bpw.log" ||
	fail "--max-retries did not cover the broker: $(tail -3 "$dir/gate-bpw.log")"
echo "wrong broker password: gave up after --max-retries 2"

# --- 100 MB on the queue: refused by --max-body without being held.
QUEUE="gate-big-$(rand)"
start_gate gate-big 1
r=$("$CLIENT" --timeout 120000 big "$QUEUE" 104857600)
echo "$r" | grep -q "request too large: 104857600 bytes" || fail "big: $r"
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$GATE_PID/status")
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$GATE_PID/status")
[ "$hwm" -lt 32768 ] || fail "gate peak RSS ${hwm} kB after a 100 MB message"
r=$("$CLIENT" call "$QUEUE" "$check")
echo "$r" | grep -q '"@code": "1000"' || fail "no service after the big message: $r"
echo "100 MB message: refused; gate RSS ${rss} kB, peak ${hwm} kB"

for f in "$dir"/gate-*.log; do
	grep -q -- "$AMQP_PASSWORD\|$REG1_PW" "$f" && fail "a secret is in $f"
done
echo "gate_safety: ok"
