import { Decimal } from '../../domain/decimal.js';
import { CURRENT_PERIOD, discountId, NEXT_PERIOD, NOW, type PriceSeed, type StripeAccount, type SubscriptionSeed } from './data.js';
import type { FormTree } from './form.js';
import { buildInvoice, roundRatio, shortHash, type CouponSeed, type LineSpec } from './invoice.js';
import type { StripeInvoiceJson, StripeLineJson } from './objects.js';

/**
 * POST /v1/invoices/create_preview over the seeded account: the invoice a subscription change (items
 * added / changed / removed at a proration date), one-off invoice items and discounts would produce.
 * Prorations follow Stripe's model: a credit for the unused time of the old item and a charge for the
 * remaining time of the new one, each rounded to a whole minor unit.
 */
export class StripeParamError extends Error {
  constructor(
    message: string,
    readonly param: string | null,
    readonly code = 'parameter_invalid',
  ) {
    super(message);
  }
}

const TOP_LEVEL = new Set([
  'automatic_tax',
  'currency',
  'customer',
  'customer_account',
  'customer_details',
  'discounts',
  'expand',
  'invoice_items',
  'issuer',
  'on_behalf_of',
  'preview_mode',
  'schedule',
  'schedule_details',
  'subscription',
  'subscription_details',
]);
const SUBSCRIPTION_DETAILS = new Set([
  'billing_cycle_anchor',
  'billing_mode',
  'cancel_at',
  'cancel_at_period_end',
  'cancel_now',
  'default_tax_rates',
  'items',
  'metadata',
  'proration_behavior',
  'proration_date',
  'resume_at',
  'start_date',
  'trial_end',
]);
const ITEM = new Set([
  'id',
  'price',
  'quantity',
  'deleted',
  'clear_usage',
  'discounts',
  'metadata',
  'tax_rates',
  'price_data',
  'plan',
  'billing_thresholds',
]);
const INVOICE_ITEM = new Set([
  'amount',
  'currency',
  'description',
  'discountable',
  'discounts',
  'invoiceitem',
  'metadata',
  'period',
  'price',
  'price_data',
  'quantity',
  'quantity_decimal',
  'tax_behavior',
  'tax_code',
  'tax_rates',
  'unit_amount',
  'unit_amount_decimal',
]);

type Tree = Record<string, FormTree>;

function checkKeys(tree: Tree, allowed: Set<string>, prefix: string): void {
  for (const key of Object.keys(tree)) {
    if (!allowed.has(key)) {
      const param = prefix ? `${prefix}[${key}]` : key;
      throw new StripeParamError(`Received unknown parameter: ${param}`, param);
    }
  }
}

function asObject(value: FormTree | undefined, param: string): Tree | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new StripeParamError(`Invalid object`, param);
  return value;
}

function asArray(value: FormTree | undefined, param: string): FormTree[] {
  if (value === undefined || value === '') return [];
  if (!Array.isArray(value)) throw new StripeParamError('Invalid array', param);
  return value;
}

function asString(value: FormTree | undefined, param: string): string | null {
  if (value === undefined || value === '') return null;
  if (typeof value !== 'string') throw new StripeParamError(`Invalid string: ${JSON.stringify(value)}`, param);
  return value;
}

function asInteger(value: FormTree | undefined, param: string): bigint | null {
  const text = asString(value, param);
  if (text === null) return null;
  if (!/^-?\d{1,15}$/.test(text)) throw new StripeParamError(`Invalid integer: ${text}`, param);
  return BigInt(text);
}

function asDecimal(value: FormTree | undefined, param: string): Decimal | null {
  const text = asString(value, param);
  if (text === null) return null;
  if (!/^-?\d{1,15}(\.\d{1,12})?$/.test(text)) throw new StripeParamError(`Invalid decimal: ${text} (at most 12 decimal places)`, param);
  return Decimal.parse(text);
}

