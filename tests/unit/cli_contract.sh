#!/bin/sh
# The command-line contract of every program: --help (stdout, exit 0,
# the exit-status table of README.md), --version (name and the project
# version), an unknown option and a bad number (exit 64, one line naming
# it, "try --help"), options after the command, and each exit status a
# program can give without a broker or a registry (the others are in
# tls_eppctl, sim_eppctl and rpc_errors).
# Usage: cli_contract.sh BIN_DIR SOURCE_DIR VERSION
set -u
bin=$1
src=$2
version=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# run PROG ARGS...: status in $rc, stdout in $tmp/out, stderr in $tmp/err.
run() {
	p=$1
	shift
	"$bin/$p" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}

# expect STATUS PROG ARGS...: the status, and for 64 one line on stderr
# that ends with "(try --help)".
expect() {
	want=$1
	shift
	run "$@"
	if [ "$rc" -ne "$want" ]; then
		fail "$* exited $rc, not $want: $(head -c 300 "$tmp/err")"
		return
	fi
	if [ "$want" -eq 64 ]; then
		[ "$(wc -l <"$tmp/err")" -eq 1 ] ||
			fail "$*: not one line on stderr: $(cat "$tmp/err")"
		grep -q '(try --help)$' "$tmp/err" ||
			fail "$*: no 'try --help': $(cat "$tmp/err")"
	fi
}

# says PATTERN: the last run said it (stdout or stderr).
says() {
	cat "$tmp/out" "$tmp/err" | grep -q -- "$1" ||
		fail "$p does not say '$1': $(cat "$tmp/out" "$tmp/err" | head -c 400)"
}

# The table of README.md, "| 64 | usage error (EX_USAGE) |" ...
readme=$src/README.md
for p in eppctl epp-rpc epp-gate epp-sim eppkit-gencerts; do
	expect 0 "$p" --help
	[ -s "$tmp/err" ] && fail "$p --help wrote to stderr"
	grep -q "^exit status:" "$tmp/out" || fail "$p --help: no exit status"
	# every status line of --help is a row of the README's table
	sed -n '/^exit status:/,/^[^ ]/p' "$tmp/out" |
		sed -n 's/^ *\([0-9][0-9]*\)  \(.*\)$/| \1 | \2 |/p' >"$tmp/rows"
	[ -s "$tmp/rows" ] || fail "$p --help: no status lines"
	while IFS= read -r row; do
		grep -qF -- "$row" "$readme" ||
			fail "$p --help says '$row', README.md does not"
	done <"$tmp/rows"
	expect 0 "$p" --version
	[ "$(cat "$tmp/out")" = "$p $version" ] ||
		fail "$p --version: '$(cat "$tmp/out")', not '$p $version'"
	expect 64 "$p" --no-such-option
	says "unknown option '--no-such-option'"
done

# Bad numbers, missing values, options that need another.
expect 64 eppctl --timeout abc hello
says "--timeout: expected a whole number"
expect 64 eppctl hello --port 70000
says "not '70000'"
expect 64 eppctl hello --port
says "option '--port' needs a value"
expect 64 eppctl --cert c.pem hello
says "--cert needs --key"
expect 64 epp-rpc --port abc domain_check a.example
says "--port: expected a whole number"
expect 64 epp-rpc --repeat abc domain_check a.example
expect 64 epp-rpc --concurrency 4 domain_check a.example
says "--concurrency needs --repeat"
expect 64 epp-rpc --dry-run domain_renew a.example 2030-01-01 period=x
says "period=: expected a whole number"
expect 64 epp-rpc --cert c.pem --tls domain_check a.example
says "--cert needs --key"
expect 64 epp-rpc poll-listen
says "poll-listen needs --exchange NAME"
expect 64 epp-rpc --exchange epp_poll domain_check a.example
says "--exchange needs the poll-listen command"
expect 64 epp-rpc poll-listen --exchange epp_poll --count 0
says "--count"
expect 64 epp-rpc poll-listen --exchange epp_poll extra
says "poll-listen takes no arguments"
expect 64 epp-gate --poll-interval 0
says "--poll-interval: seconds from 1 to 86400"
expect 64 epp-gate --poll-exchange amq.fanout
says "not starting with 'amq.'"
expect 64 epp-gate --sessions abc
says "--sessions"
expect 64 epp-gate --cert c.pem
says "--cert needs --key"
expect 64 epp-sim --delay-ms soon
says "--delay-ms: expected a whole number"
expect 64 epp-sim --require-client-cert --cert a --key b --users c
says "needs --ca"
expect 64 eppkit-gencerts --days many "$tmp/certs"

