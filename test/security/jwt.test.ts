import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { CF_DEFAULT_ACCOUNT } from '../../src/sandbox/cloudflare/data.js';
import {
  bearer,
  codes,
  customerToken,
  JWT_AUDIENCE,
  JWT_ENV,
  JWT_ISSUER,
  JWT_SECRET,
  startSecureHarness,
  type SecureHarness,
} from './support.js';
import { listen, type Listening } from '../helpers/listen.js';

const A = CF_DEFAULT_ACCOUNT;
const QUERY = '{ invoices(first: 1) { nodes { customerId } } }';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  billgraph_provider: 'cloudflare',
  billgraph_customers: [A],
  iss: JWT_ISSUER,
  aud: JWT_AUDIENCE,
  sub: 'attacker',
  exp: now() + 600,
  ...extra,
});
const unsigned = (payload: Record<string, unknown>) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;

/** Every rejected token: UNAUTHENTICATED, no data, no upstream call, and the token nowhere in the answer or logs. */
async function expectRejected(h: SecureHarness, token: string, label: string) {
  h.sandbox.reset();
  const { body, text } = await h.graphql(QUERY, {}, bearer(token));
  expect(codes(body), label).toEqual(['UNAUTHENTICATED']);
  expect(body.data ?? null, label).toBeNull();
  expect(h.sandbox.received, label).toHaveLength(0);
  expect(text).not.toContain(token);
  for (const line of h.logs) expect(line).not.toContain(token);
}

describe('JWT with a shared secret (HS256)', () => {
  let h: SecureHarness;
  beforeAll(async () => {
    h = await startSecureHarness(JWT_ENV);
  });
  afterAll(() => h?.close());

  it('a valid token reads its customer', async () => {
    const { body } = await h.graphql(QUERY, {}, bearer(await customerToken('cloudflare', [A])));
    expect(body.errors).toBeUndefined();
    expect(body.data.invoices.nodes[0].customerId).toBe(A);
  });

  it('no token, a non-Bearer header, or garbage: UNAUTHENTICATED', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer not-a-jwt' },
      { authorization: 'Bearer ' + 'a'.repeat(10_000) },
    ]) {
      const { body } = await h.graphql(QUERY, {}, headers);
      expect(codes(body), JSON.stringify(headers).slice(0, 60)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('expired (beyond the 30 s skew) and not yet valid: UNAUTHENTICATED', async () => {
    await expectRejected(h, await customerToken('cloudflare', [A], { expiresIn: now() - 120 }), 'expired');
    await expectRejected(h, await customerToken('cloudflare', [A], { notBefore: now() + 600 }), 'not yet valid');
  });

  it('clock skew is bounded: 10 s past exp still passes, 2 minutes does not', async () => {
    const { body } = await h.graphql(QUERY, {}, bearer(await customerToken('cloudflare', [A], { expiresIn: now() - 10 })));
    expect(body.errors).toBeUndefined();
  });

  it('wrong issuer, wrong audience, wrong key: UNAUTHENTICATED', async () => {
    await expectRejected(h, await customerToken('cloudflare', [A], { issuer: 'https://evil.test/' }), 'issuer');
    await expectRejected(h, await customerToken('cloudflare', [A], { audience: 'another-api' }), 'audience');
    await expectRejected(h, await customerToken('cloudflare', [A], { secret: 'another-secret-that-is-long-enough-000000' }), 'key');
  });

  it('alg none, missing exp, missing or bad provider/customer claims: UNAUTHENTICATED', async () => {
    await expectRejected(h, unsigned(claims()), 'alg none');
    const key = new TextEncoder().encode(JWT_SECRET);
    const sign = (payload: Record<string, unknown>) => new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(key);
    const { exp: _exp, ...withoutExp } = claims();
    await expectRejected(h, await sign(withoutExp), 'no exp');
    await expectRejected(h, await sign(claims({ billgraph_provider: 'paypal' })), 'provider');
    await expectRejected(h, await sign(claims({ billgraph_customers: [] })), 'no customers');
    await expectRejected(h, await sign(claims({ billgraph_customers: [42] })), 'customer type');
  });

  it('an RS256 token (any key) is refused: the secret only verifies HMAC', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await expectRejected(h, await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256' }).sign(privateKey), 'RS256 to HS');
  });
});

describe('JWT with a JWKS file (RS256)', () => {
  let h: SecureHarness;
  let privateKey: CryptoKey;
  let publicPem: string;
  let publicJwk: Record<string, unknown>;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    publicPem = await exportSPKI(pair.publicKey);
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const dir = mkdtempSync(join(tmpdir(), 'billgraph-jwks-'));
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [publicJwk] }));
    const { BILLGRAPH_JWT_SECRET: _secret, ...rest } = JWT_ENV;
    h = await startSecureHarness({ ...rest, BILLGRAPH_JWKS_FILE: file });
  });
  afterAll(() => h?.close());

  const rs = (payload: Record<string, unknown>) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);

  it('a token signed by the JWKS key reads its customer', async () => {
    const { body } = await h.graphql(QUERY, {}, bearer(await rs(claims())));
    expect(body.errors).toBeUndefined();
    expect(body.data.invoices.nodes[0].customerId).toBe(A);
  });

  it('HS/RS confusion: HS256 signed with the public key (PEM or JWK modulus) is UNAUTHENTICATED', async () => {
    for (const secret of [publicPem, JSON.stringify(publicJwk), String(publicJwk.n)]) {
      const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode(secret));
      await expectRejected(h, token, 'HS256 with public key');
    }
  });

  it('alg none, expired, wrong issuer/audience, another RSA key: UNAUTHENTICATED', async () => {
    await expectRejected(h, unsigned(claims()), 'none');
    await expectRejected(h, await rs(claims({ exp: now() - 300 })), 'expired');
    await expectRejected(h, await rs(claims({ nbf: now() + 300 })), 'nbf');
    await expectRejected(h, await rs(claims({ iss: 'https://evil.test/' })), 'iss');
    await expectRejected(h, await rs(claims({ aud: 'other' })), 'aud');
    const other = await generateKeyPair('RS256');
    await expectRejected(
      h,
      await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(other.privateKey),
      'other key',
    );
  });
});

