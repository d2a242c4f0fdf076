import { randomUUID } from 'node:crypto';
import { hashSHA256, useResponseCache, type BuildResponseCacheKeyFunction, type Cache } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import { principalKey } from '../auth/principal.js';
import type { RequestStates } from './request-state.js';

export interface PrincipalResponseCacheOptions {
  ttlMs: number;
  /** A cache shared by every instance (Redis); without one each process keeps its own in memory. */
  cache?: Cache;
  states: RequestStates;
  /** Filled with each operation's cache key (by its context), for stale-if-error (use-stale-if-error.ts). */
  keys?: WeakMap<object, string>;
}

/**
 * Yoga's response cache keyed by the verified principal: one caller's cached answer never answers another
 * (docs/ARCHITECTURE.md section 6).
 */
export function usePrincipalResponseCache({ ttlMs, cache, states, keys }: PrincipalResponseCacheOptions): Plugin {
  return useResponseCache({
    ...(cache ? { cache } : {}),
    ttl: ttlMs,
    // The cache is consulted before the context is built, so it resolves the principal itself; an
    // unverifiable caller gets a key nothing was stored under, then UNAUTHENTICATED.
    session: (request) =>
      states.principalOf(request).then(
        (principal) => principalKey(principal),
        () => `unauthenticated:${randomUUID()}`,
      ),
    includeExtensionMetadata: false,
    ...(keys ? { buildResponseCacheKey: recordingKeys(keys) } : {}),
  });
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` variables share one entry. */
const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );

/** The plugin's key (document, operation, variables, principal), remembered per operation context. */
function recordingKeys(keys: WeakMap<object, string>): BuildResponseCacheKeyFunction {
  return async ({ documentString, operationName, variableValues, sessionId, context }) => {
    const key = await hashSHA256([documentString, operationName ?? '', stableJson(variableValues ?? {}), sessionId ?? ''].join('|'));
    keys.set(context as object, key);
    return key;
  };
}
