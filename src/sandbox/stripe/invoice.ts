import { createHash } from 'node:crypto';
import { Decimal } from '../../domain/decimal.js';
import type { BillingReason, InvoiceStatusJson, StripeCreditJson, StripeInvoiceJson, StripeLineJson, StripeTaxJson } from './objects.js';

/**
 * Builds coherent Stripe invoices from line specs: line amounts from exact unit amounts and quantities,
 * discounts allocated per line, exclusive taxes per line, and totals that add up the way Stripe's do.
 * Shared by the seeded history and create_preview. Arithmetic is bigint / exact Decimal throughout;
 * amounts become JSON numbers only when written (integers far below 2^53).
 */
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

export function shortHash(text: string, length = 14): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  for (let i = 0; out.length < length; i += 1) out += alphabet[(digest[i % digest.length] as number) % alphabet.length];
  return out;
}

/** num / den rounded half away from zero. */
export function roundRatio(num: bigint, den: bigint): bigint {
  if (den < 0n) return roundRatio(-num, -den);
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const rounded = (abs * 2n + den) / (den * 2n);
  return negative ? -rounded : rounded;
}

export function roundDecimal(value: Decimal): bigint {
  return roundRatio(value.coefficient, 10n ** BigInt(value.scale));
}

const int = (value: bigint) => Number(value);

export function lineAmount(spec: LineSpec): bigint {
  return spec.amount ?? roundDecimal(spec.unitAmount.mul(spec.quantity));
}

