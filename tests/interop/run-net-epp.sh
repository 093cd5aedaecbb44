#!/bin/sh
# Run the Net::EPP::Simple interop script against a fresh epp-sim.
# usage: run-net-epp.sh EPP_SIM SCRIPT SCHEMA_DIR
set -eu
sim=$1 script=$2 schemas=$3
if ! perl -MNet::EPP::Simple -MXML::LibXML -e 1 2>/dev/null; then
	echo "interop: Net::EPP::Simple or XML::LibXML missing:" \
		"apt-get install libnet-epp-perl libxml-libxml-perl" >&2
	exit 1
fi
dir=$(mktemp -d /tmp/eppkit-interop-XXXXXX)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM
"$sim" --gen-cert "$dir/certs"
printf 'ClientA passwordA\nClientB passwordB\n' > "$dir/users"
"$sim" --listen 127.0.0.1:0 --port-file "$dir/port" \
	--cert "$dir/certs/server.pem" --key "$dir/certs/server-key.pem" \
	--ca "$dir/certs/ca.pem" --require-client-cert \
	--users "$dir/users" 2> "$dir/log" &
pid=$!
i=0
while [ ! -s "$dir/port" ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
[ -s "$dir/port" ] || { cat "$dir/log" >&2; exit 1; }
rc=0
perl "$script" "$(cat "$dir/port")" "$dir/certs" "$schemas" || rc=$?
if [ $rc -ne 0 ]; then
	echo "--- epp-sim log" >&2
	cat "$dir/log" >&2
fi
if grep -q 'passwordA\|perl-dom-1\|perl-auth-1' "$dir/log"; then
	echo "a secret reached the epp-sim log" >&2
	rc=1
fi
exit $rc
