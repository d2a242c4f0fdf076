import type { AmountUnit } from '../../config.js';
import { currencyExponent } from '../../domain/currency.js';
import { Decimal } from '../../domain/decimal.js';
import { badResponse } from '../../domain/errors.js';
import type { Invoice, InvoiceLine, InvoiceOrigin, InvoiceStatus, InvoiceTypeFilter } from '../../domain/invoice.js';
import type { Money } from '../../domain/money.js';
import type { CfHistoryInvoice, CfInvoiceLine, CfInvoicePreview } from './wire.js';

/** Cloudflare wire -> domain. Units are settled here, once: amounts per config, times by magnitude. */
export interface CfMapping {
  account: string;
  amountUnit: AmountUnit;
}

const STATUSES: readonly InvoiceStatus[] = ['DRAFT', 'OPEN', 'PAID', 'UNCOLLECTIBLE', 'VOID'];

function money(value: Decimal, currency: string, unit: AmountUnit): Money {
  return { amount: unit === 'minor' ? value.movePoint(-currencyExponent(currency)) : value, currency };
}

/** Values below 10^11 are Unix seconds (10^11 s is the year 5138); larger ones are milliseconds. */
const SECONDS_LIMIT = Decimal.parse('100000000000');

export function cfTimestamp(value: Decimal | null, path: string): Date | null {
  if (value === null) return null;
  const abs = value.isNegative() ? value.neg() : value;
  const ms = abs.compare(SECONDS_LIMIT) < 0 ? value.movePoint(3) : value;
  // Sub-millisecond digits are dropped (truncated); a Date cannot hold them.
  const whole = BigInt(ms.toFixedString().split('.')[0] ?? '0');
  const date = new Date(Number(whole));
  if (Number.isNaN(date.getTime())) throw badResponse('cloudflare', path, `timestamp ${value.toString()} is out of range`);
  return date;
}

function status(raw: string | null): InvoiceStatus | null {
  const upper = raw?.toUpperCase() as InvoiceStatus | undefined;
  return upper && STATUSES.includes(upper) ? upper : null;
}

/** `invoice_origin` is free-form and undocumented: read the words we know, else trust the filter asked. */
function origin(raw: string | null, filter: InvoiceTypeFilter): InvoiceOrigin | null {
  const value = raw?.toLowerCase() ?? '';
  if (value.includes('manual')) return 'MANUAL';
  if (value.includes('auto') || value.includes('subscription') || value.includes('cycle')) return 'AUTO';
  return filter === 'ALL' ? null : filter;
}

function line(wire: CfInvoiceLine, unit: AmountUnit): InvoiceLine {
  return {
    id: null,
    description: wire.description,
    amount: money(wire.amount, wire.currency, unit),
    quantity: wire.quantity,
    // unit_amount_decimal is in the same unit as the amounts (Stripe's convention: minor units, decimals allowed)
    unitAmount: wire.unitAmountDecimal ? money(wire.unitAmountDecimal, wire.currency, unit) : null,
    periodStart: cfTimestamp(wire.periodStart, 'period.start'),
    periodEnd: cfTimestamp(wire.periodEnd, 'period.end'),
    proration: false,
    credits: wire.credits.map((credit) => ({
      amount: money(credit.amount, wire.currency, unit),
      type: credit.type,
      creditBalanceTransaction: credit.creditBalanceTransaction,
      discount: credit.discount,
    })),
  };
}

function sum(values: Money[], currency: string): Money | null {
  if (values.length === 0) return null;
  return { currency, amount: values.reduce((total, value) => total.add(value.amount), Decimal.ZERO) };
}

export function mapInvoicePreview(wire: CfInvoicePreview, { account, amountUnit }: CfMapping): Invoice {
  const lines = wire.lines.map((l) => line(l, amountUnit));
  const credits = lines.flatMap((l) => l.credits.map((c) => c.amount));
  return {
    ref: { provider: 'cloudflare', customer: account, key: wire.id, preview: true },
    providerId: wire.id,
    number: null,
    status: status(wire.status),
    providerStatus: wire.status,
    origin: 'AUTO',
    description: null,
    currency: wire.currency,
    amountDue: money(wire.amountDue, wire.currency, amountUnit),
    amountPaid: money(wire.amountPaid, wire.currency, amountUnit),
    amountRemaining: money(wire.amountRemaining, wire.currency, amountUnit),
    // Cloudflare sends no subtotal or tax: the subtotal is what the lines add up to, the discount what
    // their pretax credits add up to; tax and total are left null rather than guessed.
    subtotal: sum(
      lines.map((l) => l.amount),
      wire.currency,
    ),
    tax: null,
    discount: sum(credits, wire.currency),
    total: null,
    periodStart: cfTimestamp(wire.periodStart, 'period_start'),
    periodEnd: cfTimestamp(wire.periodEnd, 'period_end'),
    createdAt: null,
    dueAt: null,
    pdfUrl: null,
    hostedUrl: null,
    attemptCount: null,
    attempted: null,
    autoAdvance: null,
    customerId: account,
    subscriptionId: null,
    lines,
    linesHasMore: false,
  };
}

/**
 * History invoices may have no id. They still need a stable key to be found again: derived from
 * what the invoice says about itself (created time, amount, origin, description).
 */
export function historyKey(wire: CfHistoryInvoice): string {
  if (wire.id !== null) return wire.id;
  return `noid:${wire.created?.toString() ?? ''}:${wire.amountDue.toString()}:${wire.invoiceOrigin ?? ''}:${wire.description ?? ''}`;
}

export function mapHistoryInvoice(wire: CfHistoryInvoice, filter: InvoiceTypeFilter, { account, amountUnit }: CfMapping): Invoice {
  return {
    ref: { provider: 'cloudflare', customer: account, key: historyKey(wire), preview: false },
    providerId: wire.id,
    number: null,
    status: status(wire.status),
    providerStatus: wire.status,
    origin: origin(wire.invoiceOrigin, filter),
    description: wire.description,
    currency: wire.currency,
    amountDue: money(wire.amountDue, wire.currency, amountUnit),
    amountPaid: money(wire.amountPaid, wire.currency, amountUnit),
    amountRemaining: money(wire.amountRemaining, wire.currency, amountUnit),
    subtotal: null,
    tax: null,
    discount: null,
    total: null,
    periodStart: null,
    periodEnd: null,
    createdAt: cfTimestamp(wire.created, 'created'),
    dueAt: null,
    pdfUrl: wire.invoicePdf,
    hostedUrl: null,
    attemptCount: wire.attemptCount,
    attempted: wire.attempted,
    autoAdvance: wire.autoAdvance,
    customerId: account,
    subscriptionId: null,
    lines: [],
    linesHasMore: false,
  };
}
