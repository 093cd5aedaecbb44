#!/bin/sh
# epp-gate --poll-exchange and epp-rpc poll-listen, with a broker node of
# the test's own (it is restarted) and epp-sim: transfers that reg2 asks
# for put poll messages into reg1's queue, and the gate (logged in as reg1)
# delivers them.
#  1. Nothing bound to the exchange: every message stays at the registry
#     (msgQ count unchanged); once a listener binds, all of them reach it.
#  2. A broker restart and a SIGKILL of the gate while it drains lose
#     none: the listener's set of message_ids is the set that was queued
#     (a repeat carries the same message_id), and the registry's queue
#     ends empty.
# Usage: gate_poll.sh DIR (GATE, SIM, EPPRPC, EPPCTL and the rabbitmq
# fixture's variables in the environment)
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
# shellcheck source=tests/integration/gate_lib.sh
. "$(dirname "$0")/gate_lib.sh"

# The broker of this test alone: restarting the fixture's would disturb
# the tests beside it.
RMQ_DIR=$dir/rmq
listeners=""
stop_all() {
	for p in $listeners; do
		kill "$p" 2>/dev/null || true
	done
	cleanup
	"$EPPKIT_RABBITMQ_SH" stop "$RMQ_DIR" >/dev/null 2>&1 || true
}
trap stop_all EXIT
"$EPPKIT_RABBITMQ_SH" start "$RMQ_DIR" >"$dir/rmq-start.log" 2>&1 ||
	fail "broker: $(cat "$dir/rmq-start.log")"
# shellcheck disable=SC1091
. "$RMQ_DIR/env"
RMQ_PARAMS=$RMQ_DIR/rabbitmq_params.txt
export RPC_CLIENT_CONF_PATH=$RMQ_DIR/rpc_client.json

QUEUE="gate-poll-$(rand)"
EXCHANGE="epp-poll-$(rand)"
LISTEN_QUEUE="poll-listener-$(rand)"

# epp-sim lets a registrar create about 95 domains (its credit limit).
# The gate polls once a second, and each registry answer takes 20 ms, so
# that a drain lasts long enough to be interrupted.
start_sim sim-p --delay-ms 20

# as CLID PASSWORD ARGS...: eppctl on the simulator as that registrar.
as() {
	clid=$1
	pw=$2
	shift 2
	EPP_PASSWORD=$pw "$EPPCTL" --host 127.0.0.1 --server-name localhost \
		--port "$SIM_PORT" --user "$clid" --ca "$dir/certs/ca.pem" \
		--timeout 30 "$@"
}

# transfers N PREFIX: reg1 creates N domains, reg2 asks for each: N poll
# messages in reg1's queue. One login each (eppctl shell).
transfers() {
	{
		printf 'call {"cmd":"contact_create","args":{"id":"c-%s","email":"c@example.com","voice":"+1.5555555555","contacts":[{"type":"int","name":"C","address":{"street":["1 St"],"city":"X","cc":"US"}}]}}\n' "$2"
		i=1
		while [ "$i" -le "$1" ]; do
			printf 'call {"cmd":"domain_create","args":{"name":"%s%d.example","registrant":"c-%s","period":1,"period_units":"y","auth_info":"Poll-Auth-4z"}}\n' "$2" "$i" "$2"
			i=$((i + 1))
		done
	} | as reg1 "$REG1_PW" shell >"$dir/create-$2.out" 2>&1
	[ "$(grep -c '"@code": "1000"' "$dir/create-$2.out")" -eq $(($1 + 1)) ] ||
		fail "creates of $2: $(grep -v '"1000"' "$dir/create-$2.out" | head -3)"
	i=1
	while [ "$i" -le "$1" ]; do
		printf 'call {"cmd":"domain_transfer","args":{"name":"%s%d.example","op":"request","auth_info":"Poll-Auth-4z"}}\n' "$2" "$i"
		i=$((i + 1))
	done | as reg2 "$REG2_PW" shell >"$dir/transfer-$2.out" 2>&1
	[ "$(grep -c '"@code": "1001"' "$dir/transfer-$2.out")" -eq "$1" ] ||
		fail "transfers of $2: $(grep -v '"1001"' "$dir/transfer-$2.out" | head -3)"
}

# msgq: "COUNT FIRST-ID" of reg1's poll queue ("0 -" when empty).
msgq() {
	out=$(as reg1 "$REG1_PW" poll req --json) || fail "poll req: $out"
	c=$(echo "$out" | sed -n 's/.*"@count": "\([0-9]*\)".*/\1/p')
	id=$(echo "$out" | sed -n 's/.*"@id": "\([^"]*\)".*/\1/p')
	echo "${c:-0} ${id:--}"
}

# ids FILE: the distinct message_ids of a listener's output, sorted.
ids() {
	sed -n 's/^{"message_id": "\([^"]*\)".*/\1/p' "$1" | sort -u
}

# listen NAME [options]: epp-rpc poll-listen in the background, its lines
# in NAME.out; sets LISTENER.
listen() {
	name=$1
	shift
	"$EPPRPC" poll-listen --exchange "$EXCHANGE" "$@" \
		>>"$dir/$name.out" 2>>"$dir/$name.err" &
	LISTENER=$!
	listeners="$listeners $LISTENER"
	wait_for "$dir/$name.err" "bound to exchange $EXCHANGE" 1
}

