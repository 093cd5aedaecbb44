#!/bin/sh
# epp-gate --journal, with a real broker and epp-sim: five SIGKILLs of the
# gate during 200 creates give 200 replies and no create executed twice
# (epp-sim counts executions and duplicate clTRIDs, and a create run twice
# would answer 2302); two gate processes share the journal; eppctl journal
# lists what was recorded.
# Usage: gate_journal.sh DIR (GATE, SIM, CLIENT, EPPCTL and the rabbitmq
# fixture's variables in the environment)
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
# shellcheck source=tests/integration/gate_lib.sh
. "$(dirname "$0")/gate_lib.sh"

create='{"cmd":"domain_create","args":{"name":"j%N.example","registrant":"cont1","period":1,"period_units":"y","auth_info":"Journal-Auth-7q"}}'
journal=$dir/journal.db
QUEUE="gate-journal-$(rand)"
start_sim sim-j --delay-ms 25
start_gate gate-j0 2 --journal "$journal"
r=$("$CLIENT" call "$QUEUE" '{"cmd":"contact_create","args":{"id":"cont1","email":"c1@example.com","voice":"+1.5555555555","contacts":[{"type":"int","name":"C One","address":{"street":["1 St"],"city":"X","cc":"US"}}]}}')
echo "$r" | grep -q '"@code": "1000"' || fail "contact_create: $r"

"$CLIENT" fire "$QUEUE" "$create" 200 "$QUEUE-replies" >/dev/null
# (wait_for uses $i: the loop counts with $kills)
kills=0
while [ $kills -lt 5 ]; do
	wait_for "$dir/gate-j$kills.log" "cmd=domain_create" 12 30
	kill -KILL "$GATE_PID"
	wait "$GATE_PID" 2>/dev/null || true
	kills=$((kills + 1))
	start_gate "gate-j$kills" 2 --journal "$journal"
done
# Two processes on one journal finish the rest.
start_gate gate-j6 1 --journal "$journal"
out=$("$CLIENT" --timeout 60000 collect "$QUEUE-replies" 200) ||
	fail "SIGKILLs lost replies: $out"
echo "$out" | grep -q "distinct 200 " || fail "not 200 replies: $out"
executed=$(sim_count sim-j domain_create)
dups=$(grep "duplicates" "$dir/sim-j.log" | tail -1 | awk '{print $NF}')
twice=$(count "$dir/sim-j.log" "cmd=domain_create .*code=2302")
unknown=$(cat "$dir"/gate-j*.log | grep -c "the outcome is unknown; not sending it again" || true)
recorded=$(cat "$dir"/gate-j*.log | grep -c "already ran: sending the recorded reply" || true)
[ "$dups" = 0 ] || fail "epp-sim saw $dups duplicate clTRIDs"
[ "$twice" = 0 ] || fail "$twice creates ran twice (2302)"
[ "$executed" -le 200 ] || fail "$executed creates executed for 200 requests"
[ "$executed" -ge $((200 - unknown)) ] || fail "$executed executed, $unknown unknown"
echo "journal: 5 SIGKILLs during 200 creates: 200 replies, $executed executed, 0 twice, $unknown outcome unknown, $recorded answered from the journal"
a=$(count "$dir/gate-j5.log" "cmd=domain_create")
b=$(count "$dir/gate-j6.log" "cmd=domain_create")
echo "journal shared by two gate processes: $a and $b creates"

# The audit listing: one row per transform, with code and svTRID.
"$EPPCTL" journal "$journal" >"$dir/list.txt" 2>"$dir/list.err" ||
	fail "eppctl journal: $(cat "$dir/list.err")"
rows=$(grep -c " domain_create " "$dir/list.txt" || true)
[ "$rows" -ge 200 ] || fail "eppctl journal lists $rows creates, not 200"
grep -q "domain_create *j[0-9]*.example *EPPKIT-[^ ]* *SIM-[^ ]* *1000 " "$dir/list.txt" ||
	fail "no complete create row: $(head -3 "$dir/list.txt")"
"$EPPCTL" journal "$journal" --json >"$dir/list.json" ||
	fail "eppctl journal --json failed"
grep -q '"command": "domain_create", "object": "j[0-9]*.example", "clTRID": "EPPKIT-[^"]*", "svTRID": "SIM-[^"]*", "code": 1000' "$dir/list.json" ||
	fail "--json: $(head -2 "$dir/list.json")"
n=$("$EPPCTL" journal "$journal" --since 2999-01-01 2>/dev/null | grep -c "domain_create" || true)
[ "$n" = 0 ] || fail "--since in the future lists $n rows"
n=$("$EPPCTL" journal "$journal" --since 1h --json | grep -c "domain_create" || true)
[ "$n" -ge 200 ] || fail "--since 1h lists $n rows"
grep -q "Journal-Auth-7q" "$journal" "$dir/list.txt" "$dir/list.json" &&
	fail "the auth_info is in the journal"
echo "eppctl journal: $rows creates listed, --json and --since agree"

# Pruning: rows older than --journal-keep go at start.
kill "$GATE_PID"
sleep 1.5
start_gate gate-prune 1 --journal "$journal" --journal-keep 1s
wait_for "$dir/gate-prune.log" "journal: .* rows older than 1 s pruned" 1
n=$("$EPPCTL" journal "$journal" --json | wc -l)
[ "$n" = 0 ] || fail "$n rows left after pruning"
echo "journal pruned by --journal-keep"

for f in "$dir"/gate-*.log; do
	grep -q -- "$AMQP_PASSWORD\|$REG1_PW\|Journal-Auth-7q" "$f" &&
		fail "a secret is in $f"
done
echo "gate_journal: ok"
