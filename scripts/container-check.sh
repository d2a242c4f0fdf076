#!/usr/bin/env bash
# Replays the Dockerfile's stages without a Docker engine (none runs on the machines that test this
# repository), on a temporary copy of exactly what .dockerignore lets into the build context:
#   build            package files, tsconfig and src/ -> `npm run build` (tsc -p tsconfig.build.json) -> dist/
#                    (on the dependencies CI installed with `npm ci` from the same lockfile)
#   production-deps  `npm ci --omit=dev --ignore-scripts` on package.json + package-lock.json
#   final image      NODE_ENV=production `node dist/main.js`, the HEALTHCHECK command on /livez, /readyz,
#                    one GraphQL query, then STOPSIGNAL SIGTERM -> the drain -> exit 0
# Called by .ci/run after `npm test`. Never installs anything in the repository itself.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d -t billgraph-image.XXXXXX)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== container-check: build stage (in $work/build)"
mkdir -p "$work/build" "$work/app"
cp "$root/package.json" "$root/package-lock.json" "$root/tsconfig.json" "$root/tsconfig.build.json" "$work/build/"
cp -R "$root/src" "$work/build/src"
ln -s "$root/node_modules" "$work/build/node_modules"
(cd "$work/build" && npm run -s build)
test -f "$work/build/dist/main.js"

echo "== container-check: production-deps stage (npm ci --omit=dev)"
cp "$root/package.json" "$root/package-lock.json" "$work/app/"
(cd "$work/app" && npm ci --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error)
if [ -e "$work/app/node_modules/vitest" ] || [ -e "$work/app/node_modules/typescript" ]; then
  echo "container-check: dev dependencies in the production node_modules" >&2
  exit 1
fi

echo "== container-check: final image (node dist/main.js, NODE_ENV=production)"
cp -R "$work/build/dist" "$work/app/dist"
port="$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")"
log="$work/billgraph.log"
(cd "$work/app" && exec env -i PATH="$PATH" NODE_ENV=production BILLGRAPH_CURSOR_SECRET=container-check-cursor-secret-0123456789abcdef HOST=127.0.0.1 PORT="$port" node dist/main.js >"$log" 2>&1) &
pid=$!
for _ in $(seq 1 100); do
  grep -q 'listening' "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.2
done
grep -q 'listening' "$log" || { echo "container-check: billgraph did not start" >&2; cat "$log" >&2; exit 1; }

# The Dockerfile's HEALTHCHECK command, verbatim.
PORT="$port" node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ready="$(curl -fsS "http://127.0.0.1:$port/readyz")"
echo "   /readyz: $ready"
answer="$(curl -fsS -H 'content-type: application/json' -d '{"query":"{ upcomingInvoice { amountDue { amount currency } } }"}' "http://127.0.0.1:$port/graphql")"
echo "   query: $answer"
case "$answer" in *'"currency":"USD"'*) ;; *) echo "container-check: unexpected answer" >&2; exit 1 ;; esac

kill -TERM "$pid"
set +e
wait "$pid"
code=$?
set -e
pid=""
if [ "$code" -ne 0 ]; then
  echo "container-check: exit code $code after SIGTERM (want 0)" >&2
  cat "$log" >&2
  exit 1
fi
echo "== container-check: passed (exit 0 after SIGTERM)"
