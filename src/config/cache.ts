import type { ProviderName } from '../domain/invoice.js';
import { type Env, integer, text } from './env.js';
import { ConfigError } from './errors.js';

/** How long a provider's answers live when its webhooks evict them on change (docs/ARCHITECTURE.md section 11). */
export const DEFAULT_WEBHOOK_TTL_MS = 600_000;

export interface ResponseCacheSettings {
  /** 0 = no response cache. Entries are keyed by principal (src/auth/principal.ts principalKey). */
  ttlMs: number;
  /**
   * null = a cache in this process; a redis:// URL = one cache shared by every billgraph instance. The same
   * Redis holds the budgets (BILLGRAPH_REDIS_URL; BILLGRAPH_RESPONSE_CACHE_REDIS_URL is its older name).
   */
  redisUrl: string | null;
  /** Prepended to every Redis key, so deployments sharing one Redis stay apart. */
  keyPrefix: string;
  /** How long past its TTL a cached answer may still be served when the upstream fails (stale-if-error); 0 = never. */
  staleIfErrorMs: number;
  /**
   * How long answers that read each provider live: BILLGRAPH_RESPONSE_CACHE_WEBHOOK_TTL_MS for Stripe and Flexprice
   * when their webhook secret is set (their events evict changed answers), `ttlMs` otherwise and for Cloudflare,
   * which has no webhooks. An answer lives as long as the shortest of the providers it read.
   */
  ttlByProvider: Record<ProviderName, number>;
}

/** A Redis URL; credentials are allowed (Redis AUTH) and never echoed back in the error. */
export function redisUrl(env: Env, name: string): string | null {
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

export function responseCacheSettings(env: Env): ResponseCacheSettings {
  const settings = {
    ttlMs: integer(env, 'BILLGRAPH_RESPONSE_CACHE_TTL_MS', 0, 0, 86_400_000),
    redisUrl: sharedRedisUrl(env),
    keyPrefix: keyPrefix(env, 'BILLGRAPH_RESPONSE_CACHE_PREFIX', 'billgraph:'),
    staleIfErrorMs: integer(env, 'BILLGRAPH_STALE_IF_ERROR_MS', 600_000, 0, 86_400_000),
    ttlByProvider: ttlByProvider(env),
  };
  // The cache's own Redis URL with the cache off is almost certainly a forgotten TTL: say so instead of
  // ignoring it. BILLGRAPH_REDIS_URL alone is fine: the budgets use it too.
  if (text(env, 'BILLGRAPH_RESPONSE_CACHE_REDIS_URL') !== null && settings.ttlMs === 0) {
    throw new ConfigError(
      'BILLGRAPH_RESPONSE_CACHE_TTL_MS',
      'above 0 when BILLGRAPH_RESPONSE_CACHE_REDIS_URL is set',
      env.BILLGRAPH_RESPONSE_CACHE_TTL_MS ?? '',
    );
  }
  return settings;
}

/** Long lifetimes only where a webhook secret is set: without events, a long-cached answer would be stale for that long. */
function ttlByProvider(env: Env): Record<ProviderName, number> {
  const ttlMs = integer(env, 'BILLGRAPH_RESPONSE_CACHE_TTL_MS', 0, 0, 86_400_000);
  const webhookTtlMs = integer(env, 'BILLGRAPH_RESPONSE_CACHE_WEBHOOK_TTL_MS', DEFAULT_WEBHOOK_TTL_MS, 1, 86_400_000);
  // Off stays off: the webhook TTL lengthens a configured cache, it does not turn one on.
  const withWebhooks = (secret: string) => (ttlMs > 0 && text(env, secret) !== null ? webhookTtlMs : ttlMs);
  return { cloudflare: ttlMs, stripe: withWebhooks('STRIPE_WEBHOOK_SECRET'), flexprice: withWebhooks('FLEXPRICE_WEBHOOK_SECRET') };
}

/** The one Redis every shared thing uses: BILLGRAPH_REDIS_URL, or its older name BILLGRAPH_RESPONSE_CACHE_REDIS_URL. */
export function sharedRedisUrl(env: Env): string | null {
  return redisUrl(env, 'BILLGRAPH_REDIS_URL') ?? redisUrl(env, 'BILLGRAPH_RESPONSE_CACHE_REDIS_URL');
}
