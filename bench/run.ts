/**
 * `npm run bench`: load tests with autocannon against billgraph and against the sandbox directly, written
 * to bench/RESULTS.md. Three processes: the sandbox, billgraph (pointed at it as if it were the real
 * upstream) and this load generator, all on this machine.
 *
 * BENCH_DURATION=seconds per scenario (default 10).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { request } from 'undici';
import { SANDBOX_CREDENTIALS } from '../src/sandbox/credentials.js';
import { CF_DEFAULT_ACCOUNT } from '../src/sandbox/cloudflare/data.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const SANDBOX_PORT = 4510;
const GATEWAY_PORT = 4511;
const sandboxUrl = `http://127.0.0.1:${SANDBOX_PORT}`;
const gatewayUrl = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;

function start(name: string, script: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (ready.test(chunk.toString())) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}

async function counters(): Promise<Record<string, number>> {
  return (await (await fetch(`${sandboxUrl}/__sandbox/counters`)).json()) as Record<string, number>;
}

async function reset(): Promise<void> {
  await fetch(`${sandboxUrl}/__sandbox/reset`, { method: 'POST' });
}

interface Measured {
  scenario: Scenario;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  upstreamPerRequest: number | null;
}

async function measure(scenario: Scenario, connections: number): Promise<Measured> {
  const url = scenario.target === 'gateway' ? gatewayUrl : `${sandboxUrl}${scenario.path}`;
  const options = {
    url,
    method: scenario.method,
    headers: scenario.headers,
    body: scenario.body,
    connections,
  };
  // Warm up (JIT, keep-alive pools), then measure.
  await autocannon({ ...options, duration: 2 });
  await reset();
  const result = await autocannon({ ...options, duration: DURATION });
  const upstream = Object.values(await counters()).reduce((sum, n) => sum + n, 0);
  const ok = result['2xx'];
  if (scenario.check) {
    const response = await fetch(url, { method: scenario.method, headers: scenario.headers, body: scenario.body });
    const text = await response.text();
    if (!scenario.check(text)) throw new Error(`scenario ${scenario.name} answered unexpectedly: ${text.slice(0, 300)}`);
  }
  return {
    scenario,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    upstreamPerRequest: scenario.target === 'gateway' && ok > 0 ? upstream / ok : null,
  };
}

/**
 * Sequential requests over one keep-alive connection, timed with performance.now(): sub-millisecond
 * p50/p99 for the "latency added" comparison (autocannon reports whole milliseconds).
 */
