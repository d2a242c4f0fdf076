import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BillingEvent } from '../../src/live/billing-event.js';
import { CF_DEFAULT_ACCOUNT } from '../../src/sandbox/cloudflare/data.js';
import { STRIPE_DEFAULT_CUSTOMER, STRIPE_SECOND_USD_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { bearer, customerToken, JWT_ENV } from '../security/support.js';
import { freePort } from '../helpers/listen.js';

/**
 * Precise invalidation over real HTTP, with the real sandbox and the real Redis on 127.0.0.1:6379: a billing event
 * evicts exactly its customer's cached answers (every principal, every instance), a mutation evicts nothing, an
 * evicted answer is never served stale, and a Redis that is gone makes events harmless.
 */
const REDIS_URL = 'redis://127.0.0.1:6379';
const X = STRIPE_DEFAULT_CUSTOMER;
const Y = STRIPE_SECOND_USD_CUSTOMER;
/** What a billing page shows: the upcoming invoice and the first page of history. */
const PAGE = `{
  upcomingInvoice { amountDue { amount currency } dueAt }
  invoices(first: 5) { nodes { status amountDue { amount currency } dueAt } }
}`;
/**
 * A preview with a null field (`dueAt`): the plugin's mutation invalidation purged, by type name, every cached
 * answer of every tenant that also had a null DateTime, e.g. any upcoming invoice.
 */
const PREVIEW = `mutation {
  previewInvoice(input: {}) {
    __typename
    ... on PreviewInvoiceSuccess { invoice { id customerId amountDue { amount } discount { amount } tax { amount } dueAt } }
  }
}`;

let sandbox: Sandbox;
let admin: Redis;
const open: Harness[] = [];
const prefixes: string[] = [];

const paid = (provider: BillingEvent['provider'], customer: string, invoiceId: string | null = null): BillingEvent => ({
  id: `evt_${randomUUID()}`,
  provider,
  customer,
  type: 'INVOICE_PAID',
  providerType: 'invoice.paid',
  invoiceId,
  subscriptionId: null,
  occurredAt: new Date().toISOString(),
});

async function start(env: Record<string, string> = {}): Promise<Harness> {
  const h = await startHarness(
    { ...JWT_ENV, BILLGRAPH_PROVIDER: 'stripe', BILLGRAPH_RESPONSE_CACHE_TTL_MS: '60000', LOG_LEVEL: 'info', ...env },
    { sandbox, captureLogs: true },
  );
  open.push(h);
  return h;
}
/** A fresh key prefix on the real Redis, removed after the test. */
function redisEnv(prefix = `billgraph-test:${randomUUID()}:`) {
  prefixes.push(prefix);
  return { BILLGRAPH_REDIS_URL: REDIS_URL, BILLGRAPH_RESPONSE_CACHE_PREFIX: prefix };
}
/** The cached entries only: tag indexes live under `tag:`, eviction marks under `evicted:` (src/cache/redis-tag-index.ts). */
const entries = async (prefix: string) =>
  (await admin.keys(`${prefix}*`)).filter((key) => !key.startsWith(`${prefix}tag:`) && !key.startsWith(`${prefix}evicted:`));

/** Upstream calls one request cost, counted at the sandbox (the plugin's Redis write is not awaited: `settle` waits). */
async function upstreamCalls(h: Harness, query: string, headers: Record<string, string>): Promise<number> {
  sandbox.reset();
  const answer = await h.graphql(query, {}, headers);
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body.errors, answer.text).toBeUndefined();
  return sandbox.count('stripe') + sandbox.count('cloudflare');
}
/** Resolves once the sandbox has received a request (held there by a latency fault): a read is in flight. */
const readingUpstream = () => expect.poll(() => sandbox.count('stripe'), { timeout: 5_000, interval: 10 }).toBeGreaterThan(0);
const settle = (prefix: string | null, count: number) =>
  prefix === null ? Promise.resolve() : expect.poll(() => entries(prefix).then((keys) => keys.length), { timeout: 3_000 }).toBe(count);

let asX1: Record<string, string>;
let asX2: Record<string, string>;
let asY: Record<string, string>;

beforeAll(async () => {
  admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  await admin.connect(); // a failure here fails the file: these tests need the real Redis (.ci/run starts it)
  sandbox = await startSandbox();
  // Two principals for customer X (two users of one company), one for Y.
  asX1 = bearer(await customerToken('stripe', [X], { subject: 'x-alice' }));
  asX2 = bearer(await customerToken('stripe', [X], { subject: 'x-bob' }));
  asY = bearer(await customerToken('stripe', [Y], { subject: 'y-carol' }));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
  for (const prefix of prefixes.splice(0)) {
    const left = await admin.keys(`${prefix}*`);
    if (left.length) await admin.del(left);
  }
});
afterAll(async () => {
  await sandbox?.close();
  await admin?.quit();
});

