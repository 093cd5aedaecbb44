#!/bin/sh
# The RabbitMQ test harness: a second private node runs beside the fixture's
# node, on its own ports with its own user, and stops by its pid alone.
# Usage: rpc_harness.sh DIR (with EPPKIT_RABBITMQ_ENV, EPPKIT_RABBITMQ_SH and
# PROBE, the rpc_amqp_probe program, in the environment)
set -eu
dir=$1
fail() {
	echo "FAIL: $*" >&2
	exit 1
}
# shellcheck disable=SC1090
. "$EPPKIT_RABBITMQ_ENV"
port1=$AMQP_PORT user1=$AMQP_USER pass1=$AMQP_PASSWORD node1=$RABBITMQ_NODENAME
"$PROBE" 127.0.0.1 "$port1" "$user1" "$pass1" || fail "fixture node refuses its user"

trap '"$EPPKIT_RABBITMQ_SH" stop "$dir" >/dev/null 2>&1 || true' EXIT
"$EPPKIT_RABBITMQ_SH" start "$dir"
# shellcheck disable=SC1091
. "$dir/env"
[ "$AMQP_PORT" != "$port1" ] || fail "both nodes on port $port1"
[ "$RABBITMQ_NODENAME" != "$node1" ] || fail "both nodes named $node1"
[ "$AMQP_PASSWORD" != "$pass1" ] || fail "both nodes share a password"
"$PROBE" 127.0.0.1 "$AMQP_PORT" "$AMQP_USER" "$AMQP_PASSWORD" ||
	fail "second node refuses its user"
rc=0
"$PROBE" 127.0.0.1 "$AMQP_PORT" "$user1" "$pass1" || rc=$?
[ $rc -eq 1 ] || fail "second node accepts the first node's password (rc $rc)"
rc=0
"$PROBE" 127.0.0.1 "$AMQP_PORT" guest guest || rc=$?
[ $rc -eq 1 ] || fail "second node has a guest user (rc $rc)"
grep -q "^127.0.0.1 $AMQP_PORT $AMQP_USER " "$dir/rabbitmq_params.txt" ||
	fail "rabbitmq_params.txt does not name the node"
[ "$(stat -c %a "$dir/env")" = 600 ] || fail "env is readable by others"
"$EPPKIT_RABBITMQ_SH" status "$dir" || fail "status says the second node is down"

pid=$(cat "$dir/rabbitmq.pid")
"$EPPKIT_RABBITMQ_SH" stop "$dir"
trap - EXIT
kill -0 "$pid" 2>/dev/null && fail "second node (pid $pid) still runs after stop"
rc=0
"$PROBE" 127.0.0.1 "$AMQP_PORT" "$AMQP_USER" "$AMQP_PASSWORD" || rc=$?
[ $rc -eq 2 ] || fail "second node still answers after stop (rc $rc)"
if "$EPPKIT_RABBITMQ_SH" status "$dir"; then
	fail "status says the stopped node runs"
fi
"$PROBE" 127.0.0.1 "$port1" "$user1" "$pass1" ||
	fail "fixture node went down with the second one"
echo "ok: two nodes side by side, second stopped by pid, first still up"
