import type { BillingEventType } from '../live/billing-event.js';
import { idOf, isObject, malformed, type JsonObject, type Normalised } from './normalised.js';

/** Stripe event types billgraph acts on (docs/UPSTREAMS.md section 6.3); `customer.subscription.*` all change the subscription. */
const INVOICE_TYPES: Record<string, BillingEventType> = {
  'invoice.created': 'INVOICE_CREATED',
  'invoice.finalized': 'INVOICE_FINALIZED',
  'invoice.updated': 'INVOICE_UPDATED',
  'invoice.paid': 'INVOICE_PAID',
  'invoice.payment_failed': 'INVOICE_PAYMENT_FAILED',
  'invoice.voided': 'INVOICE_VOIDED',
  'invoice.marked_uncollectible': 'INVOICE_UNCOLLECTIBLE',
  'invoice.overdue': 'INVOICE_OVERDUE',
  'invoice.upcoming': 'INVOICE_UPCOMING',
};

function typeOf(providerType: string): BillingEventType | null {
  if (providerType.startsWith('customer.subscription.')) return 'SUBSCRIPTION_CHANGED';
  return INVOICE_TYPES[providerType] ?? null;
}

/** An invoice names its subscription under `parent.subscription_details` (API 2025+) or `subscription` (older versions). */
function invoiceSubscription(invoice: JsonObject): string | null {
  const parent = isObject(invoice.parent) && isObject(invoice.parent.subscription_details) ? invoice.parent.subscription_details : null;
  return idOf(parent?.subscription) ?? idOf(invoice.subscription);
}

/**
 * A Stripe event `{ id, type, created, data: { object } }` -> BillingEvent. The object is an invoice (its
 * `id` is absent on `invoice.upcoming`) or a subscription; either names its `customer` (an id, or an expanded object).
 */
export function normaliseStripeEvent(payload: unknown): Normalised {
  if (!isObject(payload)) return malformed('the event is not a JSON object');
  const id = idOf(payload.id);
  const providerType = typeof payload.type === 'string' ? payload.type : null;
  if (id === null || providerType === null) return malformed('the event has no id or type');
  const type = typeOf(providerType);
  if (type === null) return { kind: 'ignored', id, providerType };
  const object = isObject(payload.data) && isObject(payload.data.object) ? payload.data.object : null;
  const customer = object ? idOf(object.customer) : null;
  if (object === null || customer === null) return malformed('the event object names no customer');
  const created = typeof payload.created === 'number' && Number.isSafeInteger(payload.created) ? payload.created : null;
  if (created === null) return malformed('the event has no created time');
  const subscriptionEvent = type === 'SUBSCRIPTION_CHANGED';
  return {
    kind: 'event',
    event: {
      id,
      provider: 'stripe',
      customer,
      type,
      providerType,
      invoiceId: subscriptionEvent ? null : idOf(object.id),
      subscriptionId: subscriptionEvent ? idOf(object.id) : invoiceSubscription(object),
      occurredAt: new Date(created * 1000).toISOString(),
    },
  };
}
