import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, InvoiceHistoryDocument, type InvoiceHistoryQuery, type InvoiceType } from '../../src/client/index.js';
import {
  seedStripeAccount,
  STRIPE_DEFAULT_CUSTOMER,
  STRIPE_GBP_CUSTOMER,
  STRIPE_JPY_CUSTOMER,
  STRIPE_KWD_CUSTOMER,
  STRIPE_MULTI_SUBSCRIPTION_CUSTOMER,
  STRIPE_NO_SUBSCRIPTION_CUSTOMER,
  STRIPE_SECOND_USD_CUSTOMER,
} from '../../src/sandbox/stripe/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { CursorCodec } from '../../src/domain/cursor.js';

type Connection = InvoiceHistoryQuery['invoices'];
const account = seedStripeAccount();

/** The seeded history of a customer, newest first, as billgraph should filter it. */
function expectedIds(customer: string, type: InvoiceType): string[] {
  return account.invoices
    .filter((i) => i.customer === customer)
    .filter((i) => type === 'ALL' || (type === 'MANUAL') === (i.billing_reason === 'manual'))
    .map((i) => i.id);
}

describe('Stripe invoice history over real HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ BILLGRAPH_PROVIDER: 'stripe' });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function page(variables: Record<string, unknown>): Promise<Connection> {
    const result = await execute(h.url, InvoiceHistoryDocument, { provider: 'STRIPE', ...variables } as never);
    expect(result.errors).toBeUndefined();
    return (result.data as InvoiceHistoryQuery).invoices;
  }

  async function forward(customer: string, type: InvoiceType, size: number): Promise<Connection[]> {
    const pages: Connection[] = [];
    let after: string | null = null;
    for (let i = 0; i < 60; i += 1) {
      const invoices = await page({ customer, type, first: size, after });
      pages.push(invoices);
      if (!invoices.pageInfo.hasNextPage) return pages;
      after = invoices.pageInfo.endCursor;
    }
    throw new Error('paging forward never ended');
  }

  async function backward(customer: string, type: InvoiceType, size: number): Promise<Connection[]> {
    const pages: Connection[] = [];
    let before: string | null = null;
    for (let i = 0; i < 60; i += 1) {
      const invoices = await page({ customer, type, last: size, before });
      pages.push(invoices);
      if (!invoices.pageInfo.hasPreviousPage) return pages;
      before = invoices.pageInfo.startCursor;
    }
    throw new Error('paging backward never ended');
  }

  it('pages forward and backward through 30+ invoices, each exactly once, in Stripe order', async () => {
    const ids = expectedIds(STRIPE_DEFAULT_CUSTOMER, 'ALL');
    expect(ids.length).toBeGreaterThanOrEqual(30);
    const forwardPages = await forward(STRIPE_DEFAULT_CUSTOMER, 'ALL', 7);
    const seen = forwardPages.flatMap((p) => p.edges.map((e) => e.node.providerId));
    expect(seen).toEqual(ids);
    expect(forwardPages.slice(0, -1).every((p) => p.edges.length === 7)).toBe(true);
    expect(forwardPages[0]?.pageInfo.hasPreviousPage).toBe(false);

    const backwardPages = await backward(STRIPE_DEFAULT_CUSTOMER, 'ALL', 8);
    const seenBackward = backwardPages.reverse().flatMap((p) => p.edges.map((e) => e.node.providerId));
    expect(seenBackward).toEqual(ids);
    expect(backwardPages.at(-1)?.pageInfo.hasNextPage).toBe(false);
  });

  it('pages of 100 go to Stripe as limit=100 and the walk is counted', async () => {
    h.sandbox.reset();
    const invoices = await page({ customer: STRIPE_MULTI_SUBSCRIPTION_CUSTOMER, first: 100 });
    expect(invoices.edges.map((e) => e.node.providerId)).toEqual(expectedIds(STRIPE_MULTI_SUBSCRIPTION_CUSTOMER, 'ALL'));
    expect(h.sandbox.count('stripe', 'invoices.list')).toBe(1);
    expect(h.sandbox.received.at(-1)?.query).toContain('limit=100');
  });

  it.each(['AUTO', 'MANUAL'] as const)('filters type %s in the adapter and keeps pages full', async (type) => {
    const ids = expectedIds(STRIPE_DEFAULT_CUSTOMER, type);
    const pages = await forward(STRIPE_DEFAULT_CUSTOMER, type, 4);
    const nodes = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(nodes.map((n) => n.providerId)).toEqual(ids);
    expect(nodes.every((n) => n.origin === type)).toBe(true);
    expect(pages.slice(0, -1).every((p) => p.edges.length === 4)).toBe(true);
    const back = (await backward(STRIPE_DEFAULT_CUSTOMER, type, 3)).reverse().flatMap((p) => p.edges.map((e) => e.node.providerId));
    expect(back).toEqual(ids);
  });

  it('AUTO and MANUAL together are ALL', () => {
    const all = expectedIds(STRIPE_DEFAULT_CUSTOMER, 'ALL');
    expect(expectedIds(STRIPE_DEFAULT_CUSTOMER, 'AUTO').length + expectedIds(STRIPE_DEFAULT_CUSTOMER, 'MANUAL').length).toBe(all.length);
    expect(expectedIds(STRIPE_DEFAULT_CUSTOMER, 'MANUAL').length).toBeGreaterThan(4);
  });

  it('refuses foreign, malformed and mismatched cursors and bad page sizes with BAD_USER_INPUT (HTTP 200)', async () => {
    const first = await page({ customer: STRIPE_DEFAULT_CUSTOMER, first: 2 });
    const cursor = first.pageInfo.endCursor;
    const auto = (await page({ customer: STRIPE_DEFAULT_CUSTOMER, type: 'AUTO', first: 2 })).pageInfo.endCursor;
    const cases: [Record<string, unknown>, string][] = [
      [{ customer: STRIPE_JPY_CUSTOMER, first: 2, after: cursor }, 'after'],
      [{ customer: STRIPE_DEFAULT_CUSTOMER, first: 2, after: auto }, 'after'],
      [{ customer: STRIPE_DEFAULT_CUSTOMER, last: 2, before: 'not-a-cursor' }, 'before'],
      [{ customer: STRIPE_DEFAULT_CUSTOMER, first: 2, after: Buffer.from('{"v":1,"s":{},"p":"in_x"}').toString('base64url') }, 'after'],
      [{ customer: STRIPE_DEFAULT_CUSTOMER, first: 0 }, 'first'],
      [{ customer: STRIPE_DEFAULT_CUSTOMER, first: -1 }, 'first'],
      [{ customer: STRIPE_DEFAULT_CUSTOMER, first: 101 }, 'first'],
      [{ customer: STRIPE_DEFAULT_CUSTOMER, last: 101 }, 'last'],
    ];
    for (const [variables, field] of cases) {
      const result = await h.graphql(
        `query($customer: String, $first: Int, $after: String, $last: Int, $before: String, $type: InvoiceType) {
          invoices(provider: STRIPE, customer: $customer, type: $type, first: $first, after: $after, last: $last, before: $before) { nodes { id } } }`,
        variables,
      );
      expect(result.status).toBe(200);
      expect(result.body.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      expect(result.body.errors?.[0]?.extensions?.field).toEqual([field]);
    }
  });

  it('an unknown invoice id inside a well-formed cursor comes back from Stripe as BAD_USER_INPUT on `after`', async () => {
    const scope = { k: 'invoices', p: 'stripe', c: STRIPE_DEFAULT_CUSTOMER, t: 'ALL' };
    // Signed with the deployment's secret, as a cursor for an invoice deleted since it was issued would be.
    const after = new CursorCodec(h.config.cursors.secret).encode(scope, 'in_DoesNotExist000000000000');
    const result = await h.graphql(`query($after: String) { invoices(provider: STRIPE, first: 3, after: $after) { nodes { id } } }`, {
      after,
    });
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['after'], upstreamStatus: 404 });
    expect(result.body.errors?.[0]?.extensions?.upstreamRequestId).toMatch(/^req_/);
  });

  it('an unknown customer is NOT_FOUND', async () => {
    const result = await h.graphql(`{ invoices(provider: STRIPE, customer: "cus_Nobody", first: 3) { nodes { id } } }`);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('reads lines beyond the embedded page from the lines endpoint, each line once', async () => {
    const long = account.invoices.find((i) => i.customer === STRIPE_DEFAULT_CUSTOMER && i.lines.has_more);
    expect(long).toBeDefined();
    const all = account.invoiceLines.get(long!.id)!;
    expect(all.length).toBeGreaterThan(10);
    const list = await page({ customer: STRIPE_DEFAULT_CUSTOMER, first: 100 });
    const node = list.edges.find((e) => e.node.providerId === long!.id)!.node;
    h.sandbox.reset();
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i += 1) {
      const result: any = await h.graphql(
        `query($id: ID!, $after: String) { invoice(id: $id) { lines(first: 4, after: $after) { pageInfo { hasNextPage endCursor } nodes { id amount { amount currency } quantity unitAmount { amount } } } } }`,
        { id: node.id, after },
      );
      expect(result.body.errors).toBeUndefined();
      const lines = result.body.data.invoice.lines;
      seen.push(...lines.nodes.map((l: { id: string }) => l.id));
      if (!lines.pageInfo.hasNextPage) break;
      after = lines.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((l) => l.id));
    // First page from the embedded lines; the rest from GET /v1/invoices/{id}/lines.
    expect(h.sandbox.count('stripe', 'invoices.lines')).toBe(Math.ceil(all.length / 4) - 1);
    const backward: any = await h.graphql(
      `query($id: ID!) { invoice(id: $id) { lines(last: 3) { pageInfo { hasPreviousPage } nodes { id } } } }`,
      { id: node.id },
    );
    expect(backward.body.data.invoice.lines.nodes.map((l: { id: string }) => l.id)).toEqual(all.slice(-3).map((l) => l.id));
  });

  it('invoice(id) and node(id) read one invoice by retrieve; a preview id is refused', async () => {
    const [edge] = (await page({ customer: STRIPE_JPY_CUSTOMER, first: 1 })).edges;
    h.sandbox.reset();
    const result = await h.graphql(
      `query($id: ID!) { invoice(id: $id) { providerId number total { amount currency } } node(id: $id) { ... on Invoice { providerId } } }`,
      { id: edge!.node.id },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.invoice.providerId).toBe(edge!.node.providerId);
    expect(result.body.data.node.providerId).toBe(edge!.node.providerId);
    expect(h.sandbox.count('stripe', 'invoices.retrieve')).toBe(1);
    const upcoming = await h.graphql(`{ upcomingInvoice(provider: STRIPE) { id } }`);
    const refused = await h.graphql(`query($id: ID!) { invoice(id: $id) { id } }`, { id: upcoming.body.data.upcomingInvoice.id });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a page of 100 invoices of 7 distinct customers costs 7 customer reads', async () => {
    // billgraph's `invoices` is per customer, so one query asks for seven customers' pages by alias:
    // 14 + 14 + 14 + 14 + 14 + 14 + 16 = 100 invoices, 7 distinct customers.
    const customers = [
      STRIPE_DEFAULT_CUSTOMER,
      STRIPE_JPY_CUSTOMER,
      STRIPE_KWD_CUSTOMER,
      STRIPE_MULTI_SUBSCRIPTION_CUSTOMER,
      STRIPE_NO_SUBSCRIPTION_CUSTOMER,
      STRIPE_GBP_CUSTOMER,
      STRIPE_SECOND_USD_CUSTOMER,
    ];
    const fields = customers.map(
      (c, i) =>
        `c${i}: invoices(provider: STRIPE, customer: "${c}", first: ${i === 6 ? 16 : 14}) { nodes { customerId customer { id name } } }`,
    );
    h.sandbox.reset();
    const result = await h.graphql(`{ ${fields.join('\n')} }`);
    expect(result.body.errors).toBeUndefined();
    const nodes = Object.values(
      result.body.data as Record<string, { nodes: { customerId: string; customer: { id: string; name: string } }[] }>,
    ).flatMap((c) => c.nodes);
    expect(nodes).toHaveLength(100);
    expect(new Set(nodes.map((n) => n.customer.id)).size).toBe(7);
    expect(nodes.every((n) => n.customer.id === n.customerId && n.customer.name)).toBe(true);
    expect(h.sandbox.count('stripe', 'customers.retrieve')).toBe(7);
    expect(h.sandbox.count('stripe', 'invoices.list')).toBe(7);

    h.sandbox.reset();
    const single = await h.graphql(`{ invoices(provider: STRIPE, first: 100) { nodes { customer { name } } } }`);
    expect(single.body.data.invoices.nodes.length).toBe(expectedIds(STRIPE_DEFAULT_CUSTOMER, 'ALL').length);
    expect(h.sandbox.count('stripe')).toBe(2);
  });
});

describe('Stripe-Version', () => {
  it('is the configured STRIPE_API_VERSION on every request', async () => {
    const pinned = await startHarness({ STRIPE_API_VERSION: '2025-09-30.clover' });
    try {
      const { body } = await pinned.graphql(`{ invoices(provider: STRIPE, first: 2) { nodes { id customer { name } } } }`);
      expect(body.errors).toBeUndefined();
      const versions = pinned.sandbox.received.filter((r) => r.provider === 'stripe').map((r) => r.headers['stripe-version']);
      expect(versions.length).toBeGreaterThanOrEqual(2);
      expect(new Set(versions)).toEqual(new Set(['2025-09-30.clover']));
    } finally {
      await pinned.close();
    }
  });
});
