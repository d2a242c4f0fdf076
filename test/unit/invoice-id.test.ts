import { describe, expect, it } from 'vitest';
import { BillingError } from '../../src/domain/errors.js';
import { invoiceLocalId, parseInvoiceLocalId } from '../../src/domain/invoice-id.js';
import type { InvoiceRef } from '../../src/domain/invoice.js';

const issued: InvoiceRef = { provider: 'stripe', customer: 'cus_A', key: 'in_1', preview: false };
const preview: InvoiceRef = { provider: 'flexprice', customer: 'cust_1', key: 'inv_preview_9', preview: true };

function refused(localId: string): BillingError {
  try {
    parseInvoiceLocalId(localId);
  } catch (error) {
    expect(error).toBeInstanceOf(BillingError);
    return error as BillingError;
  }
  throw new Error(`expected ${localId} to be refused, it parsed`);
}

describe('invoice ids', () => {
  it('an issued invoice is named by its provider, customer and upstream key, and reads back to that ref', () => {
    const id = invoiceLocalId({ ref: issued, subscriptionId: 'sub_1', previewOf: undefined });
    expect(id).toBe('["stripe","cus_A","in_1",0]');
    expect(parseInvoiceLocalId(id)).toEqual({ kind: 'issued', ref: issued });
  });

  it("an upcoming invoice is named by its subscription, not the preview's changing upstream id", () => {
    const id = invoiceLocalId({ ref: preview, subscriptionId: 'sub_9', previewOf: undefined });
    expect(id).toBe('["flexprice","cust_1","sub_9",1]');
    expect(invoiceLocalId({ ref: { ...preview, key: 'inv_preview_10' }, subscriptionId: 'sub_9', previewOf: undefined })).toBe(id);
    expect(parseInvoiceLocalId(id)).toEqual({ kind: 'upcoming', provider: 'flexprice', customer: 'cust_1', subscription: 'sub_9' });
    // A customer's only upcoming invoice has no subscription to name.
    const withoutSubscription = invoiceLocalId({ ref: preview, subscriptionId: null, previewOf: undefined });
    expect(withoutSubscription).toBe('["flexprice","cust_1",null,1]');
    expect(parseInvoiceLocalId(withoutSubscription)).toEqual({
      kind: 'upcoming',
      provider: 'flexprice',
      customer: 'cust_1',
      subscription: null,
    });
  });

  it("a previewed change has its own id, never the upcoming invoice's, and reads back as previewed", () => {
    const id = invoiceLocalId({ ref: preview, subscriptionId: 'sub_9', previewOf: 'digest-of-change' });
    expect(id).toBe('["flexprice","cust_1","digest-of-change",2]');
    expect(id).not.toBe(invoiceLocalId({ ref: preview, subscriptionId: 'sub_9', previewOf: undefined }));
    expect(parseInvoiceLocalId(id)).toEqual({ kind: 'previewed', provider: 'flexprice', customer: 'cust_1', change: 'digest-of-change' });
  });

  it('no character of an upstream id can make two ids collide', () => {
    const tricky = { ...issued, customer: 'a","b', key: 'c' };
    const other = { ...issued, customer: 'a', key: 'b","c' };
    const a = invoiceLocalId({ ref: tricky, subscriptionId: null, previewOf: undefined });
    const b = invoiceLocalId({ ref: other, subscriptionId: null, previewOf: undefined });
    expect(a).not.toBe(b);
    expect(parseInvoiceLocalId(a)).toEqual({ kind: 'issued', ref: tricky });
    expect(parseInvoiceLocalId(b)).toEqual({ kind: 'issued', ref: other });
  });

  it('anything else is BAD_USER_INPUT on `id`', () => {
    for (const bad of [
      'not json',
      '{"a":1}',
      '"stripe"',
      'null',
      '["stripe","cus_A","in_1"]',
      '["stripe","cus_A","in_1",0,"x"]',
      '["paypal","cus_A","in_1",0]',
      '[null,"cus_A","in_1",0]',
      '["stripe",7,"in_1",0]',
      '["stripe",null,"sub_1",1]',
      '["stripe","cus_A",7,0]',
      '["stripe","cus_A",null,0]',
      '["stripe","cus_A",null,2]',
      '["stripe","cus_A",7,1]',
      '["stripe","cus_A","in_1",3]',
      '["stripe","cus_A","in_1","0"]',
      '["stripe","cus_A","in_1",-1]',
    ]) {
      const error = refused(bad);
      expect(error.code, bad).toBe('BAD_USER_INPUT');
      expect(error.message).toBe('`id` is not an invoice id this API issued');
      expect(error.details.field).toEqual(['id']);
    }
  });
});
