import { describe, expect, it } from 'vitest';
import { JsonNumber, JsonSyntaxError, parseLosslessJson, stringifyLossless } from '../../src/http/lossless-json.js';

describe('parseLosslessJson', () => {
  it('keeps 2^53 + 1 and long decimals exact (JSON.parse rounds them)', () => {
    const parsed = parseLosslessJson('{"amount_due": 9007199254740993, "x": 12345678901234567.89, "e": -1.5e-7}') as Record<string, JsonNumber>;
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

  it('refuses nesting deeper than 256 instead of overflowing the stack', () => {
    expect(() => parseLosslessJson('['.repeat(257) + ']'.repeat(257))).toThrow(/nesting too deep/);
    expect(() => parseLosslessJson('{"a":'.repeat(300) + '1' + '}'.repeat(300))).toThrow(/nesting too deep/);
    expect(() => parseLosslessJson('['.repeat(100_000))).toThrow(JsonSyntaxError);
    expect(parseLosslessJson('['.repeat(256) + ']'.repeat(256))).toBeInstanceOf(Array);
  });
});

describe('stringifyLossless', () => {
  it('writes JsonNumber text verbatim and round-trips', () => {
    const text = '{"amount":9007199254740993,"list":[1.10,null,"s",true],"nested":{"x":-0.5e3}}';
    expect(stringifyLossless(parseLosslessJson(text))).toBe(text);
    expect(stringifyLossless({ a: undefined, b: [undefined], c: new JsonNumber('1.50') })).toBe('{"b":[null],"c":1.50}');
  });
});
