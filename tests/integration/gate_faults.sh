#!/bin/sh
# epp-gate under faults, with a real broker and epp-sim:
# - the registry drops the connection (epp-sim --drop-after, modes close,
#   rst, noreply) under load: every request answered, queries retried,
#   transforms run at most once (epp-sim's counts and duplicate clTRIDs);
# - SIGKILL of a gate with requests in flight, then a new gate: nothing lost;
# - two gate processes on one queue share the load;
# - the broker restarts under load: nothing lost (durable queue).
# Usage: gate_faults.sh DIR (GATE, SIM, CLIENT, EPPKIT_RABBITMQ_SH and the
# rabbitmq fixture's variables in the environment)
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
# shellcheck source=tests/integration/gate_lib.sh
. "$(dirname "$0")/gate_lib.sh"

check='{"cmd":"domain_check","args":{"domains":["q%N.example"]}}'
create='{"cmd":"domain_create","args":{"name":"t%N.example","registrant":"cont1","period":1,"period_units":"y","auth_info":"Fault-Auth-9z"}}'

# load QUEUE JSON N K: run gate_client load, keep its summary in $out.
load() {
	out=$("$CLIENT" --timeout 30000 load "$@") ||
		fail "requests lost: $out"
	echo "$out"
}
field() {
	echo "$out" | awk -v k="$1" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}'
}

for mode in close rst noreply; do
	QUEUE="gate-drop-$mode-$(rand)"
	# noreply costs a --timeout per drop: drop less often.
	after=7
	[ "$mode" = noreply ] && after=15
	start_sim "sim-$mode" --drop-after $after --drop-mode "$mode"
	start_gate "gate-$mode" 2 --timeout 2
	r=$("$CLIENT" call "$QUEUE" '{"cmd":"contact_create","args":{"id":"cont1","email":"c1@example.com","voice":"+1.5555555555","auth_info":"Fault-Auth-9z","contacts":[{"type":"int","name":"C One","address":{"street":["1 St"],"city":"X","cc":"US"}}]}}')
	echo "$r" | grep -q '"@code": "1000"' || fail "$mode: contact_create: $r"

	# Queries: every one answered with a registry reply.
	load "$QUEUE" "$check" 200 8
	[ "$(field error)" = 0 ] && [ "$(field unknown)" = 0 ] ||
		fail "$mode: a query failed: $out"
	# Transforms: answered, executed at most once.
	load "$QUEUE" "$create" 100 8
	ok=$(field ok)
	unknown=$(field unknown)
	[ "$(field error)" = 0 ] || fail "$mode: a create failed: $out"
	executed=$(sim_count "sim-$mode" domain_create)
	dups=$(grep "duplicates" "$dir/sim-$mode.log" | tail -1 | awk '{print $NF}')
	[ "$dups" = 0 ] || fail "$mode: epp-sim saw $dups duplicate clTRIDs"
	[ "$executed" -le 100 ] || fail "$mode: $executed creates for 100 requests"
	[ "$executed" -ge "$ok" ] || fail "$mode: $ok replies, $executed executed"
	# A create that ran twice would answer 2302 (object exists).
	grep -q "cmd=domain_create .* code=2302" "$dir/gate-$mode.log" &&
		fail "$mode: a create ran twice"
	# A drop is seen in the middle of an exchange, or between two, before
	# the next command goes out.
	broken=$(count "$dir/gate-$mode.log" "attempt 1 failed")
	seen=$(count "$dir/gate-$mode.log" "closed the session between commands")
	[ $((broken + seen)) -gt 0 ] || fail "$mode: the registry never dropped us"
	echo "drop $mode: 300 answered, $ok creates ok, $unknown unknown, $executed executed; drops seen: $broken in an exchange, $seen between commands"
	kill "$GATE_PID" "$SIM_PID"
	wait "$GATE_PID" "$SIM_PID" 2>/dev/null || true
	grep -q -- "Fault-Auth-9z\|$REG1_PW" "$dir/gate-$mode.log" &&
		fail "$mode: a secret is in the log"
done

