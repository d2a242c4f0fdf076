import { type Env, flag, integer, oneOf, text, url } from './env.js';
import { ConfigError } from './errors.js';
import type { CloudflareSettings, FlexpriceSettings, StripeSettings } from './upstreams.js';

/**
 * How callers prove who they are (docs/ARCHITECTURE.md section 6, src/auth):
 * - `sandbox`: open, billgraph's own upstream credentials for everyone; refused when real upstream
 *   credentials are configured unless BILLGRAPH_ALLOW_OPEN=true.
 * - `pass-through`: the caller's own upstream credential headers are forwarded; configured keys are never used.
 * - `jwt`: billgraph's configured keys; a verified JWT names the provider and the customers the caller may see.
 */
export type AuthMode = 'sandbox' | 'pass-through' | 'jwt';

export const JWT_SECRET_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export const JWT_PUBLIC_KEY_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

export interface JwtSettings {
  /** Exactly one of secret / jwksFile / jwksUrl is set. */
  secret: string | null;
  jwksFile: string | null;
  jwksUrl: string | null;
  /** Pinned: HMAC algorithms with a secret, public-key algorithms with a JWKS (no mixing, never `none`). */
  algorithms: string[];
  issuer: string;
  audience: string;
  providerClaim: string;
  customersClaim: string;
  /** The claim listing the token's roles (default billgraph_roles); a role can allow arbitrary documents (src/config/documents.ts). */
  rolesClaim?: string;
  clockSkewSeconds: number;
  /** The longest a token may be valid (`exp` - `iat`, and `exp` - now): a leaked long-lived token stays a short risk. */
  maxLifetimeSeconds: number;
  /** How long a fetched JWKS is trusted before it is fetched again. */
  jwksCacheSeconds: number;
}

export interface AuthSettings {
  mode: AuthMode;
  /** sandbox mode although real upstream credentials are configured (explicit opt-in). */
  allowOpen: boolean;
  jwt: JwtSettings | null;
}

/** The configured upstreams, and the keys known to be public (a demo's published keys): never worth guarding. */
export interface ConfiguredUpstreams {
  cloudflare: CloudflareSettings;
  stripe: StripeSettings;
  flexprice: FlexpriceSettings;
  publicKeys: ReadonlySet<string>;
}

