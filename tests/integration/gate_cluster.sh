#!/bin/sh
# epp-gate and libepprpc on a three-node RabbitMQ cluster (its own, from
# scripts/rabbitmq.sh cluster), a quorum queue, two gates of two sessions
# each (their broker files list the nodes in different orders, one shared
# journal), load from libepprpc clients (domain creates and checks against
# epp-sim). Under the load: the node holding the queue's leader stops and
# comes back, then the node a gate is connected to. A quorum queue of three
# needs two nodes up, so the second node stops once the first is back.
# Checks: every request answered or reported unknown (named by its
# correlation id, which the gate's log ties to its clTRID), none lost, no
# transform executed twice (epp-sim's duplicate clTRIDs, no 2302), and
# completions per second back to at least half their level within 10 s of
# each loss (from the clients' timestamps).
# Usage: gate_cluster.sh DIR (GATE, SIM, LOAD, EPPRPC, EPPKIT_RABBITMQ_SH)
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
mq=$dir/mq
"$EPPKIT_RABBITMQ_SH" cluster "$mq" 3 >"$dir/cluster.log" 2>&1 || {
	cat "$dir/cluster.log" >&2
	echo "FAIL: the cluster did not start" >&2
	exit 1
}
EPPKIT_RABBITMQ_ENV=$mq/env
EPPKIT_RABBITMQ_DIR=$mq
# shellcheck source=tests/integration/gate_lib.sh
. "$(dirname "$0")/gate_lib.sh"
trap 'cleanup; "$EPPKIT_RABBITMQ_SH" stop "$mq" >/dev/null 2>&1 || true' EXIT

now_ms() {
	date +%s%3N
}

# node_of PORT: the folder of the node listening on AMQP port PORT.
node_of() {
	k=1
	for p in $AMQP_PORTS; do
		[ "$p" = "$1" ] && echo "$mq/node$k" && return 0
		k=$((k + 1))
	done
	fail "no node on port $1"
}

# leader_node: the folder of the node that holds the queue's leader.
leader_node() {
	for d in $CLUSTER_DIRS; do
		"$EPPKIT_RABBITMQ_SH" status "$d" || continue
		name=$("$EPPKIT_RABBITMQ_SH" ctl "$d" list_queues name leader |
			awk -v q="$QUEUE" '$1 == q {print $2}')
		[ -n "$name" ] || continue
		k=1
		for n in $CLUSTER_NODES; do
			[ "$n" = "$name" ] && echo "$mq/node$k" && return 0
			k=$((k + 1))
		done
	done
	fail "no leader found for queue $QUEUE"
}

# recovery T0: seconds after T0 (ms) until a second of completions reaches
# half the level of the 5 s before T0; 99 when it never does.
recovery() {
	awk -v t0="$1" '
		{ s = int(($1 - t0) / 1000); if ($1 < t0) s = int(($1 - t0) / 1000) - 1; n[s]++ }
		END {
			base = (n[-5] + n[-4] + n[-3] + n[-2] + n[-1]) / 5
			for (s = 0; s < 60; s++)
				if (n[s] >= base / 2 && n[s] > 0) { print s + 1, base, n[0] + 0; exit }
			print 99, base, 0
		}' "$dir/load.out"
}

QUEUE="cluster-$(rand)"
start_sim sim
# Gate 1 lists the nodes 1 2 3, gate 2 lists them 3 1 2.
cp "$mq/rabbitmq_params.txt" "$dir/params1.txt"
{
	sed -n 3p "$mq/rabbitmq_params.txt"
	sed -n 1,2p "$mq/rabbitmq_params.txt"
} >"$dir/params2.txt"
sed "s/\"epp_messages\"/\"$QUEUE\"/" "$mq/rpc_client.json" >"$dir/client.json"
chmod 600 "$dir"/params*.txt "$dir/client.json"
journal=$dir/journal.db
RMQ_PARAMS=$dir/params1.txt
start_gate gate1 2 --queue-type quorum --journal "$journal"
RMQ_PARAMS=$dir/params2.txt
start_gate gate2 2 --queue-type quorum --journal "$journal"

# The registrant, through the first node alone.
r=$("$EPPRPC" --conf "$dir/client.json" call \
	'{"cmd":"contact_create","args":{"id":"cont1","email":"c1@example.com","voice":"+1.5555555555","contacts":[{"type":"int","name":"C One","address":{"street":["1 St"],"city":"X","cc":"US"}}]}}' 2>&1) ||
	fail "contact_create: $r"

"$LOAD" "$dir/client.json" 6 240 "$dir/stop" "c$(rand)" cont1 \
	>"$dir/load.out" 2>"$dir/load.err" &
load_pid=$!
pids="$pids $load_pid"
sleep 10

