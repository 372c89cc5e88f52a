#!/bin/sh
# Render's preDeployCommand (runs after the build, before the new instances start; a non-zero exit cancels the
# deploy). Render does not run it through a shell, hence this script.
#
# Simulates the folder about to be deployed with the blueprint's rules. --auto-heal applies ARIE's safe fixes to
# this copy and prints the patch (commit it: Render reads render.yaml from the repository, not from this copy),
# then simulates again. Exit: 0 the verdict passes; 1 it fails (the findings are in the deploy log); 2 bad input.
set -eu
cd "$(dirname "$0")/.."
exec ./bin/chimeractl simulate --platform render --service docs --dir ./public --auto-heal
