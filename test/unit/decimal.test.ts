import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';

describe('Decimal', () => {
  it('parses plain, signed, fractional and exponent notation exactly', () => {
    expect(Decimal.parse('12').toString()).toBe('12');
    expect(Decimal.parse('-0.50').toString()).toBe('-0.50');
    expect(Decimal.parse('+7.25').toString()).toBe('7.25');
    expect(Decimal.parse('1e-3').toString()).toBe('0.001');
    expect(Decimal.parse('1.5E+3').toString()).toBe('1500');
    expect(Decimal.parse(' 42 ').toString()).toBe('42');
    expect(Decimal.parse('9007199254740993').toString()).toBe('9007199254740993');
    expect(Decimal.parse('12345678901234567.89').toString()).toBe('12345678901234567.89');
  });

  it('refuses what is not a decimal', () => {
    for (const bad of ['', 'abc', '1.2.3', '1,5', '0x10', 'NaN', 'Infinity', '.5', '5.', '1e', '--1', '1e100000']) {
      expect(Decimal.tryParse(bad), bad).toBeNull();
    }
    expect(() => Decimal.parse('twelve')).toThrow(RangeError);
  });

  it('adds 0.1 + 0.2 to exactly 0.3 (a float gives 0.30000000000000004)', () => {
    const sum = Decimal.parse('0.1').add(Decimal.parse('0.2'));
    expect(sum.toString()).toBe('0.3');
    expect(sum.equals(Decimal.parse('0.3'))).toBe(true);
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it('adds mixed scales and beyond 2^53 exactly', () => {
    expect(Decimal.parse('1.005').add(Decimal.parse('2')).toString()).toBe('3.005');
    expect(Decimal.parse('9007199254740992').add(Decimal.parse('1')).toString()).toBe('9007199254740993');
    expect(Decimal.parse('1').sub(Decimal.parse('0.01')).toString()).toBe('0.99');
    expect(Decimal.parse('-1.5').add(Decimal.parse('1.5')).isZero()).toBe(true);
  });

  it('moves the decimal point exactly both ways', () => {
    expect(Decimal.fromInteger(1234n).movePoint(-2).toString()).toBe('12.34');
    expect(Decimal.parse('12.34').movePoint(2).toString()).toBe('1234.00');
    expect(Decimal.parse('12.34').movePoint(2).equals(Decimal.parse('1234'))).toBe(true);
    expect(Decimal.parse('0.0011').movePoint(-2).toString()).toBe('0.000011');
    expect(Decimal.parse('9007199254740993').movePoint(-2).toString()).toBe('90071992547409.93');
    expect(Decimal.parse('5').movePoint(0).toString()).toBe('5');
  });

  it('converts to whole units only when no finer digits exist', () => {
    expect(Decimal.parse('12.34').toUnits(2)).toBe(1234n);
    expect(Decimal.parse('12.3').toUnits(2)).toBe(1230n);
    expect(Decimal.parse('12.3400').toUnits(2)).toBe(1234n);
    expect(Decimal.parse('1.005').toUnits(2)).toBeNull();
    expect(Decimal.parse('1500').toUnits(0)).toBe(1500n);
    expect(Decimal.parse('-0.01').toUnits(2)).toBe(-1n);
    expect(Decimal.parse('1.25').toUnits(3)).toBe(1250n);
  });

  it('prints fixed notation with a minimum scale, never exponent notation', () => {
    expect(Decimal.parse('10.5').toFixedString(2)).toBe('10.50');
    expect(Decimal.parse('10.555').toFixedString(2)).toBe('10.555');
    expect(Decimal.parse('1e-7').toFixedString()).toBe('0.0000001');
    expect(Decimal.parse('1e21').toFixedString()).toBe('1000000000000000000000');
    expect(Decimal.parse('-0.05').toFixedString(2)).toBe('-0.05');
    expect(Decimal.parse('-5').toFixedString(2)).toBe('-5.00');
    expect(Decimal.parse('0').toFixedString(3)).toBe('0.000');
    expect(JSON.stringify({ v: Decimal.parse('1.10') })).toBe('{"v":"1.10"}');
  });

  it('compares, normalises and multiplies exactly', () => {
    expect(Decimal.parse('1.10').compare(Decimal.parse('1.1'))).toBe(0);
    expect(Decimal.parse('1.09').compare(Decimal.parse('1.1'))).toBe(-1);
    expect(Decimal.parse('-1').compare(Decimal.parse('-2'))).toBe(1);
    expect(Decimal.parse('1.2500').normalize().toString()).toBe('1.25');
    expect(Decimal.parse('3.00').normalize().toString()).toBe('3');
    expect(Decimal.parse('1234567').mul(Decimal.parse('0.0011')).toString()).toBe('1358.0237');
  });

  it.each([
    ['0.125', 2, '0.12'],
    ['0.135', 2, '0.14'],
    ['0.145', 2, '0.14'],
    ['0.1251', 2, '0.13'],
    ['0.1249999', 2, '0.12'],
    ['-0.125', 2, '-0.12'],
    ['-0.135', 2, '-0.14'],
    ['-0.1251', 2, '-0.13'],
    ['-0.004', 2, '0.00'],
    ['2.5', 0, '2'],
    ['3.5', 0, '4'],
    ['1.2345', 3, '1.234'],
    ['1.2355', 3, '1.236'],
    ['1.5', 3, '1.500'],
    ['99999999999999999999999.995', 2, '100000000000000000000000.00'],
  ])('rounds %s half-even to %i places: %s', (text, places, expected) => {
    expect(Decimal.parse(text).roundHalfEven(places).toString()).toBe(expected);
  });

  it('normalises zero, of any scale, to 0 (and ends)', () => {
    expect(Decimal.parse('0.000').normalize().toString()).toBe('0');
    expect(Decimal.parse('0').normalize().toString()).toBe('0');
    expect(Decimal.parse('-0.00').normalize().toString()).toBe('0');
    expect(Decimal.parse('100').normalize().toString()).toBe('100');
    expect(Decimal.parse('10.10').normalize().toString()).toBe('10.1');
    expect(Decimal.parse('0.05').normalize().scale).toBe(2);
  });

  it('isZero and isNegative answer both ways', () => {
    expect(Decimal.parse('0.00').isZero()).toBe(true);
    expect(Decimal.parse('-0').isZero()).toBe(true);
    expect(Decimal.parse('0.01').isZero()).toBe(false);
    expect(Decimal.parse('-0.01').isZero()).toBe(false);
    expect(Decimal.parse('-0.01').isNegative()).toBe(true);
    expect(Decimal.parse('0').isNegative()).toBe(false);
    expect(Decimal.parse('-0').isNegative()).toBe(false);
    expect(Decimal.parse('0.01').isNegative()).toBe(false);
  });

  it('equals compares values, not notation', () => {
    expect(Decimal.parse('2.50').equals(Decimal.parse('2.5'))).toBe(true);
    expect(Decimal.parse('2.51').equals(Decimal.parse('2.5'))).toBe(false);
    expect(Decimal.parse('2').compare(Decimal.parse('2.000'))).toBe(0);
    expect(Decimal.parse('-2.5').sub(Decimal.parse('0.5')).toString()).toBe('-3.0');
  });

  it('withMinScale pads without rounding; normalize drops trailing zeros and keeps a value already normal', () => {
    expect(Decimal.parse('10.5').withMinScale(2).toString()).toBe('10.50');
    expect(Decimal.parse('-3').withMinScale(3).toString()).toBe('-3.000');
    expect(Decimal.parse('1.23456').withMinScale(2).toString()).toBe('1.23456');
    expect(Decimal.parse('0.000').normalize()).toMatchObject({ coefficient: 0n, scale: 0 });
    expect(Decimal.parse('-12.500').normalize()).toMatchObject({ coefficient: -125n, scale: 1 });
    const normal = Decimal.parse('12.05');
    expect(normal.normalize()).toBe(normal);
    expect(Decimal.fromMinorUnits(1200n, 0).normalize().toString()).toBe('1200');
  });
});
