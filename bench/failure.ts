/**
 * `node --import tsx bench/failure.ts <outage|redis|bigpages|soak>`: billgraph under failure (issue 14), the
 * sandbox as a separate upstream process. Prints one JSON line per measurement; bench/RESULTS.md records them.
 *
 * outage:   20 connections; the sandbox killed for OUTAGE_S (20) s and restarted. Upstream attempts per request
 *           and error latency during the outage, time to the first answer after it; breaker on vs off.
 * redis:    throughput with the response-cache Redis frozen (SIGSTOP) against billgraph with no cache.
 * bigpages: 50 connections reading Stripe invoices(first: 100) with lines and customer: event-loop p99, RSS.
 * soak:     SOAK_S (120) s at 5 % injected faults (one upstream request in 20): success rate by error code, heap samples.
 */
import autocannon from 'autocannon';
import { type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { sampleLoopAndRss, sandboxUrl, startBillgraph, startRedis, startSandboxProcess, stop } from './processes.js';
import { BIG_STRIPE_PAGE } from './scenarios.js';

const HISTORY = JSON.stringify({ query: '{ invoices(provider: STRIPE, first: 5) { nodes { id amountDue { amount currency } } } }' });
const headers = { 'content-type': 'application/json' };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load = (url: string, seconds: number, connections: number, body = HISTORY) =>
  autocannon({ url, method: 'POST', headers, body, connections, duration: seconds });
const report = (what: string, values: Record<string, unknown>) => console.log(JSON.stringify({ what, ...values }));

let sandbox: ChildProcess | undefined;

async function outage(label: string, env: Record<string, string>, port: number): Promise<void> {
  const seconds = Number(process.env.OUTAGE_S ?? 20);
  const billgraph = await startBillgraph(port, env);
  try {
    const healthy = await load(billgraph.url, 5, 20);
    await stop(sandbox);
    const attemptsBefore = await billgraph.metric('billgraph_upstream_requests_total');
    const during = await load(billgraph.url, seconds, 20);
    const attempts = (await billgraph.metric('billgraph_upstream_requests_total')) - attemptsBefore;
    // The same outage at one connection: what one failing answer costs, without 20 requests queueing for 2 cores.
    const single = await load(billgraph.url, 3, 1);
    sandbox = await startSandboxProcess();
    const back = performance.now();
    for (;;) {
      const answer = await (await fetch(billgraph.url, { method: 'POST', headers, body: HISTORY })).text();
      if (!answer.includes('"errors"')) break;
      await pause(20);
    }
    report('outage', {
      label,
      seconds,
      healthyRps: healthy.requests.average,
      healthyP50ms: healthy.latency.p50,
      requests: during.requests.total,
      upstreamAttempts: attempts,
      attemptsPerRequest: +(attempts / during.requests.total).toFixed(3),
      errorLatencyP50ms: during.latency.p50,
      errorLatencyP99ms: during.latency.p99,
      errorLatencyP50msAt1Connection: single.latency.p50,
      errorLatencyP99msAt1Connection: single.latency.p99,
      recoverMs: Math.round(performance.now() - back),
    });
  } finally {
    await stop(billgraph.process);
  }
}

async function frozenRedis(): Promise<void> {
  const seconds = Number(process.env.REDIS_S ?? 10);
  const redis = startRedis(4530);
  const admin = new Redis(4530, '127.0.0.1', { retryStrategy: () => 50 });
  admin.on('error', () => {});
  await admin.ping();
  const plain = await startBillgraph(4531);
  const cached = await startBillgraph(4532, {
    BILLGRAPH_RESPONSE_CACHE_TTL_MS: '60000',
    BILLGRAPH_RESPONSE_CACHE_REDIS_URL: 'redis://127.0.0.1:4530',
  });
  try {
    // Each request asks for a different page size, so the cache cannot answer: Redis costs, never helps.
    const body = () =>
      JSON.stringify({ query: `{ invoices(provider: STRIPE, first: ${1 + Math.floor(Math.random() * 30)}) { nodes { id } } }` });
    const run = (url: string) =>
      autocannon({
        url,
        method: 'POST',
        headers,
        connections: 20,
        duration: seconds,
        requests: [{ setupRequest: (r: object) => ({ ...r, body: body() }) }],
      } as never);
    await run(cached.url);
    const healthy = await run(cached.url);
    // Rounds alternate (no cache, then frozen) so the machine's drift hits both sides alike.
    const rounds: { noCache: number; frozen: number; frozenP50ms: number }[] = [];
    for (let round = 0; round < Number(process.env.REDIS_ROUNDS ?? 3); round++) {
      const noCache = await run(plain.url);
      process.kill(redis.pid!, 'SIGSTOP');
      const frozen = await run(cached.url);
      process.kill(redis.pid!, 'SIGCONT');
      rounds.push({ noCache: noCache.requests.average, frozen: frozen.requests.average, frozenP50ms: frozen.latency.p50 });
    }
    const sum = (pick: (r: (typeof rounds)[number]) => number) => rounds.reduce((total, r) => total + pick(r), 0);
    report('redis', {
      seconds,
      healthyRedisRps: healthy.requests.average,
      rounds,
      frozenVsNoCache: +(sum((r) => r.frozen) / sum((r) => r.noCache)).toFixed(3),
    });
  } finally {
    admin.disconnect();
    await Promise.all([stop(plain.process), stop(cached.process), stop(redis)]);
  }
}

async function bigPages(): Promise<void> {
  const seconds = Number(process.env.BIG_S ?? 15);
  // 100 invoices whose lines may each need a read: an estimate of 102 calls, over the default cap of 25.
  const billgraph = await startBillgraph(Number(process.env.BIG_PORT ?? 4540), { BILLGRAPH_MAX_UPSTREAM_CALLS: '200' });
  try {
    const sample = await (await fetch(billgraph.url, { method: 'POST', headers, body: BIG_STRIPE_PAGE })).text();
    if (sample.includes('"errors"') || !sample.includes('"lines"'))
      throw new Error(`the big page is not answered: ${sample.slice(0, 300)}`);
    await load(billgraph.url, 2, 10, BIG_STRIPE_PAGE);
    const samples = await sampleLoopAndRss(billgraph);
    const result = await load(billgraph.url, seconds, Number(process.env.BIG_CONNECTIONS ?? 50), BIG_STRIPE_PAGE);
    const { loopWindows, rssPeak } = samples.stop();
    const ms = (seconds: number) => +(seconds * 1000).toFixed(1);
    const sorted = loopWindows.sort((a, b) => a - b);
    report('bigpages', {
      seconds,
      connections: Number(process.env.BIG_CONNECTIONS ?? 50),
      rps: result.requests.average,
      p50ms: result.latency.p50,
      p99ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      // p99 of each 0.5 s window: the worst window and the median one.
      eventLoopP99msWorst: ms(sorted.at(-1) ?? NaN),
      eventLoopP99msMedian: ms(sorted[Math.floor(sorted.length / 2)] ?? NaN),
      windowsOver50ms: `${sorted.filter((p99) => p99 > 0.05).length}/${sorted.length}`,
      rssPeakMB: Math.round(rssPeak / 1e6),
    });
  } finally {
    await stop(billgraph.process);
  }
}

async function soak(): Promise<void> {
  const seconds = Number(process.env.SOAK_S ?? 120);
  const billgraph = await startBillgraph(4550);
  const kinds = [
    { kind: 'status', status: 500 },
    { kind: 'status', status: 503 },
    { kind: 'reset' },
    { kind: 'status', status: 429, retryAfter: 0 },
    { kind: 'malformed' },
    { kind: 'latency', latencyMs: 300 },
  ];
  let injected = 0;
  let lastCount = 0;
  const heap: number[] = [];
  const counters = async () =>
    Object.values((await (await fetch(`${sandboxUrl}/__sandbox/counters`)).json()) as Record<string, number>).reduce((a, b) => a + b, 0);
  // Every 200 ms: faults for 5 % of the upstream requests of the last 200 ms, kinds in rotation.
  const injector = setInterval(async () => {
    const count = await counters().catch(() => lastCount);
    const due = Math.max(1, Math.round((count - lastCount) * 0.05));
    lastCount = count;
    for (let i = 0; i < due; i++) {
      // One upstream request in 20 (skip 19), not a burst: a burst of faults in a row fails a request's
      // retries too, and with coalescing every request waiting on that one upstream read.
      const fault = { provider: 'stripe', skip: 19, ...kinds[injected++ % kinds.length] };
      await fetch(`${sandboxUrl}/__sandbox/faults`, { method: 'POST', body: JSON.stringify(fault) }).catch(() => {});
    }
  }, 200);
  const heapSampler = setInterval(
    () => void billgraph.metric('nodejs_heap_used_bytes').then((bytes) => heap.push(Math.round(bytes / 1e6))),
    10_000,
  );
  let failed = 0;
  let total = 0;
  const failures: Record<string, number> = {};
  const onResponse = (_status: number, body: string) => {
    total += 1;
    if (!body.includes('"errors"')) return;
    failed += 1;
    const code = /"code":"(\w+)"/.exec(body)?.[1] ?? 'unknown';
    failures[code] = (failures[code] ?? 0) + 1;
  };
  const result = await autocannon({
    url: billgraph.url,
    method: 'POST',
    headers,
    connections: 20,
    duration: seconds,
    requests: [{ method: 'POST', body: HISTORY, onResponse }],
  } as never);
  clearInterval(injector);
  clearInterval(heapSampler);
  const upstreamRequests = await counters();
  report('soak', {
    seconds,
    requests: result.requests.total,
    faultsInjected: injected,
    upstreamRequests,
    // Each fault waits for 19 clean requests, so at most one upstream request in 20 fails: the rest stay queued.
    faultsApplied: Math.min(injected, Math.floor(upstreamRequests / 20)),
    failedAnswers: failed,
    failuresByCode: failures,
    successPercent: +(100 - (100 * failed) / total).toFixed(3),
    heapMBEvery10s: heap,
    non2xx: result.non2xx,
    total,
  });
  await stop(billgraph.process);
}

const which = process.argv[2] ?? 'outage';
sandbox = await startSandboxProcess();
try {
  if (which === 'outage') {
    await outage('breaker + retry budget (defaults)', {}, 4560);
    await outage(
      'neither (breaker off, retry budget unlimited)',
      { BILLGRAPH_BREAKER_FAILURE_PERCENT: '0', BILLGRAPH_RETRY_BUDGET_PERCENT: '100', BILLGRAPH_RETRY_BUDGET_MIN_PER_SECOND: '10000' },
      4561,
    );
  } else if (which === 'redis') await frozenRedis();
  else if (which === 'bigpages') await bigPages();
  else if (which === 'soak') await soak();
  else throw new Error(`unknown scenario ${which}`);
} finally {
  await stop(sandbox);
}
