import { describe, expect, it } from 'vitest';
import { isoTime, keepIsoTime } from '../../src/domain/iso-time.js';
import { invoiceRefString, keepRefString, type InvoiceRef, type InvoiceTypeFilter } from '../../src/domain/invoice.js';
import { parseLosslessJson } from '../../src/http/lossless-json.js';
import { WireReader } from '../../src/http/wire-reader.js';
import { mapHistoryInvoice } from '../../src/providers/cloudflare/map.js';
import { readInvoiceHistory, type CfHistoryInvoice } from '../../src/providers/cloudflare/wire.js';
import { SharedInvoices } from '../../src/providers/mapped-once.js';

const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353';

/** A freshly read wire invoice, as one upstream read yields it. */
const readWire = (): CfHistoryInvoice =>
  readInvoiceHistory(
    WireReader.root(
      'cloudflare',
      parseLosslessJson(`{"invoices": [{"id": "in_1", "amount_due": 1250, "amount_paid": 1250, "amount_remaining": 0,
        "currency": "usd", "created": 1761955200, "status": "paid", "invoice_origin": "auto"}],
        "pagination": {"has_more": false, "page": 1, "per_page": 50, "total_count": 1}}`),
    ),
  ).invoices[0]!;

describe('SharedInvoices', () => {
  const counting = () => {
    const filters: InvoiceTypeFilter[] = [];
    const mapper = (filter: InvoiceTypeFilter) => (wire: CfHistoryInvoice) => {
      filters.push(filter);
      return mapHistoryInvoice(wire, filter, { account: ACCOUNT, amountUnit: 'minor' });
    };
    return { filters, mapper };
  };

  it('maps one wire invoice once per variant and hands every request the same invoice', () => {
    const shared = new SharedInvoices<CfHistoryInvoice>();
    const { filters, mapper } = counting();
    const wire = readWire();
    const first = shared.get(wire, `ALL ${ACCOUNT}`, mapper('ALL'));
    expect(shared.get(wire, `ALL ${ACCOUNT}`, mapper('ALL'))).toBe(first);
    expect(filters).toEqual(['ALL']);
    expect(first).toEqual(mapHistoryInvoice(wire, 'ALL', { account: ACCOUNT, amountUnit: 'minor' }));
  });

  it('another variant of the same wire invoice is mapped on its own', () => {
    const shared = new SharedInvoices<CfHistoryInvoice>();
    const { filters, mapper } = counting();
    const wire = readWire();
    const all = shared.get(wire, `ALL ${ACCOUNT}`, mapper('ALL'));
    const manual = shared.get(wire, `MANUAL ${ACCOUNT}`, mapper('MANUAL'));
    expect(manual).not.toBe(all);
    expect(shared.get(wire, `ALL ${ACCOUNT}`, mapper('ALL'))).toBe(all);
    expect(filters).toEqual(['ALL', 'MANUAL']);
  });

  it('an equal wire invoice of another upstream read is mapped again', () => {
    const shared = new SharedInvoices<CfHistoryInvoice>();
    const { filters, mapper } = counting();
    const a = shared.get(readWire(), `ALL ${ACCOUNT}`, mapper('ALL'));
    const b = shared.get(readWire(), `ALL ${ACCOUNT}`, mapper('ALL'));
    expect(b).not.toBe(a);
    expect(b).toEqual(a);
    expect(filters).toEqual(['ALL', 'ALL']);
  });

  it("a shared invoice's ref string and times read the same as freshly worked out", () => {
    const invoice = new SharedInvoices<CfHistoryInvoice>().get(readWire(), 'ALL', counting().mapper('ALL'));
    expect(invoiceRefString(invoice.ref)).toBe(`["cloudflare","${ACCOUNT}","in_1",0]`);
    expect(invoiceRefString(invoice.ref)).toBe(invoiceRefString({ ...invoice.ref }));
    expect(isoTime(invoice.createdAt!)).toBe('2025-11-01T00:00:00.000Z');
  });
});

describe('kept strings', () => {
  it('a kept ref string or time is what working it out again gives', () => {
    const ref: InvoiceRef = { provider: 'stripe', customer: 'cus_A', key: 'in_1', preview: true };
    keepRefString(ref);
    expect(invoiceRefString(ref)).toBe('["stripe","cus_A","in_1",1]');
    const time = new Date(Date.UTC(2026, 10, 30, 7, 5, 0, 12));
    expect(isoTime(time)).toBe('2026-11-30T07:05:00.012Z');
    keepIsoTime(time);
    expect(isoTime(time)).toBe(time.toISOString());
  });
});
