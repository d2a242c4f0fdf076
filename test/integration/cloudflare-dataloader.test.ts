import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EUR_ACCOUNT, USD_ACCOUNT } from '../helpers/cloudflare.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/** One upstream call per distinct read in an operation, counted where it lands: at the sandbox. */
describe('Cloudflare reads are deduplicated per request', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.sandbox.reset());

  async function run(query: string, variables?: Record<string, unknown>) {
    const response = await h.graphql(query, variables);
    expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    return response.body.data;
  }

  const previews = () => h.sandbox.count('cloudflare', 'invoice-preview');
  const histories = () => h.sandbox.count('cloudflare', 'invoice-history');

  async function listed(first = 7, customer = USD_ACCOUNT) {
    const data = await run(
      `query($c: String, $f: Int) { invoices(customer: $c, first: $f) { pageInfo { endCursor } nodes { id providerId } } }`,
      { c: customer, f: first },
    );
    h.sandbox.reset();
    return data.invoices as { pageInfo: { endCursor: string }; nodes: { id: string; providerId: string | null }[] };
  }

  it('aliases of upcomingInvoice cost one preview call', async () => {
    const data = await run(`{
      a: upcomingInvoice { id amountDue { amount } }
      b: upcomingInvoice { status lines(first: 2) { nodes { description } } }
      c: upcomingInvoice(provider: CLOUDFLARE, customer: "${USD_ACCOUNT}") { id }
    }`);
    expect(data.a.id).toBe(data.c.id);
    expect(previews()).toBe(1);
    expect(histories()).toBe(0);
  });

  it('a different customer is a different read', async () => {
    await run(`{ a: upcomingInvoice { id } b: upcomingInvoice(customer: "${EUR_ACCOUNT}") { id } }`);
    expect(previews()).toBe(2);
  });

  it('repeated invoices fields with the same arguments cost one history call', async () => {
    const data = await run(`{
      a: invoices(first: 5) { nodes { id } }
      b: invoices(first: 5) { totalCount edges { cursor node { amountDue { amount } } } }
      c: invoices(first: 5, type: ALL) { pageInfo { hasNextPage } }
    }`);
    expect(data.a.nodes).toHaveLength(5);
    expect(histories()).toBe(1);
  });

  it('two different pages that live in the same upstream page cost one call', async () => {
    const first = await listed(7);
    const data = await run(
      `query($after: String) {
      p1: invoices(first: 7) { nodes { id } }
      p2: invoices(first: 7, after: $after) { nodes { id } }
      p3: invoices(last: 5) { nodes { id } }
    }`,
      { after: first.pageInfo.endCursor },
    );
    expect(data.p2.nodes[0].id).not.toBe(data.p1.nodes[0].id);
    expect(data.p3.nodes).toHaveLength(5);
    expect(histories()).toBe(1);
  });

  it('the same holds for an upstream that ignores paging', async () => {
    const first = await listed(7, EUR_ACCOUNT);
    await run(
      `query($c: String, $after: String) {
      p1: invoices(customer: $c, first: 7) { nodes { id } }
      p2: invoices(customer: $c, first: 7, after: $after) { nodes { id } }
      p3: invoices(customer: $c, last: 7) { nodes { id } }
    }`,
      { c: EUR_ACCOUNT, after: first.pageInfo.endCursor },
    );
    expect(histories()).toBe(1);
  });

  it('another type filter is another read', async () => {
    await run(
      `{ a: invoices(first: 5, type: AUTO) { nodes { id } } b: invoices(first: 5, type: MANUAL) { nodes { id } } c: invoices(first: 5, type: AUTO) { nodes { id } } }`,
    );
    expect(histories()).toBe(2);
  });

  it('node and invoice for one id cost one read', async () => {
    const { nodes } = await listed(10);
    const id = nodes[8]!.id;
    const data = await run(
      `query($id: ID!) {
      node(id: $id) { id ... on Invoice { providerId } }
      invoice(id: $id) { id providerId amountDue { amount } }
      again: invoice(id: $id) { id }
    }`,
      { id },
    );
    expect(data.node.id).toBe(id);
    expect(data.invoice.providerId).toBe(nodes[8]!.providerId);
    expect(histories()).toBe(1);
  });

  it('invoices plus invoice(id) of an invoice on that page cost no extra call', async () => {
    const { nodes } = await listed(5);
    const data = await run(
      `query($id: ID!) {
      invoices(first: 5) { nodes { id } }
      invoice(id: $id) { providerId }
      node(id: $id) { id }
    }`,
      { id: nodes[2]!.id },
    );
    expect(data.invoice.providerId).toBe(nodes[2]!.providerId);
    expect(histories()).toBe(1);
  });

  it('nothing is shared between requests', async () => {
    await run(`{ upcomingInvoice { id } }`);
    await run(`{ upcomingInvoice { id } }`);
    expect(previews()).toBe(2);
  });
});
