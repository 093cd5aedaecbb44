#!/bin/sh
# make deb: the Debian packages of eppkit, built by dpkg-buildpackage from
# a copy of the source tree in OUT/src, so that the packages, .changes and
# .buildinfo land in OUT (dpkg-buildpackage writes to the parent folder)
# and the checkout stays clean. Then lintian must find no error or warning.
# Usage: scripts/build-deb.sh [OUT]   (default build-deb)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-build-deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)
case "$out" in
"$here") echo "build-deb: OUT must not be the source tree" >&2; exit 2 ;;
esac
rm -rf "$out/src" "$out"/*.deb "$out"/*.ddeb "$out"/*.changes \
	"$out"/*.buildinfo
mkdir "$out/src"

# The sources: what git tracks plus new files it does not ignore; outside
# a git checkout, everything but build folders.
cd "$here"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# (a tracked file deleted in the work tree is left out)
	# shellcheck disable=SC2016
	git ls-files -z --cached --others --exclude-standard |
		xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -cf - | tar -C "$out/src" -xf -
else
	tar --exclude='./build' --exclude='./build-*' --exclude=./.run \
		-cf - . | tar -C "$out/src" -xf -
fi

cd "$out/src"
dpkg-buildpackage -us -uc -b
cd "$out"
rm -rf src

echo "== packages in $out"
ls -1 ./*.deb
echo "== lintian (errors and warnings fail)"
lintian --fail-on error,warning --display-level '>=info' \
	--show-overrides ./*.changes
echo "lintian: clean"
