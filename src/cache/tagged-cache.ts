import { createInMemoryCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import type { ProviderName } from '../domain/invoice.js';
import { EVICTION_MARK_MS, fromTagEntities, tagEntities, type CacheTags } from './cache-tags.js';

/** Where entries and their tag index live: Redis (src/cache/redis-response-cache.ts) or this process's memory. */
export interface TagStore {
  /** `set`'s entities are the answer's tags (`{ typename: tag }`); `invalidate` takes the same. */
  cache: Cache;
  /** Deletes every entry with any of `tags`; the number deleted when known, null when the store could not be asked. */
  evict(tags: readonly string[]): Promise<number | null | undefined>;
}

/**
 * In memory: the plugin's own LRU cache (at most `max` entries), whose entity index is exactly a tag index: an
 * entity with no id is indexed by its typename, and the index rows of an entry go when the LRU drops it or
 * finds it expired, so the index stays as bounded as the entries. Evictions are remembered per tag for
 * EVICTION_MARK_MS, so an answer read before one is not stored after it.
 */
export function memoryTagStore(max = 1000): TagStore {
  const lru = createInMemoryCache({ max });
  const marks = new Map<string, number>();
  const cache: Cache = {
    get: (key) => lru.get(key),
    set(key, result, entities, ttl) {
      const { tags, readsBegan } = fromTagEntities(entities);
      if (tags.some((tag) => (marks.get(tag) ?? -Infinity) >= readsBegan)) return;
      return lru.set(
        key,
        result,
        tags.map((typename) => ({ typename })),
        ttl,
      );
    },
    invalidate: (entities) => lru.invalidate([...entities].map(({ typename }) => ({ typename }))),
  };
  return {
    cache,
    evict: async (tags) => {
      const now = Date.now();
      if (marks.size > 10 * max) for (const [tag, at] of marks) if (at < now - EVICTION_MARK_MS) marks.delete(tag);
      for (const tag of tags) marks.set(tag, now);
      await cache.invalidate(tags.map((typename) => ({ typename })));
      return undefined;
    },
  };
}

/** Decides one answer's lifetime from the providers it read (src/config/cache.ts ttlByProvider). */
export function answerLifetime(ttlByProvider: Record<ProviderName, number>) {
  return (tags: CacheTags, pluginTtl: number): number => {
    // 0 is the plugin saying "never cache this" (introspection): it stays 0.
    if (pluginTtl === 0) return 0;
    const lifetimes = [...tags.providers()].map((provider) => ttlByProvider[provider]);
    return lifetimes.length === 0 ? pluginTtl : Math.min(...lifetimes);
  };
}

/** At most this many answers between "about to be stored" and stored; more means the plugin stopped storing. */
const MAX_PENDING = 1000;

/**
 * What the response-cache plugin is given: `set` stores the entry with the tags its operation's loaders recorded.
 * The plugin's `set` knows only the key, so the tags are handed over just before it (`tagNext`, from the plugin's
 * onTtl hook, which has the operation's context) and the plugin's own entities (typenames and ids of the
 * selected fields) are dropped: they would miss what a query read but did not select.
 */
export class TaggedCache implements Cache {
  readonly #pending = new Map<string, { tags: readonly string[]; readsBegan: number }>();

  constructor(private readonly inner: Cache) {}

  tagNext(key: string, tags: CacheTags): void {
    if (this.#pending.size >= MAX_PENDING) this.#pending.clear();
    this.#pending.set(key, { tags: tags.list(), readsBegan: tags.readsBegan });
  }

  get(key: string) {
    return this.inner.get(key);
  }

  set(key: string, result: Parameters<Cache['set']>[1], _entities: unknown, ttl: number) {
    const pending = this.#pending.get(key);
    this.#pending.delete(key);
    // An answer whose tags were lost could never be evicted by an event: it is not stored.
    if (pending === undefined) return;
    return this.inner.set(key, result, tagEntities(pending.tags, pending.readsBegan), ttl);
  }

  // Only billing events evict (src/cache/invalidation.ts); the plugin's mutation invalidation is off.
  invalidate() {}
}
