import { normalizeCurrency } from '../../domain/currency.js';
import type { Decimal } from '../../domain/decimal.js';
import type { WireReader } from '../../http/wire-reader.js';

/**
 * Stripe wire types (docs/UPSTREAMS.md 2.3 / 2.4, API 2026-07-29.dahlia) and their validation. Amounts stay
 * exact integers (bigint) of minor units, decimals stay Decimal; units are settled in map.ts.
 */
export const STRIPE_INVOICE_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;

export interface StCredit {
  amount: bigint;
  type: string;
  creditBalanceTransaction: string | null;
  discount: string | null;
}

export interface StLine {
  id: string;
  amount: bigint;
  currency: string;
  description: string | null;
  periodStart: bigint;
  periodEnd: bigint;
  quantity: Decimal | null;
  unitAmountDecimal: Decimal | null;
  credits: StCredit[];
  proration: boolean;
}

export interface StInvoice {
  id: string;
  status: (typeof STRIPE_INVOICE_STATUSES)[number] | null;
  currency: string;
  amountDue: bigint;
  amountPaid: bigint;
  amountRemaining: bigint;
  subtotal: bigint;
  total: bigint;
  totalTaxes: bigint[] | null;
  totalDiscounts: bigint[] | null;
  periodStart: bigint;
  periodEnd: bigint;
  created: bigint;
  dueDate: bigint | null;
  customer: string | null;
  number: string | null;
  billingReason: string | null;
  description: string | null;
  attemptCount: number;
  attempted: boolean;
  autoAdvance: boolean | null;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
  subscription: string | null;
  lines: StLine[];
  linesHasMore: boolean;
}

export interface StList<T> {
  data: T[];
  hasMore: boolean;
}

export interface StCustomer {
  id: string;
  name: string | null;
  email: string | null;
  currency: string | null;
  deleted: boolean;
}

function currency(reader: WireReader, key: string): string {
  const field = reader.at(key);
  return normalizeCurrency(field.asString()) ?? field.fail('expected an ISO-4217 currency code');
}

/** Expandable fields are an id or the object itself (docs/UPSTREAMS.md 2.9 #6). */
function expandableId(reader: WireReader | null): string | null {
  if (!reader) return null;
  return typeof reader.value === 'string' ? reader.asString() : reader.string('id');
}

/** Seconds a Date can hold (±8.64e15 ms): anything beyond would map to an Invalid Date. */
const MAX_UNIX_SECONDS = 8_640_000_000_000n;

/** A Unix-seconds timestamp, checked to be one a Date can represent. */
function unixSeconds(reader: WireReader, key: string): bigint {
  const field = reader.at(key);
  const seconds = field.asInteger();
  if (seconds > MAX_UNIX_SECONDS || seconds < -MAX_UNIX_SECONDS) field.fail(`timestamp ${seconds} is out of range`);
  return seconds;
}

function nullableUnixSeconds(reader: WireReader, key: string): bigint | null {
  return reader.maybe(key) ? unixSeconds(reader, key) : null;
}

function readCredit(credit: WireReader): StCredit {
  return {
    amount: credit.integer('amount'),
    type: credit.string('type'),
    creditBalanceTransaction: expandableId(credit.maybe('credit_balance_transaction')),
    discount: expandableId(credit.maybe('discount')),
  };
}

export function readLine(line: WireReader): StLine {
  const period = line.at('period');
  const parent = line.maybe('parent');
  const itemDetails = parent?.maybe('subscription_item_details') ?? parent?.maybe('invoice_item_details') ?? null;
  const quantityDecimal = line.maybe('quantity_decimal')?.asDecimalString() ?? null;
  const quantity = line.maybe('quantity')?.asNumber() ?? null;
  return {
    id: line.string('id'),
    amount: line.integer('amount'),
    currency: currency(line, 'currency'),
    description: line.nullableString('description'),
    periodStart: unixSeconds(period, 'start'),
    periodEnd: unixSeconds(period, 'end'),
    // quantity is truncated to an integer; quantity_decimal is the exact value when present.
    quantity: quantityDecimal ?? quantity,
    unitAmountDecimal: line.maybe('pricing')?.nullableDecimalString('unit_amount_decimal') ?? null,
    credits: line.maybe('pretax_credit_amounts')?.asArray(readCredit) ?? [],
    proration: itemDetails?.nullableBoolean('proration') ?? false,
  };
}

export function readList<T>(list: WireReader, each: (item: WireReader) => T): StList<T> {
  if (list.string('object') !== 'list') list.fail('expected a list object', `${list.path}.object`);
  return { data: list.array('data', each), hasMore: list.boolean('has_more') };
}

export function readInvoice(invoice: WireReader): StInvoice {
  if (invoice.string('object') !== 'invoice')
    invoice.fail('expected an invoice object', `${invoice.path === '$' ? '' : `${invoice.path}.`}object`);
  const status = invoice.at('status');
  const lines = readList(invoice.at('lines'), readLine);
  const subscription = invoice.maybe('parent')?.maybe('subscription_details')?.maybe('subscription') ?? null;
  return {
    id: invoice.string('id'),
    status: status.isNull() ? null : status.asEnum(STRIPE_INVOICE_STATUSES),
    currency: currency(invoice, 'currency'),
    amountDue: invoice.integer('amount_due'),
    amountPaid: invoice.integer('amount_paid'),
    amountRemaining: invoice.integer('amount_remaining'),
    subtotal: invoice.integer('subtotal'),
    total: invoice.integer('total'),
    totalTaxes: invoice.maybe('total_taxes')?.asArray((tax) => tax.integer('amount')) ?? null,
    totalDiscounts: invoice.maybe('total_discount_amounts')?.asArray((discount) => discount.integer('amount')) ?? null,
    periodStart: unixSeconds(invoice, 'period_start'),
    periodEnd: unixSeconds(invoice, 'period_end'),
    created: unixSeconds(invoice, 'created'),
    dueDate: nullableUnixSeconds(invoice, 'due_date'),
    customer: expandableId(invoice.maybe('customer')),
    number: invoice.nullableString('number'),
    billingReason: invoice.nullableString('billing_reason'),
    description: invoice.nullableString('description'),
    attemptCount: invoice.at('attempt_count').asCount(),
    attempted: invoice.boolean('attempted'),
    autoAdvance: invoice.nullableBoolean('auto_advance'),
    hostedInvoiceUrl: invoice.nullableString('hosted_invoice_url'),
    invoicePdf: invoice.nullableString('invoice_pdf'),
    subscription: expandableId(subscription),
    lines: lines.data,
    linesHasMore: lines.hasMore,
  };
}

export function readCustomer(customer: WireReader): StCustomer {
  const deleted = customer.nullableBoolean('deleted') ?? false;
  return {
    id: customer.string('id'),
    name: deleted ? null : customer.nullableString('name'),
    email: deleted ? null : customer.nullableString('email'),
    currency: deleted ? null : customer.maybe('currency') ? currency(customer, 'currency') : null,
    deleted,
  };
}

export function readSubscriptionId(subscription: WireReader): string {
  return subscription.string('id');
}

/** A subscription's id and the customer it bills (expandable: an id or the customer object). */
export function readSubscriptionOwner(subscription: WireReader): { id: string; customer: string | null } {
  return { id: subscription.string('id'), customer: expandableId(subscription.maybe('customer')) };
}
