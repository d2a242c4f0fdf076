import { describe, expect, it } from 'vitest';
import {
  JsonNumber,
  JsonSyntaxError,
  numberText,
  parseExactJson,
  parseLosslessJson,
  stringifyLossless,
  type LosslessJson,
} from '../../src/http/lossless-json.js';
import { seededRandom, randomInt } from '../../src/sandbox/random.js';

/** A parsed body with every number as "#<exact text>" (JsonNumber) or "n<text>" (plain number). */
const texts = (value: LosslessJson): unknown =>
  value instanceof JsonNumber
    ? `#${value.text}`
    : typeof value === 'number'
      ? `n${numberText(value)}`
      : Array.isArray(value)
        ? value.map(texts)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, texts(item)]))
          : value;
const sameDigits = (value: unknown): unknown => JSON.parse(JSON.stringify(value).replace(/"[n#]/g, '"='));

describe('parseLosslessJson', () => {
  it('keeps 2^53 + 1 and long decimals exact (JSON.parse rounds them)', () => {
    const parsed = parseLosslessJson('{"amount_due": 9007199254740993, "x": 12345678901234567.89, "e": -1.5e-7}') as Record<
      string,
      JsonNumber
    >;
    expect(parsed.amount_due).toBeInstanceOf(JsonNumber);
    expect(parsed.amount_due!.text).toBe('9007199254740993');
    expect(parsed.x!.text).toBe('12345678901234567.89');
    expect(parsed.e!.text).toBe('-1.5e-7');
    expect(String(JSON.parse('9007199254740993'))).toBe('9007199254740992');
  });

  it('parses every JSON value kind, escapes included', () => {
    const parsed = parseLosslessJson(' {"a": [true, false, null, "x\\"y\\u00e9\\n"], "b": {}, "c": [] } ');
    expect(parsed).toEqual({ a: [true, false, null, 'x"yé\n'], b: {}, c: [] });
    expect(parseLosslessJson('"plain"')).toBe('plain');
    expect(parseLosslessJson('null')).toBeNull();
  });

  it('treats __proto__ as a plain key', () => {
    const parsed = parseLosslessJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports syntax errors with their offset', () => {
    const cases: [string, RegExp][] = [
      ['', /unexpected character at offset 0/],
      ['{"result": {"id": "in_', /unterminated string/],
      ['{"a" 1}', /expected ":"/],
      ['{"a": 1,}', /expected a property name/],
      ['[1 2]', /expected "," or "]"/],
      ['{"a": 1 "b": 2}', /expected "," or "}"/],
      ['{1: 2}', /expected a property name/],
      ['tru', /unexpected token/],
      ['01', /unexpected data after JSON value/],
      ['1 2', /unexpected data after JSON value/],
      ['"a\u0001"', /control character/],
      ['NaN', /unexpected character/],
      ['+1', /unexpected character/],
      ['.5', /unexpected character/],
      ["{'a': 1}", /expected a property name/],
      // Escapes JSON does not define: a JsonSyntaxError (UPSTREAM_BAD_RESPONSE upstream), not JSON.parse's SyntaxError.
      ['{"id": "in_\\x41"}', /invalid escape in string at offset 7/],
      ['"\\u12"', /invalid escape in string/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseLosslessJson(text), text).toThrow(JsonSyntaxError);
      expect(() => parseLosslessJson(text), text).toThrow(message);
    }
  });

  it('the exact parser refuses nesting deeper than 256 instead of overflowing the stack', () => {
    expect(() => parseExactJson('['.repeat(257) + ']'.repeat(257))).toThrow(/nesting too deep/);
    expect(() => parseExactJson('{"a":'.repeat(300) + '1' + '}'.repeat(300))).toThrow(/nesting too deep/);
    expect(() => parseLosslessJson('{"a":'.repeat(300) + '1.5' + '}'.repeat(300))).toThrow(/nesting too deep/);
    expect(() => parseLosslessJson('['.repeat(100_000))).toThrow(JsonSyntaxError);
    expect(parseExactJson('['.repeat(256) + ']'.repeat(256))).toBeInstanceOf(Array);
  });

  it('takes the native path only when every number is an integer of at most 15 digits', () => {
    expect(parseLosslessJson('{"amount_due": 999999999999999, "n": [-3, 0]}')).toEqual({ amount_due: 999999999999999, n: [-3, 0] });
    for (const inexact of ['{"a": 9999999999999999}', '{"a": 1.5}', '{"a": 1e3}', '[2E-2]', '{"a": [1, -12345678901234567]}']) {
      expect(JSON.stringify(texts(parseLosslessJson(inexact))), inexact).not.toMatch(/"n/); // every number stays a JsonNumber
    }
    // A number-like run inside a string sends the body down the exact path: still right, just slower.
    expect(parseLosslessJson('{"d": "rate: 1.5", "n": 7}')).toEqual({ d: 'rate: 1.5', n: new JsonNumber('7') });
  });

  it('both paths read the same values from generated bodies, digits exact', () => {
    const random = seededRandom(42);
    const number = () => {
      const digits = randomInt(random, 1, 15);
      const text = String(randomInt(random, 1, 9)) + Array.from({ length: digits - 1 }, () => randomInt(random, 0, 9)).join('');
      return randomInt(random, 0, 3) === 0 ? `-${text}` : text;
    };
    const value = (depth: number): string => {
      switch (depth > 3 ? 0 : randomInt(random, 0, 4)) {
        case 0:
          return number();
        case 1:
          return JSON.stringify(['plain', '1 × Seat', 'é€😀', 'a"b\\c', ''][randomInt(random, 0, 4)]);
        case 2:
          return ['true', 'false', 'null'][randomInt(random, 0, 2)]!;
        case 3:
          return `[${Array.from({ length: randomInt(random, 0, 4) }, () => value(depth + 1)).join(',')}]`;
        default:
          return `{${Array.from({ length: randomInt(random, 0, 4) }, (_, i) => `"k${i}": ${value(depth + 1)}`).join(', ')}}`;
      }
    };
    for (let i = 0; i < 500; i += 1) {
      const text = `{"root": ${value(0)}}`;
      expect(sameDigits(texts(parseLosslessJson(text))), text).toEqual(sameDigits(texts(parseExactJson(text))));
    }
  });
});

describe('parseLosslessJson: amounts a caller sees exact', () => {
  it('a 20-digit decimal amount arrives with every digit (JSON.parse would give 10.123456789012346)', () => {
    const parsed = parseLosslessJson('{"x":10.123456789012345678}') as Record<string, JsonNumber>;
    expect(parsed.x).toBeInstanceOf(JsonNumber);
    expect(parsed.x!.text).toBe('10.123456789012345678');
    expect(texts(parseLosslessJson('[123456789012345.678901, 1234567890123456]'))).toEqual([
      '#123456789012345.678901',
      '#1234567890123456',
    ]);
  });

  it('a top-level number, also after leading whitespace, is read exactly', () => {
    expect(texts(parseLosslessJson('12345678901234567890'))).toBe('#12345678901234567890');
    expect(texts(parseLosslessJson(' \n\t-0.10'))).toBe('#-0.10');
  });

  it('pretty-printed bodies keep their decimals exact, whatever whitespace sits before a number', () => {
    for (const space of [' ', '\n', '\r\n', '\t', '\n    ']) {
      const text = `{${space}"amount":${space}0.1,${space}"lines":${space}[${space}12345678901234567,${space}2.50${space}]${space}}`;
      expect(texts(parseLosslessJson(text)), JSON.stringify(text)).toEqual({ amount: '#0.1', lines: ['#12345678901234567', '#2.50'] });
    }
    const pretty = JSON.stringify({ invoice: { total: 1, lines: [{ amount: 2 }] } }, null, 2).replace('1,', '1.005,');
    expect(texts(parseLosslessJson(pretty))).toEqual({ invoice: { total: '#1.005', lines: [{ amount: '#2' }] } });
  });

  it('multi-digit exponents stay on the exact path with their text', () => {
    expect(texts(parseLosslessJson('{"a": 1e21, "b": 2.5E+100, "c": -7e-12}'))).toEqual({ a: '#1e21', b: '#2.5E+100', c: '#-7e-12' });
    expect(texts(parseLosslessJson('[1e21]'))).toEqual(['#1e21']);
  });

  it('integers of 15 digits or fewer are plain numbers, 16 digits and more are exact text', () => {
    expect(texts(parseLosslessJson('{"a": 123456789012345}'))).toEqual({ a: 'n123456789012345' });
    expect(texts(parseLosslessJson('{"a": 1234567890123456}'))).toEqual({ a: '#1234567890123456' });
    expect(texts(parseLosslessJson('{"a": -1234567890123456}'))).toEqual({ a: '#-1234567890123456' });
  });

  it('a page of 300 invoices with decimal amounts parses (more than 256 objects in sequence)', () => {
    const invoices = Array.from({ length: 300 }, (_, i) => `{"id":"in_${i}","amount":${i}.25,"lines":{"data":[{"amount":0.5}]}}`);
    const parsed = parseLosslessJson(`{"data":[${invoices.join(',')}],"has_more":false}`) as { data: { id: string; amount: JsonNumber }[] };
    expect(parsed.data).toHaveLength(300);
    expect(parsed.data[299]!.amount.text).toBe('299.25');
    // Objects and arrays closed right after opening are counted out again too.
    const empties = Array.from({ length: 300 }, () => '{"a":{},"b":[],"c":[1.5]}').join(',');
    expect((parseLosslessJson(`[${empties}]`) as unknown[]).length).toBe(300);
    // Nesting of exactly 256 is fine on either kind of bracket, 257 is not.
    expect(() => parseExactJson('{"a":'.repeat(256) + '1.5' + '}'.repeat(256))).not.toThrow();
    expect(() => parseExactJson('{"a":'.repeat(255) + '[1.5]' + '}'.repeat(255))).not.toThrow();
    expect(() => parseExactJson('{"a":'.repeat(256) + '[1.5]' + '}'.repeat(256))).toThrow(/nesting too deep/);
  });

  it('strings: escapes decode exactly, a key with an escape too; an escaped quote does not end the string', () => {
    expect(parseExactJson('{"a\\"b": "c\\"d", "n": 1.5}')).toEqual({ 'a"b': 'c"d', n: new JsonNumber('1.5') });
    expect(parseExactJson('["\\\\", "x"]')).toEqual(['\\', 'x']);
    expect(() => parseExactJson('"abc')).toThrow(/unterminated string at offset 4/);
    expect(() => parseExactJson('"\\')).toThrow(/unterminated string/);
    expect(() => parseExactJson('{"a":1.5} x')).toThrow(/unexpected data after JSON value at offset 10/);
  });
});

describe('stringifyLossless', () => {
  it('writes JsonNumber text verbatim and round-trips', () => {
    const text = '{"amount":9007199254740993,"list":[1.10,null,"s",true],"nested":{"x":-0.5e3}}';
    expect(stringifyLossless(parseLosslessJson(text))).toBe(text);
    expect(stringifyLossless({ a: undefined, b: [undefined], c: new JsonNumber('1.50') })).toBe('{"b":[null],"c":1.50}');
    expect(stringifyLossless(undefined)).toBe('null');
    expect(stringifyLossless(new JsonNumber('9007199254740993'))).toBe('9007199254740993');
  });

  it('a string or key holding the internal number mark is written as a string, never as raw JSON', () => {
    const mark = '\u0000#';
    const hostile = { id: `${mark}1,"admin":true`, quoted: `x"${mark}2"`, [`${mark}3`]: 'k', n: new JsonNumber('12.50') };
    const text = stringifyLossless(hostile);
    expect(JSON.parse(text)).toEqual({ id: `${mark}1,"admin":true`, quoted: `x"${mark}2"`, [`${mark}3`]: 'k', n: 12.5 });
    expect(text).toContain('"n":12.50');
    // A marked key next to a number, and values JSON has no place for, on the exact writer's path too.
    const keyed = stringifyLossless({ [`${mark}x`]: new JsonNumber('5'), y: 'ok' });
    expect(JSON.parse(keyed)).toEqual({ [`${mark}x`]: 5, y: 'ok' });
    const odd = stringifyLossless({
      a: () => 1,
      s: Symbol('s'),
      b: mark,
      list: [() => 1, mark],
      when: new Date(0),
      n: new JsonNumber('9007199254740993'),
    });
    expect(odd).toBe(
      `{"b":${JSON.stringify(mark)},"list":[null,${JSON.stringify(mark)}],"when":"1970-01-01T00:00:00.000Z","n":9007199254740993}`,
    );
  });
});
