import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import type { Invoice } from '../../src/domain/invoice.js';
import { amountString, type Money } from '../../src/domain/money.js';
import { parseLosslessJson } from '../../src/http/lossless-json.js';
import { WireReader } from '../../src/http/wire-reader.js';
import { INVOICE_TYPE_FOR_FILTER, mapInvoice as mapFlexprice } from '../../src/providers/flexprice/map.js';
import { readInvoice as readFlexprice } from '../../src/providers/flexprice/wire.js';
import { isPreviewId, mapInvoice as mapStripe, originOf, toMinorUnits } from '../../src/providers/stripe/map.js';
import { readInvoice as readStripe } from '../../src/providers/stripe/wire.js';

/** An amount as a caller sees it: exact digits and currency. */
const shown = (value: Money | null) => (value ? `${amountString(value)} ${value.currency}` : null);

const stripeLine = {
  id: 'il_1',
  object: 'line_item',
  amount: 1050,
  currency: 'usd',
  description: '1 × Seat',
  period: { start: 1767225600, end: 1769904000 },
  quantity: 1,
  pricing: { unit_amount_decimal: '1050.5' },
  pretax_credit_amounts: [{ amount: 25, type: 'discount', discount: 'di_1', credit_balance_transaction: null }],
  parent: { subscription_item_details: { proration: true } },
};

const stripeInvoice = (overrides: Record<string, unknown> = {}) => ({
  id: 'in_1',
  object: 'invoice',
  status: 'open',
  currency: 'usd',
  amount_due: '#123456789012345678',
  amount_paid: 100,
  amount_remaining: '#123456789012345578',
  subtotal: 2000,
  total: 2100,
  total_taxes: [{ amount: 70 }, { amount: 30 }],
  total_discount_amounts: [],
  period_start: 1767225600,
  period_end: 1769904000,
  created: 1767225601,
  due_date: 1769904000,
  customer: 'cus_A',
  number: 'INV-1',
  billing_reason: 'subscription_cycle',
  description: 'November',
  attempt_count: 2,
  attempted: true,
  auto_advance: false,
  hosted_invoice_url: 'https://pay.example/in_1',
  invoice_pdf: 'https://pay.example/in_1.pdf',
  parent: { subscription_details: { subscription: 'sub_1' } },
  lines: { object: 'list', data: [stripeLine], has_more: true },
  ...overrides,
});

/** "#digits" strings are written as raw JSON numbers: integers beyond 2^53, as Stripe may send them. */
const stripe = (body: unknown, customer = 'cus_A'): Invoice =>
  mapStripe(readStripe(WireReader.root('stripe', parseLosslessJson(JSON.stringify(body).replace(/"#(\d+)"/g, '$1')))), customer);

