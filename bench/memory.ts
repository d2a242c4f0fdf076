/**
 * `node --import tsx bench/memory.ts`: billgraph's resident memory under sustained load (issue 13: RSS ≤ 150 MB at
 * 100 connections on the history query, no growth across 5 minutes). billgraph started as `npm start` starts it in
 * production (scripts/start.sh), the Cloudflare 20-invoice history at 100 connections for MEMORY_S seconds (default
 * 300); the process group's RSS is read from /proc every second and reported per minute (peak and last), so growth
 * shows as a rising last column. Prints one JSON line per minute and a summary; bench/RESULTS.md records them.
 */
import autocannon from 'autocannon';
import { groupCpuSeconds, groupRssMb } from './procfs.js';
import { CLOUDFLARE_HISTORY, SCENARIOS } from './scenarios.js';
import { startBillgraph, startSandbox, stopServers } from './servers.js';

const SECONDS = Number(process.env.MEMORY_S ?? 300);
const CONNECTIONS = 100;
const history = SCENARIOS.find((s) => s.name === CLOUDFLARE_HISTORY)!;

interface Minute {
  minute: number;
  peakRssMb: number;
  lastRssMb: number;
}

const sandbox = await startSandbox(4720);
const billgraph = await startBillgraph(4721, sandbox.url, history.gatewayEnv ?? {});
try {
  const load = { url: billgraph.url, method: 'POST' as const, headers: history.headers, body: history.body, connections: CONNECTIONS };
  await autocannon({ ...load, duration: 3 }); // warm-up: JIT, compiled documents, keep-alive pools
  const minutes: Minute[] = [];
  const cpuBefore = groupCpuSeconds(billgraph.pgid);
  const started = Date.now();
  const sampler = setInterval(() => {
    const minute = Math.floor((Date.now() - started) / 60_000) + 1;
    const rss = groupRssMb(billgraph.pgid);
    if (minutes.at(-1)?.minute !== minute) {
      if (minutes.length > 0) console.log(JSON.stringify(minutes.at(-1)));
      minutes.push({ minute, peakRssMb: 0, lastRssMb: 0 });
    }
    const current = minutes.at(-1)!;
    current.peakRssMb = Math.max(current.peakRssMb, Math.round(rss));
    current.lastRssMb = Math.round(rss);
  }, 1000);
  const result = await autocannon({ ...load, duration: SECONDS });
  clearInterval(sampler);
  console.log(JSON.stringify(minutes.at(-1)));
  const cpuMs = (groupCpuSeconds(billgraph.pgid) - cpuBefore) * 1000;
  console.log(
    JSON.stringify({
      what: 'memory',
      seconds: SECONDS,
      connections: CONNECTIONS,
      rps: Math.round(result.requests.average),
      answers: result['2xx'],
      failed: result.non2xx + result.errors + result.timeouts,
      cpuMsPerAnswer: +(cpuMs / result['2xx']).toFixed(3),
      peakRssMb: Math.max(...minutes.map((m) => m.peakRssMb)),
      firstMinutePeakMb: minutes[0]?.peakRssMb,
      lastMinutePeakMb: minutes.at(-1)?.peakRssMb,
    }),
  );
} finally {
  stopServers();
}
process.exit(0);
