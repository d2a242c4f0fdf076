import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { PrincipalBudget } from '../../src/budget/principal-budget.js';

const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
const prefix = `test:${process.pid}:${Date.now()}:`;
afterAll(() => redis.quit());

describe("a caller's budget of upstream calls", () => {
  it('spends estimates up front, refuses past the burst with the seconds to wait, and takes refunds', async () => {
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    const store = { redis, keyPrefix: prefix, instances: 1 };
    const one = new PrincipalBudget(store, { burst: 30, perSecond: 1 });
    const other = new PrincipalBudget(store, { burst: 30, perSecond: 1 }); // a second instance on the same Redis
    expect(await one.spend('jwt:a', 25)).toBe(5);
    await expect(other.spend('jwt:a', 6)).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: expect.any(Number) } });
    // Another principal's allowance is its own.
    expect(await other.spend('jwt:b', 25)).toBe(5);
  });

  it('a refund of unused calls makes room again', async () => {
    const store = { redis, keyPrefix: `${prefix}r:`, instances: 1 };
    const budget = new PrincipalBudget(store, { burst: 10, perSecond: 1 });
    await budget.spend('jwt:c', 10);
    await expect(budget.spend('jwt:c', 1)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await budget.refund('jwt:c', 8);
    // The refused attempt above counted one; 10 + 1 - 8 = 3 spent, 7 left after 0 more.
    expect(await budget.spend('jwt:c', 0)).toBeGreaterThanOrEqual(6);
  });
});
