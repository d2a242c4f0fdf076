import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CF_DEFAULT_ACCOUNT } from '../../src/sandbox/cloudflare/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startOwnRedis, type OwnRedis } from '../helpers/own-redis.js';
import { bearer, customerToken, JWT_ENV } from '../security/support.js';

/**
 * A Redis that hangs (issue 14): our own redis-server on a free port, frozen with SIGSTOP. Timed-out commands
 * trip the Redis breaker once, requests skip the cache instead of each waiting out the timeout, the log says
 * so once and says once when Redis is back, and nothing flaps in between.
 */
const LIST = `{ invoices(first: 5) { nodes { id amountDue { amount currency } } } }`;

let redis: OwnRedis;
let admin: Redis;
let h: Harness;
let asA: Record<string, string>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** GET and SET commands Redis has executed so far (INFO commandstats). */
async function commandsRun(): Promise<number> {
  const stats = await admin.info('commandstats');
  return [...stats.matchAll(/^cmdstat_(?:get|set):calls=(\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
}
const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
};

beforeAll(async () => {
  redis = await startOwnRedis();
  admin = redis.admin;
  h = await startHarness(
    {
      ...JWT_ENV,
      LOG_LEVEL: 'info',
      BILLGRAPH_RESPONSE_CACHE_TTL_MS: '60000',
      BILLGRAPH_RESPONSE_CACHE_REDIS_URL: redis.url,
    },
    { captureLogs: true },
  );
  asA = bearer(await customerToken('cloudflare', [CF_DEFAULT_ACCOUNT]));
});

afterAll(async () => {
  redis?.thaw();
  await h?.close();
  redis?.stop();
});

describe('a frozen Redis (SIGSTOP)', () => {
  it('trips the Redis breaker once, skips the cache while frozen, and recovers once without flapping', async () => {
    const cached = await h.graphql(LIST, {}, asA);
    expect(cached.body.errors).toBeUndefined();
    await expect
      .poll(async () => {
        h.sandbox.reset();
        await h.graphql(LIST, {}, asA);
        return h.sandbox.count('cloudflare');
      })
      .toBe(0);

    const before = await commandsRun();
    redis.freeze();
    const durations: number[] = [];
    const until = Date.now() + 3_000;
    while (Date.now() < until) {
      // Five at a time, as several callers would.
      const batch = await Promise.all(Array.from({ length: 5 }, () => timed(() => h.graphql(LIST, {}, asA))));
      for (const [answer, ms] of batch) {
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data).toEqual(cached.body.data);
        durations.push(ms);
      }
    }
    expect(h.app.breakers().responseCache).not.toBe('closed');
    expect(durations.length).toBeGreaterThanOrEqual(15);

    // What the frozen Redis was sent runs when it resumes: the first batch's commands and one probe per
    // second, not a GET and a SET for every request (which is what timing out each of them would cost).
    redis.thaw();
    await pause(200);
    const sentWhileFrozen = (await commandsRun()) - before;
    expect(sentWhileFrozen).toBeLessThan(durations.length);
    await expect
      .poll(
        async () => {
          h.sandbox.reset();
          await h.graphql(LIST, {}, asA);
          return h.sandbox.count('cloudflare');
        },
        { timeout: 5_000, interval: 100 },
      )
      .toBe(0);
    expect(h.app.breakers().responseCache).toBe('closed');
    await pause(200);
    expect(h.logs.filter((line) => line.includes('response cache unavailable'))).toHaveLength(1);
    expect(h.logs.filter((line) => line.includes('response cache available again'))).toHaveLength(1);
    const slow = durations.filter((ms) => ms >= 250).length;
    console.info(
      `frozen Redis: ${durations.length} requests in 3 s sent ${sentWhileFrozen} commands to it, ${slow} took >= 250 ms, p50 ${durations.sort((a, b) => a - b)[Math.floor(durations.length / 2)]!.toFixed(1)} ms`,
    );
  });
});
