#!/bin/sh
# Puts chimeractl at ./bin/chimeractl on Render's build image: downloads the release binary named by
# CHIMERACTL_URL and checks it against CHIMERACTL_SHA256 (set both in the service's environment).
# Exit: 0 installed (or already there); 1 the download failed or the checksum does not match; 2 a variable is missing.
set -eu
cd "$(dirname "$0")/.."
if [ -x bin/chimeractl ] && bin/chimeractl --version >/dev/null 2>&1; then
    echo "chimeractl $(bin/chimeractl --version) already in bin/"
    exit 0
fi
: "${CHIMERACTL_URL:?set CHIMERACTL_URL to the URL of a chimeractl release binary (see README.md)}"
: "${CHIMERACTL_SHA256:?set CHIMERACTL_SHA256 to the binary's SHA-256, so a changed download is refused}"
mkdir -p bin
curl --fail --silent --show-error --location --max-time 120 --output bin/chimeractl.download "$CHIMERACTL_URL" ||
    { echo "install-chimeractl: could not download $CHIMERACTL_URL" >&2; exit 1; }
actual=$(sha256sum bin/chimeractl.download | cut -d' ' -f1)
if [ "$actual" != "$CHIMERACTL_SHA256" ]; then
    rm -f bin/chimeractl.download
    echo "install-chimeractl: $CHIMERACTL_URL has SHA-256 $actual, not CHIMERACTL_SHA256=$CHIMERACTL_SHA256: refused" >&2
    exit 1
fi
chmod 0755 bin/chimeractl.download
mv -f bin/chimeractl.download bin/chimeractl
# A binary that cannot start (a missing shared library) fails here, in the build, rather than at deploy time.
bin/chimeractl --version >/dev/null || { echo "install-chimeractl: bin/chimeractl does not run here; see README.md (ldd)" >&2; exit 1; }
echo "installed chimeractl $(bin/chimeractl --version)"
