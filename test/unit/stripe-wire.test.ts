import { describe, expect, it } from 'vitest';
import { BillingError } from '../../src/domain/errors.js';
import { parseLosslessJson } from '../../src/http/lossless-json.js';
import { WireReader } from '../../src/http/wire-reader.js';
import { mapLine, toMinorUnits } from '../../src/providers/stripe/map.js';
import { amountString, minorUnitsOf } from '../../src/domain/money.js';
import { Decimal } from '../../src/domain/decimal.js';
import { readLine } from '../../src/providers/stripe/wire.js';

const line = (period: string) =>
  WireReader.root(
    'stripe',
    parseLosslessJson(`{"id": "il_1", "amount": 1050, "currency": "usd", "description": null, "period": ${period}, "quantity": 1}`),
  );

describe('Stripe wire timestamps', () => {
  it('maps Unix seconds to exact dates', () => {
    const mapped = mapLine(readLine(line('{"start": 1767225600, "end": 1769904000}')));
    expect(mapped.periodStart?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(mapped.periodEnd?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

  it('refuses a timestamp no Date can hold (UPSTREAM_BAD_RESPONSE naming it), instead of an Invalid Date that crashes serialisation', () => {
    let caught: unknown;
    try {
      mapLine(readLine(line('{"start": 1767225600, "end": 99999999999999999999}')));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BillingError);
    expect((caught as BillingError).code).toBe('UPSTREAM_BAD_RESPONSE');
    expect((caught as BillingError).message).toContain('period.end');
  });
});

describe("Stripe's own currency exponents", () => {
  const priced = (currency: string, amount: number, unitAmountDecimal: string) =>
    mapLine(
      readLine(
        WireReader.root(
          'stripe',
          parseLosslessJson(
            `{"id": "il_1", "amount": ${amount}, "currency": "${currency}", "description": null, "period": {"start": 1767225600, "end": 1769904000}, "quantity": 1, "pricing": {"type": "price_details", "unit_amount_decimal": "${unitAmountDecimal}"}}`,
          ),
        ),
      ),
    );

  it('ISK is two-decimal at Stripe ("5 ISK is 500"), though ISO gives it none', () => {
    const line = priced('isk', 500, '500');
    expect(amountString(line.amount)).toBe('5');
    expect(minorUnitsOf(line.amount)).toBe('5');
    expect(amountString(line.unitAmount!)).toBe('5');
    expect(toMinorUnits(Decimal.parse('5')!, 'ISK').integer).toBe(500n);
  });

  it('MGA is zero-decimal at Stripe, though ISO gives it two', () => {
    const line = priced('mga', 5000, '5000');
    expect(amountString(line.amount)).toBe('5000.00');
    expect(toMinorUnits(Decimal.parse('5000')!, 'MGA').integer).toBe(5000n);
  });

  it('other currencies follow ISO: JPY 0, USD 2, KWD 3', () => {
    expect(amountString(priced('jpy', 1500, '1500').amount)).toBe('1500');
    expect(amountString(priced('usd', 1050, '1050').amount)).toBe('10.50');
    expect(amountString(priced('kwd', 1250, '1250').amount)).toBe('1.250');
  });
});

describe('Stripe decimal quantities and unit amounts (12 decimal places)', () => {
  it('keeps quantity_decimal and unit_amount_decimal exact, and prefers quantity_decimal over the truncated quantity', () => {
    const line = mapLine(
      readLine(
        WireReader.root(
          'stripe',
          parseLosslessJson(
            '{"id": "il_1", "amount": 1, "currency": "usd", "description": null, "period": {"start": 1767225600, "end": 1769904000}, "quantity": 1, "quantity_decimal": "1.000000000001", "pricing": {"type": "price_details", "unit_amount_decimal": "0.000000000001"}}',
          ),
        ),
      ),
    );
    expect(line.quantity?.toString()).toBe('1.000000000001');
    // 0.000000000001 cents is 0.00000000000001 dollars: exact, however small.
    expect(amountString(line.unitAmount!)).toBe('0.00000000000001');
    expect(minorUnitsOf(line.unitAmount!)).toBeNull(); // finer than a cent
  });
});
