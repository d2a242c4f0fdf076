import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { changedPreviewFields, compareInvoices, periodPreviewFields, type PreviewInvoiceInput } from '../../src/domain/preview.js';
import { invoice, line, money } from '../helpers/invoices.js';

const descriptions = (lines: { description: string | null }[]) => lines.map((l) => l.description);
const amount = (value: { amount: Decimal; currency: string } | null) => (value ? `${value.amount.toString()} ${value.currency}` : null);

describe('compareInvoices: what a change does to the upcoming invoice', () => {
  it('reports before, after and the exact difference, and the lines added and removed', () => {
    const current = invoice('10.10', [line('Seat', '10.10')]);
    const previewed = invoice('25.35', [line('Seat', '10.10'), line('Support', '15.25')]);
    const change = compareInvoices(current, previewed);
    expect(amount(change.amountDueBefore)).toBe('10.10 USD');
    expect(amount(change.amountDueAfter)).toBe('25.35 USD');
    expect(amount(change.amountDueDifference)).toBe('15.25 USD');
    expect(descriptions(change.linesAdded)).toEqual(['Support']);
    expect(change.linesRemoved).toEqual([]);
    expect(change.prorationLines).toEqual([]);
    expect(change.linesComplete).toBe(true);
  });

  it('a decrease is a negative difference, and removed lines are listed', () => {
    const change = compareInvoices(invoice('30', [line('Seat', '10'), line('Add-on', '20')]), invoice('10', [line('Seat', '10')]));
    expect(amount(change.amountDueDifference)).toBe('-20 USD');
    expect(descriptions(change.linesRemoved)).toEqual(['Add-on']);
    expect(change.linesAdded).toEqual([]);
  });

  it('without a current invoice: no before, the difference is the whole amount, every line is added', () => {
    const change = compareInvoices(null, invoice('5.00', [line('Seat', '5.00')]));
    expect(change.amountDueBefore).toBeNull();
    expect(amount(change.amountDueDifference)).toBe('5.00 USD');
    expect(descriptions(change.linesAdded)).toEqual(['Seat']);
    expect(change.linesRemoved).toEqual([]);
  });

  it('across currencies there is no before and no difference to report, only the amount after', () => {
    const current = invoice('10.00', [line('Seat', '10.00')]);
    const previewed = invoice('9.00', [line('Seat', '9.00', { amount: money('9.00', 'EUR') })], { currency: 'EUR' });
    const change = compareInvoices(current, previewed);
    expect(change.amountDueBefore).toBeNull();
    expect(amount(change.amountDueAfter)).toBe('9.00 EUR');
    expect(amount(change.amountDueDifference)).toBe('9.00 EUR');
    // The same description and digits in another currency is another line.
    const sameDigits = compareInvoices(
      invoice('10.00', [line('Seat', '10.00')]),
      invoice('10.00', [line('Seat', '10.00', { amount: money('10.00', 'EUR') })], { currency: 'EUR' }),
    );
    expect(sameDigits.linesAdded).toHaveLength(1);
    expect(sameDigits.linesRemoved).toHaveLength(1);
  });

  it('duplicate lines are counted: a second identical seat is one line added, dropping one is one line removed', () => {
    const one = invoice('10', [line('Seat', '10')]);
    const two = invoice('20', [line('Seat', '10'), line('Seat', '10')]);
    const three = invoice('30', [line('Seat', '10'), line('Seat', '10'), line('Seat', '10')]);
    expect(compareInvoices(one, two).linesAdded).toHaveLength(1);
    expect(compareInvoices(one, two).linesRemoved).toHaveLength(0);
    expect(compareInvoices(two, one).linesRemoved).toHaveLength(1);
    expect(compareInvoices(two, one).linesAdded).toHaveLength(0);
    expect(compareInvoices(one, three).linesAdded).toHaveLength(2);
    expect(compareInvoices(three, one).linesRemoved).toHaveLength(2);
    expect(compareInvoices(two, two).linesAdded).toHaveLength(0);
    expect(compareInvoices(two, two).linesRemoved).toHaveLength(0);
  });

  it('lines that differ only by period, proration, quantity, amount or description are different lines', () => {
    const base = line('Seat', '10.00');
    const variants = [
      line('Seat', '10.00', { periodStart: new Date('2026-11-15T00:00:00Z') }),
      line('Seat', '10.00', { periodEnd: new Date('2026-12-15T00:00:00Z') }),
      line('Seat', '10.00', { periodStart: null }),
      line('Seat', '10.00', { proration: true }),
      line('Seat', '10.00', { quantity: Decimal.parse('2') }),
      line('Seat', '10.00', { quantity: null }),
      line('Seat', '10.01'),
      line('Seats', '10.00'),
      line('Seat', '10.00', { description: null }),
    ];
    for (const variant of variants) {
      const change = compareInvoices(invoice('10.00', [base]), invoice('10.00', [variant]));
      expect(change.linesAdded, JSON.stringify(variant)).toEqual([variant]);
      expect(change.linesRemoved, JSON.stringify(variant)).toEqual([base]);
    }
  });

  it('lines that differ only in notation (10.0 and 10.00, quantity 1 and 1.0) or id are the same line', () => {
    const current = invoice('10', [line('Seat', '10.0', { id: 'il_1' })]);
    const previewed = invoice('10', [line('Seat', '10.00', { id: 'il_2', quantity: Decimal.parse('1.0') })]);
    const change = compareInvoices(current, previewed);
    expect(change.linesAdded).toEqual([]);
    expect(change.linesRemoved).toEqual([]);
    // A missing description is the same as a missing description, not the text "null".
    const unnamed = compareInvoices(
      invoice('1', [line('', '1', { description: null })]),
      invoice('1', [line('', '1', { description: null })]),
    );
    expect(unnamed.linesAdded).toEqual([]);
  });

  it('lists the proration lines of the previewed invoice', () => {
    const credit = line('Unused time', '-3.33', { proration: true });
    const charge = line('Remaining time', '6.67', { proration: true });
    const change = compareInvoices(invoice('10', [line('Seat', '10')]), invoice('13.34', [line('Seat', '10'), credit, charge]));
    expect(change.prorationLines).toEqual([credit, charge]);
    expect(descriptions(change.linesAdded)).toEqual(['Unused time', 'Remaining time']);
  });

  it('lines are complete only when neither invoice has more lines than it embedded', () => {
    const partial = { linesHasMore: true };
    expect(compareInvoices(invoice('1'), invoice('1')).linesComplete).toBe(true);
    expect(compareInvoices(invoice('1', [], partial), invoice('1')).linesComplete).toBe(false);
    expect(compareInvoices(invoice('1'), invoice('1', [], partial)).linesComplete).toBe(false);
    expect(compareInvoices(null, invoice('1')).linesComplete).toBe(true);
    expect(compareInvoices(null, invoice('1', [], partial)).linesComplete).toBe(false);
  });
});

