import type { Decimal } from '../domain/decimal.js';
import { normalizeCurrency } from '../domain/currency.js';
import { badInput } from '../domain/errors.js';
import type { PreviewInvoiceInput } from '../domain/preview.js';
import { builder } from './builder.js';
import { BillingProviderEnum } from './invoice.js';

/** The previewInvoice input as GraphQL takes it, and its checks into the domain's PreviewInvoiceInput. */

const MAX_SUBSCRIPTION_ITEMS = 20;
const MAX_INVOICE_ITEMS = 250;

const ProrationBehaviorEnum = builder.enumType('ProrationBehavior', {
  description: 'How a mid-period change is charged (Stripe).',
  values: {
    CREATE_PRORATIONS: { description: 'Credit unused time and charge the new items for the rest of the period, on the next invoice.' },
    ALWAYS_INVOICE: { description: 'Like CREATE_PRORATIONS, but invoiced at once instead of on the next invoice.' },
    NONE: { description: 'No proration: the new price applies from the next period.' },
  } as const,
});

const PreviewAddItemInput = builder.inputType('PreviewAddItemInput', {
  description: 'A new item on the subscription (Stripe).',
  fields: (t) => ({
    price: t.string({ required: true, description: "The provider's id of the price to subscribe to (Stripe `price_...`)." }),
    quantity: t.field({ type: 'Decimal', required: false, description: 'How many units, a whole number for Stripe; default 1.' }),
  }),
});

const PreviewChangeItemInput = builder.inputType('PreviewChangeItemInput', {
  description: 'A change to an item already on the subscription (Stripe): a new quantity, a new price, or both.',
  fields: (t) => ({
    item: t.string({ required: true, description: "The provider's id of the subscription item to change (Stripe `si_...`)." }),
    quantity: t.field({ type: 'Decimal', required: false, description: 'The new quantity, a whole number for Stripe; omit to keep it.' }),
    price: t.string({ required: false, description: 'Switch the item to this price id; omit to keep the price.' }),
  }),
});

const PreviewInvoiceItemInput = builder.inputType('PreviewInvoiceItemInput', {
  description: 'A one-off charge: a price, or an amount in major units with a description.',
  fields: (t) => ({
    price: t.string({ required: false, description: "The provider's id of a price to charge once; give either `price` or `amount`." }),
    amount: t.field({
      type: 'Decimal',
      required: false,
      description: 'An amount in major units, e.g. "25.00"; give either `price` or `amount`.',
    }),
    quantity: t.field({ type: 'Decimal', required: false, description: 'How many times to charge it, a whole number; default 1.' }),
    description: t.string({ required: false, description: 'The text of the line on the invoice.' }),
    currency: t.string({ required: false, description: "ISO-4217 code of `amount`; default: the invoice's currency." }),
  }),
});

const PreviewDiscountInput = builder.inputType('PreviewDiscountInput', {
  description: 'A discount to apply (Stripe): exactly one of `coupon` or `promotionCode`.',
  fields: (t) => ({
    coupon: t.string({ required: false, description: "The provider's id of a coupon." }),
    promotionCode: t.string({
      required: false,
      description: "The provider's id of a promotion code (Stripe `promo_...`), not the code customers type.",
    }),
  }),
});

export const PreviewInvoiceInputType = builder.inputType('PreviewInvoiceInput', {
  description: 'What would the invoice be if ...: the changes to preview. Providers take different subsets (see README).',
  fields: (t) => ({
    provider: t.field({ type: BillingProviderEnum, required: false, description: "Which billing backend; default: the deployment's." }),
    customer: t.string({
      required: false,
      description: "Cloudflare account id, Stripe or Flexprice customer id; default: the deployment's.",
    }),
    subscription: t.string({
      required: false,
      description: "The provider's subscription id; needed when the customer has several active subscriptions.",
    }),
    addItems: t.field({ type: [PreviewAddItemInput], required: false, description: 'Items to add to the subscription (Stripe).' }),
    changeItems: t.field({ type: [PreviewChangeItemInput], required: false, description: 'Items of the subscription to change (Stripe).' }),
    removeItems: t.stringList({ required: false, description: 'Ids of subscription items to remove (Stripe `si_...`).' }),
    invoiceItems: t.field({
      type: [PreviewInvoiceItemInput],
      required: false,
      description: 'One-off charges to add to the invoice (Stripe).',
    }),
    discounts: t.field({ type: [PreviewDiscountInput], required: false, description: 'Discounts to apply (Stripe).' }),
    prorationDate: t.field({
      type: 'DateTime',
      required: false,
      description: 'When the change takes effect, for proration (Stripe); default: now. Must lie in the current period.',
    }),
    prorationBehavior: t.field({
      type: ProrationBehaviorEnum,
      required: false,
      description: "How the change is prorated (Stripe); default: the provider's, CREATE_PRORATIONS.",
    }),
    currency: t.string({ required: false, description: "ISO-4217 code to preview in (Stripe); default: the customer's currency." }),
    periodStart: t.field({ type: 'DateTime', required: false, description: 'Flexprice: start of the period to preview.' }),
    periodEnd: t.field({ type: 'DateTime', required: false, description: 'Flexprice: end of the period to preview.' }),
    hideZeroCharges: t.boolean({ required: false, description: 'Flexprice: leave out lines that charge nothing.' }),
  }),
});

type RawInput = typeof PreviewInvoiceInputType.$inferInput;

