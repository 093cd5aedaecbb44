#!/bin/sh
# epp-gate's /metrics scraped by a real Prometheus server on loopback: the
# test sends N requests through the gate, Prometheus scrapes the gate, and
# a PromQL query through Prometheus' HTTP API gives back N. Also /healthz
# (200 while logged in, 503 with the reason once the registry is gone).
# Usage: gate_prometheus.sh DIR (GATE, SIM, CLIENT, SRCDIR and the rabbitmq
# fixture's variables in the environment)
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
# shellcheck source=tests/integration/gate_lib.sh
. "$(dirname "$0")/gate_lib.sh"
QUEUE="gate-prom-$(rand)"
command -v prometheus >/dev/null ||
	fail "prometheus not found (apt-get install prometheus)"

# free_port: one that nothing listens on now
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# get URL: the body; fails on a transport error, not on a status
get() {
	python3 - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    r = urllib.request.urlopen(sys.argv[1], timeout=5)
    print(r.status)
    sys.stdout.write(r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code)
    sys.stdout.write(e.read().decode())
PY
}

# The alert rules of docs/epp-gate.md are rules promtool accepts.
sed -n '/^# epp-gate.rules.yml/,/^```/p' "$SRCDIR/docs/epp-gate.md" | sed '$d' \
	>"$dir/rules.yml"
promtool check rules "$dir/rules.yml" >"$dir/rules.out" 2>&1 ||
	fail "promtool refuses the alert rules of docs/epp-gate.md: $(cat "$dir/rules.out")"
grep -q "SUCCESS: [1-9][0-9]* rules found" "$dir/rules.out" ||
	fail "no alert rules in docs/epp-gate.md"

