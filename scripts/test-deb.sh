#!/bin/sh
# make test-deb: install the packages `make deb` built into this machine,
# use them, purge them, and check that nothing of theirs is left. Run as
# root on a machine where no eppkit package is installed (CI runs it after
# make test). On failure the packages are purged again.
#   1. apt-get install ./*.deb; the user epp-gate, /etc/epp-gate (0750),
#      /var/lib/epp-gate, the unit (systemd-analyze verify), pkg-config
#      and a program built against each library;
#   2. an epp-gate run as systemd runs epp-gate@pkgtest: the unit's
#      command lines with /etc/epp-gate/pkgtest.conf, as the user epp-gate
#      (setpriv, no new privileges, in /var/lib/epp-gate): `epp-gate -n`,
#      then the gate serving requests from epp-rpc against epp-sim and a
#      private RabbitMQ node (scripts/demo.sh --run);
#   3. the demo's session (scripts/demo.sh) with the installed epp-sim,
#      epp-gate and epp-rpc;
#   4. apt-get purge: no package, file, user, group, folder, unit link or
#      dpkg-statoverride of ours left.
# Usage: scripts/test-deb.sh [DEB_DIR]   (default build-deb)
#
# $names and $debs are lists of package names and files, split on purpose.
# shellcheck disable=SC2086
set -eu
here=$(cd "$(dirname "$0")" && pwd)
unit=/lib/systemd/system/epp-gate@.service
inst=pkgtest
conf=/etc/epp-gate

fail() {
	echo "test-deb: FAIL: $*" >&2
	exit 1
}

say() {
	printf '\n== test-deb: %s\n' "$*"
}

# run_unit KEY: run the unit's KEY= command line (ExecStartPre, ExecStart)
# for instance $inst the way systemd does: the unit's Environment= defaults,
# then /etc/epp-gate/$inst.conf, ${VAR} one argument and $VAR split at
# spaces, as User=epp-gate with NoNewPrivileges in WorkingDirectory.
# It execs the gate: call it in a subshell ($(...) or &).
run_unit() {
	{
		eval "$(sed -n 's/^Environment=//p' "$unit" |
			sed "s/%i/$inst/g")"
		set -a
		# shellcheck disable=SC1090
		. "$conf/$inst.conf"
		set +a
		line=$(sed -n "s/^$1=//p" "$unit" | sed "s/%i/$inst/g")
		[ -n "$line" ] || fail "no $1= in $unit"
		eval "set -- $line"
		cd /var/lib/epp-gate
		umask 077
		exec setpriv --reuid=epp-gate --regid=epp-gate --init-groups \
			--no-new-privs -- "$@"
	}
}