function checkQuantity(value: Decimal | null | undefined, field: (string | number)[]): Decimal | null {
  if (value == null) return null;
  if (value.isNegative()) throw badInput('quantity cannot be negative', field);
  return value;
}

/**
 * The index of the first entry whose key was seen before, or -1. A subscription item changed twice, removed
 * twice or both changed and removed, or one coupon given twice, is a contradiction to point at, not to guess.
 */
function firstRepeat<T>(values: readonly T[], key: (value: T) => string, seen = new Set<string>()): number {
  for (const [i, value] of values.entries()) {
    const k = key(value);
    if (seen.has(k)) return i;
    seen.add(k);
  }
  return -1;
}

type Raw = RawInput;

function checkCounts(raw: Raw): void {
  const changes = (raw.addItems ?? []).length + (raw.changeItems ?? []).length + (raw.removeItems ?? []).length;
  if (changes > MAX_SUBSCRIPTION_ITEMS) {
    throw badInput(`at most ${MAX_SUBSCRIPTION_ITEMS} subscription items can change in one preview`, ['input', 'addItems']);
  }
  if ((raw.invoiceItems ?? []).length > MAX_INVOICE_ITEMS) {
    throw badInput(`at most ${MAX_INVOICE_ITEMS} invoice items`, ['input', 'invoiceItems']);
  }
}

function checkCurrency(value: string | null | undefined, field: (string | number)[], message: string): string | null {
  if (value == null) return null;
  const currency = normalizeCurrency(value);
  if (!currency) throw badInput(message, field);
  return currency;
}

function checkItemRepeats(changeItems: NonNullable<Raw['changeItems']>, removeItems: readonly string[]): void {
  const changed = new Set<string>();
  let repeat = firstRepeat(changeItems, (item) => item.item, changed);
  if (repeat >= 0) {
    const field = ['input', 'changeItems', repeat, 'item'];
    throw badInput(`subscription item ${changeItems[repeat]!.item} is changed twice: give one change per item`, field);
  }
  repeat = firstRepeat(removeItems, (item) => item);
  if (repeat >= 0) throw badInput(`subscription item ${removeItems[repeat]} is removed twice`, ['input', 'removeItems', repeat]);
  repeat = removeItems.findIndex((item) => changed.has(item));
  if (repeat >= 0) throw badInput(`subscription item ${removeItems[repeat]} is both changed and removed`, ['input', 'removeItems', repeat]);
}

function checkDiscounts(discounts: NonNullable<Raw['discounts']>): void {
  discounts.forEach((discount, i) => {
    if ((discount.coupon == null) === (discount.promotionCode == null)) {
      throw badInput('a discount names exactly one of `coupon` or `promotionCode`', ['input', 'discounts', i]);
    }
  });
  const repeat = firstRepeat(discounts, (discount) =>
    discount.coupon != null ? `coupon:${discount.coupon}` : `promotion:${discount.promotionCode}`,
  );
  if (repeat >= 0) throw badInput('this discount is given twice: each applies once', ['input', 'discounts', repeat]);
}

function toInvoiceItem(item: NonNullable<Raw['invoiceItems']>[number], i: number): PreviewInvoiceInput['invoiceItems'][number] {
  if ((item.price == null) === (item.amount == null)) {
    throw badInput('an invoice item has either a `price` or an `amount`', ['input', 'invoiceItems', i]);
  }
  return {
    price: item.price ?? null,
    amount: item.amount ?? null,
    quantity: checkQuantity(item.quantity, ['input', 'invoiceItems', i, 'quantity']),
    description: item.description ?? null,
    currency: checkCurrency(item.currency, ['input', 'invoiceItems', i, 'currency'], 'not an ISO-4217 code'),
  };
}

/** GraphQL input -> domain input, with the checks every provider needs (in this order: the first failing one is reported). */
export function toDomainInput(raw: Raw, target: { provider: PreviewInvoiceInput['provider']; customer: string }): PreviewInvoiceInput {
  checkCounts(raw);
  const currency = checkCurrency(raw.currency, ['input', 'currency'], '`currency` must be a three-letter ISO-4217 code');
  const removeItems = raw.removeItems ?? [];
  checkItemRepeats(raw.changeItems ?? [], removeItems);
  const discounts = raw.discounts ?? [];
  checkDiscounts(discounts);
  if (raw.periodStart && raw.periodEnd && raw.periodStart >= raw.periodEnd) {
    throw badInput('`periodStart` must be before `periodEnd`', ['input', 'periodStart']);
  }
  return {
    provider: target.provider,
    customer: target.customer,
    subscription: raw.subscription ?? null,
    addItems: (raw.addItems ?? []).map((item, i) => ({
      price: item.price,
      quantity: checkQuantity(item.quantity, ['input', 'addItems', i, 'quantity']),
    })),
    changeItems: (raw.changeItems ?? []).map((item, i) => ({
      item: item.item,
      quantity: checkQuantity(item.quantity, ['input', 'changeItems', i, 'quantity']),
      price: item.price ?? null,
    })),
    removeItems,
    invoiceItems: (raw.invoiceItems ?? []).map(toInvoiceItem),
    discounts: discounts.map((discount) => ({ coupon: discount.coupon ?? null, promotionCode: discount.promotionCode ?? null })),
    prorationDate: raw.prorationDate ?? null,
    prorationBehavior: raw.prorationBehavior ?? null,
    currency,
    periodStart: raw.periodStart ?? null,
    periodEnd: raw.periodEnd ?? null,
    hideZeroCharges: raw.hideZeroCharges ?? null,
  };
}
