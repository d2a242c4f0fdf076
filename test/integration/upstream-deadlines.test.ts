import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderName } from '../../src/domain/invoice.js';
import type { Fault } from '../../src/sandbox/faults.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/**
 * Upstream deadlines and retry timing (src/http/client.ts) for Stripe and Flexprice, over real HTTP:
 * the overall deadline UPSTREAM_TIMEOUT_MS, the per-attempt headers and body deadlines (the sandbox's
 * `latency` fault delays the headers, its `stall-body` fault stops half-way through the body), Retry-After
 * waits and their cap, and Stripe-Should-Retry. Cloudflare's equivalents live in cloudflare-faults.test.ts.
 *
 * Timer precision: undici arms its headers/body timeouts on its "fast timers" (a 499 ms tick; the
 * timeout fires on the second tick after it is due), so a per-attempt headers deadline of 250 ms cuts
 * an attempt after ~0.5-1 s. The overall deadline is a native timer and is precise. Bounds below allow
 * for that.
 */

interface Target {
  provider: Extract<ProviderName, 'stripe' | 'flexprice'>;
  query: string;
  /** The sandbox route the query reads (sandbox.count). */
  route: string;
  /** Scopes faults to that route. */
  pathIncludes: string;
  /** The raw request URL of that route at the sandbox (for arrival times). */
  urlPrefix: string;
}

const TARGETS: Target[] = [
  {
    provider: 'stripe',
    query: `{ invoices(provider: STRIPE, first: 3) { nodes { id } } }`,
    route: 'invoices.list',
    pathIncludes: '/v1/invoices',
    urlPrefix: '/stripe/v1/invoices',
  },
  {
    provider: 'flexprice',
    query: `{ invoices(provider: FLEXPRICE, first: 3) { nodes { id } } }`,
    route: 'invoices.search',
    pathIncludes: '/invoices/search',
    urlPrefix: '/flexprice/v1/invoices/search',
  },
];

/** Overall deadline, with per-attempt deadlines far above it: only the overall one can stop a call. */
const TOTAL_MS = 400;
/** Per-attempt headers deadline, with an overall deadline far above it. */
const HEADERS_MS = 250;
/** How much later than due undici's fast timers may fire a headers timeout (two 499 ms ticks). */
const FAST_TIMER_SLACK_MS = 1_000;
/** Headers deadline and overall deadline both short: retries run until the overall deadline ends them. */
const SPAN_HEADERS_MS = 250;
const SPAN_TOTAL_MS = 1_200;
/** Slower than every deadline above, by a wide margin. */
const SLOW_MS = 4_000;
/** How late past a deadline the GraphQL answer may come (HTTP, GraphQL execution, a loaded 2-core box). */
const MARGIN_MS = 300;

let sandbox: Sandbox;
/** UPSTREAM_TIMEOUT_MS=400, headers/body deadlines 5 s, 2 retries. */
let deadline: Harness;
/** UPSTREAM_HEADERS_TIMEOUT_MS and UPSTREAM_BODY_TIMEOUT_MS 250, overall 10 s, 1 retry. */
let headers: Harness;
/** Headers 250 ms, overall 1.2 s, 5 retries. */
let span: Harness;
/** 1 retry, Retry-After honoured up to 1.5 s, overall 5 s. */
let rate: Harness;

/** When each request reached the sandbox (performance.now()), by URL: timing between attempts. */
const arrivals: { url: string; at: number }[] = [];
const arrivalsAt = (prefix: string) => arrivals.filter((a) => a.url.startsWith(prefix)).map((a) => a.at);
/** For assertion messages: every request the sandbox saw in this test, ms after the first. */
const arrivalLog = () => JSON.stringify(arrivals.map((a) => `${Math.round(a.at - (arrivals[0]?.at ?? 0))}ms ${a.url}`));

