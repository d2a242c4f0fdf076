import { WindowCounter, type BudgetStore, type Take } from './store.js';

/**
 * A published limit: at most `limit` requests in any `windowMs` (Cloudflare: 1,200 per 300 s; Stripe: 100 per 1 s).
 * billgraph spends `headroom` of it, leaving the rest to whatever else uses the same credential.
 */
export interface WindowLimit {
  limit: number;
  windowMs: number;
  headroom: number;
}

/** How many slices a window is cut into: a sliding window spans at most SLICES + 1 of them. */
const SLICES = 10;

/**
 * A limit counted in fixed slices of a tenth of its window, each allowed a tenth of the spendable share. Any
 * sliding window of the upstream's length then holds at most 11 slices, so at most 1.1 × headroom × limit
 * requests: below the published limit for any headroom up to 0.9. The slice index is part of the key, so a
 * key's expiry never shifts a slice, and every instance agrees on the slice from the clock alone.
 */
export class SlicedWindow {
  private readonly counter: WindowCounter;
  readonly sliceMs: number;

  constructor(store: BudgetStore, name: string, spec: WindowLimit) {
    this.sliceMs = Math.max(1, Math.floor(spec.windowMs / SLICES));
    const slicePoints = Math.max(1, Math.floor((spec.limit * spec.headroom) / SLICES));
    // A slice's key outlives it by a slice and then expires.
    this.counter = new WindowCounter(store, name, slicePoints, Math.max(1, Math.ceil((this.sliceMs * 2) / 1000)));
  }

  /** Spends one request from the current slice, or says how long until the next slice begins. */
  async take(key: string, now = Date.now()): Promise<Take> {
    const slice = Math.floor(now / this.sliceMs);
    const taken = await this.counter.take(`${key}:${slice}`, 1);
    return taken.ok ? taken : { ok: false, waitMs: (slice + 1) * this.sliceMs - now, exhausted: taken.exhausted };
  }
}
