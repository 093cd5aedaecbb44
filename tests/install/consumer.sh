#!/bin/sh
# Install the build tree into a temporary DESTDIR and build a small
# consumer of libepp and libepprpc against it, with CMake
# (find_package(eppkit CONFIG), shared and static) and with pkg-config
# (shared and static); run each program.
# Usage: consumer.sh BUILD_DIR SOURCE_DIR
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d /tmp/eppkit-consumer.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
DESTDIR="$tmp/root" cmake --install "$build" >"$tmp/install.log"
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
root="$tmp/root$prefix"
pc=$(find "$root" -name libepp.pc)
pcdir=$(dirname "$pc")
libdir=$(dirname "$pcdir")
[ -f "$pcdir/libepprpc.pc" ] || { echo "no libepprpc.pc installed" >&2; exit 1; }
if grep -rl "PkgConfig::" "$libdir/cmake/eppkit"; then
	echo "the installed CMake package names pkg-config targets" >&2
	exit 1
fi

check() { # PROGRAM HOW: runs it, wants no libepp.so when static
	out=$(LD_LIBRARY_PATH="$libdir" "$1")
	case "$out" in
	"consumer ok: libepp "*) ;;
	*) echo "$2: unexpected output: $out" >&2; exit 1 ;;
	esac
	needed=$(readelf -d "$1" | grep NEEDED || true)
	case "$2" in
	*static*)
		if echo "$needed" | grep -q 'libepp'; then
			echo "$2: still needs a shared libepp" >&2; exit 1
		fi ;;
	*)
		echo "$needed" | grep -q 'libepp\.so' &&
			echo "$needed" | grep -q 'libepprpc\.so' ||
			{ echo "$2: not linked to the shared libraries" >&2; exit 1; } ;;
	esac
	echo "$2: $out"
}

for kind in shared static; do
	static=OFF
	[ "$kind" = static ] && static=ON
	cmake -S "$src/tests/install/consumer" -B "$tmp/cmake-$kind" \
		-DCMAKE_PREFIX_PATH="$root" -DCONSUMER_STATIC=$static \
		>"$tmp/cmake-$kind.log" 2>&1 ||
		{ cat "$tmp/cmake-$kind.log" >&2; exit 1; }
	cmake --build "$tmp/cmake-$kind" >>"$tmp/cmake-$kind.log" 2>&1 ||
		{ cat "$tmp/cmake-$kind.log" >&2; exit 1; }
	check "$tmp/cmake-$kind/consumer" "cmake $kind"
done

# pkg-config: the .pc files name the final prefix; the sysroot maps it
# into the DESTDIR.
export PKG_CONFIG_SYSROOT_DIR="$tmp/root" PKG_CONFIG_PATH="$pcdir"
cc=${CC:-cc}
# shellcheck disable=SC2046
$cc -o "$tmp/pc-shared" "$src/tests/install/consumer/consumer.c" \
	$(pkg-config --cflags --libs libepp libepprpc)
check "$tmp/pc-shared" "pkg-config shared"
# Static libepp and libepprpc, their dependencies as this machine has
# them (shared): the packages of Requires.private, which must all exist.
private=$(pkg-config --print-requires-private libepp libepprpc |
	awk '{print $1}' | sort -u | tr '\n' ' ')
pkg-config --static --libs libepp libepprpc >/dev/null
# shellcheck disable=SC2046,SC2086
$cc -o "$tmp/pc-static" "$src/tests/install/consumer/consumer.c" \
	$(pkg-config --cflags libepp libepprpc) \
	"$libdir/libepp.a" "$libdir/libepprpc.a" \
	$(pkg-config --libs $private libepprpc | sed 's/-lepprpc\b//') -lpthread
check "$tmp/pc-static" "pkg-config static"
