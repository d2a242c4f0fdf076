import { Decimal } from '../../src/domain/decimal.js';
import type { Invoice, InvoiceLine } from '../../src/domain/invoice.js';
import type { Money } from '../../src/domain/money.js';

/** Exact money from a decimal string. */
export const money = (amount: string, currency = 'USD'): Money => ({ amount: Decimal.parse(amount), currency });

/** A provider-neutral invoice line: 1 × `amount` USD unless told otherwise. */
export function line(description: string, amount: string, overrides: Partial<InvoiceLine> = {}): InvoiceLine {
  return {
    id: null,
    description,
    amount: money(amount, overrides.amount?.currency ?? 'USD'),
    quantity: Decimal.parse('1'),
    unitAmount: null,
    periodStart: new Date('2026-11-01T00:00:00Z'),
    periodEnd: new Date('2026-12-01T00:00:00Z'),
    proration: false,
    credits: [],
    ...overrides,
  };
}

/** A provider-neutral Stripe invoice of `amountDue` USD for cus_A, with the given lines. */
export function invoice(amountDue: string, lines: InvoiceLine[] = [], overrides: Partial<Invoice> = {}): Invoice {
  const currency = overrides.currency ?? 'USD';
  return {
    ref: { provider: 'stripe', customer: 'cus_A', key: 'in_1', preview: false },
    providerId: 'in_1',
    number: null,
    status: 'OPEN',
    providerStatus: 'open',
    origin: 'AUTO',
    description: null,
    currency,
    amountDue: money(amountDue, currency),
    amountPaid: money('0', currency),
    amountRemaining: money(amountDue, currency),
    subtotal: null,
    tax: null,
    discount: null,
    total: null,
    periodStart: null,
    periodEnd: null,
    createdAt: null,
    dueAt: null,
    pdfUrl: null,
    hostedUrl: null,
    attemptCount: null,
    attempted: null,
    autoAdvance: null,
    customerId: 'cus_A',
    subscriptionId: null,
    lines,
    linesHasMore: false,
    ...overrides,
  };
}
