import { describe, expect, it } from 'vitest';
import { assertInvoiceVisible } from '../../src/auth/authorize.js';
import type { Principal } from '../../src/auth/principal.js';
import { Decimal } from '../../src/domain/decimal.js';
import type { Invoice } from '../../src/domain/invoice.js';

const usd = (amount: string) => ({ amount: Decimal.parse(amount), currency: 'USD' });

function invoice(customerId: string | null, claimed = 'cus_A'): Invoice {
  return {
    ref: { provider: 'stripe', customer: claimed, key: 'in_1', preview: false },
    providerId: 'in_1',
    number: null,
    status: 'PAID',
    providerStatus: 'paid',
    origin: 'AUTO',
    description: null,
    currency: 'USD',
    amountDue: usd('1.00'),
    amountPaid: usd('1.00'),
    amountRemaining: usd('0'),
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
    customerId,
    subscriptionId: null,
    lines: [],
    linesHasMore: false,
  };
}

const customerA: Principal = { kind: 'customer', subject: 'user-a', provider: 'stripe', customers: ['cus_A'] };

describe('assertInvoiceVisible decides from the customer the upstream reported', () => {
  it('lets a customer see its own invoice', () => {
    expect(() => assertInvoiceVisible(customerA, invoice('cus_A'))).not.toThrow();
  });

  it("refuses another customer's invoice even when the id claimed the caller's customer", () => {
    expect(() => assertInvoiceVisible(customerA, invoice('cus_B', 'cus_A'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('fails closed when the upstream named no customer (the claimed one does not stand in)', () => {
    expect(() => assertInvoiceVisible(customerA, invoice(null, 'cus_A'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('does not restrict the service principal', () => {
    expect(() => assertInvoiceVisible({ kind: 'service' }, invoice(null))).not.toThrow();
  });
});
