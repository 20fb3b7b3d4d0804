#!/usr/bin/env bash
# Clones the committed state into a temporary folder and runs what a newcomer runs:
# the README's bench command (quick, to keep it short) and the CI script.
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/parabench"
cd "$work/parabench"
npm install --no-audit --no-fund
npm run bench -- --scenario cpu --quick
bash .ci/run
