import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { BillingError } from '../../src/domain/errors.js';
import { minorUnitsOf } from '../../src/domain/money.js';
import { parseLosslessJson } from '../../src/http/lossless-json.js';
import { WireReader } from '../../src/http/wire-reader.js';
import { cfTimestamp, historyKey, mapHistoryInvoice, mapInvoicePreview } from '../../src/providers/cloudflare/map.js';
import { readInvoiceHistory, readInvoicePreview } from '../../src/providers/cloudflare/wire.js';

const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353';
const d = (text: string) => Decimal.parse(text);

const history = (invoice: string) =>
  readInvoiceHistory(
    WireReader.root(
      'cloudflare',
      parseLosslessJson(`{"invoices": [${invoice}], "pagination": {"has_more": false, "page": 1, "per_page": 50, "total_count": 1}}`),
    ),
  ).invoices[0]!;

const preview = (overrides = '') =>
  readInvoicePreview(
    WireReader.root(
      'cloudflare',
      parseLosslessJson(`{
        "id": "in_preview_1", "amount_due": 1005, "amount_paid": 0, "amount_remaining": 1005, "currency": "usd",
        "period_start": 1761955200, "period_end": 1764547200, "status": "draft",
        "invoice_lines": [
          {"amount": 1000, "currency": "usd", "description": "tokens", "period": {"start": 1761955200000, "end": 1764547200000},
           "pricing": {"unit_amount_decimal": "0.0011"}, "quantity": 909091,
           "pretax_credit_amounts": [{"amount": 10, "type": "discount", "discount": "di_1"}, {"amount": 20, "type": "credit_balance_transaction", "credit_balance_transaction": "cbtxn_1", "discount": null}]},
          {"amount": 5, "currency": "usd", "description": null, "period": {"start": 1761955200, "end": 1764547200},
           "pricing": {"unit_amount_decimal": null}, "quantity": 1}
        ]${overrides}
      }`),
    ),
  );

