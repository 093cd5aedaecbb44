#!/bin/sh
# make demo: a private RabbitMQ node, epp-sim with two registrars, one
# epp-gate per registrar, and a registrar's day through epp-rpc. Everything
# runs on loopback from a temporary folder and is stopped at the end.
# Usage: scripts/demo.sh [BUILD_DIR]
#        scripts/demo.sh BUILD_DIR --run CMD [ARGS...]
#        scripts/demo.sh BUILD_DIR --up [DIR]
#        scripts/demo.sh BUILD_DIR --down [DIR]
# With --run, CMD runs instead of the session, with RPC_R1_CONF and
# RPC_R2_CONF naming the client configurations (RPC_CLIENT_CONF_PATH
# files) of the two registrars' gates; the exit status is CMD's. DEMO_DIR
# names the demo's folder: users ("registrar password" lines), sim.port,
# certs/ (ca.pem, client.pem, client-key.pem), rabbitmq_params.txt.
# DEMO_GATE_SESSIONS sets the EPP sessions of each gate (default 1).
# CLUSTER=N (make demo CLUSTER=3) runs the broker as a cluster of N nodes
# on loopback; the gates then use quorum queues and every program lists
# all the nodes.
#
# --up (make demo-up) starts the same services in DIR (default
# BUILD_DIR/demo), leaves them running and writes, for the commands of
# README.md and docs/ (run in DIR after ". ./env"):
#   env                 PATH (BUILD_DIR/bin first), RPC_CLIENT_CONF_PATH,
#                       EPP_HOST, EPP_PORT, EPP_USER, EPP_PASSWORD (the
#                       registry and registrar1's login), EPP_CA
#   epp_params.txt      registrar1's "host port login password" (eppctl
#                       --epp, epp-gate --epp)
#   rabbitmq_params.txt the broker's "host port login password"
#   rpc_client.json     registrar1's gate (queue epp_registrar1)
#   registry-ca.pem, client.pem, client-key.pem  the registry's CA and
#                       the registrars' client certificate
#   reply.xml           an EPP reply (for eppctl json)
#   b.auth              the authInfo of b.example
# and registers a.example (registrar1) and b.example (registrar2).
# --down (make demo-down) stops what --up started, by its pids, and
# removes DIR.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
[ $# -gt 0 ] && shift
mode=session
case "${1:-}" in
--run)
	mode=run
	shift
	[ $# -gt 0 ] || { echo "usage: $0 BUILD_DIR --run CMD [ARGS...]" >&2; exit 64; }
	;;
--up | --down)
	mode=${1#--}
	shift
	[ $# -le 1 ] || { echo "usage: $0 BUILD_DIR --$mode [DIR]" >&2; exit 64; }
	;;
"") ;;
*)
	echo "demo: unknown option $1 (try --run, --up or --down)" >&2
	exit 64
	;;
esac

# demo_pids DIR: the pids --up left in DIR/pids that still run one of
# our programs (a pid reused by another program is left alone).
demo_pids() {
	[ -f "$1/pids" ] || return 0
	while read -r name pid; do
		if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]; then
			echo "$pid"
		fi
	done < "$1/pids"
}

