#!/usr/bin/env bash
# A/B of billgraph's gateway at another commit against this work tree, on one machine, side by side:
# one sandbox (this tree's), two gateways, each measured in turn so both see the same machine state.
#   bash bench/compare-commits.sh <git-ref> [seconds per measurement, default 5] [rounds, default 2]
set -euo pipefail
cd "$(dirname "$0")/.."
REF=${1:?usage: bash bench/compare-commits.sh <git-ref> [seconds] [rounds]}
SECONDS_EACH=${2:-5}
ROUNDS=${3:-2}
OLD=$(mktemp -d)/billgraph-$REF
git worktree add -q --detach "$OLD" "$REF"
ln -s "$PWD/node_modules" "$OLD/node_modules"
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; git worktree remove --force "$OLD" || true; }
trap cleanup EXIT

SANDBOX_PORT=4610 node --import tsx src/sandbox/main.ts >/dev/null 2>&1 & PIDS+=($!)
sleep 3
GATEWAY_ENV=(LOG_LEVEL=silent BILLGRAPH_GRAPHIQL=false
  CLOUDFLARE_BASE_URL=http://127.0.0.1:4610/cloudflare/client/v4 CLOUDFLARE_API_TOKEN=sandbox-cloudflare-token CLOUDFLARE_ACCOUNT_ID=023e105f4ecef8ad9ca31a8372d0c353
  STRIPE_BASE_URL=http://127.0.0.1:4610/stripe STRIPE_SECRET_KEY=sk_test_sandbox_billgraph STRIPE_CUSTOMER_ID=cus_SbxAcmeUsd001
  FLEXPRICE_BASE_URL=http://127.0.0.1:4610/flexprice/v1 FLEXPRICE_API_KEY=sandbox-flexprice-key FLEXPRICE_CUSTOMER_ID=cust_acme_usd
  # One bench client would be one principal spending its budget in a second; the A/B measures the gateway's
  # work per answer, so the budgets are lifted (an older commit ignores the variables it does not know).
  BILLGRAPH_PRINCIPAL_BURST=1000000 BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND=100000 BILLGRAPH_STRIPE_RATE=off BILLGRAPH_CLOUDFLARE_RATE=off)
(cd "$OLD" && exec env "${GATEWAY_ENV[@]}" PORT=4621 node --import tsx src/main.ts >/dev/null 2>&1) & PIDS+=($!)
(exec env "${GATEWAY_ENV[@]}" PORT=4622 node --import tsx src/main.ts >/dev/null 2>&1) & PIDS+=($!)
sleep 6

QUERIES=(
  'upcomingInvoice (cloudflare, 10 lines)|{"query":"{ upcomingInvoice(provider: CLOUDFLARE) { id status currency amountDue { amount currency minorUnits } amountRemaining { amount } periodStart periodEnd lines(first: 10) { nodes { description amount { amount } quantity unitAmount { amount } periodStart periodEnd credits { amount { amount } type } } } } }"}'
  'invoices(first: 100) { customer { name } } (stripe)|{"query":"{ invoices(provider: STRIPE, first: 100) { nodes { id amountDue { amount } customer { name } } } }"}'
  'upcomingInvoice (flexprice)|{"query":"{ upcomingInvoice(provider: FLEXPRICE) { id status amountDue { amount currency } lines(first: 20) { nodes { description quantity amount { amount } } } } }"}'
)
echo "| round | query | $REF req/s | work tree req/s |"
echo "|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  for entry in "${QUERIES[@]}"; do
    name=${entry%%|*}; body=${entry#*|}
    results=()
    for port in 4621 4622; do
      npx autocannon -c 10 -d 1 -m POST -H content-type=application/json -b "$body" "http://127.0.0.1:$port/graphql" >/dev/null 2>&1
      results+=("$(npx autocannon -j -c 10 -d "$SECONDS_EACH" -m POST -H content-type=application/json -b "$body" "http://127.0.0.1:$port/graphql" 2>/dev/null \
        | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);process.stdout.write(j.non2xx||j.errors?'errors':String(Math.round(j.requests.average)))})")")
    done
    echo "| $round | $name | ${results[0]} | ${results[1]} |"
  done
done
