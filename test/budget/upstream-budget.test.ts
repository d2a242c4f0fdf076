import { afterAll, describe, expect, it } from 'vitest';
import { credentialKey, UpstreamBudget } from '../../src/budget/upstream-budget.js';
import type { BudgetStore } from '../../src/budget/store.js';
import { startOwnRedis } from '../helpers/own-redis.js';
import { appRedis } from './support.js';

const shared = appRedis('redis://127.0.0.1:6379');
const prefix = `test:${process.pid}:${Date.now()}:`;
afterAll(() => shared.redis.close());

/** Resolves without waiting, so a test sees how many requests a slice lets through. */
const noWait = async () => {};
/** Resolves right after a 1 s slice begins (a tenth of a 10 s window), so a burst falls in one slice. */
const startOfSlice = () => new Promise((r) => setTimeout(r, 1_000 - (Date.now() % 1_000)));

describe('the budget of one upstream credential', () => {
  it('two instances on one Redis together spend at most one slice of the spendable share', async () => {
    const store = shared.store(prefix, 2);
    // 100 per 10 s at 80 %: 8 per 1 s slice, shared by both instances. A slice of a second, so a slow machine
    // still spends the whole burst in the slice it began in.
    const spec = { limit: 100, windowMs: 10_000, headroom: 0.8 };
    const a = new UpstreamBudget(store, 'stripe:k1', spec, noWait);
    const b = new UpstreamBudget(store, 'stripe:k1', spec, noWait);
    await startOfSlice();
    const deadline = Date.now() + 50; // shorter than the next slice: refusals, not waits
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).spend(deadline)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(8);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 1 } });
  });

  it('a request waits for the next slice when it begins before its deadline', async () => {
    const store: BudgetStore = { redis: null, keyPrefix: prefix, instances: 1 };
    const budget = new UpstreamBudget(store, 'cloudflare:k2', { limit: 20, windowMs: 1_000, headroom: 1 });
    const started = Date.now();
    const waited = await Promise.all(Array.from({ length: 5 }, () => budget.spend(Date.now() + 2_000)));
    // 2 per 100 ms slice: the fifth request is in the third slice.
    expect(Math.max(...waited)).toBeGreaterThan(50);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('after the upstream says "wait", nothing is sent before that time, and a short deadline is refused at once', async () => {
    const store: BudgetStore = { redis: null, keyPrefix: prefix, instances: 1 };
    const budget = new UpstreamBudget(store, 'cloudflare:k3', { limit: 1200, windowMs: 300_000, headroom: 0.8 });
    budget.closeFor(30_000);
    const started = Date.now();
    await expect(budget.spend(Date.now() + 5_000)).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: 30 } });
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('falls back to its per-instance share while Redis does not answer, tells once, and shares again once it is back', async () => {
    const own = await startOwnRedis();
    const app = appRedis(own.url);
    // 8 per 1 s slice shared; 2 per slice for each of 4 instances while Redis is gone.
    const budget = new UpstreamBudget(app.store(prefix, 4), 'stripe:k4', { limit: 100, windowMs: 10_000, headroom: 0.8 }, noWait);
    const burst = async (requests: number) => {
      await startOfSlice();
      const deadline = Date.now() + 50;
      const results = await Promise.allSettled(Array.from({ length: requests }, () => budget.spend(deadline)));
      return results.filter((r) => r.status === 'fulfilled');
    };
    const said = (message: string) => app.lines.filter((line) => line.budget === 'redis' && line.msg.startsWith(message));
    try {
      own.freeze();
      expect(await burst(6)).toHaveLength(2);
      expect(said('Redis unavailable')).toHaveLength(1);

      own.thaw();
      // The failure policy probes Redis a second after it tripped; a spend is the probe.
      await expect.poll(async () => (await budget.spend(0).catch(() => 0), app.redis.state()), { timeout: 5_000 }).toBe('closed');
      expect(await burst(20)).toHaveLength(8);
      expect(said('Redis available again')).toHaveLength(1);
    } finally {
      await app.redis.close();
      own.stop();
    }
  });

  it('names a credential by a digest, never the secret', () => {
    const key = credentialKey('stripe', 'sk_test_secret123');
    expect(key).toMatch(/^stripe:[\w-]{22}$/);
    expect(key).not.toContain('secret');
    expect(credentialKey('stripe', 'sk_test_other')).not.toBe(key);
  });
});
