import { normalizeCurrency } from '../../domain/currency.js';
import type { Decimal } from '../../domain/decimal.js';
import type { WireReader } from '../../http/wire-reader.js';
import { FP_INVOICE_STATUSES, FP_PAYMENT_STATUSES, type FpInvoiceStatus, type FpPaymentStatus } from './status.js';

/**
 * Flexprice wire types (docs/UPSTREAMS.md 3.3, the OpenAPI file's InvoiceResponse, InvoiceLineItemResponse,
 * SubscriptionResponse, CustomerResponse) and their validation. Money stays an exact Decimal in major
 * units; timestamps are checked RFC 3339 and become Dates here.
 *
 * The OpenAPI file marks nothing required. What the Go structs always send (no `omitempty`: ids,
 * statuses, currency, the amount fields) is read as required; the rest as optional.
 */
export const FP_INVOICE_TYPES = ['SUBSCRIPTION', 'ONE_OFF', 'CREDIT'] as const;
export type FpInvoiceType = (typeof FP_INVOICE_TYPES)[number];

export interface FpLine {
  id: string | null;
  displayName: string | null;
  planDisplayName: string | null;
  meterDisplayName: string | null;
  amount: Decimal;
  quantity: Decimal | null;
  currency: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  prepaidCreditsApplied: Decimal | null;
  lineItemDiscount: Decimal | null;
}

export interface FpInvoice {
  id: string;
  customerId: string;
  subscriptionId: string | null;
  invoiceType: FpInvoiceType;
  invoiceStatus: FpInvoiceStatus;
  paymentStatus: FpPaymentStatus;
  currency: string;
  amountDue: Decimal;
  amountPaid: Decimal;
  amountRemaining: Decimal;
  subtotal: Decimal | null;
  total: Decimal | null;
  totalDiscount: Decimal | null;
  totalTax: Decimal | null;
  invoiceNumber: string | null;
  description: string | null;
  billingReason: string | null;
  dueDate: Date | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  createdAt: Date | null;
  invoicePdfUrl: string | null;
  /** null when the list was asked with skip_line_items. */
  lines: FpLine[] | null;
}

export interface FpPagination {
  total: number;
  limit: number | null;
  offset: number | null;
}

export interface FpSubscription {
  id: string;
  customerId: string;
  status: string;
  currency: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
}

export interface FpCustomer {
  id: string;
  name: string | null;
  email: string | null;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 timestamp; Go's zero time (year 1) means "not set" and reads as null. */
export function readTime(reader: WireReader, key: string): Date | null {
  const field = reader.maybe(key);
  if (!field) return null;
  const text = field.asString();
  if (!RFC3339.test(text)) field.fail(`expected an RFC 3339 timestamp, got ${JSON.stringify(text.slice(0, 40))}`);
  if (text.startsWith('0001-01-01')) return null;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) field.fail(`expected an RFC 3339 timestamp, got ${JSON.stringify(text.slice(0, 40))}`);
  return date;
}

/** Money fields are decimal strings (shopspring decimal); a JSON number there breaks the contract. */
function decimalString(reader: WireReader): Decimal {
  return reader.asDecimalString();
}
const money = (reader: WireReader, key: string) => decimalString(reader.at(key));
const maybeMoney = (reader: WireReader, key: string) => {
  const field = reader.maybe(key);
  return field ? decimalString(field) : null;
};

function currency(reader: WireReader, key: string): string {
  const field = reader.at(key);
  return normalizeCurrency(field.asString()) ?? field.fail('expected an ISO-4217 currency code');
}

/** Empty strings stand for "not set" in several Go fields. */
function text(reader: WireReader, key: string): string | null {
  const value = reader.nullableString(key);
  return value === '' ? null : value;
}

function readLine(line: WireReader): FpLine {
  return {
    id: text(line, 'id'),
    displayName: text(line, 'display_name'),
    planDisplayName: text(line, 'plan_display_name'),
    meterDisplayName: text(line, 'meter_display_name'),
    amount: money(line, 'amount'),
    quantity: maybeMoney(line, 'quantity'),
    currency: currency(line, 'currency'),
    periodStart: readTime(line, 'period_start'),
    periodEnd: readTime(line, 'period_end'),
    prepaidCreditsApplied: maybeMoney(line, 'prepaid_credits_applied'),
    lineItemDiscount: maybeMoney(line, 'line_item_discount'),
  };
}

export function readInvoice(invoice: WireReader): FpInvoice {
  const lines = invoice.maybe('line_items');
  return {
    id: invoice.string('id'),
    customerId: invoice.string('customer_id'),
    subscriptionId: text(invoice, 'subscription_id'),
    invoiceType: invoice.at('invoice_type').asEnum(FP_INVOICE_TYPES),
    invoiceStatus: invoice.at('invoice_status').asEnum(FP_INVOICE_STATUSES),
    paymentStatus: invoice.at('payment_status').asEnum(FP_PAYMENT_STATUSES),
    currency: currency(invoice, 'currency'),
    amountDue: money(invoice, 'amount_due'),
    amountPaid: money(invoice, 'amount_paid'),
    amountRemaining: money(invoice, 'amount_remaining'),
    subtotal: maybeMoney(invoice, 'subtotal'),
    total: maybeMoney(invoice, 'total'),
    totalDiscount: maybeMoney(invoice, 'total_discount'),
    totalTax: maybeMoney(invoice, 'total_tax'),
    invoiceNumber: text(invoice, 'invoice_number'),
    description: text(invoice, 'description'),
    billingReason: text(invoice, 'billing_reason'),
    dueDate: readTime(invoice, 'due_date'),
    periodStart: readTime(invoice, 'period_start'),
    periodEnd: readTime(invoice, 'period_end'),
    createdAt: readTime(invoice, 'created_at'),
    invoicePdfUrl: text(invoice, 'invoice_pdf_url'),
    lines: lines ? lines.asArray(readLine) : null,
  };
}

function readPagination(list: WireReader): FpPagination {
  const pagination = list.at('pagination');
  return {
    total: pagination.at('total').asCount(),
    limit: pagination.maybe('limit')?.asCount() ?? null,
    offset: pagination.maybe('offset')?.asCount() ?? null,
  };
}

/** `ListInvoicesResponse`: `{items, pagination: {total, limit, offset}}`. */
export function readInvoiceList(list: WireReader): { items: FpInvoice[]; pagination: FpPagination } {
  return { items: list.array('items', readInvoice), pagination: readPagination(list) };
}

function readSubscription(subscription: WireReader): FpSubscription {
  return {
    id: subscription.string('id'),
    customerId: subscription.string('customer_id'),
    status: subscription.string('subscription_status'),
    currency: subscription.maybe('currency') ? currency(subscription, 'currency') : null,
    currentPeriodStart: readTime(subscription, 'current_period_start'),
    currentPeriodEnd: readTime(subscription, 'current_period_end'),
  };
}

/** `ListSubscriptionsResponse`. */
export function readSubscriptionList(list: WireReader): { items: FpSubscription[]; pagination: FpPagination } {
  return { items: list.array('items', readSubscription), pagination: readPagination(list) };
}

export function readCustomer(customer: WireReader): FpCustomer {
  return { id: customer.string('id'), name: text(customer, 'name'), email: text(customer, 'email') };
}
