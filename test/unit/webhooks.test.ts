import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { configuredSecrets } from '../../src/log/logger.js';
import { normaliseFlexpriceEvent } from '../../src/webhooks/flexprice-events.js';
import { MemorySeenStore } from '../../src/webhooks/seen-store.js';
import { normaliseStripeEvent } from '../../src/webhooks/stripe-events.js';
import { verifyStripeSignature } from '../../src/webhooks/stripe-signature.js';
import { stripeHeader } from '../helpers/webhooks.js';

/** Webhook settings, payload reading and the in-memory store, through the functions the receiver calls. */
describe('webhook settings (src/config/webhooks.ts)', () => {
  it('has no routes until secrets are set, and reads rotations', () => {
    expect(loadConfig({}).webhooks).toEqual({
      path: '/webhooks',
      stripeSecrets: [],
      flexpriceSecrets: [],
      toleranceS: 300,
      maxBodyBytes: 262_144,
      dedupeTtlS: 259_200,
      keyPrefix: 'billgraph:webhook:',
    });
    const config = loadConfig({
      STRIPE_WEBHOOK_SECRET: ' whsec_aaaaaaaa , whsec_bbbbbbbb ',
      FLEXPRICE_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    expect(config.webhooks.stripeSecrets).toEqual(['whsec_aaaaaaaa', 'whsec_bbbbbbbb']);
    expect(configuredSecrets(config)).toEqual(
      expect.arrayContaining(['whsec_aaaaaaaa', 'whsec_bbbbbbbb', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']),
    );
  });

  it('refuses bad values naming the variable, without echoing a secret', () => {
    expect(() => loadConfig({ FLEXPRICE_WEBHOOK_SECRET: 'whsec_not base64!!' })).toThrow(ConfigError);
    expect(() => loadConfig({ FLEXPRICE_WEBHOOK_SECRET: 'whsec_not base64 secret' })).not.toThrow(/not base64 secret/);
    expect(() => loadConfig({ BILLGRAPH_WEBHOOK_PATH: 'hooks' })).toThrow(/^BILLGRAPH_WEBHOOK_PATH must be/);
    expect(() => loadConfig({ BILLGRAPH_WEBHOOK_TOLERANCE_S: '0' })).toThrow(/^BILLGRAPH_WEBHOOK_TOLERANCE_S must be/);
    expect(() => loadConfig({ BILLGRAPH_WEBHOOK_MAX_BODY_BYTES: '100' })).toThrow(/^BILLGRAPH_WEBHOOK_MAX_BODY_BYTES must be/);
  });
});

describe('payloads -> BillingEvent', () => {
  it('Stripe: expanded customer objects, the pre-basil subscription field, and what is not an event', () => {
    const event = {
      id: 'evt_1',
      type: 'invoice.payment_failed',
      created: 1,
      data: { object: { id: 'in_1', customer: { id: 'cus_1' }, subscription: 'sub_1' } },
    };
    expect(normaliseStripeEvent(event)).toEqual({
      kind: 'event',
      event: expect.objectContaining({ customer: 'cus_1', type: 'INVOICE_PAYMENT_FAILED', invoiceId: 'in_1', subscriptionId: 'sub_1' }),
    });
    expect(normaliseStripeEvent([])).toMatchObject({ kind: 'malformed' });
    expect(normaliseStripeEvent({ ...event, id: 'evt/../x' })).toMatchObject({ kind: 'malformed' });
    expect(normaliseStripeEvent({ ...event, created: '1' })).toMatchObject({ kind: 'malformed' });
    expect(normaliseStripeEvent({ ...event, type: 'invoice.sent' })).toEqual({
      kind: 'ignored',
      id: 'evt_1',
      providerType: 'invoice.sent',
    });
  });

  it('Flexprice: a recorded payment is PAID only when settled; overdue and subscription events', () => {
    const invoice = (payment_status: string) => ({
      event_type: 'invoice.update.payment',
      invoice: { id: 'inv_1', customer_id: 'c1', payment_status },
    });
    expect(normaliseFlexpriceEvent(invoice('OVERPAID'), 'msg_1', 0)).toMatchObject({ event: { type: 'INVOICE_PAID' } });
    expect(normaliseFlexpriceEvent(invoice('FAILED'), 'msg_1', 0)).toMatchObject({ event: { type: 'INVOICE_UPDATED' } });
    expect(
      normaliseFlexpriceEvent({ event_type: 'invoice.payment.overdue', invoice: { id: 'inv_1', customer_id: 'c1' } }, 'm', 0),
    ).toMatchObject({
      event: { type: 'INVOICE_OVERDUE', occurredAt: '1970-01-01T00:00:00.000Z' },
    });
    expect(normaliseFlexpriceEvent({ event_type: 'subscription.cancelled', subscription: { id: 's1' } }, 'm', 0)).toMatchObject({
      kind: 'malformed',
    });
    expect(normaliseFlexpriceEvent({ invoice: {} }, 'm', 0)).toMatchObject({ kind: 'malformed' });
  });
});

describe('signatures and seen ids', () => {
  it('Stripe: several v1 entries, one of them valid, pass; the replay keys name each', async () => {
    const body = Buffer.from('{"id":"evt_1"}');
    const now = Math.floor(Date.now() / 1000);
    const header = `${stripeHeader(body.toString(), 'whsec_right', now)},v1=${'0'.repeat(64)}`;
    const verdict = await verifyStripeSignature(body, header, ['whsec_wrong', 'whsec_right'], 300, now);
    expect(verdict).toMatchObject({ ok: true, timestampS: now });
    expect(verdict.ok && verdict.replayKeys).toHaveLength(2);
    expect(await verifyStripeSignature(body, 't=abc,v1=00', ['whsec_right'], 300, now)).toEqual({
      ok: false,
      failure: 'malformed_signature',
    });
  });

  it('memory store: claimed once within the TTL, again after it, and bounded', async () => {
    const store = new MemorySeenStore(2);
    expect(await store.claim('a', 50)).toBe(true);
    expect(await store.claim('a', 50)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await store.claim('a', 50)).toBe(true);
    await store.claim('b', 1_000);
    await store.claim('c', 1_000);
    expect(await store.claim('a', 1_000)).toBe(true); // the oldest key went first
  });
});