describe('JWT claim names are configurable (an identity provider with namespaced claims)', () => {
  let h: SecureHarness;
  const PROVIDER_CLAIM = 'https://billing.acme.test/provider';
  const CUSTOMERS_CLAIM = 'https://billing.acme.test/customers';
  beforeAll(async () => {
    h = await startSecureHarness({
      ...JWT_ENV,
      BILLGRAPH_JWT_PROVIDER_CLAIM: PROVIDER_CLAIM,
      BILLGRAPH_JWT_CUSTOMERS_CLAIM: CUSTOMERS_CLAIM,
    });
  });
  afterAll(() => h?.close());

  const sign = (payload: Record<string, unknown>) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(JWT_ISSUER)
      .setAudience(JWT_AUDIENCE)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(JWT_SECRET));

  it('reads the customer from the configured claims', async () => {
    const { body } = await h.graphql(QUERY, {}, bearer(await sign({ [PROVIDER_CLAIM]: 'cloudflare', [CUSTOMERS_CLAIM]: [A] })));
    expect(body.errors).toBeUndefined();
    expect(body.data.invoices.nodes[0].customerId).toBe(A);
  });

  it('a token carrying only the default claim names is UNAUTHENTICATED there', async () => {
    await expectRejected(h, await customerToken('cloudflare', [A]), 'default claim names');
  });

  it('a claim name that is not a plain name or URL is a ConfigError', () => {
    expect(() => loadConfig({ ...JWT_ENV, BILLGRAPH_JWT_CUSTOMERS_CLAIM: 'has space' })).toThrow(/BILLGRAPH_JWT_CUSTOMERS_CLAIM/);
  });
});

