#!/bin/sh
# A private RabbitMQ node for tests, benchmarks and the demo: its own data
# folder, loopback only, its own ports, Erlang cookie and user. It needs no
# systemd and never touches the system node of the rabbitmq-server package.
#
# Usage: scripts/rabbitmq.sh start DIR    start a fresh node with its data in DIR
#        scripts/rabbitmq.sh stop DIR     stop the node of DIR (and its epmd)
#        scripts/rabbitmq.sh restart DIR  stop it and start it again, same
#                                         ports, user and data
#        scripts/rabbitmq.sh status DIR   exit 0 when the node of DIR runs
#        scripts/rabbitmq.sh cluster DIR N
#                                         start N nodes joined into one
#                                         cluster, node K in DIR/nodeK
#        scripts/rabbitmq.sh ctl DIR ARGS...
#                                         rabbitmqctl ARGS on the node of
#                                         DIR (e.g. list_queues name leader)
#
# A cluster's nodes share an Erlang cookie, a user and one epmd (whose pid
# DIR holds); each has its own ports, name and data folder, and
# DIR/nodeK works with stop, restart and status like a single node, so a
# test can take one node away and bring it back. `stop DIR` stops them
# all. DIR/env then has AMQP_PORTS (one per node, in order), DIR/nodeK/env
# the variables of node K, and DIR/rabbitmq_params.txt and
# DIR/rpc_client.json name every node (one line per node; "hosts").
#
# After start, DIR holds (mode 0600):
#   env                  shell variables: AMQP_HOST, AMQP_PORT, AMQP_USER,
#                        AMQP_PASSWORD, AMQP_VHOST, RABBITMQ_NODENAME, ...
#   rabbitmq_params.txt  "host port login password" (epp-gate -r FILE)
#   rpc_client.json      RPC_CLIENT_CONF_PATH file for epp-rpc/libepprpc
# Several nodes (several DIRs) may run at the same time.
# With RABBITMQ_TLS=1 at start the node also listens for AMQPS (TLS) on
# AMQPS_PORT with a certificate for "localhost" from its own CA
# (DIR/tls/ca.pem, AMQP_CA_FILE in env); rpc_client_tls.json uses it.
set -eu

RMQ_BIN=${RABBITMQ_BIN_DIR:-/usr/lib/rabbitmq/bin}
START_TIMEOUT=${RABBITMQ_START_TIMEOUT:-90}

die() {
	echo "rabbitmq.sh: $*" >&2
	exit 1
}

usage() {
	echo "usage: $0 start|stop|restart|status DIR | cluster DIR N | ctl DIR ARGS..." >&2
	exit 2
}