function formatDate(seconds: number): string {
  return new Date(seconds * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

interface ItemState {
  id: string;
  price: PriceSeed;
  quantity: bigint;
}

function prorated(item: ItemState, from: number, sign: 1n | -1n): bigint {
  const { coefficient, scale } = item.price.unitAmount;
  const remaining = BigInt(CURRENT_PERIOD.end - from);
  const length = BigInt(CURRENT_PERIOD.end - CURRENT_PERIOD.start);
  return sign * roundRatio(coefficient * item.quantity * remaining, 10n ** BigInt(scale) * length);
}

export function createPreview(account: StripeAccount, params: Tree): { invoice: StripeInvoiceJson; lines: StripeLineJson[] } {
  checkKeys(params, TOP_LEVEL, '');
  const subscriptionId = asString(params.subscription, 'subscription');
  let sub: SubscriptionSeed | null = null;
  if (subscriptionId !== null) {
    sub = account.subscriptions.find((s) => s.id === subscriptionId) ?? null;
    if (!sub) throw new StripeParamError(`No such subscription: '${subscriptionId}'`, 'subscription', 'resource_missing');
    if (sub.status !== 'active')
      throw new StripeParamError(
        `The subscription ${sub.id} is canceled and has no upcoming invoice`,
        'subscription',
        'invoice_upcoming_none',
      );
  }
  const customerId = asString(params.customer, 'customer') ?? sub?.customer ?? null;
  if (customerId === null) throw new StripeParamError('Missing required param: customer.', 'customer', 'parameter_missing');
  const customer = account.customers.get(customerId);
  if (!customer) throw new StripeParamError(`No such customer: '${customerId}'`, 'customer', 'resource_missing');
  if (sub && sub.customer !== customer.id) {
    throw new StripeParamError(
      `The subscription ${sub.id} does not belong to customer ${customer.id}`,
      'subscription',
      'parameter_invalid',
    );
  }

  const details = asObject(params.subscription_details, 'subscription_details') ?? {};
  checkKeys(details, SUBSCRIPTION_DETAILS, 'subscription_details');
  const itemParams = asArray(details.items, 'subscription_details[items]');
  const invoiceItemParams = asArray(params.invoice_items, 'invoice_items');
  if (itemParams.length > 20) throw new StripeParamError('You may pass at most 20 subscription items', 'subscription_details[items]');
  if (invoiceItemParams.length > 250) throw new StripeParamError('You may pass at most 250 invoice items', 'invoice_items');
  if (!sub && itemParams.length === 0 && invoiceItemParams.length === 0) {
    throw new StripeParamError(
      'You must pass one of `subscription`, `subscription_details.items`, `schedule`, `schedule_details.phases` or `invoice_items` with `customer`.',
      null,
      'parameter_missing',
    );
  }
  const currency = (asString(params.currency, 'currency') ?? sub?.currency ?? customer.currency).toLowerCase();
  if (sub && currency !== sub.currency)
    throw new StripeParamError(`The subscription bills in ${sub.currency}, not ${currency}`, 'currency');

  const behavior = asString(details.proration_behavior, 'subscription_details[proration_behavior]') ?? 'create_prorations';
  if (!['create_prorations', 'always_invoice', 'none'].includes(behavior)) {
    throw new StripeParamError(
      `Invalid proration_behavior: must be one of create_prorations, always_invoice, none`,
      'subscription_details[proration_behavior]',
    );
  }
  const prorationDateParam = asInteger(details.proration_date, 'subscription_details[proration_date]');
  if (prorationDateParam !== null && (!sub || itemParams.length === 0)) {
    throw new StripeParamError(
      '`proration_date` requires `subscription` and `subscription_details.items`',
      'subscription_details[proration_date]',
    );
  }
  const prorationDate = prorationDateParam === null ? NOW : Number(prorationDateParam);
  if (sub && (prorationDate < CURRENT_PERIOD.start || prorationDate >= CURRENT_PERIOD.end)) {
    throw new StripeParamError('`proration_date` must be within the current subscription period', 'subscription_details[proration_date]');
  }

  const current: ItemState[] = sub ? sub.items.map((item) => ({ ...item })) : [];
  let next: ItemState[] = current.map((item) => ({ ...item }));
  itemParams.forEach((raw, i) => {
    const param = `subscription_details[items][${i}]`;
    const item = asObject(raw, param) ?? {};
    checkKeys(item, ITEM, param);
    const priceId = asString(item.price, `${param}[price]`);
    const price = priceId === null ? null : account.prices.get(priceId);
    if (priceId !== null && !price) throw new StripeParamError(`No such price: '${priceId}'`, `${param}[price]`, 'resource_missing');
    if (price && !price.recurring)
      throw new StripeParamError(`The price ${price.id} is not recurring and cannot be a subscription item`, `${param}[price]`);
    if (price && price.currency !== currency)
      throw new StripeParamError(`The price ${price.id} is in ${price.currency}, the invoice in ${currency}`, `${param}[price]`);
    const quantity = asInteger(item.quantity, `${param}[quantity]`);
    if (quantity !== null && quantity < 0n)
      throw new StripeParamError('This value must be greater than or equal to 0.', `${param}[quantity]`);
    const id = asString(item.id, `${param}[id]`);
    if (id !== null) {
      const index = next.findIndex((existing) => existing.id === id);
      if (index < 0) throw new StripeParamError(`No such subscription item: '${id}'`, `${param}[id]`, 'resource_missing');
      if (item.deleted === 'true') next = next.filter((existing) => existing.id !== id);
      else
        next[index] = { id, price: price ?? (next[index] as ItemState).price, quantity: quantity ?? (next[index] as ItemState).quantity };
    } else {
      if (!price) throw new StripeParamError('Missing required param: price.', `${param}[price]`, 'parameter_missing');
      next.push({ id: `si_${shortHash(`${sub?.id ?? customer.id}/new/${i}/${price.id}`)}`, price, quantity: quantity ?? 1n });
    }
  });

  const subscription = sub?.id ?? null;
  const lineOf = (
    item: ItemState,
    description: string,
    period: { start: number; end: number },
    proration: boolean,
    amount?: bigint,
  ): LineSpec => ({
    description,
    unitAmount: item.price.unitAmount,
    quantity: Decimal.fromInteger(item.quantity),
    ...(amount !== undefined ? { amount } : {}),
    period,
    proration,
    price: { id: item.price.id, product: item.price.product },
    subscription,
    subscriptionItem: item.id,
    invoiceItem: proration ? `ii_${shortHash(`${item.id}/${proration}/${description}`, 24)}` : null,
  });

  const prorations: LineSpec[] = [];
  if (sub && behavior !== 'none') {
    const remaining = { start: prorationDate, end: CURRENT_PERIOD.end };
    const when = formatDate(prorationDate);
    for (const id of new Set([...current, ...next].map((item) => item.id))) {
      const before = current.find((item) => item.id === id);
      const after = next.find((item) => item.id === id);
      if (before && after && before.price.id === after.price.id && before.quantity === after.quantity) continue;
      if (before)
        prorations.push(
          lineOf(
            before,
            `Unused time on ${before.quantity} × ${before.price.productName} after ${when}`,
            remaining,
            true,
            prorated(before, prorationDate, -1n),
          ),
        );
      if (after)
        prorations.push(
          lineOf(
            after,
            `Remaining time on ${after.quantity} × ${after.price.productName} after ${when}`,
            remaining,
            true,
            prorated(after, prorationDate, 1n),
          ),
        );
    }
  }

  const oneOffs: LineSpec[] = invoiceItemParams.map((raw, i) => {
    const param = `invoice_items[${i}]`;
    const item = asObject(raw, param) ?? {};
    checkKeys(item, INVOICE_ITEM, param);
    const itemCurrency = asString(item.currency, `${param}[currency]`)?.toLowerCase() ?? currency;
    if (itemCurrency !== currency)
      throw new StripeParamError(`The invoice item is in ${itemCurrency}, the invoice in ${currency}`, `${param}[currency]`);
    const priceId = asString(item.price, `${param}[price]`);
    const price = priceId === null ? null : account.prices.get(priceId);
    if (priceId !== null && !price) throw new StripeParamError(`No such price: '${priceId}'`, `${param}[price]`, 'resource_missing');
    if (price && price.currency !== currency)
      throw new StripeParamError(`The price ${price.id} is in ${price.currency}, the invoice in ${currency}`, `${param}[price]`);
    const quantity =
      asDecimal(item.quantity_decimal, `${param}[quantity_decimal]`) ??
      (asInteger(item.quantity, `${param}[quantity]`) === null
        ? Decimal.fromInteger(1n)
        : Decimal.fromInteger(asInteger(item.quantity, `${param}[quantity]`) as bigint));
    const amount = asInteger(item.amount, `${param}[amount]`);
    const unit =
      price?.unitAmount ??
      asDecimal(item.unit_amount_decimal, `${param}[unit_amount_decimal]`) ??
      (asInteger(item.unit_amount, `${param}[unit_amount]`) === null
        ? null
        : Decimal.fromInteger(asInteger(item.unit_amount, `${param}[unit_amount]`) as bigint));
    if (unit === null && amount === null) {
      throw new StripeParamError(
        'You must specify either `amount`, `price`, `unit_amount` or `unit_amount_decimal`.',
        `${param}[amount]`,
        'parameter_missing',
      );
    }
    if (amount !== null && (item.quantity !== undefined || item.quantity_decimal !== undefined)) {
      throw new StripeParamError('`amount` cannot be combined with `quantity`; use `unit_amount_decimal`', `${param}[amount]`);
    }
    return {
      description: asString(item.description, `${param}[description]`) ?? price?.productName ?? 'One-off charge',
      unitAmount: unit ?? Decimal.fromInteger(amount as bigint),
      quantity: amount !== null ? Decimal.fromInteger(1n) : quantity,
      ...(amount !== null ? { amount } : {}),
      period: { start: NOW, end: NOW },
      proration: false,
      price: price ? { id: price.id, product: price.product } : null,
      subscription: null,
      subscriptionItem: null,
      invoiceItem: `ii_tmp_${shortHash(`${customer.id}/${i}/${JSON.stringify(item)}`, 20)}`,
    };
  });

  let discounts: { id: string; coupon: CouponSeed }[] = sub?.discounts ?? [];
  if (params.discounts !== undefined) {
    discounts = asArray(params.discounts, 'discounts').map((raw, i) => {
      const param = `discounts[${i}]`;
      const discount = asObject(raw, param) ?? {};
      checkKeys(discount, new Set(['coupon', 'promotion_code', 'discount']), param);
      const couponId = asString(discount.coupon, `${param}[coupon]`);
      const promotionId = asString(discount.promotion_code, `${param}[promotion_code]`);
      let coupon: CouponSeed | undefined;
      if (couponId !== null) {
        coupon = account.coupons.get(couponId);
        if (!coupon) throw new StripeParamError(`No such coupon: '${couponId}'`, `${param}[coupon]`, 'resource_missing');
      } else if (promotionId !== null) {
        coupon = account.promotionCodes.get(promotionId)?.coupon;
        if (!coupon) throw new StripeParamError(`No such promotion code: '${promotionId}'`, `${param}[promotion_code]`, 'resource_missing');
      } else {
        throw new StripeParamError('A discount needs a `coupon`, `promotion_code` or `discount`', `${param}[coupon]`, 'parameter_missing');
      }
      if (coupon.currency !== null && coupon.currency !== currency) {
        throw new StripeParamError(`The coupon ${coupon.id} is in ${coupon.currency}, the invoice in ${currency}`, `${param}[coupon]`);
      }
      return { id: discountId(sub?.id ?? customer.id, coupon.id), coupon };
    });
  }

  const changed = prorations.length > 0;
  let lines: LineSpec[];
  let period = CURRENT_PERIOD;
  if (!sub) {
    // A new subscription: its first invoice bills the first period from now.
    const first = { start: NOW, end: NOW + (NEXT_PERIOD.end - NEXT_PERIOD.start) };
    lines = [...oneOffs, ...next.map((item) => lineOf(item, `${item.quantity} × ${item.price.productName}`, first, false))];
    period = { start: NOW, end: NOW };
  } else if (behavior === 'always_invoice' && changed) {
    // The change is invoiced at once: only the prorations (and one-off items) are on this invoice.
    lines = [...prorations, ...oneOffs];
    period = { start: prorationDate, end: prorationDate };
  } else {
    lines = [
      ...prorations,
      ...oneOffs,
      ...next.map((item) => lineOf(item, `${item.quantity} × ${item.price.productName}`, NEXT_PERIOD, false)),
    ];
  }

  const id = `upcoming_in_${shortHash(JSON.stringify(params), 24)}`;
  return buildInvoice({
    id,
    customer,
    currency,
    created: NOW,
    periodStart: period.start,
    periodEnd: period.end,
    billingReason: 'upcoming',
    status: 'draft',
    collectionMethod: 'charge_automatically',
    number: null,
    description: null,
    subscription,
    ...(sub && changed ? { prorationDate } : {}),
    lines,
    discounts,
    preview: true,
  });
}
