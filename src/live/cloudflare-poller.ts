import type { Redis } from 'ioredis';
import type { Invoice } from '../domain/invoice.js';
import type { Logger } from '../log/logger.js';
import type { SharedRedis } from '../redis/shared-redis.js';
import type { BillingEvent } from './billing-event.js';
import { decodeInvoice, encodeInvoice, invoiceFingerprint } from './invoice-snapshot.js';

export interface PollerOptions {
  /** The app's Redis, shared by every instance (src/redis); null: this process alone decides. */
  redis: SharedRedis | null;
  keyPrefix: string;
  intervalMs: number;
  /** Reads a customer's upcoming invoice through the normal client path (budgets, breakers, retries). */
  read(customer: string): Promise<Invoice | null>;
  emit(event: BillingEvent): Promise<void>;
  logger: Logger;
}

/** How long the last polled invoice is kept: a missing one only costs a harmless extra event. */
const SNAPSHOT_TTL_MS = 86_400_000;

/**
 * Cloudflare has no webhooks, so the upcoming invoice of a customer someone subscribes to is read every
 * interval: once per interval across all subscribers and instances. Intervals are aligned to the clock, and
 * the instance that takes the interval's lock (SET NX PX) reads; the last invoice read is kept beside it, and
 * an UPCOMING_INVOICE_CHANGED event is emitted only when the new one differs.
 */
export class CloudflarePoller {
  readonly #watchers = new Map<string, { count: number; timer: NodeJS.Timeout | null }>();
  readonly #local = new Map<string, string>();
  constructor(private readonly options: PollerOptions) {
    options.redis?.use({ field: 'pollLocks', down: 'Cloudflare polls skipped', up: 'Cloudflare polls resumed' });
  }

  /** Polls `customer` while at least one subscriber watches it; returns the unwatch. */
  watch(customer: string): () => void {
    const watched = this.#watchers.get(customer) ?? { count: 0, timer: null };
    watched.count += 1;
    this.#watchers.set(customer, watched);
    if (watched.timer === null) this.#schedule(customer);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      watched.count -= 1;
      if (watched.count > 0) return;
      if (watched.timer) clearTimeout(watched.timer);
      this.#watchers.delete(customer);
    };
  }

  /** The invoice the last poll read for `customer` (null: none upcoming); undefined when no poll kept one. */
  async lastRead(customer: string): Promise<Invoice | null | undefined> {
    const stored = await this.#get(this.#key('last', customer));
    return stored === null ? undefined : decodeInvoice(stored.slice(stored.indexOf(' ') + 1));
  }

  close(): void {
    for (const watched of this.#watchers.values()) if (watched.timer) clearTimeout(watched.timer);
    this.#watchers.clear();
  }

  #schedule(customer: string): void {
    const watched = this.#watchers.get(customer);
    if (!watched) return;
    const { intervalMs } = this.options;
    const slot = Math.floor(Date.now() / intervalMs) + 1;
    watched.timer = setTimeout(
      () => {
        void this.#tick(customer, slot).finally(() => this.#schedule(customer));
      },
      slot * intervalMs - Date.now(),
    );
    watched.timer.unref();
  }

  async #tick(customer: string, slot: number): Promise<void> {
    try {
      if (!(await this.#lock(this.#key('lock', customer, String(slot))))) return;
      const invoice = await this.options.read(customer);
      const fingerprint = invoiceFingerprint(invoice);
      const lastKey = this.#key('last', customer);
      const last = await this.#get(lastKey);
      if (last !== null && last.slice(0, last.indexOf(' ')) === fingerprint) return;
      await this.#set(lastKey, `${fingerprint} ${encodeInvoice(invoice)}`);
      await this.options.emit(changedEvent(customer, slot * this.options.intervalMs));
    } catch (error) {
      this.options.logger.warn({ live: 'cloudflare-poll', err: { message: (error as Error).message } }, 'cloudflare poll failed');
    }
  }

  #key(...parts: string[]): string {
    return `${this.options.keyPrefix}live:poll:cloudflare:${JSON.stringify(parts)}`;
  }

  async #lock(key: string): Promise<boolean> {
    const { redis, intervalMs } = this.options;
    if (redis === null) return true; // one timer per customer in this process: its slot is its own
    return (await this.#redisCall(redis, (client) => client.set(key, '1', 'PX', intervalMs * 2, 'NX'))) === 'OK';
  }

  async #get(key: string): Promise<string | null> {
    const { redis } = this.options;
    return redis === null ? (this.#local.get(key) ?? null) : ((await this.#redisCall(redis, (client) => client.get(key))) ?? null);
  }

  async #set(key: string, value: string): Promise<void> {
    const { redis } = this.options;
    if (redis === null) this.#local.set(key, value);
    else await this.#redisCall(redis, (client) => client.set(key, value, 'PX', SNAPSHOT_TTL_MS));
  }

  /** A Redis that fails skips this interval (no instance can know it is the only one polling); the app's one warning says so. */
  async #redisCall<T>(redis: SharedRedis, command: (client: Redis) => Promise<T>): Promise<T | null> {
    return redis.run('POLL', command).catch(() => null);
  }
}

function changedEvent(customer: string, at: number): BillingEvent {
  return {
    id: `poll:cloudflare:${customer}:${at}`,
    provider: 'cloudflare',
    customer,
    type: 'UPCOMING_INVOICE_CHANGED',
    providerType: 'poll.invoice-preview',
    invoiceId: null,
    subscriptionId: null,
    occurredAt: new Date(at).toISOString(),
  };
}
