#!/usr/bin/env bash
# Runs one trial under GNU time and prints its real/user/sys, to hold against what
# `parabench bench` reports for the same row (the report prints each row's trial command).
# Usage: scripts/compare-with-time.sh [trial flags], e.g. --scenario cpu --strategy worker-threads --workers 2
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -b
exec /usr/bin/time -f 'GNU time: real %e s, user %U s, sys %S s' node dist/harness/cli.js trial "$@"
