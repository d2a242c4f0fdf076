import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CF_DEFAULT_ACCOUNT, CF_EUR_ACCOUNT } from '../../src/sandbox/cloudflare/data.js';
import { FP_DEFAULT_CUSTOMER, FP_MULTI_CUSTOMER, FP_MULTI_SUBSCRIPTIONS } from '../../src/sandbox/flexprice/data.js';
import { STRIPE_DEFAULT_CUSTOMER, STRIPE_SECOND_USD_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { bearer, codes, customerToken, JWT_ENV, startSecureHarness, type SecureHarness } from './support.js';

/**
 * Two customers of each provider under JWT: A may never read B, whatever ids, cursors or arguments A
 * forges; and no upstream request about B is made on A's behalf.
 */
const PROVIDERS = [
  { provider: 'cloudflare', A: CF_DEFAULT_ACCOUNT, B: CF_EUR_ACCOUNT },
  { provider: 'stripe', A: STRIPE_DEFAULT_CUSTOMER, B: STRIPE_SECOND_USD_CUSTOMER },
  { provider: 'flexprice', A: FP_DEFAULT_CUSTOMER, B: FP_MULTI_CUSTOMER },
] as const;
const CACHE = [
  { label: 'no response cache', env: {} as Record<string, string>, cached: false },
  { label: 'response cache on', env: { BILLGRAPH_RESPONSE_CACHE_TTL_MS: '60000' }, cached: true },
];

const LIST = `query List($customer: String, $after: String) {
  invoices(customer: $customer, first: 5, after: $after) {
    nodes { id number customerId amountDue { amount currency } }
    pageInfo { endCursor }
  }
}`;
const BY_ID = `query ById($id: ID!) { invoice(id: $id) { id number customerId amountDue { amount } } }`;
const BY_NODE = `query ByNode($id: ID!) { node(id: $id) { id ... on Invoice { number customerId amountDue { amount } } } }`;
const UPCOMING = `query Up($customer: String) { upcomingInvoice(customer: $customer) { id customerId amountDue { amount } } }`;
const PREVIEW = `mutation Preview($customer: String) {
  previewInvoice(input: { customer: $customer }) {
    __typename
    ... on PreviewInvoiceSuccess { invoice { id customerId amountDue { amount } } }
  }
}`;

const globalId = (local: unknown[]) => Buffer.from(`Invoice:${JSON.stringify(local)}`, 'utf8').toString('base64url');
const localOf = (id: string) => JSON.parse(Buffer.from(id, 'base64url').toString('utf8').slice('Invoice:'.length)) as unknown[];

describe.each(PROVIDERS.flatMap((p) => CACHE.map((c) => ({ ...p, ...c }))))(
  '$provider: customer A cannot read customer B under JWT ($label)',
  ({ provider, A, B, env, cached }) => {
    let h: SecureHarness;
    let asA: Record<string, string>;
    let asB: Record<string, string>;
    let bInvoice: { id: string; number: string | null; amountDue: { amount: string } };
    let bCursor: string;

    /** Upstream requests about B (its id in the path or query) since the last reset. */
    const requestsAboutB = () =>
      h.sandbox.received.filter((r) => r.path.includes(B) || decodeURIComponent(r.query).includes(B) || r.body.includes(B)).length;
    /** The answer must hold nothing of B's: no B invoice id or number, no invoice owned by B. */
    const expectNothingOfB = (text: string) => {
      expect(text).not.toContain(bInvoice.id);
      if (bInvoice.number) expect(text).not.toContain(`"${bInvoice.number}"`);
      expect(text).not.toContain(`"customerId":"${B}"`);
    };

    beforeAll(async () => {
      h = await startSecureHarness({ ...JWT_ENV, ...env });
      asA = bearer(await customerToken(provider, [A]));
      asB = bearer(await customerToken(provider, [B]));
      const own = await h.graphql(LIST, {}, asB);
      expect(own.body.errors).toBeUndefined();
      bInvoice = own.body.data.invoices.nodes[0];
      bCursor = own.body.data.invoices.pageInfo.endCursor;
      expect(own.body.data.invoices.nodes.every((n: { customerId: string }) => n.customerId === B)).toBe(true);
    });
    afterAll(() => h?.close());

    it('A sees its own invoices (and only them) without naming a customer', async () => {
      const { body, text } = await h.graphql(LIST, {}, asA);
      expect(body.errors).toBeUndefined();
      expect(body.data.invoices.nodes.length).toBeGreaterThan(0);
      expect(body.data.invoices.nodes.every((n: { customerId: string }) => n.customerId === A)).toBe(true);
      expectNothingOfB(text);
    });

    it('by argument: invoices, upcomingInvoice and previewInvoice for B are FORBIDDEN with no upstream call about B', async () => {
      h.sandbox.reset();
      for (const [query, variables] of [
        [LIST, { customer: B }],
        [UPCOMING, { customer: B }],
        [PREVIEW, { customer: B }],
      ] as const) {
        const { body, text } = await h.graphql(query, variables, asA);
        expect(codes(body), query).toEqual(['FORBIDDEN']);
        expectNothingOfB(text);
      }
      expect(requestsAboutB()).toBe(0);
    });

    it("by invoice(id) and node(id) with B's own id: FORBIDDEN before any upstream call", async () => {
      h.sandbox.reset();
      for (const query of [BY_ID, BY_NODE]) {
        const { body, text } = await h.graphql(query, { id: bInvoice.id }, asA);
        expect(codes(body), query).toEqual(['FORBIDDEN']);
        expectNothingOfB(text);
      }
      expect(h.sandbox.received).toHaveLength(0);
    });

    it("by a forged id naming A with B's invoice key: read exactly like a key that does not exist, nothing fetched about B", async () => {
      h.sandbox.reset();
      const key = String(localOf(bInvoice.id)[2]);
      const forged = globalId([provider, A, key, 0]);
      const missingKey = provider === 'flexprice' ? 'inv_doesnotexist000000000001' : 'in_DoesNotExist000000000001';
      const missing = globalId([provider, A, missingKey, 0]);
      // Decided from the invoice the upstream returns (its customer is B), not from the id's claim. B's key
      // and a key nobody has get the same answer (issue 10, item 7; this was FORBIDDEN for B's key, an
      // existence oracle): NOT_FOUND from invoice(id), null from node(id) as Relay has it.
      const byId = await h.graphql(BY_ID, { id: forged }, asA);
      const byIdMissing = await h.graphql(BY_ID, { id: missing }, asA);
      expect(codes(byId.body)).toEqual(['NOT_FOUND']);
      expect(codes(byIdMissing.body)).toEqual(['NOT_FOUND']);
      expect(byId.body.errors?.[0]?.message.replace(key, 'KEY')).toBe(byIdMissing.body.errors?.[0]?.message.replace(missingKey, 'KEY'));
      expect(byId.body.errors?.[0]?.extensions).toEqual(byIdMissing.body.errors?.[0]?.extensions);
      expectNothingOfB(byId.text);
      for (const id of [forged, missing]) {
        const byNode = await h.graphql(BY_NODE, { id }, asA);
        expect(byNode.body).toEqual({ data: { node: null } });
      }
      // Only reads addressed to A (or by B's invoice key, whose answer is then refused) were made.
      expect(h.sandbox.received.filter((r) => r.path.includes(B) || decodeURIComponent(r.query).includes(`customer=${B}`))).toHaveLength(0);
    });

    it("by a cursor taken from B's query: FORBIDDEN, with or without naming a customer", async () => {
      h.sandbox.reset();
      for (const variables of [{ after: bCursor }, { after: bCursor, customer: A }, { after: bCursor, customer: B }]) {
        const { body, text } = await h.graphql(LIST, variables, asA);
        expect(codes(body), JSON.stringify(variables)).toEqual(['FORBIDDEN']);
        expectNothingOfB(text);
      }
      expect(h.sandbox.received).toHaveLength(0);
    });

    it('a JWT for another provider cannot read this provider', async () => {
      const other = provider === 'stripe' ? 'flexprice' : 'stripe';
      h.sandbox.reset();
      const { body } = await h.graphql(
        `{ invoices(provider: ${provider.toUpperCase()}, customer: "${A}", first: 1) { totalCount } }`,
        {},
        bearer(await customerToken(other, [A])),
      );
      expect(codes(body)).toEqual(['FORBIDDEN']);
      expect(h.sandbox.received).toHaveLength(0);
    });

    it('the same document sent by B then by A answers each with their own data (caches keyed by principal)', async () => {
      const fromB = await h.graphql(LIST, {}, asB);
      const fromA = await h.graphql(LIST, {}, asA);
      h.sandbox.reset();
      const fromBAgain = await h.graphql(LIST, {}, asB);
      // With the cache on, B's repeat is served from B's own cache entry: no upstream call.
      expect(h.sandbox.received.length === 0).toBe(cached);
      expect(fromB.body.data.invoices.nodes.every((n: { customerId: string }) => n.customerId === B)).toBe(true);
      expect(fromA.body.data.invoices.nodes.every((n: { customerId: string }) => n.customerId === A)).toBe(true);
      expect(fromBAgain.body).toEqual(fromB.body);
      expectNothingOfB(fromA.text);
    });
  },
);

/** A names one of B's subscriptions: the same answer as a subscription that does not exist, nothing of B's. */
describe.each([
  { provider: 'flexprice', A: FP_DEFAULT_CUSTOMER, bSubscription: FP_MULTI_SUBSCRIPTIONS[0], missing: 'subs_does_not_exist' },
  { provider: 'stripe', A: STRIPE_DEFAULT_CUSTOMER, bSubscription: 'sub_SbxHooli00001', missing: 'sub_DoesNotExist01' },
] as const)("$provider: customer A naming B's subscription under JWT", ({ provider, A, bSubscription, missing }) => {
  let h: SecureHarness;
  let asA: Record<string, string>;
  beforeAll(async () => {
    h = await startSecureHarness(JWT_ENV);
    asA = bearer(await customerToken(provider, [A]));
  });
  afterAll(() => h?.close());

  const UPCOMING_OF = `query($subscription: String) { upcomingInvoice(subscription: $subscription) { id customerId amountDue { amount } } }`;
  const PREVIEW_OF = `mutation($subscription: String) { previewInvoice(input: { subscription: $subscription }) {
    __typename ... on PreviewInvoiceSuccess { invoice { customerId } } ... on NotFoundError { message } ... on InvalidInputError { message } } }`;

  it('upcomingInvoice and previewInvoice: NOT_FOUND exactly as for a missing one, nothing of B in the answer, never previewed', async () => {
    h.sandbox.reset();
    const forB = await h.graphql(UPCOMING_OF, { subscription: bSubscription }, asA);
    const forMissing = await h.graphql(UPCOMING_OF, { subscription: missing }, asA);
    expect(forB.body.data?.upcomingInvoice ?? null).toBeNull();
    // billgraph asks the upstream itself whether the subscription is A's, so B's and a missing one read alike
    // (issue 10, item 7: Stripe answered B's with BAD_USER_INPUT "does not belong to customer").
    expect(codes(forB.body)).toEqual(['NOT_FOUND']);
    expect(forB.body.errors?.[0]).toEqual({
      ...forMissing.body.errors?.[0],
      message: forMissing.body.errors?.[0]?.message.replace(missing, bSubscription),
    });
    expect(forB.text).not.toContain(STRIPE_SECOND_USD_CUSTOMER);
    expect(forB.text).not.toContain(FP_MULTI_CUSTOMER);
    const preview = await h.graphql(PREVIEW_OF, { subscription: bSubscription }, asA);
    const previewMissing = await h.graphql(PREVIEW_OF, { subscription: missing }, asA);
    const name = provider === 'stripe' ? 'Stripe' : 'Flexprice';
    expect(preview.body.data.previewInvoice).toEqual({
      __typename: 'NotFoundError',
      message: `${name} customer ${A} has no subscription ${bSubscription}`,
    });
    expect(previewMissing.body.data.previewInvoice).toEqual({
      __typename: 'NotFoundError',
      message: `${name} customer ${A} has no subscription ${missing}`,
    });
    // The preview request must never be sent for B's subscription (Flexprice's names no customer; Stripe's
    // would compute B's invoice).
    const previews = h.sandbox.received.filter((r) => /\/invoices\/(preview|create_preview)$/.test(r.path));
    expect(previews.filter((r) => decodeURIComponent(r.body).includes(bSubscription))).toEqual([]);
  });
});
