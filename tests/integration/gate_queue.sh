#!/bin/sh
# epp-gate's --queue-type against a real broker: a quorum queue and a
# durable queue, each declared by the gate on a fresh name and answering a
# request; then a gate with the default flags against a queue that exists
# with other flags exits 78 at once, its log naming PRECONDITION_FAILED and
# the queue (no crash, no endless retry), also while the registry is down.
# Usage: gate_queue.sh DIR (GATE, SIM, CLIENT and the rabbitmq fixture's
# variables in the environment)
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
# shellcheck source=tests/integration/gate_lib.sh
. "$(dirname "$0")/gate_lib.sh"

check='{"cmd":"domain_check","args":{"domains":["qt.example"]}}'
start_sim sim

for type in quorum durable; do
	QUEUE="gate-$type-$(rand)"
	start_gate "gate-$type" 1 --queue-type "$type"
	r=$("$CLIENT" --timeout 10000 call "$QUEUE" "$check") ||
		fail "$type: no answer: $r"
	echo "$r" | grep -q '"@code": "1000"' || fail "$type: reply: $r"
	echo "$type: answered"
	eval "q_$type=\$QUEUE"
	kill "$GATE_PID"
	wait "$GATE_PID" 2>/dev/null || true
done

# A gate with the default flags (or another --queue-type) against each:
# exit 78 (EX_CONFIG), and the reason in the log.
# shellcheck disable=SC2154
for pair in "$q_quorum:" "$q_durable:" "$q_quorum:--queue-type=durable" \
	"$q_durable:--queue-type=quorum"; do
	QUEUE=${pair%%:*}
	opt=${pair#*:}
	log=$dir/mismatch-$QUEUE${opt#--queue-type=}.log
	rc=0
	# shellcheck disable=SC2086
	timeout 30 "$GATE" -e "$dir/epp.txt" -r "$RMQ_PARAMS" -q "$QUEUE" \
		--sessions 2 --ca "$dir/certs/ca.pem" $opt >"$log" 2>&1 ||
		rc=$?
	[ $rc -eq 78 ] || {
		tail -5 "$log" >&2
		fail "$QUEUE ${opt:-default}: exit $rc, not 78"
	}
	grep -q "PRECONDITION_FAILED" "$log" ||
		fail "$QUEUE: the log does not say PRECONDITION_FAILED"
	grep -q "declare of queue '$QUEUE'.*PRECONDITION_FAILED" "$log" ||
		fail "$QUEUE: the error does not name the queue"
	grep -q "retry 1 in" "$log" && fail "$QUEUE: the gate retried"
	echo "${opt:-default} on $QUEUE: $(grep -m1 PRECONDITION_FAILED "$log" |
		sed 's/.*broker: //')"
done

# The refused gates left the queue as it was: still answered.
QUEUE=$q_quorum
start_gate gate-again 1 --queue-type quorum
r=$("$CLIENT" --timeout 10000 call "$QUEUE" "$check") ||
	fail "quorum again: no answer: $r"
echo "$r" | grep -q '"@code": "1000"' || fail "quorum again: reply: $r"

# The registry down too: the gate declares the queue while it waits for
# the registry, and the refused declare still ends it.
kill "$GATE_PID" "$SIM_PID"
wait "$GATE_PID" "$SIM_PID" 2>/dev/null || true
rc=0
timeout 30 "$GATE" -e "$dir/epp.txt" -r "$RMQ_PARAMS" -q "$q_quorum" \
	--ca "$dir/certs/ca.pem" >"$dir/mismatch-noregistry.log" 2>&1 || rc=$?
[ $rc -eq 78 ] || fail "registry down, default flags on a quorum queue: exit $rc"
grep -q "EPP session down" "$dir/mismatch-noregistry.log" ||
	fail "registry down: the registry was not down"
grep -q "declare of queue '$q_quorum'.*PRECONDITION_FAILED.*not retrying" \
	"$dir/mismatch-noregistry.log" ||
	fail "registry down: no PRECONDITION_FAILED error for the queue"
echo "registry down, default on $q_quorum: exit 78"

for f in "$dir"/*.log; do
	grep -q -- "$AMQP_PASSWORD\|$REG1_PW" "$f" && fail "a secret is in $f"
done
echo "gate_queue: ok"
