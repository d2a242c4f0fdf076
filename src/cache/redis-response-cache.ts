import type { Cache } from '@graphql-yoga/plugin-response-cache';
import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleAll, type CircuitBreakerPolicy } from 'cockatiel';
import { Redis } from 'ioredis';
import type { ResponseCacheSettings } from '../config.js';
import type { BreakerState } from '../http/breaker.js';
import { scrub, type Logger } from '../log/logger.js';
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
  close(): Promise<void>;
}

/** The most a request waits for Redis before it counts as a failure (Redis answers on loopback in <1 ms). */
const COMMAND_TIMEOUT_MS = 250;
const CONNECT_TIMEOUT_MS = 1_000;
/** How long a tripped Redis is skipped before one request probes it again. */
const PROBE_AFTER_MS = 1_000;

class RedisTimeoutError extends Error {
  constructor(operation: string) {
    super(`Redis did not answer ${operation} within ${COMMAND_TIMEOUT_MS} ms`);
  }
}

/** Settles with `work`, or fails after the command timeout: a late answer is a failure, whatever it says. */
function withinTimeout<T>(operation: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(operation)), COMMAND_TIMEOUT_MS);
  });
  work.catch(() => {}); // a command that fails after its timeout is already counted
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * The breaker in front of Redis (issue 14): a failed or timed-out command trips it; while it is open requests
 * skip Redis at once; after PROBE_AFTER_MS one request probes, the rest still skip. One warning when it trips
 * and one info line when it closes, however long the outage and however many probes fail.
 */
function redisBreaker(logger: Logger, secrets: readonly string[], lastConnectionError: () => unknown): CircuitBreakerPolicy {
  const breaker = circuitBreaker(handleAll, { halfOpenAfter: PROBE_AFTER_MS, breaker: new ConsecutiveBreaker(1) });
  let down = false;
  breaker.onBreak((reason) => {
    if (down) return;
    down = true;
    const error = 'error' in reason ? reason.error : null;
    const said = [error, lastConnectionError()].filter(Boolean).map((e) => (e instanceof Error ? e.message : String(e)));
    logger.warn({ cache: 'redis', err: { message: scrub(said.join('; '), secrets) } }, 'response cache unavailable: answering without it');
  });
  breaker.onReset(() => {
    down = false;
    logger.info({ cache: 'redis' }, 'response cache available again');
  });
  return breaker;
}

export function createRedisResponseCache(
  settings: Pick<ResponseCacheSettings, 'redisUrl' | 'keyPrefix'>,
  logger: Logger,
): SharedResponseCache {
  if (settings.redisUrl === null) throw new Error('createRedisResponseCache needs a Redis URL');
  const redis = new Redis(settings.redisUrl, {
    keyPrefix: settings.keyPrefix,
    // Connects on the first cache lookup, so building the app has no side effect.
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // Commands queued during an outage fail at the next reconnect attempt instead of after 20.
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  // The Redis password lives in the URL: keep it out of logged error messages.
  const password = decodeURIComponent(new URL(settings.redisUrl).password);
  let connectionError: unknown = null;
  // Without an 'error' listener ioredis prints every reconnect failure to stderr.
  redis.on('error', (error) => (connectionError = error));
  redis.on('ready', () => (connectionError = null));
  const breaker = redisBreaker(logger, password ? [password] : [], () => connectionError);

  /** Runs one Redis operation through the breaker; undefined when Redis is skipped or fails. */
  const guarded = async <T>(operation: string, work: () => Promise<T>): Promise<T | undefined> => {
    if (redis.status === 'end' || breaker.state === CircuitState.HalfOpen) return undefined;
    if (breaker.state === CircuitState.Open && connectionError !== null && redis.status !== 'ready') return undefined;
    try {
      return await breaker.execute(() => withinTimeout(operation, work()));
    } catch {
      return undefined;
    }
  };

  const cache: Cache = {
    async get(key) {
      const text = await guarded('GET', () => redis.get(key));
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
      await guarded('SET', () => writeTagged(redis, key, JSON.stringify(result), tags, ttl, readsBegan));
    },
    async invalidate(entities) {
      await evict(fromTagEntities(entities).tags);
    },
  };
  const evict = async (tags: readonly string[]) => {
    if (tags.length === 0) return 0;
    const evicted = await guarded('EVICT', () => evictTags(redis, tags, settings.keyPrefix));
    return typeof evicted === 'number' ? evicted : null;
  };

  return {
    cache,
    evict,
    state: () => (breaker.state === CircuitState.Closed ? 'closed' : breaker.state === CircuitState.HalfOpen ? 'half-open' : 'open'),
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => {});
      redis.disconnect();
    },
  };
}
