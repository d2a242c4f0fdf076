import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingEvent } from '../../src/live/billing-event.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { post, recordEvents, standardSecret, svixHeaders, webhookUrl } from '../helpers/webhooks.js';

/**
 * The Flexprice receiver against signatures made by the Standard Webhooks library (`standardwebhooks`), with
 * Svix's header names (as Flexprice Cloud sends them) and the spec's `webhook-*` names, and Flexprice's
 * payload shape `{ event_type, invoice | subscription }`.
 */
const OLD = standardSecret();
const NEW = standardSecret();

const invoiceEvent = (type: string, paymentStatus = 'SUCCEEDED') =>
  JSON.stringify({
    event_type: type,
    invoice: {
      id: 'inv_01',
      customer_id: 'cust_acme_usd',
      subscription_id: 'subs_acme_growth',
      invoice_status: 'FINALIZED',
      payment_status: paymentStatus,
    },
  });

describe('Flexprice webhooks, signed by the standardwebhooks library', () => {
  let h: Harness;
  let events: BillingEvent[];
  let url: string;
  const emitted = async () => {
    await h.app.webhooks.settle();
    return events.length;
  };

  beforeAll(async () => {
    h = await startHarness({ FLEXPRICE_WEBHOOK_SECRET: `${OLD},${NEW}`, BILLGRAPH_WEBHOOK_PATH: '/hooks' });
    events = recordEvents(h);
    url = webhookUrl(h, 'flexprice', '/hooks');
  });
  afterAll(() => h.close());

  it('acknowledges a paid invoice.update.payment (svix-* headers) and emits INVOICE_PAID', async () => {
    const body = invoiceEvent('invoice.update.payment');
    const at = new Date();
    expect(await post(url, body, svixHeaders(body, OLD, 'msg_paid_01', at))).toEqual({ status: 200, body: { received: true } });
    expect(await emitted()).toBe(1);
    expect(events[0]).toEqual({
      id: 'msg_paid_01',
      provider: 'flexprice',
      customer: 'cust_acme_usd',
      type: 'INVOICE_PAID',
      providerType: 'invoice.update.payment',
      invoiceId: 'inv_01',
      subscriptionId: 'subs_acme_growth',
      occurredAt: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
    });
  });

  it("accepts the spec's webhook-* header names and the second secret of a rotation", async () => {
    const body = invoiceEvent('invoice.update.payment', 'PENDING');
    const svix = svixHeaders(body, NEW, 'msg_rotated_1');
    const headers = {
      'webhook-id': svix['svix-id']!,
      'webhook-timestamp': svix['svix-timestamp']!,
      'webhook-signature': svix['svix-signature']!,
    };
    expect((await post(url, body, headers)).status).toBe(200);
    expect(await emitted()).toBe(2);
    expect(events[1]).toMatchObject({ id: 'msg_rotated_1', type: 'INVOICE_UPDATED' });
  });

  it('reads subscription.* events', async () => {
    const body = JSON.stringify({
      event_type: 'subscription.updated',
      subscription: { id: 'subs_acme_growth', customer_id: 'cust_acme_usd' },
    });
    expect((await post(url, body, svixHeaders(body, OLD, 'msg_sub_0001'))).status).toBe(200);
    await emitted();
    expect(events.at(-1)).toMatchObject({ type: 'SUBSCRIPTION_CHANGED', subscriptionId: 'subs_acme_growth', invoiceId: null });
  });

  it.each([
    [
      'a tampered body',
      (body: string) => ({ body: body.replace('cust_acme_usd', 'cust_globex_eur'), headers: svixHeaders(body, OLD, 'msg_t1') }),
    ],
    ['a wrong secret', (body: string) => ({ body, headers: svixHeaders(body, standardSecret(), 'msg_t2') })],
    ['an old timestamp', (body: string) => ({ body, headers: svixHeaders(body, OLD, 'msg_t3', new Date(Date.now() - 301_000)) })],
    ['a changed message id', (body: string) => ({ body, headers: { ...svixHeaders(body, OLD, 'msg_t4'), 'svix-id': 'msg_other' } })],
    ['missing headers', (body: string) => ({ body, headers: { 'svix-id': 'msg_t5' } })],
  ])('refuses %s with 400 and emits nothing', async (_name, make) => {
    const before = await emitted();
    const { body, headers } = make(invoiceEvent('invoice.update.finalized'));
    expect(await post(url, body, headers)).toEqual({ status: 400, body: { error: 'invalid_signature' } });
    expect(await emitted()).toBe(before);
  });

  it('refuses a replayed signature; a re-signed retry of the same message id is acknowledged once', async () => {
    const body = invoiceEvent('invoice.update.voided');
    const headers = svixHeaders(body, OLD, 'msg_retry_01', new Date(Date.now() - 5_000));
    expect((await post(url, body, headers)).status).toBe(200);
    const before = await emitted();
    expect(await post(url, body, headers)).toEqual({ status: 400, body: { error: 'replayed_signature' } });
    expect(await post(url, body, svixHeaders(body, OLD, 'msg_retry_01'))).toEqual({
      status: 200,
      body: { received: true, duplicate: true },
    });
    expect(await emitted()).toBe(before);
  });

  it('acknowledges and ignores other event types; refuses a payload without customer_id', async () => {
    const before = await emitted();
    const wallet = JSON.stringify({ event_type: 'wallet.updated', wallet: { id: 'w1' } });
    expect(await post(url, wallet, svixHeaders(wallet, OLD, 'msg_wallet_1'))).toEqual({
      status: 200,
      body: { received: true, ignored: true },
    });
    const broken = JSON.stringify({ event_type: 'invoice.update.finalized', invoice: { id: 'inv_02' } });
    expect(await post(url, broken, svixHeaders(broken, OLD, 'msg_broken_1'))).toEqual({ status: 400, body: { error: 'invalid_payload' } });
    const notJson = 'not json';
    expect((await post(url, notJson, svixHeaders(notJson, OLD, 'msg_broken_2'))).status).toBe(400);
    expect(await emitted()).toBe(before);
  });

  it('the library refuses what it signed for another id (sanity of the signer itself)', () => {
    const signature = new Webhook(OLD).sign('msg_a', new Date(), 'x');
    expect(() =>
      new Webhook(OLD).verify('x', {
        'webhook-id': 'msg_b',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': signature,
      }),
    ).toThrow();
  });
});
