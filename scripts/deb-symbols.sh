#!/bin/sh
# Rewrite debian/libepp1.symbols and debian/libepprpc1.symbols from the
# libraries in the packages `make deb` built. A symbol already listed keeps
# the version it came with; a new one gets the version of debian/changelog
# with a "~" (0.1.0~ sorts before 0.1.0): so the very build that records a
# symbol already counts it as released, and losing it fails that build too
# (dpkg-gensymbols forgives a symbol that disappears in the version that
# introduced it).
# Run it after adding an export (make deb reports the new symbol); a
# removed export fails make deb until the soname is raised.
# Usage: scripts/deb-symbols.sh [DEB_DIR]   (default build-deb)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "${1:-build-deb}" && pwd)
cd "$here"
version=$(dpkg-parsechangelog -S Version)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pair in libepp1:libepp-dev libepprpc1:libepprpc-dev; do
	pkg=${pair%%:*}
	dev=${pair#*:}
	deb=$(ls "$dir/${pkg}_${version}_"*.deb)
	dpkg-deb -x "$deb" "$tmp/$pkg"
	old=
	[ -f "debian/$pkg.symbols" ] && old="-Idebian/$pkg.symbols"
	# shellcheck disable=SC2086
	dpkg-gensymbols -q -c0 -v"$version~" -p"$pkg" -P"$tmp/$pkg" $old \
		-O"$tmp/$pkg.symbols"
	# The header line first, then the field that tells which -dev package
	# a build-dependency on the library goes through.
	{
		head -n 1 "$tmp/$pkg.symbols"
		echo "* Build-Depends-Package: $dev"
		tail -n +2 "$tmp/$pkg.symbols" | grep -v '^\* Build-Depends-Package:'
	} > "debian/$pkg.symbols"
	echo "debian/$pkg.symbols: $(grep -c '@Base' "debian/$pkg.symbols") symbols"
done
