/**
 * `node --import tsx bench/budgets.ts [flood|coalescing|redis]`: the budget benches of issue 10, written to
 * bench/RESULTS.md by hand from what this prints. Separate processes: the sandbox (as the upstream, with a
 * latency fault so it answers like a real API), one or two billgraph instances, and this load generator.
 * Upstream calls are counted at the sandbox (GET /__sandbox/counters, sampled every 100 ms).
 *
 * BENCH_FLOOD_S (default 25): how long principal A floods in (a).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { SignJWT } from 'jose';
import { Agent, request } from 'undici';
import { groupCpuSeconds, loadAverage } from './procfs.js';
import { SANDBOX_CREDENTIALS } from '../src/sandbox/credentials.js';
import { CF_DEFAULT_ACCOUNT, CF_EUR_ACCOUNT } from '../src/sandbox/cloudflare/data.js';

/** Ports from a random base (BENCH_PORT to fix it), so runs beside other work on this machine do not collide. */
const BASE = Number(process.env.BENCH_PORT ?? 20_000 + Math.floor(Math.random() * 40_000));
const SANDBOX_PORT = BASE;
const sandboxUrl = `http://127.0.0.1:${SANDBOX_PORT}`;
const SECRET = 'bench-jwt-secret-0123456789-abcdefghijklmnop';
const children: ChildProcess[] = [];
const dispatcher = new Agent({ connections: 512 });

function start(name: string, script: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true, // its own process group, so its CPU time can be read from /proc
    });
    children.push(child);
    const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 60_000);
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (ready.test(chunk.toString())) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

const billgraphEnv = (port: number, extra: Record<string, string>) => ({
  PORT: String(port),
  LOG_LEVEL: 'warn',
  BILLGRAPH_GRAPHIQL: 'false',
  BILLGRAPH_AUTH_MODE: 'jwt',
  BILLGRAPH_JWT_SECRET: SECRET,
  BILLGRAPH_JWT_ISSUER: 'https://auth.bench.test/',
  BILLGRAPH_JWT_AUDIENCE: 'billgraph-bench',
  CLOUDFLARE_BASE_URL: `${sandboxUrl}/cloudflare/client/v4`,
  CLOUDFLARE_API_TOKEN: SANDBOX_CREDENTIALS.cloudflare.token,
  STRIPE_BASE_URL: `${sandboxUrl}/stripe`,
  STRIPE_SECRET_KEY: SANDBOX_CREDENTIALS.stripe.secretKey,
  FLEXPRICE_BASE_URL: `${sandboxUrl}/flexprice/v1`,
  FLEXPRICE_API_KEY: SANDBOX_CREDENTIALS.flexprice.apiKey,
  UPSTREAM_TIMEOUT_MS: '5000',
  ...extra,
});

const startBillgraph = (port: number, extra: Record<string, string>) =>
  start(`billgraph:${port}`, 'src/main.ts', billgraphEnv(port, extra), /billgraph listening/);

const token = (provider: string, customer: string, subject: string) =>
  new SignJWT({ billgraph_provider: provider, billgraph_customers: [customer] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer('https://auth.bench.test/')
    .setAudience('billgraph-bench')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));

interface Answer {
  ms: number;
  status: number;
  codes: string[];
}

async function graphql(port: number, jwt: string, query: string): Promise<Answer> {
  const started = performance.now();
  const response = await request(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.body.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { ms: performance.now() - started, status: response.statusCode, codes: (body.errors ?? []).map((e) => e.extensions?.code ?? '?') };
}

async function upstreamTotal(): Promise<number> {
  const counts = (await (await fetch(`${sandboxUrl}/__sandbox/counters`)).json()) as Record<string, number>;
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** Samples the sandbox's request count every 100 ms until stopped; `maxIn(ms)` is the most seen in any window of ms. */
function sampleUpstream() {
  const samples: { at: number; total: number }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push({ at: Date.now(), total: await upstreamTotal() });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      samples.push({ at: Date.now(), total: await upstreamTotal() });
    },
    maxIn(windowMs: number): number {
      let max = 0;
      for (const from of samples) {
        const to = [...samples].reverse().find((s) => s.at - from.at <= windowMs) ?? from;
        max = Math.max(max, to.total - from.total);
      }
      return max;
    },
    total: () => samples[samples.length - 1]!.total - samples[0]!.total,
  };
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
};
const reset = () => fetch(`${sandboxUrl}/__sandbox/reset`, { method: 'POST' });
const latency = (ms: number) =>
  fetch(`${sandboxUrl}/__sandbox/faults`, {
    method: 'POST',
    body: JSON.stringify({ provider: 'cloudflare', kind: 'latency', latencyMs: ms, times: 1_000_000 }),
  });

