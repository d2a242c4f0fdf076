import { normalizeCurrency } from '../../domain/currency.js';
import { AmbiguousSubscriptionError, badInput } from '../../domain/errors.js';
import type { PreviewInvoiceInput } from '../../domain/preview.js';
import type { ProviderCall } from '../provider.js';
import type { FieldOf } from './client.js';
import type { FormValue } from './form.js';
import { toMinorUnits } from './map.js';
import { checkChargeAmount, wholeQuantity } from './preview-checks.js';
import type { StripeReads } from './reads.js';

/** Stripe `param` -> the input field it came from, filled as the params are built. */
type Fields = Map<string, (string | number)[]>;

/**
 * The subscription to preview. Without `subscription`, the customer's one active subscription (as for
 * upcomingInvoice); with none, items start a new one. Several are a choice to make, unless only one-off
 * invoice items are previewed: those need no subscription.
 */
async function subscriptionToPreview(reads: StripeReads, call: ProviderCall, input: PreviewInvoiceInput): Promise<string | null> {
  // A named subscription must be the customer's, or it reads as one that does not exist (reads.ts).
  if (input.subscription !== null) return reads.customersSubscription(call, input.customer, input.subscription);
  const needsSubscription = input.changeItems.length > 0 || input.removeItems.length > 0 || input.prorationDate !== null;
  const onlyInvoiceItems = input.invoiceItems.length > 0 && input.addItems.length === 0 && !needsSubscription;
  let subscription: string | null = null;
  try {
    subscription = await reads.onlySubscription(call, input.customer, ['input', 'subscription']);
  } catch (error) {
    if (!(onlyInvoiceItems && error instanceof AmbiguousSubscriptionError)) throw error;
  }
  if (subscription === null && (needsSubscription || (input.addItems.length === 0 && input.invoiceItems.length === 0))) {
    throw badInput(`customer ${input.customer} has no active subscription: add items to start one, or add invoice items`, [
      'input',
      'subscription',
    ]);
  }
  return subscription;
}

/** subscription_details[items]: items added, changed and removed, in that order. */
function subscriptionItems(input: PreviewInvoiceInput, fields: Fields): FormValue[] {
  const items: FormValue[] = [];
  const itemField = (path: (string | number)[], names: Record<string, string>) => {
    const index = items.length;
    fields.set(`subscription_details[items][${index}]`, path);
    for (const [stripe, ours] of Object.entries(names)) fields.set(`subscription_details[items][${index}][${stripe}]`, [...path, ours]);
  };
  input.addItems.forEach((add, i) => {
    itemField(['input', 'addItems', i], { price: 'price', quantity: 'quantity' });
    items.push({ price: add.price, quantity: wholeQuantity(add.quantity, ['input', 'addItems', i, 'quantity']) });
  });
  input.changeItems.forEach((change, i) => {
    itemField(['input', 'changeItems', i], { id: 'item', price: 'price', quantity: 'quantity' });
    const quantity = wholeQuantity(change.quantity, ['input', 'changeItems', i, 'quantity']);
    items.push({ id: change.item, price: change.price ?? undefined, quantity });
  });
  input.removeItems.forEach((id, i) => {
    itemField(['input', 'removeItems', i], {});
    fields.set(`subscription_details[items][${items.length}][id]`, ['input', 'removeItems', i]);
    fields.set(`subscription_details[items][${items.length}][deleted]`, ['input', 'removeItems', i]);
    items.push({ id, deleted: true });
  });
  return items;
}

const INVOICE_ITEM_FIELDS = {
  price: 'price',
  amount: 'amount',
  unit_amount_decimal: 'amount',
  quantity: 'quantity',
  quantity_decimal: 'quantity',
  description: 'description',
  currency: 'currency',
};

type OneOff = PreviewInvoiceInput['invoiceItems'][number];

/** A one-off amount as Stripe takes it: whole minor units as `amount`, anything else as an exact unit amount. */
function amountParams(one: OneOff, currency: string, quantity: Record<string, FormValue>, path: (string | number)[]) {
  const minor = toMinorUnits(one.amount as NonNullable<OneOff['amount']>, normalizeCurrency(currency) ?? currency);
  if (minor.decimal.scale > 12) throw badInput(`\`amount\` has more decimal places than Stripe takes for ${currency}`, [...path, 'amount']);
  return minor.integer !== null && one.quantity === null
    ? { amount: minor.integer.toString() }
    : { unit_amount_decimal: minor.decimal.toString(), ...quantity };
}

