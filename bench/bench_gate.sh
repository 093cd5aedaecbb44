#!/bin/sh
# The gate benchmark: 16 concurrent RPC calls of domain_check through a
# private RabbitMQ node and epp-gate to epp-sim, all on this machine; then
# domain_create (a transform) at 0 ms without and with --journal; then
# domain_check at 0 ms without and with --metrics-listen (its overhead).
# Prints one table row per run (sessions, registry latency, requests/s,
# latency percentiles, the gate's memory) and never fails on speed.
# Usage: bench/bench_gate.sh [BUILD_DIR] [SCALE]
#   SCALE multiplies the number of calls of each run (default 1).
#   BENCH_GATE_ONLY=journal runs only the transform rows, =metrics only
#   the metrics rows.
set -eu
build=${1:-build}
scale=${2:-1}
bin=$(cd "$build/bin" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d /tmp/bench-gate.XXXXXX)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	"$src/scripts/rabbitmq.sh" stop "$dir/rabbitmq" >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

"$src/scripts/rabbitmq.sh" start "$dir/rabbitmq" >/dev/null
"$bin/epp-sim" --gen-cert "$dir/certs" >/dev/null
pw="Bench-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
echo "bench1 $pw" >"$dir/users"
export RPC_CLIENT_CONF_PATH="$dir/rabbitmq/rpc_client.json"

# The load: 16 concurrent calls, either from epp-rpc (16 threads sharing
# one client and one AMQP connection, direct reply-to) or from gate_client
# (16 threads, each with its own connection and reply queue, like 16
# application processes).
load() {
	if [ "$client" = epp-rpc ]; then
		"$bin/epp-rpc" --queue "$1" --repeat "$2" --concurrency 16 \
			domain_check bench.example
	else
		(. "$dir/rabbitmq/env" && export AMQP_HOST AMQP_PORT AMQP_USER \
			AMQP_PASSWORD && "$bin/gate_client" load "$1" "$request" \
			"$2" 16)
	fi
}

# Peak resident and proportional memory of PID while it runs, in kB.
sample_mem() {
	rss=0 pss=0
	while kill -0 "$1" 2>/dev/null && [ ! -e "$dir/stop-sampling" ]; do
		r=$(awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0)
		p=$(awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0)
		[ "${r:-0}" -gt "$rss" ] && rss=$r
		[ "${p:-0}" -gt "$pss" ] && pss=$p
		sleep 0.2
	done
	echo "$rss $pss" >"$dir/mem"
}

check='{"cmd":"domain_check","args":{"domains":["bench.example"]}}'
request=$check