beforeAll(async () => {
  // One sandbox behind every billgraph: tests run one at a time, and beforeEach resets it.
  sandbox = await startSandbox();
  sandbox.server.on('request', (req: IncomingMessage) => {
    if (!req.url?.startsWith('/__sandbox')) arrivals.push({ url: req.url ?? '', at: performance.now() });
  });
  [deadline, headers, span, rate] = await Promise.all([
    startHarness(
      {
        UPSTREAM_TIMEOUT_MS: String(TOTAL_MS),
        UPSTREAM_HEADERS_TIMEOUT_MS: '5000',
        UPSTREAM_BODY_TIMEOUT_MS: '5000',
        UPSTREAM_MAX_RETRIES: '2',
      },
      { sandbox },
    ),
    startHarness(
      {
        UPSTREAM_TIMEOUT_MS: '10000',
        UPSTREAM_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
        UPSTREAM_BODY_TIMEOUT_MS: String(HEADERS_MS),
        UPSTREAM_MAX_RETRIES: '1',
      },
      { sandbox },
    ),
    startHarness(
      { UPSTREAM_TIMEOUT_MS: String(SPAN_TOTAL_MS), UPSTREAM_HEADERS_TIMEOUT_MS: String(SPAN_HEADERS_MS), UPSTREAM_MAX_RETRIES: '5' },
      { sandbox },
    ),
    startHarness({ UPSTREAM_TIMEOUT_MS: '5000', UPSTREAM_MAX_RETRIES: '1', UPSTREAM_RETRY_AFTER_CAP_MS: '1500' }, { sandbox }),
  ]);
  // Warm up (schema, upstream keep-alive sockets) so the first measured request is not the slowest,
  // and check the baseline: every harness reads both providers without a fault.
  for (const harness of [deadline, headers, span, rate]) {
    for (const target of TARGETS) await succeeds(harness, target);
  }
});

afterAll(async () => {
  await Promise.all([deadline, headers, span, rate].map((h) => h?.close()));
  await sandbox?.close();
});

beforeEach(() => {
  sandbox.reset();
  arrivals.length = 0;
});

/** Injects `fault` on the target's route, runs its query, expects one `code` error; returns it with attempts and elapsed ms. */
async function failsWith(harness: Harness, target: Target, fault: Omit<Fault, 'provider' | 'pathIncludes'>, code: string) {
  sandbox.faults.add({ provider: target.provider, pathIncludes: target.pathIncludes, ...fault });
  const started = performance.now();
  const response = await harness.graphql(target.query);
  const elapsed = performance.now() - started;
  expect(response.status).toBe(200);
  expect(response.body.errors, response.text).toHaveLength(1);
  const error = response.body.errors![0]!;
  expect(error.extensions?.code, response.text).toBe(code);
  expect(error.extensions?.provider).toBe(target.provider);
  expect(error.path).toEqual(['invoices']);
  expect(response.text).not.toMatch(/stack|at .*\.ts|sk_test|sandbox-flexprice-key/);
  const attempts = sandbox.count(target.provider, target.route);
  // Every upstream request of this test, with its arrival time, when an attempt count or timing is off.
  const why = `${Math.round(elapsed)} ms, ${attempts} attempts: ${arrivalLog()} -> ${response.text}`;
  return { error, attempts, elapsed, why };
}

/** The target's query answers 3 invoices without an error. */
async function succeeds(harness: Harness, target: Target) {
  const response = await harness.graphql(target.query);
  expect(response.status).toBe(200);
  expect(response.body.errors, response.text).toBeUndefined();
  expect(response.body.data?.invoices.nodes).toHaveLength(3);
}

/** Clears faults and counters, then the very next request succeeds. */
async function recovers(harness: Harness, target: Target) {
  sandbox.reset();
  await succeeds(harness, target);
  expect(sandbox.count(target.provider, target.route)).toBe(1);
}

