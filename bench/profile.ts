/**
 * `node --import tsx bench/profile.ts [seconds]`: a V8 CPU profile of billgraph's production build (dist/, built
 * first when stale) under load, one billgraph process per query so each profile holds one query only. Prints,
 * per query, CPU ms per answer, the share of samples in garbage collection, billgraph's own code, each
 * package and Node itself, and billgraph's top functions by self time. The .cpuprofile files stay in
 * bench/.tmp/profiles for Chrome DevTools. bench/HISTORY.md records the summaries.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HEAP_MB } from '../scripts/heap-bound.mjs';
import { runLoad } from './load.js';
import { BIG_STRIPE_PAGE, CLOUDFLARE_HISTORY, SCENARIOS } from './scenarios.js';
import { ROOT, startBillgraph, startSandbox, stopServers } from './servers.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

const STRIPE_PAGE = JSON.stringify({ query: '{ invoices(provider: STRIPE, first: 100) { nodes { customer { name } } } }' });
const QUERIES = [
  { name: 'cloudflare upcoming, 10 lines', body: SCENARIOS.find((s) => s.name.startsWith('billgraph: upcomingInvoice'))!.body! },
  { name: 'cloudflare history, 20 invoices', body: SCENARIOS.find((s) => s.name === CLOUDFLARE_HISTORY)!.body! },
  { name: 'stripe invoices(first: 100) { customer { name } }', body: STRIPE_PAGE },
  // bench/failure.ts bigpages: 100 invoices with lines and customer (over the default call cap, lifted below).
  { name: 'stripe big page with lines', body: BIG_STRIPE_PAGE, connections: 50 },
];
const seconds = Number(process.argv[2] ?? 10);
/** `bench/profile.ts 10 big`: only the queries whose name contains "big". */
const only = process.argv[3];
const dir = join(ROOT, 'bench', '.tmp', 'profiles');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a sample's time goes: gc, billgraph (dist/), a package from node_modules, or node. */
function category(url: string, name: string): string {
  if (name === '(garbage collector)') return 'gc';
  if (name === '(program)' || name === '(idle)') return name;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.includes('/dist/')) return 'billgraph';
  return 'node';
}

function summarize(profile: CpuProfile, top = 12) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const counts = new Map<number, number>();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const categories = new Map<string, number>();
  const own = new Map<string, number>();
  for (const [id, count] of counts) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = category(url, functionName);
    categories.set(where, (categories.get(where) ?? 0) + count);
    if (where === 'billgraph') {
      const key = `${functionName || '(anonymous)'} ${url.split('/dist/')[1]}:${lineNumber + 1}`;
      own.set(key, (own.get(key) ?? 0) + count);
    }
  }
  const percent = (count: number) => +((100 * count) / total).toFixed(1);
  const sorted = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, count]) => `${percent(count)}% ${key}`);
  return { samples: total, categories: sorted(categories, 14), billgraphTop: sorted(own, top) };
}

async function profileOne(
  { name, body, connections = Number(process.env.PROFILE_CONNECTIONS ?? 10) }: (typeof QUERIES)[number],
  sandboxUrl: string,
  port: number,
) {
  const out = join(dir, String(port));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Node flags (the profiler's) start billgraph through scripts/start.mjs, so production's heap bound is given here too.
  const flags = ['--cpu-prof', `--cpu-prof-dir=${out}`, `--max-old-space-size=${DEFAULT_HEAP_MB}`];
  const gateway = await startBillgraph(port, sandboxUrl, { BILLGRAPH_MAX_UPSTREAM_CALLS: '200' }, flags);
  const headers = { 'content-type': 'application/json' };
  const result = await runLoad({ url: gateway.url, method: 'POST', headers, body, connections, seconds, pgid: gateway.pgid });
  process.kill(-gateway.pgid, 'SIGTERM');
  for (let waited = 0; waited < 30_000 && readdirSync(out).length === 0; waited += 200) await pause(200);
  await pause(500); // the profile is written in one go at exit
  const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile for ${name}`);
  const profile = JSON.parse(readFileSync(join(out, file), 'utf8')) as CpuProfile;
  console.log(
    JSON.stringify(
      { query: name, rps: result.rps, cpuMsPerAnswer: +result.cpuMsPerAnswer.toFixed(3), errors: result.errors, ...summarize(profile) },
      null,
      1,
    ),
  );
}

const sandbox = await startSandbox(Number(process.env.PROFILE_PORT ?? 4700));
try {
  let port = Number(process.env.PROFILE_PORT ?? 4700) + 1;
  for (const query of QUERIES) {
    if (only === undefined ? query.connections === undefined : query.name.includes(only)) await profileOne(query, sandbox.url, port);
    port += 1;
  }
} finally {
  stopServers();
}
