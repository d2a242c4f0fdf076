import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { addMoney, amountString, formatMoney, minorUnitsOf, money, moneyFromMinorUnits, subtractMoney } from '../../src/domain/money.js';

// Intl separates the symbol with a (narrow) no-break space in some locales; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('money', () => {
  it('builds from minor units with the currency exponent', () => {
    expect(amountString(moneyFromMinorUnits(1050n, 'USD'))).toBe('10.50');
    expect(amountString(moneyFromMinorUnits(1500n, 'JPY'))).toBe('1500');
    expect(amountString(moneyFromMinorUnits(1250n, 'KWD'))).toBe('1.250');
    expect(amountString(moneyFromMinorUnits(9007199254740993n, 'USD'))).toBe('90071992547409.93');
  });

  it('gives minor units as an exact string, or null with sub-minor digits', () => {
    expect(minorUnitsOf(money(Decimal.parse('10.5'), 'USD'))).toBe('1050');
    expect(minorUnitsOf(money(Decimal.parse('1500'), 'JPY'))).toBe('1500');
    expect(minorUnitsOf(money(Decimal.parse('1.25'), 'KWD'))).toBe('1250');
    expect(minorUnitsOf(money(Decimal.parse('90071992547409.93'), 'USD'))).toBe('9007199254740993');
    expect(minorUnitsOf(money(Decimal.parse('0.000011'), 'USD'))).toBeNull();
    expect(minorUnitsOf(money(Decimal.parse('1.5'), 'JPY'))).toBeNull();
  });

  it('keeps at least the currency places and every extra digit in amountString', () => {
    expect(amountString(money(Decimal.parse('10'), 'USD'))).toBe('10.00');
    expect(amountString(money(Decimal.parse('0.000011'), 'USD'))).toBe('0.000011');
    expect(amountString(money(Decimal.parse('1.5'), 'KWD'))).toBe('1.500');
  });

  it('formats USD, JPY, KWD and EUR (de-DE) for display', () => {
    expect(formatMoney(money(Decimal.parse('1234.5'), 'USD'))).toBe('$1,234.50');
    expect(formatMoney(money(Decimal.parse('1500'), 'JPY'))).toBe('¥1,500');
    expect(plain(formatMoney(money(Decimal.parse('1.25'), 'KWD')))).toBe('KWD 1.250');
    expect(plain(formatMoney(money(Decimal.parse('1234.5'), 'EUR'), 'de-DE'))).toBe('1.234,50 €');
  });

  it('formats without a float round trip: large amounts stay exact, sub-cent digits only with FULL', () => {
    expect(formatMoney(money(Decimal.parse('90071992547409.93'), 'USD'))).toBe('$90,071,992,547,409.93');
    // Was "$0.000011" by default before 0.2.0 (CHANGELOG.md): the default now rounds to the minor unit.
    expect(formatMoney(money(Decimal.parse('0.000011'), 'USD'))).toBe('$0.00');
    expect(formatMoney(money(Decimal.parse('0.000011'), 'USD'), 'en-US', 'FULL')).toBe('$0.000011');
    expect(formatMoney(money(Decimal.parse('-3.1'), 'USD'))).toBe('-$3.10');
  });

  it.each([
    // [amount, currency, MINOR_UNIT, FULL]: ties go to the even neighbour, on both sides of zero
    ['0.125', 'USD', '$0.12', '$0.125'],
    ['0.135', 'USD', '$0.14', '$0.135'],
    ['0.1250001', 'USD', '$0.13', '$0.1250001'],
    ['-0.125', 'USD', '-$0.12', '-$0.125'],
    ['-0.135', 'USD', '-$0.14', '-$0.135'],
    ['-0.001', 'USD', '$0.00', '-$0.001'],
    ['109.060178723999340085', 'USD', '$109.06', '$109.060178723999340085'],
    ['999.995', 'USD', '$1,000.00', '$999.995'],
    ['1500.5', 'JPY', '¥1,500', '¥1,500.5'],
    ['1501.5', 'JPY', '¥1,502', '¥1,501.5'],
    ['-2.5', 'JPY', '-¥2', '-¥2.5'],
    ['1.2345', 'KWD', 'KWD 1.234', 'KWD 1.2345'],
    ['1.2355', 'KWD', 'KWD 1.236', 'KWD 1.2355'],
    ['1.5', 'KWD', 'KWD 1.500', 'KWD 1.500'],
  ])('formats %s %s as %s by default and %s in full', (amount, currency, minorUnit, full) => {
    const value = money(Decimal.parse(amount), currency);
    expect(plain(formatMoney(value))).toBe(minorUnit);
    expect(plain(formatMoney(value, 'en-US', 'MINOR_UNIT'))).toBe(minorUnit);
    expect(plain(formatMoney(value, 'en-US', 'FULL'))).toBe(full);
    expect(amountString(value)).toBe(Decimal.parse(amount).toFixedString(currency === 'JPY' ? 0 : currency === 'KWD' ? 3 : 2)); // amount untouched
  });

  it('shows at most 20 places in full, rounding half-even beyond', () => {
    expect(formatMoney(money(Decimal.parse('0.0000000000000000000250'), 'USD'), 'en-US', 'FULL')).toBe('$0.00000000000000000002');
    expect(formatMoney(money(Decimal.parse('0.0000000000000000000350'), 'USD'), 'en-US', 'FULL')).toBe('$0.00000000000000000004');
  });

  it('refuses an invalid locale (the schema turns this into BAD_USER_INPUT)', () => {
    expect(() => formatMoney(money(Decimal.parse('1'), 'USD'), 'not a locale!!')).toThrow(RangeError);
  });

  it('adds and subtracts only within one currency', () => {
    const a = money(Decimal.parse('0.1'), 'USD');
    const b = money(Decimal.parse('0.2'), 'USD');
    expect(addMoney(a, b).amount.toString()).toBe('0.3');
    expect(subtractMoney(b, a).amount.toString()).toBe('0.1');
    expect(() => addMoney(a, money(Decimal.parse('1'), 'EUR'))).toThrow(/cannot add/);
    expect(() => subtractMoney(a, money(Decimal.parse('1'), 'EUR'))).toThrow(/cannot subtract/);
  });
});
