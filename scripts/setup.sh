#!/bin/sh
# Installs what Chimera needs on a Debian machine, then checks the Swift toolchain.
# Usage: scripts/setup.sh [--bench]   (--bench adds the peers `make bench` compares against)
set -eu

# systemd: its systemd-analyze checks systemd/chimera.service in the tests (verify, security). curl: the git hooks.
packages="make python3 ca-certificates git pkg-config libgit2-dev bubblewrap libsqlite3-dev sqlite3 openssl libcurl4-openssl-dev systemd curl"
if [ "${1:-}" = "--bench" ]; then
    packages="$packages ruby-html-proofer hyperfine time rhash wrk webhook"
fi

missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
if [ -n "$missing" ]; then
    echo "setup: installing$missing"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        echo "setup: swift is at /opt/swift/usr/bin; add it to PATH (the Makefile does)"
    else
        echo "setup: Swift 6 is missing: install it from https://www.swift.org/install/linux/ into /opt/swift" >&2
        exit 2
    fi
fi
