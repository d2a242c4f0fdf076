import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createInMemoryCache, useResponseCache, type BuildResponseCacheKeyFunction } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import { principalKey } from '../auth/principal.js';
import { CacheTags } from '../cache/cache-tags.js';
import { TaggedCache } from '../cache/tagged-cache.js';
import type { RequestStates } from './request-state.js';

export interface PrincipalResponseCacheOptions {
  ttlMs: number;
  /** Stores each answer with the tags its operation read (src/cache/tagged-cache.ts); default: this process's memory. */
  cache?: TaggedCache;
  /** One answer's lifetime from what it read (src/cache/tagged-cache.ts answerLifetime); default: `ttlMs`. */
  lifetime?: (tags: CacheTags, pluginTtl: number) => number;
  /**
   * Keys are HMACs under this secret, so nobody computes one offline; it must be the same on every instance
   * sharing Redis (default: random, for a cache in this process only).
   */
  keySecret?: Buffer;
  states: RequestStates;
  /** Filled with each operation's cache key (by its context), for stale-if-error and conditional requests. */
  keys?: WeakMap<object, string>;
}

/**
 * Yoga's response cache keyed by the verified principal: one caller's cached answer never answers another
 * (docs/ARCHITECTURE.md section 6). Mutations invalidate nothing (previewInvoice changes nothing upstream);
 * billing events do (src/cache/invalidation.ts). ETags and 304s are src/server/use-conditional-requests.ts's.
 */
export function usePrincipalResponseCache(options: PrincipalResponseCacheOptions): Plugin {
  const { ttlMs, states, cache = new TaggedCache(createInMemoryCache()), lifetime = (_tags, ttl) => ttl } = options;
  const keys = options.keys ?? new WeakMap<object, string>();
  return useResponseCache({
    cache,
    ttl: ttlMs,
    invalidateViaMutation: false,
    // The cache is consulted before the context is built, so it resolves the principal itself; an
    // unverifiable caller gets a key nothing was stored under, then UNAUTHENTICATED.
    session: (request) =>
      states.principalOf(request).then(
        (principal) => principalKey(principal),
        () => `unauthenticated:${randomUUID()}`,
      ),
    includeExtensionMetadata: false,
    buildResponseCacheKey: recordingKeys(keys, options.keySecret ?? randomBytes(32)),
    // Called with the operation's context just before the plugin stores its answer: hand over its tags
    // (billgraph's context always has them; a bare schema's answers are stored untagged).
    onTtl: ({ ttl, context }) => {
      const tags = (context as { cacheTags?: CacheTags }).cacheTags ?? new CacheTags();
      const key = keys.get(context as object);
      if (key === undefined) return 0;
      cache.tagNext(key, tags);
      return lifetime(tags, ttl);
    },
  });
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` variables share one entry. */
const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );

/** The key (document, operation, variables, principal) as an HMAC, remembered per operation context. */
function recordingKeys(keys: WeakMap<object, string>, secret: Buffer): BuildResponseCacheKeyFunction {
  return ({ documentString, operationName, variableValues, sessionId, context }) => {
    const material = [documentString, operationName ?? '', stableJson(variableValues ?? {}), sessionId ?? ''].join('|');
    const key = createHmac('sha256', secret).update(material).digest('hex');
    keys.set(context as object, key);
    return key;
  };
}