# run CLIENT SESSIONS DELAY CALLS [GATE OPTIONS]: one table row.
run() {
	client=$1 sessions=$2 delay=$3 calls=$(($4 * scale))
	shift 4
	[ "$client" = epp-rpc ] && [ ! -x "$bin/epp-rpc" ] && return 0
	queue="bench-gate-$sessions-$delay-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
	rm -f "$dir/sim.port" "$dir/stop-sampling"
	"$bin/epp-sim" --quiet --listen 127.0.0.1:0 --port-file "$dir/sim.port" \
		--cert "$dir/certs/server.pem" --key "$dir/certs/server-key.pem" \
		--users "$dir/users" --delay-ms "$delay" >"$dir/sim.log" 2>&1 &
	sim=$!
	pids="$pids $sim"
	while [ ! -s "$dir/sim.port" ]; do sleep 0.1; done
	echo "127.0.0.1 $(cat "$dir/sim.port") bench1 $pw" >"$dir/epp.txt"
	"$bin/epp-gate" -e "$dir/epp.txt" -r "$dir/rabbitmq/rabbitmq_params.txt" \
		-q "$queue" --sessions "$sessions" --ca "$dir/certs/ca.pem" "$@" \
		2>"$dir/gate.log" &
	gate=$!
	pids="$pids $gate"
	while [ "$(grep -c "consuming queue" "$dir/gate.log")" -lt "$sessions" ]; do
		sleep 0.1
	done
	# Warm up (a transform load needs its contact), then measure.
	if [ "$request" != "$check" ]; then
		(. "$dir/rabbitmq/env" && export AMQP_HOST AMQP_PORT AMQP_USER \
			AMQP_PASSWORD && "$bin/gate_client" call "$queue" \
			'{"cmd":"contact_create","args":{"id":"bench1","email":"b@example.com","voice":"+1.5555555555","contacts":[{"type":"int","name":"B","address":{"street":["1 St"],"city":"X","cc":"US"}}]}}') >/dev/null
	fi
	load "$queue" $((sessions * 20)) >/dev/null
	sample_mem "$gate" &
	sampler=$!
	cpu0=$(awk '{print $14 + $15}' "/proc/$gate/stat")
	out=$(load "$queue" "$calls")
	cpu1=$(awk '{print $14 + $15}' "/proc/$gate/stat")
	# the gate's CPU time per request (user + system): steadier than
	# req/s on a machine that is busy with other things
	cpu_us=$(echo "$cpu0 $cpu1 $(getconf CLK_TCK) $calls" |
		awk '{printf "%.0f", ($2 - $1) * 1e6 / $3 / $4}')
	touch "$dir/stop-sampling"
	wait "$sampler"
	kill "$gate" "$sim"
	wait "$gate" "$sim" 2>/dev/null || true
	rps=$(echo "$out" | sed -n 's/.*requests\/s \([0-9.]*\).*/\1/p; s/^req\/s \([0-9.]*\).*/\1/p' | head -1)
	p50=$(echo "$out" | sed -n 's/.*p50 \([0-9.]*\).*/\1/p' | head -1)
	p90=$(echo "$out" | sed -n 's/.*p90 \([0-9.]*\).*/\1/p' | head -1)
	p99=$(echo "$out" | sed -n 's/.*p99 \([0-9.]*\).*/\1/p' | head -1)
	failed=$(echo "$out" | sed -n 's/.*failed \([0-9]*\).*/\1/p; s/.* lost \([0-9]*\).*/\1/p' | head -1)
	# epp-rpc's summary counts the answers that were ok
	[ -z "$failed" ] && failed=$(echo "$out" |
		sed -n 's/^requests \([0-9]*\) .* ok \([0-9]*\) .*/\1 \2/p' |
		awk '{print $1 - $2}')
	read -r rss pss <"$dir/mem"
	if [ "$delay" = 0 ]; then
		target=">= 3000/s, p50 < 5 ms"
	else
		target=">= $((sessions * 45))/s (90% of $((sessions * 50)))"
	fi
	printf '| %-11s | %8s | %5s ms | %6s | %7s | %6s | %6s | %7s | %6s | %7.1f MB | %5.1f MB | %5s us | %s |\n' \
		"$client" "$sessions" "$delay" "$calls" "$rps" "$p50" "$p90" "$p99" \
		"${failed:-?}" "$(echo "$rss" | awk '{print $1 / 1024}')" \
		"$(echo "$pss" | awk '{print $1 / 1024}')" "$cpu_us" "$target"
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(uname -sr)"
echo "versions: eppkit $("$bin/epp-sim" --version 2>/dev/null | awk '{print $NF}'), $(openssl version | cut -d' ' -f1-2)," \
	"RabbitMQ $(dpkg-query -W -f='${Version}' rabbitmq-server 2>/dev/null)," \
	"librabbitmq $(pkg-config --modversion librabbitmq 2>/dev/null)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the runs"
echo
echo "| client      | sessions | latency | calls | req/s | p50 ms | p90 ms | p99 ms | failed | gate RSS | gate PSS | gate CPU/req | target |"
echo "|-------------|---------:|--------:|------:|------:|-------:|-------:|-------:|-------:|---------:|---------:|-------------:|--------|"
for c in gate_client epp-rpc; do
	[ -n "${BENCH_GATE_ONLY:-}" ] && break
	run $c 4 0 20000
	run $c 1 20 400
	run $c 4 20 1600
	run $c 8 20 3200
done
echo
echo "Transforms: domain_create from gate_client, 4 sessions, 0 ms, without and with --journal, three times each in turn"
echo
echo "| client      | sessions | latency | calls | req/s | p50 ms | p90 ms | p99 ms | failed | gate RSS | gate PSS | gate CPU/req | target |"
echo "|-------------|---------:|--------:|------:|------:|-------:|-------:|-------:|-------:|---------:|---------:|-------------:|--------|"
if [ "${BENCH_GATE_ONLY:-}" != metrics ]; then
	request='{"cmd":"domain_create","args":{"name":"b%N.example","registrant":"bench1","period":1,"period_units":"y"}}'
	off=0 on=0 offc=0 onc=0 pairs=0
	for i in 1 2 3; do
		pairs=$((pairs + 1))
		run gate_client 4 0 5000
		off=$(echo "$off $rps" | awk '{print $1 + $2}')
		offc=$((offc + cpu_us))
		rm -f "$dir/journal.db"*
		run gate_client 4 0 5000 --journal "$dir/journal.db"
		on=$(echo "$on $rps" | awk '{print $1 + $2}')
		onc=$((onc + cpu_us))
	done
	echo "(the rows with --journal record every create in $dir/journal.db)"
	echo "$off $on $offc $onc $pairs" | awk '{printf "journal overhead at 0 ms: %.0f req/s without, %.0f with: %+.1f%% (target: within 10%%); gate CPU %.0f us per request without, %.0f with\n", $1 / $5, $2 / $5, ($2 - $1) * 100 / $1, $3 / $5, $4 / $5}'
fi
[ "${BENCH_GATE_ONLY:-}" = journal ] && exit 0
echo
echo "Metrics: domain_check from gate_client, 4 sessions, 0 ms, without and with --metrics-listen, twice each in turn"
echo
echo "| client      | sessions | latency | calls | req/s | p50 ms | p90 ms | p99 ms | failed | gate RSS | gate PSS | gate CPU/req | target |"
echo "|-------------|---------:|--------:|------:|------:|-------:|-------:|-------:|-------:|---------:|---------:|-------------:|--------|"
request=$check
off=0 on=0 offc=0 onc=0
for i in 1 2; do
	run gate_client 4 0 20000
	off=$(echo "$off $rps" | awk '{print $1 + $2}')
	offc=$((offc + cpu_us))
	run gate_client 4 0 20000 --metrics-listen 127.0.0.1:0
	on=$(echo "$on $rps" | awk '{print $1 + $2}')
	onc=$((onc + cpu_us))
done
echo "$off $on" | awk '{printf "metrics overhead at 0 ms: %.0f req/s without, %.0f with: %+.1f%% (target: under 2%%)\n", $1 / 2, $2 / 2, ($1 - $2) * 100 / $1}'
echo "$offc $onc" | awk '{printf "metrics overhead in gate CPU: %.0f us per request without, %.0f with: %+.1f%%\n", $1 / 2, $2 / 2, ($2 - $1) * 100 / $1}'
