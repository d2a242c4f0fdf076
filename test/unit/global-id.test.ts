import { describe, expect, it } from 'vitest';
import { BillingError } from '../../src/domain/errors.js';
import { decodeGlobalId, encodeGlobalId } from '../../src/schema/global-id.js';

const localId = (i: number) => JSON.stringify(['cloudflare', '023e105f4ecef8ad9ca31a8372d0c353', `in_${i}`, 0]);
const plain = (typename: string, id: string) => Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');

describe('global ids', () => {
  it('are base64url of "Typename:local-id", the same however often asked, and read back', () => {
    const id = encodeGlobalId('Invoice', localId(1));
    expect(id).toBe(plain('Invoice', localId(1)));
    expect(encodeGlobalId('Invoice', localId(1))).toBe(id);
    expect(decodeGlobalId(id)).toEqual({ typename: 'Invoice', id: localId(1) });
  });

  it('stay right past the number remembered, and per type', () => {
    for (let i = 0; i < 12_000; i += 1) expect(encodeGlobalId('Invoice', localId(i))).toBe(plain('Invoice', localId(i)));
    expect(encodeGlobalId('Invoice', localId(5))).toBe(plain('Invoice', localId(5)));
    expect(encodeGlobalId('Other', localId(5))).toBe(plain('Other', localId(5)));
  });

  it('refuse what no node type can be read back as', () => {
    expect(() => decodeGlobalId(plain('Customer', 'cus_1'))).toThrow(BillingError);
    expect(() => decodeGlobalId('not base64!')).toThrow(BillingError);
  });
});
