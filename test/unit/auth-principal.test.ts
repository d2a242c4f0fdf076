import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../../src/auth/jwt.js';
import { passThroughHint, readPassThroughCredentials } from '../../src/auth/pass-through.js';
import { describePrincipal, principalKey, type Principal } from '../../src/auth/principal.js';
import { createPrincipalResolver, credentialsFor } from '../../src/auth/resolve.js';
import { BillingError } from '../../src/domain/errors.js';
import { UNIT_JWT_SECRET as SECRET, unitJwtSettings } from '../helpers/jwt-settings.js';

const settings = unitJwtSettings;

function sign(claims: Record<string, unknown>, options: { exp?: number | string | null; secret?: string; nbf?: number } = {}) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(settings.issuer).setAudience(settings.audience);
  if (options.exp !== null) jwt = jwt.setExpirationTime(options.exp ?? '5m');
  if (options.nbf !== undefined) jwt = jwt.setNotBefore(options.nbf);
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

async function rejection(run: () => Promise<unknown>): Promise<BillingError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(BillingError);
    return error as BillingError;
  }
  throw new Error('expected a BillingError, nothing was thrown');
}

describe('createJwtVerifier', () => {
  // Made inside each test (not at collection time), so every test runs the verifier's setup too.
  const verify = (token: string) => createJwtVerifier(settings)(token);

  it('roles: a string or a list of non-empty strings up to 128 characters, at most 50; anything else names none', async () => {
    const base = { billgraph_provider: 'stripe', billgraph_customers: ['cus_A'] };
    const rolesOf = async (claims: Record<string, unknown>, claim?: string) =>
      ((await createJwtVerifier({ ...settings, rolesClaim: claim })(await sign({ ...base, ...claims }))) as { roles?: string[] }).roles;
    expect(await rolesOf({})).toBeUndefined();
    expect(await rolesOf({ billgraph_roles: 'internal' })).toEqual(['internal']);
    expect(await rolesOf({ billgraph_roles: ['internal', 7, '', 'r'.repeat(129), 'r'.repeat(128)] })).toEqual([
      'internal',
      'r'.repeat(128),
    ]);
    expect(await rolesOf({ billgraph_roles: { internal: true } })).toBeUndefined();
    expect(await rolesOf({ billgraph_roles: Array.from({ length: 60 }, (_, i) => `role${i}`) })).toHaveLength(50);
    expect(await rolesOf({ groups: ['internal'], billgraph_roles: ['other'] }, 'groups')).toEqual(['internal']);
  });

  it('a valid token names its provider, customers and subject', async () => {
    const token = await new SignJWT({ billgraph_provider: 'stripe', billgraph_customers: ['cus_A', 'cus_B'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setSubject('user-1')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    const principal = await verify(token);
    expect(principal).toEqual({
      kind: 'customer',
      subject: 'user-1',
      provider: 'stripe',
      customers: ['cus_A', 'cus_B'],
      expiresAt: expect.any(Number),
    });
    // The token's exp, in ms: a subscription ends then.
    const expiresIn = (principal as { expiresAt: number }).expiresAt - Date.now();
    expect(expiresIn).toBeGreaterThan(295_000);
    expect(expiresIn).toBeLessThanOrEqual(300_000);
    // One customer may be a plain string; no subject is an empty one.
    expect(await verify(await sign({ billgraph_provider: 'flexprice', billgraph_customers: 'cust_1' }))).toEqual({
      kind: 'customer',
      subject: '',
      provider: 'flexprice',
      customers: ['cust_1'],
      expiresAt: expect.any(Number),
    });
  });

  it('refuses tokens by kind of failure, never echoing the token', async () => {
    const ok = { billgraph_provider: 'stripe', billgraph_customers: ['cus_A'] };
    const cases: [string, string][] = [
      ['garbage', 'invalid token: not a compact JWS'],
      ['a.b.c.d', 'invalid token: not a compact JWS'],
      [`${await sign(ok)}x!`, 'invalid token: not a compact JWS'],
      [`x${'a'.repeat(8_192)}.b.c`, 'invalid token: not a compact JWS'],
      [await sign(ok, { exp: Math.floor(Date.now() / 1000) - 120 }), 'invalid token: expired'],
      [await sign(ok, { nbf: Math.floor(Date.now() / 1000) + 120 }), 'invalid token: not valid yet'],
      [await sign(ok, { exp: null }), 'invalid token: claim `exp` is missing or not accepted'],
      [await sign(ok, { secret: `${SECRET}-other` }), 'invalid token: signature does not verify'],
      ['e30.e30.', 'invalid token: malformed'],
      [
        await sign({ billgraph_customers: ['cus_A'] }),
        'invalid token: claim `billgraph_provider` must be one of cloudflare, stripe, flexprice',
      ],
      [
        await sign({ ...ok, billgraph_provider: 'paypal' }),
        'invalid token: claim `billgraph_provider` must be one of cloudflare, stripe, flexprice',
      ],
      [await sign({ ...ok, billgraph_customers: [] }), 'invalid token: claim `billgraph_customers` must name 1 to 100 customers'],
      [await sign({ ...ok, billgraph_customers: 5 }), 'invalid token: claim `billgraph_customers` must name 1 to 100 customers'],
      [
        await sign({ ...ok, billgraph_customers: Array.from({ length: 101 }, (_, i) => `c${i}`) }),
        'invalid token: claim `billgraph_customers` must name 1 to 100 customers',
      ],
      [
        await sign({ ...ok, billgraph_customers: ['cus_A', ''] }),
        'invalid token: claim `billgraph_customers` must hold customer ids (strings of 1 to 255 characters)',
      ],
      [
        await sign({ ...ok, billgraph_customers: ['x'.repeat(256)] }),
        'invalid token: claim `billgraph_customers` must hold customer ids (strings of 1 to 255 characters)',
      ],
      [
        await sign({ ...ok, billgraph_customers: [7] }),
        'invalid token: claim `billgraph_customers` must hold customer ids (strings of 1 to 255 characters)',
      ],
    ];
    for (const [token, message] of cases) {
      const error = await rejection(() => verify(token));
      expect(error.code, message).toBe('UNAUTHENTICATED');
      expect(error.message).toBe(message);
    }
    // 100 customers, or one of 255 characters, are still fine; 10 s past exp is within the skew.
    const many = Array.from({ length: 100 }, (_, i) => `c${i}`);
    expect(await verify(await sign({ ...ok, billgraph_customers: many }))).toMatchObject({ kind: 'customer', customers: many });
    expect((await verify(await sign({ ...ok, billgraph_customers: ['x'.repeat(255)] }))).kind).toBe('customer');
    expect((await verify(await sign(ok, { exp: Math.floor(Date.now() / 1000) - 10 }))).kind).toBe('customer');
    // A token of exactly 8,192 characters is still read.
    let exact = '';
    for (let pad = 5_500; pad < 6_500 && exact.length !== 8_192; pad += 1) exact = await sign({ ...ok, pad: 'p'.repeat(pad) });
    expect(exact).toHaveLength(8_192);
    expect((await verify(exact)).kind).toBe('customer');
    expect((await rejection(() => verify(`${exact.slice(0, 100)}p${exact.slice(100)}`))).message).toBe('invalid token: not a compact JWS');
  });

  it('an algorithm outside the pinned list is refused', async () => {
    const verifyHs512Only = createJwtVerifier({ ...settings, algorithms: ['HS512'] });
    const error = await rejection(async () => verifyHs512Only(await sign({ billgraph_provider: 'stripe', billgraph_customers: ['c'] })));
    expect(error.message).toBe('invalid token: signing algorithm not accepted');
  });

  it('a JWKS file of public keys verifies; private or symmetric keys in it are a configuration error', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const dir = mkdtempSync(join(tmpdir(), 'billgraph-jwks-'));
    const file = (name: string, content: unknown) => {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    };
    const rsa = { ...settings, secret: null, algorithms: ['RS256'] };
    const publicJwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    const verifyRsa = createJwtVerifier({ ...rsa, jwksFile: file('good.json', { keys: [publicJwk] }) });
    const token = await new SignJWT({ billgraph_provider: 'cloudflare', billgraph_customers: ['acct'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await verifyRsa(token)).toMatchObject({ kind: 'customer', customers: ['acct'] });
    const unknownKid = await new SignJWT({ billgraph_provider: 'cloudflare', billgraph_customers: ['acct'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'other' })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await rejection(() => verifyRsa(unknownKid))).message).toBe('invalid token: no known key signed it');

    const privateJwk = { ...(await exportJWK(privateKey)), kid: 'k1' };
    for (const [name, content, expected] of [
      ['private.json', { keys: [privateJwk] }, 'public keys only'],
      ['oct.json', { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }, 'public keys only'],
      ['k.json', { keys: [{ kty: 'RSA', k: 'x' }] }, 'public keys only'],
      ['nokeys.json', { other: [] }, 'a JSON Web Key Set'],
      ['null.json', 'null', 'a JSON Web Key Set'],
      ['broken.json', '{', 'a readable JSON Web Key Set file'],
    ] as const) {
      expect(() => createJwtVerifier({ ...rsa, jwksFile: file(name, content) }), name).toThrow(expected);
    }
    expect(() => createJwtVerifier({ ...rsa, jwksFile: join(dir, 'missing.json') })).toThrow(/BILLGRAPH_JWKS_FILE must be a readable/);
  });
});

describe('createPrincipalResolver', () => {
  it('sandbox mode is the service principal', async () => {
    const resolve = createPrincipalResolver({ mode: 'sandbox', allowOpen: false, jwt: null });
    expect(await resolve(new Headers())).toEqual({ kind: 'service' });
  });

  it('pass-through mode reads the caller credentials', async () => {
    const resolve = createPrincipalResolver({ mode: 'pass-through', allowOpen: false, jwt: null });
    expect(await resolve(new Headers({ 'x-flexprice-api-key': 'fp_key' }))).toEqual({
      kind: 'pass-through',
      credentials: { flexprice: { 'x-api-key': 'fp_key' } },
    });
  });

  it('jwt mode wants "Authorization: Bearer <token>", the scheme in any case', async () => {
    const resolve = createPrincipalResolver({ mode: 'jwt', allowOpen: false, jwt: settings });
    const token = await sign({ billgraph_provider: 'stripe', billgraph_customers: ['cus_A'] });
    expect((await resolve(new Headers({ authorization: `Bearer ${token}` }))).kind).toBe('customer');
    expect((await resolve(new Headers({ authorization: `bearer ${token}` }))).kind).toBe('customer');
    const missing = await rejection(() => resolve(new Headers()));
    expect(missing.code).toBe('UNAUTHENTICATED');
    expect(missing.message).toBe('send a billgraph JWT as "Authorization: Bearer <token>"');
    for (const authorization of [`Basic ${token}`, `Bearer ${token} extra`, `xBearer ${token}`, 'Bearer ']) {
      const error = await rejection(() => resolve(new Headers({ authorization })));
      expect(error.code, authorization).toBe('UNAUTHENTICATED');
      expect(error.message, authorization).toBe('the Authorization header must be "Bearer <token>"');
    }
  });
});

describe('pass-through credentials', () => {
  const read = (headers: Record<string, string>) => readPassThroughCredentials(new Headers(headers));
  const refusal = (headers: Record<string, string>) => {
    try {
      read(headers);
    } catch (error) {
      expect(error).toBeInstanceOf(BillingError);
      expect((error as BillingError).code).toBe('UNAUTHENTICATED');
      return (error as BillingError).message;
    }
    throw new Error('accepted');
  };

  it('renames each provider header to the one its upstream expects, and forwards nothing else', () => {
    expect(
      read({
        'x-cloudflare-authorization': 'Bearer cf_token',
        'x-stripe-authorization': 'Bearer sk_test_abc123',
        'x-flexprice-api-key': 'fp key with spaces',
        authorization: 'Bearer other',
        cookie: 'a=b',
      }),
    ).toEqual({
      cloudflare: { authorization: 'Bearer cf_token' },
      stripe: { authorization: 'Bearer sk_test_abc123' },
      flexprice: { 'x-api-key': 'fp key with spaces' },
    });
    expect(read({ 'x-cloudflare-auth-email': 'a@b.c', 'x-cloudflare-auth-key': 'k' })).toEqual({
      cloudflare: { 'x-auth-email': 'a@b.c', 'x-auth-key': 'k' },
    });
    expect(read({ 'x-stripe-authorization': 'Bearer rk_live_X_1' })).toEqual({ stripe: { authorization: 'Bearer rk_live_X_1' } });
    expect(read({})).toEqual({});
    expect(Object.isFrozen(read({ 'x-flexprice-api-key': 'k' }).flexprice)).toBe(true);
  });

  it('refuses malformed values, naming the provider and what is wrong', () => {
    expect(refusal({ 'x-cloudflare-authorization': 'cf_token' })).toBe(
      'pass-through cloudflare credentials must be "Bearer <API token>" in x-cloudflare-authorization',
    );
    expect(refusal({ 'x-cloudflare-authorization': 'Bearer t', 'x-cloudflare-auth-key': 'k' })).toBe(
      'pass-through cloudflare credentials must be a token or an email + global key, not both',
    );
    expect(refusal({ 'x-cloudflare-authorization': 'Bearer t', 'x-cloudflare-auth-email': 'a@b.c' })).toMatch(/not both/);
    expect(refusal({ 'x-cloudflare-auth-email': 'a@b.c' })).toBe(
      'pass-through cloudflare credentials need both x-cloudflare-auth-email and x-cloudflare-auth-key',
    );
    expect(refusal({ 'x-cloudflare-auth-key': 'k' })).toMatch(/need both/);
    for (const value of ['Bearer pk_test_abc', 'Bearer sk_prod_abc', 'sk_test_abc', 'Bearer sk_test_a-b', 'Bearer sk_test_']) {
      expect(refusal({ 'x-stripe-authorization': value }), value).toBe(
        'pass-through stripe credentials must be "Bearer sk_..." (or rk_...) in x-stripe-authorization',
      );
    }
    expect(refusal({ 'x-cloudflare-authorization': 'Bearer a\u00e9' })).toBe(
      'pass-through cloudflare credentials in x-cloudflare-authorization are not a valid header value',
    );
    for (const value of ['a  b', 'a\tb', 'é', 'x'.repeat(4097)]) {
      expect(refusal({ 'x-flexprice-api-key': value }), value.slice(0, 10)).toBe(
        'pass-through flexprice credentials in x-flexprice-api-key are not a valid header value',
      );
    }
    expect(read({ 'x-flexprice-api-key': 'x'.repeat(4096) }).flexprice?.['x-api-key']).toHaveLength(4096);
  });

  it('names the headers to send for each provider', () => {
    expect(passThroughHint('cloudflare')).toBe('x-cloudflare-authorization or x-cloudflare-auth-email or x-cloudflare-auth-key');
    expect(passThroughHint('stripe')).toBe('x-stripe-authorization');
  });

  it('a pass-through caller gets only its own headers, and none is UNAUTHENTICATED naming the header', () => {
    const principal: Principal = { kind: 'pass-through', credentials: { stripe: { authorization: 'Bearer sk_test_1' } } };
    expect(credentialsFor(principal, 'stripe')).toEqual({ authorization: 'Bearer sk_test_1' });
    let error: unknown;
    try {
      credentialsFor(principal, 'flexprice');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BillingError);
    expect((error as BillingError).code).toBe('UNAUTHENTICATED');
    expect((error as BillingError).message).toBe('send your flexprice credentials in x-flexprice-api-key');
    expect((error as BillingError).details).toEqual({ provider: 'flexprice' });
    expect(credentialsFor({ kind: 'service' }, 'stripe')).toBeNull();
    expect(credentialsFor({ kind: 'customer', subject: 's', provider: 'stripe', customers: ['c'] }, 'stripe')).toBeNull();
  });
});

describe('principal keys and log descriptions', () => {
  const customer: Principal = { kind: 'customer', subject: 'u1', provider: 'stripe', customers: ['b', 'a'] };

  it('one key per caller: customer order does not matter, anything else does', () => {
    expect(principalKey({ kind: 'service' })).toBe('service');
    expect(principalKey(customer)).toMatch(/^jwt:[\w-]{43}$/);
    expect(principalKey(customer)).toBe(principalKey({ ...customer, customers: ['a', 'b'] }));
    expect(principalKey(customer)).not.toBe(principalKey({ ...customer, subject: 'u2' }));
    expect(principalKey(customer)).not.toBe(principalKey({ ...customer, provider: 'flexprice' }));
    expect(principalKey(customer)).not.toBe(principalKey({ ...customer, customers: ['a'] }));
  });

  it('pass-through keys hash the credentials, whatever their order, and never contain them', () => {
    const a: Principal = {
      kind: 'pass-through',
      credentials: { stripe: { authorization: 'Bearer sk_test_1' }, flexprice: { 'x-api-key': 'k' } },
    };
    const b: Principal = {
      kind: 'pass-through',
      credentials: { flexprice: { 'x-api-key': 'k' }, stripe: { authorization: 'Bearer sk_test_1' } },
    };
    const cf1: Principal = { kind: 'pass-through', credentials: { cloudflare: { 'x-auth-email': 'e', 'x-auth-key': 'k' } } };
    const cf2: Principal = { kind: 'pass-through', credentials: { cloudflare: { 'x-auth-key': 'k', 'x-auth-email': 'e' } } };
    expect(principalKey(a)).toMatch(/^pass:[\w-]{43}$/);
    expect(principalKey(a)).toBe(principalKey(b));
    expect(principalKey(cf1)).toBe(principalKey(cf2));
    expect(principalKey(a)).not.toContain('sk_test_1');
    expect(principalKey(a)).not.toBe(
      principalKey({ kind: 'pass-through', credentials: { stripe: { authorization: 'Bearer sk_test_2' } } }),
    );
    expect(principalKey(cf1)).not.toBe(
      principalKey({ kind: 'pass-through', credentials: { cloudflare: { 'x-auth-email': 'e', 'x-auth-key': 'j' } } }),
    );
  });

  it('log descriptions carry kind and scope, never a credential or customer id', () => {
    expect(describePrincipal({ kind: 'service' })).toEqual({ kind: 'service' });
    expect(describePrincipal(customer)).toEqual({ kind: 'customer', subject: 'u1', provider: 'stripe', customers: 2 });
    expect(describePrincipal({ kind: 'pass-through', credentials: { stripe: { authorization: 'Bearer sk_test_1' } } })).toEqual({
      kind: 'pass-through',
      providers: ['stripe'],
    });
  });
});
