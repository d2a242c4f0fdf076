import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSHA256 } from '@graphql-yoga/plugin-response-cache';
import { principalKey } from '../../src/auth/principal.js';
import { STRIPE_DEFAULT_CUSTOMER, STRIPE_SECOND_USD_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { bearer, customerToken, JWT_ENV } from '../security/support.js';

/**
 * Conditional requests over real HTTP: `If-None-Match` is answered 304 only for the verified principal whose
 * cached answer carries that ETag. Without a token, or as another principal, the caller gets its normal
 * answer (UNAUTHENTICATED, or 200 with its own data), and an ETag cannot be computed from what a caller knows.
 */
const LIST = `{ invoices(first: 3) { nodes { customerId amountDue { amount currency } } } }`;

let h: Harness;
let owner: Record<string, string>;
let other: Record<string, string>;

const post = (headers: Record<string, string>) =>
  fetch(h.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query: LIST }),
  });

beforeAll(async () => {
  h = await startHarness({ ...JWT_ENV, BILLGRAPH_PROVIDER: 'stripe', BILLGRAPH_RESPONSE_CACHE_TTL_MS: '60000' });
  owner = bearer(await customerToken('stripe', [STRIPE_DEFAULT_CUSTOMER], { subject: 'owner' }));
  other = bearer(await customerToken('stripe', [STRIPE_SECOND_USD_CUSTOMER], { subject: 'other' }));
});
afterAll(async () => {
  await h?.close();
});

describe('If-None-Match', () => {
  it('the owner gets 304; no token gets UNAUTHENTICATED; another principal gets 200 with its own data', async () => {
    const first = await post(owner);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    expect((await first.json()).data.invoices.nodes[0].customerId).toBe(STRIPE_DEFAULT_CUSTOMER);

    h.sandbox.reset();
    const again = await post({ ...owner, 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    expect(h.sandbox.count('stripe')).toBe(0);
    // A list and a weak form are honoured too.
    expect((await post({ ...owner, 'if-none-match': `"nope", W/${etag}` })).status).toBe(304);

    const anonymous = await post({ 'if-none-match': etag! });
    expect(anonymous.status).not.toBe(304);
    const anonymousBody = await anonymous.text();
    expect(JSON.parse(anonymousBody).errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(anonymousBody).not.toContain(STRIPE_DEFAULT_CUSTOMER);
    expect(anonymous.headers.get('etag')).toBeNull();

    const stranger = await post({ ...other, 'if-none-match': etag! });
    expect(stranger.status).toBe(200);
    const strangerBody = await stranger.text();
    expect(strangerBody).toContain(STRIPE_SECOND_USD_CUSTOMER);
    expect(strangerBody).not.toContain(STRIPE_DEFAULT_CUSTOMER);
    expect(stranger.headers.get('etag')).not.toBe(etag);
  });

  it('an ETag computed offline the way the cache plugin does (document, variables, principal) answers nobody 304', async () => {
    const principal = { kind: 'customer', subject: 'owner', provider: 'stripe', customers: [STRIPE_DEFAULT_CUSTOMER] } as const;
    const offline = await hashSHA256([LIST, '', '{}', principalKey(principal)].join('|'));
    expect((await post(owner)).status).toBe(200); // cached now
    for (const guess of [offline, `"${offline}"`]) {
      expect((await post({ 'if-none-match': guess })).status).not.toBe(304);
      expect((await post({ ...owner, 'if-none-match': guess })).status).toBe(200);
    }
  });

  it('the ETag follows the content: recomputed after an eviction, the same data still gets 304; another answer never matches', async () => {
    const first = await post(owner);
    const etag = first.headers.get('etag')!;
    await h.app.events.emit({
      id: 'evt_conditional',
      provider: 'stripe',
      customer: STRIPE_DEFAULT_CUSTOMER,
      type: 'INVOICE_PAID',
      providerType: 'invoice.paid',
      invoiceId: null,
      subscriptionId: null,
      occurredAt: new Date().toISOString(),
    });
    // Same data upstream (the sandbox did not change): same content, same ETag, so a 304 is right.
    h.sandbox.reset();
    const recomputed = await post({ ...owner, 'if-none-match': etag });
    expect(h.sandbox.count('stripe')).toBeGreaterThan(0);
    expect(recomputed.status).toBe(304);
    // A different answer under the same key would carry another ETag: the content is part of it.
    const paged = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...owner, 'if-none-match': etag },
      body: JSON.stringify({ query: LIST.replace('first: 3', 'first: 2') }),
    });
    expect(paged.status).toBe(200);
  });
});
