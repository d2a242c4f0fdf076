import { getOperationAST, type ExecutionResult, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { StaleEntriesCache } from '../cache/stale-entries.js';

/** The response-cache key of each operation, recorded by usePrincipalResponseCache (principal + document + variables). */
export type CacheKeys = WeakMap<object, string>;

export interface StaleIfErrorOptions {
  cache: StaleEntriesCache;
  keys: CacheKeys;
  /** Called for every stale answer served (metrics). */
  onStaleAnswer?: () => void;
}

/** Failures an older answer may stand in for: the upstream is down, slow or refused by its breaker. */
const STALE_FOR = new Set(['UPSTREAM_UNAVAILABLE']);

/** The code as shaped for the caller, or (before shaping) the BillingError's own. */
const codeOf = (error: GraphQLError) =>
  String(error.extensions?.code ?? (error.originalError as { code?: unknown } | undefined)?.code ?? '');

const upstreamFailed = (result: ExecutionResult) => result.errors?.some((error) => STALE_FOR.has(codeOf(error))) ?? false;

/**
 * Stale-if-error (issue 14): a query whose upstream failed is answered with the cached answer of the same
 * principal, document and variables that expired less than the maximum staleness ago, marked
 * `extensions.stale: true` with its `ageSeconds` and `cachedAt` so a UI can say "as of 2 minutes ago". The key
 * is the response cache's own, which names the verified principal (docs/ARCHITECTURE.md section 6), so no
 * caller is ever answered from another's entry. Mutations are never answered stale.
 */
export function useStaleIfError({ cache, keys, onStaleAnswer }: StaleIfErrorOptions): Plugin {
  const queries = new WeakSet<object>();
  return {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation === 'query') queries.add(args.contextValue as object);
    },
    async onExecutionResult({ result, setResult, context }) {
      if (!result || Symbol.asyncIterator in result || !upstreamFailed(result) || !queries.has(context)) return;
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
