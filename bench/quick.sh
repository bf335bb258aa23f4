#!/usr/bin/env bash
# The reduced form for CI (.ci/run calls it when it exists): the seven fault drills in their quick form
# (each under a minute; drill 1 simulates the PostgreSQL outage with a TCP proxy, so the shared server is
# never stopped), a short throughput benchmark against bare Bolt and the Home chart's drawing time.
# Exit status: non-zero only when a drill's correctness criterion fails. Speed goals are reported, never
# asserted. Full forms: `npm run drill` and `npm run bench` (see bench/REPORT.md).
set -uo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

# the drills run the built app: build when dist/ is missing or older than the sources
if [ ! -f dist/src/main.js ] || [ -n "$(find src migrations -newer dist/src/main.js -print -quit 2>/dev/null)" ]; then
  npm run build --silent || { echo "quick.sh: build failed"; exit 1; }
fi

status=0
node --require tsx/cjs bench/drills/run.ts --quick || status=1

node --require tsx/cjs bench/run.ts --quick --only throughput --runs 1 --no-pglite --only-20 --only-delegate \
  || echo "quick.sh: the throughput benchmark could not run (reported, not a correctness failure)"

# drawing the Home chart (a few seconds, no seed): the < 100 ms goal, reported
node --require tsx/cjs bench/run.ts --quick --only chart --runs 1 \
  || echo "quick.sh: the chart benchmark could not run (reported, not a correctness failure)"

echo "quick.sh: $(( $(date +%s) - start )) s; drills $([ "$status" -eq 0 ] && echo passed || echo FAILED)"
exit "$status"