/**
 * B: one simple query at a time for `ms`, at most one a second (a person paging; its own budget refills at
 * 1 call/s, so B never limits itself), from a process of its own (bench/paced-caller.ts); its latencies.
 */
function sequential(port: number, jwt: string, query: string, ms: number): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    const caller = spawn(process.execPath, ['--import', 'tsx', 'bench/paced-caller.ts', String(port), String(ms / 1_000)], {
      env: { ...process.env, PACED_JWT: jwt, PACED_QUERY: query },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    caller.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    caller.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Answer[]) : reject(new Error(`paced caller exited with ${code}`)),
    );
  });
}

async function flood(): Promise<void> {
  const seconds = Number(process.env.BENCH_FLOOD_S ?? 25);
  await latency(50);
  // Default budgets: Cloudflare 1,200 / 300 s at 80 % (96 per 30 s slice), principal 30 + 1/s.
  const gateway = await startBillgraph(BASE + 1, {});
  const a = await token('cloudflare', CF_DEFAULT_ACCOUNT, 'tenant-a');
  const b = await token('cloudflare', CF_EUR_ACCOUNT, 'tenant-b');
  const simple = '{ upcomingInvoice { id amountDue { amount currency } } }';
  const idle = await sequential(BASE + 1, b, simple, 10_000);
  await reset(); // zeroes the counters and clears the faults: the upstream's latency goes back on
  await latency(50);
  const sampler = sampleUpstream();
  const cpuBefore = groupCpuSeconds(gateway.pid!);
  // A: 200 concurrent expensive requests (history pages of each type, the upcoming invoice; estimate 10), for `seconds`.
  const expensive = (i: number) =>
    `{ upcomingInvoice { id } all: invoices(first: 100) { nodes { id } } auto: invoices(first: ${50 + (i % 50)}, type: AUTO) { nodes { id } } }`;
  const aAnswers: Answer[] = [];
  const until = Date.now() + seconds * 1_000;
  const concurrency = Number(process.env.BENCH_FLOOD_A ?? 200);
  const workers = Array.from({ length: concurrency }, async (_, w) => {
    for (let i = w; Date.now() < until; i += concurrency) aAnswers.push(await graphql(BASE + 1, a, expensive(i)));
  });
  const bAnswers = await sequential(BASE + 1, b, simple, seconds * 1_000);
  await Promise.all(workers);
  const cpuMs = (groupCpuSeconds(gateway.pid!) - cpuBefore) * 1_000;
  await sampler.stop();
  const codeCount = (answers: Answer[]) => {
    const counted: Record<string, number> = {};
    for (const x of answers) for (const c of x.codes.length ? x.codes : ['ok']) counted[c] = (counted[c] ?? 0) + 1;
    return counted;
  };
  console.log(
    JSON.stringify(
      {
        bench: 'flood',
        seconds,
        concurrencyA: concurrency,
        idleB: {
          requests: idle.length,
          p50: pct(
            idle.map((x) => x.ms),
            50,
          ),
          p99: pct(
            idle.map((x) => x.ms),
            99,
          ),
        },
        floodB: {
          requests: bAnswers.length,
          p50: pct(
            bAnswers.map((x) => x.ms),
            50,
          ),
          p99: pct(
            bAnswers.map((x) => x.ms),
            99,
          ),
          codes: codeCount(bAnswers),
        },
        gatewayCpu: {
          ms: Math.round(cpuMs),
          msPerRequest: Number((cpuMs / (aAnswers.length + bAnswers.length)).toFixed(3)),
          loadAverage: loadAverage(),
        },
        floodA: { requests: aAnswers.length, statuses: codeCount(aAnswers.map((x) => ({ ...x, codes: [String(x.status), ...x.codes] }))) },
        upstream: {
          total: sampler.total(),
          maxIn30s: sampler.maxIn(30_000),
          maxIn1s: sampler.maxIn(1_000),
          budgetPer300s: 960,
          budgetPerSlice30s: 96,
        },
      },
      null,
      2,
    ),
  );
}