const emptyInput: PreviewInvoiceInput = {
  provider: 'stripe',
  customer: 'cus_A',
  subscription: null,
  addItems: [],
  changeItems: [],
  removeItems: [],
  invoiceItems: [],
  discounts: [],
  prorationDate: null,
  prorationBehavior: null,
  currency: null,
  periodStart: null,
  periodEnd: null,
  hideZeroCharges: null,
};

describe('preview input fields', () => {
  it('no input changes nothing and chooses no period', () => {
    expect(changedPreviewFields(emptyInput)).toEqual([]);
    expect(periodPreviewFields(emptyInput)).toEqual([]);
  });

  it('names every input that changes the invoice, in order', () => {
    const input: PreviewInvoiceInput = {
      ...emptyInput,
      addItems: [{ price: 'price_1', quantity: null }],
      changeItems: [{ item: 'si_1', quantity: Decimal.parse('2'), price: null }],
      removeItems: ['si_2'],
      invoiceItems: [{ price: null, amount: Decimal.parse('1.50'), quantity: null, description: 'Setup', currency: 'USD' }],
      discounts: [{ coupon: 'SAVE', promotionCode: null }],
      prorationDate: new Date('2026-11-20T00:00:00Z'),
      prorationBehavior: 'NONE',
      currency: 'EUR',
    };
    expect(changedPreviewFields(input)).toEqual([
      'addItems',
      'changeItems',
      'removeItems',
      'invoiceItems',
      'discounts',
      'prorationDate',
      'prorationBehavior',
      'currency',
    ]);
    expect(periodPreviewFields(input)).toEqual([]);
    expect(changedPreviewFields({ ...emptyInput, removeItems: ['si_2'] })).toEqual(['removeItems']);
    expect(changedPreviewFields({ ...emptyInput, currency: 'EUR' })).toEqual(['currency']);
  });

  it('names the period inputs; hideZeroCharges counts when false too', () => {
    const input = { ...emptyInput, periodStart: new Date('2026-11-01T00:00:00Z'), periodEnd: new Date('2026-12-01T00:00:00Z') };
    expect(periodPreviewFields({ ...input, hideZeroCharges: false })).toEqual(['periodStart', 'periodEnd', 'hideZeroCharges']);
    expect(periodPreviewFields({ ...emptyInput, hideZeroCharges: true })).toEqual(['hideZeroCharges']);
    expect(periodPreviewFields({ ...emptyInput, periodEnd: input.periodEnd })).toEqual(['periodEnd']);
    expect(changedPreviewFields(input)).toEqual([]);
  });
});
