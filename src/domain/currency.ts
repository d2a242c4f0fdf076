/**
 * ISO-4217 minor-unit exponents: how many decimal places one currency unit has.
 * The one table every adapter converts minor units through (docs/ARCHITECTURE.md section 4).
 * Currencies not listed have 2, the ISO default for the vast majority.
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  // zero-decimal
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // three-decimal
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // four-decimal
  CLF: 4,
  UYW: 4,
};

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Upper-cases and checks a currency code; upstreams send "usd", we answer "USD". */
export function normalizeCurrency(code: string): string | null {
  const upper = code.trim().toUpperCase();
  return CURRENCY_CODE.test(upper) ? upper : null;
}

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}
