import { randomUUID } from 'node:crypto';
import { useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import { principalKey } from '../auth/principal.js';
import type { RequestStates } from './request-state.js';

export interface PrincipalResponseCacheOptions {
  ttlMs: number;
  /** A cache shared by every instance (Redis); without one each process keeps its own in memory. */
  cache?: Cache;
  states: RequestStates;
}

/**
 * Yoga's response cache keyed by the verified principal: one caller's cached answer never answers another
 * (docs/ARCHITECTURE.md section 6).
 */
export function usePrincipalResponseCache({ ttlMs, cache, states }: PrincipalResponseCacheOptions): Plugin {
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
  });
}
