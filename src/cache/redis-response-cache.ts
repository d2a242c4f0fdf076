import { createRedisCache } from '@envelop/response-cache-redis';
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import { Redis } from 'ioredis';
import type { ResponseCacheSettings } from '../config.js';
import { scrub, type Logger } from '../log/logger.js';

/**
 * The response cache shared by every billgraph instance, in Redis. A cache is an optimisation: when Redis is
 * slow or gone, requests are answered from the upstreams as if nothing was cached, never with an error.
 */
export interface SharedResponseCache {
  cache: Cache;
  close(): Promise<void>;
}

/** The most a request waits for Redis before it counts as a miss (Redis answers on loopback in <1 ms). */
const COMMAND_TIMEOUT_MS = 250;
const CONNECT_TIMEOUT_MS = 1_000;
const PROBE_AFTER_MS = 1_000;

/** A Redis outage, logged once when it starts and once when it ends. */
class Outage {
  /** When the current outage began (null: none). */
  since: number | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly secrets: readonly string[],
  ) {}

  failed(operation: string, error: unknown): void {
    if (this.since === null) {
      const message = scrub(error instanceof Error ? error.message : String(error), this.secrets);
      this.logger.warn({ cache: 'redis', operation, err: { message } }, 'response cache unavailable: answering without it');
    }
    this.since = Date.now();
  }

  recovered(): void {
    if (this.since === null) return;
    this.since = null;
    this.logger.info({ cache: 'redis' }, 'response cache available again');
  }
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
  const inner = createRedisCache({ redis });
  // The Redis password lives in the URL: keep it out of logged error messages.
  const password = decodeURIComponent(new URL(settings.redisUrl).password);
  const secrets = password ? [password] : [];

  const outage = new Outage(logger, secrets);
  // Without an 'error' listener ioredis prints every reconnect failure to stderr.
  redis.on('error', (error) => outage.failed('connect', error));
  redis.on('ready', () => outage.recovered());
  /**
   * During an outage requests skip the cache at once instead of queueing behind a reconnect. A connection
   * that stayed up but timed out is tried again after PROBE_AFTER_MS.
   */
  const usable = () =>
    redis.status !== 'end' && (outage.since === null || (redis.status === 'ready' && Date.now() - outage.since > PROBE_AFTER_MS));

  const cache: Cache = {
    async get(key) {
      if (!usable()) return undefined;
      try {
        const cached = await inner.get(key);
        outage.recovered();
        return cached;
      } catch (error) {
        outage.failed('get', error);
        return undefined;
      }
    },
    // The plugin does not await `set`: a rejection here would be unhandled and end the process.
    async set(key, result, _entities, ttl) {
      if (!usable()) return;
      try {
        // No entity index: billgraph's only mutation (previewInvoice) changes nothing upstream, so there is
        // nothing to invalidate, and the plugin's index sets never expire and are invalidated with KEYS.
        await inner.set(key, result, [], ttl);
        outage.recovered();
      } catch (error) {
        outage.failed('set', error);
      }
    },
    invalidate() {},
  };

  return {
    cache,
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => {});
      redis.disconnect();
    },
  };
}
