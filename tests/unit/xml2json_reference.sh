#!/bin/sh
# eppctl json gives byte for byte what the original gate's recipe
# (tests/tools/xml2json_ref.py) gives, for every document both accept:
# the shared samples, the golden replies, the extension fixtures of
# tests/data/ext and the fuzz corpora. Both print
# one line per input, in order.
# Usage: xml2json_reference.sh EPPCTL SOURCE_DIR SAMPLES_DIR
set -eu
eppctl=$1
src=$2
samples=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
set -- "$samples"/*.xml "$src"/tests/data/*/reply.xml "$src"/tests/data/ext/*.xml \
	"$src"/fuzz/corpus/xml2json/* "$src"/fuzz/corpus/response/*
"$eppctl" json "$@" >"$tmp/ours" || true
python3 "$src"/tests/tools/xml2json_ref.py "$@" >"$tmp/ref"
[ "$(wc -l <"$tmp/ours")" -eq $# ] || { echo "eppctl: not one line per input" >&2; exit 1; }
[ "$(wc -l <"$tmp/ref")" -eq $# ] || { echo "reference: not one line per input" >&2; exit 1; }
both=0
i=0
exec 3<"$tmp/ours" 4<"$tmp/ref"
for f in "$@"; do
	i=$((i + 1))
	IFS= read -r ours <&3
	IFS= read -r ref <&4
	case "$ours" in '{"error"'*) continue ;; esac
	[ -n "$ref" ] || continue
	if [ "$ours" != "$ref" ]; then
		printf 'differs: %s\nours: %s\nref:  %s\n' "$f" "$ours" "$ref" >&2
		exit 1
	fi
	both=$((both + 1))
done
echo "xml2json reference: $both of $# documents compared, all equal"
[ "$both" -ge 60 ]
