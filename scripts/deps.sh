#!/bin/sh
# Install the Debian packages eppkit needs, only those that are missing.
# Usage: scripts/deps.sh [build|test|demo|deb]
set -eu
want=${1:-test}
pkgs="cmake make gcc pkg-config libssl-dev libxml2-dev libxml2-utils
libjansson-dev librabbitmq-dev libcurl4-openssl-dev libsqlite3-dev
libcmocka-dev clang
libedit-dev libidn2-dev libmicrohttpd-dev
openssl"
case "$want" in
build) ;;
test) pkgs="$pkgs rabbitmq-server libnet-epp-perl libxml-libxml-perl python3 mandoc
valgrind prometheus" ;;
demo) pkgs="$pkgs rabbitmq-server" ;;
# make deb: dpkg-buildpackage (dpkg-dev, which wants build-essential),
# debhelper, lintian; systemd for systemd-analyze, which checks the unit.
deb) pkgs="$pkgs build-essential dpkg-dev debhelper fakeroot lintian systemd" ;;
*) echo "usage: $0 [build|test|demo|deb]" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# rabbitmq-server and prometheus must not start system services: the tests
# and the demo run private ones.
if echo "$missing" | grep -q -e rabbitmq-server -e prometheus &&
    [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod +x /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
