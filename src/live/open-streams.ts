import { RateLimitedError } from '../domain/errors.js';

export interface OpenStreamLimits {
  maxPerPrincipal: number;
  maxPerInstance: number;
}

/**
 * The subscriptions open on this instance: bounded per principal and in all (counted per instance, so a
 * crashed instance leaves nothing to clean up), and ended all at once by the drain (src/lifecycle/drain.ts).
 */
export class OpenStreams {
  readonly #perPrincipal = new Map<string, number>();
  readonly #enders = new Set<() => void>();
  readonly #waiters: (() => void)[] = [];
  #closed = false;

  constructor(private readonly limits: OpenStreamLimits) {}

  get size(): number {
    return this.#enders.size;
  }

  /**
   * Takes a place for one more stream of `principal` (RATE_LIMITED when none is left); `end` finishes the
   * stream cleanly. Returns the release, to call once when the stream ends for any reason.
   */
  open(principal: string, end: () => void): () => void {
    const held = this.#perPrincipal.get(principal) ?? 0;
    if (this.#closed) throw new RateLimitedError('this instance is shutting down: subscribe again to reach another one', { retryAfter: 1 });
    if (held >= this.limits.maxPerPrincipal) {
      throw new RateLimitedError(`you have ${held} open subscriptions, the most one caller may hold: end one first`, { retryAfter: 1 });
    }
    if (this.#enders.size >= this.limits.maxPerInstance) {
      throw new RateLimitedError('this instance holds as many open subscriptions as it may: try again shortly', { retryAfter: 1 });
    }
    this.#perPrincipal.set(principal, held + 1);
    this.#enders.add(end);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#enders.delete(end);
      if (this.#enders.size === 0) for (const resolve of this.#waiters.splice(0)) resolve();
      const left = (this.#perPrincipal.get(principal) ?? 1) - 1;
      if (left > 0) this.#perPrincipal.set(principal, left);
      else this.#perPrincipal.delete(principal);
    };
  }

  /** The drain: every open stream ends with a clean `complete`, and no new one opens; resolves once all have ended. */
  endAll(): Promise<void> {
    this.#closed = true;
    const ended = this.#enders.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => this.#waiters.push(resolve));
    for (const end of [...this.#enders]) end();
    return ended;
  }
}
