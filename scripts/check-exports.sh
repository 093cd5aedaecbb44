#!/bin/sh
# The public surface of the libraries, checked against what is committed:
# the symbols each shared library exports (nm -D) against
# debian/<lib>1.symbols, so an accidental export or a removal fails; and
# every public header included by its umbrella (epp/epp.h,
# epprpc/epprpc.h).
# Usage: scripts/check-exports.sh [BUILD_DIR]   (default build)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rc=0
for lib in epp epprpc; do
	so="$build/lib/lib$lib.so"
	list="$src/debian/lib${lib}1.symbols"
	[ -f "$so" ] || { echo "check-exports: no $so" >&2; exit 1; }
	nm -D --defined-only "$so" | awk 'NF == 3 && $2 ~ /^[TDBRVW]$/ {print $3}' |
		sort -u >"$tmp/have"
	sed -n 's/^ \([^@]*\)@.*/\1/p' "$list" | sort -u >"$tmp/want"
	added=$(comm -13 "$tmp/want" "$tmp/have")
	removed=$(comm -23 "$tmp/want" "$tmp/have")
	if [ -n "$added" ]; then
		echo "check-exports: lib$lib exports symbols not in" \
			"debian/lib${lib}1.symbols (a new API? add them):" >&2
		echo "$added" | sed 's/^/  + /' >&2
		rc=1
	fi
	if [ -n "$removed" ]; then
		echo "check-exports: lib$lib no longer exports (an ABI" \
			"break):" >&2
		echo "$removed" | sed 's/^/  - /' >&2
		rc=1
	fi
	echo "check-exports: lib$lib: $(wc -l <"$tmp/have") exported symbols"
done
for pair in epp:epp.h epprpc:epprpc.h; do
	dir=${pair%%:*}
	umbrella=${pair#*:}
	for h in "$src/include/$dir"/*.h; do
		name=$(basename "$h")
		[ "$name" = "$umbrella" ] && continue
		if ! grep -q "^#include \"$name\"" "$src/include/$dir/$umbrella"; then
			echo "check-exports: $dir/$umbrella does not include" \
				"$name" >&2
			rc=1
		fi
	done
done
exit $rc