# The registry closes an idle session: the next transform goes out on a
# new session, not into the dead one (which would make its outcome
# unknown).
QUEUE="gate-idle-$(rand)"
start_sim sim-idle --idle-timeout 1
start_gate gate-idle 1
r=$("$CLIENT" call "$QUEUE" '{"cmd":"contact_create","args":{"id":"idle1","email":"i@example.com","voice":"+1.5555555555","contacts":[{"type":"int","name":"I","address":{"street":["1 St"],"city":"X","cc":"US"}}]}}')
echo "$r" | grep -q '"@code": "1000"' || fail "idle: contact_create: $r"
sleep 2.5
r=$("$CLIENT" call "$QUEUE" '{"cmd":"domain_create","args":{"name":"idle.example","registrant":"idle1","period":1,"period_units":"y"}}')
echo "$r" | grep -q '"@code": "1000"' || fail "idle: create after the idle close: $r"
grep -q "closed the session between commands" "$dir/gate-idle.log" ||
	fail "idle: the gate did not notice the idle close"
echo "idle close: the next create ran on a new session"
kill "$GATE_PID" "$SIM_PID"

# The registry is down when the gate starts: it does not consume, requests
# wait in the queue, and it serves them once the registry is back.
QUEUE="gate-down-$(rand)"
start_sim sim-down
kill "$SIM_PID"
wait "$SIM_PID" 2>/dev/null || true
# Alert mail to a port where nobody listens: the gate says it tried.
echo '{"smtp_host": "127.0.0.1", "smtp_port": 1, "from": "gate@example",
 "to": "ops@example", "starttls": false}' >"$dir/alert.json"
"$GATE" -e "$dir/epp.txt" -r "$RMQ_PARAMS" -q "$QUEUE" --sessions 2 \
	--ca "$dir/certs/ca.pem" -a "$dir/alert.json" \
	--health-file "$dir/health-down" >"$dir/gate-down.log" 2>&1 &
GATE_PID=$!
pids="$pids $GATE_PID"
wait_for "$dir/gate-down.log" "declared; consuming once" 1
"$CLIENT" fire "$QUEUE" "$check" 50 "$QUEUE-replies" >/dev/null
wait_for "$dir/gate-down.log" "retry 3 in" 1
[ "$(count "$dir/gate-down.log" "consuming queue\|cmd=")" = 0 ] ||
	fail "the gate consumed without a registry session"
wait_for "$dir/gate-down.log" "sessions are down: 0 of 2" 1
wait_for "$dir/gate-down.log" "alert mail to smtp://127.0.0.1:1 failed" 1
"$SIM" --listen "127.0.0.1:$SIM_PORT" --cert "$dir/certs/server.pem" \
	--key "$dir/certs/server-key.pem" --users "$dir/users" \
	>"$dir/sim-down2.log" 2>&1 &
SIM_PID=$!
pids="$pids $SIM_PID"
out=$("$CLIENT" --timeout 60000 collect "$QUEUE-replies" 50) ||
	fail "requests lost while the registry was down: $out"
wait_for "$dir/gate-down.log" "sessions are back: 2 of 2" 1
# The gate only watches its health file: a line of its own would restart
# it through epp-gate-health.path.
[ ! -e "$dir/health-down" ] ||
	fail "the gate wrote to its own health file: $(cat "$dir/health-down")"
echo "registry down at start: $out, $(count "$dir/gate-down.log" "EPP session down") failed attempts, alerts down and back"
kill "$GATE_PID" "$SIM_PID"

# SIGKILL with requests in flight: a new gate answers what was left.
QUEUE="gate-kill-$(rand)"
start_sim sim-kill --delay-ms 20
start_gate gate-kill1 2
"$CLIENT" fire "$QUEUE" "$check" 300 "$QUEUE-replies" >/dev/null
wait_for "$dir/gate-kill1.log" "cmd=domain_check" 20
kill -KILL "$GATE_PID"
wait "$GATE_PID" 2>/dev/null || true
start_gate gate-kill2 2
out=$("$CLIENT" --timeout 60000 collect "$QUEUE-replies" 300) ||
	fail "SIGKILL lost requests: $out"