# port_in_use PORT: true when any local TCP socket (v4 or v6) uses PORT.
port_in_use() {
	hex=$(printf '%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p=":$hex" '$2 ~ p"$" { found = 1 } END { exit !found }'
}

# free_port: a port no socket uses now, below the ephemeral range (Linux:
# 32768 and up), so that no client socket takes it while a node restarts.
# The Erlang CLI tools use DIST_PORT + 10000, so that must stay below too.
free_port() {
	i=0
	while [ $i -lt 200 ]; do
		p=$(( $(od -An -N2 -tu2 /dev/urandom) % 12000 + 10000 ))
		if ! port_in_use "$p" && ! port_in_use $((p + 10000)); then
			echo "$p"
			return 0
		fi
		i=$((i + 1))
	done
	die "no free TCP port found"
}

# gen_tls: a CA and a server certificate for localhost/127.0.0.1 in DIR/tls.
gen_tls() {
	t="$DIR/tls"
	mkdir -p "$t"
	openssl req -x509 -newkey rsa:2048 -nodes -days 30 \
		-subj "/CN=eppkit test CA" -keyout "$t/ca-key.pem" \
		-out "$t/ca.pem" 2>/dev/null
	openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
		-keyout "$t/server-key.pem" -out "$t/server.csr" 2>/dev/null
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$t/ext.cnf"
	openssl x509 -req -in "$t/server.csr" -CA "$t/ca.pem" \
		-CAkey "$t/ca-key.pem" -CAcreateserial -days 30 \
		-extfile "$t/ext.cnf" -out "$t/server.pem" 2>/dev/null
	rm -f "$t/server.csr" "$t/ext.cnf" "$t/ca.srl"
}

gen_secret() {
	od -An -N24 -tx1 /dev/urandom | tr -d ' \n'
}

alive() {
	[ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null
}

# node_env: export what the server and the CLI tools of this node need.
node_env() {
	export HOME="$DIR"
	export RABBITMQ_NODENAME RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
	export RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_DIST_PORT="$DIST_PORT"
	export ERL_EPMD_PORT="$EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1
	export RABBITMQ_MNESIA_BASE="$DIR/mnesia"
	export RABBITMQ_LOG_BASE="$DIR/log"
	export RABBITMQ_CONFIG_FILE="$DIR/rabbitmq.conf"
	export RABBITMQ_ADVANCED_CONFIG_FILE="$DIR/advanced.config"
	export RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins"
	export RABBITMQ_PID_FILE="$DIR/rabbitmq.pid"
	export RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf"
	export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
	unset RABBITMQ_ENV_LOADED NOTIFY_SOCKET
}

ctl() {
	"$RMQ_BIN/rabbitmqctl" -q -n "$RABBITMQ_NODENAME" "$@"
}

write_files() {
	umask 077
	cat > "$DIR/env" <<EOF
AMQP_HOST=127.0.0.1
AMQP_PORT=$AMQP_PORT
AMQP_USER=$AMQP_USER
AMQP_PASSWORD=$AMQP_PASSWORD
AMQP_VHOST=/
RABBITMQ_NODENAME=$RABBITMQ_NODENAME
DIST_PORT=$DIST_PORT
EPMD_PORT=$EPMD_PORT
RABBITMQ_DIR=$DIR
SHARED_EPMD=${SHARED_EPMD:-0}
EOF
	if [ -n "${AMQPS_PORT:-}" ]; then
		printf 'AMQPS_PORT=%s\nAMQP_CA_FILE=%s\n' "$AMQPS_PORT" \
			"$DIR/tls/ca.pem" >> "$DIR/env"
		printf '{"host": "localhost", "port": %s, "username": "%s", "password": "%s", "timeout": 5, "queue_name": "epp_messages", "tls": true, "ca_file": "%s"}\n' \
			"$AMQPS_PORT" "$AMQP_USER" "$AMQP_PASSWORD" "$DIR/tls/ca.pem" > "$DIR/rpc_client_tls.json"
	fi
	echo "127.0.0.1 $AMQP_PORT $AMQP_USER $AMQP_PASSWORD" > "$DIR/rabbitmq_params.txt"
	printf '{"host": "127.0.0.1", "port": %s, "username": "%s", "password": "%s", "timeout": 5, "queue_name": "epp_messages"}\n' \
		"$AMQP_PORT" "$AMQP_USER" "$AMQP_PASSWORD" > "$DIR/rpc_client.json"
	# The broker creates this user (administrator, all of vhost /) at its
	# first boot; there is no guest user.
	cat > "$DIR/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$AMQP_PORT
default_user = $AMQP_USER
default_pass = $AMQP_PASSWORD
default_vhost = /
loopback_users = none
log.console = false
log.file.level = warning
disk_free_limit.absolute = 50MB
EOF
	if [ -n "${CLUSTER_NODES:-}" ]; then
		# every node knows every other: the first boot joins them
		echo "cluster_formation.peer_discovery_backend = classic_config" \
			>> "$DIR/rabbitmq.conf"
		i_node=0
		for n_node in $CLUSTER_NODES; do
			i_node=$((i_node + 1))
			echo "cluster_formation.classic_config.nodes.$i_node = $n_node" \
				>> "$DIR/rabbitmq.conf"
		done
	fi
	if [ -n "${AMQPS_PORT:-}" ]; then
		cat >> "$DIR/rabbitmq.conf" <<EOF
listeners.ssl.1 = 127.0.0.1:$AMQPS_PORT
ssl_options.cacertfile = $DIR/tls/ca.pem
ssl_options.certfile = $DIR/tls/server.pem
ssl_options.keyfile = $DIR/tls/server-key.pem
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
EOF
	fi
	echo '[].' > "$DIR/advanced.config"
	echo '[].' > "$DIR/enabled_plugins"
	: > "$DIR/rabbitmq-env.conf"
	if [ -n "${COOKIE:-}" ] && [ ! -f "$DIR/.erlang.cookie" ]; then
		printf '%s' "$COOKIE" > "$DIR/.erlang.cookie"
	fi
	[ -f "$DIR/.erlang.cookie" ] || gen_secret > "$DIR/.erlang.cookie"
	chmod 400 "$DIR/.erlang.cookie"
	umask 022
}

# launch: start epmd and the node for the variables set, wait until it serves.
launch() {
	node_env
	mkdir -p "$DIR/log" "$DIR/mnesia"
	rm -f "$RABBITMQ_PID_FILE"
	# Our own epmd in the foreground, so we know its pid; the node finds
	# it through ERL_EPMD_PORT. The nodes of a cluster share the one
	# their cluster folder started.
	if [ "${SHARED_EPMD:-0}" != 1 ]; then
		start_epmd "$DIR"
	fi
	setsid "$RMQ_BIN/rabbitmq-server" > "$DIR/log/startup.log" 2>&1 < /dev/null &
	echo $! > "$DIR/server.pid"
	deadline=$(( $(date +%s) + START_TIMEOUT ))
	while :; do
		if [ -s "$RABBITMQ_PID_FILE" ] &&
		    ctl await_startup --timeout 10 > /dev/null 2>&1; then
			break
		fi
		if ! alive "$(cat "$DIR/server.pid")"; then
			tail -n 20 "$DIR/log/startup.log" >&2 || true
			stop_node
			die "node $RABBITMQ_NODENAME exited during start (log in $DIR/log)"
		fi
		if [ "$(date +%s)" -ge "$deadline" ]; then
			stop_node
			die "node $RABBITMQ_NODENAME did not start in ${START_TIMEOUT}s (log in $DIR/log)"
		fi
		sleep 0.3
	done
	# The listener is up once await_startup returns; check from outside.
	port_in_use "$AMQP_PORT" || die "node runs but port $AMQP_PORT is not open"
}

# start_epmd DIR: an epmd for EPMD_PORT, its pid in DIR/epmd.pid.
start_epmd() {
	mkdir -p "$1/log"
	setsid epmd -port "$EPMD_PORT" -address 127.0.0.1 \
		> "$1/log/epmd.log" 2>&1 < /dev/null &
	echo $! > "$1/epmd.pid"
}

# kill_wait PID: TERM, then KILL after 15 s.
kill_wait() {
	pid=$1
	alive "$pid" || return 0
	kill -TERM "$pid" 2>/dev/null || true
	i=0
	while alive "$pid" && [ $i -lt 150 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
	i=0
	while alive "$pid" && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}

# stop_node: stop the node and the epmd of DIR, by their pids only.
stop_node() {
	for f in rabbitmq.pid server.pid epmd.pid; do
		[ -f "$DIR/$f" ] || continue
		pid=$(cat "$DIR/$f" 2>/dev/null || true)
		case "$pid" in
		'' | *[!0-9]*) ;;
		*) kill_wait "$pid" ;;
		esac
		rm -f "$DIR/$f"
	done
}

load_env() {
	[ -f "$DIR/env" ] || return 1
	# shellcheck disable=SC1091
	. "$DIR/env"
}

# stop_node_of NODEDIR: stop_node for another folder.
stop_node_of() {
	(DIR=$1 && stop_node)
}

# stop_all_of TOP: every node of a cluster folder, then its epmd.
stop_all_of() {
	for d in $(cat "$1/cluster" 2>/dev/null); do
		stop_node_of "$d"
	done
	stop_node_of "$1"
}

# start_cluster N: N nodes in DIR/node1..N, joined into one cluster.
start_cluster() {
	n=$1
	case "$n" in '' | *[!0-9]*) usage ;; esac
	[ "$n" -ge 2 ] && [ "$n" -le 9 ] || die "a cluster has 2 to 9 nodes"
	[ -x "$RMQ_BIN/rabbitmq-server" ] ||
		die "rabbitmq-server not found in $RMQ_BIN (apt-get install rabbitmq-server)"
	top=$DIR
	stop_all_of "$top"
	rm -rf "$top"/node* "$top/env" "$top/cluster" "$top/log" \
		"$top/rabbitmq_params.txt" "$top/rpc_client.json"
	EPMD_PORT=$(free_port)
	COOKIE=$(gen_secret)
	AMQP_USER=eppkit
	AMQP_PASSWORD=$(gen_secret)
	start_epmd "$top"
	ports="" names="" dirs=""
	k=1
	while [ $k -le "$n" ]; do
		p=$(free_port)
		case " $ports " in *" $p "*) continue ;; esac
		ports="$ports $p"
		names="$names eppkit-$$-n$k-$p@localhost"
		dirs="$dirs $top/node$k"
		k=$((k + 1))
	done
	ports=${ports# } names=${names# } dirs=${dirs# }
	echo "$dirs" > "$top/cluster"
	CLUSTER_NODES=$names
	SHARED_EPMD=1
	k=1
	for p in $ports; do
		DIR="$top/node$k"
		mkdir -p "$DIR"
		AMQP_PORT=$p
		DIST_PORT=$(free_port)
		AMQPS_PORT=
		RABBITMQ_NODENAME=$(echo "$names" | cut -d' ' -f$k)
		write_files
		# one after the other: each new node joins those already up
		if ! (launch); then
			stop_all_of "$top"
			die "node $k of the cluster did not start (log in $DIR/log)"
		fi
		k=$((k + 1))
	done
	DIR=$top/node1
	load_env
	node_env
	running=$(ctl cluster_status --formatter json 2>/dev/null |
		python3 -c 'import json,sys; print(len(json.load(sys.stdin)["running_nodes"]))' \
		2>/dev/null || echo 0)
	DIR=$top
	if [ "$running" != "$n" ]; then
		stop_all_of "$top"
		die "the cluster has $running running nodes, not $n (logs in $top/node*/log)"
	fi
	umask 077
	{
		echo "AMQP_HOST=127.0.0.1"
		echo "AMQP_PORTS=\"$ports\""
		echo "AMQP_PORT=${ports%% *}"
		echo "AMQP_USER=$AMQP_USER"
		echo "AMQP_PASSWORD=$AMQP_PASSWORD"
		echo "AMQP_VHOST=/"
		echo "CLUSTER_NODES=\"$names\""
		echo "CLUSTER_DIRS=\"$dirs\""
		echo "EPMD_PORT=$EPMD_PORT"
		echo "RABBITMQ_DIR=$top"
	} > "$top/env"
	: > "$top/rabbitmq_params.txt"
	hosts=""
	for p in $ports; do
		echo "127.0.0.1 $p $AMQP_USER $AMQP_PASSWORD" >> "$top/rabbitmq_params.txt"
		hosts="$hosts${hosts:+, }\"127.0.0.1:$p\""
	done
	printf '{"hosts": [%s], "username": "%s", "password": "%s", "timeout": 5, "queue_name": "epp_messages"}\n' \
		"$hosts" "$AMQP_USER" "$AMQP_PASSWORD" > "$top/rpc_client.json"
	umask 022
	echo "rabbitmq: cluster of $n nodes on 127.0.0.1 ports $ports (env in $top/env)"
}

