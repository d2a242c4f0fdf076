import { Decimal } from '../../domain/decimal.js';
import { CURRENT_PERIOD, type PriceSeed, type StripeAccount } from './data.js';
import type { FormTree } from './form.js';
import { roundRatio, shortHash, type LineSpec } from './invoice.js';
import { asInteger, asObject, asString, checkKeys, ITEM, StripeParamError } from './params.js';

/**
 * A preview's subscription items: the changes `subscription_details[items]` asks for, and the proration
 * lines they produce in Stripe's model (a credit for the unused time of the old item, a charge for the
 * remaining time of the new one, each rounded to a whole minor unit).
 */
export interface ItemState {
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

function formatDate(seconds: number): string {
  return new Date(seconds * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** The line a subscription item puts on the invoice; `amount` is given for prorations, else unit × quantity. */
export function itemLine(
  item: ItemState,
  subscription: string | null,
  description: string,
  period: { start: number; end: number },
  proration: boolean,
  amount?: bigint,
): LineSpec {
  return {
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
  };
}

/** A price named by an item parameter: it must exist, recur and bill in the invoice's currency. */
function itemPrice(account: StripeAccount, item: Record<string, FormTree>, param: string, currency: string): PriceSeed | null {
  const priceId = asString(item.price, `${param}[price]`);
  const price = priceId === null ? null : account.prices.get(priceId);
  if (priceId !== null && !price) throw new StripeParamError(`No such price: '${priceId}'`, `${param}[price]`, 'resource_missing');
  if (price && !price.recurring)
    throw new StripeParamError(`The price ${price.id} is not recurring and cannot be a subscription item`, `${param}[price]`);
  if (price && price.currency !== currency)
    throw new StripeParamError(`The price ${price.id} is in ${price.currency}, the invoice in ${currency}`, `${param}[price]`);
  return price ?? null;
}

/** The subscription's items after the requested changes: existing ones updated or deleted by id, new ones added. */
export function applyItemChanges(
  account: StripeAccount,
  current: ItemState[],
  itemParams: FormTree[],
  currency: string,
  owner: string,
): ItemState[] {
  let next: ItemState[] = current.map((item) => ({ ...item }));
  itemParams.forEach((raw, i) => {
    const param = `subscription_details[items][${i}]`;
    const item = asObject(raw, param) ?? {};
    checkKeys(item, ITEM, param);
    const price = itemPrice(account, item, param, currency);
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
      next.push({ id: `si_${shortHash(`${owner}/new/${i}/${price.id}`)}`, price, quantity: quantity ?? 1n });
    }
  });
  return next;
}

/** A credit for each changed item's unused time and a charge for its replacement's remaining time. */
export function prorationLines(current: ItemState[], next: ItemState[], subscription: string, prorationDate: number): LineSpec[] {
  const lines: LineSpec[] = [];
  const remaining = { start: prorationDate, end: CURRENT_PERIOD.end };
  const when = formatDate(prorationDate);
  for (const id of new Set([...current, ...next].map((item) => item.id))) {
    const before = current.find((item) => item.id === id);
    const after = next.find((item) => item.id === id);
    if (before && after && before.price.id === after.price.id && before.quantity === after.quantity) continue;
    if (before) {
      const description = `Unused time on ${before.quantity} × ${before.price.productName} after ${when}`;
      lines.push(itemLine(before, subscription, description, remaining, true, prorated(before, prorationDate, -1n)));
    }
    if (after) {
      const description = `Remaining time on ${after.quantity} × ${after.price.productName} after ${when}`;
      lines.push(itemLine(after, subscription, description, remaining, true, prorated(after, prorationDate, 1n)));
    }
  }
  return lines;
}