echo "SIGKILL: $out"

# Two gates on one queue share the load.
b0=$(grep -c "cmd=domain_check" "$dir/gate-kill2.log" || true)
start_gate gate-pair 1
load "$QUEUE" "$check" 300 8 >/dev/null
a=$(grep -c "cmd=domain_check" "$dir/gate-pair.log" || true)
b=$(grep -c "cmd=domain_check" "$dir/gate-kill2.log" || true)
b=$((b - b0))
[ "$a" -ge 30 ] && [ "$b" -ge 30 ] || fail "load not shared: $a and $b"
echo "two gates: $a and $b of 300"
kill "$GATE_PID" "$SIM_PID"

# Broker restart under load, with a node of our own.
rdir=$dir/rabbitmq
"$EPPKIT_RABBITMQ_SH" start "$rdir" >/dev/null
trap 'cleanup; "$EPPKIT_RABBITMQ_SH" stop "$rdir" >/dev/null 2>&1 || true' EXIT
# shellcheck disable=SC1091
. "$rdir/env"
export AMQP_HOST AMQP_PORT AMQP_USER AMQP_PASSWORD
RMQ_PARAMS=$rdir/rabbitmq_params.txt
QUEUE="gate-restart-$(rand)"
start_sim sim-restart --delay-ms 10
start_gate gate-restart 2 --queue-type durable
"$CLIENT" fire "$QUEUE" "$check" 400 "$QUEUE-replies" >/dev/null
wait_for "$dir/gate-restart.log" "cmd=domain_check" 30
"$EPPKIT_RABBITMQ_SH" restart "$rdir" >/dev/null
out=$("$CLIENT" --timeout 90000 collect "$QUEUE-replies" 400) ||
	fail "broker restart lost requests: $out"
grep -q "broker connection lost\|broker: " "$dir/gate-restart.log" ||
	fail "the gate never saw the broker go"
echo "broker restart: $out"
kill "$GATE_PID" "$SIM_PID"

# A transform whose ack is lost with the broker connection: the broker
# delivers it again and the gate answers from its window of recent
# transforms instead of running it a second time.
ctl() {
	(. "$rdir/env" && export HOME="$rdir" ERL_EPMD_PORT="$EPMD_PORT" \
		ERL_EPMD_ADDRESS=127.0.0.1 \
		RABBITMQ_CONF_ENV_FILE="$rdir/rabbitmq-env.conf" &&
		/usr/lib/rabbitmq/bin/rabbitmqctl -q -n "$RABBITMQ_NODENAME" "$@")
}
QUEUE="gate-redeliver-$(rand)"
start_sim sim-redeliver --delay-ms 3000
start_gate gate-redeliver 1 --queue-type durable
r=$("$CLIENT" call "$QUEUE" '{"cmd":"contact_create","args":{"id":"cont1","email":"c1@example.com","voice":"+1.5555555555","contacts":[{"type":"int","name":"C One","address":{"street":["1 St"],"city":"X","cc":"US"}}]}}')
echo "$r" | grep -q '"@code": "1000"' || fail "redeliver: contact_create: $r"
"$CLIENT" fire "$QUEUE" "$create" 1 "$QUEUE-replies" >/dev/null
sleep 0.5
ctl close_all_connections "gate test: lose the ack" >/dev/null
out=$("$CLIENT" --timeout 60000 collect "$QUEUE-replies" 1) ||
	fail "redelivered create not answered: $out"
wait_for "$dir/gate-redeliver.log" "already ran: sending the recorded reply" 1
[ "$(sim_count sim-redeliver domain_create)" = 1 ] ||
	fail "the redelivered create ran again"
grep -q "cmd=domain_create .* code=1000" "$dir/gate-redeliver.log" ||
	fail "the create did not succeed"
echo "redelivered transform: answered from the window, executed once"

for f in "$dir"/gate-*.log; do
	grep -q -- "$AMQP_PASSWORD\|$REG1_PW\|Fault-Auth-9z" "$f" &&
		fail "a secret is in $f"
done
echo "gate_faults: ok"
