import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FP_DEFAULT_CUSTOMER } from '../../src/sandbox/flexprice/data.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startOwnRedis, type OwnRedis } from '../helpers/own-redis.js';
import { openSse } from '../helpers/sse.js';
import { billingEvent, testPrefix } from '../live/helpers.js';

/**
 * One Redis per app (src/redis): whatever the app uses Redis for, it holds one command connection and the one
 * subscriber connection pub/sub needs, and a Redis that hangs is told once each way for the whole app.
 * Our own redis-server on a free port, frozen with SIGSTOP.
 */
const LIST = '{ invoices(first: 3) { nodes { id } } }';
let redis: OwnRedis;
let sandbox: Sandbox;

beforeAll(async () => {
  redis = await startOwnRedis();
  sandbox = await startSandbox();
});
afterAll(async () => {
  redis?.stop();
  await sandbox?.close();
});

const start = () =>
  startHarness(
    {
      BILLGRAPH_PROVIDER: 'flexprice',
      BILLGRAPH_REDIS_URL: redis.url,
      BILLGRAPH_RESPONSE_CACHE_TTL_MS: '60000',
      BILLGRAPH_RESPONSE_CACHE_PREFIX: testPrefix(),
      LOG_LEVEL: 'info',
    },
    { sandbox, captureLogs: true },
  );

/** The names of the connections Redis holds that belong to `h`. */
async function connectionsOf(h: Harness): Promise<string[]> {
  const list = (await redis.admin.client('LIST')) as string;
  const names = [...list.matchAll(/ name=(\S*)/g)].map((match) => match[1]!);
  return names.filter((name) => name === h.app.redisConnectionName || name === `${h.app.redisConnectionName}:subscriber`).sort();
}

describe('one Redis per app', () => {
  it('an app using Redis for everything holds exactly two connections: commands and pub/sub', async () => {
    const [one, two] = [await start(), await start()];
    try {
      // The cache and budgets (a query), readiness (PING), publishing and a subscription.
      expect((await one.graphql(LIST)).body.errors).toBeUndefined();
      expect((await fetch(one.url.replace(/\/graphql$/, '/readyz'))).status).toBe(200);
      const stream = await openSse(one.url, 'subscription { invoiceEvents { type } }');
      await one.app.events.emit(billingEvent('flexprice', FP_DEFAULT_CUSTOMER));
      await stream.nexts(1);
      const name = one.app.redisConnectionName!;
      expect(name).toMatch(/^billgraph:/);
      expect(await connectionsOf(one)).toEqual([name, `${name}:subscriber`]);
      expect(two.app.redisConnectionName).not.toBe(name);
      expect(await connectionsOf(two)).toHaveLength(2);
      stream.close();
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
    expect(await connectionsOf(one)).toEqual([]);
  });

  it('a frozen Redis is told once when it hangs and once when it answers again, for the whole app', async () => {
    const h = await start();
    try {
      expect((await h.graphql(LIST)).body.errors).toBeUndefined();
      redis.freeze();
      for (const until = Date.now() + 2_500; Date.now() < until;) {
        const answers = await Promise.all(Array.from({ length: 4 }, () => h.graphql(LIST)));
        for (const answer of answers) expect(answer.body.errors).toBeUndefined();
      }
      redis.thaw();
      // The breaker probes with the next command a second after it tripped.
      await expect
        .poll(async () => (await h.graphql(LIST), h.app.breakers().responseCache), { timeout: 5_000, interval: 100 })
        .toBe('closed');
      await sleep(300);
      const said = h.logs.map((line) => JSON.parse(line)).filter((line) => line.redis !== undefined);
      expect(said.map((line) => [line.level, line.msg.split(':')[0]])).toEqual([
        [40, 'Redis unavailable'],
        [30, 'Redis available again'],
      ]);
      // Every user of the shared connection is named in the one warning.
      expect(said[0]).toMatchObject({ cache: 'redis', budget: 'redis', webhooks: 'redis', liveEvents: 'redis', pollLocks: 'redis' });
    } finally {
      redis.thaw();
      await h.close();
    }
  });
});