# Unknown commands say the nearest name.
expect 64 eppctl domian check a.example
says "did you mean domain?"
expect 64 eppctl domain chek a.example
says "did you mean check?"
expect 64 epp-rpc domain_chek a.example
says "did you mean domain_check?"

# Options after the command and its arguments; -- ends them; nothing
# that starts with - is data unless it follows --.
expect 0 eppctl xml '{"cmd":"poll_req"}' --cltrid ABC-after
says "<clTRID>ABC-after</clTRID>"
expect 64 eppctl xml '{"cmd":"poll_req"}' --timeout x
expect 0 epp-rpc domain_check a.example --dry-run
[ "$(cat "$tmp/out")" = '{"cmd":"domain_check","args":{"domains":["a.example"]}}' ] ||
	fail "epp-rpc: option after the arguments: $(cat "$tmp/out")"
expect 64 epp-rpc --dry-run domain_check a.example --brief=x
expect 64 epp-rpc --dry-run domain_check -a.example
says "unknown option '-a'"
expect 0 epp-rpc --dry-run domain_check -- -a.example
says '"domains":\["-a.example"\]'
expect 64 epp-gate -n unexpected
says "unexpected argument 'unexpected'"
expect 64 epp-sim stray --quiet
expect 0 eppkit-gencerts "$tmp/certs" --days 2
[ -s "$tmp/certs/ca.pem" ] && [ -s "$tmp/certs/client.key" ] ||
	fail "eppkit-gencerts DIR --days 2 wrote no certificates"
expect 0 eppkit-gencerts -- "$tmp/-dash"
[ -s "$tmp/-dash/ca.pem" ] || fail "eppkit-gencerts -- -dash"
[ -e ./--help ] && fail "a folder named --help"

# 66: an input file missing or unreadable, named with the reason.
expect 66 eppctl --epp "$tmp/missing.txt" hello
says "missing.txt: No such file or directory"
expect 66 eppctl json "$tmp/missing.xml"
expect 66 epp-rpc --conf "$tmp/missing.json" domain_check a.example
says "missing.json: No such file or directory"
expect 66 epp-gate -n -e "$tmp/missing-epp" -r "$tmp/missing-rmq"
says "missing-epp: No such file or directory"
expect 66 epp-sim --cert "$tmp/missing.pem" --key "$tmp/certs/server.key" \
	--users "$tmp/users"
says "missing.pem: No such file or directory"
expect 66 eppkit-gencerts "$tmp/no/such/dir"

# 78: a configuration that cannot work.
echo "localhost" >"$tmp/epp-broken.txt"
echo "127.0.0.1 5672 gate gate-password" >"$tmp/rmq.txt"
echo "127.0.0.1 700 registrar-1 registrar-pw" >"$tmp/epp.txt"
expect 78 eppctl --epp "$tmp/epp-broken.txt" hello
expect 78 epp-gate -n -e "$tmp/epp-broken.txt" -r "$tmp/rmq.txt"
says "epp-broken.txt"
echo '{"host": "127.0.0.1"}' >"$tmp/conf.json"
expect 78 epp-rpc --conf "$tmp/conf.json" domain_check a.example
says "no broker username"
echo "x y z" >"$tmp/users"
expect 78 epp-sim --cert "$tmp/certs/server.pem" --key "$tmp/certs/server.key" \
	--users "$tmp/users"

