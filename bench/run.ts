/**
 * `npm run bench`: load tests with autocannon against billgraph on its production path (compiled dist/,
 * NODE_ENV=production, logs silent) and against the sandbox directly, written to bench/RESULTS.md. Reports the
 * gateway's CPU per answer (its process group, from /proc) next to req/s, the latency bound at a 20 ms upstream,
 * added latency at 1 connection, RSS at 100 connections, and, when bench/mesh is installed
 * (`cd bench/mesh && npm install`), billgraph beside GraphQL Mesh + Hive Gateway.
 *
 * BENCH_DURATION=seconds per measurement (default 10); BENCH_ROUNDS=Mesh comparison rounds (default 2).
 */
import { request } from 'undici';
import { loadAverage } from './procfs.js';
import { resetSandbox, runLoad, setUpstreamLatency, upstreamCalls, type LoadResult } from './load.js';
import { writeReport, type Measured, type Precise, type Bound } from './report.js';
import { CLOUDFLARE_HISTORY, SCENARIOS, type Scenario } from './scenarios.js';
import { meshInstalled, startBillgraph, startMesh, startSandbox, stopServers, type Server } from './servers.js';
import { versus, type VersusRow } from './versus.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SEQUENTIAL_REQUESTS = Number(process.env.BENCH_SEQUENTIAL ?? 3000);

const urlOf = (scenario: Scenario, sandbox: Server, gateway: Server) =>
  scenario.target === 'gateway' ? gateway.url : `${sandbox.url}${scenario.path}`;

async function measure(
  scenario: Scenario,
  connections: number,
  sandbox: Server,
  gateway: Server,
  afterWarmup?: () => Promise<void>,
): Promise<LoadResult> {
  const url = urlOf(scenario, sandbox, gateway);
  const pgid = scenario.target === 'gateway' ? gateway.pgid : null;
  const result = await runLoad(
    {
      url,
      method: scenario.method,
      headers: scenario.headers,
      body: scenario.body,
      connections,
      seconds: DURATION,
      pgid,
    },
    2,
    afterWarmup,
  );
  if (scenario.check) {
    const response = await fetch(url, { method: scenario.method, headers: scenario.headers, body: scenario.body });
    const text = await response.text();
    if (!scenario.check(text)) throw new Error(`scenario ${scenario.name} answered unexpectedly: ${text.slice(0, 300)}`);
  }
  return result;
}

/** Sequential requests over one keep-alive connection, timed with performance.now() (sub-millisecond). */
async function sequentialLatency(url: string, scenario: Scenario, count: number): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < count + 200; i += 1) {
    const started = performance.now();
    const response = await request(url, { method: scenario.method, headers: scenario.headers, body: scenario.body });
    await response.body.text();
    if (i >= 200) times.push(performance.now() - started); // the first 200 warm up
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(count * 0.5)] ?? NaN, p99: times[Math.floor(count * 0.99)] ?? NaN };
}

async function scenarios(sandbox: Server, gateway: Server): Promise<Measured[]> {
  const results: Measured[] = [];
  for (const scenario of SCENARIOS) {
    for (const connections of scenario.connections) {
      const result = await measure(scenario, connections, sandbox, gateway, () => resetSandbox(sandbox.url));
      const calls = scenario.target === 'gateway' && result.answers > 0 ? (await upstreamCalls(sandbox.url)) / result.answers : null;
      results.push({ scenario, connections, result, upstreamPerRequest: calls });
      console.log(
        `${scenario.name.padEnd(62)} c=${String(connections).padStart(2)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  errors ${result.errors}` +
          (scenario.target === 'gateway' ? `  CPU ${result.cpuMsPerAnswer.toFixed(2)} ms/answer` : ''),
      );
    }
  }
  return results;
}

