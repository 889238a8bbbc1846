#!/usr/bin/env bash
# Times `npm start` until GET /ready answers 200, then stops the hub. `--cold` first deletes the embedded data and
# the build, as on a fresh clone. Usage: scripts/time-start.sh [--cold]
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-4000}"
if [ "${1:-}" = "--cold" ]; then rm -rf .data dist; fi
log=$(mktemp)
start=$(date +%s%N)
npm start >"$log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:${port}/ready" >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; exit 1; fi
  sleep 0.1
done
end=$(date +%s%N)
echo "ready after $(( (end - start) / 1000000 )) ms"
grep -o 'seeded [a-z]* demo data.*"ms":[0-9]*' "$log" || true
pkill -INT -f "dist/src/main.js start" || true
wait "$pid" 2>/dev/null || true
rm -f "$log"