export function buildInvoice(spec: InvoiceSpec): { invoice: StripeInvoiceJson; lines: StripeLineJson[] } {
  const amounts = spec.lines.map(lineAmount);
  // Discounts, per line: percentages line by line; fixed amounts spread over positive lines by weight.
  const lineDiscounts = amounts.map(() => [] as { amount: bigint; discount: string }[]);
  for (const { id, coupon } of spec.discounts) {
    if (coupon.percentOff) {
      amounts.forEach((amount, i) => {
        const off = roundDecimal(
          Decimal.fromInteger(amount)
            .mul(coupon.percentOff as Decimal)
            .movePoint(-2),
        );
        if (off !== 0n) lineDiscounts[i]?.push({ amount: off, discount: id });
      });
    } else if (coupon.amountOff !== null) {
      const positive = amounts.map((a) => (a > 0n ? a : 0n));
      const base = positive.reduce((a, b) => a + b, 0n);
      const total = coupon.amountOff < base ? coupon.amountOff : base;
      let given = 0n;
      const last = positive.findLastIndex((a) => a > 0n);
      positive.forEach((a, i) => {
        if (a === 0n || base === 0n) return;
        const share = i === last ? total - given : (total * a) / base;
        given += share;
        if (share !== 0n) lineDiscounts[i]?.push({ amount: share, discount: id });
      });
    }
  }
  const rate = spec.customer.taxRate;
  const taxes = amounts.map((amount, i) => {
    if (!rate) return null;
    const taxable = amount - (lineDiscounts[i] ?? []).reduce((sum, d) => sum + d.amount, 0n);
    return { taxable, amount: roundDecimal(Decimal.fromInteger(taxable).mul(rate.percentage).movePoint(-2)) };
  });

  const lineIdPrefix = spec.preview ? 'il_tmp_' : 'il_';
  const lines: StripeLineJson[] = spec.lines.map((line, i) => {
    const amount = amounts[i] as bigint;
    const discounts = lineDiscounts[i] ?? [];
    const tax = taxes[i];
    const credits: StripeCreditJson[] = discounts.map((d) => ({ amount: int(d.amount), type: 'discount', discount: d.discount }));
    const taxJson: StripeTaxJson[] | null =
      rate && tax
        ? [
            {
              amount: int(tax.amount),
              tax_behavior: 'exclusive',
              tax_rate_details: { tax_rate: rate.id },
              taxability_reason: 'standard_rated',
              taxable_amount: int(tax.taxable),
              type: 'tax_rate_details',
            },
          ]
        : [];
    const integral = line.quantity.toUnits(0);
    const onSubscription = line.subscriptionItem !== null;
    return {
      id: `${lineIdPrefix}${shortHash(`${spec.id}/${i}`, 24)}`,
      object: 'line_item',
      amount: int(amount),
      currency: spec.currency,
      description: line.description,
      discount_amounts: discounts.map((d) => ({ amount: int(d.amount), discount: d.discount })),
      discountable: true,
      discounts: discounts.map((d) => d.discount),
      invoice: spec.id,
      livemode: false,
      metadata: {},
      parent: onSubscription
        ? {
            type: 'subscription_item_details',
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: line.invoiceItem,
              proration: line.proration,
              proration_details: { credited_items: null },
              subscription: line.subscription,
              subscription_item: line.subscriptionItem as string,
            },
          }
        : {
            type: 'invoice_item_details',
            invoice_item_details: {
              invoice_item: line.invoiceItem ?? `ii_${shortHash(`${spec.id}/ii/${i}`, 24)}`,
              proration: line.proration,
              proration_details: { credited_items: null },
              subscription: line.subscription,
            },
            subscription_item_details: null,
          },
      period: line.period,
      pretax_credit_amounts: credits,
      pricing: {
        type: 'price_details',
        ...(line.price ? { price_details: { price: line.price.id, product: line.price.product } } : {}),
        unit_amount_decimal: line.unitAmount.normalize().toString(),
      },
      // `quantity` is the truncated integer; quantity_decimal the exact value (Stripe's pair).
      quantity: Number(integral ?? BigInt(line.quantity.toFixedString().split('.')[0] ?? '0')),
      quantity_decimal: line.quantity.normalize().toString(),
      subscription: line.subscription,
      subtotal: int(amount),
      taxes: taxJson,
    };
  });

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
  const finalized = spec.status === 'draft' ? null : spec.created + 3600;
  const issued = !spec.preview && spec.status !== 'draft';
  const hosted = issued ? `https://invoice.stripe.com/i/acct_sandbox/test_${spec.id}` : null;

  const invoice: StripeInvoiceJson = {
    id: spec.id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'billgraph sandbox',
    account_tax_ids: null,
    amount_due: int(due),
    amount_overpaid: 0,
    amount_paid: int(paid),
    amount_remaining: int(remaining),
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
    customer_tax_exempt: 'none',
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: spec.description,
    discounts: spec.discounts.map((d) => d.id),
    due_date: spec.collectionMethod === 'send_invoice' ? spec.created + 30 * 86_400 : null,
    effective_at: finalized,
    ending_balance: spec.status === 'draft' ? null : 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: hosted,
    invoice_pdf: hosted ? `https://pay.stripe.com/invoice/acct_sandbox/test_${spec.id}/pdf` : null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: {
      object: 'list',
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
          type: 'subscription_details',
          quote_details: null,
          subscription_details: {
            metadata: {},
            subscription: spec.subscription,
            ...(spec.prorationDate !== undefined ? { subscription_proration_date: spec.prorationDate } : {}),
          },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
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
      finalized_at: finalized,
      marked_uncollectible_at: spec.status === 'uncollectible' ? spec.created + 30 * 86_400 : null,
      paid_at: spec.status === 'paid' ? spec.created + 7200 : null,
      voided_at: spec.status === 'void' ? spec.created + 86_400 : null,
    },
    subtotal: int(subtotal),
    subtotal_excluding_tax: int(subtotal),
    test_clock: null,
    total: int(total),
    total_discount_amounts: discountTotals.map((d) => ({ amount: int(d.amount), discount: d.discount })),
    total_excluding_tax: int(subtotal - discountTotal),
    total_pretax_credit_amounts: discountTotals.map((d) => ({ amount: int(d.amount), type: 'discount' as const, discount: d.discount })),
    total_taxes: rate
      ? [
          {
            amount: int(taxTotal),
            tax_behavior: 'exclusive',
            tax_rate_details: { tax_rate: rate.id },
            taxability_reason: 'standard_rated',
            taxable_amount: int(taxableTotal),
            type: 'tax_rate_details',
          },
        ]
      : [],
    webhooks_delivered_at: spec.preview ? null : spec.created,
  };
  return { invoice, lines };
}