/** billgraph vs the direct upstream GET with every upstream answer 20 ms late, 10 connections, interleaved. */
async function latencyBound(sandbox: Server, gateway: Server): Promise<Bound[]> {
  const pairs = SCENARIOS.filter((s) => s.comparesTo);
  const history = SCENARIOS.find((s) => s.name === CLOUDFLARE_HISTORY)!;
  const direct = (name: string) => SCENARIOS.find((s) => s.name === name)!;
  const preview = direct(pairs[0]!.comparesTo!);
  // The GET billgraph sends for a 20-invoice history page (it asks upstream pages of 50).
  const historyDirect: Scenario = {
    ...preview,
    name: 'sandbox direct: cloudflare invoice-history',
    path: preview.path!.replace('invoice-preview', 'invoice-history?type=all&page=1&per_page=50'),
    check: (body) => body.includes('"invoices"'),
  };
  const bounds: Bound[] = [];
  await setUpstreamLatency(sandbox.url, 'cloudflare', 20);
  for (const [scenario, upstream] of [...pairs.map((s) => [s, direct(s.comparesTo!)] as const), [history, historyDirect] as const]) {
    const bound = await measure(upstream, 10, sandbox, gateway);
    const mine = await measure(scenario, 10, sandbox, gateway);
    bounds.push({ name: scenario.name, direct: bound, gateway: mine });
    console.log(
      `${scenario.name} at 20 ms upstream: ${mine.rps.toFixed(0)} req/s = ${((100 * mine.rps) / bound.rps).toFixed(0)} % of ${bound.rps.toFixed(0)}`,
    );
  }
  await setUpstreamLatency(sandbox.url, 'cloudflare', 0);
  return bounds;
}

const sandbox = await startSandbox(4510);
const gateway = await startBillgraph(4511, sandbox.url, Object.assign({}, ...SCENARIOS.map((s) => s.gatewayEnv ?? {})));
const loadAtStart = loadAverage();
try {
  const results = await scenarios(sandbox, gateway);
  const precise: Precise[] = [];
  for (const scenario of SCENARIOS.filter((s) => s.comparesTo)) {
    const direct = SCENARIOS.find((s) => s.name === scenario.comparesTo)!;
    const upstream = await sequentialLatency(urlOf(direct, sandbox, gateway), direct, SEQUENTIAL_REQUESTS);
    const mine = await sequentialLatency(gateway.url, scenario, SEQUENTIAL_REQUESTS);
    precise.push({ name: scenario.name, direct: upstream, gateway: mine });
    console.log(
      `${scenario.name}: added p50 ${(mine.p50 - upstream.p50).toFixed(3)} ms, added p99 ${(mine.p99 - upstream.p99).toFixed(3)} ms`,
    );
  }
  const bounds = await latencyBound(sandbox, gateway);
  const memory = await measure(
    SCENARIOS.find((s) => s.name === CLOUDFLARE_HISTORY)!,
    100,
    sandbox,
    gateway,
  );
  console.log(`RSS at 100 connections (history): peak ${memory.peakRssMb.toFixed(0)} MB`);
  let mesh: VersusRow[] = [];
  if (meshInstalled()) {
    const meshServers = {
      cloudflare: await startMesh('cloudflare', 4512, sandbox.url),
      flexprice: await startMesh('flexprice', 4513, sandbox.url),
    };
    mesh = await versus(
      sandbox.url,
      gateway,
      meshServers,
      { seconds: DURATION, rounds: ROUNDS, connections: 10, latencies: [0, 20] },
      console.log,
    );
  } else console.log('bench/mesh is not installed (cd bench/mesh && npm install): no Mesh comparison this run');
  writeReport({
    duration: DURATION,
    rounds: ROUNDS,
    sequential: SEQUENTIAL_REQUESTS,
    loadAtStart,
    loadAtEnd: loadAverage(),
    results,
    precise,
    bounds,
    memory,
    mesh,
  });
  console.log('wrote bench/RESULTS.md');
} finally {
  stopServers();
}
process.exit(0);
