import { currencyExponent } from '../../domain/currency.js';

/**
 * Where Stripe's integer amounts differ from ISO 4217 minor units (docs/UPSTREAMS.md 2.4; Stripe's currency docs):
 * ISK has no minor unit in ISO, but Stripe keeps it two-decimal for backwards compatibility ("5 ISK is
 * 500"); MGA has two in ISO, but is on Stripe's zero-decimal list. Everything else follows the ISO table.
 */
const STRIPE_EXPONENTS: Readonly<Record<string, number>> = { ISK: 2, MGA: 0 };

/** How many decimal places Stripe's integer amounts in `currency` carry. */
export function stripeExponent(currency: string): number {
  return STRIPE_EXPONENTS[currency.toUpperCase()] ?? currencyExponent(currency);
}
