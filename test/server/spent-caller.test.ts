import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalKey } from '../../src/auth/principal.js';
import { PrincipalBudget } from '../../src/budget/principal-budget.js';
import { PrincipalTurns } from '../../src/budget/principal-turns.js';
import { withBudgetDoor } from '../../src/server/budget-door.js';
import { RequestStates } from '../../src/server/request-state.js';
import { useUpstreamBudget } from '../../src/server/use-upstream-budget.js';
import { listen, type Listening } from '../helpers/listen.js';
import { bareYoga } from './support.js';

/**
 * The budget's door stands in two places (before Yoga for requests without Origin, in Yoga for browser pages)
 * and is written once (src/server/spent-caller.ts): both refuse a spent caller alike, and a caller that passes
 * the door before Yoga has its JWT checked once, not again by Yoga.
 */
const allowance = { burst: 1, perSecond: 1 };
const resolved = new Map<string, number>();
const states = new RequestStates(async (headers) => {
  const who = headers.get('x-who') ?? 'nobody';
  resolved.set(who, (resolved.get(who) ?? 0) + 1);
  if (who === 'nobody') throw new Error('no token');
  return { kind: 'customer', subject: who, provider: 'stripe', customers: [`cus_${who}`] };
});
const budget = new PrincipalBudget({ redis: null, keyPrefix: 'door-test:', instances: 1 }, allowance);
const options = { states, budget, allowance, maxUpstreamCalls: 25, defaultProvider: 'stripe' as const };
const yoga = bareYoga([useUpstreamBudget({ ...options, turns: new PrincipalTurns(4, 4), turnWaitMs: 1_000 })]);
let listening: Listening;
let url: string;

beforeAll(async () => {
  listening = await listen(withBudgetDoor(yoga, options));
  url = listening.url;
  // "spent" takes its one call, then asks for one more: spent to zero until its window resets.
  const key = principalKey({ kind: 'customer', subject: 'spent', provider: 'stripe', customers: ['cus_spent'] });
  await budget.spend(key, 1);
  await expect(budget.spend(key, 1)).rejects.toThrow();
});
afterAll(() => listening.close());

const ask = (who: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-who': who, ...headers },
    body: JSON.stringify({ query: '{ hello }' }),
  });

describe('the budget door, before Yoga and in it', () => {
  it('refuses a spent caller 429 with Retry-After on both paths, resolving its principal once per request', async () => {
    resolved.clear();
    const bare = await ask('spent');
    const fromPage = await ask('spent', { origin: 'http://localhost:5173' });
    for (const refused of [bare, fromPage]) {
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
    }
    expect(resolved.get('spent')).toBe(2);
  });

  it('lets another caller through while someone is spent, checking its token once though both doors ask', async () => {
    resolved.clear();
    const answer = await ask('fresh');
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as any).data).toEqual({ hello: 'world' });
    expect(resolved.get('fresh')).toBe(1);
  });

  it('leaves a caller without a principal to Yoga', async () => {
    resolved.clear();
    const answer = await ask('nobody');
    expect(answer.status).not.toBe(429);
    expect(resolved.get('nobody')).toBe(1);
  });
});