async function coalescing(): Promise<void> {
  await startBillgraph(BASE + 2, {
    BILLGRAPH_PRINCIPAL_BURST: '100000',
    BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND: '100000',
    BILLGRAPH_CLOUDFLARE_RATE: 'off',
  });
  const a = await token('cloudflare', CF_DEFAULT_ACCOUNT, 'tenant-a');
  const rows = [];
  for (const latencyMs of [50, 300, 1_000]) {
    await fetch(`${sandboxUrl}/__sandbox/reset`, { method: 'POST' });
    await latency(latencyMs);
    for (const n of [1, 10, 50, 200]) {
      const before = await upstreamTotal();
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: n }, () => graphql(BASE + 2, a, '{ upcomingInvoice { id } }')));
      rows.push({
        latencyMs,
        concurrent: n,
        upstreamCalls: (await upstreamTotal()) - before,
        errors: answers.filter((x) => x.codes.length).length,
        wallMs: Math.round(performance.now() - started),
      });
    }
  }
  console.log(JSON.stringify({ bench: 'coalescing', rows }, null, 2));
}

async function redis(): Promise<void> {
  await latency(20);
  const prefix = `bench:${Date.now()}:`;
  // Stripe at 20 / s and 50 %: 1 per 100 ms slice, 10 / s; any 1 s holds at most 11.
  const shared = {
    BILLGRAPH_STRIPE_RATE: '20/1s',
    BILLGRAPH_UPSTREAM_HEADROOM_PERCENT: '50',
    BILLGRAPH_PRINCIPAL_BURST: '100000',
    BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND: '100000',
  };
  const runs = [
    {
      name: 'one Redis (BILLGRAPH_REDIS_URL)',
      env: { ...shared, BILLGRAPH_REDIS_URL: 'redis://127.0.0.1:6379', BILLGRAPH_BUDGET_PREFIX: prefix },
    },
    { name: 'no Redis, BILLGRAPH_INSTANCES=2 (each spends half)', env: { ...shared, BILLGRAPH_INSTANCES: '2' } },
    { name: 'no Redis, BILLGRAPH_INSTANCES=1 (misconfigured: each spends it all)', env: { ...shared } },
  ];
  const rows = [];
  let port = BASE + 10;
  for (const run of runs) {
    const ports = [port++, port++];
    const started = await Promise.all(ports.map((p) => startBillgraph(p, run.env)));
    await new Promise((r) => setTimeout(r, 500));
    await reset();
    const jwt = await token('stripe', 'cus_SbxAcmeUsd001', 'tenant-a');
    const sampler = sampleUpstream();
    const until = Date.now() + 10_000;
    const answers: Answer[] = [];
    // 100 concurrent clients split over both instances, each asking a different page size (no sharing).
    await Promise.all(
      Array.from({ length: 100 }, async (_, w) => {
        for (let i = w; Date.now() < until; i += 100)
          answers.push(await graphql(ports[w % 2]!, jwt, `{ invoices(first: ${1 + (i % 100)}) { nodes { id } } }`));
      }),
    );
    await sampler.stop();
    rows.push({
      run: run.name,
      requests: answers.length,
      ok: answers.filter((x) => !x.codes.length).length,
      rateLimited: answers.filter((x) => x.codes.includes('RATE_LIMITED')).length,
      otherErrors: [...new Set(answers.flatMap((x) => x.codes.filter((c) => c !== 'RATE_LIMITED')))],
      upstreamTotal: sampler.total(),
      upstreamPerSecond: Math.round(sampler.total() / 10),
      maxIn1s: sampler.maxIn(1_000),
    });
    for (const child of started) child.kill('SIGTERM');
  }
  console.log(JSON.stringify({ bench: 'redis', budgetPerSecond: 10, maxAllowedIn1s: 11, rows }, null, 2));
}

try {
  await start('sandbox', 'src/sandbox/main.ts', { SANDBOX_PORT: String(SANDBOX_PORT) }, /sandbox upstreams at/);
  const which = process.argv[2] ?? 'flood';
  if (which === 'flood') await flood();
  else if (which === 'coalescing') await coalescing();
  else await redis();
} finally {
  for (const child of children) child.kill('SIGTERM');
  await dispatcher.close();
}
