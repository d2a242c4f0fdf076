import { describe, expect, it } from 'vitest';
import { BillingError } from '../../src/domain/errors.js';
import { parseLosslessJson } from '../../src/http/lossless-json.js';
import { WireReader } from '../../src/http/wire-reader.js';
import { mapLine } from '../../src/providers/stripe/map.js';
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
