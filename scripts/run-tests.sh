#!/bin/sh
# Run every test of a build tree. Usage: scripts/run-tests.sh [BUILD_DIR] [ctest args]
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
exec ctest --test-dir "$build" --output-on-failure --timeout 600 "$@"
