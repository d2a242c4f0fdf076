import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ConfigError, type JwtSettings } from '../config.js';
import { BillingError } from '../domain/errors.js';
import { PROVIDERS, type ProviderName } from '../domain/invoice.js';
import type { Principal } from './principal.js';

/** Longer than any reasonable token; bounds the work an attacker can make us do per request. */
const MAX_TOKEN_LENGTH = 8_192;
const MAX_CUSTOMERS = 100;

const unauthenticated = (why: string) => new BillingError('UNAUTHENTICATED', `invalid token: ${why}`);

/** The reason a caller may hear for a rejected token: the kind of failure, never the token or its claims. */
function reasonFor(error: unknown): BillingError {
  if (error instanceof joseErrors.JWTExpired) return unauthenticated('expired');
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return unauthenticated('not valid yet');
    return unauthenticated(`claim \`${error.claim}\` is missing or not accepted`);
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return unauthenticated('signing algorithm not accepted');
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return unauthenticated('signature does not verify');
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys)
    return unauthenticated('no known key signed it');
  if (error instanceof joseErrors.JWKSTimeout)
    return new BillingError('UPSTREAM_UNAVAILABLE', 'the JWKS could not be fetched to verify the token');
  if (error instanceof joseErrors.JOSEError) return unauthenticated('malformed');
  // A JWKS URL that cannot be reached: our problem, not the caller's credentials.
  return new BillingError('UPSTREAM_UNAVAILABLE', 'the JWKS could not be fetched to verify the token');
}

type VerifyKey = Uint8Array | JWTVerifyGetKey;

function keyFor(settings: JwtSettings): VerifyKey {
  if (settings.secret !== null) return new TextEncoder().encode(settings.secret);
  if (settings.jwksFile !== null) {
    let jwks: unknown;
    try {
      jwks = JSON.parse(readFileSync(settings.jwksFile, 'utf8'));
    } catch (error) {
      throw new ConfigError('BILLGRAPH_JWKS_FILE', 'a readable JSON Web Key Set file', `${settings.jwksFile}: ${(error as Error).message}`);
    }
    if (typeof jwks !== 'object' || jwks === null || !Array.isArray((jwks as { keys?: unknown }).keys)) {
      throw new ConfigError('BILLGRAPH_JWKS_FILE', 'a JSON Web Key Set ({"keys": [...]})', settings.jwksFile);
    }
    for (const key of (jwks as { keys: { kty?: string; d?: unknown; k?: unknown }[] }).keys) {
      // Public keys only: a symmetric or private key in a JWKS file is a deployment mistake.
      if (key.kty === 'oct' || key.d !== undefined || key.k !== undefined) {
        throw new ConfigError('BILLGRAPH_JWKS_FILE', 'public keys only (no "oct" keys, no private parts)', settings.jwksFile);
      }
    }
    return createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);
  }
  // Fetched on first use, cached for jwksCacheSeconds, refetched at most every 30 s on an unknown kid.
  return createRemoteJWKSet(new URL(settings.jwksUrl!), {
    cacheMaxAge: settings.jwksCacheSeconds * 1_000,
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
  });
}

function readCustomers(payload: JWTPayload, claim: string): string[] {
  const value = payload[claim];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_CUSTOMERS) {
    throw unauthenticated(`claim \`${claim}\` must name 1 to ${MAX_CUSTOMERS} customers`);
  }
  for (const customer of list) {
    if (typeof customer !== 'string' || customer.length === 0 || customer.length > 255) {
      throw unauthenticated(`claim \`${claim}\` must hold customer ids (strings of 1 to 255 characters)`);
    }
  }
  return list as string[];
}

/** The roles a token names (a string or a list of strings); anything else names none, so it grants nothing. */
function readRoles(payload: JWTPayload, claim: string): string[] {
  const value = payload[claim];
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  return list.filter((role): role is string => typeof role === 'string' && role.length > 0 && role.length <= 128).slice(0, 50);
}

/**
 * A token valid for longer than the configured maximum is refused, whatever its signature: one that expires
 * in the year 3000 would be a permanent credential if it leaked. Measured from `iat` when the token has one,
 * and always from now (with the clock skew), so leaving `iat` out does not help.
 */
function checkLifetime(payload: JWTPayload, settings: JwtSettings): void {
  const max = settings.maxLifetimeSeconds;
  const exp = payload.exp as number; // required and checked to be a number by jwtVerify
  const now = Math.floor(Date.now() / 1000);
  const tooLong = exp - now > max + settings.clockSkewSeconds || (typeof payload.iat === 'number' && exp - payload.iat > max);
  if (tooLong) throw unauthenticated(`valid for longer than the ${max} s this API accepts`);
}

/**
 * Verifies billgraph JWTs with jose: signature with the pinned algorithms only (HMAC for a secret,
 * public-key for a JWKS, so `none` and HS/RS confusion cannot pass), `exp` required and bounded by the
 * maximum lifetime, `nbf`, `iss` and `aud` checked with bounded clock skew; the payload then names the provider and the customers.
 */
export function createJwtVerifier(settings: JwtSettings): (token: string) => Promise<Principal> {
  const key = keyFor(settings);
  const options = {
    algorithms: settings.algorithms,
    issuer: settings.issuer,
    audience: settings.audience,
    clockTolerance: settings.clockSkewSeconds,
    requiredClaims: ['exp'],
  };
  return async (token) => {
    if (token.length > MAX_TOKEN_LENGTH || !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token)) throw unauthenticated('not a compact JWS');
    let payload: JWTPayload;
    try {
      // Two overloads (key vs key-getter); both are the same call.
      // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: both branches make the same call
      payload = (typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options)).payload;
    } catch (error) {
      throw reasonFor(error);
    }
    checkLifetime(payload, settings);
    const provider = payload[settings.providerClaim];
    if (typeof provider !== 'string' || !(PROVIDERS as readonly string[]).includes(provider)) {
      throw unauthenticated(`claim \`${settings.providerClaim}\` must be one of ${PROVIDERS.join(', ')}`);
    }
    const customers = readCustomers(payload, settings.customersClaim);
    const subject = typeof payload.sub === 'string' ? payload.sub : '';
    const roles = readRoles(payload, settings.rolesClaim ?? 'billgraph_roles');
    const expiresAt = (payload.exp as number) * 1000;
    return { kind: 'customer', subject, provider: provider as ProviderName, customers, expiresAt, ...(roles.length ? { roles } : {}) };
  };
}
