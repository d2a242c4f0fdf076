import { createHmac, randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { DEVELOPMENT_CURSOR_SECRET } from '../config/cursors.js';
import type { SharedRedis } from '../redis/shared-redis.js';
import { createRedisResponseCache, type SharedResponseCache } from './redis-response-cache.js';
import { keepStaleEntries, type StaleEntriesCache } from './stale-entries.js';
import { answerLifetime, memoryTagStore, TaggedCache, type TagStore } from './tagged-cache.js';

/** The response cache's layers, outermost first: tags, then stale-if-error's clock, then the store. */
export interface ResponseCacheStack {
  /** What the response-cache plugin is given. */
  tagged: TaggedCache;
  /** stale-if-error's view of the same entries (null: stale-if-error is off). */
  stale: StaleEntriesCache | null;
  /** Where entries and tags live; billing events evict here (src/cache/invalidation.ts). */
  store: TagStore;
  /** The Redis store (null: this process's memory). */
  shared: SharedResponseCache | null;
  lifetime: ReturnType<typeof answerLifetime>;
  /** Keys cache entries and ETags (HMAC), so neither can be computed offline. */
  secret: Buffer;
}

/**
 * The secret behind cache keys and ETags: derived from the cursor secret, which production requires and every
 * instance shares (as instances sharing Redis must share keys). With the published development cursor secret
 * and no Redis, a random one: entries live in this process only.
 */
export function responseCacheSecret(config: Pick<Config, 'cursors' | 'responseCache'>): Buffer {
  if (config.cursors.secret === DEVELOPMENT_CURSOR_SECRET && config.responseCache.redisUrl === null) return randomBytes(32);
  return createHmac('sha256', config.cursors.secret).update('billgraph response cache keys and ETags').digest();
}

/** null when the cache is off (BILLGRAPH_RESPONSE_CACHE_TTL_MS=0). */
export function createResponseCacheStack(
  config: Pick<Config, 'cursors' | 'responseCache'>,
  redis: SharedRedis | null,
): ResponseCacheStack | null {
  const settings = config.responseCache;
  if (settings.ttlMs === 0) return null;
  // With a Redis URL every instance shares one cache; otherwise each process keeps its own in memory.
  const shared = redis !== null ? createRedisResponseCache(redis, settings.keyPrefix) : null;
  const store: TagStore = shared ?? memoryTagStore();
  // Stale-if-error keeps entries past their TTL in the same store (docs/ARCHITECTURE.md section 10).
  const stale = settings.staleIfErrorMs > 0 ? keepStaleEntries(store.cache, settings.staleIfErrorMs) : null;
  return {
    tagged: new TaggedCache(stale ?? store.cache),
    stale,
    store,
    shared,
    lifetime: answerLifetime(settings.ttlByProvider),
    secret: responseCacheSecret(config),
  };
}
