import { describe, expect, it } from 'vitest';
import { invoiceRefString, lineCursorScope, PROVIDERS, type InvoiceRef } from '../../src/domain/invoice.js';

const ref: InvoiceRef = { provider: 'stripe', customer: 'cus_A', key: 'in_1', preview: false };

describe('invoice refs', () => {
  it('the providers billgraph speaks to', () => {
    expect(PROVIDERS).toEqual(['cloudflare', 'stripe', 'flexprice']);
  });

  it('one string per invoice, marking previews', () => {
    expect(invoiceRefString(ref)).toBe('["stripe","cus_A","in_1",0]');
    expect(invoiceRefString({ ...ref, preview: true })).toBe('["stripe","cus_A","in_1",1]');
  });

  it('no separator in an upstream id makes two refs collide', () => {
    const a = invoiceRefString({ ...ref, customer: 'cus_A:x', key: 'y' });
    const b = invoiceRefString({ ...ref, customer: 'cus_A', key: 'x:y' });
    const c = invoiceRefString({ ...ref, customer: 'cus_A","x', key: 'y' });
    expect(new Set([a, b, c, invoiceRefString(ref)]).size).toBe(4);
  });
});

describe('lineCursorScope', () => {
  it("binds a stored invoice's line cursors to the invoice itself", () => {
    expect(lineCursorScope({ ref, subscriptionId: 'sub_1' })).toBe(invoiceRefString(ref));
  });

  it('binds a preview to customer, subscription and which change, never to its fresh upstream id', () => {
    const preview = { ...ref, preview: true, key: 'upcoming_in_9' };
    expect(lineCursorScope({ ref: preview, subscriptionId: 'sub_1' })).toBe('["stripe","cus_A","preview","sub_1","upcoming"]');
    expect(lineCursorScope({ ref: { ...preview, key: 'other' }, subscriptionId: 'sub_1' })).toBe(
      lineCursorScope({ ref: preview, subscriptionId: 'sub_1' }),
    );
    expect(lineCursorScope({ ref: preview, subscriptionId: null, previewOf: 'abc' })).toBe('["stripe","cus_A","preview",null,"abc"]');
    expect(lineCursorScope({ ref: preview, subscriptionId: 'sub_2' })).not.toBe(lineCursorScope({ ref: preview, subscriptionId: 'sub_1' }));
  });
});
