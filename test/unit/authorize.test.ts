import { describe, expect, it } from 'vitest';
import { assertCursorVisible, assertCustomer, assertInvoiceVisible, resolveTarget } from '../../src/auth/authorize.js';
import type { Principal } from '../../src/auth/principal.js';
import { CursorCodec } from '../../src/domain/cursor.js';
import { BillingError } from '../../src/domain/errors.js';
import type { Invoice } from '../../src/domain/invoice.js';
import { invoice as anInvoice, money } from '../helpers/invoices.js';

/** A paid 1.00 USD Stripe invoice that the upstream says is `customerId`'s, fetched under `claimed`. */
function invoice(customerId: string | null, claimed = 'cus_A'): Invoice {
  return anInvoice('1.00', [], {
    ref: { provider: 'stripe', customer: claimed, key: 'in_1', preview: false },
    status: 'PAID',
    providerStatus: 'paid',
    amountPaid: money('1.00'),
    amountRemaining: money('0'),
    customerId,
  });
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

/** The error `run` throws, which must be a BillingError. */
function errorOf(run: () => unknown): BillingError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BillingError);
    return error as BillingError;
  }
  throw new Error('expected a BillingError, nothing was thrown');
}

describe('the same customer id at another provider is another customer', () => {
  // One id, two providers: a Stripe token for "cust_X" says nothing about Flexprice's "cust_X".
  const stripeX: Principal = { kind: 'customer', subject: 'user-x', provider: 'stripe', customers: ['cust_X'] };
  const flexpriceInvoiceOfX = (): Invoice => {
    const base = invoice('cust_X', 'cust_X');
    return { ...base, ref: { ...base.ref, provider: 'flexprice' } };
  };

  it("a Stripe token for X cannot see Flexprice X's invoice, though the upstream names X as its customer", () => {
    const error = errorOf(() => assertInvoiceVisible(stripeX, flexpriceInvoiceOfX()));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('you may not see this invoice');
    expect(() => assertInvoiceVisible(stripeX, invoice('cust_X', 'cust_X'))).not.toThrow();
  });

  it('a Stripe token for X may not name Flexprice X', () => {
    const error = errorOf(() => assertCustomer(stripeX, 'flexprice', 'cust_X'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('you may not see customer cust_X');
    expect(() => assertCustomer(stripeX, 'stripe', 'cust_X')).not.toThrow();
    expect(errorOf(() => assertCustomer(stripeX, 'stripe', 'cust_Y')).code).toBe('FORBIDDEN');
    expect(() => assertCustomer({ kind: 'service' }, 'flexprice', 'cust_Y')).not.toThrow();
    expect(() => assertCustomer({ kind: 'pass-through', credentials: {} }, 'flexprice', 'cust_Y')).not.toThrow();
  });

  it("a cursor from Flexprice X's list is FORBIDDEN to the Stripe token for X", () => {
    const codec = new CursorCodec('authorize-test-cursor-secret-0123456789abcdef');
    const encodeCursor = (scope: Record<string, string>, position: string) => codec.encode(scope, position);
    const scope = (p: string, c: string) => ({ k: 'invoices', p, c, t: 'ALL' });
    expect(errorOf(() => assertCursorVisible(stripeX, encodeCursor(scope('flexprice', 'cust_X'), '3'), codec)).code).toBe('FORBIDDEN');
    expect(errorOf(() => assertCursorVisible(stripeX, encodeCursor(scope('stripe', 'cust_Y'), '3'), codec)).code).toBe('FORBIDDEN');
    expect(() => assertCursorVisible(stripeX, encodeCursor(scope('stripe', 'cust_X'), '3'), codec)).not.toThrow();
    expect(() => assertCursorVisible({ kind: 'service' }, encodeCursor(scope('flexprice', 'cust_Y'), '3'), codec)).not.toThrow();
    // What is not a cursor, or not about a known provider and customer, is left to decoding (BAD_USER_INPUT).
    expect(() => assertCursorVisible(stripeX, 'garbage!', codec)).not.toThrow();
    const foreign = new CursorCodec('another-deployment-secret-0123456789abcdef');
    expect(() => assertCursorVisible(stripeX, foreign.encode(scope('flexprice', 'cust_X'), '3'), codec)).not.toThrow();
    expect(() => assertCursorVisible(stripeX, encodeCursor({ k: 'lines', i: 'x' }, '3'), codec)).not.toThrow();
    expect(() => assertCursorVisible(stripeX, encodeCursor({ p: 'flexprice' }, '3'), codec)).not.toThrow();
    expect(() => assertCursorVisible(stripeX, encodeCursor({ c: 'cust_Y' }, '3'), codec)).not.toThrow();
    expect(() => assertCursorVisible(stripeX, encodeCursor(scope('paypal', 'cust_Y'), '3'), codec)).not.toThrow();
  });
});

describe('resolveTarget', () => {
  const defaults = {
    provider: 'cloudflare' as const,
    customerOf: (provider: string) => (provider === 'flexprice' ? null : `default-${provider}`),
  };
  const multi: Principal = { kind: 'customer', subject: 'user-m', provider: 'stripe', customers: ['cus_A', 'cus_B'] };

  it('a customer principal gets its own provider and, when it has only one, its customer', () => {
    expect(resolveTarget(customerA, {}, defaults)).toEqual({ provider: 'stripe', customer: 'cus_A' });
    expect(resolveTarget(customerA, { provider: 'stripe', customer: 'cus_A' }, defaults)).toEqual({
      provider: 'stripe',
      customer: 'cus_A',
    });
  });

  it('a principal of several customers that omits `customer` is asked for it, at the field it sits in', () => {
    const error = errorOf(() => resolveTarget(multi, {}, defaults));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('`customer` is required: you may see cus_A, cus_B');
    expect(error.details.field).toEqual(['customer']);
    const inInput = errorOf(() => resolveTarget(multi, { customer: null }, defaults, ['input', 'customer']));
    expect(inInput.details.field).toEqual(['input', 'customer']);
    expect(resolveTarget(multi, { customer: 'cus_B' }, defaults)).toEqual({ provider: 'stripe', customer: 'cus_B' });
  });

  it('a customer principal may not name another provider or customer', () => {
    const provider = errorOf(() => resolveTarget(customerA, { provider: 'flexprice', customer: 'cus_A' }, defaults));
    expect(provider.code).toBe('FORBIDDEN');
    expect(provider.message).toBe('you may not see invoices of the flexprice provider');
    expect(errorOf(() => resolveTarget(multi, { customer: 'cus_C' }, defaults)).code).toBe('FORBIDDEN');
  });

  it('the service principal takes arguments, else the deployment defaults', () => {
    const service: Principal = { kind: 'service' };
    expect(resolveTarget(service, {}, defaults)).toEqual({ provider: 'cloudflare', customer: 'default-cloudflare' });
    expect(resolveTarget(service, { provider: 'stripe' }, defaults)).toEqual({ provider: 'stripe', customer: 'default-stripe' });
    expect(resolveTarget(service, { provider: 'stripe', customer: 'cus_Z' }, defaults)).toEqual({ provider: 'stripe', customer: 'cus_Z' });
    const none = errorOf(() => resolveTarget(service, { provider: 'flexprice' }, defaults, ['input', 'customer']));
    expect(none.code).toBe('BAD_USER_INPUT');
    expect(none.message).toBe('`customer` is required: no default flexprice customer is configured');
    expect(none.details.field).toEqual(['input', 'customer']);
  });

  it('a named customer must be 1 to 255 characters', () => {
    const service: Principal = { kind: 'service' };
    for (const customer of ['', 'x'.repeat(256)]) {
      const error = errorOf(() => resolveTarget(service, { customer }, defaults));
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toBe('`customer` must be 1 to 255 characters');
      expect(error.details.field).toEqual(['customer']);
    }
    expect(resolveTarget(service, { customer: 'x' }, defaults).customer).toBe('x');
    expect(resolveTarget(service, { customer: 'x'.repeat(255) }, defaults).customer).toHaveLength(255);
  });
});
