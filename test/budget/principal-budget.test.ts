import { afterAll, describe, expect, it } from 'vitest';
import { PrincipalBudget } from '../../src/budget/principal-budget.js';
import { appRedis } from './support.js';

const shared = appRedis('redis://127.0.0.1:6379');
const prefix = `test:${process.pid}:${Date.now()}:`;
afterAll(() => shared.redis.close());

describe("a caller's budget of upstream calls", () => {
  it('spends estimates up front, refuses past the burst with the seconds to wait, and takes refunds', async () => {
    const store = shared.store(prefix, 1);
    const one = new PrincipalBudget(store, { burst: 30, perSecond: 1 });
    const other = new PrincipalBudget(store, { burst: 30, perSecond: 1 }); // a second instance on the same Redis
    expect(await one.spend('jwt:a', 25)).toBe(5);
    await expect(other.spend('jwt:a', 6)).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: expect.any(Number) } });
    // Another principal's allowance is its own.
    expect(await other.spend('jwt:b', 25)).toBe(5);
  });

  it('a refund of unused calls makes room again', async () => {
    const store = shared.store(`${prefix}r:`, 1);
    const budget = new PrincipalBudget(store, { burst: 10, perSecond: 1 });
    await budget.spend('jwt:c', 10);
    await expect(budget.spend('jwt:c', 1)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await budget.refund('jwt:c', 8);
    // The refused attempt above counted one; 10 + 1 - 8 = 3 spent, 7 left after 0 more.
    expect(await budget.spend('jwt:c', 0)).toBeGreaterThanOrEqual(6);
  });
});

describe('callers remembered as spent (refused at the door)', () => {
  it('only a caller with nothing left is remembered, until its window resets', async () => {
    let now = Date.now();
    const budget = new PrincipalBudget({ redis: null, keyPrefix: '', instances: 1 }, { burst: 10, perSecond: 1 }, () => now);
    await budget.spend('jwt:d', 4);
    // Too big for what is left (6): refused, but a smaller request would fit, so nothing is remembered.
    await expect(budget.spend('jwt:d', 7)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(budget.anySpent).toBe(false);
    expect(budget.refusalAtTheDoor('jwt:d')).toBeNull();
    // The refused 7 counted too (rate-limiter-flexible counts refusals): 11 of 10, nothing left.
    await expect(budget.spend('jwt:d', 1)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(budget.anySpent).toBe(true);
    const refusal = budget.refusalAtTheDoor('jwt:d');
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfter: expect.any(Number) } });
    expect(refusal!.details.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refusal!.details.retryAfter).toBeLessThanOrEqual(10);
    expect(budget.refusalAtTheDoor('jwt:other')).toBeNull();
    now += 10_001; // the window (burst / per second = 10 s) has reset
    expect(budget.refusalAtTheDoor('jwt:d')).toBeNull();
    expect(budget.anySpent).toBe(false);
  });

  it('a refund forgets the caller: it has calls again', async () => {
    const budget = new PrincipalBudget({ redis: null, keyPrefix: '', instances: 1 }, { burst: 2, perSecond: 1 });
    await budget.spend('jwt:e', 2);
    await expect(budget.spend('jwt:e', 1)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(budget.refusalAtTheDoor('jwt:e')).not.toBeNull();
    await budget.refund('jwt:e', 2);
    expect(budget.refusalAtTheDoor('jwt:e')).toBeNull();
  });
});
