import { createHash } from 'node:crypto';
import { budgetSpent } from './rate-limited.js';
import { SlicedWindow, type WindowLimit } from './sliced-window.js';
import type { BudgetStore } from './store.js';

/**
 * Published limits (docs/UPSTREAMS.md): Cloudflare 1,200 requests per 5 minutes per token, then the token is
 * blocked for 5 minutes; Stripe 100 operations/s live and 25/s in test mode. Flexprice publishes none.
 */
export const PUBLISHED_LIMITS = {
  cloudflare: { limit: 1200, windowMs: 300_000 },
  stripeLive: { limit: 100, windowMs: 1_000 },
  stripeTest: { limit: 25, windowMs: 1_000 },
} as const;

/** The key a credential's budget is counted under: a digest, so no secret reaches Redis or a log. */
export function credentialKey(provider: string, credential: string): string {
  return `${provider}:${createHash('sha256').update(credential).digest('base64url').slice(0, 22)}`;
}

/**
 * The budget of one upstream credential, shared by every caller (and every instance, through Redis). A
 * request waits for the next slice only when it begins before the request's deadline; otherwise the caller
 * gets RATE_LIMITED with the seconds to wait. The upstream's own "slow down" (a 429's Retry-After, a
 * Ratelimit header at zero) closes the budget until then, so billgraph never asks sooner than it was told.
 */
export class UpstreamBudget {
  /** null: no published limit to keep under, but the upstream's own "wait" still holds. */
  private readonly window: SlicedWindow | null;
  /** Until when the upstream told us to stop (ms since epoch); shared by this process's callers. */
  private closedUntil = 0;

  constructor(
    store: BudgetStore,
    readonly key: string,
    spec: WindowLimit | null,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = defaultSleep,
  ) {
    this.window = spec ? new SlicedWindow(store, `upstream:${key}`, spec) : null;
  }

  /** Spends one request; resolves with the milliseconds waited for it. */
  async spend(deadlineAt: number, signal?: AbortSignal): Promise<number> {
    const started = Date.now();
    for (;;) {
      const now = Date.now();
      const closedFor = this.closedUntil - now;
      const taken =
        closedFor > 0
          ? ({ ok: false, waitMs: closedFor } as const)
          : this.window
            ? await this.window.take(this.key, now)
            : ({ ok: true, remaining: 0 } as const);
      if (taken.ok) return now - started;
      if (now + taken.waitMs >= deadlineAt) {
        const provider = this.key.split(':')[0] ?? 'upstream';
        throw budgetSpent(`${provider} credential's`, taken.waitMs, provider);
      }
      await this.sleep(taken.waitMs, signal);
    }
  }

  /** The upstream said to wait `ms` (Retry-After on a 429, or its Ratelimit header at zero). */
  closeFor(ms: number): void {
    this.closedUntil = Math.max(this.closedUntil, Date.now() + ms);
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
