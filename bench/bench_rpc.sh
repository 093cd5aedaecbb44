#!/bin/sh
# The RPC client benchmark: epp-rpc --repeat against the echo consumer
# (bench_rpc_echo) on a private RabbitMQ node, for several thread counts,
# then (when built) against epp-gate with 4 EPP sessions to epp-sim.
# Prints epp-rpc's requests/s and latency percentiles; never fails on speed.
# Usage: bench/bench_rpc.sh [BUILD_DIR] [CALLS] [THREADS...]
#   defaults: build 20000 1 16 32
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
calls=${2:-20000}
[ $# -gt 2 ] && shift 2 || set --
threads=${*:-1 16 32}
bin=$(cd "$build/bin" && pwd)
dir=$(mktemp -d /tmp/bench_rpc.XXXXXX)
echo_pid=

cleanup() {
	[ -n "$echo_pid" ] && kill "$echo_pid" 2>/dev/null && wait "$echo_pid" 2>/dev/null
	"$here/../scripts/rabbitmq.sh" stop "$dir/rabbitmq" >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"$here/../scripts/rabbitmq.sh" start "$dir/rabbitmq"
"$bin/bench_rpc_echo" -e "$dir/rabbitmq/env" -q bench_rpc -n 256 \
	-r "$dir/echo.ready" >/dev/null &
echo_pid=$!
i=0
while [ ! -e "$dir/echo.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$dir/echo.ready" ] || { echo "bench_rpc: echo consumer did not start" >&2; exit 1; }

# Warm up the broker's queue and the client path.
RPC_CLIENT_CONF_PATH="$dir/rabbitmq/rpc_client.json" \
	"$bin/epp-rpc" --queue bench_rpc --repeat 2000 --concurrency 8 \
	domain_check a.example >/dev/null
for k in $threads; do
	echo "== epp-rpc --repeat $calls --concurrency $k domain_check a.example (echo consumer)"
	RPC_CLIENT_CONF_PATH="$dir/rabbitmq/rpc_client.json" \
		"$bin/epp-rpc" --queue bench_rpc --repeat "$calls" \
		--concurrency "$k" domain_check a.example
done

# Against the gate: scripts/demo.sh sets up broker, epp-sim and the gates.
[ -x "$bin/epp-gate" ] && [ -x "$bin/epp-sim" ] || exit 0
cleanup
trap - EXIT INT TERM
for k in $threads; do
	echo "== epp-rpc --repeat $calls --concurrency $k domain_check a.example (epp-gate, 4 sessions, epp-sim)"
	DEMO_GATE_SESSIONS=4 "$here/../scripts/demo.sh" "$build" --run sh -c \
		'RPC_CLIENT_CONF_PATH="$RPC_R1_CONF" "$0" --repeat "$1" --concurrency "$2" domain_check a.example' \
		"$bin/epp-rpc" "$calls" "$k" | grep -E '^(requests|time|latency)'
done
