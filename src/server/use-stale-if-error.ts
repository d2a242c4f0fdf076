import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { StaleEntriesCache } from '../cache/stale-entries.js';
import type { RequestStates } from './request-state.js';

/** The response-cache key of each operation, recorded by usePrincipalResponseCache (principal + document + variables). */
export type CacheKeys = WeakMap<object, string>;

export interface StaleIfErrorOptions {
  cache: StaleEntriesCache;
  keys: CacheKeys;
  states: RequestStates;
  /** Called for every stale answer served (metrics). */
  onStaleAnswer?: () => void;
}

/** Failures an older answer may stand in for: the upstream is down, slow or refused by its breaker. */
const STALE_FOR = new Set(['UPSTREAM_UNAVAILABLE']);

const upstreamFailed = (result: ExecutionResult) =>
  result.errors?.some((error) => STALE_FOR.has(String(error.extensions?.code ?? ''))) ?? false;

/**
 * Stale-if-error (issue 14): a query whose upstream failed is answered with the cached answer of the same
 * principal, document and variables that expired less than the maximum staleness ago, marked
 * `extensions.stale: true` with its `ageSeconds` and `cachedAt` so a UI can say "as of 2 minutes ago". The key
 * is the response cache's own, which names the verified principal (docs/ARCHITECTURE.md section 6), so no
 * caller is ever answered from another's entry. Mutations are never answered stale.
 */
export function useStaleIfError({ cache, keys, states, onStaleAnswer }: StaleIfErrorOptions): Plugin {
  return {
    async onExecutionResult({ request, result, setResult, context }) {
      if (!result || Symbol.asyncIterator in result || !upstreamFailed(result)) return;
      if (states.of(request).operationType !== 'query') return;
      const key = keys.get(context);
      if (key === undefined) return;
      const stale = await cache.stale(key).catch(() => null);
      if (!stale) return;
      onStaleAnswer?.();
      setResult({
        ...stale.result,
        extensions: { ...stale.result.extensions, stale: true, ageSeconds: stale.ageSeconds, cachedAt: stale.storedAt.toISOString() },
      });
    },
  };
}