if [ $mode = down ]; then
	dir=${1:-$build/demo}
	if [ ! -f "$dir/pids" ]; then
		echo "demo: no demo in $dir (nothing to stop)"
		exit 0
	fi
	pids=$(demo_pids "$dir")
	[ -z "$pids" ] || kill $pids 2>/dev/null || true
	i=0
	while [ -n "$(demo_pids "$dir")" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	pids=$(demo_pids "$dir")
	[ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
	"$here/rabbitmq.sh" stop "$dir/rabbitmq" >/dev/null 2>&1 || true
	rm -rf "$dir"
	echo "demo: stopped, $dir removed"
	exit 0
fi

bin=$(cd "$build/bin" && pwd)
for p in epp-sim epp-gate epp-rpc; do
	[ -x "$bin/$p" ] || { echo "demo: $bin/$p is missing (run make)" >&2; exit 1; }
done
if [ $mode = up ]; then
	dir=${1:-$build/demo}
	if [ -n "$(demo_pids "$dir")" ]; then
		echo "demo: already up in $dir (make demo-down stops it)" >&2
		exit 1
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
else
	dir=$(mktemp -d /tmp/eppkit-demo.XXXXXX)
fi
sim_pid= gate1_pid= gate2_pid=
# --up: the services get a session of their own, so that they outlive the
# terminal or job that started them.
detach=
[ $mode != up ] || detach=setsid

cleanup() {
	status=$?
	if [ $mode = up ] && [ $status -eq 0 ]; then
		exit 0
	fi
	for pid in $gate1_pid $gate2_pid $sim_pid; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in $gate1_pid $gate2_pid $sim_pid; do
		wait "$pid" 2>/dev/null || true
	done
	"$here/rabbitmq.sh" stop "$dir/rabbitmq" >/dev/null 2>&1 || true
	if [ $status -ne 0 ]; then
		echo "demo: failed; the logs were:" >&2
		tail -n 20 "$dir"/*.log >&2 2>/dev/null || true
	fi
	rm -rf "$dir"
	exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

secret() {
	od -An -N6 -tx1 /dev/urandom | tr -d ' \n'
}

say() {
	printf '\n\033[1m== %s\033[0m\n' "$*"
}

# rpc AS CMD ARGS...: show the command (secrets masked), run it, show the
# reply briefly. Sets $out to the brief reply.
rpc() {
	as=$1
	shift
	line=
	for a in "$@"; do
		case "$a" in
		auth_info=*) a="auth_info=***" ;;
		*\ *) a="'$a'" ;;
		esac
		line="$line $a"
	done
	printf '[%s] $ epp-rpc%s\n' "$as" "$line"
	rc=0
	out=$(RPC_CLIENT_CONF_PATH="$dir/rpc_$as.json" "$bin/epp-rpc" --brief "$@") || rc=$?
	echo "$out" | sed 's/^/    /'
	if [ $rc -ne 0 ] && [ "${expect_fail:-0}" = 0 ]; then
		echo "demo: epp-rpc exited with $rc" >&2
		exit 1
	fi
}

cluster=${CLUSTER:-}
qtype=
if [ -n "$cluster" ] && [ "$cluster" != 1 ]; then
	say "Starting a private RabbitMQ cluster of $cluster nodes (loopback only, its own user)"
	"$here/rabbitmq.sh" cluster "$dir/rabbitmq" "$cluster"
	qtype="--queue-type quorum"
else
	say "Starting a private RabbitMQ node (loopback only, its own user)"
	"$here/rabbitmq.sh" start "$dir/rabbitmq"
fi

say "Starting epp-sim over TLS with two registrars (fresh certificates)"
"$bin/epp-sim" --gen-cert "$dir/certs" >/dev/null
pw1=$(secret)
pw2=$(secret)
umask 077
printf 'registrar1 %s\nregistrar2 %s\n' "$pw1" "$pw2" > "$dir/users"
$detach "$bin/epp-sim" --listen 127.0.0.1:0 --port-file "$dir/sim.port" \
	--cert "$dir/certs/server.pem" --key "$dir/certs/server-key.pem" \
	--ca "$dir/certs/ca.pem" --require-client-cert --users "$dir/users" \
	--quiet < /dev/null > /dev/null 2> "$dir/sim.log" &
sim_pid=$!
i=0
while [ ! -s "$dir/sim.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$dir/sim.port" ] || { echo "demo: epp-sim did not start" >&2; exit 1; }
sim_port=$(cat "$dir/sim.port")
echo "epp-sim: 127.0.0.1:$sim_port, registrars registrar1 and registrar2"

say "Starting one epp-gate per registrar"
cp "$dir/rabbitmq/rabbitmq_params.txt" "$dir/rabbitmq_params.txt"
. "$dir/rabbitmq/env"
for n in 1 2; do
	eval "pw=\$pw$n"
	echo "127.0.0.1 $sim_port registrar$n $pw" > "$dir/epp_params$n.txt"
	hosts=
	for p in ${AMQP_PORTS:-$AMQP_PORT}; do
		hosts="$hosts${hosts:+, }\"127.0.0.1:$p\""
	done
	printf '{"hosts": [%s], "username": "%s", "password": "%s", "timeout": 10, "queue_name": "epp_registrar%s"}\n' \
		"$hosts" "$AMQP_USER" "$AMQP_PASSWORD" "$n" > "$dir/rpc_r$n.json"
	# shellcheck disable=SC2086 # $qtype: none or two words
	$detach "$bin/epp-gate" -e "$dir/epp_params$n.txt" -r "$dir/rabbitmq_params.txt" \
		-q "epp_registrar$n" --sessions "${DEMO_GATE_SESSIONS:-1}" $qtype \
		--ca "$dir/certs/ca.pem" \
		--cert "$dir/certs/client.pem" --key "$dir/certs/client-key.pem" \
		--journal "$dir/journal$n.db" \
		< /dev/null > /dev/null 2> "$dir/gate$n.log" &
	eval "gate${n}_pid=\$!"
	echo "epp-gate for registrar$n: queue epp_registrar$n${qtype:+ (quorum)}"
done
umask 022
# Ready when each gate has declared its queue and answers.
for n in 1 2; do
	i=0
	until RPC_CLIENT_CONF_PATH="$dir/rpc_r$n.json" "$bin/epp-rpc" \
		--timeout 5 poll_req >/dev/null 2>&1 || [ $? -lt 3 ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "demo: gate $n not ready" >&2; exit 1; }
		sleep 0.2
	done
done

if [ $mode = up ]; then
	say "Registering a.example (registrar1) and b.example (registrar2)"
	umask 077
	secret > "$dir/b.auth"
	for n in 1 2; do
		rpc r$n contact_create "owner$n" email=owner@example.net \
			voice=+1.5555550100 name="Ada Owner" city=Springfield cc=US \
			auth_info="$(secret)"
	done
	# Two years: the README's renewal with a wrong date (2027-03-01)
	# can never name a.example's real expiry.
	rpc r1 domain_create a.example registrant=owner1 period=2 \
		auth_info="$(secret)"
	rpc r2 domain_create b.example registrant=owner2 period=1 \
		auth_info="$(cat "$dir/b.auth")"
	printf 'epp-sim %s\nepp-gate %s\nepp-gate %s\n' \
		"$sim_pid" "$gate1_pid" "$gate2_pid" > "$dir/pids"
	printf '127.0.0.1 %s registrar1 %s\n' "$sim_port" "$pw1" \
		> "$dir/epp_params.txt"
	cp "$dir/rpc_r1.json" "$dir/rpc_client.json"
	cp "$dir/certs/ca.pem" "$dir/registry-ca.pem"
	cp "$dir/certs/client.pem" "$dir/client.pem"
	cp "$dir/certs/client-key.pem" "$dir/client-key.pem"
	cp "$here/../tests/data/domain_info/reply.xml" "$dir/reply.xml"
	{
		echo "# The demo of make demo-up: run \". ./env\" in $dir."
		echo "export PATH=\"$bin:\$PATH\""
		echo "export RPC_CLIENT_CONF_PATH=\"$dir/rpc_client.json\""
		echo "export EPP_HOST=127.0.0.1 EPP_PORT=$sim_port EPP_USER=registrar1"
		echo "export EPP_PASSWORD=$pw1"
		echo "export EPP_CA=\"$dir/registry-ca.pem\""
	} > "$dir/env"
	umask 022
	say "Up: RabbitMQ, epp-sim and two gates run in $dir"
	echo "Try the commands of README.md and docs/ there:"
	echo "    cd $dir && . ./env"
	echo "    epp-rpc --brief domain_info a.example"
	echo "Stop them with make demo-down (scripts/demo.sh $build --down $dir)."
	exit 0
fi

if [ $mode = run ]; then
	say "Running $1"
	RPC_R1_CONF="$dir/rpc_r1.json" RPC_R2_CONF="$dir/rpc_r2.json" \
		DEMO_DIR="$dir" "$@"
	exit $?
fi

domain=demo-$(date +%s).example
auth=$(secret)
exp_msg=

say "registrar1 creates a contact and a name server"
rpc r1 contact_create c-demo-1 email=owner@example.net voice=+1.5555550100 \
	name="Ada Owner" org="Example Shop" street="1 Main Street" \
	city=Springfield sp=IL pc=62701 cc=US auth_info="$(secret)"
rpc r1 host_create ns1.dns-demo.net
rpc r1 host_create ns2.dns-demo.net

say "registrar1 checks and registers $domain"
rpc r1 domain_check "$domain" example.example
rpc r1 domain_create "$domain" registrant=c-demo-1 admin=c-demo-1 \
	tech=c-demo-1 ns=ns1.dns-demo.net ns=ns2.dns-demo.net period=1 \
	auth_info="$auth"
rpc r1 domain_info "$domain"
exp=$(echo "$out" | sed -n 's/.*exDate: \([0-9-]\{10\}\).*/\1/p' | head -n 1)
[ -n "$exp" ] || { echo "demo: no exDate in domain_info" >&2; exit 1; }

say "registrar1 renews it for a year and signs it (secDNS)"
rpc r1 domain_renew "$domain" "$exp" period=1
rpc r1 domain_update "$domain" \
	add_ds=12345:13:2:8A9CEBB665B78E0142F1CEF47CC9F4205F600685F6E8F9F3C9A6EAAE4B9AF7E0
rpc r1 domain_info "$domain"

say "registrar2 asks for the domain; registrar1 approves; registrar2 is told"
rpc r2 domain_transfer "$domain" op=request auth_info="$auth"
rpc r1 poll_req
id=$(echo "$out" | sed -n 's/^ *msgQ.id: //p')
[ -z "$id" ] || rpc r1 poll_ack "$id"
rpc r1 domain_transfer "$domain" op=approve
rpc r2 poll_req
id=$(echo "$out" | sed -n 's/^ *msgQ.id: //p')
[ -n "$id" ] || { echo "demo: no poll message for registrar2" >&2; exit 1; }
rpc r2 poll_ack "$id"

say "registrar2 deletes it by mistake and restores it (RGP)"
rpc r2 domain_delete "$domain"
rpc r2 domain_update "$domain" rgp_restore=1
now=$(date -u +%Y-%m-%dT%H:%M:%S.0Z)
rpc r2 domain_update "$domain" pre_data="registrant c-demo-1" \
	post_data="registrant c-demo-1" del_time="$now" res_time="$now" \
	res_reason="deleted by mistake" \
	statement="This registrar has not restored the domain for a third party." \
	statement="The information in this report is true to our knowledge."
rpc r2 domain_info "$domain"

say "And what errors look like"
expect_fail=1
rpc r1 domain_info "$domain"
rpc r1 domain_create "$domain" registrant=c-demo-1 period=1
expect_fail=0

say "What registrar1's gate journal recorded (eppctl journal)"
[ -x "$bin/eppctl" ] && "$bin/eppctl" journal "$dir/journal1.db"

say "Done: stopping the gates, epp-sim and the RabbitMQ node"
