import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/**
 * The breaker and retry budget of issue 14 over real HTTP, against the sandbox with faults: the breaker opens
 * on a failure rate, then fails fast without asking the upstream, probes after its cool-down and closes on
 * success; the retry budget bounds attempts while an upstream keeps failing.
 */
const STRIPE = `{ invoices(provider: STRIPE, first: 2) { nodes { providerId } } }`;
const FLEXPRICE = `{ invoices(provider: FLEXPRICE, first: 2) { nodes { providerId } } }`;

const open: Harness[] = [];
const start = async (env: Record<string, string>) => {
  const h = await startHarness({ LOG_LEVEL: 'info', ...env }, { captureLogs: true });
  open.push(h);
  return h;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

const codeOf = (result: Awaited<ReturnType<Harness['graphql']>>) => result.body.errors?.[0]?.extensions?.code;
const stripeBreaker = (h: Harness) => h.app.breakers().upstreams.find((b) => b.provider === 'stripe');

describe('upstream breaker', () => {
  it('opens on the failure rate, fails fast without upstream calls, half-opens after the cool-down and closes', async () => {
    const h = await start({
      UPSTREAM_MAX_RETRIES: '0',
      BILLGRAPH_BREAKER_MIN_ATTEMPTS: '4',
      BILLGRAPH_BREAKER_FAILURE_PERCENT: '50',
      BILLGRAPH_BREAKER_COOLDOWN_MS: '800',
    });
    expect((await h.graphql(STRIPE)).body.errors).toBeUndefined();
    h.sandbox.faults.add({ provider: 'stripe', pathIncludes: '/v1/invoices', kind: 'status', status: 500, times: 1_000 });

    // Failures until the rate over at least 4 attempts passes 50 %: the 4th attempt opens it.
    for (let i = 0; i < 4; i++) expect(codeOf(await h.graphql(STRIPE))).toBe('UPSTREAM_UNAVAILABLE');
    expect(stripeBreaker(h)?.state).toBe('open');
    const asked = h.sandbox.count('stripe');

    // Open: no upstream call, an immediate UPSTREAM_UNAVAILABLE with retryAfter.
    const started = performance.now();
    const fast = await h.graphql(STRIPE);
    const fastMs = performance.now() - started;
    expect(codeOf(fast)).toBe('UPSTREAM_UNAVAILABLE');
    expect(fast.body.errors?.[0]?.extensions).toMatchObject({ provider: 'stripe', retryAfter: 1 });
    expect(h.sandbox.count('stripe')).toBe(asked);
    expect(fastMs).toBeLessThan(250);
    // Another upstream is not affected.
    expect((await h.graphql(FLEXPRICE)).body.errors).toBeUndefined();

    const metricsText = h.app.metrics.render();
    expect(metricsText).toContain('billgraph_upstream_breakers{provider="stripe",state="open"} 1');

    // The upstream recovers; after the cool-down one probe goes through and closes the breaker.
    h.sandbox.faults.clear();
    await new Promise((resolve) => setTimeout(resolve, 900));
    const probe = await h.graphql(STRIPE);
    expect(probe.body.errors).toBeUndefined();
    expect(h.sandbox.count('stripe')).toBe(asked + 1);
    expect(stripeBreaker(h)?.state).toBe('closed');
    expect((await h.graphql(STRIPE)).body.errors).toBeUndefined();

    // One warning when it tripped and one line when it recovered, no credential in either.
    const tripped = h.logs.filter((line) => line.includes('upstream breaker open'));
    const recovered = h.logs.filter((line) => line.includes('upstream breaker closed'));
    expect(tripped).toHaveLength(1);
    expect(recovered).toHaveLength(1);
    expect(tripped[0]).not.toContain('sk_test');
  });

  it('a failed probe reopens the breaker for another cool-down, silently', async () => {
    const h = await start({ UPSTREAM_MAX_RETRIES: '0', BILLGRAPH_BREAKER_MIN_ATTEMPTS: '2', BILLGRAPH_BREAKER_COOLDOWN_MS: '300' });
    h.sandbox.faults.add({ provider: 'stripe', kind: 'reset', times: 1_000 });
    for (let i = 0; i < 2; i++) await h.graphql(STRIPE);
    expect(stripeBreaker(h)?.state).toBe('open');
    await new Promise((resolve) => setTimeout(resolve, 350));
    const before = h.sandbox.count('stripe');
    expect(codeOf(await h.graphql(STRIPE))).toBe('UPSTREAM_UNAVAILABLE'); // the probe, refused again
    expect(h.sandbox.count('stripe')).toBe(before + 1);
    expect(stripeBreaker(h)?.state).toBe('open');
    expect(codeOf(await h.graphql(STRIPE))).toBe('UPSTREAM_UNAVAILABLE');
    expect(h.sandbox.count('stripe')).toBe(before + 1);
    expect(h.logs.filter((line) => line.includes('upstream breaker open'))).toHaveLength(1);
  });

  it('rate limits (429) and client errors do not open it', async () => {
    const h = await start({ UPSTREAM_MAX_RETRIES: '0', BILLGRAPH_BREAKER_MIN_ATTEMPTS: '2' });
    h.sandbox.faults.add({ provider: 'stripe', pathIncludes: '/v1/invoices', kind: 'status', status: 429, retryAfter: 30, times: 3 });
    h.sandbox.faults.add({ provider: 'stripe', pathIncludes: '/v1/invoices', kind: 'status', status: 404, times: 3 });
    for (let i = 0; i < 6; i++) expect(['RATE_LIMITED', 'NOT_FOUND']).toContain(codeOf(await h.graphql(STRIPE)));
    expect(stripeBreaker(h)?.state).toBe('closed');
  });
});

describe('retry budget', () => {
  it('bounds retries to its share of first attempts while the upstream keeps failing', async () => {
    // Breaker off, 2 retries per request allowed, but the budget grants retries for 10 % of first attempts only.
    const h = await start({
      UPSTREAM_MAX_RETRIES: '2',
      BILLGRAPH_BREAKER_FAILURE_PERCENT: '0',
      BILLGRAPH_RETRY_BUDGET_PERCENT: '10',
      BILLGRAPH_RETRY_BUDGET_MIN_PER_SECOND: '0',
    });
    h.sandbox.faults.add({ provider: 'stripe', pathIncludes: '/v1/invoices', kind: 'status', status: 503, times: 1_000 });
    const requests = 30;
    for (let i = 0; i < requests; i++) expect(codeOf(await h.graphql(STRIPE))).toBe('UPSTREAM_UNAVAILABLE');
    const attempts = h.sandbox.count('stripe');
    // Without the budget: 3 attempts each (90). With it: 30 first attempts + at most 3 retries.
    expect(attempts).toBeGreaterThanOrEqual(requests + 2);
    expect(attempts).toBeLessThanOrEqual(requests + 3);
    expect(stripeBreaker(h)?.retriesDenied).toBeGreaterThan(0);
    expect(h.app.metrics.render()).toMatch(/billgraph_upstream_retries_denied\{provider="stripe"\} [1-9]/);
  });

  it('the default budget still retries a single failure on a quiet upstream', async () => {
    const h = await start({ UPSTREAM_MAX_RETRIES: '2' });
    h.sandbox.faults.add({ provider: 'stripe', pathIncludes: '/v1/invoices', kind: 'status', status: 500 });
    expect((await h.graphql(STRIPE)).body.errors).toBeUndefined();
    expect(h.sandbox.count('stripe', 'invoices.list')).toBe(2);
  });
});

describe('settings', () => {
  it('each bad resilience variable is a ConfigError naming it', () => {
    for (const [variable, bad] of [
      ['BILLGRAPH_BREAKER_FAILURE_PERCENT', '100'],
      ['BILLGRAPH_BREAKER_WINDOW_MS', '10'],
      ['BILLGRAPH_BREAKER_MIN_ATTEMPTS', '0'],
      ['BILLGRAPH_BREAKER_COOLDOWN_MS', 'soon'],
      ['BILLGRAPH_RETRY_BUDGET_PERCENT', '-1'],
      ['BILLGRAPH_RETRY_BUDGET_MIN_PER_SECOND', '1.5'],
      ['BILLGRAPH_STALE_IF_ERROR_MS', 'forever'],
      ['BILLGRAPH_HEAVY_OPERATION_COST', '0'],
      ['BILLGRAPH_HEAVY_OPERATIONS', '0'],
    ]) {
      let caught: unknown;
      try {
        loadConfig({ [variable!]: bad });
      } catch (error) {
        caught = error;
      }
      expect(caught, variable).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).variable).toBe(variable);
    }
    const defaults = loadConfig({});
    expect(defaults.resilience.breaker).toEqual({ failurePercent: 50, windowMs: 10_000, minAttempts: 10, cooldownMs: 1_000 });
    expect(defaults.resilience.retryBudget).toEqual({ percent: 20, minPerSecond: 5 });
    expect(defaults.responseCache.staleIfErrorMs).toBe(600_000);
  });
});
