#!/bin/sh
# `npm start` and `npm run sandbox`. Without NODE_ENV=production: TypeScript through tsx (scripts/start.mjs), so a
# newcomer's `npm install && npm start` needs no build. With it: dist/ is built when missing or older than src/,
# then this shell *becomes* billgraph (`exec node`, the heap bound of scripts/heap-bound.mjs given as a flag), so no
# launcher process stays behind it: signals reach billgraph itself, and its exit code is the script's.
set -e
root=$(dirname "$0")/..
entry=${1:-main}
if [ "$NODE_ENV" != production ]; then exec node "$root/scripts/start.mjs" "$entry"; fi
# Builds dist/ when stale (its output on stderr) and prints the heap flag, or nothing.
heap=$(node "$root/scripts/start.mjs" --prepare "$entry")
# $heap unquoted on purpose: empty is no argument at all, and the flag holds no space.
exec node $heap "$root/dist/$entry.js"
