import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_DEFAULT_CUSTOMER, STRIPE_JPY_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { bearer, customerToken, JWT_ENV } from '../security/support.js';

/**
 * Stale-if-error over real HTTP (issue 14): with the upstream failing, a query is answered with the same
 * principal's answer that expired moments ago, marked in `extensions`; another principal, a mutation, or an
 * answer older than the maximum staleness gets the error.
 */
const LIST = `{ invoices(provider: STRIPE, first: 3) { nodes { id amountDue { amount currency } } } }`;
const PREVIEW = `mutation { previewInvoice(input: { provider: STRIPE }) { __typename } }`;
const TTL_MS = 300;

let h: Harness;
let asA: Record<string, string>;
let asB: Record<string, string>;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  h = await startHarness({
    ...JWT_ENV,
    BILLGRAPH_PROVIDER: 'stripe',
    BILLGRAPH_RESPONSE_CACHE_TTL_MS: String(TTL_MS),
    BILLGRAPH_STALE_IF_ERROR_MS: '2000',
    UPSTREAM_MAX_RETRIES: '0',
    BILLGRAPH_BREAKER_MIN_ATTEMPTS: '3',
    BILLGRAPH_BREAKER_COOLDOWN_MS: '60000',
  });
  asA = bearer(await customerToken('stripe', [STRIPE_DEFAULT_CUSTOMER]));
  asB = bearer(await customerToken('stripe', [STRIPE_JPY_CUSTOMER]));
});
afterAll(async () => {
  await h?.close();
});

describe('stale-if-error', () => {
  it('serves the same principal the expired answer while the upstream fails, marked stale; never another principal or a mutation', async () => {
    const fresh = await h.graphql(LIST, {}, asA);
    expect(fresh.body.errors).toBeUndefined();
    expect(fresh.body.data.invoices.nodes.length).toBeGreaterThan(0);
    await pause(TTL_MS + 100);

    // 5xx from the upstream: A gets its own answer from a moment ago, marked.
    h.sandbox.faults.add({ provider: 'stripe', kind: 'status', status: 503, times: 1_000 });
    const stale = await h.graphql(LIST, {}, asA);
    expect(stale.status).toBe(200);
    expect(stale.body.errors).toBeUndefined();
    expect(stale.body.data).toEqual(fresh.body.data);
    expect((stale.body as any).extensions).toMatchObject({ stale: true, ageSeconds: 0 });
    expect(Date.now() - Date.parse((stale.body as any).extensions.cachedAt)).toBeGreaterThanOrEqual(TTL_MS);

    // B asks the same document: nothing of A's, just the error.
    const other = await h.graphql(LIST, {}, asB);
    expect(other.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(other.text).not.toContain(STRIPE_DEFAULT_CUSTOMER);
    expect((other.body as any).extensions?.stale).toBeUndefined();

    // A mutation is never answered stale.
    const mutation = await h.graphql(PREVIEW, {}, asA);
    expect(mutation.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect((mutation.body as any).extensions?.stale).toBeUndefined();

    // The breaker is open by now (3 failures): A still gets the stale answer, with no upstream call.
    expect(h.app.breakers().upstreams.find((b) => b.provider === 'stripe')?.state).toBe('open');
    const asked = h.sandbox.count('stripe');
    const whileOpen = await h.graphql(LIST, {}, asA);
    expect(whileOpen.body.data).toEqual(fresh.body.data);
    expect((whileOpen.body as any).extensions?.stale).toBe(true);
    expect(h.sandbox.count('stripe')).toBe(asked);
    expect(h.app.metrics.render()).toMatch(/billgraph_stale_answers_total [2-9]/);

    // Past TTL + maximum staleness: the error, not an answer that old.
    await pause(2_000);
    const tooOld = await h.graphql(LIST, {}, asA);
    expect(tooOld.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(tooOld.body.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);
  });
});
