import { describe, expect, it } from 'vitest';
import { invoiceRefString, keepRefString, type InvoiceRef } from '../../src/domain/invoice.js';
import { isoTime, keepIsoTime } from '../../src/domain/iso-time.js';

/**
 * What a shared invoice keeps as text (src/providers/mapped-once.ts): worked out once, when it is kept, and
 * answered from then on. Nothing mutates a shared invoice; the tests below do, only to see which text is answered.
 */
describe('texts kept for shared invoices', () => {
  it('a kept time answers the text made when it was first kept; one not kept is formatted each time', () => {
    const kept = new Date('2026-11-01T00:00:00.000Z');
    keepIsoTime(kept);
    kept.setTime(Date.parse('2026-12-01T00:00:00.000Z'));
    keepIsoTime(kept); // a second keep does not redo it
    expect(isoTime(kept)).toBe('2026-11-01T00:00:00.000Z');

    const notKept = new Date('2026-11-01T00:00:00.000Z');
    expect(isoTime(notKept)).toBe('2026-11-01T00:00:00.000Z');
    notKept.setTime(Date.parse('2026-12-01T00:00:00.000Z'));
    expect(isoTime(notKept)).toBe('2026-12-01T00:00:00.000Z');
  });

  it('a kept ref answers the string made when it was first kept; one not kept is made each time', () => {
    const kept: InvoiceRef = { provider: 'stripe', customer: 'cus_1', key: 'in_1', preview: false };
    keepRefString(kept);
    kept.key = 'in_2';
    keepRefString(kept);
    expect(invoiceRefString(kept)).toBe('["stripe","cus_1","in_1",0]');

    const notKept: InvoiceRef = { provider: 'stripe', customer: 'cus_1', key: 'in_1', preview: true };
    expect(invoiceRefString(notKept)).toBe('["stripe","cus_1","in_1",1]');
    notKept.key = 'in_2';
    expect(invoiceRefString(notKept)).toBe('["stripe","cus_1","in_2",1]');
  });
});
