import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingEvent } from '../../src/live/billing-event.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { post, recordEvents, stripeHeader, stripeInvoiceEvent, webhookUrl } from '../helpers/webhooks.js';

/**
 * The Stripe receiver against signatures made by Stripe's own SDK (`webhooks.generateTestHeaderString`):
 * every refusal is a 400 that emits nothing; rotation, duplicates, size and unknown types behave as documented.
 */
const OLD = 'whsec_old_rotation_secret_1';
const NEW = 'whsec_new_rotation_secret_2';

describe('Stripe webhooks, signed by the stripe SDK', () => {
  let h: Harness;
  let events: BillingEvent[];
  let url: string;
  const emitted = async () => {
    await h.app.webhooks.settle();
    return events.length;
  };

  beforeAll(async () => {
    h = await startHarness(
      { STRIPE_WEBHOOK_SECRET: `${OLD}, ${NEW}`, BILLGRAPH_WEBHOOK_MAX_BODY_BYTES: '2048', LOG_LEVEL: 'info' },
      { captureLogs: true },
    );
    events = recordEvents(h);
    url = webhookUrl(h, 'stripe');
  });
  afterAll(() => h.close());

  it('acknowledges a signed invoice.paid and emits one BillingEvent after the answer', async () => {
    const body = stripeInvoiceEvent('evt_paid_0001', 'invoice.paid');
    const answer = await post(url, body, { 'stripe-signature': stripeHeader(body, OLD) });
    expect(answer).toEqual({ status: 200, body: { received: true } });
    expect(await emitted()).toBe(1);
    expect(events[0]).toEqual({
      id: 'evt_paid_0001',
      provider: 'stripe',
      customer: 'cus_SbxAcmeUsd001',
      type: 'INVOICE_PAID',
      providerType: 'invoice.paid',
      invoiceId: 'in_Test0001',
      subscriptionId: 'sub_SbxAcmePro001',
      occurredAt: new Date(1_795_000_000_000).toISOString(),
    });
  });

  it('accepts the second secret of a rotation', async () => {
    const body = stripeInvoiceEvent('evt_rotated_01', 'invoice.finalized');
    expect((await post(url, body, { 'stripe-signature': stripeHeader(body, NEW) })).status).toBe(200);
    expect(await emitted()).toBe(2);
  });

  it.each([
    [
      'a tampered body',
      (body: string) => ({ body: body.replace('cus_SbxAcmeUsd001', 'cus_SbxHooliUsd01'), header: stripeHeader(body, OLD) }),
    ],
    ['a wrong secret', (body: string) => ({ body, header: stripeHeader(body, 'whsec_somebody_else') })],
    ['an old timestamp', (body: string) => ({ body, header: stripeHeader(body, OLD, Math.floor(Date.now() / 1000) - 301) })],
    ['a timestamp from the future', (body: string) => ({ body, header: stripeHeader(body, OLD, Math.floor(Date.now() / 1000) + 301) })],
    ['no signature', (body: string) => ({ body, header: '' })],
    ['a header without v1', (body: string) => ({ body, header: stripeHeader(body, OLD).replace('v1=', 'v0=') })],
  ])('refuses %s with 400 and emits nothing', async (_name, make) => {
    const before = await emitted();
    const { body, header } = make(stripeInvoiceEvent(`evt_refused_${_name.length}`, 'invoice.paid'));
    const answer = await post(url, body, header ? { 'stripe-signature': header } : {});
    expect(answer).toEqual({ status: 400, body: { error: 'invalid_signature' } });
    expect(await emitted()).toBe(before);
  });

  it('refuses a replay of the same signed request, and acknowledges a re-signed retry without a second emit', async () => {
    const body = stripeInvoiceEvent('evt_retry_0001', 'invoice.voided');
    const header = stripeHeader(body, OLD);
    expect((await post(url, body, { 'stripe-signature': header })).status).toBe(200);
    const before = await emitted();
    expect(await post(url, body, { 'stripe-signature': header })).toEqual({ status: 400, body: { error: 'replayed_signature' } });
    // Stripe's retry: the same event, signed again with a new timestamp.
    const retry = await post(url, body, { 'stripe-signature': stripeHeader(body, OLD, Math.floor(Date.now() / 1000) + 1) });
    expect(retry).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect(await emitted()).toBe(before);
    expect(events.filter((e) => e.id === 'evt_retry_0001')).toHaveLength(1);
  });

  it('refuses an oversized body with 413 before reading it, declared or streamed', async () => {
    const before = await emitted();
    const big = stripeInvoiceEvent('evt_big_000001', 'invoice.paid').replace(
      '"object":"invoice"',
      `"object":"invoice","pad":"${'x'.repeat(4000)}"`,
    );
    expect((await post(url, big, { 'stripe-signature': stripeHeader(big, OLD) })).status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 8; i += 1) controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
        controller.close();
      },
    });
    const streamed = await fetch(url, {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { 'stripe-signature': 't=1,v1=00' },
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await emitted()).toBe(before);
  });

  it('acknowledges an event type it does not act on, and emits nothing', async () => {
    const before = await emitted();
    const body = JSON.stringify({
      id: 'evt_charge_001',
      type: 'charge.succeeded',
      created: 1_795_000_000,
      data: { object: { id: 'ch_1' } },
    });
    expect(await post(url, body, { 'stripe-signature': stripeHeader(body, OLD) })).toEqual({
      status: 200,
      body: { received: true, ignored: true },
    });
    expect(await emitted()).toBe(before);
  });

  it('reads invoice.upcoming (no invoice id) and customer.subscription.updated', async () => {
    const upcoming = stripeInvoiceEvent('evt_upcoming_01', 'invoice.upcoming', 'cus_SbxAcmeUsd001', null);
    const subscription = JSON.stringify({
      id: 'evt_sub_update1',
      type: 'customer.subscription.updated',
      created: 1_795_000_100,
      data: { object: { id: 'sub_SbxAcmePro001', object: 'subscription', customer: 'cus_SbxAcmeUsd001' } },
    });
    for (const body of [upcoming, subscription])
      expect((await post(url, body, { 'stripe-signature': stripeHeader(body, OLD) })).status).toBe(200);
    await emitted();
    expect(events.find((e) => e.id === 'evt_upcoming_01')).toMatchObject({
      type: 'INVOICE_UPCOMING',
      invoiceId: null,
      subscriptionId: 'sub_SbxAcmePro001',
    });
    expect(events.find((e) => e.id === 'evt_sub_update1')).toMatchObject({
      type: 'SUBSCRIPTION_CHANGED',
      invoiceId: null,
      subscriptionId: 'sub_SbxAcmePro001',
    });
  });

  it('refuses a verified payload without a customer with 400 and emits nothing', async () => {
    const before = await emitted();
    const body = JSON.stringify({ id: 'evt_nocustomer', type: 'invoice.paid', created: 1_795_000_000, data: { object: { id: 'in_1' } } });
    expect(await post(url, body, { 'stripe-signature': stripeHeader(body, OLD) })).toEqual({
      status: 400,
      body: { error: 'invalid_payload' },
    });
    expect(await emitted()).toBe(before);
  });

  it('answers 405 to another method, 404 to an unknown provider and to a provider without a secret', async () => {
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(url)).headers.get('allow')).toBe('POST');
    expect((await post(webhookUrl(h, 'paypal'), '{}', {})).status).toBe(404);
    expect((await post(webhookUrl(h, 'flexprice'), '{}', {})).status).toBe(404);
  });

  it('counts every outcome and logs refusals without the secret or the body', async () => {
    const metrics = h.app.metrics.render();
    expect(metrics).toMatch(/billgraph_webhooks_total\{provider="stripe",outcome="accepted"\} \d+/);
    expect(metrics).toMatch(/billgraph_webhooks_total\{provider="stripe",outcome="rejected_signature"\} [6-9]/);
    expect(metrics).toContain('billgraph_webhooks_total{provider="stripe",outcome="rejected_replay"} 1');
    expect(metrics).toContain('billgraph_webhooks_total{provider="stripe",outcome="duplicate"} 1');
    const refused = h.logs.filter((line) => line.includes('webhook refused'));
    expect(refused.length).toBeGreaterThanOrEqual(9);
    for (const line of refused) {
      expect(line).not.toMatch(/whsec_|cus_Sbx|evt_/);
    }
  });
});

describe('Stripe webhooks: the answer does not wait for the listeners', () => {
  it('acknowledges before a slow listener finishes, logs a failing one, and close waits for both', async () => {
    const h = await startHarness({ STRIPE_WEBHOOK_SECRET: OLD, LOG_LEVEL: 'error' }, { captureLogs: true });
    let slowDone = false;
    h.app.events.on(async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      slowDone = true;
    });
    h.app.events.on(() => {
      throw new Error('listener broke');
    });
    const body = stripeInvoiceEvent('evt_slow_listener', 'invoice.paid');
    const started = performance.now();
    const answer = await post(webhookUrl(h, 'stripe'), body, { 'stripe-signature': stripeHeader(body, OLD) });
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(400);
    expect(slowDone).toBe(false);
    await h.close();
    expect(slowDone).toBe(true);
    expect(h.logs.some((line) => line.includes('billing event listener failed'))).toBe(true);
  });
});
