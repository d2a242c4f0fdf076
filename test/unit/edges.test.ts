import { describe, expect, it } from 'vitest';
import { CursorCodec } from '../../src/domain/cursor.js';
import { Decimal } from '../../src/domain/decimal.js';
import { badResponse, BillingError, notFound, unsupported } from '../../src/domain/errors.js';
import { formatMoney } from '../../src/domain/money.js';
import { compareInvoices } from '../../src/domain/preview.js';
import {
  JsonNumber,
  JsonSyntaxError,
  numberText,
  parseExactJson,
  parseLosslessJson,
  stringifyLossless,
} from '../../src/http/lossless-json.js';
import { WireReader } from '../../src/http/wire-reader.js';
import { invoice, line } from '../helpers/invoices.js';

/** The message of the error `run` throws. */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

describe('lossless JSON at its edges', () => {
  it('the exact parser keeps __proto__ a plain key, the prototype untouched', () => {
    const parsed = parseExactJson('{"__proto__": {"polluted": true}, "n": 1.5}') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__', 'n']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')).toEqual({
      value: { polluted: true },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect((parsed as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('numbers write back as their text; zero and minus zero stay apart', () => {
    expect(JSON.stringify({ a: new JsonNumber('1.50') })).toBe('{"a":1.5}');
    expect(numberText(0)).toBe('0');
    expect(numberText(-0)).toBe('-0');
    expect(numberText(12)).toBe('12');
    expect(thrown(() => parseExactJson('[')).name).toBe('JsonSyntaxError');
    expect(thrown(() => parseExactJson('['))).toBeInstanceOf(JsonSyntaxError);
  });

  it('a body holding the number mark is written exactly, dropping what JSON cannot hold', () => {
    const value = {
      a: '\u0000#x',
      f: () => 1,
      u: undefined,
      s: Symbol('s'),
      arr: [undefined, () => 1, Symbol('t'), null, 'y'],
      n: new JsonNumber('1.50'),
      d: new Date('2026-11-01T00:00:00Z'),
    };
    expect(stringifyLossless(value)).toBe('{"a":"\\u0000#x","arr":[null,null,null,null,"y"],"n":1.50,"d":"2026-11-01T00:00:00.000Z"}');
    expect(stringifyLossless({ n: new JsonNumber('12345678901234567890'), s: 'plain' })).toBe('{"n":12345678901234567890,"s":"plain"}');
    expect(stringifyLossless({ s: 'plain', t: 1 })).toBe('{"s":"plain","t":1}');
    expect(stringifyLossless(undefined)).toBe('null');
  });

  it('the native path is kept for small integers and gives the same values', () => {
    expect(parseLosslessJson('{"a": [1, 2, {"b": -3}]}')).toEqual({ a: [1, 2, { b: -3 }] });
  });
});

describe('decimal and money at their edges', () => {
  it('an exponent of up to 1,000 is read, beyond is not a decimal', () => {
    expect(Decimal.tryParse('1e1000')?.toFixedString().length).toBe(1001);
    expect(Decimal.tryParse('1e-1000')?.scale).toBe(1000);
    expect(Decimal.tryParse('1e1001')).toBeNull();
    expect(thrown(() => Decimal.parse('1,5')).message).toBe('not a decimal number: "1,5"');
    expect(thrown(() => Decimal.parse('1,5'))).toBeInstanceOf(RangeError);
  });

  it('a positive exponent on a fraction scales exactly', () => {
    expect(Decimal.parse('1.5e1').toString()).toBe('15');
    expect(Decimal.parse('1.5e1').scale).toBe(0);
    expect(Decimal.parse('1e3').toString()).toBe('1000');
    expect(Decimal.parse('-2.5e3').toFixedString(2)).toBe('-2500.00');
    expect(Decimal.parse('1.25e1').toString()).toBe('12.5');
  });

  it('formats at most 20 fraction digits', () => {
    expect(formatMoney({ amount: Decimal.parse('0.123456789012345678901'), currency: 'USD' })).toBe('$0.1234567890123456789');
  });
});

describe('error helpers', () => {
  it('carry their code, message and details', () => {
    const missing = notFound('no invoice in_1', { provider: 'stripe' });
    expect([missing.code, missing.message, missing.details, missing.name]).toEqual([
      'NOT_FOUND',
      'no invoice in_1',
      { provider: 'stripe' },
      'BillingError',
    ]);
    const cannot = unsupported('stripe cannot page', { provider: 'stripe' });
    expect([cannot.code, cannot.message]).toEqual(['UNSUPPORTED', 'stripe cannot page']);
    const broken = badResponse('flexprice', 'items[0].amount', 'expected a decimal string', { upstreamStatus: 200 });
    expect(broken).toBeInstanceOf(BillingError);
    expect(broken.message).toBe('flexprice response broke its contract at items[0].amount: expected a decimal string');
    expect(broken.details).toEqual({ provider: 'flexprice', upstreamStatus: 200 });
  });
});

describe('WireReader messages name what came', () => {
  const read = (json: string) => WireReader.root('stripe', parseLosslessJson(json));
  it('describes each kind of value', () => {
    expect(thrown(() => read('{"a": 5}').at('a').asString()).message).toBe(
      'stripe response broke its contract at a: expected a string, got the number 5',
    );
    expect(thrown(() => read('{"a": {}}').at('a').asString()).message).toContain('expected a string, got an object');
    expect(thrown(() => read('{"a": [1]}').at('a').asString()).message).toContain('expected a string, got an array');
    expect(thrown(() => read('{"a": null}').at('a').at('b')).message).toContain('at a: expected an object, got null');
    expect(thrown(() => read('{"a": 1.5}').at('a').at('b')).message).toContain('at a: expected an object, got the number 1.5');
    expect(thrown(() => WireReader.root('stripe', undefined as never).asString()).message).toContain('expected a string, got nothing');
    expect(
      thrown(() =>
        read(`{"a": "${'x'.repeat(40)}"}`)
          .at('a')
          .asBoolean(),
      ).message,
    ).toContain(`got the string "${'x'.repeat(40)}"`);
    expect(
      thrown(() =>
        read(`{"a": "${'x'.repeat(41)}"}`)
          .at('a')
          .asBoolean(),
      ).message,
    ).toContain(`got the string "${'x'.repeat(40)}..."`);
  });

  it('counts from 0 up to 2^53 - 1', () => {
    expect(read('{"a": 0}').at('a').asCount()).toBe(0);
    expect(read('{"a": 9007199254740991}').at('a').asCount()).toBe(Number.MAX_SAFE_INTEGER);
    expect(thrown(() => read('{"a": 9007199254740992}').at('a').asCount()).message).toContain(
      'expected a non-negative count, got 9007199254740992',
    );
  });

  it('a nested path names each step', () => {
    expect(
      thrown(() =>
        read('{"a": {"b": [{"c": 1}]}}')
          .at('a')
          .at('b')
          .asArray((i) => i.string('c')),
      ).message,
    ).toContain('at a.b[0].c:');
    expect(read('{"a": {"b": null}}').at('a').maybe('b')).toBeNull();
    expect(read('{"a": {}}').at('a').isNull()).toBe(false);
  });
});

describe('preview line signatures', () => {
  it('fields do not run into each other: amount 1 × 11 is not amount 11 × 1', () => {
    const a = line('x', '1', { quantity: Decimal.parse('11') });
    const b = line('x', '11', { quantity: Decimal.parse('1') });
    const change = compareInvoices(invoice('11', [a]), invoice('11', [b]));
    expect(change.linesAdded).toEqual([b]);
    expect(change.linesRemoved).toEqual([a]);
  });

  it('lines without a period or quantity compare like any other', () => {
    const bare = () => line('Fee', '5', { periodStart: null, periodEnd: null, quantity: null });
    const change = compareInvoices(invoice('5', [bare()]), invoice('5', [bare()]));
    expect(change.linesAdded).toEqual([]);
    expect(change.linesRemoved).toEqual([]);
  });
});

describe('cursor length bound', () => {
  it('a cursor of exactly 1,024 characters is read', () => {
    const scope = { k: 'invoices', p: 'stripe', t: 'ALL' };
    let cursor = '';
    let customer = '';
    const codec = new CursorCodec('edges-test-cursor-secret-0123456789abcdef');
    for (let n = 600; n < 800 && cursor.length !== 1024; n += 1) {
      customer = 'c'.repeat(n);
      cursor = codec.encode({ ...scope, c: customer }, '1');
    }
    expect(cursor).toHaveLength(1024);
    expect(codec.decode(cursor, { ...scope, c: customer }, 'after')).toBe('1');
  });
});
