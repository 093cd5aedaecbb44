#!/bin/sh
# The manual pages: every page clean under mandoc -Tlint (a reference to a
# page not installed on this machine aside), and every public function of
# libepp and libepprpc named (.Nm) in a section 3 page.
# Usage: scripts/check-man.sh
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
rc=0
for page in "$src"/man/*.[1-8]; do
	out=$(mandoc -Tlint -Wall "$page" 2>&1 |
		grep -v -e 'referenced manual not found' -e 'mandoc.db' || true)
	if [ -n "$out" ]; then
		echo "$out" >&2
		rc=1
	fi
done
n=0
for name in $(cat "$src"/include/epp/*.h "$src"/include/epprpc/*.h | tr '\n' ' ' |
	grep -o 'EPP\(RPC\)\{0,1\}_EXTERN([^)]*)[[:space:]]*[a-z_0-9]*' |
	grep -v '_EXTERN(type)' | sed 's/.*)[[:space:]]*//' | sort -u); do
	n=$((n + 1))
	if ! grep -q "^\.Nm $name\( ,\)\{0,1\}$" "$src"/man/*.3; then
		echo "check-man: $name is in no man(3) page" >&2
		rc=1
	fi
done
echo "check-man: $(ls "$src"/man/*.[1-8] | wc -l) pages, $n functions"
exit $rc