for (const target of TARGETS) {
  describe(`${target.provider}: upstream deadlines and retry timing`, () => {
    it('latency beyond UPSTREAM_TIMEOUT_MS -> UPSTREAM_UNAVAILABLE, answered within the deadline', async () => {
      expect(deadline.config.deadlines.totalMs).toBe(TOTAL_MS);
      const { error, attempts, elapsed, why } = await failsWith(
        deadline,
        target,
        { kind: 'latency', latencyMs: SLOW_MS, times: 10 },
        'UPSTREAM_UNAVAILABLE',
      );
      expect(error.message).toContain(`${target.provider} did not answer within ${TOTAL_MS} ms`);
      expect(attempts, why).toBeGreaterThanOrEqual(1);
      // Stopped by the overall deadline, not by the slow answer (2 s) or the per-attempt deadlines (5 s).
      expect(elapsed, why).toBeGreaterThanOrEqual(TOTAL_MS - 20);
      expect(elapsed, why).toBeLessThan(TOTAL_MS + MARGIN_MS);
      await recovers(deadline, target);
    });

    it('the overall deadline also ends a run of retries: headers deadline per attempt, answer by UPSTREAM_TIMEOUT_MS', async () => {
      const { error, attempts, elapsed, why } = await failsWith(
        span,
        target,
        { kind: 'latency', latencyMs: SLOW_MS, times: 10 },
        'UPSTREAM_UNAVAILABLE',
      );
      // Attempts cut by the headers deadline (~0.5-1 s each, see above) and retried until 1.2 s: 2 or 3
      // of them, never the 6 the retry budget allows, and the answer is not later than the deadline.
      expect(attempts, why).toBeGreaterThanOrEqual(2);
      expect(attempts, why).toBeLessThanOrEqual(3);
      expect(error.message).toMatch(new RegExp(`did not answer within ${SPAN_TOTAL_MS} ms|sent no response headers in time`));
      expect(elapsed, why).toBeLessThan(SPAN_TOTAL_MS + MARGIN_MS);
      await recovers(span, target);
    });

    it('the headers deadline alone: each slow attempt is cut at UPSTREAM_HEADERS_TIMEOUT_MS and retried, then UPSTREAM_UNAVAILABLE', async () => {
      expect(headers.config.deadlines).toMatchObject({ headersMs: HEADERS_MS, totalMs: 10_000 });
      const { error, attempts, elapsed, why } = await failsWith(
        headers,
        target,
        { kind: 'latency', latencyMs: SLOW_MS, times: 10 },
        'UPSTREAM_UNAVAILABLE',
      );
      expect(attempts, why).toBe(1 + headers.config.retry.maxRetries);
      expect(error.message).toBe(`${target.provider} is unavailable: it sent no response headers in time`);
      // Every attempt waited for the headers deadline, and none waited for the slow (4 s) answer: without
      // the headers deadline the first attempt would have been answered, well within the 10 s overall one.
      const perAttemptMax = HEADERS_MS + FAST_TIMER_SLACK_MS + MARGIN_MS;
      expect(elapsed, why).toBeGreaterThanOrEqual(attempts * HEADERS_MS - 20);
      expect(elapsed, why).toBeLessThan(attempts * perAttemptMax);
      const at = arrivalsAt(target.urlPrefix);
      expect(at, why).toHaveLength(attempts);
      const gap = at[1]! - at[0]!;
      expect(gap, why).toBeGreaterThanOrEqual(HEADERS_MS - 20);
      expect(gap, why).toBeLessThan(perAttemptMax);
      await recovers(headers, target);
    });

    it('the body deadline: a body that stalls half-way is cut at UPSTREAM_BODY_TIMEOUT_MS and retried, then UPSTREAM_UNAVAILABLE', async () => {
      expect(headers.config.deadlines).toMatchObject({ bodyMs: HEADERS_MS, totalMs: 10_000 });
      const { error, attempts, elapsed, why } = await failsWith(
        headers,
        target,
        { kind: 'stall-body', latencyMs: SLOW_MS, times: 10 },
        'UPSTREAM_UNAVAILABLE',
      );
      expect(attempts, why).toBe(1 + headers.config.retry.maxRetries);
      expect(error.message).toBe(`${target.provider} is unavailable: the response body stalled`);
      // Without the body deadline the first attempt would finish after the 4 s stall.
      expect(elapsed, why).toBeLessThan(attempts * (HEADERS_MS + FAST_TIMER_SLACK_MS + MARGIN_MS));
      await recovers(headers, target);
    });

    it('latency under the headers deadline is just slower', async () => {
      sandbox.faults.add({ provider: target.provider, pathIncludes: target.pathIncludes, kind: 'latency', latencyMs: 100 });
      await succeeds(headers, target);
      expect(sandbox.count(target.provider, target.route)).toBe(1);
    });

    it('429 with Retry-After: 1 on every attempt -> the second wait is honoured, then RATE_LIMITED with retryAfter', async () => {
      expect(rate.config.retry).toMatchObject({ maxRetries: 1, maxRetryAfterMs: 1_500 });
      const { error, attempts, elapsed, why } = await failsWith(
        rate,
        target,
        { kind: 'status', status: 429, retryAfter: 1, times: 10 },
        'RATE_LIMITED',
      );
      expect(attempts, why).toBe(1 + rate.config.retry.maxRetries);
      expect(error.extensions).toMatchObject({ retryAfter: 1, upstreamStatus: 429 });
      // One Retry-After wait of 1 s (the jittered backoff alone would be at most 20 ms).
      expect(elapsed, why).toBeGreaterThanOrEqual(1_000 - 20);
      expect(elapsed, why).toBeLessThan(1_000 + 1_500);
      const at = arrivalsAt(target.urlPrefix);
      expect(at).toHaveLength(2);
      expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(1_000 - 20);
      await recovers(rate, target);
    });

    it('429 with a Retry-After beyond UPSTREAM_RETRY_AFTER_CAP_MS is not waited for: RATE_LIMITED at once', async () => {
      // 3 s: over the 1.5 s cap but inside the 5 s overall deadline, so only the cap can refuse the wait.
      const { error, attempts, elapsed, why } = await failsWith(
        rate,
        target,
        { kind: 'status', status: 429, retryAfter: 3, times: 10 },
        'RATE_LIMITED',
      );
      expect(attempts, why).toBe(1);
      expect(error.extensions?.retryAfter).toBe(3);
      expect(elapsed, why).toBeLessThan(MARGIN_MS * 2);
      await recovers(rate, target);
    });

    it('429 with a Retry-After that would outlast UPSTREAM_TIMEOUT_MS is not waited for: RATE_LIMITED within the deadline', async () => {
      // Retry-After 1 s is under the cap (default 5 s) but past the 400 ms overall deadline.
      const { error, attempts, elapsed, why } = await failsWith(
        deadline,
        target,
        { kind: 'status', status: 429, retryAfter: 1, times: 10 },
        'RATE_LIMITED',
      );
      expect(attempts, why).toBe(1);
      expect(error.extensions?.retryAfter).toBe(1);
      expect(elapsed, why).toBeLessThan(TOTAL_MS + MARGIN_MS);
      // Nothing is sent with that credential before the 1 s it asked for.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await recovers(deadline, target);
    });
  });
}