/** invoice_items: one-off charges; an amount without a currency takes the customer's (read once). */
async function invoiceItems(reads: StripeReads, call: ProviderCall, input: PreviewInvoiceInput, fields: Fields): Promise<FormValue[]> {
  let currencyOfCustomer: string | null = null;
  const params: FormValue[] = [];
  for (const [i, one] of input.invoiceItems.entries()) {
    const path = ['input', 'invoiceItems', i];
    for (const [stripe, ours] of Object.entries(INVOICE_ITEM_FIELDS)) fields.set(`invoice_items[${i}][${stripe}]`, [...path, ours]);
    fields.set(`invoice_items[${i}]`, path);
    const whole = one.quantity?.toUnits(0) ?? null;
    const quantity =
      one.quantity === null ? {} : whole !== null ? { quantity: whole.toString() } : { quantity_decimal: one.quantity.toString() };
    const common = { description: one.description ?? undefined, currency: one.currency?.toLowerCase() };
    if (one.price !== null) {
      params.push({ price: one.price, ...quantity, ...common });
      continue;
    }
    let currency = one.currency ?? input.currency;
    if (currency === null) {
      currencyOfCustomer ??= (await reads.customer(call, input.customer))?.currency ?? null;
      if (currencyOfCustomer === null)
        throw badInput('name the `currency` of this amount (the customer has none yet)', [...path, 'currency']);
      currency = currencyOfCustomer;
      // checkStripePreview could not check this amount without the currency; now it is known.
      checkChargeAmount(one.amount as NonNullable<OneOff['amount']>, one.quantity, currency, [...path, 'amount']);
    }
    params.push({ ...amountParams(one, currency, quantity, path), ...common });
  }
  return params;
}

/**
 * PreviewInvoiceInput -> create_preview params, and the way back from a Stripe `param` to the input
 * field it came from.
 */
export async function previewParams(
  reads: StripeReads,
  call: ProviderCall,
  input: PreviewInvoiceInput,
): Promise<{ params: Record<string, FormValue>; fieldOf: FieldOf }> {
  const fields: Fields = new Map<string, (string | number)[]>([
    ['customer', ['input', 'customer']],
    ['subscription', ['input', 'subscription']],
    ['currency', ['input', 'currency']],
    ['subscription_details[proration_date]', ['input', 'prorationDate']],
    ['subscription_details[proration_behavior]', ['input', 'prorationBehavior']],
  ]);
  const subscription = await subscriptionToPreview(reads, call, input);
  const items = subscriptionItems(input, fields);
  const oneOffs = await invoiceItems(reads, call, input, fields);
  input.discounts.forEach((_discount, i) => {
    fields.set(`discounts[${i}][coupon]`, ['input', 'discounts', i, 'coupon']);
    fields.set(`discounts[${i}][promotion_code]`, ['input', 'discounts', i, 'promotionCode']);
    fields.set(`discounts[${i}]`, ['input', 'discounts', i]);
  });

  const details: Record<string, FormValue> = {};
  if (items.length) details.items = items;
  if (input.prorationBehavior) details.proration_behavior = input.prorationBehavior.toLowerCase();
  if (input.prorationDate) details.proration_date = Math.floor(input.prorationDate.getTime() / 1000);

  const params: Record<string, FormValue> = { customer: input.customer };
  if (subscription !== null) params.subscription = subscription;
  if (input.currency) params.currency = input.currency.toLowerCase();
  if (Object.keys(details).length) params.subscription_details = details;
  if (oneOffs.length) params.invoice_items = oneOffs;
  if (input.discounts.length) {
    params.discounts = input.discounts.map((d) => (d.coupon !== null ? { coupon: d.coupon } : { promotion_code: d.promotionCode }));
  }
  const fieldOf: FieldOf = (param) => fields.get(param) ?? fields.get(param.replace(/\[[^\]]*\]$/, '')) ?? null;
  return { params, fieldOf };
}
