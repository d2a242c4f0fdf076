import { hostname } from 'node:os';
import { CircuitState } from 'cockatiel';
import { Redis, type RedisOptions } from 'ioredis';
import type { BreakerState } from '../http/breaker.js';
import type { Logger } from '../log/logger.js';
import { breakerState, COMMAND_TIMEOUT_MS, redisBreaker, withinTimeout, type RedisUser } from './redis-breaker.js';

/** A command the failure policy did not send: Redis is tripped, being probed, closed, or not yet connected. */
export class RedisSkipped extends Error {
  constructor(why: string) {
    super(`Redis skipped: ${why}`);
  }
}

/**
 * The one Redis of an app (BILLGRAPH_REDIS_URL): one command connection shared by the response cache, budgets,
 * webhook de-duplication, poll locks, live-event publishing and the readiness PING, behind one failure policy;
 * plus the dedicated connection Redis pub/sub needs (a subscribed connection can run no other command).
 */
export interface SharedRedis {
  /** The command connection's name in CLIENT LIST (the subscriber's is this + ":subscriber"). */
  readonly connectionName: string;
  /** The command connection, for a library that takes a client (rate-limiter-flexible): use it inside run(). */
  readonly client: Redis;
  /** Runs `work` on the command connection under the failure policy; rejects when Redis was skipped, failed or was late. */
  run<T>(operation: string, work: (redis: Redis) => Promise<T>): Promise<T>;
  /** Adds what `user` does while Redis is away to the app's one warning. */
  use(user: RedisUser): void;
  /** The pub/sub connection, made on first use. */
  subscriber(): Redis;
  /** Resolves once the first connection is made or has failed, or after `ms`. */
  untilConnected(ms: number): Promise<void>;
  state(): BreakerState;
  close(): Promise<void>;
}

let apps = 0;
const CONNECT_TIMEOUT_MS = 1_000;
const retryStrategy = (attempt: number) => Math.min(attempt * 100, 2_000);

export function createSharedRedis(url: string, logger: Logger, secrets: readonly string[]): SharedRedis {
  const connectionName = `billgraph:${hostname()}:${process.pid}:${(apps += 1)}`;
  const redis = new Redis(url, {
    connectionName,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // rate-limiter-flexible's advice, and the policy's: a command while disconnected fails at once, never queues.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy,
  });
  // The Redis password lives in the URL: keep it out of logged error messages.
  const password = decodeURIComponent(new URL(url).password);
  let connectionError: unknown = null;
  let everReady = false;
  // Without an 'error' listener ioredis prints every reconnect failure to stderr; the breaker reports outages.
  redis.on('error', (error) => (connectionError = error));
  redis.on('ready', () => ((connectionError = null), (everReady = true)));
  const users: RedisUser[] = [];
  const breaker = redisBreaker({
    logger,
    secrets: password ? [...secrets, password] : secrets,
    connectionName,
    users,
    lastConnectionError: () => connectionError,
  });
  let subscriber: Redis | null = null;
  // Right after the start commands wait for the first connection (as an offline queue would), once, not longer.
  const firstConnection = untilConnected(redis, CONNECT_TIMEOUT_MS);

  const skipWhy = (): string | null => {
    if (redis.status === 'end') return 'closed';
    if (breaker.state === CircuitState.HalfOpen) return 'a probe is in flight';
    if (breaker.state === CircuitState.Open && connectionError !== null && redis.status !== 'ready') return 'unreachable';
    return null;
  };
  return {
    connectionName,
    client: redis,
    async run(operation, work) {
      if (!everReady) await firstConnection;
      const why = skipWhy();
      if (why !== null) throw new RedisSkipped(why);
      return breaker.execute(() => withinTimeout(operation, work(redis)));
    },
    use: (user) => void users.push(user),
    subscriber: () => (subscriber ??= subscriberConnection(url, `${connectionName}:subscriber`)),
    untilConnected: (ms) => Promise.race([firstConnection, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]),
    state: () => breakerState(breaker),
    async close() {
      subscriber?.disconnect();
      if (redis.status === 'ready') await redis.quit().catch(() => {});
      redis.disconnect();
    },
  };
}

/**
 * Subscriptions are not commands to skip: ioredis renews them after every reconnect, so SUBSCRIBE waits for
 * the connection instead of failing, and the ready check stays off (INFO cannot run in subscriber mode).
 */
function subscriberConnection(url: string, connectionName: string): Redis {
  const options: RedisOptions = {
    connectionName,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
    retryStrategy,
  };
  return new Redis(url, options);
}

/** Resolves when the connection is first ready or has failed, or after `ms`. */
function untilConnected(redis: Redis, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done).off('error', done);
      resolve();
    };
    const timer = setTimeout(done, ms).unref();
    redis.once('ready', done).once('error', done);
  });
}