describe.each([
  { store: 'memory', env: (): { BILLGRAPH_RESPONSE_CACHE_PREFIX?: string } => ({}) },
  { store: 'redis', env: (): { BILLGRAPH_RESPONSE_CACHE_PREFIX?: string } => redisEnv() },
])('precise invalidation ($store)', ({ store, env }) => {
  it("an event for customer X evicts X's answers for both of X's principals and leaves Y's", async () => {
    const settings = env();
    const prefix = settings.BILLGRAPH_RESPONSE_CACHE_PREFIX ?? null;
    const h = await start(settings);
    for (const who of [asX1, asX2, asY]) expect(await upstreamCalls(h, PAGE, who)).toBeGreaterThan(0);
    await settle(prefix, 3);
    for (const who of [asX1, asX2, asY]) expect(await upstreamCalls(h, PAGE, who)).toBe(0);

    await h.app.events.emit(paid('stripe', X, 'in_anything'));
    expect(await upstreamCalls(h, PAGE, asX1)).toBeGreaterThan(0);
    expect(await upstreamCalls(h, PAGE, asX2)).toBeGreaterThan(0);
    expect(await upstreamCalls(h, PAGE, asY)).toBe(0);
    // The same customer id at another provider is someone else.
    await h.app.events.emit(paid('flexprice', Y));
    expect(await upstreamCalls(h, PAGE, asY)).toBe(0);
    expect(h.app.metrics.render()).toMatch(/billgraph_cache_evictions_total\{provider="stripe",outcome="evicted"\} 1\b/);
    console.info(`${store}: event for X evicted X's 2 principals' answers, Y's stayed`);
  });

  it('an answer whose reads began before an eviction is not stored after it', async () => {
    const settings = env();
    const h = await start(settings);
    sandbox.reset(); // also clears faults: before adding one
    sandbox.faults.add({ provider: 'stripe', kind: 'latency', latencyMs: 600, times: 10 });
    try {
      // X's page is being read (slowly) when the event arrives: what it read may be what the event changed.
      const inFlight = h.graphql(PAGE, {}, asX1);
      await readingUpstream();
      await h.app.events.emit(paid('stripe', X));
      expect((await inFlight).body.errors).toBeUndefined();
    } finally {
      sandbox.faults.clear();
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // Redis writes are not awaited by the plugin
    expect(await upstreamCalls(h, PAGE, asX1)).toBeGreaterThan(0);
  });

  it('an answer that joined a shared upstream read begun before an eviction is not stored either', async () => {
    const h = await start(env());
    sandbox.reset(); // also clears faults: before adding one
    sandbox.faults.add({ provider: 'stripe', kind: 'latency', latencyMs: 800, times: 10 });
    try {
      const first = h.graphql(PAGE, {}, asX1);
      await readingUpstream();
      await h.app.events.emit(paid('stripe', X));
      // Begins after the event but joins X1's reads still in flight (same credential, same reads): old data.
      const second = h.graphql(PAGE, {}, asX2);
      expect([(await first).body.errors, (await second).body.errors]).toEqual([undefined, undefined]);
    } finally {
      sandbox.faults.clear();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await upstreamCalls(h, PAGE, asX2)).toBeGreaterThan(0);
  });

  it("tenant A's previewInvoice evicts nothing: neither B's cached answers nor A's own", async () => {
    const settings = env();
    const h = await start(settings);
    for (const who of [asX1, asY]) expect(await upstreamCalls(h, PAGE, who)).toBeGreaterThan(0);
    await settle(settings.BILLGRAPH_RESPONSE_CACHE_PREFIX ?? null, 2);
    const preview = await h.graphql(PREVIEW, {}, asX1);
    expect(preview.body.errors, preview.text).toBeUndefined();
    expect(preview.body.data?.previewInvoice.__typename, preview.text).toBe('PreviewInvoiceSuccess');
    expect(await upstreamCalls(h, PAGE, asY)).toBe(0);
    expect(await upstreamCalls(h, PAGE, asX1)).toBe(0);
  });
});

describe('across instances and failures', () => {
  it('an event emitted on instance 1 makes instance 2 ask the upstream again (one Redis)', async () => {
    const settings = redisEnv();
    const one = await start(settings);
    const two = await start(settings);
    expect(await upstreamCalls(one, PAGE, asX1)).toBeGreaterThan(0);
    await settle(settings.BILLGRAPH_RESPONSE_CACHE_PREFIX!, 1);
    expect(await upstreamCalls(two, PAGE, asX1)).toBe(0);
    await one.app.events.emit(paid('stripe', X));
    expect(await entries(settings.BILLGRAPH_RESPONSE_CACHE_PREFIX!)).toEqual([]);
    expect(await upstreamCalls(two, PAGE, asX1)).toBeGreaterThan(0);
  });

  it('an evicted answer is never served by stale-if-error; one that was not evicted still is', async () => {
    const settings = {
      ...redisEnv(),
      BILLGRAPH_RESPONSE_CACHE_TTL_MS: '300',
      BILLGRAPH_STALE_IF_ERROR_MS: '60000',
      UPSTREAM_MAX_RETRIES: '0',
    };
    const h = await start(settings);
    const [x, y] = [await h.graphql(PAGE, {}, asX1), await h.graphql(PAGE, {}, asY)];
    expect([x.body.errors, y.body.errors]).toEqual([undefined, undefined]);
    await settle(settings.BILLGRAPH_RESPONSE_CACHE_PREFIX, 2);
    await new Promise((resolve) => setTimeout(resolve, 400)); // both past their TTL, within the stale window
    await h.app.events.emit(paid('stripe', X));
    h.sandbox.faults.add({ provider: 'stripe', kind: 'status', status: 503, times: 1_000 });
    try {
      const evicted = await h.graphql(PAGE, {}, asX1);
      expect(evicted.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect((evicted.body as any).extensions?.stale).toBeUndefined();
      const kept = await h.graphql(PAGE, {}, asY);
      expect((kept.body as any).extensions).toMatchObject({ stale: true });
      expect(kept.body.data).toEqual(y.body.data);
    } finally {
      h.sandbox.faults.clear();
    }
  });

  it('with Redis gone, an event resolves, is counted as failed, and answers are still served', async () => {
    const port = await freePort();
    const h = await start({ BILLGRAPH_REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(await upstreamCalls(h, PAGE, asX1)).toBeGreaterThan(0);
    await expect(h.app.events.emit(paid('stripe', X))).resolves.toBeUndefined();
    await h.app.events.emit(paid('stripe', X));
    expect(h.app.metrics.render()).toMatch(/billgraph_cache_evictions_total\{provider="stripe",outcome="failed"\} 2\b/);
    expect(await upstreamCalls(h, PAGE, asX1)).toBeGreaterThan(0);
    expect(h.logs.filter((line) => line.includes('listener failed'))).toEqual([]);
  });
});

describe('lifetimes', () => {
  it('with a webhook secret Stripe answers live the webhook TTL; Cloudflare answers keep the short TTL', async () => {
    const settings = {
      ...redisEnv(),
      STRIPE_WEBHOOK_SECRET: 'whsec_test',
      BILLGRAPH_RESPONSE_CACHE_TTL_MS: '30000',
      BILLGRAPH_RESPONSE_CACHE_WEBHOOK_TTL_MS: '900000',
      BILLGRAPH_STALE_IF_ERROR_MS: '0',
    };
    const prefix = settings.BILLGRAPH_RESPONSE_CACHE_PREFIX;
    const h = await start(settings);
    expect(await upstreamCalls(h, PAGE, asX1)).toBeGreaterThan(0);
    await settle(prefix, 1);
    const [stripeEntry] = await entries(prefix);
    expect(await admin.pttl(stripeEntry!)).toBeGreaterThan(800_000);
    // The tag index lives at least as long as the entry.
    expect(await admin.pttl(`${prefix}tag:stripe:customer:${X}`)).toBeGreaterThanOrEqual((await admin.pttl(stripeEntry!)) - 50);

    const asCloudflare = bearer(await customerToken('cloudflare', [CF_DEFAULT_ACCOUNT]));
    expect(await upstreamCalls(h, `{ invoices(first: 2) { nodes { status } } }`, asCloudflare)).toBeGreaterThan(0);
    await settle(prefix, 2);
    const cloudflareEntry = (await entries(prefix)).find((key) => key !== stripeEntry)!;
    const cloudflareTtl = await admin.pttl(cloudflareEntry);
    expect(cloudflareTtl).toBeGreaterThan(20_000);
    expect(cloudflareTtl).toBeLessThanOrEqual(30_000);
  });
});
