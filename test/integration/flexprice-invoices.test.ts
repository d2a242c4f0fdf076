import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import {
  FP_CUSTOMERS,
  FP_DEFAULT_CUSTOMER,
  FP_DEFAULT_SUBSCRIPTION,
  FP_IDLE_CUSTOMER,
  FP_MULTI_CUSTOMER,
  FP_MULTI_SUBSCRIPTIONS,
  FP_PRECISION_INVOICE,
  FP_STATUS_PAIRS,
  FP_SUBSCRIPTIONS,
} from '../../src/sandbox/flexprice/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ BILLGRAPH_PROVIDER: 'flexprice' });
});
afterAll(async () => h?.close());

const PAGE = `query($customer: String, $type: InvoiceType, $first: Int, $after: String, $last: Int, $before: String) {
  invoices(provider: FLEXPRICE, customer: $customer, type: $type, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id providerId status providerStatus origin number amountDue { amount currency } } }
  }
}`;

async function page(variables: Record<string, unknown>) {
  const { status, body } = await h.graphql(PAGE, variables);
  expect(status).toBe(200);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data.invoices;
}

describe('Flexprice invoice history', () => {
  it('pages forward and backward through 30+ invoices, each exactly once, one search call per page', async () => {
    const forward: string[] = [];
    let after: string | null = null;
    let total: number;
    for (;;) {
      h.sandbox.reset();
      const result = await page({ first: 7, after });
      expect(h.sandbox.count('flexprice', 'invoices.search')).toBe(1);
      total = result.totalCount;
      forward.push(...result.edges.map((e: any) => e.node.providerId));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThanOrEqual(30);
    expect(forward).toHaveLength(total);
    expect(new Set(forward).size).toBe(total);

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const result = await page({ last: 9, before });
      backward.unshift(...result.edges.map((e: any) => e.node.providerId));
      if (!result.pageInfo.hasPreviousPage) break;
      before = result.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward);
  });

  it('filters by type: AUTO = SUBSCRIPTION, MANUAL = ONE_OFF, CREDIT only under ALL', async () => {
    const all = await page({ first: 100 });
    const auto = await page({ first: 100, type: 'AUTO' });
    const manual = await page({ first: 100, type: 'MANUAL' });
    expect(auto.edges.every((e: any) => e.node.origin === 'AUTO')).toBe(true);
    expect(manual.edges.every((e: any) => e.node.origin === 'MANUAL')).toBe(true);
    const credit = all.edges.filter((e: any) => e.node.origin === null);
    expect(credit.length).toBeGreaterThan(0);
    expect(auto.totalCount + manual.totalCount + credit.length).toBe(all.totalCount);
    const searches = h.sandbox.received.filter((r) => r.route === 'invoices.search').map((r) => JSON.parse(r.body).invoice_type);
    expect(searches).toEqual(expect.arrayContaining(['SUBSCRIPTION', 'ONE_OFF']));
  });

  it('shows every invoice_status x payment_status pair of every customer with the table status', async () => {
    for (const customer of FP_CUSTOMERS) {
      const result = await page({ customer: customer.id, first: 100 });
      const seen = new Map<string, string>(result.edges.map((e: any) => [e.node.providerStatus, e.node.status]));
      for (const [invoice, payment] of FP_STATUS_PAIRS) {
        const expected =
          invoice === 'DRAFT'
            ? 'DRAFT'
            : invoice === 'FINALIZED'
              ? ['SUCCEEDED', 'OVERPAID'].includes(payment)
                ? 'PAID'
                : 'OPEN'
              : 'VOID';
        expect(seen.get(`${invoice}/${payment}`), `${customer.id} ${invoice}/${payment}`).toBe(expected);
      }
      // Drafts have no number yet (Flexprice sends null); finalized ones do.
      for (const edge of result.edges) expect(edge.node.number === null).toBe(edge.node.providerStatus.startsWith('DRAFT'));
      expect(result.edges[0].node.amountDue.currency).toBe(customer.currency.toUpperCase());
    }
  });

  it('keeps decimals exact: 2^53 + 1 cents and line amounts that are exact products of many-decimal prices', async () => {
    const { body } = await h.graphql(
      `{ invoices(first: 100, type: MANUAL) { nodes { providerId amountDue { amount minorUnits } lines(first: 10) { nodes { quantity amount { amount } } } } } }`,
    );
    const precise = body.data.invoices.nodes.find((n: any) => n.providerId === FP_PRECISION_INVOICE);
    const overage = Decimal.parse('123456789.123456789').mul(Decimal.parse('0.000000001234567891'));
    expect(precise.lines.nodes[1].quantity).toBe('123456789.123456789');
    expect(precise.lines.nodes[1].amount.amount).toBe(overage.toString());
    expect(precise.amountDue.amount).toBe(Decimal.parse('90071992547409.93').add(overage).toString());

    const upcoming = await h.graphql(
      `{ upcomingInvoice { amountDue { amount } subtotal { amount } lines(first: 20) { nodes { description quantity amount { amount } } } } }`,
    );
    const invoice = upcoming.body.data.upcomingInvoice;
    const charges = FP_SUBSCRIPTIONS.find((s) => s.id === FP_DEFAULT_SUBSCRIPTION)!.charges;
    let sum = Decimal.ZERO;
    for (const line of invoice.lines.nodes) {
      const charge = charges.find((c) => c.displayName === line.description)!;
      const product = Decimal.parse(line.quantity).mul(Decimal.parse(charge.unitPrice));
      expect(Decimal.parse(line.amount.amount).equals(product), `${line.description}: ${line.quantity} x ${charge.unitPrice}`).toBe(true);
      sum = sum.add(product);
    }
    expect(invoice.lines.nodes.some((l: any) => Decimal.parse(l.amount.amount).normalize().scale > 8)).toBe(true);
    expect(Decimal.parse(invoice.subtotal.amount).equals(sum)).toBe(true);
  });

  it('refuses foreign cursors, garbage cursors and bad page sizes with BAD_USER_INPUT', async () => {
    const first = await page({ first: 2 });
    const cases: Record<string, unknown>[] = [
      { first: 2, after: 'not-a-cursor' },
      { first: 2, type: 'AUTO', after: first.pageInfo.endCursor },
      { first: 2, customer: FP_MULTI_CUSTOMER, after: first.pageInfo.endCursor },
      { first: 0 },
      { first: 101 },
      { last: -1 },
      { first: 2, last: 2 },
    ];
    h.sandbox.reset();
    for (const variables of cases) {
      const { status, body } = await h.graphql(PAGE, variables);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
    expect(h.sandbox.count('flexprice')).toBe(0);
  });

  it('reads one invoice by id (GET /invoices/{id}), refuses preview ids, and batches customers', async () => {
    const list = await page({ first: 1 });
    h.sandbox.reset();
    const { body } = await h.graphql(`query($id: ID!) { invoice(id: $id) { providerId customer { name } } }`, {
      id: list.edges[0].node.id,
    });
    expect(body.data.invoice.customer.name).toBe('Acme Analytics Inc.');
    expect(h.sandbox.count('flexprice', 'invoices.get')).toBe(1);
    expect(h.sandbox.count('flexprice', 'customers.get')).toBe(1);

    const upcoming = await h.graphql(`{ upcomingInvoice { id isPreview } }`);
    expect(upcoming.body.data.upcomingInvoice.isPreview).toBe(true);
    const again = await h.graphql(`query($id: ID!) { invoice(id: $id) { id } }`, { id: upcoming.body.data.upcomingInvoice.id });
    expect(again.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');

    h.sandbox.reset();
    const many = await h.graphql(`{ invoices(first: 100) { nodes { customer { name } } } }`);
    expect(many.body.errors).toBeUndefined();
    expect(h.sandbox.count('flexprice', 'invoices.search')).toBe(1);
    expect(h.sandbox.count('flexprice', 'customers.get')).toBe(1);
  });
});

describe('Flexprice upcoming invoice', () => {
  it('previews the one active subscription of the default customer', async () => {
    h.sandbox.reset();
    const { body } = await h.graphql(`{ upcomingInvoice { isPreview subscriptionId status providerStatus periodStart periodEnd number } }`);
    expect(body.data.upcomingInvoice).toMatchObject({
      isPreview: true,
      subscriptionId: FP_DEFAULT_SUBSCRIPTION,
      status: 'DRAFT',
      providerStatus: 'DRAFT/PENDING',
      number: null,
    });
    expect(h.sandbox.count('flexprice', 'subscriptions.search')).toBe(1);
    expect(h.sandbox.count('flexprice', 'invoices.preview')).toBe(1);
  });

  it('pages the lines of the upcoming invoice across requests, though each preview gets a new upstream id', async () => {
    const page = (after: string | null) =>
      h.graphql(
        `query($after: String) { upcomingInvoice { providerId lines(first: 2, after: $after) { pageInfo { hasNextPage endCursor } nodes { description } } } }`,
        { after },
      );
    const all = await h.graphql(`{ upcomingInvoice { lines(first: 100) { nodes { description } } } }`);
    const want = all.body.data.upcomingInvoice.lines.nodes.map((n: { description: string }) => n.description);
    expect(want.length).toBeGreaterThan(2);
    const seen: string[] = [];
    const ids = new Set<string>();
    let after: string | null = null;
    for (let i = 0; i < 20; i += 1) {
      const { body } = await page(after);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      ids.add(body.data.upcomingInvoice.providerId);
      seen.push(...body.data.upcomingInvoice.lines.nodes.map((n: { description: string }) => n.description));
      if (!body.data.upcomingInvoice.lines.pageInfo.hasNextPage) break;
      after = body.data.upcomingInvoice.lines.pageInfo.endCursor;
    }
    expect(seen).toEqual(want);
    expect(ids.size).toBeGreaterThan(1); // the sandbox, like Flexprice, ids each preview afresh
  });

  it('asks which subscription when there are several, answers null when there is none', async () => {
    const several = await h.graphql(`{ upcomingInvoice(customer: "${FP_MULTI_CUSTOMER}") { id } }`);
    expect(several.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect([...several.body.errors![0]!.extensions!.choices].sort()).toEqual([...FP_MULTI_SUBSCRIPTIONS].sort());
    const named = await h.graphql(
      `{ upcomingInvoice(customer: "${FP_MULTI_CUSTOMER}", subscription: "${FP_MULTI_SUBSCRIPTIONS[0]}") { subscriptionId currency } }`,
    );
    expect(named.body.data.upcomingInvoice).toEqual({ subscriptionId: FP_MULTI_SUBSCRIPTIONS[0], currency: 'EUR' });
    const none = await h.graphql(`{ upcomingInvoice(customer: "${FP_IDLE_CUSTOMER}") { id } }`);
    expect(none.body.errors).toBeUndefined();
    expect(none.body.data.upcomingInvoice).toBeNull();
    // Another customer's subscription is not found for this customer, never previewed for it.
    const foreign = await h.graphql(
      `{ upcomingInvoice(customer: "${FP_DEFAULT_CUSTOMER}", subscription: "${FP_MULTI_SUBSCRIPTIONS[0]}") { id } }`,
    );
    expect(foreign.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});

describe('Flexprice previewInvoice', () => {
  const PREVIEW = `mutation($input: PreviewInvoiceInput!) { previewInvoice(input: $input) {
    __typename
    ... on PreviewInvoiceSuccess { invoice { isPreview periodStart periodEnd lines(first: 20) { nodes { description amount { amount } } } } change { amountDueBefore { amount } } }
    ... on UnsupportedError { message provider fields }
    ... on InvalidInputError { message field }
    ... on NotFoundError { message }
  } }`;

  it('previews a period with zero charges hidden, sending exactly the documented fields', async () => {
    h.sandbox.reset();
    const input = {
      provider: 'FLEXPRICE',
      subscription: FP_DEFAULT_SUBSCRIPTION,
      periodStart: '2026-09-01T00:00:00Z',
      periodEnd: '2026-10-01T00:00:00Z',
      hideZeroCharges: true,
    };
    const { body } = await h.graphql(PREVIEW, { input });
    expect(body.data.previewInvoice.__typename).toBe('PreviewInvoiceSuccess');
    expect(body.data.previewInvoice.invoice).toMatchObject({
      isPreview: true,
      periodStart: '2026-09-01T00:00:00.000Z',
      periodEnd: '2026-10-01T00:00:00.000Z',
    });
    expect(body.data.previewInvoice.invoice.lines.nodes.every((l: any) => !Decimal.parse(l.amount.amount).isZero())).toBe(true);
    const sent = h.sandbox.received.filter((r) => r.route === 'invoices.preview').map((r) => JSON.parse(r.body));
    expect(sent[0]).toEqual({
      subscription_id: FP_DEFAULT_SUBSCRIPTION,
      period_start: '2026-09-01T00:00:00.000Z',
      period_end: '2026-10-01T00:00:00.000Z',
      hide_zero_charges_line_items: true,
    });
  });

  it('returns UnsupportedError naming every field Flexprice cannot preview, without calling it', async () => {
    h.sandbox.reset();
    const input = {
      provider: 'FLEXPRICE',
      subscription: FP_DEFAULT_SUBSCRIPTION,
      addItems: [{ price: 'price_x', quantity: '2' }],
      discounts: [{ coupon: 'SAVE10' }],
      prorationDate: '2026-11-20T00:00:00Z',
    };
    const { body } = await h.graphql(PREVIEW, { input });
    expect(body.data.previewInvoice).toMatchObject({
      __typename: 'UnsupportedError',
      provider: 'FLEXPRICE',
      fields: ['addItems', 'discounts', 'prorationDate'],
    });
    expect(h.sandbox.count('flexprice')).toBe(0);
  });

  it('answers NotFoundError for an unknown subscription and InvalidInputError when several could be meant', async () => {
    const missing = await h.graphql(PREVIEW, { input: { provider: 'FLEXPRICE', subscription: 'subs_missing' } });
    expect(missing.body.data.previewInvoice.__typename).toBe('NotFoundError');
    const several = await h.graphql(PREVIEW, { input: { provider: 'FLEXPRICE', customer: FP_MULTI_CUSTOMER } });
    expect(several.body.data.previewInvoice).toMatchObject({ __typename: 'InvalidInputError', field: ['input', 'subscription'] });
  });

  it('field paths of invalid input start at `input`; half a period is refused before Flexprice is asked', async () => {
    h.sandbox.reset();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ subscription: FP_DEFAULT_SUBSCRIPTION, periodEnd: '2026-10-01T00:00:00Z' }, ['input', 'periodStart']],
      [{ subscription: FP_DEFAULT_SUBSCRIPTION, periodStart: '2026-10-01T00:00:00Z' }, ['input', 'periodEnd']],
      [{ customer: 'has/slash' }, ['input', 'customer']],
      [{ subscription: 'has space' }, ['input', 'subscription']],
      [{ customer: '' }, ['input', 'customer']],
    ];
    for (const [input, field] of cases) {
      const { body } = await h.graphql(PREVIEW, { input: { provider: 'FLEXPRICE', ...input } });
      expect(body.data.previewInvoice, JSON.stringify(input)).toMatchObject({ __typename: 'InvalidInputError', field });
    }
    expect(h.sandbox.count('flexprice', 'invoices.preview')).toBe(0);
  });
});