describe('stripe: Stripe-Should-Retry decides, whatever the status', () => {
  const stripe = TARGETS[0]!;

  it('a 500 without the header is retried (the control for the next case)', async () => {
    const { error, attempts, why } = await failsWith(rate, stripe, { kind: 'status', status: 500, times: 10 }, 'UPSTREAM_UNAVAILABLE');
    expect(attempts, why).toBe(2);
    expect(error.extensions?.upstreamStatus).toBe(500);
    expect(sandbox.received.every((r) => r.route === 'invoices.list')).toBe(true);
  });

  it('a 500 carrying Stripe-Should-Retry: false is not retried: exactly one attempt, UPSTREAM_UNAVAILABLE', async () => {
    const { error, attempts, elapsed, why } = await failsWith(
      rate,
      stripe,
      { kind: 'status', status: 500, headers: { 'Stripe-Should-Retry': 'false' }, times: 10 },
      'UPSTREAM_UNAVAILABLE',
    );
    expect(attempts, why).toBe(1);
    expect(error.extensions).toMatchObject({ upstreamStatus: 500 });
    expect(error.extensions?.upstreamRequestId).toMatch(/^req_/);
    expect(elapsed, why).toBeLessThan(MARGIN_MS * 2);
    await recovers(rate, stripe);
  });

  it('a 409 lock timeout (the sandbox sends Stripe-Should-Retry: true) is retried, although 409 is not a retryable status', async () => {
    const { error, attempts, why } = await failsWith(rate, stripe, { kind: 'status', status: 409, times: 10 }, 'UPSTREAM_UNAVAILABLE');
    expect(attempts, why).toBe(1 + rate.config.retry.maxRetries);
    expect(error.extensions?.upstreamStatus).toBe(409);
    await recovers(rate, stripe);
  });

  it('a single 409 lock timeout is retried and the request succeeds', async () => {
    sandbox.faults.add({ provider: 'stripe', pathIncludes: stripe.pathIncludes, kind: 'status', status: 409 });
    await succeeds(rate, stripe);
    expect(sandbox.count('stripe', stripe.route)).toBe(2);
  });

  it('a 409 carrying Stripe-Should-Retry: false is not retried', async () => {
    const { attempts, why } = await failsWith(
      rate,
      stripe,
      { kind: 'status', status: 409, headers: { 'stripe-should-retry': 'false' }, times: 10 },
      'UPSTREAM_UNAVAILABLE',
    );
    expect(attempts, why).toBe(1);
  });
});
