import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FP_DEFAULT_CUSTOMER } from '../../src/sandbox/flexprice/data.js';
import { bearer, codes, customerToken, JWT_ENV, startSecureHarness, type SecureHarness } from './support.js';

/**
 * A customer is a provider and an id together. A JWT for Stripe customer X must not read Flexprice customer
 * X, even though the id is the same string and Flexprice reports X as the invoice's customer.
 */
const X = FP_DEFAULT_CUSTOMER;

const LIST = `query List($after: String) {
  invoices(first: 2, after: $after) { nodes { id customerId } pageInfo { endCursor } }
}`;
const BY_ID = `query ById($id: ID!) { invoice(id: $id) { id customerId amountDue { amount } } }`;
const BY_NODE = `query ByNode($id: ID!) { node(id: $id) { id ... on Invoice { customerId } } }`;

describe('a Stripe token for customer X cannot read Flexprice customer X', () => {
  let h: SecureHarness;
  let asFlexpriceX: Record<string, string>;
  let asStripeX: Record<string, string>;
  let flexpriceInvoiceId: string;
  let flexpriceCursor: string;

  beforeAll(async () => {
    h = await startSecureHarness(JWT_ENV);
    asFlexpriceX = bearer(await customerToken('flexprice', [X]));
    asStripeX = bearer(await customerToken('stripe', [X]));
    const own = await h.graphql(LIST, {}, asFlexpriceX);
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.invoices.nodes[0].customerId).toBe(X);
    flexpriceInvoiceId = own.body.data.invoices.nodes[0].id;
    flexpriceCursor = own.body.data.invoices.pageInfo.endCursor;
  });
  afterAll(() => h?.close());

  it('the Flexprice token reads its invoice by id (the control)', async () => {
    const { body } = await h.graphql(BY_ID, { id: flexpriceInvoiceId }, asFlexpriceX);
    expect(body.errors).toBeUndefined();
    expect(body.data.invoice.customerId).toBe(X);
  });

  it("invoice(id) and node(id) of Flexprice X's invoice are FORBIDDEN to Stripe X, before any upstream call", async () => {
    h.sandbox.reset();
    const byId = await h.graphql(BY_ID, { id: flexpriceInvoiceId }, asStripeX);
    expect(codes(byId.body)).toEqual(['FORBIDDEN']);
    expect(byId.body.data?.invoice ?? null).toBeNull();
    const byNode = await h.graphql(BY_NODE, { id: flexpriceInvoiceId }, asStripeX);
    expect(codes(byNode.body)).toEqual(['FORBIDDEN']);
    expect(byNode.text).not.toContain(`"customerId":"${X}"`);
    expect(h.sandbox.received).toHaveLength(0);
  });

  it("a cursor from Flexprice X's list is FORBIDDEN to Stripe X, before any upstream call", async () => {
    h.sandbox.reset();
    const { body } = await h.graphql(LIST, { after: flexpriceCursor }, asStripeX);
    expect(codes(body)).toEqual(['FORBIDDEN']);
    expect(h.sandbox.received).toHaveLength(0);
  });
});
