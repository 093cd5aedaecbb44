#!/bin/sh
# Scaling out, in one run on this machine: requests/s of domain_check
# through 1 gate on 1 RabbitMQ node, then through 2 gates (one epp-sim
# account each, like two hosts) on a 3-node cluster with a quorum queue.
# The registry answers after DELAY ms, so the sessions bound the rate.
# Prints one table row per setup and never fails on speed.
# Usage: bench/bench_cluster.sh [BUILD_DIR] [CALLS] [DELAY_MS] [SESSIONS]
set -eu
build=${1:-build}
calls=${2:-2000}
delay=${3:-20}
sessions=${4:-2}
bin=$(cd "$build/bin" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/bench-cluster.XXXXXX)
pids="" gate_pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	"$src/scripts/rabbitmq.sh" stop "$dir/one" >/dev/null 2>&1 || true
	"$src/scripts/rabbitmq.sh" stop "$dir/three" >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"$bin/epp-sim" --gen-cert "$dir/certs" >/dev/null
pw="Bench-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
printf 'bench1 %s\nbench2 %s\n' "$pw" "$pw" >"$dir/users"
"$bin/epp-sim" --quiet --listen 127.0.0.1:0 --port-file "$dir/sim.port" \
	--cert "$dir/certs/server.pem" --key "$dir/certs/server-key.pem" \
	--users "$dir/users" --delay-ms "$delay" >"$dir/sim.log" 2>&1 &
pids="$pids $!"
while [ ! -s "$dir/sim.port" ]; do sleep 0.1; done
for n in 1 2; do
	echo "127.0.0.1 $(cat "$dir/sim.port") bench$n $pw" >"$dir/epp$n.txt"
done

# gates MQDIR N QTYPE: N gates on the broker of MQDIR, gate K reading the
# nodes from node K on.
gates() {
	k=1
	while [ $k -le "$2" ]; do
		params=$dir/params$k.txt
		lines=$(wc -l <"$1/rabbitmq_params.txt")
		{
			tail -n +"$k" "$1/rabbitmq_params.txt"
			head -n $((k - 1)) "$1/rabbitmq_params.txt"
		} | head -n "$lines" >"$params"
		"$bin/epp-gate" -e "$dir/epp$k.txt" -r "$params" -q "$queue" \
			--queue-type "$3" --sessions "$sessions" \
			--ca "$dir/certs/ca.pem" 2>"$dir/gate$k.log" &
		pids="$pids $!"
		gate_pids="$gate_pids $!"
		while [ "$(grep -c "consuming queue" "$dir/gate$k.log")" -lt "$sessions" ]; do
			sleep 0.1
		done
		k=$((k + 1))
	done
}

# row LABEL MQDIR: warm up, then CALLS checks from 16 threads.
row() {
	conf=$2/rpc_client.json
	"$bin/epp-rpc" --conf "$conf" --queue "$queue" --repeat 100 \
		--concurrency 16 domain_check bench.example >/dev/null
	out=$("$bin/epp-rpc" --conf "$conf" --queue "$queue" --repeat "$calls" \
		--concurrency 16 domain_check bench.example)
	rps=$(echo "$out" | sed -n 's/.*requests\/s \([0-9.]*\).*/\1/p' | head -1)
	p50=$(echo "$out" | sed -n 's/.*p50 \([0-9.]*\).*/\1/p' | head -1)
	p99=$(echo "$out" | sed -n 's/.*p99 \([0-9.]*\).*/\1/p' | head -1)
	printf '| %-38s | %5s | %6s ms | %8s | %6s | %6s |\n' "$1" "$calls" \
		"$delay" "$rps" "$p50" "$p99"
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "RabbitMQ $(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| setup                                  | calls | registry | req/s    | p50 ms | p99 ms |"
echo "|---|---|---|---|---|---|"

queue="bench-one-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
"$src/scripts/rabbitmq.sh" start "$dir/one" >/dev/null
gates "$dir/one" 1 durable
row "1 gate x $sessions sessions, 1 node" "$dir/one"
kill $gate_pids
sleep 1
"$src/scripts/rabbitmq.sh" stop "$dir/one" >/dev/null

queue="bench-three-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
"$src/scripts/rabbitmq.sh" cluster "$dir/three" 3 >/dev/null
gates "$dir/three" 2 quorum
row "2 gates x $sessions sessions, 3 nodes, quorum" "$dir/three"
