import { randomBytes } from 'node:crypto';
import { Decimal } from '../../domain/decimal.js';
import { JsonNumber } from '../../http/lossless-json.js';
import type { SandboxResponse } from '../dialect.js';
import { SANDBOX_NOW } from '../random.js';
import {
  chargeLines,
  FP_CURRENT_PERIOD,
  FP_CUSTOMERS,
  fpIso,
  lineJson,
  ulid,
  type FpCustomerSeed,
  type FpDataset,
  type FpSubscriptionSeed,
} from './data.js';
import { fpError, ok } from './envelope.js';
import { optionalString, time, ValidationError, type Json } from './request.js';

/**
 * POST /invoices/preview: computes (never stores) the invoice a subscription would get for a period, with
 * a fresh id each call, as Flexprice does (docs/UPSTREAMS.md 3.2).
 */
export function previewInvoice(data: FpDataset, body: Json): SandboxResponse {
  const subscriptionId = optionalString(body, 'subscription_id');
  if (!subscriptionId) throw new ValidationError('subscription_id is required');
  const hideZero = body.hide_zero_charges_line_items;
  if (hideZero !== undefined && typeof hideZero !== 'boolean') throw new ValidationError('hide_zero_charges_line_items must be a boolean');
  const subscription = data.subscriptions.get(subscriptionId);
  if (!subscription) return fpError(404, `subscription ${subscriptionId} not found`);
  const start = time(body, 'period_start') ?? FP_CURRENT_PERIOD.start;
  const end = time(body, 'period_end') ?? FP_CURRENT_PERIOD.end;
  if (start >= end) throw new ValidationError('period_start must be before period_end');
  const customer = FP_CUSTOMERS.find((c) => c.id === subscription.seed.customerId)!;
  return ok(previewJson(data, customer, subscription.seed, { start, end }, hideZero === true));
}

/** The subscription's charges for the period as invoice lines (zero ones dropped when asked). */
function lineDrafts(subscription: FpSubscriptionSeed, start: Date, hideZero: boolean) {
  return chargeLines(subscription, start)
    .filter((line) => !(hideZero && line.amount.isZero()))
    .map((line) => ({
      displayName: line.charge.displayName,
      quantity: line.quantity,
      amount: line.amount,
      priceId: line.charge.priceId,
      meterId: line.charge.meterId,
      priceType: line.charge.quantity === 'fixed' ? ('FIXED' as const) : ('USAGE' as const),
      discount: Decimal.ZERO,
      prepaid: Decimal.ZERO,
    }));
}

function previewJson(
  data: FpDataset,
  customer: FpCustomerSeed,
  subscription: FpSubscriptionSeed,
  period: { start: Date; end: Date },
  hideZero: boolean,
) {
  const { start, end } = period;
  const id = `inv_${ulid(() => randomBytes(1)[0]! / 256)}`;
  const drafts = lineDrafts(subscription, start, hideZero);
  const subtotal = drafts.reduce((sum, line) => sum.add(line.amount), Decimal.ZERO);
  const tax = subtotal.mul(Decimal.parse(customer.taxRate));
  const total = subtotal.add(tax);
  const now = SANDBOX_NOW;
  return {
    id,
    environment_id: 'env_sandbox',
    tenant_id: 'tenant_sandbox',
    customer_id: customer.id,
    subscription_id: subscription.id,
    subscription_customer_id: customer.id,
    invoice_type: 'SUBSCRIPTION',
    invoice_status: 'DRAFT',
    payment_status: 'PENDING',
    currency: customer.currency,
    amount_due: total.toString(),
    amount_paid: '0',
    amount_remaining: total.toString(),
    subtotal: subtotal.toString(),
    total: total.toString(),
    total_discount: '0',
    total_tax: tax.toString(),
    total_prepaid_credits_applied: '0',
    adjustment_amount: '0',
    refunded_amount: '0',
    invoice_number: null,
    idempotency_key: null,
    billing_sequence: null,
    billing_period: 'MONTHLY',
    billing_reason: 'SUBSCRIPTION_CYCLE',
    period_start: fpIso(start),
    period_end: fpIso(end),
    due_date: fpIso(end),
    metadata: {},
    line_items: drafts.map((line, i) => lineJson(id, customer, subscription, line, i, start, end, now)),
    coupon_applications: [],
    taxes: [],
    customer: data.customers.get(customer.id),
    version: new JsonNumber('1'),
    status: 'published',
    is_manually_edited: false,
    created_at: fpIso(now),
    updated_at: fpIso(now),
    created_by: 'system',
    updated_by: 'system',
  };
}
