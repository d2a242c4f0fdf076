import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { BreakerState } from '../http/breaker.js';
import type { SharedRedis } from '../redis/shared-redis.js';
import { fromTagEntities } from './cache-tags.js';
import { evictTags, writeTagged } from './redis-tag-index.js';

/**
 * The response cache shared by every billgraph instance, in Redis. A cache is an optimisation: when Redis is
 * slow or gone, requests are answered from the upstreams as if nothing was cached, never with an error.
 */
export interface SharedResponseCache {
  cache: Cache;
  /**
   * Deletes every entry stored with any of `tags`, on every instance (they share this Redis). Resolves with how
   * many entries went, or null when Redis could not be asked (the breaker is open, it failed or timed out).
   */
  evict(tags: readonly string[]): Promise<number | null>;
  /** The Redis breaker's state, for /readyz and /metrics. */
  state(): BreakerState;
}

/** The cache on the app's shared Redis connection, under its failure policy (src/redis/shared-redis.ts). */
export function createRedisResponseCache(redis: SharedRedis, keyPrefix: string): SharedResponseCache {
  redis.use({ field: 'cache', down: 'response cache unavailable: answering without it', up: 'response cache available again' });
  /** Runs one Redis operation under the shared policy; undefined when Redis is skipped or fails. */
  const guarded = <T>(operation: string, work: Parameters<typeof redis.run<T>>[1]): Promise<T | undefined> =>
    redis.run(operation, work).catch(() => undefined);

  const cache: Cache = {
    async get(key) {
      const text = await guarded('GET', (client) => client.get(keyPrefix + key));
      try {
        return typeof text === 'string' ? JSON.parse(text) : undefined;
      } catch {
        return undefined; // an entry nobody can read is a miss
      }
    },
    // The plugin does not await `set`, and a rejection here would end the process: failures are swallowed.
    // The entities are the answer's tags (src/cache/cache-tags.ts): written with the entry in one script.
    async set(key, result, entities, ttl) {
      const { tags, readsBegan } = fromTagEntities(entities);
      const entry = { key, value: JSON.stringify(result), tags };
      await guarded('SET', (client) => writeTagged(client, keyPrefix, entry, ttl, readsBegan));
    },
    async invalidate(entities) {
      await evict(fromTagEntities(entities).tags);
    },
  };
  const evict = async (tags: readonly string[]) => {
    if (tags.length === 0) return 0;
    const evicted = await guarded('EVICT', (client) => evictTags(client, tags, keyPrefix));
    return typeof evicted === 'number' ? evicted : null;
  };

  return { cache, evict, state: () => redis.state() };
}
