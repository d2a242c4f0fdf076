import { changed, refused, type ChangeResult } from '../changes.js';
import { stripeWebhook } from '../webhooks/stripe-event.js';
import type { StripeAccount } from './data.js';
import type { StripeInvoiceJson } from './objects.js';
import { subscriptionJson } from './routes.js';

/**
 * The changes a Stripe account goes through between billgraph's reads, made the way Stripe makes them
 * (its invoice state machine: draft -> open -> paid | void | uncollectible), each with the event Stripe sends.
 * The seeded objects are changed in place, so every later read shows the change until the sandbox is reset.
 */
const nowS = () => Math.floor(Date.now() / 1000);

function invoiceChange(account: StripeAccount, id: string, from: string[], change: (invoice: StripeInvoiceJson) => string): ChangeResult {
  const invoice = account.invoices.find((candidate) => candidate.id === id);
  if (!invoice) return refused(404, `No such invoice: '${id}'`);
  if (!from.includes(invoice.status ?? ''))
    return refused(409, `Invoice ${id} is ${invoice.status}; this change needs ${from.join(' or ')}`);
  const previous = { status: invoice.status };
  const type = change(invoice);
  return changed(invoice, [stripeWebhook(type, invoice, previous)]);
}

export const payStripeInvoice = (account: StripeAccount, id: string): ChangeResult =>
  invoiceChange(account, id, ['open', 'uncollectible'], (invoice) => {
    invoice.status = 'paid';
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.attempted = true;
    invoice.attempt_count = Math.max(1, invoice.attempt_count);
    invoice.auto_advance = false;
    invoice.status_transitions.paid_at = nowS();
    return 'invoice.paid';
  });

export const voidStripeInvoice = (account: StripeAccount, id: string): ChangeResult =>
  invoiceChange(account, id, ['open', 'uncollectible'], (invoice) => {
    invoice.status = 'void';
    invoice.amount_remaining = 0;
    invoice.auto_advance = false;
    invoice.status_transitions.voided_at = nowS();
    return 'invoice.voided';
  });

export const finalizeStripeInvoice = (account: StripeAccount, id: string): ChangeResult =>
  invoiceChange(account, id, ['draft'], (invoice) => {
    const at = nowS();
    invoice.status = 'open';
    invoice.effective_at = at;
    invoice.status_transitions.finalized_at = at;
    invoice.ending_balance = 0;
    return 'invoice.finalized';
  });

/** A subscription item's quantity (seats): the upcoming invoice (create_preview) bills the new quantity. */
export function setStripeItemQuantity(account: StripeAccount, itemId: string, quantity: unknown): ChangeResult {
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 0)
    return refused(400, 'quantity must be a whole number from 0');
  const subscription = account.subscriptions.find((s) => s.items.some((item) => item.id === itemId));
  const item = subscription?.items.find((candidate) => candidate.id === itemId);
  if (!subscription || !item) return refused(404, `No such subscription item: '${itemId}'`);
  if (subscription.status !== 'active') return refused(409, `Subscription ${subscription.id} is ${subscription.status}`);
  const previous = { items: subscriptionJson(subscription).items };
  item.quantity = BigInt(quantity);
  const json = subscriptionJson(subscription);
  return changed(json, [stripeWebhook('customer.subscription.updated', json, previous)]);
}
