#!/bin/sh
# Run every test of a build tree; a test that ctest skips or does not run
# fails the run, so a missing dependency never passes unnoticed.
# Usage: scripts/run-tests.sh [BUILD_DIR] [ctest args]
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
log=$(mktemp)
trap 'rm -f "$log" "$log.rc"' EXIT
{
	rc=0
	ctest --test-dir "$build" --output-on-failure --timeout 600 "$@" 2>&1 ||
		rc=$?
	echo $rc >"$log.rc"
} | tee "$log"
rc=$(cat "$log.rc")
if grep -q -e '\*\*\*Skipped' -e '\*\*\*Not Run' -e 'tests did not run' "$log"; then
	echo "run-tests: some tests were skipped or did not run (above);" \
		"every test must run" >&2
	exit 1
fi
if grep -q 'No tests were found' "$log"; then
	echo "run-tests: no tests found in $build" >&2
	exit 1
fi
exit $rc
