# Shared by the gate_*.sh tests: epp-sim and epp-gate started for a test,
# and stopped by their pids at exit. Needs GATE, SIM, CLIENT and the
# EPPKIT_RABBITMQ_* variables of the rabbitmq fixture.
# shellcheck shell=sh

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

pids=""
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null || true
	done
	for p in $pids; do
		wait "$p" 2>/dev/null || true
	done
}
trap cleanup EXIT

# shellcheck disable=SC1090
. "$EPPKIT_RABBITMQ_ENV"
export AMQP_HOST AMQP_PORT AMQP_USER AMQP_PASSWORD
RMQ_PARAMS=$EPPKIT_RABBITMQ_DIR/rabbitmq_params.txt

rand() {
	od -An -N6 -tx1 /dev/urandom | tr -d ' \n'
}

# count FILE PATTERN: lines of FILE with PATTERN, 0 when there is no FILE.
count() {
	c=$(grep -c -- "$2" "$1" 2>/dev/null || true)
	echo "${c:-0}"
}

# wait_for FILE PATTERN COUNT [SECONDS]: until PATTERN occurs COUNT times.
wait_for() {
	i=0
	while [ "$(count "$1" "$2")" -lt "$3" ]; do
		i=$((i + 1))
		[ $i -lt $((${4:-20} * 10)) ] || {
			tail -20 "$1" >&2
			fail "timed out waiting for '$2' x$3 in $1"
		}
		sleep 0.1
	done
}

# start_sim NAME [epp-sim options]: sets SIM_PORT, SIM_PID; log NAME.log.
REG1_PW="Pw1-$(od -An -N4 -tx1 /dev/urandom | tr -d " \n")"
REG2_PW="Pw2-$(od -An -N4 -tx1 /dev/urandom | tr -d " \n")"
start_sim() {
	name=$1
	shift
	[ -f "$dir/certs/ca.pem" ] || "$SIM" --gen-cert "$dir/certs" >/dev/null
	[ -f "$dir/users" ] ||
		printf 'reg1 %s\nreg2 %s\n' "$REG1_PW" "$REG2_PW" >"$dir/users"
	rm -f "$dir/$name.port"
	"$SIM" --listen 127.0.0.1:0 --port-file "$dir/$name.port" \
		--cert "$dir/certs/server.pem" --key "$dir/certs/server-key.pem" \
		--users "$dir/users" "$@" >"$dir/$name.log" 2>&1 &
	SIM_PID=$!
	pids="$pids $SIM_PID"
	i=0
	while [ ! -s "$dir/$name.port" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "epp-sim did not start"
		sleep 0.1
	done
	SIM_PORT=$(cat "$dir/$name.port")
	echo "127.0.0.1 $SIM_PORT reg1 $REG1_PW" >"$dir/epp.txt"
	chmod 600 "$dir/epp.txt"
}

# start_gate NAME SESSIONS [epp-gate options]: sets GATE_PID; log NAME.log.
start_gate() {
	name=$1
	n=$2
	shift 2
	"$GATE" -e "$dir/epp.txt" -r "$RMQ_PARAMS" -q "$QUEUE" \
		--sessions "$n" --ca "$dir/certs/ca.pem" "$@" \
		>"$dir/$name.log" 2>&1 &
	GATE_PID=$!
	pids="$pids $GATE_PID"
	wait_for "$dir/$name.log" "consuming queue" "$n"
}

# sim_count NAME CMD: the count epp-sim prints for CMD on SIGUSR1.
sim_count() {
	before=$(grep -c "count " "$dir/$1.log" || true)
	kill -USR1 "$SIM_PID"
	wait_for "$dir/$1.log" "count " $((before + 1)) 10
	sleep 0.2
	grep "count $2 " "$dir/$1.log" | tail -1 | awk '{print $NF}'
}
