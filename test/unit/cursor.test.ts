import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, readCursorScope } from '../../src/domain/cursor.js';
import { BillingError } from '../../src/domain/errors.js';

const scope = { k: 'invoices', p: 'cloudflare', c: '023e105f4ecef8ad9ca31a8372d0c353', t: 'ALL' };

function badInputOf(run: () => unknown): BillingError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BillingError);
    expect((error as BillingError).code).toBe('BAD_USER_INPUT');
    return error as BillingError;
  }
  throw new Error('expected BAD_USER_INPUT, nothing was thrown');
}

describe('cursor', () => {
  it('round-trips a position within its scope and is opaque base64url', () => {
    const cursor = encodeCursor(scope, '41');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, { ...scope }, 'after')).toBe('41');
  });

  it('is bound to its scope: another customer, type, provider or list kind is BAD_USER_INPUT naming the argument', () => {
    const cursor = encodeCursor(scope, '6');
    for (const [key, other] of [
      ['c', 'b5a3c2d1e0f9a8b7c6d5e4f3a2b1c0d9'],
      ['t', 'MANUAL'],
      ['p', 'stripe'],
      ['k', 'lines'],
    ] as const) {
      const error = badInputOf(() => decodeCursor(cursor, { ...scope, [key]: other }, 'after'));
      expect(error.message).toContain(`its ${key} differs`);
      expect(error.details.field).toEqual(['after']);
    }
    // An extra or missing scope key is a different query too.
    badInputOf(() => decodeCursor(cursor, { ...scope, extra: 'x' }, 'before'));
    const { t: _t, ...narrower } = scope;
    badInputOf(() => decodeCursor(cursor, narrower, 'before'));
  });

  it('refuses malformed cursors', () => {
    const wrongVersion = Buffer.from(JSON.stringify({ v: 2, s: scope, p: '1' })).toString('base64url');
    const numericPosition = Buffer.from(JSON.stringify({ v: 1, s: scope, p: 1 })).toString('base64url');
    const badScope = Buffer.from(JSON.stringify({ v: 1, s: { c: 5 }, p: '1' })).toString('base64url');
    const notJson = Buffer.from('hello').toString('base64url');
    const jsonNull = Buffer.from('null').toString('base64url');
    for (const bad of ['', 'not a cursor!', '%%%', 'a'.repeat(2000), wrongVersion, numericPosition, badScope, notJson, jsonNull]) {
      const error = badInputOf(() => decodeCursor(bad, scope, 'after'));
      expect(error.message).toContain('`after` is not a cursor this API issued');
    }
  });

  it('refuses a cursor with anything appended or prepended, even base64url characters', () => {
    const cursor = encodeCursor(scope, '7');
    for (const bad of [`${cursor}!`, `!${cursor}`, `${cursor} `, `${cursor}AAAA`, `${cursor}e30`, `${cursor}.x`]) {
      const error = badInputOf(() => decodeCursor(bad, scope, 'after'));
      expect(error.message, bad).toContain('`after` is not a cursor this API issued');
      expect(error.details.field).toEqual(['after']);
    }
    expect(readCursorScope(`${cursor}!`)).toBeNull();
    expect(readCursorScope(cursor)).toEqual(scope);
  });

  it('accepts a cursor of up to 1,024 characters and refuses a longer one', () => {
    const withCustomer = (length: number) => encodeCursor({ ...scope, c: 'x'.repeat(length) }, '1');
    const base = withCustomer(0).length;
    // Every 3 bytes of JSON are 4 base64url characters.
    const longest = withCustomer(Math.floor(((1024 - base) * 3) / 4));
    expect(longest.length).toBeLessThanOrEqual(1024);
    expect(longest.length).toBeGreaterThan(1020);
    const scopeOf = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')).s as Record<string, string>;
    expect(decodeCursor(longest, scopeOf(longest), 'before')).toBe('1');
    const tooLong = withCustomer(Math.floor(((1024 - base) * 3) / 4) + 3);
    expect(tooLong.length).toBeGreaterThan(1024);
    const error = badInputOf(() => decodeCursor(tooLong, scopeOf(tooLong), 'before'));
    expect(error.message).toContain('`before` is not a cursor this API issued');
    expect(error.details.field).toEqual(['before']);
    expect(readCursorScope(tooLong)).toBeNull();
  });

  it('refuses records that are not objects, or miss the scope', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const bad of [
      encode(5),
      encode('x'),
      encode({ v: 1, p: '1' }),
      encode({ v: 1, s: null, p: '1' }),
      encode({ v: 1, s: 'c', p: '1' }),
    ]) {
      badInputOf(() => decodeCursor(bad, scope, 'after'));
      expect(readCursorScope(bad)).toBeNull();
    }
    // An empty scope is a scope: the query's own keys then differ.
    const empty = encode({ v: 1, s: {}, p: '3' });
    expect(readCursorScope(empty)).toEqual({});
    expect(decodeCursor(empty, {}, 'after')).toBe('3');
  });
});
