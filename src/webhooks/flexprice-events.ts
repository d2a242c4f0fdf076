import type { BillingEventType } from '../live/billing-event.js';
import { idOf, isObject, malformed, type Normalised } from './normalised.js';

/** Flexprice invoice event names billgraph acts on (docs/UPSTREAMS.md section 6.4); `subscription.*` all change the subscription. */
const INVOICE_TYPES: Record<string, BillingEventType> = {
  'invoice.create.drafted': 'INVOICE_CREATED',
  'invoice.update.finalized': 'INVOICE_FINALIZED',
  'invoice.update.payment': 'INVOICE_UPDATED',
  'invoice.update.voided': 'INVOICE_VOIDED',
  'invoice.payment.overdue': 'INVOICE_OVERDUE',
  'invoice.payment.failed': 'INVOICE_PAYMENT_FAILED',
};

/** `invoice.update.payment` is any recorded payment; only a settled one makes the invoice paid. */
const PAID_STATUSES = new Set(['SUCCEEDED', 'OVERPAID']);

/**
 * A Flexprice webhook body `{ event_type, invoice: { id, customer_id, subscription_id, payment_status, … } }` or
 * `{ event_type, subscription: { id, customer_id, … } }` -> BillingEvent. The body carries no event id or
 * time: the id is the Standard Webhooks message id (`svix-id`), the time its signed timestamp.
 */
export function normaliseFlexpriceEvent(payload: unknown, messageId: string, timestampS: number): Normalised {
  if (!isObject(payload)) return malformed('the event is not a JSON object');
  const providerType = typeof payload.event_type === 'string' ? payload.event_type : null;
  if (providerType === null) return malformed('the event has no event_type');
  const subscriptionEvent = providerType.startsWith('subscription.');
  let type = subscriptionEvent ? 'SUBSCRIPTION_CHANGED' : (INVOICE_TYPES[providerType] ?? null);
  if (type === null) return { kind: 'ignored', id: messageId, providerType };
  const object = subscriptionEvent ? payload.subscription : payload.invoice;
  const customer = isObject(object) ? idOf(object.customer_id) : null;
  if (!isObject(object) || customer === null) return malformed('the event object names no customer_id');
  if (providerType === 'invoice.update.payment' && PAID_STATUSES.has(String(object.payment_status))) type = 'INVOICE_PAID';
  return {
    kind: 'event',
    event: {
      id: messageId,
      provider: 'flexprice',
      customer,
      type,
      providerType,
      invoiceId: subscriptionEvent ? null : idOf(object.id),
      subscriptionId: subscriptionEvent ? idOf(object.id) : idOf(object.subscription_id),
      occurredAt: new Date(timestampS * 1000).toISOString(),
    },
  };
}
