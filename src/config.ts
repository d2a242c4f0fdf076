import { PROVIDERS, type ProviderName } from './domain/invoice.js';
import type { Deadlines } from './http/client.js';
import type { RetryPolicy } from './http/retry.js';
import { SANDBOX_CREDENTIALS } from './sandbox/credentials.js';

/**
 * Environment -> validated Config. A bad value stops the process with one line naming the variable and
 * what it expected (ConfigError). Upstreams without credentials use the built-in sandbox (DESIGN.md 7).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    expected: string,
    got: string,
  ) {
    super(`${variable} must be ${expected} (got ${JSON.stringify(got)})`);
  }
}

export type CloudflareAuth = { kind: 'token'; token: string } | { kind: 'key'; email: string; key: string };
/** Cloudflare does not document the unit of invoice amounts: minor units (cents) unless configured. */
export type AmountUnit = 'minor' | 'major';

export interface CloudflareSettings {
  /** null = the built-in sandbox */
  baseUrl: string | null;
  auth: CloudflareAuth | null;
  defaultAccount: string | null;
  amountUnit: AmountUnit;
}

export interface StripeSettings {
  baseUrl: string | null;
  secretKey: string | null;
  apiVersion: string;
  defaultCustomer: string | null;
}

export interface FlexpriceSettings {
  baseUrl: string | null;
  apiKey: string | null;
  defaultCustomer: string | null;
}

export interface Config {
  host: string;
  port: number;
  /** Port of the Prometheus endpoint (GET /metrics) on `host`; null = not served. */
  metricsPort: number | null;
  defaultProvider: ProviderName;
  cloudflare: CloudflareSettings;
  stripe: StripeSettings;
  flexprice: FlexpriceSettings;
  deadlines: Deadlines;
  retry: RetryPolicy;
  graphiql: boolean;
  introspection: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  auth: AuthSettings;
  limits: LimitSettings;
  responseCache: ResponseCacheSettings;
}

/**
 * How callers prove who they are (DESIGN.md section 6, src/auth):
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
  clockSkewSeconds: number;
  /** How long a fetched JWKS is trusted before it is fetched again. */
  jwksCacheSeconds: number;
}

export interface AuthSettings {
  mode: AuthMode;
  /** sandbox mode although real upstream credentials are configured (explicit opt-in). */
  allowOpen: boolean;
  jwt: JwtSettings | null;
}

export interface LimitSettings {
  maxBodyBytes: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Cost of an operation: every field 1, a list field's subtree times its `first`/`last` (default 20). */
  maxCost: number;
  /** Operations in one batched request; 0 = batching off. */
  maxBatch: number;
  /** Upstream attempts one GraphQL request may have in flight at once, across providers. */
  maxUpstreamConcurrency: number;
}

export interface ResponseCacheSettings {
  /** 0 = no response cache. Entries are keyed by principal (src/auth/principal.ts principalKey). */
  ttlMs: number;
  /** null = a cache in this process; a redis:// URL = one cache shared by every billgraph instance. */
  redisUrl: string | null;
  /** Prepended to every Redis key, so deployments sharing one Redis stay apart. */
  keyPrefix: string;
}

export const STRIPE_API_VERSION = '2026-07-29.dahlia';

type Env = Readonly<Record<string, string | undefined>>;

function text(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = text(env, name);
  if (raw === null) return fallback;
  const value = raw.toLowerCase();
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(name, `one of ${allowed.join(', ')}`, raw);
  return value as T;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name);
  if (raw === null) return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, 'true or false', raw);
}

function url(env: Env, name: string): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    if (parsed.username || parsed.password) throw new Error('credentials in URL');
    return raw.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(name, 'an http(s) URL without credentials', raw);
  }
}

/** A Redis URL; credentials are allowed (Redis AUTH) and never echoed back in the error. */
function redisUrl(env: Env, name: string): string | null {
  const raw = text(env, name);
  if (raw === null) return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(raw);
  } catch {
    // reported below
  }
  if (
    parsed === null ||
    (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') ||
    !parsed.hostname ||
    !/^(\/\d{0,2})?$/.test(parsed.pathname)
  ) {
    throw new ConfigError(name, 'a redis:// or rediss:// URL such as redis://127.0.0.1:6379/0', raw.replace(/\/\/[^/]*@/, '//***@'));
  }
  return raw;
}

