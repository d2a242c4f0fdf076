import { Decimal } from '../../domain/decimal.js';
import { discountId, NOW, type StripeAccount } from './data.js';
import type { FormTree } from './form.js';
import { shortHash, type CouponSeed, type LineSpec } from './invoice.js';
import { asArray, asDecimal, asInteger, asObject, asString, checkKeys, INVOICE_ITEM, StripeParamError, type Tree } from './params.js';

/** A preview's one-off invoice items (`invoice_items`) and discounts (`discounts`), checked as Stripe checks them. */

/** An integer parameter as a Decimal, or null when absent. */
function integerDecimal(value: FormTree | undefined, param: string): Decimal | null {
  const integer = asInteger(value, param);
  return integer === null ? null : Decimal.fromInteger(integer);
}

function oneOffLine(account: StripeAccount, raw: FormTree, i: number, currency: string, customer: string): LineSpec {
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
    integerDecimal(item.quantity, `${param}[quantity]`) ??
    Decimal.fromInteger(1n);
  const amount = asInteger(item.amount, `${param}[amount]`);
  const unit =
    price?.unitAmount ??
    asDecimal(item.unit_amount_decimal, `${param}[unit_amount_decimal]`) ??
    integerDecimal(item.unit_amount, `${param}[unit_amount]`);
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
    invoiceItem: `ii_tmp_${shortHash(`${customer}/${i}/${JSON.stringify(item)}`, 20)}`,
  };
}

export function oneOffLines(account: StripeAccount, invoiceItemParams: FormTree[], currency: string, customer: string): LineSpec[] {
  return invoiceItemParams.map((raw, i) => oneOffLine(account, raw, i, currency, customer));
}

function discountCoupon(account: StripeAccount, discount: Tree, param: string): CouponSeed {
  const couponId = asString(discount.coupon, `${param}[coupon]`);
  const promotionId = asString(discount.promotion_code, `${param}[promotion_code]`);
  if (couponId !== null) {
    const coupon = account.coupons.get(couponId);
    if (!coupon) throw new StripeParamError(`No such coupon: '${couponId}'`, `${param}[coupon]`, 'resource_missing');
    return coupon;
  }
  if (promotionId !== null) {
    const coupon = account.promotionCodes.get(promotionId)?.coupon;
    if (!coupon) throw new StripeParamError(`No such promotion code: '${promotionId}'`, `${param}[promotion_code]`, 'resource_missing');
    return coupon;
  }
  throw new StripeParamError('A discount needs a `coupon`, `promotion_code` or `discount`', `${param}[coupon]`, 'parameter_missing');
}

/** The discounts asked for, replacing the subscription's own; absent = the subscription's (none without one). */
export function previewDiscounts(
  account: StripeAccount,
  params: Tree,
  inherited: { id: string; coupon: CouponSeed }[],
  currency: string,
  owner: string,
): { id: string; coupon: CouponSeed }[] {
  if (params.discounts === undefined) return inherited;
  return asArray(params.discounts, 'discounts').map((raw, i) => {
    const param = `discounts[${i}]`;
    const discount = asObject(raw, param) ?? {};
    checkKeys(discount, new Set(['coupon', 'promotion_code', 'discount']), param);
    const coupon = discountCoupon(account, discount, param);
    if (coupon.currency !== null && coupon.currency !== currency) {
      throw new StripeParamError(`The coupon ${coupon.id} is in ${coupon.currency}, the invoice in ${currency}`, `${param}[coupon]`);
    }
    return { id: discountId(owner, coupon.id), coupon };
  });
}
