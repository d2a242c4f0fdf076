import { type Env, integer, text } from './env.js';
import { ConfigError } from './errors.js';

export interface ResponseCacheSettings {
  /** 0 = no response cache. Entries are keyed by principal (src/auth/principal.ts principalKey). */
  ttlMs: number;
  /** null = a cache in this process; a redis:// URL = one cache shared by every billgraph instance. */
  redisUrl: string | null;
  /** Prepended to every Redis key, so deployments sharing one Redis stay apart. */
  keyPrefix: string;
  /** How long past its TTL a cached answer may still be served when the upstream fails (stale-if-error); 0 = never. */
  staleIfErrorMs: number;
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

export function responseCacheSettings(env: Env): ResponseCacheSettings {
  const settings = {
    ttlMs: integer(env, 'BILLGRAPH_RESPONSE_CACHE_TTL_MS', 0, 0, 86_400_000),
    redisUrl: redisUrl(env, 'BILLGRAPH_RESPONSE_CACHE_REDIS_URL'),
    keyPrefix: keyPrefix(env, 'BILLGRAPH_RESPONSE_CACHE_PREFIX', 'billgraph:'),
    staleIfErrorMs: integer(env, 'BILLGRAPH_STALE_IF_ERROR_MS', 600_000, 0, 86_400_000),
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
