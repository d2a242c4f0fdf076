import { Redis } from 'ioredis';
import { scrub, type Logger } from '../log/logger.js';

/**
 * Remembers keys (event ids, used signatures) for a while, so a delivery seen before does nothing twice.
 * `claim` is true the first time a key is claimed within `ttlMs`, false after.
 */
export interface SeenStore {
  claim(key: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** In this process only: a bounded map in insertion order, so the oldest key goes first when it is full. */
export class MemorySeenStore implements SeenStore {
  readonly #expiry = new Map<string, number>();

  constructor(private readonly maxKeys = 100_000) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const expires = this.#expiry.get(key);
    if (expires !== undefined && expires > now) return false;
    this.#expiry.delete(key);
    this.#expiry.set(key, now + ttlMs);
    while (this.#expiry.size > this.maxKeys) this.#expiry.delete(this.#expiry.keys().next().value as string);
    return true;
  }

  async close(): Promise<void> {}
}

/**
 * Shared by every instance: `SET key 1 PX ttl NX` in Redis, so a delivery posted to two instances is handled
 * once. A Redis that fails falls back to this process's memory for that key (a duplicate may then be handled
 * twice; never is an event lost), logged once per outage.
 */
export class RedisSeenStore implements SeenStore {
  readonly #redis: Redis;
  readonly #memory = new MemorySeenStore();
  #down = false;

  constructor(
    url: string,
    private readonly keyPrefix: string,
    private readonly logger: Logger,
    private readonly secrets: readonly string[],
  ) {
    this.#redis = new Redis(url, {
      connectTimeout: 1_000,
      commandTimeout: 500,
      maxRetriesPerRequest: 1,
      retryStrategy: (n) => Math.min(n * 100, 2_000),
    });
    this.#redis.on('error', () => {}); // reported once per outage by claim()
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    try {
      const answer = await this.#redis.set(`${this.keyPrefix}${key}`, '1', 'PX', ttlMs, 'NX');
      if (this.#down) {
        this.#down = false;
        this.logger.warn({ webhooks: 'redis' }, 'webhook de-duplication store available again');
      }
      return answer === 'OK';
    } catch (error) {
      if (!this.#down) {
        this.#down = true;
        const message = scrub(error instanceof Error ? error.message : String(error), this.secrets);
        this.logger.warn({ webhooks: 'redis', err: { message } }, 'webhook de-duplication store unavailable: remembering in memory');
      }
      return this.#memory.claim(key, ttlMs);
    }
  }

  async close(): Promise<void> {
    this.#redis.disconnect();
  }
}
