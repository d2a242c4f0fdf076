import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createJwtVerifier } from '../../src/auth/jwt.js';
import type { JwtSettings } from '../../src/config.js';
import { BillingError } from '../../src/domain/errors.js';
import { UNIT_JWT_SECRET as SECRET, unitJwtSettings } from '../helpers/jwt-settings.js';
import { freePort, listen, type Listening } from '../helpers/listen.js';

/** src/auth/jwt.ts: the maximum lifetime, roles, and where the verifying keys come from. */
const settings: JwtSettings = { ...unitJwtSettings, jwksCacheSeconds: 60 };
const claims = { billgraph_provider: 'stripe', billgraph_customers: ['cus_A'] };
/** The frozen "now" of the lifetime tests, in seconds. */
const NOW = 1_800_000_000;

async function rejection(run: () => Promise<unknown>): Promise<BillingError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(BillingError);
    return error as BillingError;
  }
  throw new Error('expected a BillingError, nothing was thrown');
}

function hs256(times: { exp: number; iat?: number }, extra: Record<string, unknown> = {}): Promise<string> {
  let jwt = new SignJWT({ ...claims, ...extra })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setExpirationTime(times.exp);
  if (times.iat !== undefined) jwt = jwt.setIssuedAt(times.iat);
  return jwt.sign(new TextEncoder().encode(SECRET));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('JWT maximum lifetime', () => {
  const verify = (token: string) => createJwtVerifier(settings)(token);
  const tooLong = 'invalid token: valid for longer than the 86400 s this API accepts';

  it('without iat: exp may lie at most the maximum lifetime plus the clock skew ahead of now', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW * 1000 });
    expect((await verify(await hs256({ exp: NOW + 86_400 + 30 }))).kind).toBe('customer');
    const error = await rejection(async () => verify(await hs256({ exp: NOW + 86_400 + 31 })));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toBe(tooLong);
    // A token expiring in the year 3000, however well signed, is refused.
    expect((await rejection(async () => verify(await hs256({ exp: 32_503_680_000 })))).message).toBe(tooLong);
  });

  it('with iat: exp - iat may not exceed the maximum, even when exp is close to now', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW * 1000 });
    // Issued an hour ago for exactly the maximum: fine.
    expect((await verify(await hs256({ iat: NOW - 3_600, exp: NOW - 3_600 + 86_400 }))).kind).toBe('customer');
    // Issued an hour ago for a second more than the maximum: refused, although it expires within 23 hours.
    const error = await rejection(async () => verify(await hs256({ iat: NOW - 3_600, exp: NOW - 3_600 + 86_401 })));
    expect(error.message).toBe(tooLong);
    // An ordinary five-minute token with iat passes.
    expect((await verify(await hs256({ iat: NOW, exp: NOW + 300 }))).kind).toBe('customer');
  });

  it('the limit follows the configured maximum', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW * 1000 });
    const short = createJwtVerifier({ ...settings, maxLifetimeSeconds: 600, clockSkewSeconds: 0 });
    expect((await short(await hs256({ exp: NOW + 600 }))).kind).toBe('customer');
    expect((await rejection(async () => short(await hs256({ exp: NOW + 601 })))).message).toBe(
      'invalid token: valid for longer than the 600 s this API accepts',
    );
  });
});

describe('JWT roles', () => {
  it('a role must itself be a string: nested lists or objects with a length name no role', async () => {
    const roles = async (value: unknown) =>
      (
        (await createJwtVerifier(settings)(await hs256({ exp: Math.floor(Date.now() / 1000) + 300 }, { billgraph_roles: value }))) as {
          roles?: string[];
        }
      ).roles;
    expect(await roles([['internal'], { length: 3 }, 'billing'])).toEqual(['billing']);
    expect(await roles([['internal']])).toBeUndefined();
  });
});

describe('JWKS file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'billgraph-jwks-'));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const rsa = { ...settings, secret: null, algorithms: ['RS256'] };

  it('configuration errors name the variable and the file', () => {
    for (const [name, content, expected] of [
      ['oct-without-k.json', { keys: [{ kty: 'oct' }] }, 'public keys only'],
      ['array.json', [], 'a JSON Web Key Set'],
      ['broken.json', '{', 'a readable JSON Web Key Set file'],
    ] as const) {
      const path = file(name, content);
      expect(() => createJwtVerifier({ ...rsa, jwksFile: path }), name).toThrow(`BILLGRAPH_JWKS_FILE must be ${expected}`);
      expect(() => createJwtVerifier({ ...rsa, jwksFile: path }), name).toThrow(path);
    }
    // Why a file could not be read is said too.
    expect(() => createJwtVerifier({ ...rsa, jwksFile: join(dir, 'missing.json') })).toThrow(/missing\.json: ENOENT/);
  });
});

describe('JWKS URL', () => {
  let server: Listening;
  let jwksUrl: string;
  let fetches = 0;
  let publicJwk: JWK;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
    server = await listen((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    jwksUrl = `${server.origin}/.well-known/jwks.json`;
  });
  afterAll(() => server.close());

  const rs256 = (kid: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setExpirationTime('10m')
      .sign(privateKey);

  it('is fetched on first use, trusted for jwksCacheSeconds, then fetched again', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW * 1000 });
    fetches = 0;
    const verify = createJwtVerifier({ ...settings, secret: null, jwksUrl, algorithms: ['RS256'], jwksCacheSeconds: 60 });
    expect(fetches).toBe(0);
    const token = await rs256('k1');
    expect(await verify(token)).toMatchObject({ kind: 'customer', provider: 'stripe', customers: ['cus_A'] });
    expect(fetches).toBe(1);
    vi.setSystemTime((NOW + 2) * 1000);
    expect((await verify(token)).kind).toBe('customer');
    // An unknown kid within 30 s of the last fetch does not make it fetch again.
    expect((await rejection(async () => verify(await rs256('k2')))).message).toBe('invalid token: no known key signed it');
    expect(fetches).toBe(1);
    vi.setSystemTime((NOW + 61) * 1000);
    expect((await verify(token)).kind).toBe('customer');
    expect(fetches).toBe(2);
  });

  it('a JWKS that cannot be reached is our problem (UPSTREAM_UNAVAILABLE), not a bad token', async () => {
    const port = await freePort();
    const verify = createJwtVerifier({ ...settings, secret: null, jwksUrl: `http://127.0.0.1:${port}/jwks`, algorithms: ['RS256'] });
    const error = await rejection(async () => verify(await rs256('k1')));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toBe('the JWKS could not be fetched to verify the token');
  });
});
