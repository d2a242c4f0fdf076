/**
 * `node --import tsx bench/heap.ts [rounds]`: what a V8 heap bound costs and saves, side by side. For each
 * BILLGRAPH_MAX_HEAP_MB (0 = V8's own sizing; production's start bounds old space to it, scripts/heap-bound.mjs),
 * rounds interleaved so the machine's drift hits every setting alike, one billgraph on the production path in front of the sandbox process:
 *   - the Cloudflare 20-invoice history at 100 connections: answers/s, gateway CPU ms per answer, peak RSS;
 *   - Stripe 100-invoice pages with lines and customer at 50 connections: answers/s, worst event-loop p99 of
 *     the 0.5 s windows, peak RSS.
 * Prints one JSON line per measurement; bench/RESULTS.md records them.
 */
import autocannon from 'autocannon';
import { sampleLoopAndRss, startBillgraph, startSandboxProcess, stop } from './processes.js';
import { BIG_STRIPE_PAGE, CLOUDFLARE_HISTORY, SCENARIOS } from './scenarios.js';

const HISTORY = SCENARIOS.find((s) => s.name === CLOUDFLARE_HISTORY)!.body!;
const SETTINGS = (process.env.HEAP_SETTINGS ?? '0,256,512,1024,2048').split(',');
const SECONDS = Number(process.env.HEAP_S ?? 10);

const LOADS = {
  history: { body: HISTORY, connections: 100 },
  bigPages: { body: BIG_STRIPE_PAGE, connections: 50 },
};

/** One billgraph process per setting and load, so one load's heap does not show in the other's RSS. */
async function measure(setting: string, load: keyof typeof LOADS, port: number) {
  // 100 invoices whose lines may each need a read: over the default call cap of 25.
  const billgraph = await startBillgraph(port, { BILLGRAPH_MAX_UPSTREAM_CALLS: '200', BILLGRAPH_MAX_HEAP_MB: setting });
  const { body, connections } = LOADS[load];
  const run = (connections: number, duration: number) =>
    autocannon({ url: billgraph.url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration });
  try {
    await run(10, 2); // warm-up
    const samples = await sampleLoopAndRss(billgraph);
    // billgraph's own CPU, from its /metrics.
    const cpuBefore = await billgraph.metric('process_cpu_seconds_total');
    const result = await run(connections, SECONDS);
    const { loopWindows, rssPeak } = samples.stop();
    const cpuMs = ((await billgraph.metric('process_cpu_seconds_total')) - cpuBefore) * 1000;
    return {
      load,
      setting,
      connections,
      rps: result.requests.average,
      cpuMsPerAnswer: +(cpuMs / result.requests.total).toFixed(3),
      loopP99msWorst: +(Math.max(...loopWindows) * 1000).toFixed(1),
      rssPeakMB: Math.round(rssPeak / 1e6),
      failed: result.non2xx + result.errors,
    };
  } finally {
    await stop(billgraph.process);
  }
}

const sandbox = await startSandboxProcess();
try {
  const rounds = Number(process.argv[2] ?? 2);
  let port = 4570; // one per billgraph: a stopped one may still be draining
  for (let round = 1; round <= rounds; round++) {
    for (const load of (process.env.HEAP_LOADS ?? 'history,bigPages').split(',') as (keyof typeof LOADS)[]) {
      for (const setting of SETTINGS) console.log(JSON.stringify({ what: 'heap', round, ...(await measure(setting, load, port++)) }));
    }
  }
} finally {
  await stop(sandbox);
}