async function sequentialLatency(scenario: Scenario, count: number): Promise<{ p50: number; p99: number }> {
  const url = scenario.target === 'gateway' ? gatewayUrl : `${sandboxUrl}${scenario.path}`;
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

const sandbox = await start('sandbox', 'src/sandbox/main.ts', { SANDBOX_PORT: String(SANDBOX_PORT) }, /sandbox upstreams at/);
const gateway = await start(
  'billgraph',
  'src/main.ts',
  {
    PORT: String(GATEWAY_PORT),
    LOG_LEVEL: 'silent',
    BILLGRAPH_GRAPHIQL: 'false',
    CLOUDFLARE_BASE_URL: `${sandboxUrl}/cloudflare/client/v4`,
    CLOUDFLARE_API_TOKEN: SANDBOX_CREDENTIALS.cloudflare.token,
    CLOUDFLARE_ACCOUNT_ID: CF_DEFAULT_ACCOUNT,
    STRIPE_BASE_URL: `${sandboxUrl}/stripe`,
    STRIPE_SECRET_KEY: SANDBOX_CREDENTIALS.stripe.secretKey,
    STRIPE_CUSTOMER_ID: 'cus_SbxAcmeUsd001',
    FLEXPRICE_CUSTOMER_ID: 'cust_acme_usd',
    FLEXPRICE_BASE_URL: `${sandboxUrl}/flexprice/v1`,
    FLEXPRICE_API_KEY: SANDBOX_CREDENTIALS.flexprice.apiKey,
    // These scenarios measure billgraph's own cost; the budgets (bench/budgets.ts measures them) would refuse
    // most of this load from one address, and the sandbox is no rate-limited upstream.
    BILLGRAPH_PRINCIPAL_BURST: '1000000',
    BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND: '1000000',
    BILLGRAPH_PRINCIPAL_IN_FLIGHT: '10000',
    BILLGRAPH_CLOUDFLARE_RATE: 'off',
    BILLGRAPH_STRIPE_RATE: 'off',
    ...Object.fromEntries(SCENARIOS.flatMap((s) => Object.entries(s.gatewayEnv ?? {}))),
  },
  /billgraph listening/,
);

const results: Measured[] = [];
const SEQUENTIAL_REQUESTS = Number(process.env.BENCH_SEQUENTIAL ?? 3000);
const precise: { name: string; direct: { p50: number; p99: number }; gateway: { p50: number; p99: number } }[] = [];
try {
  for (const scenario of SCENARIOS) {
    for (const connections of scenario.connections) {
      const measured = await measure(scenario, connections);
      results.push(measured);
      console.log(
        `${scenario.name.padEnd(48)} c=${String(connections).padStart(2)}  ${measured.rps.toFixed(0).padStart(6)} req/s  p50 ${measured.p50} ms  p99 ${measured.p99} ms  errors ${measured.errors}` +
          (measured.upstreamPerRequest !== null ? `  upstream calls/op ${measured.upstreamPerRequest.toFixed(2)}` : ''),
      );
    }
  }
  for (const scenario of SCENARIOS.filter((s) => s.comparesTo)) {
    const direct = SCENARIOS.find((s) => s.name === scenario.comparesTo)!;
    const upstream = await sequentialLatency(direct, SEQUENTIAL_REQUESTS);
    const mine = await sequentialLatency(scenario, SEQUENTIAL_REQUESTS);
    precise.push({ name: scenario.name, direct: upstream, gateway: mine });
    console.log(
      `${scenario.name}: sequential p50 ${mine.p50.toFixed(3)} ms vs upstream ${upstream.p50.toFixed(3)} ms -> added p50 ${(mine.p50 - upstream.p50).toFixed(3)} ms, added p99 ${(mine.p99 - upstream.p99).toFixed(3)} ms`,
    );
  }
} finally {
  gateway.kill('SIGTERM');
  sandbox.kill('SIGTERM');
}

const row = (m: Measured) =>
  `| ${m.scenario.name} | ${m.connections} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.requests} | ${m.errors} | ${m.upstreamPerRequest === null ? '-' : m.upstreamPerRequest.toFixed(2)} |`;

const ms = (value: number) => value.toFixed(3);
const added = precise.map(
  (p) =>
    `| ${p.name} | ${ms(p.direct.p50)} | ${ms(p.gateway.p50)} | **${ms(p.gateway.p50 - p.direct.p50)}** | ${ms(p.direct.p99)} | ${ms(p.gateway.p99)} | ${ms(p.gateway.p99 - p.direct.p99)} |`,
);

const cpu = cpus()[0]?.model ?? 'unknown';
// The budget benches (bench/budgets.ts) are recorded by hand below this heading; a rerun keeps them.
const resultsFile = new URL('./RESULTS.md', import.meta.url);
const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
const budgets = previous.includes('\n## Budgets') ? previous.slice(previous.indexOf('\n## Budgets')) : '';
writeFileSync(
  new URL('./RESULTS.md', import.meta.url),
  `# Benchmark results

Command: \`npm run bench\` (BENCH_DURATION=${DURATION} s per scenario after a 2 s warm-up; autocannon 9).
Machine: ${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; recorded ${new Date().toISOString()}.
Layout: three processes on this machine — the sandbox upstreams, billgraph pointed at them over loopback
HTTP (as it would be at a real upstream), and autocannon. Latencies are autocannon's (whole milliseconds).

| scenario | connections | req/s | p50 ms | p99 ms | requests | errors | upstream calls/op |
|---|---|---|---|---|---|---|---|
${results.map(row).join('\n')}

## Latency billgraph adds over the upstream, 1 connection

${SEQUENTIAL_REQUESTS} sequential requests over one keep-alive connection each (after 200 warm-up requests), timed
with performance.now(): the same upstream read straight from the sandbox, then through billgraph.

| scenario | upstream p50 ms | billgraph p50 ms | added p50 ms | upstream p99 ms | billgraph p99 ms | added p99 ms |
|---|---|---|---|---|---|---|
${added.join('\n')}

Targets (issue 2): added p50 <= 1 ms at 1 connection; >= 1,500 req/s for upcomingInvoice at 10 connections.

Machines differ from day to day: [HISTORY.md](HISTORY.md) keeps earlier runs and A/B comparisons of commits on one
machine (\`bash bench/compare-commits.sh <git-ref>\`).
${budgets}`,
);
console.log('wrote bench/RESULTS.md');
process.exit(0);
