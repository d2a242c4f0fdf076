import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import type { Invoice } from '../../src/domain/invoice.js';
import { decodeInvoice, encodeInvoice, invoiceFingerprint } from '../../src/live/invoice-snapshot.js';
import { OpenStreams } from '../../src/live/open-streams.js';
import { invoice as anInvoice } from '../helpers/invoices.js';

/** Cloudflare's upcoming invoice (a preview) of `amountDue` USD. */
function invoice(amountDue: string): Invoice {
  return anInvoice(amountDue, [], {
    ref: { provider: 'cloudflare', customer: 'acct', key: 'preview', preview: true },
    providerId: null,
    status: 'DRAFT',
    providerStatus: 'draft',
    origin: null,
    periodStart: new Date('2026-11-01T00:00:00.000Z'),
    customerId: 'acct',
  });
}

describe('invoice snapshots (the Cloudflare poller keeps the last invoice read in Redis)', () => {
  it('read back exactly: Decimals keep every digit and their scale, Dates stay Dates', () => {
    const original = invoice('90071992547410.082415787777777786625361999');
    const back = decodeInvoice(encodeInvoice(original))!;
    expect(back.amountDue.amount).toBeInstanceOf(Decimal);
    expect(back.amountDue.amount.toString()).toBe('90071992547410.082415787777777786625361999');
    expect(decodeInvoice(encodeInvoice(invoice('10.50')))!.amountDue.amount.toString()).toBe('10.50');
    expect(back.periodStart).toEqual(new Date('2026-11-01T00:00:00.000Z'));
    expect(back).toEqual(original);
    expect(decodeInvoice(encodeInvoice(null))).toBeNull();
  });

  it('fingerprints: equal invoices agree, after a round trip too; one cent or no invoice differs', () => {
    const a = invoice('70.04');
    expect(invoiceFingerprint(a)).toBe(invoiceFingerprint(invoice('70.04')));
    expect(invoiceFingerprint(decodeInvoice(encodeInvoice(a)))).toBe(invoiceFingerprint(a));
    expect(invoiceFingerprint(invoice('70.05'))).not.toBe(invoiceFingerprint(a));
    expect(invoiceFingerprint(null)).not.toBe(invoiceFingerprint(a));
  });
});

describe('OpenStreams', () => {
  it('bounds streams per principal and per instance with RATE_LIMITED; a release frees one place, once', () => {
    const streams = new OpenStreams({ maxPerPrincipal: 2, maxPerInstance: 3 });
    const a1 = streams.open('a', () => {});
    streams.open('a', () => {});
    expect(() => streams.open('a', () => {})).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    streams.open('b', () => {});
    expect(() => streams.open('b', () => {})).toThrow(/this instance holds as many open subscriptions/);
    a1();
    a1(); // twice counts once
    expect(streams.size).toBe(2);
    streams.open('b', () => {});
    expect(() => streams.open('c', () => {})).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
  });

  it('the drain ends every stream, resolves once all are released, and refuses new ones', async () => {
    const streams = new OpenStreams({ maxPerPrincipal: 5, maxPerInstance: 5 });
    const releases: (() => void)[] = [];
    let ended = 0;
    for (let i = 0; i < 3; i += 1) releases.push(streams.open(`p${i}`, () => (ended += 1)));
    let drained = false;
    const draining = streams.endAll().then(() => (drained = true));
    expect(ended).toBe(3);
    releases[0]!();
    releases[1]!();
    await Promise.resolve();
    expect(drained).toBe(false);
    releases[2]!();
    await draining;
    expect(() => streams.open('late', () => {})).toThrow(/shutting down/);
  });
});