describe('JWT configuration is pinned', () => {
  const base = { BILLGRAPH_AUTH_MODE: 'jwt', BILLGRAPH_JWT_ISSUER: 'i', BILLGRAPH_JWT_AUDIENCE: 'a' };
  it('refuses mixing algorithm families, short secrets, two key sources, missing iss/aud', () => {
    expect(() => loadConfig({ ...base, BILLGRAPH_JWT_SECRET: JWT_SECRET, BILLGRAPH_JWT_ALGORITHMS: 'HS256,RS256' })).toThrow(
      /BILLGRAPH_JWT_ALGORITHMS/,
    );
    expect(() => loadConfig({ ...base, BILLGRAPH_JWKS_URL: 'https://idp.test/jwks', BILLGRAPH_JWT_ALGORITHMS: 'HS256' })).toThrow(
      /BILLGRAPH_JWT_ALGORITHMS/,
    );
    expect(() => loadConfig({ ...base, BILLGRAPH_JWT_ALGORITHMS: 'none', BILLGRAPH_JWT_SECRET: JWT_SECRET })).toThrow(
      /BILLGRAPH_JWT_ALGORITHMS/,
    );
    expect(() => loadConfig({ ...base, BILLGRAPH_JWT_SECRET: 'short' })).toThrow(/32 bytes/);
    expect(() => loadConfig({ ...base, BILLGRAPH_JWT_SECRET: JWT_SECRET, BILLGRAPH_JWKS_URL: 'https://idp.test/jwks' })).toThrow(
      /exactly one/,
    );
    expect(() => loadConfig({ BILLGRAPH_AUTH_MODE: 'jwt', BILLGRAPH_JWT_SECRET: JWT_SECRET })).toThrow(/BILLGRAPH_JWT_ISSUER/);
  });

  it('sandbox mode is refused with real upstream credentials unless BILLGRAPH_ALLOW_OPEN=true', () => {
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'sk_live_realLookingKey123' })).toThrow(/BILLGRAPH_AUTH_MODE/);
    expect(() => loadConfig({ BILLGRAPH_AUTH_MODE: 'sandbox', CLOUDFLARE_API_TOKEN: 'real-token' })).toThrow(/BILLGRAPH_ALLOW_OPEN/);
    expect(loadConfig({ BILLGRAPH_AUTH_MODE: 'sandbox', BILLGRAPH_ALLOW_OPEN: 'true', CLOUDFLARE_API_TOKEN: 'real-token' }).auth.mode).toBe(
      'sandbox',
    );
    expect(loadConfig({ BILLGRAPH_AUTH_MODE: 'pass-through', CLOUDFLARE_API_TOKEN: 'real-token' }).auth.mode).toBe('pass-through');
    expect(loadConfig({}).auth.mode).toBe('sandbox');
  });
});

describe('JWT with a JWKS URL (fetched once, cached)', () => {
  let h: SecureHarness;
  let jwksServer: Listening | undefined;
  let fetches = 0;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'url-k1', alg: 'ES256', use: 'sig' };
    jwksServer = await listen((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    const { BILLGRAPH_JWT_SECRET: _secret, ...rest } = JWT_ENV;
    h = await startSecureHarness({ ...rest, BILLGRAPH_JWKS_URL: `${jwksServer.origin}/.well-known/jwks.json` });
  });
  afterAll(async () => {
    await h?.close();
    await jwksServer?.close();
  });

  const es = (payload: Record<string, unknown>) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: 'url-k1' }).sign(privateKey);

  it('tokens signed by the published key read their customer; five requests fetch the key set once', async () => {
    for (let i = 0; i < 5; i += 1) {
      const { body } = await h.graphql(QUERY, {}, bearer(await es(claims())));
      expect(body.errors).toBeUndefined();
      expect(body.data.invoices.nodes[0].customerId).toBe(A);
    }
    expect(fetches).toBe(1);
  });

  it('a token of another key is UNAUTHENTICATED', async () => {
    const other = await generateKeyPair('ES256');
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', kid: 'url-k1' }).sign(other.privateKey);
    await expectRejected(h, token, 'another ES256 key');
  });

  it('an unreachable key set is a typed error, never INTERNAL, and no upstream call', async () => {
    const { BILLGRAPH_JWT_SECRET: _secret, ...rest } = JWT_ENV;
    const dead = await startSecureHarness({ ...rest, BILLGRAPH_JWKS_URL: 'http://127.0.0.1:1/jwks.json' });
    try {
      const { body } = await dead.graphql(QUERY, {}, bearer(await es(claims())));
      expect(body.data ?? null).toBeNull();
      expect(['UPSTREAM_UNAVAILABLE', 'UNAUTHENTICATED']).toContain(codes(body)[0]);
      expect(dead.sandbox.received).toHaveLength(0);
    } finally {
      await dead.close();
    }
  });
});
