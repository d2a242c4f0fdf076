import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FP_MULTI_CUSTOMER, FP_MULTI_SUBSCRIPTIONS } from '../../src/sandbox/flexprice/data.js';
import { STRIPE_DEFAULT_CUSTOMER, STRIPE_MULTI_SUBSCRIPTION_CUSTOMER, STRIPE_SECOND_USD_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { customerToken, JWT_ENV } from '../security/support.js';

/**
 * What a Relay client gets (README "Frontend: Relay"). The documents are the ones the Relay compiler writes for
 * `fragment UpcomingInvoice_invoice on Invoice @refetchable(queryName: "UpcomingInvoiceRefetchQuery")`: the
 * fragment spread into `node(id:)` with `__typename` and `id`.
 */
const FRAGMENT = `fragment UpcomingInvoice_invoice on Invoice {
  id isPreview subscriptionId amountDue { amount formatted }
  lines(first: 2) { edges { cursor node { description amount { amount } } } pageInfo { hasNextPage endCursor } }
}`;
const REFETCH = `query UpcomingInvoiceRefetchQuery($id: ID!) { node(id: $id) { __typename ...UpcomingInvoice_invoice id } } ${FRAGMENT}`;
const UPCOMING = `query Upcoming($provider: BillingProvider, $customer: String, $subscription: String) {
  upcomingInvoice(provider: $provider, customer: $customer, subscription: $subscription) { ...UpcomingInvoice_invoice id }
} ${FRAGMENT}`;
const PREVIEW = `mutation Preview($input: PreviewInvoiceInput!) {
  previewInvoice(input: $input) { __typename ... on PreviewInvoiceSuccess { invoice { ...UpcomingInvoice_invoice id } } }
} ${FRAGMENT}`;

describe('Relay: node(id) refetches an upcoming invoice', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const upcoming = async (variables: Record<string, unknown>) => {
    const { body } = await h.graphql(UPCOMING, variables);
    expect(body.errors).toBeUndefined();
    return body.data.upcomingInvoice;
  };

  it.each(['STRIPE', 'FLEXPRICE', 'CLOUDFLARE'])(
    '%s: the refetch answers the same record, read again from the provider',
    async (provider) => {
      const first = await upcoming({ provider });
      const again = await upcoming({ provider });
      // Flexprice makes a new preview (and preview id) per call; the GraphQL id stays the same.
      expect(again.id).toBe(first.id);
      h.sandbox.reset();
      const { body } = await h.graphql(REFETCH, { id: first.id });
      expect(body).toEqual({ data: { node: { __typename: 'Invoice', ...first } } });
      expect(h.sandbox.count(provider.toLowerCase() as 'stripe')).toBeGreaterThan(0); // read again, not remembered
    },
  );

  it.each([
    ['STRIPE', STRIPE_MULTI_SUBSCRIPTION_CUSTOMER, ['sub_SbxGlobexBas1', 'sub_SbxGlobexEnt1']],
    ['FLEXPRICE', FP_MULTI_CUSTOMER, [...FP_MULTI_SUBSCRIPTIONS]],
  ])(
    '%s: each subscription of a customer has its own upcoming invoice id, and refetches that one',
    async (provider, customer, subscriptions) => {
      const invoices = await Promise.all(subscriptions.map((subscription) => upcoming({ provider, customer, subscription })));
      expect(new Set(invoices.map((invoice) => invoice.id)).size).toBe(subscriptions.length);
      for (const [i, invoice] of invoices.entries()) {
        expect(invoice.subscriptionId).toBe(subscriptions[i]);
        const { body } = await h.graphql(REFETCH, { id: invoice.id });
        expect(body.data.node).toEqual({ __typename: 'Invoice', ...invoice });
      }
    },
  );

  it('a previewed change has its own id (never the upcoming invoice record), stable per input; its refetch is BAD_USER_INPUT', async () => {
    const current = await upcoming({ provider: 'STRIPE', customer: STRIPE_DEFAULT_CUSTOMER });
    const input = { provider: 'STRIPE', customer: STRIPE_DEFAULT_CUSTOMER, changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '8' }] };
    const preview = async (change: Record<string, unknown>) => {
      const { body } = await h.graphql(PREVIEW, { input: change });
      expect(body.data.previewInvoice.__typename, JSON.stringify(body)).toBe('PreviewInvoiceSuccess');
      return body.data.previewInvoice.invoice;
    };
    const eight = await preview(input);
    const nine = await preview({ ...input, changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '9' }] });
    expect(eight.id).not.toBe(current.id); // else Relay would merge the preview's amounts into the upcoming invoice
    expect(nine.id).not.toBe(eight.id);
    expect((await preview(input)).id).toBe(eight.id);

    const { body } = await h.graphql(REFETCH, { id: eight.id });
    expect(body.data).toEqual({ node: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['node'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(body.errors![0]!.message).toMatch(/previewed change.*run `previewInvoice` again/);
  });
});

describe('Relay refetch under a JWT principal', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(JWT_ENV);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("refetches the caller's own upcoming invoice; another customer's upcoming id is FORBIDDEN before any upstream call", async () => {
    const mine = { authorization: `Bearer ${await customerToken('stripe', [STRIPE_DEFAULT_CUSTOMER])}` };
    const own = await h.graphql(UPCOMING, { provider: 'STRIPE' }, mine);
    expect(own.body.errors).toBeUndefined();
    const refetched = await h.graphql(REFETCH, { id: own.body.data.upcomingInvoice.id }, mine);
    expect(refetched.body.data.node.id).toBe(own.body.data.upcomingInvoice.id);

    const theirs = Buffer.from(`Invoice:${JSON.stringify(['stripe', STRIPE_SECOND_USD_CUSTOMER, null, 1])}`).toString('base64url');
    h.sandbox.reset();
    const { body } = await h.graphql(REFETCH, { id: theirs }, mine);
    expect(body.data).toEqual({ node: null });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(h.sandbox.count('stripe')).toBe(0);
  });
});
