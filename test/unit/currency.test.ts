import { describe, expect, it } from 'vitest';
import { currencyExponent, normalizeCurrency } from '../../src/domain/currency.js';

describe('currency', () => {
  it('knows zero-, two-, three- and four-decimal currencies', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
    expect(currencyExponent('jpy')).toBe(0);
    // Unlisted codes take the ISO default.
    expect(currencyExponent('CHF')).toBe(2);
  });

  it('upper-cases valid codes and refuses anything else', () => {
    expect(normalizeCurrency('usd')).toBe('USD');
    expect(normalizeCurrency(' eur ')).toBe('EUR');
    expect(normalizeCurrency('JPY')).toBe('JPY');
    for (const bad of ['', 'us', 'usdd', 'u$d', '123', 'dollars']) expect(normalizeCurrency(bad), bad).toBeNull();
  });
});
