import { PROVIDERS, type ProviderName } from './domain/invoice.js';
import type { Deadlines } from './http/client.js';
import type { RetryPolicy } from './http/retry.js';

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
  defaultProvider: ProviderName;
  cloudflare: CloudflareSettings;
  stripe: StripeSettings;
  flexprice: FlexpriceSettings;
  deadlines: Deadlines;
  retry: RetryPolicy;
  graphiql: boolean;
  introspection: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
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
