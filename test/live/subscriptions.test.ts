import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FP_DEFAULT_CUSTOMER, FP_PRECISION_INVOICE } from '../../src/sandbox/flexprice/data.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import type { Harness } from '../helpers/harness.js';
import { openSse } from '../helpers/sse.js';
import { bearer, customerToken, JWT_ENV } from '../security/support.js';
import { billingEvent, liveInstance, REDIS_URL, slowRedis, testPrefix, untilListening } from './helpers.js';

/**
 * Subscriptions across two billgraph instances on one real Redis, over real SSE (docs/ARCHITECTURE.md
 * section 14): an event emitted on instance 1 reaches a subscriber of instance 2 with the invoice read again
 * for that subscriber, exactly as a query shows it; nobody else hears it; a token decides who may listen and
 * for how long.
 */
const OTHER = 'cust_globex_eur';
const INVOICE_FIELDS =
  'id providerId status number amountDue { amount currency minorUnits } amountPaid { amount } total { amount } lines(first: 5) { nodes { description amount { amount } } }';
const EVENTS = `subscription Events($customer: String) { invoiceEvents(provider: FLEXPRICE, customer: $customer) { type occurredAt providerInvoiceId invoice { ${INVOICE_FIELDS} } } }`;

describe('invoiceEvents across two instances', () => {
  let sandbox: Sandbox;
  let one: Harness;
  let two: Harness;
  let redis: Redis;
  const prefix = testPrefix();

  beforeAll(async () => {
    sandbox = await startSandbox();
    // The response cache is on: subscriptions must skip it, or the second event would show the first read.
    const env = { ...JWT_ENV, BILLGRAPH_PROVIDER: 'flexprice', BILLGRAPH_RESPONSE_CACHE_TTL_MS: '60000' };
    [one, two] = [await liveInstance(sandbox, prefix, env), await liveInstance(sandbox, prefix, env)];
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await Promise.all([one.close(), two.close()]);
    await sandbox.close();
  });

  it('a stream opens once it listens: an event emitted the moment it opens reaches it, even over a slow link to Redis', async () => {
    const link = await slowRedis(300);
    const slow = await liveInstance(sandbox, prefix, { ...JWT_ENV, BILLGRAPH_PROVIDER: 'flexprice', BILLGRAPH_REDIS_URL: link.url });
    try {
      const stream = await openSse(slow.url, EVENTS, {}, bearer(await customerToken('flexprice', [OTHER])));
      await one.app.events.emit(billingEvent('flexprice', OTHER, { type: 'INVOICE_OVERDUE' })); // no wait on PUBSUB NUMSUB
      expect((await stream.nexts(1, 5_000))[0]!.data.data.invoiceEvents.type).toBe('INVOICE_OVERDUE');
      stream.close();
    } finally {
      await slow.close();
      await link.close();
    }
  });

  it('an event emitted on instance 1 reaches a subscriber on instance 2 with exactly what a query shows; another customer hears nothing', async () => {
    const [tokenA, tokenB] = [await customerToken('flexprice', [FP_DEFAULT_CUSTOMER]), await customerToken('flexprice', [OTHER])];
    const a = await openSse(two.url, EVENTS, {}, bearer(tokenA));
    const b = await openSse(two.url, EVENTS, {}, bearer(tokenB));
    expect([a.status, a.contentType]).toEqual([200, 'text/event-stream']);

    await one.app.events.emit(billingEvent('flexprice', FP_DEFAULT_CUSTOMER, { invoiceId: FP_PRECISION_INVOICE, type: 'INVOICE_PAID' }));
    await one.app.events.emit(billingEvent('flexprice', FP_DEFAULT_CUSTOMER, { type: 'SUBSCRIPTION_CHANGED' }));
    const [paid, changed] = await a.nexts(2);
    const query = await two.graphql(
      `query One($id: ID!) { invoice(id: $id) { ${INVOICE_FIELDS} } }`,
      { id: paid!.data.data.invoiceEvents.invoice.id },
      bearer(tokenA),
    );
    expect(paid!.data).toEqual({
      data: {
        invoiceEvents: {
          type: 'INVOICE_PAID',
          occurredAt: expect.any(String),
          providerInvoiceId: FP_PRECISION_INVOICE,
          invoice: query.body.data.invoice,
        },
      },
    });
    // Beyond 2^53 cents and with 27 decimals: exact through the event, as through the query.
    expect(paid!.data.data.invoiceEvents.invoice.amountDue.amount).toBe('90071992547410.082415787777777786625361999');
    expect(changed!.data.data.invoiceEvents).toMatchObject({ type: 'SUBSCRIPTION_CHANGED', providerInvoiceId: null, invoice: null });

    await sleep(300);
    expect(b.events).toEqual([]); // the other customer's subscriber heard nothing...
    await one.app.events.emit(billingEvent('flexprice', OTHER, { type: 'INVOICE_OVERDUE' }));
    expect((await b.nexts(1))[0]!.data.data.invoiceEvents.type).toBe('INVOICE_OVERDUE'); // ...though it was listening
    expect(a.events.filter((e) => e.event === 'next')).toHaveLength(2);
    a.close();
    b.close();
  });

  it('each event is read again: a second event shows the invoice as it is then, not the first read', async () => {
    const token = await customerToken('flexprice', [FP_DEFAULT_CUSTOMER]);
    const stream = await openSse(two.url, EVENTS, {}, bearer(token));
    const reads = () => sandbox.count('flexprice');
    const before = reads();
    for (let i = 0; i < 3; i += 1) {
      await one.app.events.emit(billingEvent('flexprice', FP_DEFAULT_CUSTOMER, { invoiceId: FP_PRECISION_INVOICE }));
    }
    const events = await stream.nexts(3);
    expect(events.map((e) => e.data.data.invoiceEvents.invoice.providerId)).toEqual(Array(3).fill(FP_PRECISION_INVOICE));
    // One upstream read per event: fresh loaders each time (a per-request DataLoader would have read once).
    expect(reads() - before).toBe(3);
    stream.close();
    // The server lets go of a stream its client closed: nobody listens for the customer on Redis any more.
    await untilListening(redis, prefix, 'flexprice', FP_DEFAULT_CUSTOMER, 0, 'at most');
  });

  it("a JWT for customer A cannot subscribe to B's events nor another provider's: FORBIDDEN, then the stream ends", async () => {
    const token = await customerToken('flexprice', [FP_DEFAULT_CUSTOMER]);
    const other = await openSse(two.url, EVENTS, { customer: OTHER }, bearer(token));
    await other.ended;
    expect(other.events[0]!.data.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(other.events.at(-1)!.event).toBe('complete');
    const stripe = await openSse(
      two.url,
      'subscription { invoiceEvents(provider: STRIPE, customer: "cus_SbxAcmeUsd001") { type } }',
      {},
      bearer(token),
    );
    await stripe.ended;
    expect(stripe.events[0]!.data.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
    const anonymous = await openSse(two.url, EVENTS);
    await anonymous.ended;
    expect(JSON.stringify(anonymous.events)).toContain('UNAUTHENTICATED');
  });

  it('a subscriber whose token expires gets UNAUTHENTICATED and the stream ends', async () => {
    const token = await customerToken('flexprice', [FP_DEFAULT_CUSTOMER], { expiresIn: Math.floor(Date.now() / 1000) + 2 });
    const started = Date.now();
    const stream = await openSse(two.url, EVENTS, {}, bearer(token));
    await one.app.events.emit(billingEvent('flexprice', FP_DEFAULT_CUSTOMER, { type: 'INVOICE_CREATED' }));
    expect((await stream.nexts(1))[0]!.data.data.invoiceEvents.type).toBe('INVOICE_CREATED');
    await stream.ended;
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThan(900);
    expect(elapsed).toBeLessThan(4_000);
    const last = stream.events.filter((e) => e.event === 'next').at(-1)!;
    expect(last.data.errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(stream.events.at(-1)!.event).toBe('complete');
    // Nobody listens any more on that instance for it.
    const [, listening] = (await redis.pubsub('NUMSUB', `${prefix}live:events:["flexprice","${FP_DEFAULT_CUSTOMER}"]`)) as [string, number];
    expect(Number(listening)).toBe(0);
  });
});

describe('a Redis that does not answer', () => {
  it('crashes nothing: queries and subscriptions open, events are lost to other instances, one warning', async () => {
    const sandbox = await startSandbox();
    const h = await liveInstance(sandbox, testPrefix(), { BILLGRAPH_PROVIDER: 'flexprice', BILLGRAPH_REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const stream = await openSse(h.url, 'subscription { invoiceEvents { type } }');
      for (let i = 0; i < 3; i += 1) await h.app.events.emit(billingEvent('flexprice', FP_DEFAULT_CUSTOMER));
      await sleep(1_500);
      expect(stream.events).toEqual([]);
      const query = await h.graphql('{ upcomingInvoice { amountDue { amount } } }');
      expect(query.body.errors).toBeUndefined();
      const warnings = h.logs.map((line) => JSON.parse(line)).filter((line) => line.live === 'redis');
      expect(warnings.map((w) => w.msg)).toEqual(['live event bus: Redis unavailable']);
      expect(JSON.stringify(warnings)).not.toContain('redis://');
      stream.close();
    } finally {
      await h.close();
      await sandbox.close();
    }
  });
});
