import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingEvent } from '../../src/live/billing-event.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { post, recordEvents, stripeHeader, stripeInvoiceEvent, webhookUrl } from '../helpers/webhooks.js';

const SECRET = 'whsec_shared_by_both_instances';

/** Two billgraph instances sharing the local Redis: an event id delivered to both is handled once in total. */
describe('webhook de-duplication across instances (real Redis)', () => {
  let sandbox: Sandbox;
  let one: Harness;
  let two: Harness;
  let events: BillingEvent[];

  beforeAll(async () => {
    sandbox = await startSandbox();
    const env = {
      STRIPE_WEBHOOK_SECRET: SECRET,
      BILLGRAPH_REDIS_URL: 'redis://127.0.0.1:6379',
      BILLGRAPH_WEBHOOK_KEY_PREFIX: `test:${randomUUID()}:`,
    };
    one = await startHarness(env, { sandbox });
    two = await startHarness(env, { sandbox });
    events = [];
    for (const h of [one, two]) h.app.events.on((event) => void events.push(event));
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await sandbox.close();
  });

  it('posting the same event id to both instances (each freshly signed) emits once', async () => {
    const body = stripeInvoiceEvent(`evt_${randomUUID().slice(0, 8)}`, 'invoice.paid');
    const now = Math.floor(Date.now() / 1000);
    const [a, b] = await Promise.all([
      post(webhookUrl(one, 'stripe'), body, { 'stripe-signature': stripeHeader(body, SECRET, now) }),
      post(webhookUrl(two, 'stripe'), body, { 'stripe-signature': stripeHeader(body, SECRET, now - 1) }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body, b.body]).toContainEqual({ received: true, duplicate: true });
    await Promise.all([one.app.webhooks.settle(), two.app.webhooks.settle()]);
    expect(events).toHaveLength(1);
  });

  it('a signature replayed to the other instance is refused there', async () => {
    const body = stripeInvoiceEvent(`evt_${randomUUID().slice(0, 8)}`, 'invoice.finalized');
    const header = stripeHeader(body, SECRET);
    expect((await post(webhookUrl(one, 'stripe'), body, { 'stripe-signature': header })).status).toBe(200);
    expect(await post(webhookUrl(two, 'stripe'), body, { 'stripe-signature': header })).toEqual({
      status: 400,
      body: { error: 'replayed_signature' },
    });
  });

  it('memory fallback: an instance without Redis still de-duplicates on its own', async () => {
    const alone = await startHarness({ STRIPE_WEBHOOK_SECRET: SECRET });
    const seen = recordEvents(alone);
    const body = stripeInvoiceEvent('evt_memory_only', 'invoice.paid');
    await post(webhookUrl(alone, 'stripe'), body, { 'stripe-signature': stripeHeader(body, SECRET) });
    await post(webhookUrl(alone, 'stripe'), body, { 'stripe-signature': stripeHeader(body, SECRET, Math.floor(Date.now() / 1000) - 2) });
    await alone.app.webhooks.settle();
    expect(seen).toHaveLength(1);
    await alone.close();
  });
});
