import { describe, expect, it } from 'vitest';
import { invoiceRefString, type InvoiceRef } from '../../src/domain/invoice.js';
import { MappedOnce } from '../../src/providers/mapped-once.js';

describe('MappedOnce', () => {
  const counting = () => {
    const calls: string[] = [];
    const map = (wire: { id: string }) => {
      calls.push(wire.id);
      return { mappedFrom: wire.id };
    };
    return { calls, map };
  };

  it('maps one wire object once per variant and hands every caller the same result', () => {
    const memo = new MappedOnce<{ id: string }, { mappedFrom: string }>();
    const { calls, map } = counting();
    const wire = { id: 'in_1' };
    const first = memo.get(wire, 'ALL acct', map);
    expect(memo.get(wire, 'ALL acct', map)).toBe(first);
    expect(calls).toEqual(['in_1']);
  });

  it('a different variant of the same wire is mapped on its own', () => {
    const memo = new MappedOnce<{ id: string }, { mappedFrom: string }>();
    const { calls, map } = counting();
    const wire = { id: 'in_1' };
    const all = memo.get(wire, 'ALL acct', map);
    const auto = memo.get(wire, 'AUTO acct', map);
    expect(auto).not.toBe(all);
    expect(memo.get(wire, 'ALL acct', map)).toBe(all);
    expect(calls).toEqual(['in_1', 'in_1']);
  });

  it('an equal but distinct wire object (another upstream read) is mapped again', () => {
    const memo = new MappedOnce<{ id: string }, { mappedFrom: string }>();
    const { calls, map } = counting();
    expect(memo.get({ id: 'in_1' }, 'ALL acct', map)).not.toBe(memo.get({ id: 'in_1' }, 'ALL acct', map));
    expect(calls).toEqual(['in_1', 'in_1']);
  });
});

describe('invoiceRefString of a shared ref', () => {
  it('is the same string however often it is asked, and equal refs give equal strings', () => {
    const ref: InvoiceRef = { provider: 'cloudflare', customer: 'acct', key: 'in_1', preview: false };
    expect(invoiceRefString(ref)).toBe('["cloudflare","acct","in_1",0]');
    expect(invoiceRefString(ref)).toBe(invoiceRefString({ ...ref }));
    expect(invoiceRefString({ ...ref, preview: true })).toBe('["cloudflare","acct","in_1",1]');
  });
});
