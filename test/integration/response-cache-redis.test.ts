import { randomUUID } from 'node:crypto';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { CF_DEFAULT_ACCOUNT, CF_EUR_ACCOUNT } from '../../src/sandbox/cloudflare/data.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startRedisRelay } from '../helpers/redis-relay.js';
import { bearer, codes, customerToken, JWT_ENV } from '../security/support.js';

/**
 * The shared response cache against the real Redis on 127.0.0.1:6379 (.ci/run starts it): several billgraph
 * instances answer from one cache, entries stay keyed by principal, and a Redis that is gone or silent
 * costs cache hits, never answers.
 */
const REDIS_URL = 'redis://127.0.0.1:6379';
/** Unique per run, so parallel runs and other deployments on this Redis are never touched. */
const PREFIX = `billgraph-test:${randomUUID()}:`;

const LIST = `query List($customer: String) {
  invoices(customer: $customer, first: 5) {
    nodes { id number customerId amountDue { amount currency } }
  }
}`;

type Instance = Harness;

/** One billgraph instance over loopback in front of `sandbox`, its log lines captured. */
function startInstance(sandbox: Sandbox, env: Record<string, string>): Promise<Instance> {
  return startHarness({ ...JWT_ENV, LOG_LEVEL: 'info', BILLGRAPH_RESPONSE_CACHE_TTL_MS: '60000', ...env }, { sandbox, captureLogs: true });
}

let admin: Redis;
let sandbox: Sandbox;
let asA: Record<string, string>;
let asB: Record<string, string>;
const open: Instance[] = [];

/** Every key under this run's prefix (entries and their tag indexes). */
const allKeys = () => admin.keys(`${PREFIX}*`);
/** The cached entries only: tag indexes live under `tag:`, eviction marks under `evicted:` (src/cache/redis-tag-index.ts). */
const keys = async () => (await allKeys()).filter((key) => !key.startsWith(`${PREFIX}tag:`) && !key.startsWith(`${PREFIX}evicted:`));
const start = async (env: Record<string, string> = {}) => {
  const instance = await startInstance(sandbox, {
    BILLGRAPH_RESPONSE_CACHE_REDIS_URL: REDIS_URL,
    BILLGRAPH_RESPONSE_CACHE_PREFIX: PREFIX,
    ...env,
  });
  open.push(instance);
  return instance;
};
const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const startedAt = performance.now();
  const result = await run();
  return [result, performance.now() - startedAt];
};

/** Why the real Redis cannot be used (null: it answers), found once. */
let redisMissing: Promise<string | null> | null = null;
const checkRedis = () =>
  (redisMissing ??= (async () => {
    admin = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    let cause = 'no answer';
    admin.on('error', (error: Error) => (cause = error.message));
    try {
      await admin.connect();
      if ((await admin.ping()) === 'PONG') return null;
    } catch (error) {
      if (cause === 'no answer') cause = (error as Error).message;
    }
    return (
      `Redis is missing: nothing answers at ${REDIS_URL} (${cause}). These tests need the real Redis: run .ci/run, ` +
      'or start it with `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`.'
    );
  })());

// A failing test (not a skip) when Redis is not there, so a CI summary cannot read as green.
it('the real Redis answers at 127.0.0.1:6379', async () => {
  const missing = await checkRedis();
  if (missing) throw new Error(missing);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((instance) => instance.close()));
  if (admin?.status !== 'ready') return;
  const left = await allKeys();
  if (left.length) await admin.del(left);
});

afterAll(async () => {
  await sandbox?.close();
  if (admin?.status === 'ready') {
    const left = await allKeys();
    if (left.length) await admin.del(left);
    await admin.quit();
  }
  admin?.disconnect();
});

describe('config', () => {
  it('a bad Redis URL or key prefix is a ConfigError naming the variable; a password is never echoed', () => {
    for (const bad of ['http://127.0.0.1:6379', 'not a url', '127.0.0.1:6379', 'redis://:s3cret-pass@127.0.0.1:6379/db']) {
      let caught: unknown;
      try {
        loadConfig({ BILLGRAPH_RESPONSE_CACHE_REDIS_URL: bad, BILLGRAPH_RESPONSE_CACHE_TTL_MS: '1000' });
      } catch (error) {
        caught = error;
      }
      expect(caught, bad).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).variable).toBe('BILLGRAPH_RESPONSE_CACHE_REDIS_URL');
      expect((caught as ConfigError).message).not.toContain('s3cret-pass');
    }
    expect(() => loadConfig({ BILLGRAPH_RESPONSE_CACHE_PREFIX: 'has space' })).toThrow(/BILLGRAPH_RESPONSE_CACHE_PREFIX/);
    const config = loadConfig({
      BILLGRAPH_RESPONSE_CACHE_REDIS_URL: 'rediss://:pw@cache.internal:6380/2',
      BILLGRAPH_RESPONSE_CACHE_TTL_MS: '1000',
    });
    expect(config.responseCache).toEqual({
      ttlMs: 1000,
      redisUrl: 'rediss://:pw@cache.internal:6380/2',
      keyPrefix: 'billgraph:',
      staleIfErrorMs: 600_000,
      ttlByProvider: { cloudflare: 1000, stripe: 1000, flexprice: 1000 },
    });
  });
});