describe('cfTimestamp', () => {
  it('reads seconds and milliseconds by magnitude, to the same instant', () => {
    const seconds = cfTimestamp(d('1761955200'), 'created');
    const millis = cfTimestamp(d('1761955200000'), 'created');
    expect(seconds?.toISOString()).toBe('2025-11-01T00:00:00.000Z');
    expect(millis?.toISOString()).toBe('2025-11-01T00:00:00.000Z');
    expect(cfTimestamp(d('1761955200.5'), 'created')?.toISOString()).toBe('2025-11-01T00:00:00.500Z');
    expect(cfTimestamp(d('0'), 'created')?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    // 10^11 - 1 is still seconds (year 5138); 10^11 is milliseconds (1973).
    expect(cfTimestamp(d('99999999999'), 'created')?.getUTCFullYear()).toBe(5138);
    expect(cfTimestamp(d('100000000000'), 'created')?.toISOString()).toBe('1973-03-03T09:46:40.000Z');
    expect(cfTimestamp(null, 'created')).toBeNull();
  });

  it('is UPSTREAM_BAD_RESPONSE naming the field when out of a Date range', () => {
    try {
      cfTimestamp(d('1e30'), 'created');
      throw new Error('accepted');
    } catch (error) {
      expect((error as BillingError).code).toBe('UPSTREAM_BAD_RESPONSE');
      expect((error as BillingError).message).toContain('created');
    }
  });
});

describe('mapInvoicePreview', () => {
  it('maps minor units by default, exactly, with credits, subtotal and discount', () => {
    const invoice = mapInvoicePreview(preview(), { account: ACCOUNT, amountUnit: 'minor' });
    expect(invoice.ref).toEqual({ provider: 'cloudflare', customer: ACCOUNT, key: 'in_preview_1', preview: true });
    expect(invoice.currency).toBe('USD');
    expect(invoice.amountDue.amount.toString()).toBe('10.05');
    expect(minorUnitsOf(invoice.amountDue)).toBe('1005');
    expect(invoice.status).toBe('DRAFT');
    expect(invoice.providerStatus).toBe('draft');
    expect(invoice.periodStart?.toISOString()).toBe('2025-11-01T00:00:00.000Z');
    expect(invoice.periodEnd?.toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(invoice.subtotal?.amount.toString()).toBe('10.05');
    expect(invoice.discount?.amount.toString()).toBe('0.30');
    expect(invoice.tax).toBeNull();
    const [first, second] = invoice.lines;
    expect(first?.periodStart?.toISOString()).toBe('2025-11-01T00:00:00.000Z'); // milliseconds on the line
    expect(first?.unitAmount?.amount.toString()).toBe('0.000011');
    expect(first?.quantity?.toString()).toBe('909091');
    expect(first?.credits.map((c) => [c.amount.amount.toString(), c.type, c.discount, c.creditBalanceTransaction])).toEqual([
      ['0.10', 'discount', 'di_1', null],
      ['0.20', 'credit_balance_transaction', null, 'cbtxn_1'],
    ]);
    expect(second?.description).toBeNull();
    expect(second?.unitAmount).toBeNull();
    expect(second?.credits).toEqual([]);
  });

  it('reads amounts as major units when configured', () => {
    const invoice = mapInvoicePreview(preview(), { account: ACCOUNT, amountUnit: 'major' });
    expect(invoice.amountDue.amount.toString()).toBe('1005');
    expect(invoice.lines[0]?.unitAmount?.amount.toString()).toBe('0.0011');
    expect(invoice.discount?.amount.toString()).toBe('30');
  });
});

describe('mapHistoryInvoice', () => {
  const full =
    '{"id": "in_1", "amount_due": 1500, "amount_paid": 1500, "amount_remaining": 0, "currency": "jpy", "attempt_count": 1, "attempted": true, "auto_advance": false, "created": 1761955200000, "created_by": "billing-cycle", "description": "usage", "invoice_origin": "auto", "invoice_pdf": "https://x.test/1.pdf", "status": "paid"}';

  it('uses the currency exponent: JPY minor units are yen', () => {
    const invoice = mapHistoryInvoice(history(full), 'ALL', { account: ACCOUNT, amountUnit: 'minor' });
    expect(invoice.amountDue.amount.toString()).toBe('1500');
    expect(invoice.currency).toBe('JPY');
    expect(invoice.createdAt?.toISOString()).toBe('2025-11-01T00:00:00.000Z');
    expect(invoice).toMatchObject({
      origin: 'AUTO',
      status: 'PAID',
      attemptCount: 1,
      attempted: true,
      autoAdvance: false,
      pdfUrl: 'https://x.test/1.pdf',
      description: 'usage',
    });
  });

  it('maps nulls and missing optional keys to null, and keys id-less invoices stably', () => {
    const bare = history(
      '{"id": null, "amount_due": 10, "amount_paid": 0, "amount_remaining": 10, "currency": "usd", "status": null, "description": null}',
    );
    const invoice = mapHistoryInvoice(bare, 'MANUAL', { account: ACCOUNT, amountUnit: 'minor' });
    expect(invoice).toMatchObject({
      providerId: null,
      status: null,
      providerStatus: null,
      description: null,
      attemptCount: null,
      attempted: null,
      autoAdvance: null,
      createdAt: null,
      pdfUrl: null,
    });
    // No origin given: the filter asked for says what it is.
    expect(invoice.origin).toBe('MANUAL');
    expect(mapHistoryInvoice(bare, 'ALL', { account: ACCOUNT, amountUnit: 'minor' }).origin).toBeNull();
    expect(historyKey(bare)).toBe(
      historyKey(history('{"id": null, "amount_due": 10, "amount_paid": 0, "amount_remaining": 10, "currency": "usd"}')),
    );
    expect(invoice.ref.key.startsWith('noid:')).toBe(true);
  });

  it('refuses an unknown currency code with the field path', () => {
    expect(() => history('{"amount_due": 1, "amount_paid": 0, "amount_remaining": 1, "currency": "dollars"}')).toThrow(
      /invoices\[0\]\.currency: expected an ISO-4217/,
    );
  });
});

describe('Cloudflare history: origin, status and keys as a caller sees them', () => {
  const invoice = (fields: string) =>
    mapHistoryInvoice(history(`{"amount_due": 1050, "amount_paid": 0, "amount_remaining": 1050, "currency": "usd"${fields}}`), 'ALL', {
      account: ACCOUNT,
      amountUnit: 'minor',
    });

  it('reads the origin words it knows, in any case, else trusts the filter asked', () => {
    for (const [raw, expected] of [
      ['Manual', 'MANUAL'],
      ['created manually', 'MANUAL'],
      ['AUTO', 'AUTO'],
      ['Subscription renewal', 'AUTO'],
      ['billing CYCLE', 'AUTO'],
      ['', null],
      ['other', null],
    ] as const) {
      expect(invoice(`, "invoice_origin": ${JSON.stringify(raw)}`).origin, raw).toBe(expected);
    }
    const asked = (filter: 'AUTO' | 'MANUAL') =>
      mapHistoryInvoice(
        history('{"amount_due": 1, "amount_paid": 0, "amount_remaining": 1, "currency": "usd", "invoice_origin": "other"}'),
        filter,
        {
          account: ACCOUNT,
          amountUnit: 'minor',
        },
      ).origin;
    expect(asked('AUTO')).toBe('AUTO');
    expect(asked('MANUAL')).toBe('MANUAL');
  });

  it('statuses in any case map to ours; unknown ones are null, the raw text kept', () => {
    for (const [raw, expected] of [
      ['draft', 'DRAFT'],
      ['OPEN', 'OPEN'],
      ['Paid', 'PAID'],
      ['uncollectible', 'UNCOLLECTIBLE'],
      ['void', 'VOID'],
      ['finalized', null],
    ] as const) {
      const mapped = invoice(`, "status": "${raw}"`);
      expect(mapped.status, raw).toBe(expected);
      expect(mapped.providerStatus).toBe(raw);
    }
  });

  it('amounts in minor or major units, exact; the invoice belongs to the account asked', () => {
    const minor = invoice('');
    expect(minor.amountDue.amount.toString()).toBe('10.50');
    expect(minor.amountRemaining.amount.toString()).toBe('10.50');
    expect(minor.customerId).toBe(ACCOUNT);
    expect(minor.ref).toEqual({ provider: 'cloudflare', customer: ACCOUNT, key: expect.any(String), preview: false });
    const major = mapHistoryInvoice(history('{"amount_due": 10.5, "amount_paid": 1, "amount_remaining": 9.5, "currency": "usd"}'), 'ALL', {
      account: ACCOUNT,
      amountUnit: 'major',
    });
    expect([major.amountDue, major.amountPaid, major.amountRemaining].map((m) => m.amount.toString())).toEqual(['10.5', '1', '9.5']);
  });

  it('an id-less invoice is keyed by what it says about itself; one with an id by its id', () => {
    const bare = history(
      '{"id": null, "amount_due": 10, "amount_paid": 0, "amount_remaining": 10, "currency": "usd", "created": 1761955200, "invoice_origin": "manual", "description": "setup"}',
    );
    expect(historyKey(bare)).toBe('noid:1761955200:10:manual:setup');
    expect(historyKey(history('{"id": "in_9", "amount_due": 10, "amount_paid": 0, "amount_remaining": 10, "currency": "usd"}'))).toBe(
      'in_9',
    );
    expect(historyKey(history('{"id": null, "amount_due": 10, "amount_paid": 0, "amount_remaining": 10, "currency": "usd"}'))).toBe(
      'noid::10::',
    );
  });

  it('a timestamp just under 10^11 is seconds, 10^11 and above milliseconds; negative ones by magnitude too', () => {
    expect(cfTimestamp(d('99999999999'), 'created')?.getTime()).toBe(99_999_999_999_000);
    expect(cfTimestamp(d('100000000000'), 'created')?.getTime()).toBe(100_000_000_000);
    expect(cfTimestamp(d('-86400'), 'created')?.toISOString()).toBe('1969-12-31T00:00:00.000Z');
    expect(cfTimestamp(d('-100000000000'), 'created')?.getTime()).toBe(-100_000_000_000);
    expect(cfTimestamp(d('1761955200.9999'), 'created')?.getTime()).toBe(1_761_955_200_999);
    expect(cfTimestamp(null, 'created')).toBeNull();
  });
});

describe('Cloudflare preview totals', () => {
  it('the subtotal adds the lines, the discount their credits; none is null', () => {
    const mapped = mapInvoicePreview(preview(), { account: ACCOUNT, amountUnit: 'minor' });
    expect(mapped.subtotal?.amount.toString()).toBe('10.05');
    expect(mapped.discount?.amount.toString()).toBe('0.30');
    expect(mapped.ref).toEqual({ provider: 'cloudflare', customer: ACCOUNT, key: 'in_preview_1', preview: true });
    expect(mapped).toMatchObject({ origin: 'AUTO', customerId: ACCOUNT, status: 'DRAFT', providerStatus: 'draft', tax: null, total: null });
    expect(mapped.lines[0]!.credits.map((c) => [c.type, c.amount.amount.toString(), c.discount, c.creditBalanceTransaction])).toEqual([
      ['discount', '0.10', 'di_1', null],
      ['credit_balance_transaction', '0.20', null, 'cbtxn_1'],
    ]);
    expect(mapped.lines[1]!.unitAmount).toBeNull();
    expect(mapped.lines[0]!.unitAmount?.amount.toString()).toBe('0.000011');
    const empty = mapInvoicePreview(
      { ...preview(), lines: [] },
      {
        account: ACCOUNT,
        amountUnit: 'minor',
      },
    );
    expect(empty.subtotal).toBeNull();
    expect(empty.discount).toBeNull();
  });
});
