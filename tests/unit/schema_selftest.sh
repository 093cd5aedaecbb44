#!/bin/sh
# The schema set itself: every RFC sample of tests/data/samples and every
# schemas/selftest/valid-*.xml validates against schemas/all.xsd, every
# schemas/selftest/invalid-*.xml is rejected.
# Usage: schema_selftest.sh SOURCE_DIR
set -u
src=$1
xsd="$src/schemas/all.xsd"
bad=0
n=0
for f in "$src"/tests/data/samples/*.xml "$src"/schemas/selftest/valid-*.xml; do
	n=$((n + 1))
	if ! xmllint --noout --nonet --schema "$xsd" "$f" >/dev/null 2>&1; then
		echo "rejected but valid: $f" >&2
		bad=$((bad + 1))
	fi
done
for f in "$src"/schemas/selftest/invalid-*.xml; do
	n=$((n + 1))
	if xmllint --noout --nonet --schema "$xsd" "$f" >/dev/null 2>&1; then
		echo "accepted but invalid: $f" >&2
		bad=$((bad + 1))
	fi
done
echo "schema selftest: $n files checked, $bad unexpected"
[ "$n" -ge 30 ] && [ "$bad" -eq 0 ]