function keyPrefix(env: Env, name: string, fallback: string): string {
  const value = text(env, name) ?? fallback;
  if (!/^[\w.:{}-]{1,64}$/.test(value)) throw new ConfigError(name, 'up to 64 letters, digits or _ . : { } -', value);
  return value;
}

function cloudflareAuth(env: Env): CloudflareAuth | null {
  const token = text(env, 'CLOUDFLARE_API_TOKEN');
  const email = text(env, 'CLOUDFLARE_EMAIL');
  const key = text(env, 'CLOUDFLARE_API_KEY');
  if (token && (email || key)) {
    throw new ConfigError('CLOUDFLARE_API_TOKEN', 'set alone, or replaced by CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY (not both)', '<set>');
  }
  if (token) return { kind: 'token', token };
  if (email && !key) throw new ConfigError('CLOUDFLARE_API_KEY', 'set together with CLOUDFLARE_EMAIL', '');
  if (key && !email) throw new ConfigError('CLOUDFLARE_EMAIL', 'set together with CLOUDFLARE_API_KEY', '');
  if (email && key) {
    if (!email.includes('@')) throw new ConfigError('CLOUDFLARE_EMAIL', 'an email address', email);
    return { kind: 'key', email, key };
  }
  return null;
}

export function loadConfig(env: Env = process.env): Config {
  const isProduction = env.NODE_ENV === 'production';
  const cloudflare: CloudflareSettings = {
    baseUrl: url(env, 'CLOUDFLARE_BASE_URL'),
    auth: cloudflareAuth(env),
    defaultAccount: text(env, 'CLOUDFLARE_ACCOUNT_ID'),
    amountUnit: oneOf(env, 'CLOUDFLARE_AMOUNT_UNIT', ['minor', 'major'] as const, 'minor'),
  };
  const stripeKey = text(env, 'STRIPE_SECRET_KEY');
  if (stripeKey && !/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/.test(stripeKey)) {
    throw new ConfigError('STRIPE_SECRET_KEY', 'a Stripe secret or restricted key (sk_... or rk_...)', `${stripeKey.slice(0, 3)}...`);
  }
  const stripeVersion = text(env, 'STRIPE_API_VERSION') ?? STRIPE_API_VERSION;
  if (!/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(stripeVersion)) {
    throw new ConfigError('STRIPE_API_VERSION', 'a Stripe API version such as 2026-07-29.dahlia', stripeVersion);
  }
  const deadlines: Deadlines = {
    connectMs: integer(env, 'UPSTREAM_CONNECT_TIMEOUT_MS', 3_000, 1, 120_000),
    headersMs: integer(env, 'UPSTREAM_HEADERS_TIMEOUT_MS', 10_000, 1, 300_000),
    bodyMs: integer(env, 'UPSTREAM_BODY_TIMEOUT_MS', 10_000, 1, 300_000),
    totalMs: integer(env, 'UPSTREAM_TIMEOUT_MS', 15_000, 1, 600_000),
  };
  const retry: RetryPolicy = {
    maxRetries: integer(env, 'UPSTREAM_MAX_RETRIES', 2, 0, 10),
    baseDelayMs: integer(env, 'UPSTREAM_RETRY_BASE_MS', 200, 0, 60_000),
    maxDelayMs: integer(env, 'UPSTREAM_RETRY_MAX_MS', 4_000, 0, 120_000),
    maxRetryAfterMs: integer(env, 'UPSTREAM_RETRY_AFTER_CAP_MS', 5_000, 0, 600_000),
  };
  return {
    host: text(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65_535),
    metricsPort: text(env, 'BILLGRAPH_METRICS_PORT') === null ? null : integer(env, 'BILLGRAPH_METRICS_PORT', 0, 1, 65_535),
    defaultProvider: oneOf(env, 'BILLGRAPH_PROVIDER', PROVIDERS, 'cloudflare'),
    cloudflare,
    stripe: {
      baseUrl: url(env, 'STRIPE_BASE_URL'),
      secretKey: stripeKey,
      apiVersion: stripeVersion,
      defaultCustomer: text(env, 'STRIPE_CUSTOMER_ID'),
    },
    flexprice: {
      baseUrl: url(env, 'FLEXPRICE_BASE_URL'),
      apiKey: text(env, 'FLEXPRICE_API_KEY'),
      defaultCustomer: text(env, 'FLEXPRICE_CUSTOMER_ID'),
    },
    deadlines,
    retry,
    graphiql: flag(env, 'BILLGRAPH_GRAPHIQL', !isProduction),
    introspection: flag(env, 'BILLGRAPH_INTROSPECTION', !isProduction),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    auth: authSettings(env, hasRealCredentials(env, cloudflare.auth, stripeKey, text(env, 'FLEXPRICE_API_KEY'))),
    limits: {
      maxBodyBytes: integer(env, 'BILLGRAPH_MAX_BODY_BYTES', 100_000, 1_000, 10_000_000),
      maxDepth: integer(env, 'BILLGRAPH_MAX_DEPTH', 15, 2, 100),
      maxAliases: integer(env, 'BILLGRAPH_MAX_ALIASES', 15, 0, 1_000),
      maxDirectives: integer(env, 'BILLGRAPH_MAX_DIRECTIVES', 20, 0, 1_000),
      maxTokens: integer(env, 'BILLGRAPH_MAX_TOKENS', 2_000, 100, 100_000),
      maxCost: integer(env, 'BILLGRAPH_MAX_COST', 50_000, 10, 10_000_000),
      maxBatch: integer(env, 'BILLGRAPH_MAX_BATCH', 0, 0, 100),
      maxUpstreamConcurrency: integer(env, 'BILLGRAPH_MAX_UPSTREAM_CONCURRENCY', 8, 1, 64),
    },
    responseCache: responseCache(env),
  };
}

