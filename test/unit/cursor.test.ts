import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/domain/cursor.js';
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
});
