#!/bin/sh
# Render's startCommand. Render has no post-deploy command: the check after the deploy runs here, on each new
# instance, before it serves. verify --truth reads every file of ./public and compares it with the certificate the
# build signed; any added, removed or changed file (or a certificate that does not hold) stops the instance, so it
# never passes its health check and Render keeps the previous deploy live.
set -eu
cd "$(dirname "$0")/.."
./bin/chimeractl verify --platform render --truth --dir ./public --certificate ./chimera/docs.dsse.json
exec node server.js
