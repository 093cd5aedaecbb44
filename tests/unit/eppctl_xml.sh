#!/bin/sh
# eppctl xml prints exactly the golden sent.xml of every tests/data case,
# and refuses an invalid request (or one with a duplicate key) with exit
# 64 and the field named.
# Usage: eppctl_xml.sh EPPCTL SOURCE_DIR
set -eu
eppctl=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for d in "$src"/tests/data/*/; do
	[ -f "$d/request.json" ] || continue
	"$eppctl" xml --cltrid ABC-12345 - <"$d/request.json" >"$tmp/out.xml"
	if ! cmp -s "$tmp/out.xml" "$d/sent.xml"; then
		echo "mismatch: $d" >&2
		exit 1
	fi
	n=$((n + 1))
done
rc=0
"$eppctl" xml '{"cmd":"domain_info","args":{}}' >"$tmp/out" 2>"$tmp/err" || rc=$?
[ "$rc" -eq 64 ] || { echo "exit $rc, wanted 64" >&2; exit 1; }
grep -q "name: is required" "$tmp/err"
[ ! -s "$tmp/out" ]
# two "args": refused like the gate refuses them, never the second used
rc=0
"$eppctl" xml '{"cmd":"domain_info","args":{"name":"a.example"},"args":{"name":"b.example"}}' \
	>"$tmp/out" 2>"$tmp/err" || rc=$?
[ "$rc" -eq 64 ] || { echo "duplicate keys: exit $rc, wanted 64" >&2; exit 1; }
grep -q "duplicate object key" "$tmp/err"
[ ! -s "$tmp/out" ]
echo "eppctl xml: $n golden cases"
[ "$n" -ge 21 ]
