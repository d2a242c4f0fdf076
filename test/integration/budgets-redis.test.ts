import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { CF_DEFAULT_ACCOUNT, CF_EUR_ACCOUNT, CF_JPY_ACCOUNT } from '../../src/sandbox/cloudflare/data.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startRedisRelay } from '../helpers/redis-relay.js';
import { bearer, codes, customerToken, JWT_ENV } from '../security/support.js';

/**
 * Budgets shared through the real Redis on 127.0.0.1:6379 (.ci/run starts it): two billgraph instances
 * draw on one principal budget and one credential budget; without Redis each spends its share
 * (1 / BILLGRAPH_INSTANCES), with one warning when Redis fails and one when it is back.
 */
const REDIS_URL = 'redis://127.0.0.1:6379';
const UPCOMING = '{ upcomingInvoice { id } }';

let sandbox: Sandbox;
const open: Harness[] = [];
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
  sandbox.reset();
});
afterAll(() => sandbox.close());

/** An instance over the shared sandbox; `prefix` keeps this test's budgets apart from every other run's. */
async function instance(env: Record<string, string>, prefix: string): Promise<Harness> {
  const h = await startHarness({ ...JWT_ENV, LOG_LEVEL: 'info', BILLGRAPH_BUDGET_PREFIX: prefix, ...env }, { sandbox, captureLogs: true });
  open.push(h);
  // Until its first connection to Redis (a few ms) an instance spends its own share.
  await new Promise((r) => setTimeout(r, 200));
  return h;
}
const warnings = (h: Harness) => h.logs.map((line) => JSON.parse(line)).filter((line) => line.budget === 'redis');

describe('budgets shared through Redis', () => {
  it('BILLGRAPH_REDIS_URL names the one Redis; the response cache variable is its older name', () => {
    expect(loadConfig({ BILLGRAPH_REDIS_URL: REDIS_URL }).responseCache.redisUrl).toBe(REDIS_URL);
    expect(
      loadConfig({ BILLGRAPH_RESPONSE_CACHE_REDIS_URL: REDIS_URL, BILLGRAPH_RESPONSE_CACHE_TTL_MS: '1000' }).responseCache.redisUrl,
    ).toBe(REDIS_URL);
  });

  it('two instances draw on one principal budget', async () => {
    const prefix = `billgraph-test:${randomUUID()}:`;
    const env = { BILLGRAPH_REDIS_URL: REDIS_URL, BILLGRAPH_PRINCIPAL_BURST: '4', BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND: '1' };
    const [one, two] = [await instance(env, prefix), await instance(env, prefix)];
    const asA = bearer(await customerToken('cloudflare', [CF_DEFAULT_ACCOUNT]));
    expect((await one.graphql(UPCOMING, {}, asA)).cost?.budget.remaining).toBe(3);
    expect((await two.graphql(UPCOMING, {}, asA)).cost?.budget.remaining).toBe(2);
    expect((await one.graphql(UPCOMING, {}, asA)).cost?.budget.remaining).toBe(1);
    expect((await two.graphql(UPCOMING, {}, asA)).cost?.budget.remaining).toBe(0);
    const refused = await one.graphql(UPCOMING, {}, asA);
    expect(refused.status).toBe(429);
    expect(codes(refused.body)).toEqual(['RATE_LIMITED']);
    expect(sandbox.count('cloudflare')).toBe(4);
    expect(warnings(one)).toEqual([]);
  });

  it('two instances draw on one credential budget: together they send no more than it allows', async () => {
    const prefix = `billgraph-test:${randomUUID()}:`;
    // 20 per 10 s at 50 %: one per 1 s slice for both instances together.
    const env = {
      BILLGRAPH_REDIS_URL: REDIS_URL,
      BILLGRAPH_CLOUDFLARE_RATE: '20/10s',
      BILLGRAPH_UPSTREAM_HEADROOM_PERCENT: '50',
      UPSTREAM_TIMEOUT_MS: '1500',
    };
    const [one, two] = [await instance(env, prefix), await instance(env, prefix)];
    const accounts = [CF_DEFAULT_ACCOUNT, CF_EUR_ACCOUNT, CF_JPY_ACCOUNT];
    const auths = await Promise.all(accounts.map(async (a) => bearer(await customerToken('cloudflare', [a]))));
    // Six different reads, three through each instance, at once.
    const started = Date.now();
    const answers = await Promise.all(
      auths.flatMap((auth) => [one.graphql(UPCOMING, {}, auth), two.graphql('{ invoices(first: 3) { nodes { id } } }', {}, auth)]),
    );
    const elapsedSlices = Math.ceil((Date.now() - started) / 1_000) + 1;
    const ok = answers.filter((a) => !a.body.errors).length;
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(elapsedSlices);
    expect(sandbox.count('cloudflare')).toBe(ok);
    // The rest are RATE_LIMITED (or, on a loaded machine, out of time after waiting for a slice).
    expect(answers.filter((a) => codes(a.body).includes('RATE_LIMITED')).length).toBeGreaterThanOrEqual(1);
  });

  it('Redis unreachable: each instance spends its share (1 / BILLGRAPH_INSTANCES), and says so once', async () => {
    const prefix = `billgraph-test:${randomUUID()}:`;
    const env = {
      BILLGRAPH_REDIS_URL: 'redis://127.0.0.1:1',
      BILLGRAPH_INSTANCES: '2',
      BILLGRAPH_PRINCIPAL_BURST: '4',
      BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND: '1',
    };
    const one = await instance(env, prefix);
    const asA = bearer(await customerToken('cloudflare', [CF_DEFAULT_ACCOUNT]));
    await new Promise((r) => setTimeout(r, 300)); // the first connection attempt fails
    expect((await one.graphql(UPCOMING, {}, asA)).body.errors).toBeUndefined();
    expect((await one.graphql(UPCOMING, {}, asA)).body.errors).toBeUndefined();
    expect((await one.graphql(UPCOMING, {}, asA)).status).toBe(429);
    const said = warnings(one);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ level: 40, msg: expect.stringContaining('each instance spends its share') });
    expect(JSON.stringify(said)).not.toContain('hunter2');
  });

  it('Redis going away and coming back: one warning each way, and the shared budget is used again', async () => {
    const relay = await startRedisRelay();
    try {
      const prefix = `billgraph-test:${randomUUID()}:`;
      const one = await instance({ BILLGRAPH_REDIS_URL: relay.url, BILLGRAPH_INSTANCES: '2' }, prefix);
      const asA = bearer(await customerToken('cloudflare', [CF_DEFAULT_ACCOUNT]));
      await new Promise((r) => setTimeout(r, 200));
      expect((await one.graphql(UPCOMING, {}, asA)).body.errors).toBeUndefined();
      expect(warnings(one)).toEqual([]);
      await relay.cut();
      await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 3; i += 1) expect((await one.graphql(UPCOMING, {}, asA)).body.errors).toBeUndefined();
      expect(warnings(one).map((w) => w.msg)).toEqual([expect.stringContaining('unavailable')]);
      await relay.restore();
      // ioredis reconnects within its back-off (at most 2 s).
      const until = Date.now() + 5_000;
      while (warnings(one).length < 2 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 200));
        await one.graphql(UPCOMING, {}, asA);
      }
      expect(warnings(one).map((w) => w.msg)).toEqual([expect.stringContaining('unavailable'), expect.stringContaining('available again')]);
    } finally {
      await relay.close();
    }
  });
});