describe('Stripe map', () => {
  it('maps an invoice exactly, amounts through the currency exponent (beyond 2^53 too)', () => {
    const invoice = stripe(stripeInvoice());
    expect(invoice.ref).toEqual({ provider: 'stripe', customer: 'cus_A', key: 'in_1', preview: false });
    expect(invoice).toMatchObject({
      providerId: 'in_1',
      number: 'INV-1',
      status: 'OPEN',
      providerStatus: 'open',
      origin: 'AUTO',
      description: 'November',
      currency: 'USD',
      pdfUrl: 'https://pay.example/in_1.pdf',
      hostedUrl: 'https://pay.example/in_1',
      attemptCount: 2,
      attempted: true,
      autoAdvance: false,
      customerId: 'cus_A',
      subscriptionId: 'sub_1',
      linesHasMore: true,
    });
    expect(shown(invoice.amountDue)).toBe('1234567890123456.78 USD');
    expect(shown(invoice.amountPaid)).toBe('1.00 USD');
    expect(shown(invoice.amountRemaining)).toBe('1234567890123455.78 USD');
    expect(shown(invoice.subtotal)).toBe('20.00 USD');
    expect(shown(invoice.total)).toBe('21.00 USD');
    expect(shown(invoice.tax)).toBe('1.00 USD');
    expect(shown(invoice.discount)).toBe('0.00 USD');
    expect(invoice.periodStart?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(invoice.periodEnd?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(invoice.createdAt?.toISOString()).toBe('2026-01-01T00:00:01.000Z');
    expect(invoice.dueAt?.toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

  it('maps lines: amount, exact unit amount, period, proration and credits', () => {
    const [line] = stripe(stripeInvoice()).lines;
    expect(line!.id).toBe('il_1');
    expect(line!.description).toBe('1 × Seat');
    expect(shown(line!.amount)).toBe('10.50 USD');
    expect(line!.quantity?.toString()).toBe('1');
    expect(line!.unitAmount?.amount.toString()).toBe('10.505');
    expect(line!.unitAmount?.currency).toBe('USD');
    expect(line!.proration).toBe(true);
    expect(line!.periodStart?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(line!.credits).toEqual([
      { amount: { amount: Decimal.parse('0.25'), currency: 'USD' }, type: 'discount', creditBalanceTransaction: null, discount: 'di_1' },
    ]);
    const plain = stripe(
      stripeInvoice({ lines: { object: 'list', data: [{ ...stripeLine, pricing: undefined, parent: undefined }], has_more: false } }),
    );
    expect(plain.lines[0]!.unitAmount).toBeNull();
    expect(plain.lines[0]!.proration).toBe(false);
    expect(plain.linesHasMore).toBe(false);
  });

  it('amounts are normalised: 1000 JPY is 1000, not 1000.00; 1050 cents is 10.5', () => {
    const jpy = stripe(stripeInvoice({ currency: 'jpy', amount_due: 1000, lines: { object: 'list', data: [], has_more: false } }));
    expect(jpy.amountDue.amount.toString()).toBe('1000');
    expect(stripe(stripeInvoice({ amount_due: 1050 })).amountDue.amount.toString()).toBe('10.5');
  });

  it('the customer is only what Stripe said; the asked-for one only names the ref', () => {
    const invoice = stripe(stripeInvoice({ customer: undefined }), 'cus_asked');
    expect(invoice.customerId).toBeNull();
    expect(invoice.ref.customer).toBe('cus_asked');
    expect(stripe(stripeInvoice({ customer: { id: 'cus_B', object: 'customer' } }), 'cus_asked').ref.customer).toBe('cus_B');
  });

  it('no status, no due date, no taxes, every status', () => {
    const invoice = stripe(stripeInvoice({ status: null, due_date: null, total_taxes: undefined, total_discount_amounts: undefined }));
    expect(invoice.status).toBeNull();
    expect(invoice.providerStatus).toBeNull();
    expect(invoice.dueAt).toBeNull();
    expect(invoice.tax).toBeNull();
    expect(invoice.discount).toBeNull();
    for (const [status, expected] of [
      ['draft', 'DRAFT'],
      ['open', 'OPEN'],
      ['paid', 'PAID'],
      ['uncollectible', 'UNCOLLECTIBLE'],
      ['void', 'VOID'],
    ]) {
      expect(stripe(stripeInvoice({ status })).status).toBe(expected);
    }
  });

  it('previews are known by their id', () => {
    expect(stripe(stripeInvoice({ id: 'upcoming_in_1abc' })).ref.preview).toBe(true);
    expect(isPreviewId('upcoming_in_1')).toBe(true);
    expect(isPreviewId('in_upcoming_in_1')).toBe(false);
  });

  it('origin from billing_reason', () => {
    for (const reason of [
      'subscription',
      'subscription_create',
      'subscription_cycle',
      'subscription_update',
      'subscription_threshold',
      'upcoming',
    ])
      expect(originOf(reason), reason).toBe('AUTO');
    for (const reason of ['manual', 'quote_accept', 'automatic_pending_invoice_item_invoice'])
      expect(originOf(reason), reason).toBe('MANUAL');
    for (const reason of [null, 'other', 'xsubscription', 'upcoming_x', 'manualx']) expect(originOf(reason), String(reason)).toBeNull();
  });

  it('major units to minor units, exact both ways', () => {
    expect(toMinorUnits(Decimal.parse('10.50'), 'USD')).toEqual({ integer: 1050n, decimal: Decimal.parse('1050') });
    const fine = toMinorUnits(Decimal.parse('10.505'), 'USD');
    expect(fine.integer).toBeNull();
    expect(fine.decimal.toString()).toBe('1050.5');
    expect(toMinorUnits(Decimal.parse('1000'), 'JPY').integer).toBe(1000n);
  });
});

const flexpriceLine = {
  id: 'li_1',
  display_name: 'API calls',
  plan_display_name: 'Pro',
  meter_display_name: 'Calls',
  amount: '12.345678901234567891',
  quantity: '1000.5',
  currency: 'usd',
  period_start: '2026-11-01T00:00:00Z',
  period_end: '2026-12-01T00:00:00Z',
  prepaid_credits_applied: '1.25',
  line_item_discount: '0.50',
};

const flexpriceInvoice = (overrides: Record<string, unknown> = {}) => ({
  id: 'inv_1',
  customer_id: 'cust_1',
  subscription_id: 'subs_1',
  invoice_type: 'SUBSCRIPTION',
  invoice_status: 'FINALIZED',
  payment_status: 'SUCCEEDED',
  currency: 'usd',
  amount_due: '100.000000000000000001',
  amount_paid: '100.000000000000000001',
  amount_remaining: '0',
  subtotal: '110',
  total: '100.000000000000000001',
  total_discount: '10',
  total_tax: '0.5',
  invoice_number: 'INV-0001',
  description: 'Monthly',
  billing_reason: 'SUBSCRIPTION_CYCLE',
  due_date: '2026-12-05T00:00:00Z',
  period_start: '2026-11-01T00:00:00Z',
  period_end: '2026-12-01T00:00:00Z',
  created_at: '2026-12-01T00:00:05Z',
  invoice_pdf_url: 'https://fp.example/inv_1.pdf',
  line_items: [flexpriceLine],
  ...overrides,
});

const flexprice = (body: unknown, preview = false): Invoice =>
  mapFlexprice(readFlexprice(WireReader.root('flexprice', parseLosslessJson(JSON.stringify(body)))), preview);

describe('Flexprice map', () => {
  it('maps an invoice with every digit of its decimal strings', () => {
    const invoice = flexprice(flexpriceInvoice());
    expect(invoice.ref).toEqual({ provider: 'flexprice', customer: 'cust_1', key: 'inv_1', preview: false });
    expect(invoice).toMatchObject({
      providerId: 'inv_1',
      number: 'INV-0001',
      status: 'PAID',
      providerStatus: 'FINALIZED/SUCCEEDED',
      origin: 'AUTO',
      description: 'Monthly',
      currency: 'USD',
      pdfUrl: 'https://fp.example/inv_1.pdf',
      hostedUrl: null,
      attemptCount: null,
      attempted: null,
      autoAdvance: null,
      customerId: 'cust_1',
      subscriptionId: 'subs_1',
      linesHasMore: false,
    });
    expect(shown(invoice.amountDue)).toBe('100.000000000000000001 USD');
    expect(shown(invoice.amountPaid)).toBe('100.000000000000000001 USD');
    expect(shown(invoice.amountRemaining)).toBe('0.00 USD');
    expect(shown(invoice.subtotal)).toBe('110.00 USD');
    expect(shown(invoice.total)).toBe('100.000000000000000001 USD');
    expect(shown(invoice.discount)).toBe('10.00 USD');
    expect(shown(invoice.tax)).toBe('0.50 USD');
    expect(invoice.periodStart?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(invoice.periodEnd?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(invoice.createdAt?.toISOString()).toBe('2026-12-01T00:00:05.000Z');
    expect(invoice.dueAt?.toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(flexprice(flexpriceInvoice(), true).ref.preview).toBe(true);
  });

  it('maps lines: the first name given, exact amount and quantity, no invented unit price, credits that are not zero', () => {
    const [line] = flexprice(flexpriceInvoice()).lines;
    expect(line).toEqual({
      id: 'li_1',
      description: 'API calls',
      amount: { amount: Decimal.parse('12.345678901234567891'), currency: 'USD' },
      quantity: Decimal.parse('1000.5'),
      unitAmount: null,
      periodStart: new Date('2026-11-01T00:00:00Z'),
      periodEnd: new Date('2026-12-01T00:00:00Z'),
      proration: false,
      credits: [
        {
          amount: { amount: Decimal.parse('1.25'), currency: 'USD' },
          type: 'prepaid_credits',
          creditBalanceTransaction: null,
          discount: null,
        },
        { amount: { amount: Decimal.parse('0.50'), currency: 'USD' }, type: 'discount', creditBalanceTransaction: null, discount: null },
      ],
    });
    const names = (overrides: Record<string, unknown>) =>
      flexprice(flexpriceInvoice({ line_items: [{ ...flexpriceLine, ...overrides }] })).lines[0]!.description;
    expect(names({ display_name: '' })).toBe('Calls');
    expect(names({ display_name: null, meter_display_name: null })).toBe('Pro');
    expect(names({ display_name: null, meter_display_name: null, plan_display_name: null })).toBeNull();
    const zero = flexprice(
      flexpriceInvoice({ line_items: [{ ...flexpriceLine, prepaid_credits_applied: '0.00', line_item_discount: '0' }] }),
    );
    expect(zero.lines[0]!.credits).toEqual([]);
    const none = flexprice(
      flexpriceInvoice({ line_items: [{ ...flexpriceLine, prepaid_credits_applied: null, line_item_discount: undefined }] }),
    );
    expect(none.lines[0]!.credits).toEqual([]);
    const discountOnly = flexprice(flexpriceInvoice({ line_items: [{ ...flexpriceLine, prepaid_credits_applied: '0' }] }));
    expect(discountOnly.lines[0]!.credits.map((c) => c.type)).toEqual(['discount']);
  });

  it('optional amounts absent are null; lines skipped are an empty list', () => {
    const invoice = flexprice(
      flexpriceInvoice({ subtotal: null, total: undefined, total_discount: null, total_tax: null, line_items: undefined }),
    );
    expect(invoice.subtotal).toBeNull();
    expect(invoice.total).toBeNull();
    expect(invoice.discount).toBeNull();
    expect(invoice.tax).toBeNull();
    expect(invoice.lines).toEqual([]);
  });

  it('origin from invoice_type; CREDIT invoices are neither', () => {
    expect(flexprice(flexpriceInvoice({ invoice_type: 'ONE_OFF' })).origin).toBe('MANUAL');
    expect(flexprice(flexpriceInvoice({ invoice_type: 'CREDIT' })).origin).toBeNull();
    expect(INVOICE_TYPE_FOR_FILTER).toEqual({ ALL: null, AUTO: 'SUBSCRIPTION', MANUAL: 'ONE_OFF' });
  });
});
