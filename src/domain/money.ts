import { currencyExponent } from './currency.js';
import { Decimal } from './decimal.js';

/** An exact amount in an ISO-4217 currency (upper case). Never a JS number. */
export interface Money {
  readonly amount: Decimal;
  readonly currency: string;
}

export function money(amount: Decimal, currency: string): Money {
  return { amount, currency };
}

/** From an integer count of the currency's minor units (Stripe, Cloudflare by default). */
export function moneyFromMinorUnits(units: bigint, currency: string): Money {
  return { amount: Decimal.fromMinorUnits(units, currencyExponent(currency)), currency };
}

/** The amount as a string of minor units ("1050" for 10.50 USD), or null if it has sub-minor digits. */
export function minorUnitsOf(value: Money): string | null {
  return value.amount.toUnits(currencyExponent(value.currency))?.toString() ?? null;
}

/** The amount with at least the currency's number of decimal places, as a Decimal: 10.5 USD -> 10.50. */
export function amountAtMinorScale(value: Money): Decimal {
  return value.amount.withMinScale(currencyExponent(value.currency));
}

/** The amount with at least the currency's number of decimal places: 10.5 USD -> "10.50". */
export function amountString(value: Money): string {
  return value.amount.toFixedString(currencyExponent(value.currency));
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new RangeError(`cannot add ${a.currency} to ${b.currency}`);
  return { amount: a.amount.add(b.amount), currency: a.currency };
}

export function subtractMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new RangeError(`cannot subtract ${b.currency} from ${a.currency}`);
  return { amount: a.amount.sub(b.amount), currency: a.currency };
}

/** How many decimal places `formatted` shows: the currency's minor unit (the default), or every digit. */
export const MONEY_PRECISIONS = ['MINOR_UNIT', 'FULL'] as const;
export type MoneyPrecision = (typeof MONEY_PRECISIONS)[number];

/** Intl.NumberFormat's limit on fraction digits in Node 20 (newer engines allow 100). */
const MAX_FRACTION_DIGITS = 20;

/**
 * Localised display string. The amount is rounded here, exactly and half-even (Decimal.roundHalfEven), to
 * the currency's minor unit or, for FULL, to every digit it has (at most 20 places); Intl.NumberFormat then
 * only adds symbol and separators: it formats decimal strings exactly and is given exactly that many places.
 */
export function formatMoney(value: Money, locale = 'en-US', precision: MoneyPrecision = 'MINOR_UNIT'): string {
  const exponent = currencyExponent(value.currency);
  const everyDigit = Math.min(Math.max(exponent, value.amount.normalize().scale), MAX_FRACTION_DIGITS);
  // FULL drops the zeros rounding leaves at the end (0.12345678901234567890 -> ...789), never the minor unit's.
  const shown = precision === 'FULL' ? value.amount.roundHalfEven(everyDigit).normalize() : value.amount.roundHalfEven(exponent);
  const places = Math.max(exponent, shown.scale);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: value.currency,
    minimumFractionDigits: places,
    maximumFractionDigits: places,
  });
  // The string overload is exact; TS's lib types only declare number | bigint.
  return format.format(shown.toString() as unknown as number);
}
