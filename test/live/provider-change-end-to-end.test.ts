import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import type { Harness } from '../helpers/harness.js';
import { openSse } from '../helpers/sse.js';
import { webhookUrl } from '../helpers/webhooks.js';
import { bearer, customerToken, JWT_ENV } from '../security/support.js';
import { liveInstance, testPrefix } from './helpers.js';

/**
 * Issue 11 end to end, over real HTTP and one real Redis: the sandbox pays a Stripe invoice and delivers the
 * signed `invoice.paid` webhook (twice: a duplicate delivery) to instance 1; instance 2, which had the answer
 * cached, reads it again, and its subscriber of that customer hears exactly one event with the invoice as a
 * query now shows it; another customer's subscriber hears nothing.
 */
const SECRET = 'whsec_end_to_end_0123456789';
const INITECH = 'cus_SbxInitechNo1';
const ACME = 'cus_SbxAcmeUsd001';
const OPEN_INVOICE = 'in_tfmMxgDcr9fA5s2Zsv4AMgwi';
const INVOICES = `{ invoices(provider: STRIPE, first: 1) { nodes { id status amountPaid { amount currency } } } }`;
const EVENTS = `subscription { invoiceEvents(provider: STRIPE) { type providerInvoiceId invoice { id status amountPaid { amount currency } } } }`;

describe('a provider change reaches every instance and the right subscribers, once', () => {
  let sandbox: Sandbox;
  let one: Harness;
  let two: Harness;
  const prefix = testPrefix();

  beforeAll(async () => {
    // Every acknowledged delivery is delivered again (a duplicate), as providers may.
    sandbox = await startSandbox({ webhooks: { retryDelaysMs: [20], random: () => 0, duplicateProbability: 1 } });
    const env = { ...JWT_ENV, STRIPE_WEBHOOK_SECRET: SECRET, BILLGRAPH_RESPONSE_CACHE_TTL_MS: '600000' };
    [one, two] = [await liveInstance(sandbox, prefix, env), await liveInstance(sandbox, prefix, env)];
    sandbox.webhooks.configure('stripe', { url: webhookUrl(one, 'stripe'), secret: SECRET });
  });
  afterAll(async () => {
    await Promise.all([one.close(), two.close()]);
    await sandbox.close();
  });

  it('webhook on instance 1: instance 2 evicts and its subscriber hears one event; the other customer hears none', async () => {
    const [initech, acme] = [bearer(await customerToken('stripe', [INITECH])), bearer(await customerToken('stripe', [ACME]))];
    const before = await two.graphql(INVOICES, {}, initech);
    expect(before.body.data.invoices.nodes[0]).toMatchObject({ status: 'OPEN', amountPaid: { amount: '0.00' } });
    const reads = sandbox.count('stripe');
    expect((await two.graphql(INVOICES, {}, initech)).body.data).toEqual(before.body.data); // cached on instance 2
    expect(sandbox.count('stripe')).toBe(reads);

    const initechStream = await openSse(two.url, EVENTS, {}, initech);
    const acmeStream = await openSse(two.url, EVENTS, {}, acme);

    const paid = await fetch(`${sandbox.url}/__sandbox/stripe/invoices/${OPEN_INVOICE}/pay`, { method: 'POST' });
    expect(paid.status).toBe(200);
    const [event] = await initechStream.nexts(1);
    await sandbox.webhooks.settle();
    await one.app.webhooks.settle();
    expect(sandbox.webhooks.deliveries.map((d) => [d.duplicate, d.attempts])).toEqual([
      [false, [200]],
      [true, [200]],
    ]);

    const after = await two.graphql(INVOICES, {}, initech);
    expect(after.body.data.invoices.nodes[0]).toMatchObject({ id: before.body.data.invoices.nodes[0].id, status: 'PAID' });
    expect(after.body.data.invoices.nodes[0].amountPaid.amount).not.toBe('0.00');
    expect(sandbox.count('stripe')).toBeGreaterThan(reads); // evicted on instance 2: read again
    expect(event!.data).toEqual({
      data: { invoiceEvents: { type: 'INVOICE_PAID', providerInvoiceId: OPEN_INVOICE, invoice: after.body.data.invoices.nodes[0] } },
    });

    await sleep(500);
    expect(initechStream.events.filter((e) => e.event === 'next')).toHaveLength(1); // the duplicate was dropped
    expect(acmeStream.events).toEqual([]);
    initechStream.close();
    acmeStream.close();
  });
});