# The gate check, run by scripts/demo.sh --run with its epp-sim and
# RabbitMQ node (DEMO_DIR): epp-gate@pkgtest serves registrar1 on its own
# queue.
if [ "${1:-}" = --gate-check ]; then
	[ -n "${DEMO_DIR:-}" ] || fail "--gate-check runs from demo.sh --run"
	pw=$(sed -n 's/^registrar1 //p' "$DEMO_DIR/users")
	port=$(cat "$DEMO_DIR/sim.port")
	# The credential files and the client key: 0600, owned by epp-gate.
	secret() {
		install -m 0600 -o epp-gate -g epp-gate /dev/null "$1"
		cat > "$1"
	}
	echo "127.0.0.1 $port registrar1 $pw" | secret "$conf/$inst.epp"
	secret "$conf/$inst.rabbitmq" < "$DEMO_DIR/rabbitmq_params.txt"
	secret "$conf/$inst-client-key.pem" < "$DEMO_DIR/certs/client-key.pem"
	install -m 0644 "$DEMO_DIR/certs/ca.pem" "$conf/$inst-ca.pem"
	install -m 0644 "$DEMO_DIR/certs/client.pem" "$conf/$inst-client.pem"
	# NAME.conf as the example says: the example, its name put in.
	sed "s/registry1/$inst/g" "$conf/registry.conf.example" > "$conf/$inst.conf"

	say "ExecStartPre (epp-gate -n) as epp-gate"
	out=$(run_unit ExecStartPre 2>&1) || fail "epp-gate -n: $out"
	echo "$out"
	echo "$out" | grep -q "OK: registry 127.0.0.1:$port .*queue epp_$inst" ||
		fail "epp-gate -n did not read $conf/$inst.conf"
	# A credential file the user cannot read is refused by name.
	chown root:root "$conf/$inst.epp"
	if out=$(run_unit ExecStartPre 2>&1); then
		fail "epp-gate -n read a file of root's: $out"
	fi
	echo "$out" | grep -q "$conf/$inst.epp" ||
		fail "the error does not name $conf/$inst.epp: $out"
	echo "as expected, with $inst.epp owned by root: $out"
	chown epp-gate:epp-gate "$conf/$inst.epp"

	say "ExecStart as epp-gate, requests through the installed epp-rpc"
	log=$(mktemp)
	run_unit ExecStart 2> "$log" &
	gate=$!
	rpc=$(mktemp)
	sed "s/epp_registrar1/epp_$inst/" "$RPC_R1_CONF" > "$rpc"
	trap 'kill $gate 2>/dev/null || true; rm -f "$rpc" "$log"' EXIT
	i=0
	until RPC_CLIENT_CONF_PATH=$rpc epp-rpc --timeout 5 poll_req \
		>/dev/null 2>&1 || [ $? -lt 3 ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$log" >&2; fail "gate not ready"; }
		sleep 0.2
	done
	ts=$(date +%s)
	domain=pkgtest-$ts.example
	auth=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	rpc() {
		echo "\$ epp-rpc --brief $*" | sed 's/auth_info=[^ ]*/auth_info=***/'
		RPC_CLIENT_CONF_PATH=$rpc epp-rpc --brief "$@" ||
			{ cat "$log" >&2; fail "epp-rpc $1"; }
	}
	rpc domain_check "$domain"
	rpc contact_create "c-pkg-$ts" email=owner@example.net \
		voice=+1.5555550100 name="Ada Owner" street="1 Main Street" \
		city=Springfield cc=US auth_info="$auth"
	rpc host_create "ns1.pkgtest-$ts.net"
	rpc domain_create "$domain" registrant="c-pkg-$ts" \
		admin="c-pkg-$ts" tech="c-pkg-$ts" ns="ns1.pkgtest-$ts.net" \
		period=1 auth_info="$auth"
	rpc domain_info "$domain"
	RPC_CLIENT_CONF_PATH=$rpc epp-rpc --brief domain_info "$domain" |
		grep -q "$domain" || fail "domain_info: no $domain"
	kill -TERM $gate
	rc=0
	wait $gate || rc=$?
	[ $rc = 0 ] || { cat "$log" >&2; fail "the gate exited $rc on SIGTERM"; }
	! ps -u epp-gate -o pid= >/dev/null || fail "epp-gate still runs"
	grep -q "cmd=domain_create .*code=1000" "$log" ||
		fail "no domain_create in the gate's log"
	! grep -q -e "$pw" -e "$auth" "$log" || fail "a secret in the gate's log"
	echo "the gate served as epp-gate and stopped on SIGTERM (exit 0)"
	exit 0
fi

[ "$(id -u)" = 0 ] || fail "run as root: it installs and purges packages"
dir=$(cd "${1:-build-deb}" && pwd)
export DEBIAN_FRONTEND=noninteractive
debs=$(ls "$dir"/*.deb) || fail "no packages in $dir (make deb)"
names=
for d in $debs; do
	names="$names $(dpkg-deb -f "$d" Package)"
done
tmp=

installed() {
	dpkg-query -W -f='${db:Status-Abbrev}\n' "$@" 2>/dev/null |
		grep -q '^[a-z][a-zA-Z]'
}
# Either way the machine ends without the packages.
cleanup() {
	status=$?
	if [ $status -ne 0 ]; then
		for n in $names; do
			if installed "$n"; then
				apt-get purge -y -qq $names >/dev/null 2>&1 || true
				break
			fi
		done
	fi
	[ -z "$tmp" ] || rm -rf "$tmp"
	exit $status
}

say "packages:$names"
for n in $names; do
	! installed "$n" || fail "$n is installed already: purge it first"
done
! getent passwd epp-gate >/dev/null || fail "a user epp-gate exists already"
! getent group epp-gate >/dev/null || fail "a group epp-gate exists already"
[ ! -e $conf ] || fail "$conf exists already"
trap cleanup EXIT
trap 'exit 130' INT TERM
tmp=$(mktemp -d /tmp/eppkit-test-deb.XXXXXX)
# Every file and link the packages hold, to check after the purge.
for d in $debs; do
	dpkg-deb -c "$d" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }'
done > "$tmp/files"

say "apt-get install ./*.deb"
apt-get install -y -q $debs > "$tmp/apt.log" 2>&1 ||
	{ cat "$tmp/apt.log" >&2; fail "apt-get install"; }
for n in $names; do
	installed "$n" || fail "$n is not installed"
done
dpkg-query -W $names

say "what epp-gate set up"
pw=$(getent passwd epp-gate) || fail "no user epp-gate"
echo "$pw"
uid=$(echo "$pw" | cut -d: -f3)
[ "$uid" -lt 1000 ] || fail "epp-gate is not a system user (uid $uid)"
echo "$pw" | grep -q ':/var/lib/epp-gate:/usr/sbin/nologin$' ||
	fail "epp-gate: home /var/lib/epp-gate and shell nologin expected"
check_mode() {
	got=$(stat -c '%a %U %G' "$1")
	echo "$1: $got"
	[ "$got" = "$2" ] || fail "$1 is '$got', not '$2'"
}
check_mode $conf "750 root epp-gate"
check_mode /var/lib/epp-gate "750 epp-gate epp-gate"
for f in registry.conf registry.epp registry.rabbitmq registry.alert.json; do
	[ -f "$conf/$f.example" ] || fail "no example $conf/$f.example"
done
ls $conf
# The example conf must work as it says (copied, with its credentials).
grep -q '^EPP_GATE_OPTIONS=' $conf/registry.conf.example ||
	fail "registry.conf.example sets no EPP_GATE_OPTIONS"

say "systemd-analyze verify $unit"
out=$(systemd-analyze verify "$unit" 2>&1) || fail "systemd-analyze: $out"
[ -z "$out" ] || fail "systemd-analyze verify: $out"
echo "clean"
for k in ProtectSystem=strict NoNewPrivileges=yes PrivateTmp=yes \
	ReadWritePaths=/var/lib/epp-gate User=epp-gate \
	EnvironmentFile=/etc/epp-gate/%i.conf; do
	grep -qx "$k" "$unit" || fail "$unit: no $k"
done
[ "$(grep -c '^ReadWritePaths=' "$unit")" = 1 ] ||
	fail "$unit: ReadWritePaths= other than /var/lib/epp-gate"

say "the libraries: pkg-config and a program against each"
pkg-config --modversion libepp libepprpc
cat > "$tmp/use.c" <<'EOF'
#include <stdio.h>
#include <epp/epp.h>
#include <epprpc/epprpc.h>
int
main(void)
{
	printf("libepp %s; libepprpc: error 0 is \"%s\"\n", epp_version(),
	       epprpc_strerror(0));
	return 0;
}
EOF
# shellcheck disable=SC2046
cc -o "$tmp/use" "$tmp/use.c" $(pkg-config --cflags --libs libepp libepprpc)
ldd "$tmp/use" | grep -E 'libepp(rpc)?\.so\.1 => (/usr)?/lib/' ||
	fail "the program does not use the installed libraries"
"$tmp/use"

say "epp-gate@$inst, installed binaries, as epp-gate"
mkdir -p "$tmp/bin"
for p in epp-sim epp-gate epp-rpc; do
	ln -s "/usr/bin/$p" "$tmp/bin/$p"
done
"$here/demo.sh" "$tmp" --run "$here/test-deb.sh" --gate-check

say "the demo with the installed epp-sim, epp-gate and epp-rpc"
"$here/demo.sh" "$tmp" > "$tmp/demo.log" 2>&1 ||
	{ cat "$tmp/demo.log" >&2; fail "the demo failed"; }
tail -n 12 "$tmp/demo.log"

say "apt-get purge"
apt-get purge -y -q $names > "$tmp/apt.log" 2>&1 ||
	{ cat "$tmp/apt.log" >&2; fail "apt-get purge"; }
for n in $names; do
	! installed "$n" || fail "$n is still known to dpkg after purge"
done
left=
while read -r f; do
	[ -e "$f" ] || [ -L "$f" ] && left="$left $f"
done < "$tmp/files"
for f in $conf /var/lib/epp-gate /etc/systemd/system/*.wants/epp-gate@*; do
	[ -e "$f" ] || [ -L "$f" ] && left="$left $f"
done
[ -z "$left" ] || fail "left after purge:$left"
! getent passwd epp-gate >/dev/null || fail "user epp-gate left after purge"
! getent group epp-gate >/dev/null || fail "group epp-gate left after purge"
! dpkg-statoverride --list | grep -q epp-gate ||
	fail "dpkg-statoverride entries left: $(dpkg-statoverride --list | grep epp-gate)"
echo "nothing left: $(wc -l < "$tmp/files") files, the user, group," \
	"folders and overrides are gone"
say "passed"
