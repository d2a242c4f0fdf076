import { describe, expect, it } from 'vitest';
import { BillingError } from '../../src/domain/errors.js';
import { parseLosslessJson } from '../../src/http/lossless-json.js';
import { WireReader } from '../../src/http/wire-reader.js';

const details = { upstreamStatus: 200, upstreamRequestId: 'ray-1' };
const reader = (json: string) => WireReader.root('cloudflare', parseLosslessJson(json), details);

function failure(run: () => unknown): BillingError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BillingError);
    expect((error as BillingError).code).toBe('UPSTREAM_BAD_RESPONSE');
    return error as BillingError;
  }
  throw new Error('expected UPSTREAM_BAD_RESPONSE, nothing was thrown');
}

describe('WireReader', () => {
  const body = reader(
    '{"result": {"invoices": [{"amount_due": 100}, {"amount_due": "twelve", "n": 1.5, "big": 9007199254740993, "neg": -1, "s": "x", "b": true, "nul": null, "arr": 1, "quoted": "12.50"}], "status": "pending"}}',
  );
  const second = () =>
    body
      .at('result')
      .at('invoices')
      .asArray((item) => item)[1]!;

  it('reads valid fields exactly', () => {
    expect(body.at('result').array('invoices', (i) => i.has('n'))).toEqual([false, true]);
    expect(
      body
        .at('result')
        .at('invoices')
        .asArray((i) => i)[0]!
        .number('amount_due')
        .toString(),
    ).toBe('100');
    expect(second().integer('big')).toBe(9007199254740993n);
    expect(second().string('s')).toBe('x');
    expect(second().boolean('b')).toBe(true);
    expect(second().nullableString('nul')).toBeNull();
    expect(second().nullableString('absent')).toBeNull();
    expect(second().has('nul')).toBe(false);
    expect(second().has('s')).toBe(true);
    expect(second().at('nul').isNull()).toBe(true);
    expect(second().number('n').toString()).toBe('1.5');
    expect(second().at('quoted').asDecimalString().toString()).toBe('12.50');
  });

  it('keeps numbers and decimal strings apart: each is a broken contract where the other is expected', () => {
    expect(failure(() => second().number('quoted')).message).toContain(
      'result.invoices[1].quoted: expected a number, got the string "12.50"',
    );
    expect(failure(() => second().integer('quoted')).message).toContain('expected a number, got the string "12.50"');
    expect(failure(() => second().at('n').asDecimalString()).message).toContain('expected a decimal string, got the number 1.5');
    expect(failure(() => second().at('s').asDecimalString()).message).toContain('expected a decimal string, got the string "x"');
  });

  it('names the exact path of a broken field, with the upstream details', () => {
    const error = failure(() => second().number('amount_due'));
    expect(error.message).toBe(
      'cloudflare response broke its contract at result.invoices[1].amount_due: expected a number, got the string "twelve"',
    );
    expect(error.details).toMatchObject({ provider: 'cloudflare', upstreamStatus: 200, upstreamRequestId: 'ray-1' });
  });

  it('fails for a missing required field, wrong kinds, non-integers, negative or unsafe counts, unknown enums', () => {
    expect(failure(() => second().at('missing')).message).toContain('result.invoices[1].missing: required field is missing');
    expect(failure(() => second().string('b')).message).toContain('expected a string, got true');
    expect(failure(() => second().boolean('s')).message).toContain('expected a boolean, got the string "x"');
    expect(failure(() => second().integer('n')).message).toContain('result.invoices[1].n: expected an integer, got the number 1.5');
    expect(failure(() => second().at('neg').asCount()).message).toContain('expected a non-negative count, got -1');
    expect(failure(() => second().at('big').asCount()).message).toContain('expected a non-negative count');
    expect(failure(() => second().array('arr', (x) => x)).message).toContain('result.invoices[1].arr: expected an array, got the number 1');
    expect(failure(() => body.at('result').at('status').asEnum(['draft', 'open'])).message).toContain(
      'expected one of draft, open, got "pending"',
    );
    expect(failure(() => second().at('s').at('x')).message).toContain('result.invoices[1].s: expected an object, got the string "x"');
    expect(failure(() => second().at('nul').asNumber()).message).toContain('expected a number, got null');
    expect(failure(() => reader('[1]').at('result')).message).toContain('at $: expected an object, got an array');
    expect(failure(() => body.fail('custom problem', 'success')).message).toContain('at success: custom problem');
  });

  it('shortens long strings in messages so no raw body leaks', () => {
    const long = reader(`{"a": "${'z'.repeat(500)}"}`);
    const error = failure(() => long.at('a').asBoolean());
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toContain('...');
  });
});
