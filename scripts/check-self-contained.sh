#!/bin/sh
# The repository stands alone: no tracked file may refer to a folder beside
# the checkout. Prints each offending line and fails when there is one.
# Usage: scripts/check-self-contained.sh [SOURCE_DIR]
set -eu
cd "${1:-$(dirname "$0")/..}"
up=..
pattern="$up/shared"
if git grep -n -F "$pattern" -- . ; then
	echo "check-self-contained: the files above refer to $pattern;" \
		"copy what they need into the repository" >&2
	exit 1
fi
echo "check-self-contained: no tracked file refers to $pattern"
