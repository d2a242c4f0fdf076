import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';

/** Where an entry keeps its own clock, inside the stored result (removed before anyone is answered). */
const STORED = 'billgraphStored';

interface StoredClock {
  /** ms since epoch when the answer was computed. */
  at: number;
  /** Until when it is a normal cache hit; after that only stale-if-error may serve it. */
  freshUntil: number;
}

type Result = ExecutionResult<Record<string, unknown>, Record<string, unknown>>;

/** A cached answer past its TTL, with how old it is. */
export interface StaleAnswer {
  result: Result;
  ageSeconds: number;
  storedAt: Date;
}

export interface StaleEntriesCache extends Cache {
  /** The entry under `key` even when past its TTL, if it is younger than the maximum staleness (else null). */
  stale(key: string): Promise<StaleAnswer | null>;
}

const withoutClock = (result: Result): Result => {
  const { [STORED]: _clock, ...extensions } = result.extensions ?? {};
  return { ...result, extensions };
};

/**
 * Keeps response-cache entries `maxStaleMs` past their TTL so an upstream failure can still be answered with
 * what this principal was told moments ago (stale-if-error, issue 14). Lookups before the TTL are ordinary
 * hits; after it they are misses, and only `stale()` reaches them. An answer served stale is never stored
 * again, so it cannot become fresh.
 */
export function keepStaleEntries(inner: Cache, maxStaleMs: number, now: () => number = Date.now): StaleEntriesCache {
  const read = async (key: string): Promise<{ result: Result; clock: StoredClock } | null> => {
    const result = (await inner.get(key)) as Result | null | undefined;
    const clock = result?.extensions?.[STORED] as StoredClock | undefined;
    if (!result || typeof clock?.at !== 'number' || typeof clock.freshUntil !== 'number') return null;
    return { result, clock };
  };
  return {
    async get(key) {
      const entry = await read(key);
      return entry && entry.clock.freshUntil > now() ? withoutClock(entry.result) : undefined;
    },
    set(key, result, entities, ttl) {
      if ((result.extensions as Record<string, unknown> | undefined)?.stale) return;
      const at = now();
      const clock: StoredClock = { at, freshUntil: at + ttl };
      const stored = { ...result, extensions: { ...result.extensions, [STORED]: clock } };
      return inner.set(key, stored, entities, ttl + maxStaleMs);
    },
    invalidate: (entities) => inner.invalidate(entities),
    async stale(key) {
      const entry = await read(key);
      if (!entry) return null;
      const age = now() - entry.clock.at;
      if (now() - entry.clock.freshUntil > maxStaleMs) return null;
      return { result: withoutClock(entry.result), ageSeconds: Math.max(0, Math.floor(age / 1000)), storedAt: new Date(entry.clock.at) };
    },
  };
}