function responseCache(env: Env): ResponseCacheSettings {
  const settings = {
    ttlMs: integer(env, 'BILLGRAPH_RESPONSE_CACHE_TTL_MS', 0, 0, 86_400_000),
    redisUrl: redisUrl(env, 'BILLGRAPH_RESPONSE_CACHE_REDIS_URL'),
    keyPrefix: keyPrefix(env, 'BILLGRAPH_RESPONSE_CACHE_PREFIX', 'billgraph:'),
  };
  // A Redis URL with the cache off is almost certainly a forgotten TTL: say so instead of ignoring it.
  if (settings.redisUrl !== null && settings.ttlMs === 0) {
    throw new ConfigError(
      'BILLGRAPH_RESPONSE_CACHE_TTL_MS',
      'above 0 when BILLGRAPH_RESPONSE_CACHE_REDIS_URL is set',
      env.BILLGRAPH_RESPONSE_CACHE_TTL_MS ?? '',
    );
  }
  return settings;
}

/** A base URL on this machine: local use (the sandbox, a mock, a test), not a real upstream. */
function isLoopback(baseUrl: string | null): boolean {
  if (baseUrl === null) return false;
  const host = new URL(baseUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Some upstream key is configured for a non-local upstream and is not one of the sandbox's public fake
 * keys: then an open (sandbox-mode) billgraph would hand that key's data to anyone.
 */
function hasRealCredentials(env: Env, cloudflare: CloudflareAuth | null, stripeKey: string | null, flexpriceKey: string | null): boolean {
  const fake = SANDBOX_CREDENTIALS;
  const cloudflareReal =
    cloudflare !== null &&
    !isLoopback(url(env, 'CLOUDFLARE_BASE_URL')) &&
    (cloudflare.kind === 'token' ? cloudflare.token !== fake.cloudflare.token : cloudflare.key !== fake.cloudflare.globalKey);
  const stripeReal = stripeKey !== null && stripeKey !== fake.stripe.secretKey && !isLoopback(url(env, 'STRIPE_BASE_URL'));
  const flexpriceReal = flexpriceKey !== null && flexpriceKey !== fake.flexprice.apiKey && !isLoopback(url(env, 'FLEXPRICE_BASE_URL'));
  return cloudflareReal || stripeReal || flexpriceReal;
}

/** BILLGRAPH_AUTH_MODE and the JWT settings; `hasRealCredentials` = some upstream key is configured. */
function authSettings(env: Env, hasRealCredentials: boolean): AuthSettings {
  const allowOpen = flag(env, 'BILLGRAPH_ALLOW_OPEN', false);
  const raw = text(env, 'BILLGRAPH_AUTH_MODE');
  if (raw === null && hasRealCredentials) {
    throw new ConfigError(
      'BILLGRAPH_AUTH_MODE',
      'jwt or pass-through when upstream credentials are configured (sandbox needs BILLGRAPH_ALLOW_OPEN=true)',
      '',
    );
  }
  const mode = oneOf(env, 'BILLGRAPH_AUTH_MODE', ['sandbox', 'pass-through', 'jwt'] as const, 'sandbox');
  if (mode === 'sandbox' && hasRealCredentials && !allowOpen) {
    throw new ConfigError(
      'BILLGRAPH_AUTH_MODE',
      'jwt or pass-through: sandbox mode is open to anyone and upstream credentials are configured (set BILLGRAPH_ALLOW_OPEN=true to insist)',
      raw ?? '',
    );
  }
  return { mode, allowOpen, jwt: mode === 'jwt' ? jwtSettings(env) : null };
}

function jwtSettings(env: Env): JwtSettings {
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
  const allowed: readonly string[] = secret !== null ? JWT_SECRET_ALGORITHMS : JWT_PUBLIC_KEY_ALGORITHMS;
  const algorithms = (text(env, 'BILLGRAPH_JWT_ALGORITHMS') ?? (secret !== null ? 'HS256' : 'RS256,ES256,EdDSA'))
    .split(',')
    .map((a) => a.trim());
  for (const algorithm of algorithms) {
    if (!allowed.includes(algorithm)) {
      throw new ConfigError(
        'BILLGRAPH_JWT_ALGORITHMS',
        `a comma list from ${allowed.join(', ')} (${secret !== null ? 'a secret signs with HMAC only' : 'a JWKS verifies public-key signatures only'})`,
        algorithm,
      );
    }
  }
  const issuer = text(env, 'BILLGRAPH_JWT_ISSUER');
  if (issuer === null) throw new ConfigError('BILLGRAPH_JWT_ISSUER', 'the expected `iss` of billgraph JWTs (jwt mode)', '');
  const audience = text(env, 'BILLGRAPH_JWT_AUDIENCE');
  if (audience === null) throw new ConfigError('BILLGRAPH_JWT_AUDIENCE', 'the expected `aud` of billgraph JWTs (jwt mode)', '');
  const claim = (name: string, fallback: string) => {
    const value = text(env, name) ?? fallback;
    if (!/^[A-Za-z_][\w.:/-]{0,127}$/.test(value)) throw new ConfigError(name, 'a JWT claim name', value);
    return value;
  };
  return {
    secret,
    jwksFile,
    jwksUrl,
    algorithms,
    issuer,
    audience,
    providerClaim: claim('BILLGRAPH_JWT_PROVIDER_CLAIM', 'billgraph_provider'),
    customersClaim: claim('BILLGRAPH_JWT_CUSTOMERS_CLAIM', 'billgraph_customers'),
    clockSkewSeconds: integer(env, 'BILLGRAPH_JWT_CLOCK_SKEW_S', 30, 0, 300),
    jwksCacheSeconds: integer(env, 'BILLGRAPH_JWKS_CACHE_S', 600, 10, 86_400),
  };
}

/** True when some upstream has neither credentials nor a base URL and so runs on the built-in sandbox. */
export function needsSandbox(config: Config): boolean {
  return (
    (config.cloudflare.baseUrl === null && config.cloudflare.auth === null) ||
    (config.stripe.baseUrl === null && config.stripe.secretKey === null) ||
    (config.flexprice.baseUrl === null && config.flexprice.apiKey === null)
  );
}
