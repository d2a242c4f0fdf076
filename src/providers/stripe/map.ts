import { Decimal } from '../../domain/decimal.js';
import type { Invoice, InvoiceLine, InvoiceOrigin, InvoiceStatus } from '../../domain/invoice.js';
import type { Money } from '../../domain/money.js';
import { stripeExponent } from './currency.js';
import type { StInvoice, StLine } from './wire.js';

/** Stripe wire -> domain. Amounts are integer minor units, converted once through the exponent table. */

/** Preview ids are `upcoming_in...` (docs/UPSTREAMS.md 2.9 #1); they cannot be retrieved by id. */
export const isPreviewId = (id: string) => id.startsWith('upcoming_in');

/**
 * How the invoice came to be, from `billing_reason`:
 * - AUTO: `subscription*` (create, cycle, update, threshold, plain `subscription`) and `upcoming` — the
 *   subscription's billing made it;
 * - MANUAL: `manual` (created by hand), `quote_accept` (someone accepted a quote) and
 *   `automatic_pending_invoice_item_invoice` (Stripe swept invoice items that were added by hand);
 * - null when Stripe sends none, or a reason this version does not know.
 */
export function originOf(billingReason: string | null): InvoiceOrigin | null {
  if (billingReason === null) return null;
  if (billingReason.startsWith('subscription') || billingReason === 'upcoming') return 'AUTO';
  if (billingReason === 'manual' || billingReason === 'quote_accept' || billingReason === 'automatic_pending_invoice_item_invoice')
    return 'MANUAL';
  return null;
}

const STATUS: Record<NonNullable<StInvoice['status']>, InvoiceStatus> = {
  draft: 'DRAFT',
  open: 'OPEN',
  paid: 'PAID',
  uncollectible: 'UNCOLLECTIBLE',
  void: 'VOID',
};

/** Unix seconds -> Date (wire.ts has checked they are within Date's range). */
const time = (seconds: bigint) => new Date(Number(seconds) * 1000);

/** Stripe's integer amounts, through Stripe's own exponents (ISK and MGA differ from ISO), looked up once per object. */
const minor = (units: bigint, exponent: number, currency: string): Money => ({
  amount: Decimal.fromMinorUnits(units, exponent).normalize(),
  currency,
});

function sum(values: bigint[] | null, exponent: number, currency: string): Money | null {
  return values === null
    ? null
    : minor(
        values.reduce((a, b) => a + b, 0n),
        exponent,
        currency,
      );
}

export function mapLine(wire: StLine): InvoiceLine {
  const currency = wire.currency;
  const exponent = stripeExponent(currency);
  return {
    id: wire.id,
    description: wire.description,
    amount: minor(wire.amount, exponent, currency),
    quantity: wire.quantity,
    // unit_amount_decimal is in minor units with up to 12 decimals: exact, moved by the exponent.
    unitAmount: wire.unitAmountDecimal ? { amount: wire.unitAmountDecimal.movePoint(-exponent).normalize(), currency } : null,
    periodStart: time(wire.periodStart),
    periodEnd: time(wire.periodEnd),
    proration: wire.proration,
    credits: wire.credits.map((credit) => ({
      amount: minor(credit.amount, exponent, currency),
      type: credit.type,
      creditBalanceTransaction: credit.creditBalanceTransaction,
      discount: credit.discount,
    })),
  };
}

/** `customer` is the customer the invoice was asked for, used only if Stripe sends none. */
export function mapInvoice(wire: StInvoice, customer: string): Invoice {
  const currency = wire.currency;
  const exponent = stripeExponent(currency);
  const owner = wire.customer ?? customer;
  return {
    ref: { provider: 'stripe', customer: owner, key: wire.id, preview: isPreviewId(wire.id) },
    providerId: wire.id,
    number: wire.number,
    status: wire.status ? STATUS[wire.status] : null,
    providerStatus: wire.status,
    origin: originOf(wire.billingReason),
    description: wire.description,
    currency,
    amountDue: minor(wire.amountDue, exponent, currency),
    amountPaid: minor(wire.amountPaid, exponent, currency),
    amountRemaining: minor(wire.amountRemaining, exponent, currency),
    subtotal: minor(wire.subtotal, exponent, currency),
    tax: sum(wire.totalTaxes, exponent, currency),
    discount: sum(wire.totalDiscounts, exponent, currency),
    total: minor(wire.total, exponent, currency),
    periodStart: time(wire.periodStart),
    periodEnd: time(wire.periodEnd),
    createdAt: time(wire.created),
    dueAt: wire.dueDate === null ? null : time(wire.dueDate),
    pdfUrl: wire.invoicePdf,
    hostedUrl: wire.hostedInvoiceUrl,
    attemptCount: wire.attemptCount,
    attempted: wire.attempted,
    autoAdvance: wire.autoAdvance,
    // Only what Stripe said: authorization reads this, so a claimed customer never stands in for it.
    customerId: wire.customer,
    subscriptionId: wire.subscription,
    lines: wire.lines.map(mapLine),
    linesHasMore: wire.linesHasMore,
  };
}

/** Major units (our input) -> Stripe's minor units, exact: an integer when it is one, else a decimal. */
export function toMinorUnits(amount: Decimal, currency: string): { integer: bigint | null; decimal: Decimal } {
  const exponent = stripeExponent(currency);
  return { integer: amount.toUnits(exponent), decimal: amount.movePoint(exponent).normalize() };
}