# 1. The node with the queue's leader.
node_a=$(leader_node)
t1=$(now_ms)
"$EPPKIT_RABBITMQ_SH" stop "$node_a" >/dev/null
echo "loss 1: leader node $(basename "$node_a") stopped"
sleep 15
"$EPPKIT_RABBITMQ_SH" restart "$node_a" >/dev/null
echo "node $(basename "$node_a") back"
sleep 8

# 2. A node gate 1 consumes from (its last "consuming" line).
port=$(grep "consuming queue" "$dir/gate1.log" | tail -1 | sed 's/.*:\([0-9]*\)$/\1/')
node_b=$(node_of "$port")
t2=$(now_ms)
"$EPPKIT_RABBITMQ_SH" stop "$node_b" >/dev/null
echo "loss 2: node $(basename "$node_b") of gate 1 stopped"
sleep 15
"$EPPKIT_RABBITMQ_SH" restart "$node_b" >/dev/null
echo "node $(basename "$node_b") back"
sleep 8
touch "$dir/stop"
wait "$load_pid" || fail "the load client failed: $(tail -3 "$dir/load.err")"
sleep 3

total=$(wc -l <"$dir/load.out")
ok=$(awk '$4 == "ok"' "$dir/load.out" | wc -l)
unknown=$(awk '$4 == "unknown" || $4 == "gate-unknown"' "$dir/load.out" | wc -l)
errors=$(awk '$4 == "error"' "$dir/load.out" | wc -l)
creates=$(awk '$2 ~ /_create$/' "$dir/load.out" | wc -l)
ok_creates=$(awk '$2 ~ /_create$/ && $4 == "ok" && $5 == 1000' "$dir/load.out" | wc -l)
answered_t=$(awk '$2 ~ /_create$/ && $4 == "ok"' "$dir/load.out" | wc -l)
twice=$(awk '$2 ~ /_create$/ && $5 == 2302' "$dir/load.out" | wc -l)
# contact_create counts the registrant too.
executed=$(( $(sim_count sim domain_create) + $(sim_count sim contact_create) - 1 ))
dups=$(grep "duplicates" "$dir/sim.log" | tail -1 | awk '{print $NF}')
set -- $(recovery "$t1")
rec1=$1 base1=$2
set -- $(recovery "$t2")
rec2=$1 base2=$2
echo "cluster: $total requests, $ok answered, $unknown unknown, $errors errors"
echo "transforms (domain and contact creates): $creates sent, $ok_creates answered 1000, $executed executed at the registry, $twice answered 2302, $dups duplicate clTRIDs"
echo "loss 1 (leader): back to level after ${rec1} s (level $base1/s)"
echo "loss 2 (gate's node): back to level after ${rec2} s (level $base2/s)"

[ "$errors" = 0 ] || fail "$errors requests neither answered nor unknown: $(awk '$4 == "error"' "$dir/load.out" | head -3)"
[ "$total" -gt 100 ] || fail "only $total requests"
[ "$twice" = 0 ] || fail "$twice creates answered 2302: executed twice"
[ "${dups:-1}" = 0 ] || fail "epp-sim saw $dups duplicate clTRIDs"
grep -q "code=2302" "$dir/gate1.log" "$dir/gate2.log" &&
	fail "a create ran twice (2302 in a gate log)"
[ "$executed" -ge "$ok_creates" ] || fail "$ok_creates answered, $executed executed"
[ "$executed" -le "$creates" ] || fail "$executed executed for $creates creates"
# Every unknown names its request by its correlation id: the gates
# logged it with its clTRID when it ran; one that never reached the queue
# (published as its node died) is in no log and did not run. Either way
# the registry's count adds up: the answered ones plus the unknown that
# ran, each once.
ran=0
for cid in $(awk '$4 == "unknown" {print $5}' "$dir/load.out"); do
	if grep -q "corr=$cid" "$dir/gate1.log" "$dir/gate2.log"; then
		ran=$((ran + 1))
		grep -h "corr=$cid" "$dir/gate1.log" "$dir/gate2.log" |
			grep -q "clTRID=" || fail "unknown $cid: no clTRID logged"
	fi
done
gate_unknown=$(awk '$4 == "gate-unknown"' "$dir/load.out" | wc -l)
echo "unknown: $ran ran (found in a gate log with a clTRID), $((unknown - ran - gate_unknown)) never reached the queue, $gate_unknown named by the gate"
[ "$executed" -ge $((answered_t + ran)) ] &&
	[ "$executed" -le $((answered_t + ran + gate_unknown)) ] ||
	fail "$executed executed, $answered_t answered and $ran unknown ran"
[ "$rec1" -le 10 ] || fail "no recovery within 10 s of the leader's loss"
[ "$rec2" -le 10 ] || fail "no recovery within 10 s of the gate node's loss"
grep -q -- "$REG1_PW\|$AMQP_PASSWORD" "$dir/gate1.log" "$dir/gate2.log" "$dir/load.err" &&
	fail "a secret is in a log"
echo "gate_cluster: ok"