/** A base URL on this machine: local use (a sandbox, a mock, a test), not a real upstream. */
function isLoopback(baseUrl: string | null): boolean {
  if (baseUrl === null) return false;
  const host = new URL(baseUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Some upstream key is configured for a non-local upstream and is not a public key: then an open
 * (sandbox-mode) billgraph would hand that key's data to anyone.
 */
function hasRealCredentials({ cloudflare, stripe, flexprice, publicKeys }: ConfiguredUpstreams): boolean {
  const real = (key: string | null, baseUrl: string | null) => key !== null && !publicKeys.has(key) && !isLoopback(baseUrl);
  const cloudflareKey = cloudflare.auth === null ? null : cloudflare.auth.kind === 'token' ? cloudflare.auth.token : cloudflare.auth.key;
  return real(cloudflareKey, cloudflare.baseUrl) || real(stripe.secretKey, stripe.baseUrl) || real(flexprice.apiKey, flexprice.baseUrl);
}

/** BILLGRAPH_AUTH_MODE and the JWT settings; open mode is refused in front of real upstream keys. */
export function authSettings(env: Env, upstreams: ConfiguredUpstreams): AuthSettings {
  const guarded = hasRealCredentials(upstreams);
  const allowOpen = flag(env, 'BILLGRAPH_ALLOW_OPEN', false);
  const raw = text(env, 'BILLGRAPH_AUTH_MODE');
  if (raw === null && guarded) {
    throw new ConfigError(
      'BILLGRAPH_AUTH_MODE',
      'jwt or pass-through when upstream credentials are configured (sandbox needs BILLGRAPH_ALLOW_OPEN=true)',
      '',
    );
  }
  const mode = oneOf(env, 'BILLGRAPH_AUTH_MODE', ['sandbox', 'pass-through', 'jwt'] as const, 'sandbox');
  if (mode === 'sandbox' && guarded && !allowOpen) {
    throw new ConfigError(
      'BILLGRAPH_AUTH_MODE',
      'jwt or pass-through: sandbox mode is open to anyone and upstream credentials are configured (set BILLGRAPH_ALLOW_OPEN=true to insist)',
      raw ?? '',
    );
  }
  return { mode, allowOpen, jwt: mode === 'jwt' ? jwtSettings(env) : null };
}

/** Exactly one key source: a secret, a JWKS file or a JWKS URL. */
function keySource(env: Env): Pick<JwtSettings, 'secret' | 'jwksFile' | 'jwksUrl'> {
  const secret = text(env, 'BILLGRAPH_JWT_SECRET');
  const jwksFile = text(env, 'BILLGRAPH_JWKS_FILE');
  const jwksUrl = url(env, 'BILLGRAPH_JWKS_URL');
  const sources = [secret, jwksFile, jwksUrl].filter((value) => value !== null).length;
  if (sources !== 1) {
    throw new ConfigError(
      'BILLGRAPH_JWT_SECRET',
      'set alone, or replaced by exactly one of BILLGRAPH_JWKS_FILE / BILLGRAPH_JWKS_URL (jwt mode)',
      sources ? '<several set>' : '',
    );
  }
  if (secret !== null && Buffer.byteLength(secret) < 32) throw new ConfigError('BILLGRAPH_JWT_SECRET', 'at least 32 bytes', '<too short>');
  return { secret, jwksFile, jwksUrl };
}

/** Pinned algorithms: HMAC with a secret, public-key with a JWKS, so a token cannot pick its own. */
function algorithms(env: Env, hasSecret: boolean): string[] {
  const allowed: readonly string[] = hasSecret ? JWT_SECRET_ALGORITHMS : JWT_PUBLIC_KEY_ALGORITHMS;
  const chosen = (text(env, 'BILLGRAPH_JWT_ALGORITHMS') ?? (hasSecret ? 'HS256' : 'RS256,ES256,EdDSA')).split(',').map((a) => a.trim());
  for (const algorithm of chosen) {
    if (!allowed.includes(algorithm)) {
      throw new ConfigError(
        'BILLGRAPH_JWT_ALGORITHMS',
        `a comma list from ${allowed.join(', ')} (${hasSecret ? 'a secret signs with HMAC only' : 'a JWKS verifies public-key signatures only'})`,
        algorithm,
      );
    }
  }
  return chosen;
}

function claim(env: Env, name: string, fallback: string): string {
  const value = text(env, name) ?? fallback;
  if (!/^[A-Za-z_][\w.:/-]{0,127}$/.test(value)) throw new ConfigError(name, 'a JWT claim name', value);
  return value;
}

function jwtSettings(env: Env): JwtSettings {
  const source = keySource(env);
  const pinned = algorithms(env, source.secret !== null);
  const issuer = text(env, 'BILLGRAPH_JWT_ISSUER');
  if (issuer === null) throw new ConfigError('BILLGRAPH_JWT_ISSUER', 'the expected `iss` of billgraph JWTs (jwt mode)', '');
  const audience = text(env, 'BILLGRAPH_JWT_AUDIENCE');
  if (audience === null) throw new ConfigError('BILLGRAPH_JWT_AUDIENCE', 'the expected `aud` of billgraph JWTs (jwt mode)', '');
  return {
    ...source,
    algorithms: pinned,
    issuer,
    audience,
    providerClaim: claim(env, 'BILLGRAPH_JWT_PROVIDER_CLAIM', 'billgraph_provider'),
    customersClaim: claim(env, 'BILLGRAPH_JWT_CUSTOMERS_CLAIM', 'billgraph_customers'),
    rolesClaim: claim(env, 'BILLGRAPH_JWT_ROLES_CLAIM', 'billgraph_roles'),
    clockSkewSeconds: integer(env, 'BILLGRAPH_JWT_CLOCK_SKEW_S', 30, 0, 300),
    maxLifetimeSeconds: integer(env, 'BILLGRAPH_JWT_MAX_LIFETIME_S', 86_400, 60, 2_592_000),
    jwksCacheSeconds: integer(env, 'BILLGRAPH_JWKS_CACHE_S', 600, 10, 86_400),
  };
}
