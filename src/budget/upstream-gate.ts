import type { BudgetSettings, RateSpec } from '../config/budgets.js';
import { InvalidInputError } from '../domain/errors.js';
import type { ProviderName } from '../domain/invoice.js';
import type { UpstreamResponse } from '../http/client.js';
import type { UpstreamGate } from '../http/gate.js';
import type { FairSlots } from '../http/fair-slots.js';
import { parseRetryAfter } from '../http/retry.js';
import type { BudgetStore } from './store.js';
import { credentialKey, PUBLISHED_LIMITS, UpstreamBudget } from './upstream-budget.js';

/** Upstream calls one request may still start: its estimate, counted down as calls begin (retries are not new calls). */
export interface CallAllowance {
  cap: number;
  calls: number;
}

/** How long a 429 without Retry-After closes the budget: the upstream said "too many", not when to return. */
const BARE_429_CLOSE_MS = 1_000;
/** Time kept for the attempt itself after a budget wait (at most a quarter of what is left). */
const ANSWER_RESERVE_MS = 1_000;
/** Credentials whose budgets are kept at once (pass-through callers each bring one); the oldest go first. */
const MAX_BUDGETS = 10_000;

/**
 * The budgets of every upstream credential this process uses, and the gate one request's calls to one
 * provider pass before each attempt: its call cap, a fair slot, then the credential's budget.
 */
export class UpstreamGates {
  private readonly budgets = new Map<string, UpstreamBudget>();

  constructor(
    private readonly store: BudgetStore,
    private readonly settings: BudgetSettings,
    private readonly slots: FairSlots,
  ) {}

  /** The gate for `provider` called with `credential` (a configured key, or the caller's headers as text). */
  gate(provider: ProviderName, credential: string, principal: string, allowance: CallAllowance): UpstreamGate {
    const key = credentialKey(provider, credential);
    const budget = this.budgetFor(provider, key, credential);
    const slots = this.slots;
    return {
      async beforeAttempt(attempt, deadlineAt, signal) {
        if (attempt === 1) {
          if (allowance.calls >= allowance.cap) {
            throw new InvalidInputError(
              `this request reached its cap of ${allowance.cap} upstream calls (its estimate) and asks no more; ask for less`,
              { provider },
            );
          }
          allowance.calls += 1;
        }
        const release = await slots.acquire(principal, signal);
        try {
          // A wait that would leave the attempt almost no time is not worth it: RATE_LIMITED says more than a timeout.
          const now = Date.now();
          await budget.spend(deadlineAt - Math.min(ANSWER_RESERVE_MS, (deadlineAt - now) / 4), signal);
        } catch (error) {
          release();
          throw error;
        }
        return release;
      },
      afterAnswer(response) {
        const closeMs = upstreamSaysWait(response);
        if (closeMs !== null) budget.closeFor(closeMs);
      },
    };
  }

  private budgetFor(provider: ProviderName, key: string, credential: string): UpstreamBudget {
    let budget = this.budgets.get(key);
    if (budget !== undefined) return budget;
    const spec = this.specFor(provider, credential);
    // Without a limit to keep under, the budget still holds the upstream's own "wait".
    budget = new UpstreamBudget(this.store, key, spec ? { ...spec, headroom: this.settings.headroom } : null);
    if (this.budgets.size >= MAX_BUDGETS) this.budgets.delete(this.budgets.keys().next().value!);
    this.budgets.set(key, budget);
    return budget;
  }

  private specFor(provider: ProviderName, credential: string): RateSpec | null {
    if (provider === 'cloudflare') return this.settings.cloudflare;
    if (provider === 'flexprice') return this.settings.flexprice;
    if (this.settings.stripe !== 'published') return this.settings.stripe;
    // Stripe's limits differ by mode, and the key says which: sk_live_ / rk_live_ is live mode.
    return /\b(sk|rk)_live_/.test(credential) ? PUBLISHED_LIMITS.stripeLive : PUBLISHED_LIMITS.stripeTest;
  }
}

/**
 * How long the upstream asked billgraph to wait, from its own headers: a 429's Retry-After (or a second
 * without one), or a `Ratelimit` header (IETF draft, as Cloudflare sends it: `"default";r=0;t=30`, or the
 * older `remaining=0, reset=30`) saying nothing remains. Null: it asked for nothing.
 */
export function upstreamSaysWait(response: UpstreamResponse, now = Date.now()): number | null {
  if (response.status === 429) return parseRetryAfter(response.headers['retry-after'], now) ?? BARE_429_CLOSE_MS;
  const header = response.headers['ratelimit'];
  if (header) {
    const remaining = /(?:^|[;,\s])(?:r|remaining)=(\d+)/.exec(header);
    const reset = /(?:^|[;,\s])(?:t|reset)=(\d+)/.exec(header);
    if (remaining && Number(remaining[1]) === 0 && reset) return Number(reset[1]) * 1000;
  }
  const remaining = response.headers['ratelimit-remaining'] ?? response.headers['x-ratelimit-remaining'];
  const reset = response.headers['ratelimit-reset'] ?? response.headers['x-ratelimit-reset'];
  if (remaining !== undefined && /^0$/.test(remaining.trim()) && reset && /^\d+$/.test(reset.trim())) return Number(reset.trim()) * 1000;
  return null;
}
