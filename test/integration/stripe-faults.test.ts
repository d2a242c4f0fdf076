import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Fault } from '../../src/sandbox/faults.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/**
 * Upstream faults on the Stripe path become docs/ARCHITECTURE.md section 8 codes with HTTP 200, the next request
 * succeeds, and retries reach the sandbox only where they are allowed (retry budget: 2 retries).
 */
const HISTORY = `{ invoices(provider: STRIPE, first: 2) { nodes { providerId amountDue { amount } } } }`;
const PREVIEW = `mutation { previewInvoice(input: { provider: STRIPE, discounts: [{ coupon: "SAVE20" }] }) { __typename ... on PreviewInvoiceSuccess { invoice { amountDue { amount } } } } }`;

describe('Stripe faults over real HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ BILLGRAPH_PROVIDER: 'stripe', UPSTREAM_MAX_RETRIES: '2' });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.sandbox.reset());

  const cases: [string, Omit<Fault, 'provider'>, string | null, number][] = [
    ['401', { kind: 'status', status: 401 }, 'UNAUTHENTICATED', 1],
    ['403', { kind: 'status', status: 403 }, 'FORBIDDEN', 1],
    ['404', { kind: 'status', status: 404 }, 'NOT_FOUND', 1],
    ['429 with Retry-After, once', { kind: 'status', status: 429, retryAfter: 0 }, null, 2],
    ['429 every time', { kind: 'status', status: 429, retryAfter: 1, times: 3 }, 'RATE_LIMITED', 3],
    ['409 lock timeout with Stripe-Should-Retry: true', { kind: 'status', status: 409 }, null, 2],
    ['500 every time', { kind: 'status', status: 500, times: 3 }, 'UPSTREAM_UNAVAILABLE', 3],
    ['500 once', { kind: 'status', status: 500 }, null, 2],
    ['connection reset', { kind: 'reset' }, null, 2],
    ['malformed body once (asked again)', { kind: 'malformed' }, null, 2],
    ['malformed body twice', { kind: 'malformed', times: 2 }, 'UPSTREAM_BAD_RESPONSE', 2],
    ['contract broken', { kind: 'contract' }, 'UPSTREAM_BAD_RESPONSE', 1],
  ];

  it.each(cases)('history: %s', async (_name, fault, code, requests) => {
    h.sandbox.faults.add({ provider: 'stripe', pathIncludes: '/v1/invoices', ...fault });
    const result = await h.graphql(HISTORY);
    expect(result.status).toBe(200);
    if (code === null) {
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data.invoices.nodes).toHaveLength(2);
    } else {
      expect(result.body.errors?.[0]?.extensions?.code).toBe(code);
      expect(result.body.errors?.[0]?.extensions?.provider).toBe('stripe');
      if (fault.kind === 'status') expect(result.body.errors?.[0]?.extensions?.upstreamRequestId).toMatch(/^req_/);
      if (code === 'RATE_LIMITED') expect(result.body.errors?.[0]?.extensions?.retryAfter).toBe(1);
      if (fault.kind === 'contract') expect(result.body.errors?.[0]?.message).toContain('data[0].amount_due');
      expect(JSON.stringify(result.body)).not.toContain('sk_test');
    }
    expect(h.sandbox.count('stripe', 'invoices.list')).toBe(requests);
    const next = await h.graphql(HISTORY);
    expect(next.body.errors).toBeUndefined();
  });

  it('a retried create_preview (POST) is sent again with the same Idempotency-Key', async () => {
    // The change (its body names the coupon) fails once; the current upcoming invoice is previewed alongside.
    h.sandbox.faults.add({ provider: 'stripe', pathIncludes: 'create_preview', bodyIncludes: 'discounts', kind: 'status', status: 500 });
    const result = await h.graphql(PREVIEW);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.previewInvoice.__typename).toBe('PreviewInvoiceSuccess');
    const posts = h.sandbox.received.filter((r) => r.route === 'invoices.create_preview');
    const change = posts.filter((r) => r.body.includes('discounts'));
    const current = posts.filter((r) => !r.body.includes('discounts'));
    expect(change).toHaveLength(2); // failed once, retried
    expect(current).toHaveLength(1);
    expect(change[0]!.headers['idempotency-key']).toBe(change[1]!.headers['idempotency-key']);
    expect(change[0]!.body).toBe(change[1]!.body);
    expect(current[0]!.headers['idempotency-key']).not.toBe(change[0]!.headers['idempotency-key']);
  });

  it('a 400 on create_preview is not retried (Stripe-Should-Retry: false) and is a typed member', async () => {
    h.sandbox.faults.add({ provider: 'stripe', pathIncludes: 'create_preview', bodyIncludes: 'discounts', kind: 'status', status: 400 });
    const result = await h.graphql(PREVIEW);
    expect(result.status).toBe(200);
    expect(result.body.data.previewInvoice.__typename).toBe('InvalidInputError');
    const change = h.sandbox.received.filter((r) => r.route === 'invoices.create_preview' && r.body.includes('discounts'));
    expect(change).toHaveLength(1);
  });

  it('customer reads: a 500 after retries is UPSTREAM_UNAVAILABLE on that field only', async () => {
    h.sandbox.faults.add({ provider: 'stripe', pathIncludes: '/v1/customers/', kind: 'status', status: 500, times: 3 });
    const result = await h.graphql(`{ invoices(provider: STRIPE, first: 2) { nodes { providerId customer { name } } } }`);
    expect(result.status).toBe(200);
    expect(result.body.data.invoices.nodes[0].providerId).toMatch(/^in_/);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(h.sandbox.count('stripe', 'customers.retrieve')).toBe(3);
  });

  it('the wrong secret key is UNAUTHENTICATED without echoing the key', async () => {
    const other = await startHarness({
      BILLGRAPH_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_wrongwrongwrong',
      STRIPE_BASE_URL: `${h.sandbox.url}/stripe`,
    });
    try {
      const result = await other.graphql(
        `{ invoices(provider: STRIPE, customer: "cus_SbxAcmeUsd001", first: 2) { nodes { providerId } } }`,
      );
      expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(result.body)).not.toContain('wrongwrong');
    } finally {
      await other.close();
    }
  });
});
