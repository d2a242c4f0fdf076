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

  it('formats without a float round trip: large amounts and sub-cent digits stay exact', () => {
    expect(formatMoney(money(Decimal.parse('90071992547409.93'), 'USD'))).toBe('$90,071,992,547,409.93');
    expect(formatMoney(money(Decimal.parse('0.000011'), 'USD'))).toBe('$0.000011');
    expect(formatMoney(money(Decimal.parse('-3.1'), 'USD'))).toBe('-$3.10');
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