case "${1:-}" in
cluster) [ $# -eq 3 ] || usage ;;
ctl) [ $# -ge 3 ] || usage ;;
*) [ $# -eq 2 ] || usage ;;
esac
cmd=$1
mkdir -p "$2"
DIR=$(cd "$2" && pwd)

case "$cmd" in
start)
	[ -x "$RMQ_BIN/rabbitmq-server" ] ||
		die "rabbitmq-server not found in $RMQ_BIN (apt-get install rabbitmq-server)"
	# A node left over from an earlier run of this DIR goes first.
	stop_node
	rm -rf "$DIR/mnesia" "$DIR/log" "$DIR/env" "$DIR/rabbitmq_params.txt" \
		"$DIR/rpc_client.json" "$DIR/rpc_client_tls.json" "$DIR/tls" \
		"$DIR/.erlang.cookie"
	AMQPS_PORT=
	if [ "${RABBITMQ_TLS:-0}" = 1 ]; then
		command -v openssl >/dev/null || die "RABBITMQ_TLS=1 needs openssl"
		gen_tls
	fi
	tries=0
	while :; do
		AMQP_PORT=$(free_port)
		DIST_PORT=$(free_port)
		EPMD_PORT=$(free_port)
		if [ "${RABBITMQ_TLS:-0}" = 1 ]; then
			AMQPS_PORT=$(free_port)
		fi
		AMQP_USER=eppkit
		AMQP_PASSWORD=$(gen_secret)
		RABBITMQ_NODENAME="eppkit-$$-$AMQP_PORT@localhost"
		write_files
		# A port taken between the check and the bind: try new ones.
		if (launch); then
			break
		fi
		tries=$((tries + 1))
		[ $tries -lt 3 ] || die "could not start a node"
		rm -rf "$DIR/mnesia" "$DIR/log"
	done
	echo "rabbitmq: node $RABBITMQ_NODENAME on 127.0.0.1:$AMQP_PORT (env in $DIR/env)"
	;;
stop)
	if [ -f "$DIR/cluster" ]; then
		stop_all_of "$DIR"
	else
		stop_node
	fi
	[ -f "$DIR/env" ] && echo "rabbitmq: node(s) of $DIR stopped"
	;;
cluster)
	start_cluster "$3"
	;;
restart)
	load_env || die "no node in $DIR (start it first)"
	stop_node
	write_files
	launch
	echo "rabbitmq: node $RABBITMQ_NODENAME restarted on 127.0.0.1:$AMQP_PORT"
	;;
ctl)
	load_env || die "no node in $DIR (start it first)"
	node_env
	shift 2
	ctl "$@"
	;;
status)
	load_env || exit 1
	node_env
	alive "$(cat "$DIR/rabbitmq.pid" 2>/dev/null || true)" || exit 1
	ctl status > /dev/null 2>&1
	;;
*)
	usage
	;;
esac
