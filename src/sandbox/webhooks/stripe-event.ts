import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { stringifyLossless } from '../../http/lossless-json.js';
import type { OutgoingWebhook } from './sender.js';

/** The API version the sandbox's objects follow (docs/UPSTREAMS.md section 2.3); Stripe stamps it on every event. */
const API_VERSION = '2026-07-29.dahlia';

const eventId = () => `evt_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24)}`;

/**
 * A Stripe event as Stripe delivers it: `{ id, object: "event", api_version, created, data: { object,
 * previous_attributes }, livemode, pending_webhooks, request, type }`, signed `Stripe-Signature: t=…,v1=…` by
 * the official SDK's header generator (the same HMAC-SHA256 over `t.body` Stripe uses).
 */
export function stripeWebhook(type: string, object: unknown, previous: Record<string, unknown> = {}): OutgoingWebhook {
  const id = eventId();
  const body = stringifyLossless({
    id,
    object: 'event',
    api_version: API_VERSION,
    created: Math.floor(Date.now() / 1000),
    data: { object, previous_attributes: previous },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });
  return {
    provider: 'stripe',
    id,
    type,
    body,
    sign: (timestamp, secret) => ({ 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }) }),
  };
}