start_sim sim
start_gate gate 2 --metrics-listen 127.0.0.1:0
wait_for "$dir/gate.log" "metrics on 127.0.0.1:" 1
mport=$(sed -n 's/.*metrics on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/gate.log" | head -1)
[ -n "$mport" ] || fail "no metrics port in the gate's log"

get "http://127.0.0.1:$mport/healthz" >"$dir/health1"
[ "$(head -1 "$dir/health1")" = 200 ] || fail "healthz: $(cat "$dir/health1")"

# N requests, a mix of commands and one registry error
n=37
"$CLIENT" load "$QUEUE" '{"cmd": "domain_check", "args": {"domains": ["a%N.example"]}}' 30 4 \
	>"$dir/load1" || fail "load: $(cat "$dir/load1")"
"$CLIENT" load "$QUEUE" '{"cmd": "domain_info", "args": {"name": "none%N.example"}}' 5 1 \
	>"$dir/load2" || fail "load: $(cat "$dir/load2")"
"$CLIENT" load "$QUEUE" '{"cmd": "hello"}' 2 1 >"$dir/load3" ||
	fail "load: $(cat "$dir/load3")"

get "http://127.0.0.1:$mport/metrics" >"$dir/metrics"
tail -n +2 "$dir/metrics" | promtool check metrics ||
	fail "promtool refuses the page"
grep -q 'epp_gate_requests_total{cmd="domain_check",code="1000"} 30' "$dir/metrics" ||
	fail "30 domain checks not counted"
grep -q 'epp_gate_requests_total{cmd="domain_info",code="2303"} 5' "$dir/metrics" ||
	fail "5 domain infos of absent names not counted as 2303"

# a private Prometheus that scrapes the gate every second
pport=$(free_port)
cat >"$dir/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: epp-gate
    static_configs:
      - targets: ["127.0.0.1:$mport"]
YML
prometheus --config.file="$dir/prometheus.yml" \
	--storage.tsdb.path="$dir/tsdb" \
	--web.listen-address="127.0.0.1:$pport" \
	>"$dir/prometheus.log" 2>&1 &
pids="$pids $!"
q="http://127.0.0.1:$pport/api/v1/query?query=sum(epp_gate_requests_total)"
i=0
got=""
while [ $i -lt 60 ]; do
	got=$(get "$q" 2>/dev/null | tail -n +2 | python3 -c '
import json, sys
d = json.load(sys.stdin)
r = d["data"]["result"]
print(r[0]["value"][1] if r else "")' 2>/dev/null || true)
	[ -n "$got" ] && break
	i=$((i + 1))
	sleep 0.5
done
[ "$got" = "$n" ] ||
	fail "Prometheus answers sum(epp_gate_requests_total) = '$got', want $n ($(tail -5 "$dir/prometheus.log"))"

# the registry goes: /healthz says 503 and why
kill "$SIM_PID"
i=0
while [ $i -lt 100 ]; do
	get "http://127.0.0.1:$mport/healthz" >"$dir/health2" || true
	[ "$(head -1 "$dir/health2")" = 503 ] && break
	i=$((i + 1))
	sleep 0.1
done
[ "$(head -1 "$dir/health2")" = 503 ] || fail "healthz still $(cat "$dir/health2")"
grep -q "0 of 2 EPP sessions logged in" "$dir/health2" ||
	fail "healthz gives no reason: $(cat "$dir/health2")"
echo "prometheus: sum(epp_gate_requests_total) = $got through PromQL; healthz 200 then 503 ($(tail -1 "$dir/health2"))"
kill "$GATE_PID"
wait "$GATE_PID" 2>/dev/null || true

# The registry allows one session of reg1 (2502 beyond): of three workers
# two stand down, logged and counted, and the gate serves with one. With
# --rate-limit check=10/s ten checks may go at once and the next twenty
# at 10/s: 30 checks take at least 1.9 s, however fast the machine.
QUEUE="gate-limit-$(rand)"
start_sim sim-limit --max-sessions 1
"$GATE" -e "$dir/epp.txt" -r "$RMQ_PARAMS" -q "$QUEUE" --sessions 3 \
	--ca "$dir/certs/ca.pem" --metrics-listen 127.0.0.1:0 \
	--rate-limit check=10/s --rate-limit 1000/s --refused-retry 600 \
	>"$dir/gate-limit.log" 2>&1 &
GATE_PID=$!
pids="$pids $GATE_PID"
wait_for "$dir/gate-limit.log" "consuming queue" 1
wait_for "$dir/gate-limit.log" "session limit is reached (2502): standing down" 2
mport=$(sed -n 's/.*metrics on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/gate-limit.log" | head -1)
t0=$(date +%s%N)
"$CLIENT" load "$QUEUE" '{"cmd": "domain_check", "args": {"domains": ["r%N.example"]}}' 30 3 \
	>"$dir/load-limit" || fail "load under the rate limit: $(cat "$dir/load-limit")"
ms=$((($(date +%s%N) - t0) / 1000000))
grep -q "calls 30 ok 30 error 0" "$dir/load-limit" ||
	fail "rate limit: $(cat "$dir/load-limit")"
[ "$ms" -ge 1900 ] || fail "30 checks at 10/s (burst 10) took only $ms ms"
get "http://127.0.0.1:$mport/metrics" >"$dir/metrics-limit"
grep -q '^epp_gate_session_limit_total 2$' "$dir/metrics-limit" ||
	fail "2502 not counted: $(grep session_limit "$dir/metrics-limit")"
grep -q '^epp_gate_sessions{state="logged_in"} 1$' "$dir/metrics-limit" ||
	fail "not one session logged in: $(grep sessions "$dir/metrics-limit")"
get "http://127.0.0.1:$mport/healthz" >"$dir/health3"
[ "$(head -1 "$dir/health3")" = 200 ] || fail "healthz with one session: $(cat "$dir/health3")"
grep -q "session limit is reached (2502)" "$dir/health3" ||
	fail "healthz does not say why two sessions are down: $(cat "$dir/health3")"
echo "session limit: 2 of 3 sessions stood down on 2502, 30 checks at --rate-limit check=10/s in $ms ms"