describe('shared Redis response cache', () => {
  beforeAll(async () => {
    const missing = await checkRedis();
    if (missing) throw new Error(missing);
    sandbox = await startSandbox();
    asA = bearer(await customerToken('cloudflare', [CF_DEFAULT_ACCOUNT]));
    asB = bearer(await customerToken('cloudflare', [CF_EUR_ACCOUNT]));
  });

  it('a second instance answers a query the first one cached with zero upstream calls', async () => {
    const first = await start();
    const second = await start();
    sandbox.reset();
    const [fromFirst, missMs] = await timed(() => first.graphql(LIST, {}, asA));
    expect(fromFirst.body.errors).toBeUndefined();
    expect(fromFirst.body.data.invoices.nodes.length).toBeGreaterThan(0);
    const upstreamOnMiss = sandbox.count('cloudflare');
    expect(upstreamOnMiss).toBeGreaterThan(0);
    // The entry is in Redis under this run's prefix (the write is not awaited by the plugin).
    await expect.poll(keys, { timeout: 2_000 }).toHaveLength(1);
    const [stored] = await keys();
    expect(await admin.pttl(stored!)).toBeGreaterThan(50_000);
    expect(await admin.get(stored!)).toContain(CF_DEFAULT_ACCOUNT);

    sandbox.reset();
    const [fromSecond, hitMs] = await timed(() => second.graphql(LIST, {}, asA));
    expect(sandbox.count('cloudflare')).toBe(0);
    // The same answer; only its `extensions.cost` says it cost no upstream call.
    expect(fromSecond.body).toEqual(fromFirst.body);
    expect(fromSecond.cost?.actualUpstreamCalls).toBe(0);
    console.info(
      `shared cache: miss on instance 1 ${missMs.toFixed(1)} ms with ${upstreamOnMiss} upstream calls, hit on instance 2 ${hitMs.toFixed(1)} ms with 0`,
    );
  });

  it("keyed by principal: B is never served A's cached answer, and their Redis keys differ", async () => {
    const first = await start();
    const second = await start();
    // A caches both forms: no argument, and naming its own customer.
    const aList = await first.graphql(LIST, {}, asA);
    const aNamed = await first.graphql(LIST, { customer: CF_DEFAULT_ACCOUNT }, asA);
    expect(aList.body.errors).toBeUndefined();
    expect(aNamed.body.errors).toBeUndefined();
    await expect.poll(keys, { timeout: 2_000 }).toHaveLength(2);
    const aKeys = new Set(await keys());

    // Same document and variables as A's cached entries, from B on the other instance.
    sandbox.reset();
    const bNamed = await second.graphql(LIST, { customer: CF_DEFAULT_ACCOUNT }, asB);
    expect(codes(bNamed.body)).toEqual(['FORBIDDEN']);
    expect(bNamed.text).not.toContain(`"customerId":"${CF_DEFAULT_ACCOUNT}"`);
    expect(sandbox.received.filter((r) => r.path.includes(CF_DEFAULT_ACCOUNT))).toHaveLength(0);
    const bList = await second.graphql(LIST, {}, asB);
    expect(bList.body.errors).toBeUndefined();
    expect(bList.body.data.invoices.nodes.length).toBeGreaterThan(0);
    expect(bList.body.data.invoices.nodes.every((n: { customerId: string }) => n.customerId === CF_EUR_ACCOUNT)).toBe(true);
    expect(bList.text).not.toContain(CF_DEFAULT_ACCOUNT);
    expect(sandbox.count('cloudflare')).toBeGreaterThan(0);

    // B's own answer got its own key; the FORBIDDEN one was not cached.
    await expect.poll(keys, { timeout: 2_000 }).toHaveLength(3);
    const bKeys = (await keys()).filter((key) => !aKeys.has(key));
    expect(bKeys).toHaveLength(1);
    expect(await admin.get(bKeys[0]!)).toContain(CF_EUR_ACCOUNT);
    expect(await admin.get(bKeys[0]!)).not.toContain(CF_DEFAULT_ACCOUNT);

    // And B's repeat is a hit on B's own entry, from the first instance.
    sandbox.reset();
    const bAgain = await first.graphql(LIST, {}, asB);
    expect(sandbox.count('cloudflare')).toBe(0);
    expect(bAgain.body).toEqual(bList.body);
  });

  it('an unreachable Redis still answers every query correctly, from the upstream, and says so in the log once', async () => {
    const reference = await startInstance(sandbox, { BILLGRAPH_RESPONSE_CACHE_TTL_MS: '0' });
    open.push(reference);
    const expected = await reference.graphql(LIST, {}, asA);
    expect(expected.body.errors).toBeUndefined();

    const instance = await start({ BILLGRAPH_RESPONSE_CACHE_REDIS_URL: 'redis://127.0.0.1:1' });
    const durations: number[] = [];
    for (let i = 0; i < 3; i++) {
      sandbox.reset();
      const [answer, ms] = await timed(() => instance.graphql(LIST, {}, asA));
      durations.push(ms);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(expected.body);
      expect(sandbox.count('cloudflare')).toBeGreaterThan(0);
    }
    expect(Math.max(...durations)).toBeLessThan(1_500);
    const warnings = instance.logs.filter((line) => line.includes('response cache unavailable'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('ECONNREFUSED');
    console.info(`unreachable Redis: ${durations.map((ms) => ms.toFixed(1)).join(', ')} ms`);
  });

  it('Redis going away between requests: answers continue without it, and the cache is used again when it is back', async () => {
    const relay = await startRedisRelay();
    try {
      const instance = await start({ BILLGRAPH_RESPONSE_CACHE_REDIS_URL: relay.url });
      const first = await instance.graphql(LIST, {}, asA);
      expect(first.body.errors).toBeUndefined();
      await expect.poll(keys, { timeout: 2_000 }).toHaveLength(1);
      sandbox.reset();
      expect((await instance.graphql(LIST, {}, asA)).body).toEqual(first.body);
      expect(sandbox.count('cloudflare')).toBe(0);

      // Cut: the open connection drops and new ones are refused.
      await relay.cut();
      const during: number[] = [];
      for (let i = 0; i < 3; i++) {
        sandbox.reset();
        const [answer, ms] = await timed(() => instance.graphql(LIST, {}, asA));
        during.push(ms);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual(first.body);
        expect(sandbox.count('cloudflare')).toBeGreaterThan(0);
      }
      expect(Math.max(...during)).toBeLessThan(1_000);

      // Restore: ioredis reconnects on its own and the entry (still in Redis) answers again.
      await relay.restore();
      await expect
        .poll(
          async () => {
            sandbox.reset();
            await instance.graphql(LIST, {}, asA);
            return sandbox.count('cloudflare');
          },
          { timeout: 5_000, interval: 100 },
        )
        .toBe(0);
      expect(instance.logs.filter((line) => line.includes('response cache unavailable'))).toHaveLength(1);
      expect(instance.logs.filter((line) => line.includes('response cache available again'))).toHaveLength(1);
      console.info(`Redis cut mid-run: ${during.map((ms) => ms.toFixed(1)).join(', ')} ms while down`);
    } finally {
      await relay.close();
    }
  });

  it('a Redis that accepts connections and never answers costs at most the command timeout, then is skipped', async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const instance = await start({ BILLGRAPH_RESPONSE_CACHE_REDIS_URL: `redis://127.0.0.1:${(silent.address() as AddressInfo).port}` });
      const durations: number[] = [];
      for (let i = 0; i < 3; i++) {
        const [answer, ms] = await timed(() => instance.graphql(LIST, {}, asA));
        durations.push(ms);
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data.invoices.nodes.every((n: { customerId: string }) => n.customerId === CF_DEFAULT_ACCOUNT)).toBe(true);
      }
      expect(durations[0]).toBeLessThan(1_500);
      // Later requests do not wait for the silent Redis again.
      expect(Math.max(durations[1]!, durations[2]!)).toBeLessThan(200);
      expect(instance.logs.filter((line) => line.includes('response cache unavailable'))).toHaveLength(1);
      console.info(`silent Redis: ${durations.map((ms) => ms.toFixed(1)).join(', ')} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
