import type { Decimal } from '../../domain/decimal.js';
import type { Invoice, InvoiceLine, InvoiceLineCredit, InvoiceOrigin, InvoiceTypeFilter } from '../../domain/invoice.js';
import type { Money } from '../../domain/money.js';
import { invoiceStatus, providerStatus } from './status.js';
import type { FpInvoice, FpInvoiceType, FpLine } from './wire.js';

/**
 * Flexprice wire -> domain. Amounts are already exact decimals in major units, so nothing is
 * converted: only the currency is upper-cased (done in wire.ts) and statuses go through the one table.
 */

/**
 * `type` filter <-> Flexprice `invoice_type`. AUTO = SUBSCRIPTION (made by the billing cycle), MANUAL =
 * ONE_OFF (created by hand). CREDIT invoices (wallet credit purchases and auto top-ups) are neither a
 * billing-cycle invoice nor a one-off charge: they are listed under ALL only, with `origin` null.
 */
export const INVOICE_TYPE_FOR_FILTER: Readonly<Record<InvoiceTypeFilter, FpInvoiceType | null>> = {
  ALL: null,
  AUTO: 'SUBSCRIPTION',
  MANUAL: 'ONE_OFF',
};

const ORIGIN: Readonly<Record<FpInvoiceType, InvoiceOrigin | null>> = { SUBSCRIPTION: 'AUTO', ONE_OFF: 'MANUAL', CREDIT: null };

const money = (amount: Decimal, currency: string): Money => ({ amount, currency });
const maybeMoney = (amount: Decimal | null, currency: string): Money | null => (amount === null ? null : { amount, currency });

function credits(line: FpLine): InvoiceLineCredit[] {
  const result: InvoiceLineCredit[] = [];
  if (line.prepaidCreditsApplied && !line.prepaidCreditsApplied.isZero()) {
    result.push({
      amount: money(line.prepaidCreditsApplied, line.currency),
      type: 'prepaid_credits',
      creditBalanceTransaction: null,
      discount: null,
    });
  }
  if (line.lineItemDiscount && !line.lineItemDiscount.isZero()) {
    result.push({ amount: money(line.lineItemDiscount, line.currency), type: 'discount', creditBalanceTransaction: null, discount: null });
  }
  return result;
}

function line(wire: FpLine): InvoiceLine {
  return {
    id: wire.id,
    description: wire.displayName ?? wire.meterDisplayName ?? wire.planDisplayName,
    amount: money(wire.amount, wire.currency),
    quantity: wire.quantity,
    // Flexprice invoice lines carry no unit price (price_unit_amount is the amount in a custom pricing
    // unit, not a per-unit price), and amount / quantity is not exact: left null rather than invented.
    unitAmount: null,
    periodStart: wire.periodStart,
    periodEnd: wire.periodEnd,
    proration: false,
    credits: credits(wire),
  };
}

export function mapInvoice(wire: FpInvoice, preview: boolean): Invoice {
  const { currency } = wire;
  return {
    ref: { provider: 'flexprice', customer: wire.customerId, key: wire.id, preview },
    providerId: wire.id,
    number: wire.invoiceNumber,
    status: invoiceStatus(wire.invoiceStatus, wire.paymentStatus),
    providerStatus: providerStatus(wire.invoiceStatus, wire.paymentStatus),
    origin: ORIGIN[wire.invoiceType],
    description: wire.description,
    currency,
    amountDue: money(wire.amountDue, currency),
    amountPaid: money(wire.amountPaid, currency),
    amountRemaining: money(wire.amountRemaining, currency),
    subtotal: maybeMoney(wire.subtotal, currency),
    tax: maybeMoney(wire.totalTax, currency),
    discount: maybeMoney(wire.totalDiscount, currency),
    total: maybeMoney(wire.total, currency),
    periodStart: wire.periodStart,
    periodEnd: wire.periodEnd,
    createdAt: wire.createdAt,
    dueAt: wire.dueDate,
    pdfUrl: wire.invoicePdfUrl,
    hostedUrl: null,
    attemptCount: null,
    attempted: null,
    autoAdvance: null,
    customerId: wire.customerId,
    subscriptionId: wire.subscriptionId,
    lines: (wire.lines ?? []).map(line),
    linesHasMore: false,
  };
}
