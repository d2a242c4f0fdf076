import { describe, expect, it } from 'vitest';
import { PrincipalTurns } from '../../src/budget/principal-turns.js';
import { UpstreamGates, upstreamSaysWait } from '../../src/budget/upstream-gate.js';
import { budgetSettings, ConfigError } from '../../src/config.js';
import { FairSlots } from '../../src/http/fair-slots.js';

const answer = (status: number, headers: Record<string, string> = {}) => ({ status, headers, body: '', attempts: 1 });

describe("the upstream's own rate-limit headers", () => {
  it("a 429 closes for its Retry-After, or a second without one; Cloudflare's Ratelimit at zero closes until its reset", () => {
    expect(upstreamSaysWait(answer(429, { 'retry-after': '7' }))).toBe(7_000);
    expect(upstreamSaysWait(answer(429))).toBe(1_000);
    expect(upstreamSaysWait(answer(200, { ratelimit: '"default";r=0;t=30' }))).toBe(30_000);
    expect(upstreamSaysWait(answer(200, { ratelimit: 'limit=1200, remaining=0, reset=12' }))).toBe(12_000);
    expect(upstreamSaysWait(answer(200, { ratelimit: '"default";r=5;t=30' }))).toBeNull();
    expect(upstreamSaysWait(answer(200, { 'ratelimit-remaining': '0', 'ratelimit-reset': '4' }))).toBe(4_000);
    expect(upstreamSaysWait(answer(200))).toBeNull();
  });
});

describe('the gate before each upstream attempt', () => {
  const settings = budgetSettings({});
  const gates = () => new UpstreamGates({ redis: null, keyPrefix: 't:', instances: 1 }, settings, new FairSlots(64));
  const signal = new AbortController().signal;

  it('a request that reached its cap (its estimate) starts no more calls; retries are not new calls', async () => {
    const allowance = { cap: 1, calls: 0 };
    const gate = gates().gate('flexprice', 'key', 'p', allowance);
    (await gate.beforeAttempt(1, Date.now() + 1_000, signal))();
    (await gate.beforeAttempt(2, Date.now() + 1_000, signal))(); // a retry of the same call
    await expect(gate.beforeAttempt(1, Date.now() + 1_000, signal)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it("after the upstream's 429, nothing more is sent with that credential until its Retry-After", async () => {
    const g = gates();
    g.gate('stripe', 'sk_test_a', 'p', { cap: 9, calls: 0 }).afterAnswer(answer(429, { 'retry-after': '20' }));
    const other = g.gate('stripe', 'sk_test_a', 'q', { cap: 9, calls: 0 });
    await expect(other.beforeAttempt(1, Date.now() + 5_000, signal)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfter: 20 },
    });
    // Another credential is not held back.
    (await g.gate('stripe', 'sk_test_b', 'q', { cap: 9, calls: 0 }).beforeAttempt(1, Date.now() + 5_000, signal))();
  });

  it("Stripe's budget follows the key's mode: 25/s test, 100/s live (80 % of it, in 100 ms slices)", async () => {
    const g = gates();
    const burst = async (key: string) => {
      // Early in a slice (a timer that fires late on a busy machine waits for the next one), so the burst fits in it...
      do await new Promise((r) => setTimeout(r, 100 - (Date.now() % 100)));
      while (Date.now() % 100 > 30);
      // ...and a deadline before the next slice begins: refusals, never waits.
      const deadline = Date.now() + Math.max(1, 95 - (Date.now() % 100));
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, () => g.gate('stripe', key, 'p', { cap: 99, calls: 0 }).beforeAttempt(1, deadline, signal)),
      );
      for (const r of results) if (r.status === 'fulfilled') r.value();
      return results.filter((r) => r.status === 'fulfilled').length;
    };
    expect(await burst('sk_test_x')).toBe(2);
    expect(await burst('sk_live_x')).toBe(8);
  });
});

describe("a principal's requests in flight", () => {
  it('past the cap they wait in order; past the queue they are refused', async () => {
    const turns = new PrincipalTurns(1, 1);
    const first = await turns.take('a', 1_000);
    const order: string[] = [];
    const second = turns.take('a', 1_000).then((release) => {
      order.push('second');
      return release;
    });
    await expect(turns.take('a', 1_000)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    (await turns.take('b', 1_000))(); // another principal never waits here
    first();
    (await second)();
    expect(order).toEqual(['second']);
    expect(turns.running('a')).toBe(0);
  });
});

describe('budget settings', () => {
  it('defaults, and rates read as <limit>/<seconds>s or off', () => {
    const s = budgetSettings({});
    expect(s).toMatchObject({ maxUpstreamCalls: 25, principalBurst: 30, principalPerSecond: 1, headroom: 0.8, instances: 1 });
    expect(s.cloudflare).toEqual({ limit: 1200, windowMs: 300_000 });
    expect(s.stripe).toBe('published');
    expect(s.flexprice).toBeNull();
    expect(budgetSettings({ BILLGRAPH_FLEXPRICE_RATE: '50/1s' }).flexprice).toEqual({ limit: 50, windowMs: 1_000 });
    expect(budgetSettings({ BILLGRAPH_CLOUDFLARE_RATE: 'off' }).cloudflare).toBeNull();
    expect(() => budgetSettings({ BILLGRAPH_STRIPE_RATE: 'fast' })).toThrow(ConfigError);
    expect(() => budgetSettings({ BILLGRAPH_UPSTREAM_HEADROOM_PERCENT: '95' })).toThrow(/BILLGRAPH_UPSTREAM_HEADROOM_PERCENT/);
  });
});
