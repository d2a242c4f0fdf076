/**
 * billgraph beside GraphQL Mesh + Hive Gateway (bench/mesh, installed separately) on the same sandbox upstream,
 * the same fields selected on both sides: gateway CPU per answer and req/s, rounds interleaved (the order flips
 * each round) so machine drift hits both. Also the direct upstream GET at each latency: the latency bound.
 */
import { CF_DEFAULT_ACCOUNT } from '../src/sandbox/cloudflare/data.js';
import { SANDBOX_CREDENTIALS } from '../src/sandbox/credentials.js';
import { runLoad, setUpstreamLatency, type LoadResult } from './load.js';
import type { Server } from './servers.js';

const CF_UPCOMING_FIELDS = `lines(first: 10) { nodes { description amount { amount } quantity unitAmount { amount } periodStart periodEnd credits { amount { amount } type } } }`;

interface Pair {
  name: string;
  upstream: 'cloudflare' | 'flexprice';
  /** The upstream GET this read costs, for the latency bound (null: not a single GET). */
  directPath: string | null;
  billgraph: string;
  mesh: string;
}

const CF_BILLING = `/cloudflare/client/v4/accounts/${CF_DEFAULT_ACCOUNT}/ai-gateway/billing`;

export const PAIRS: Pair[] = [
  {
    name: 'Cloudflare upcoming invoice, 10 lines',
    upstream: 'cloudflare',
    directPath: `${CF_BILLING}/invoice-preview`,
    billgraph: `{ upcomingInvoice(provider: CLOUDFLARE) { id status currency amountDue { amount currency } amountRemaining { amount } periodStart periodEnd ${CF_UPCOMING_FIELDS} } }`,
    mesh: `{ aig_billing_get_invoice_preview(account_id: "${CF_DEFAULT_ACCOUNT}") { ... on InvoicePreviewResponse { result { id status currency amount_due amount_remaining period_start period_end
  invoice_lines { description amount quantity pricing { unit_amount_decimal } period { start end } pretax_credit_amounts { amount type } } } } } }`,
  },
  {
    name: 'Cloudflare history, 20 invoices',
    upstream: 'cloudflare',
    directPath: `${CF_BILLING}/invoice-history?type=all&page=1&per_page=50`,
    billgraph: `{ invoices(provider: CLOUDFLARE, first: 20) { nodes { id status amountDue { amount currency } createdAt } } }`,
    mesh: `{ aig_billing_get_invoice_history(account_id: "${CF_DEFAULT_ACCOUNT}", type: all, page: 1, per_page: 20) { ... on InvoiceHistoryResponse { result { invoices { id status amount_due currency created } } } } }`,
  },
  {
    name: 'Flexprice history, 20 invoices',
    upstream: 'flexprice',
    directPath: null,
    billgraph: `{ invoices(provider: FLEXPRICE, customer: "cust_acme_usd", first: 20) { totalCount nodes { id status amountDue { amount currency } } } }`,
    mesh: `{ queryInvoice(input: { customer_id: "cust_acme_usd", limit: 20, offset: 0 }) {
  ... on ListInvoicesResponse { items { id invoice_status amount_due currency } pagination { total } } } }`,
  },
];

export interface VersusRow {
  pair: string;
  latencyMs: number;
  round: number;
  billgraph: LoadResult;
  mesh: LoadResult;
  direct: LoadResult | null;
}

const post = (url: string, query: string) => ({
  url,
  method: 'POST' as const,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query }),
});

/** Both sides must answer without errors, or the numbers would measure failures. */
async function check(url: string, query: string): Promise<void> {
  const response = await fetch(url, post(url, query));
  const text = await response.text();
  if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 400)}`);
}

export async function versus(
  sandboxUrl: string,
  billgraph: Server,
  mesh: Record<Pair['upstream'], Server>,
  options: { seconds: number; rounds: number; connections: number; latencies: number[] },
  log: (line: string) => void,
): Promise<VersusRow[]> {
  const rows: VersusRow[] = [];
  for (const latencyMs of options.latencies) {
    for (const pair of PAIRS.filter((p) => latencyMs === 0 || p.directPath)) {
      await setUpstreamLatency(sandboxUrl, pair.upstream, latencyMs);
      await check(billgraph.url, pair.billgraph);
      await check(mesh[pair.upstream].url, pair.mesh);
      for (let round = 1; round <= options.rounds; round += 1) {
        const sides = { billgraph: [billgraph, pair.billgraph], mesh: [mesh[pair.upstream], pair.mesh] } as const;
        const order = round % 2 === 1 ? (['billgraph', 'mesh'] as const) : (['mesh', 'billgraph'] as const);
        const result = {} as Record<'billgraph' | 'mesh', LoadResult>;
        for (const side of order) {
          const [server, query] = sides[side];
          result[side] = await runLoad(
            { ...post(server.url, query), connections: options.connections, seconds: options.seconds, pgid: server.pgid },
            3,
          );
        }
        const direct =
          latencyMs > 0 && pair.directPath && round === 1
            ? await runLoad({
                url: `${sandboxUrl}${pair.directPath}`,
                method: 'GET',
                headers: { authorization: `Bearer ${SANDBOX_CREDENTIALS.cloudflare.token}` },
                connections: options.connections,
                seconds: options.seconds,
                pgid: null,
              })
            : null;
        rows.push({ pair: pair.name, latencyMs, round, billgraph: result.billgraph, mesh: result.mesh, direct });
        log(
          `${pair.name} upstream ${latencyMs} ms round ${round}: billgraph ${result.billgraph.rps.toFixed(0)} req/s ${result.billgraph.cpuMsPerAnswer.toFixed(2)} CPU ms/answer; mesh ${result.mesh.rps.toFixed(0)} req/s ${result.mesh.cpuMsPerAnswer.toFixed(2)} CPU ms/answer` +
            (direct ? `; direct ${direct.rps.toFixed(0)} req/s` : ''),
        );
      }
    }
  }
  await setUpstreamLatency(sandboxUrl, 'cloudflare', 0);
  return rows;
}
