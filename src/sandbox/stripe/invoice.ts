import type { Decimal } from '../../domain/decimal.js';
import { allocateDiscounts, lineAmount, lineTaxes, type LineDiscount, type LineTax } from './amounts.js';
import { lineJson } from './invoice-lines.js';
import type { BillingReason, InvoiceStatusJson, StripeInvoiceJson, StripeLineJson } from './objects.js';

/**
 * Builds coherent Stripe invoices from line specs: line amounts from exact unit amounts and quantities,
 * discounts allocated per line, exclusive taxes per line, and totals that add up the way Stripe's do.
 * Shared by the seeded history and create_preview. Arithmetic is bigint / exact Decimal throughout
 * (amounts.ts); amounts become JSON numbers only when written (integers far below 2^53).
 */
export { lineAmount, roundDecimal, roundRatio, shortHash } from './amounts.js';

export interface TaxRateSeed {
  id: string;
  percentage: Decimal;
}

export interface CouponSeed {
  id: string;
  name: string;
  percentOff: Decimal | null;
  amountOff: bigint | null;
  currency: string | null;
}

export interface LineSpec {
  description: string;
  /** Minor units per unit; may have decimals (metered prices). */
  unitAmount: Decimal;
  quantity: Decimal;
  /** Precomputed amount (prorations); otherwise round(unitAmount x quantity). */
  amount?: bigint;
  period: { start: number; end: number };
  proration: boolean;
  price: { id: string; product: string } | null;
  subscription: string | null;
  subscriptionItem: string | null;
  invoiceItem: string | null;
}

export interface InvoiceSpec {
  id: string;
  customer: { id: string; name: string; email: string; taxRate: TaxRateSeed | null };
  currency: string;
  created: number;
  periodStart: number;
  periodEnd: number;
  billingReason: BillingReason;
  status: InvoiceStatusJson;
  collectionMethod: 'charge_automatically' | 'send_invoice';
  number: string | null;
  description: string | null;
  subscription: string | null;
  prorationDate?: number;
  lines: LineSpec[];
  discounts: { id: string; coupon: CouponSeed }[];
  /** Line ids of previews are temporary (il_tmp_...), as Stripe's are. */
  preview: boolean;
}

/** Lines embedded in an invoice; the rest come from GET /v1/invoices/{id}/lines. */
export const EMBEDDED_LINES = 10;

const int = (value: bigint) => Number(value);

interface Totals {
  subtotal: bigint;
  discountTotals: { amount: bigint; discount: string }[];
  discountTotal: bigint;
  taxTotal: bigint;
  taxableTotal: bigint;
  total: bigint;
  due: bigint;
  paid: bigint;
  remaining: bigint;
}

function totalsOf(spec: InvoiceSpec, amounts: bigint[], lineDiscounts: LineDiscount[][], taxes: LineTax[]): Totals {
  const subtotal = amounts.reduce((a, b) => a + b, 0n);
  const discountTotals = spec.discounts.map(({ id }) => ({
    amount: lineDiscounts
      .flat()
      .filter((d) => d.discount === id)
      .reduce((sum, d) => sum + d.amount, 0n),
    discount: id,
  }));
  const discountTotal = discountTotals.reduce((sum, d) => sum + d.amount, 0n);
  const taxTotal = taxes.reduce((sum, t) => sum + (t?.amount ?? 0n), 0n);
  const taxableTotal = taxes.reduce((sum, t) => sum + (t?.taxable ?? 0n), 0n);
  const total = subtotal - discountTotal + taxTotal;
  const due = total > 0n ? total : 0n;
  const paid = spec.status === 'paid' ? due : 0n;
  const remaining = spec.status === 'paid' || spec.status === 'void' ? 0n : due;
  return { subtotal, discountTotals, discountTotal, taxTotal, taxableTotal, total, due, paid, remaining };
}

export function buildInvoice(spec: InvoiceSpec): { invoice: StripeInvoiceJson; lines: StripeLineJson[] } {
  const amounts = spec.lines.map(lineAmount);
  const lineDiscounts = allocateDiscounts(amounts, spec.discounts);
  const taxes = lineTaxes(amounts, lineDiscounts, spec.customer.taxRate);
  const lines = spec.lines.map((_line, i) => lineJson(spec, i, amounts[i] as bigint, lineDiscounts[i] ?? [], taxes[i] ?? null));
  const totals = totalsOf(spec, amounts, lineDiscounts, taxes);
  // Keys in Stripe's (alphabetical) order, written in three runs.
  const invoice: StripeInvoiceJson = { ...invoiceHead(spec, totals), ...invoiceMiddle(spec, lines), ...invoiceTail(spec, totals) };
  return { invoice, lines };
}

