import { currencyExponent } from '../../domain/currency.js';
import type { Decimal } from '../../domain/decimal.js';
import { badInput, unsupported } from '../../domain/errors.js';
import { periodPreviewFields, type PreviewInvoiceInput } from '../../domain/preview.js';
import { stripeExponent } from './currency.js';

/** A subscription item quantity as Stripe takes it: a whole number (undefined when not given). */
export function wholeQuantity(quantity: Decimal | null, path: (string | number)[]): string | undefined {
  if (quantity === null) return undefined;
  const whole = quantity.toUnits(0);
  if (whole === null) throw badInput('a subscription item quantity must be a whole number', path);
  return whole.toString();
}

/**
 * A single charge (no quantity) is billed in whole units of the currency, as ISO and Stripe both count them
 * (ISK: whole krónur, though Stripe writes two decimals; MGA: whole ariary): Stripe would round a finer one.
 * With a quantity the amount is a unit price, which may be finer (Stripe's unit_amount_decimal).
 */
export function checkChargeAmount(amount: Decimal, quantity: Decimal | null, currency: string, field: (string | number)[]): void {
  if (quantity !== null) return;
  const code = currency.toUpperCase();
  if (amount.toUnits(currencyExponent(code)) === null || amount.toUnits(stripeExponent(code)) === null) {
    throw badInput(`\`amount\` is finer than ${code}'s smallest unit: give whole units, or a \`quantity\` to make it a unit price`, field);
  }
}

/** The checks of a Stripe preview that need no upstream call. */
export function checkStripePreview(input: PreviewInvoiceInput): void {
  // create_preview previews the next invoice of a subscription; it takes no billing period to choose.
  const fields = periodPreviewFields(input);
  if (fields.length > 0) {
    throw unsupported(`Stripe previews the next invoice, not a chosen billing period, so it cannot preview ${fields.join(', ')}`, {
      provider: 'stripe',
      fields,
    });
  }
  input.addItems.forEach((item, i) => wholeQuantity(item.quantity, ['input', 'addItems', i, 'quantity']));
  input.changeItems.forEach((item, i) => wholeQuantity(item.quantity, ['input', 'changeItems', i, 'quantity']));
  input.invoiceItems.forEach((item, i) => {
    // Known without asking Stripe only when the currency is given; otherwise previewParams checks it.
    const currency = item.currency ?? input.currency;
    if (item.amount !== null && currency !== null)
      checkChargeAmount(item.amount, item.quantity, currency, ['input', 'invoiceItems', i, 'amount']);
  });
}
