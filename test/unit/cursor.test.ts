import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CursorCodec, invoiceHistoryScope, invoiceLinesScope } from '../../src/domain/cursor.js';
import { BillingError } from '../../src/domain/errors.js';

const SECRET = 'unit-test-cursor-secret-0123456789abcdef';
const codec = new CursorCodec(SECRET);
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

/** A cursor as an attacker would build one: the record, tagged with `secret` (or with nothing at all). */
function forge(record: unknown, secret: string | null): string {
  const body = Buffer.from(JSON.stringify(record), 'utf8');
  const tag = secret === null ? Buffer.alloc(0) : createHmac('sha256', secret).update(body).digest().subarray(0, 16);
  return Buffer.concat([tag, body]).toString('base64url');
}

describe('cursor', () => {
  it('round-trips a position within its scope and is opaque base64url', () => {
    const cursor = codec.encode(scope, '41');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(codec.decode(cursor, { ...scope }, 'after')).toBe('41');
  });

  it('works on another instance and after a restart: any codec with the same secret reads it', () => {
    const cursor = codec.encode(scope, '41');
    expect(new CursorCodec(SECRET).decode(cursor, scope, 'after')).toBe('41');
    badInputOf(() => new CursorCodec('another-deployment-secret-0123456789abcdef').decode(cursor, scope, 'after'));
  });

  it('is bound to its scope: another customer, type, provider or list kind is BAD_USER_INPUT naming the argument', () => {
    const cursor = codec.encode(scope, '6');
    for (const [key, other] of [
      ['c', 'b5a3c2d1e0f9a8b7c6d5e4f3a2b1c0d9'],
      ['t', 'MANUAL'],
      ['p', 'stripe'],
      ['k', 'lines'],
    ] as const) {
      const error = badInputOf(() => codec.decode(cursor, { ...scope, [key]: other }, 'after'));
      expect(error.message).toContain(`its ${key} differs`);
      expect(error.details.field).toEqual(['after']);
    }
    // An extra or missing scope key is a different query too.
    badInputOf(() => codec.decode(cursor, { ...scope, extra: 'x' }, 'before'));
    const { t: _t, ...narrower } = scope;
    badInputOf(() => codec.decode(cursor, narrower, 'before'));
  });

  it('is tamper-evident: an edited position, an unsigned (version 1) cursor or a wrong tag is refused', () => {
    const cursor = codec.encode(scope, '6');
    const bytes = Buffer.from(cursor, 'base64url');
    const edited = Buffer.from(bytes.toString('latin1').replace('"p":"6"', '"p":"999999999"'), 'latin1').toString('base64url');
    const unsignedV1 = Buffer.from(JSON.stringify({ v: 1, s: scope, p: '999999999' })).toString('base64url');
    const untagged = forge({ v: 2, s: scope, p: '999999999' }, null);
    const wrongKey = forge({ v: 2, s: scope, p: '999999999' }, 'guessed-secret-0123456789abcdefghijkl');
    for (const bad of [edited, unsignedV1, untagged, wrongKey]) {
      expect(badInputOf(() => codec.decode(bad, scope, 'after')).message).toBe('`after` is not a cursor this API issued');
      expect(codec.customerOf(bad)).toBeNull();
    }
    // The same record with the right key is accepted: the tag, not the shape, is what was missing.
    expect(codec.decode(forge({ v: 2, s: scope, p: '7' }, SECRET), scope, 'after')).toBe('7');
  });

  it('refuses malformed cursors, even correctly tagged ones', () => {
    const tagged = (record: unknown) => forge(record, SECRET);
    const wrongVersion = tagged({ v: 3, s: scope, p: '1' });
    const numericPosition = tagged({ v: 2, s: scope, p: 1 });
    const badScope = tagged({ v: 2, s: { c: 5 }, p: '1' });
    const notJson = Buffer.concat([createHmac('sha256', SECRET).update('hello').digest().subarray(0, 16), Buffer.from('hello')]).toString(
      'base64url',
    );
    const jsonNull = tagged(null);
    for (const bad of ['', 'not a cursor!', '%%%', 'a'.repeat(2000), 'YWJj', wrongVersion, numericPosition, badScope, notJson, jsonNull]) {
      const error = badInputOf(() => codec.decode(bad, scope, 'after'));
      expect(error.message).toContain('`after` is not a cursor this API issued');
    }
  });

  it('tells authorization which customer a cursor it issued pages, and nothing for a line cursor', () => {
    expect(codec.customerOf(codec.encode(scope, '1'))).toEqual({ provider: 'cloudflare', customer: scope.c });
    expect(codec.customerOf(codec.encode({ k: 'lines', i: 'x' }, '1'))).toBeNull();
  });

  it('refuses a cursor with anything appended or prepended, even base64url characters', () => {
    const cursor = codec.encode(scope, '7');
    for (const bad of [`${cursor}!`, `!${cursor}`, `${cursor} `, `${cursor}AAAA`, `${cursor}e30`, `${cursor}.x`, `A${cursor}`]) {
      const error = badInputOf(() => codec.decode(bad, scope, 'after'));
      expect(error.message, bad).toContain('`after` is not a cursor this API issued');
      expect(error.details.field).toEqual(['after']);
      expect(codec.customerOf(bad)).toBeNull();
    }
    expect(codec.customerOf(cursor)).toEqual({ provider: 'cloudflare', customer: scope.c });
  });

  it('accepts a cursor of up to 1,024 characters and refuses a longer one', () => {
    const withCustomer = (length: number) => codec.encode({ ...scope, c: 'x'.repeat(length) }, '1');
    let n = 0;
    while (withCustomer(n + 1).length <= 1024) n += 1;
    const longest = withCustomer(n);
    expect(longest.length).toBeGreaterThan(1020);
    expect(codec.decode(longest, { ...scope, c: 'x'.repeat(n) }, 'before')).toBe('1');
    const tooLong = withCustomer(n + 3);
    expect(tooLong.length).toBeGreaterThan(1024);
    const error = badInputOf(() => codec.decode(tooLong, { ...scope, c: 'x'.repeat(n + 3) }, 'before'));
    expect(error.message).toContain('`before` is not a cursor this API issued');
    expect(error.details.field).toEqual(['before']);
    expect(codec.customerOf(tooLong)).toBeNull();
  });

  it('refuses signed records that are not objects, or miss the scope; an empty scope is a scope', () => {
    for (const bad of [5, 'x', { v: 2, p: '1' }, { v: 2, s: null, p: '1' }, { v: 2, s: 'c', p: '1' }]) {
      badInputOf(() => codec.decode(forge(bad, SECRET), scope, 'after'));
      expect(codec.customerOf(forge(bad, SECRET))).toBeNull();
    }
    // The query's own keys then differ; a query with an empty scope would accept it.
    const empty = forge({ v: 2, s: {}, p: '3' }, SECRET);
    badInputOf(() => codec.decode(empty, scope, 'after'));
    expect(codec.decode(empty, {}, 'after')).toBe('3');
  });

  it('a signed record whose scope is a string is not a cursor (never "a different query")', () => {
    for (const bad of ['c', 'invoices']) {
      expect(badInputOf(() => codec.decode(forge({ v: 2, s: bad, p: '1' }, SECRET), scope, 'after')).message).toBe(
        '`after` is not a cursor this API issued',
      );
    }
  });

  it('history and line scopes name what they page, and a cursor of one is refused by the other', () => {
    const history = invoiceHistoryScope({ provider: 'stripe', customer: 'cus_A' }, 'MANUAL');
    expect(Object.entries(history)).toEqual([
      ['k', 'invoices'],
      ['p', 'stripe'],
      ['c', 'cus_A'],
      ['t', 'MANUAL'],
    ]);
    const ref = { provider: 'stripe', customer: 'cus_A', key: 'in_1', preview: false } as const;
    const lines = invoiceLinesScope({ ref, subscriptionId: null, previewOf: undefined });
    expect(lines).toEqual({ k: 'lines', i: '["stripe","cus_A","in_1",0]' });
    const historyCursor = codec.encode(history, '20');
    expect(codec.decode(historyCursor, invoiceHistoryScope({ provider: 'stripe', customer: 'cus_A' }, 'MANUAL'), 'after')).toBe('20');
    expect(codec.customerOf(historyCursor)).toEqual({ provider: 'stripe', customer: 'cus_A' });
    expect(badInputOf(() => codec.decode(historyCursor, lines, 'after')).message).toContain('its k differs');
    expect(badInputOf(() => codec.decode(codec.encode(lines, '3'), history, 'after')).message).toContain('its k differs');
  });
});
