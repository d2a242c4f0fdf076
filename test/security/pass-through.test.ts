import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CF_DEFAULT_ACCOUNT } from '../../src/sandbox/cloudflare/data.js';
import { FP_DEFAULT_CUSTOMER } from '../../src/sandbox/flexprice/data.js';
import { STRIPE_DEFAULT_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { codes, startSecureHarness, type SecureHarness } from './support.js';

/**
 * Pass-through: the caller's own credential headers, and only them, reach the upstream; billgraph's
 * configured key is never used on the caller's behalf.
 */
const CF = SANDBOX_CREDENTIALS.cloudflare;
const QUERY = `{ invoices(provider: CLOUDFLARE, customer: "${CF_DEFAULT_ACCOUNT}", first: 2) { nodes { id customerId } } }`;
const HOSTILE_EXTRAS = {
  cookie: 'session=victim-cookie-value',
  'x-evil-header': 'x-evil-value',
  'x-forwarded-for': '6.6.6.6',
  'x-api-key': 'bare-x-api-key-value',
  'x-auth-email': 'bare@evil.test',
  origin: 'https://evil.test',
  'x-stripe-authorization': `Bearer ${SANDBOX_CREDENTIALS.stripe.secretKey}`,
};

describe('pass-through credentials', () => {
  let h: SecureHarness;
  beforeAll(async () => {
    h = await startSecureHarness({ BILLGRAPH_AUTH_MODE: 'pass-through' });
  });
  afterAll(() => h?.close());

  const forwarded = () => h.sandbox.received.filter((r) => r.provider === 'cloudflare');

  it('forwards the Cloudflare token from x-cloudflare-authorization as Authorization, and nothing else', async () => {
    h.sandbox.reset();
    const { body } = await h.graphql(QUERY, {}, { 'x-cloudflare-authorization': `Bearer ${CF.token}`, ...HOSTILE_EXTRAS });
    expect(body.errors).toBeUndefined();
    expect(body.data.invoices.nodes.length).toBeGreaterThan(0);
    const requests = forwarded();
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(request.headers.authorization).toBe(`Bearer ${CF.token}`);
      expect(request.headers.cookie).toBeUndefined();
      expect(request.headers['x-evil-header']).toBeUndefined();
      expect(request.headers['x-forwarded-for']).toBeUndefined();
      expect(request.headers['x-api-key']).toBeUndefined();
      expect(request.headers['x-auth-email']).toBeUndefined();
      expect(request.headers.origin).toBeUndefined();
      expect(request.headers.host).toBe(new URL(h.sandbox.url).host);
      // Another provider's credential never reaches Cloudflare.
      expect(JSON.stringify(request.headers)).not.toContain(SANDBOX_CREDENTIALS.stripe.secretKey);
      expect(Object.keys(request.headers).filter((name) => name.startsWith('x-'))).toEqual([]);
    }
  });

  it('forwards email + global key as X-Auth-Email / X-Auth-Key', async () => {
    h.sandbox.reset();
    const { body } = await h.graphql(
      QUERY,
      {},
      { 'x-cloudflare-auth-email': CF.email, 'x-cloudflare-auth-key': CF.globalKey, cookie: 'a=b' },
    );
    expect(body.errors).toBeUndefined();
    for (const request of forwarded()) {
      expect(request.headers['x-auth-email']).toBe(CF.email);
      expect(request.headers['x-auth-key']).toBe(CF.globalKey);
      expect(request.headers.authorization).toBeUndefined();
      expect(request.headers.cookie).toBeUndefined();
    }
  });

  it("the caller's wrong token is what the upstream sees (UNAUTHENTICATED), never the configured key", async () => {
    h.sandbox.reset();
    const { body, text } = await h.graphql(QUERY, {}, { 'x-cloudflare-authorization': 'Bearer wrong-caller-token' });
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
    expect(forwarded().length).toBeGreaterThan(0);
    for (const request of forwarded()) expect(request.headers.authorization).toBe('Bearer wrong-caller-token');
    expect(text).not.toContain('wrong-caller-token');
  });

  it('no credential for the provider: UNAUTHENTICATED naming the header, and no upstream call', async () => {
    h.sandbox.reset();
    for (const headers of [{}, { authorization: `Bearer ${CF.token}` }, HOSTILE_EXTRAS] as Record<string, string>[]) {
      const { body } = await h.graphql(QUERY, {}, headers);
      expect(codes(body)).toEqual(['UNAUTHENTICATED']);
      expect(body.errors![0]!.message).toContain('x-cloudflare-authorization');
    }
    expect(h.sandbox.received).toHaveLength(0);
  });

  it('malformed credentials are refused before any upstream call', async () => {
    h.sandbox.reset();
    for (const headers of [
      { 'x-cloudflare-authorization': CF.token }, // not "Bearer ..."
      { 'x-cloudflare-auth-email': CF.email }, // key missing
      { 'x-cloudflare-authorization': `Bearer ${CF.token}`, 'x-cloudflare-auth-key': CF.globalKey }, // both schemes
      { 'x-stripe-authorization': 'Bearer not-a-stripe-key' },
    ] as Record<string, string>[]) {
      const { body } = await h.graphql(QUERY, {}, headers);
      expect(codes(body), JSON.stringify(headers)).toEqual(['UNAUTHENTICATED']);
    }
    expect(h.sandbox.received).toHaveLength(0);
  });

  it.each([
    {
      provider: 'stripe',
      customer: STRIPE_DEFAULT_CUSTOMER,
      header: 'x-stripe-authorization',
      value: `Bearer ${SANDBOX_CREDENTIALS.stripe.secretKey}`,
      upstream: 'authorization',
    },
    {
      provider: 'flexprice',
      customer: FP_DEFAULT_CUSTOMER,
      header: 'x-flexprice-api-key',
      value: SANDBOX_CREDENTIALS.flexprice.apiKey,
      upstream: 'x-api-key',
    },
  ] as const)(
    '$provider: $header reaches the upstream as $upstream, and nothing else of the caller does',
    async ({ provider, customer, header, value, upstream }) => {
      h.sandbox.reset();
      const query = `{ invoices(provider: ${provider.toUpperCase()}, customer: "${customer}", first: 2) { nodes { id } } }`;
      const { body } = await h.graphql(
        query,
        {},
        { [header]: value, ...HOSTILE_EXTRAS, 'x-cloudflare-authorization': `Bearer ${CF.token}` },
      );
      expect(body.errors).toBeUndefined();
      const requests = h.sandbox.received.filter((r) => r.provider === provider);
      expect(requests.length).toBeGreaterThan(0);
      expect(h.sandbox.count('cloudflare')).toBe(0);
      for (const request of requests) {
        expect(request.headers[upstream]).toBe(value);
        expect(request.headers.cookie).toBeUndefined();
        expect(request.headers['x-evil-header']).toBeUndefined();
        expect(request.headers['x-forwarded-for']).toBeUndefined();
        expect(request.headers.origin).toBeUndefined();
        expect(JSON.stringify(request.headers)).not.toContain(CF.token);
      }
      // Without its own header, the provider is not called with billgraph's configured key.
      h.sandbox.reset();
      const without = await h.graphql(query, {}, { 'x-cloudflare-authorization': `Bearer ${CF.token}` });
      expect(codes(without.body)).toEqual(['UNAUTHENTICATED']);
      expect(h.sandbox.received).toHaveLength(0);
    },
  );

  it('no credential value appears in the logs', async () => {
    await h.graphql(QUERY, {}, { 'x-cloudflare-authorization': `Bearer ${CF.token}`, ...HOSTILE_EXTRAS });
    expect(h.logs.length).toBeGreaterThan(0);
    for (const line of h.logs) {
      for (const secret of [CF.token, CF.globalKey, SANDBOX_CREDENTIALS.stripe.secretKey, 'victim-cookie-value', 'wrong-caller-token']) {
        expect(line).not.toContain(secret);
      }
    }
    const last = JSON.parse(h.logs.at(-1)!);
    expect(last.principal).toEqual({ kind: 'pass-through', providers: ['cloudflare', 'stripe'] });
    expect(last.upstreamCallCount).toBeGreaterThan(0);
  });
});