# epp-gate -n checks for real: secret files private to their owner, the
# certificate, key (with its passphrase) and CA load, the hosts resolve.
chmod 600 "$tmp/epp.txt" "$tmp/rmq.txt" "$tmp"/certs/*.key
chmod 640 "$tmp/epp.txt"
expect 78 epp-gate -n -e "$tmp/epp.txt" -r "$tmp/rmq.txt"
says "epp.txt is open to group or others (mode 0640)"
chmod 600 "$tmp/epp.txt"
chmod 604 "$tmp/certs/client.key"
expect 78 epp-gate -n -e "$tmp/epp.txt" -r "$tmp/rmq.txt" \
	--cert "$tmp/certs/client.pem" --key "$tmp/certs/client.key"
says "client.key is open to group or others (mode 0604)"
chmod 600 "$tmp/certs/client.key"
expect 78 epp-gate -n -e "$tmp/epp.txt" -r "$tmp/rmq.txt" \
	--cert "$tmp/certs/client.pem" --key "$tmp/certs/server.key"
says "does not match the certificate"
expect 78 epp-gate -n -e "$tmp/epp.txt" -r "$tmp/rmq.txt" \
	--ca "$tmp/certs/client.key"
says "CA file (--ca)"
expect 78 epp-gate -n -e "$tmp/epp.txt" -r "$tmp/rmq.txt" \
	--cert "$tmp/certs/client.pem" --key "$tmp/certs/client-enc.key"
says "give --key-passphrase-file"
echo "test-passphrase" >"$tmp/pass"
chmod 600 "$tmp/pass"
expect 0 epp-gate -n -e "$tmp/epp.txt" -r "$tmp/rmq.txt" \
	--ca "$tmp/certs/ca.pem" --cert "$tmp/certs/client.pem" \
	--key "$tmp/certs/client-enc.key" --key-passphrase-file "$tmp/pass"
says "client certificate .*client.pem, key .*client-enc.key"
grep -q "test-passphrase" "$tmp/out" "$tmp/err" 2>/dev/null &&
	fail "epp-gate -n shows the key's passphrase"
echo "no-such-host.invalid 700 registrar-1 registrar-pw" >"$tmp/epp-nohost.txt"
chmod 600 "$tmp/epp-nohost.txt"
expect 78 epp-gate -n -e "$tmp/epp-nohost.txt" -r "$tmp/rmq.txt"
says "registry host no-such-host.invalid port 700 does not resolve"

# 0: a configuration check that passes.
expect 0 epp-gate -n -e "$tmp/epp.txt" -r "$tmp/rmq.txt"
says "configuration OK"
echo "registrar1 password1" >"$tmp/users-ok"
expect 0 epp-sim -n --cert "$tmp/certs/server.pem" --key "$tmp/certs/server.key" \
	--users "$tmp/users-ok"
expect 78 epp-sim -n --cert "$tmp/certs/server.pem" \
	--key "$tmp/certs/client.key" --users "$tmp/users-ok"

# 3: connection or transport failure (port 1 on loopback: nothing there).
expect 3 eppctl --host 127.0.0.1 --port 1 hello
expect 3 epp-rpc --host 127.0.0.1 --port 1 --user u \
	--password-file "$tmp/rmq.txt" domain_check a.example
says "RabbitMQ at 127.0.0.1:1: connection refused"
expect 64 epp-sim --listen 127.0.0.1:99999 --cert "$tmp/certs/server.pem" \
	--key "$tmp/certs/server.key" --users "$tmp/users-ok"
expect 3 epp-sim --listen 192.0.2.1:0 --cert "$tmp/certs/server.pem" \
	--key "$tmp/certs/server.key" --users "$tmp/users-ok"
says "--listen 192.0.2.1:0"

if [ $fails -ne 0 ]; then
	echo "$fails failed"
	exit 1
fi
echo "ok: every program keeps the command-line contract"