# wait_ids FILE N: until FILE holds N distinct message_ids.
wait_ids() {
	t=0
	while [ "$(ids "$1" | wc -l)" -lt "$2" ]; do
		t=$((t + 1))
		[ $t -lt 1200 ] ||
			fail "$(ids "$1" | wc -l) of $2 messages reached the listener"
		sleep 0.1
	done
}

# expected FIRST N: the ids FIRST .. FIRST+N-1 (epp-sim numbers its
# messages in order), sorted as ids() does.
expected() {
	seq "$1" $(($1 + $2 - 1)) | sort -u
}

# --- 1. unroutable: the messages stay at the registry ---
transfers 5 u
set -- $(msgq)
[ "$1" = 5 ] || fail "5 transfers queued $1 poll messages"
first=$2
start_gate gate-u 2 --poll-exchange "$EXCHANGE" --poll-interval 1 \
	--metrics-listen 127.0.0.1:0
wait_for "$dir/gate-u.log" "poll message $first: no queue is bound to exchange $EXCHANGE" 3
set -- $(msgq)
[ "$1 $2" = "5 $first" ] ||
	fail "unroutable: the registry's queue is '$1 $2', not '5 $first'"
grep -q "delivered to exchange" "$dir/gate-u.log" &&
	fail "a message was acked while nothing was bound"
echo "unroutable: 3 tries of message $first returned by the broker, registry queue still 5"

# An exclusive listener binds: all 5 arrive, the registry's queue empties.
listen listen-u
wait_ids "$dir/listen-u.out" 5
[ "$(ids "$dir/listen-u.out")" = "$(expected "$first" 5)" ] ||
	fail "listener got $(ids "$dir/listen-u.out" | tr '\n' ' ')"
wait_for "$dir/gate-u.log" "delivered to exchange $EXCHANGE (0 left)" 1
set -- $(msgq)
[ "$1" = 0 ] || fail "after delivery the registry still has $1 messages"
grep -q '"message": {"epp": {"response": {"result": {"@code": "1301"' \
	"$dir/listen-u.out" || fail "not the poll_req reply: $(head -1 "$dir/listen-u.out")"
grep -q '"msg": "Transfer requested."' "$dir/listen-u.out" ||
	fail "no transfer message: $(head -1 "$dir/listen-u.out")"
mport=$(sed -n 's/.*metrics on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/gate-u.log" | head -1)
python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' \
	"http://127.0.0.1:$mport/metrics" >"$dir/metrics"
grep -q '^epp_gate_poll_messages_total 5$' "$dir/metrics" ||
	fail "metric: $(grep poll_messages "$dir/metrics")"
echo "bound: 5 of 5 delivered once a listener bound, registry queue empty, epp_gate_poll_messages_total 5"
kill "$LISTENER"
wait "$LISTENER" || fail "poll-listen did not end with 0 on SIGTERM"
kill "$GATE_PID"
wait "$GATE_PID" 2>/dev/null || true

# --- 2. broker restart and SIGKILL in the middle lose nothing ---
N=80
transfers $N k
set -- $(msgq)
[ "$1" = $N ] || fail "$N transfers queued $1 poll messages"
first=$2
listen listen-k --queue "$LISTEN_QUEUE"
start_gate gate-k0 2 --poll-exchange "$EXCHANGE" --poll-interval 1
wait_for "$dir/gate-k0.log" "delivered to exchange" 20 60
"$EPPKIT_RABBITMQ_SH" restart "$RMQ_DIR" >"$dir/rmq-restart.log" 2>&1 ||
	fail "broker restart: $(cat "$dir/rmq-restart.log")"
before=$(count "$dir/gate-k0.log" "delivered to exchange")
wait_for "$dir/gate-k0.log" "delivered to exchange" $((before + 20)) 120
kill -KILL "$GATE_PID"
wait "$GATE_PID" 2>/dev/null || true
killed_at=$(count "$dir/gate-k0.log" "delivered to exchange")
[ "$killed_at" -lt $N ] || fail "the drain ended before the SIGKILL ($killed_at)"
start_gate gate-k1 2 --poll-exchange "$EXCHANGE" --poll-interval 1
wait_ids "$dir/listen-k.out" $N
wait_for "$dir/gate-k1.log" "delivered to exchange $EXCHANGE (0 left)" 1 60
set -- $(msgq)
[ "$1" = 0 ] || fail "the registry's queue still holds $1 messages"
got=$(ids "$dir/listen-k.out")
[ "$got" = "$(expected "$first" $N)" ] ||
	fail "message_ids received differ from those queued: $(echo "$got" | tr '\n' ' ')"
lines=$(wc -l <"$dir/listen-k.out")
delivered=$(cat "$dir"/gate-k*.log | grep -c "delivered to exchange" || true)
echo "restart and SIGKILL: queued $N, received $N distinct in $lines lines ($((lines - N)) repeats, same message_id), gate acked $delivered at the registry (killed after $killed_at, broker restarted after $before), registry queue empty"
kill "$LISTENER"
wait "$LISTENER" || fail "poll-listen did not end with 0 on SIGTERM"

for f in "$dir"/gate-*.log "$dir"/listen-*.err; do
	grep -q -- "$AMQP_PASSWORD\|$REG1_PW\|$REG2_PW\|Poll-Auth-4z" "$f" &&
		fail "a secret is in $f"
done
echo "gate_poll: ok"