const finalizedAt = (spec: InvoiceSpec) => (spec.status === 'draft' ? null : spec.created + 3600);
const hostedUrl = (spec: InvoiceSpec) =>
  !spec.preview && spec.status !== 'draft' ? `https://invoice.stripe.com/i/acct_sandbox/test_${spec.id}` : null;

/** `id` to `customer_tax_exempt`: amounts, collection and the customer. */
function invoiceHead(spec: InvoiceSpec, totals: Totals) {
  return {
    id: spec.id,
    object: 'invoice' as const,
    account_country: 'US',
    account_name: 'billgraph sandbox',
    account_tax_ids: null,
    amount_due: int(totals.due),
    amount_overpaid: 0,
    amount_paid: int(totals.paid),
    amount_remaining: int(totals.remaining),
    amount_shipping: 0,
    application: null,
    attempt_count: spec.status === 'paid' || spec.status === 'uncollectible' ? 1 : 0,
    attempted: spec.status === 'paid' || spec.status === 'uncollectible',
    auto_advance: spec.status === 'draft' || spec.status === 'open',
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: spec.status === 'draft' && !spec.preview ? spec.created + 3600 : null,
    billing_reason: spec.billingReason,
    collection_method: spec.collectionMethod,
    created: spec.created,
    currency: spec.currency,
    custom_fields: null,
    customer: spec.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: spec.customer.email,
    customer_name: spec.customer.name,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none' as const,
  };
}

/** `default_payment_method` to `payment_settings`: dates, documents, the embedded lines and the parent. */
function invoiceMiddle(spec: InvoiceSpec, lines: StripeLineJson[]) {
  const hosted = hostedUrl(spec);
  return {
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: spec.description,
    discounts: spec.discounts.map((d) => d.id),
    due_date: spec.collectionMethod === 'send_invoice' ? spec.created + 30 * 86_400 : null,
    effective_at: finalizedAt(spec),
    ending_balance: spec.status === 'draft' ? null : 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: hosted,
    invoice_pdf: hosted ? `https://pay.stripe.com/invoice/acct_sandbox/test_${spec.id}/pdf` : null,
    issuer: { type: 'self' as const },
    last_finalization_error: null,
    latest_revision: null,
    lines: {
      object: 'list' as const,
      data: lines.slice(0, EMBEDDED_LINES),
      has_more: lines.length > EMBEDDED_LINES,
      url: `/v1/invoices/${spec.id}/lines`,
    },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: spec.number,
    on_behalf_of: null,
    parent: spec.subscription
      ? {
          type: 'subscription_details' as const,
          quote_details: null,
          subscription_details: {
            metadata: {},
            subscription: spec.subscription,
            ...(spec.prorationDate !== undefined ? { subscription_proration_date: spec.prorationDate } : {}),
          },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
  };
}

/** `period_end` to `webhooks_delivered_at`: period, status history and totals. */
function invoiceTail(spec: InvoiceSpec, totals: Totals) {
  const rate = spec.customer.taxRate;
  return {
    period_end: spec.periodEnd,
    period_start: spec.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: spec.status,
    status_transitions: {
      finalized_at: finalizedAt(spec),
      marked_uncollectible_at: spec.status === 'uncollectible' ? spec.created + 30 * 86_400 : null,
      paid_at: spec.status === 'paid' ? spec.created + 7200 : null,
      voided_at: spec.status === 'void' ? spec.created + 86_400 : null,
    },
    subtotal: int(totals.subtotal),
    subtotal_excluding_tax: int(totals.subtotal),
    test_clock: null,
    total: int(totals.total),
    total_discount_amounts: totals.discountTotals.map((d) => ({ amount: int(d.amount), discount: d.discount })),
    total_excluding_tax: int(totals.subtotal - totals.discountTotal),
    total_pretax_credit_amounts: totals.discountTotals.map((d) => ({
      amount: int(d.amount),
      type: 'discount' as const,
      discount: d.discount,
    })),
    total_taxes: rate
      ? [
          {
            amount: int(totals.taxTotal),
            tax_behavior: 'exclusive' as const,
            tax_rate_details: { tax_rate: rate.id },
            taxability_reason: 'standard_rated' as const,
            taxable_amount: int(totals.taxableTotal),
            type: 'tax_rate_details' as const,
          },
        ]
      : [],
    webhooks_delivered_at: spec.preview ? null : spec.created,
  };
}
