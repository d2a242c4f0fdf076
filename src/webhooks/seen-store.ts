import type { SharedRedis } from '../redis/shared-redis.js';

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
 * once. While the app's shared Redis is skipped by its failure policy (src/redis) this process's memory answers
 * for that key (a duplicate may then be handled twice; never is an event lost); the app's one warning says so.
 */
export class RedisSeenStore implements SeenStore {
  readonly #memory = new MemorySeenStore();

  constructor(
    private readonly redis: SharedRedis,
    private readonly keyPrefix: string,
  ) {
    redis.use({
      field: 'webhooks',
      down: 'webhook de-duplication store unavailable: remembering in memory',
      up: 'webhook de-duplication store available again',
    });
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    try {
      return (await this.redis.run('SET NX', (client) => client.set(`${this.keyPrefix}${key}`, '1', 'PX', ttlMs, 'NX'))) === 'OK';
    } catch {
      return this.#memory.claim(key, ttlMs);
    }
  }

  /** The connection is the app's: closed once with the others (src/server/app-parts.ts). */
  async close(): Promise<void> {}
}
