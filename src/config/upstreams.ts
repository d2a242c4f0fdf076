import type { Deadlines } from '../http/client.js';
import type { RetryPolicy } from '../http/retry.js';
import { type Env, integer, oneOf, text, url } from './env.js';
import { ConfigError } from './errors.js';

export type CloudflareAuth = { kind: 'token'; token: string } | { kind: 'key'; email: string; key: string };
/** Cloudflare does not document the unit of invoice amounts: minor units (cents) unless configured. */
export type AmountUnit = 'minor' | 'major';

export interface CloudflareSettings {
  /** null = not configured (the entry point may then point it at the built-in sandbox) */
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

/** The Stripe API version billgraph's wire types were written against (docs/UPSTREAMS.md section 2). */
export const STRIPE_API_VERSION = '2026-07-29.dahlia';

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

export function cloudflareSettings(env: Env): CloudflareSettings {
  return {
    baseUrl: url(env, 'CLOUDFLARE_BASE_URL'),
    auth: cloudflareAuth(env),
    defaultAccount: text(env, 'CLOUDFLARE_ACCOUNT_ID'),
    amountUnit: oneOf(env, 'CLOUDFLARE_AMOUNT_UNIT', ['minor', 'major'] as const, 'minor'),
  };
}

export function stripeSettings(env: Env): StripeSettings {
  const secretKey = text(env, 'STRIPE_SECRET_KEY');
  if (secretKey && !/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/.test(secretKey)) {
    // Only the prefix is echoed: the rest may be a real secret pasted into the wrong variable.
    throw new ConfigError('STRIPE_SECRET_KEY', 'a Stripe secret or restricted key (sk_... or rk_...)', `${secretKey.slice(0, 3)}...`);
  }
  const apiVersion = text(env, 'STRIPE_API_VERSION') ?? STRIPE_API_VERSION;
  if (!/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(apiVersion)) {
    throw new ConfigError('STRIPE_API_VERSION', 'a Stripe API version such as 2026-07-29.dahlia', apiVersion);
  }
  return { baseUrl: url(env, 'STRIPE_BASE_URL'), secretKey, apiVersion, defaultCustomer: text(env, 'STRIPE_CUSTOMER_ID') };
}

export function flexpriceSettings(env: Env): FlexpriceSettings {
  return {
    baseUrl: url(env, 'FLEXPRICE_BASE_URL'),
    apiKey: text(env, 'FLEXPRICE_API_KEY'),
    defaultCustomer: text(env, 'FLEXPRICE_CUSTOMER_ID'),
  };
}

/** How long one upstream call may take, phase by phase (src/http/client.ts). */
export function deadlineSettings(env: Env): Deadlines {
  return {
    connectMs: integer(env, 'UPSTREAM_CONNECT_TIMEOUT_MS', 3_000, 1, 120_000),
    headersMs: integer(env, 'UPSTREAM_HEADERS_TIMEOUT_MS', 10_000, 1, 300_000),
    bodyMs: integer(env, 'UPSTREAM_BODY_TIMEOUT_MS', 10_000, 1, 300_000),
    totalMs: integer(env, 'UPSTREAM_TIMEOUT_MS', 15_000, 1, 600_000),
  };
}

export function retrySettings(env: Env): RetryPolicy {
  return {
    maxRetries: integer(env, 'UPSTREAM_MAX_RETRIES', 2, 0, 10),
    baseDelayMs: integer(env, 'UPSTREAM_RETRY_BASE_MS', 200, 0, 60_000),
    maxDelayMs: integer(env, 'UPSTREAM_RETRY_MAX_MS', 4_000, 0, 120_000),
    maxRetryAfterMs: integer(env, 'UPSTREAM_RETRY_AFTER_CAP_MS', 5_000, 0, 600_000),
  };
}
