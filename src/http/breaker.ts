import { BrokenCircuitError, circuitBreaker, CircuitState, handleWhenResult, SamplingBreaker, type CircuitBreakerPolicy } from 'cockatiel';
import { credentialKey } from '../budget/upstream-budget.js';
import type { ResilienceSettings } from '../config/resilience.js';
import { UpstreamCircuitOpenError } from '../domain/errors.js';
import { RetryBudget } from './retry-budget.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** One upstream's breaker as /readyz and /metrics report it; `credential` is a digest, never the key. */
export interface BreakerStatus {
  provider: string;
  credential: string;
  state: BreakerState;
  /** Seconds until an open breaker lets a probe through (0 when closed or probing). */
  retryAfter: number;
  /** Retries the retry budget refused so far. */
  retriesDenied: number;
}

/** The request headers that carry a credential in the three upstreams' auth schemes (docs/UPSTREAMS.md). */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'x-auth-email', 'x-auth-key'];
/** Pass-through callers bring their own keys: guards beyond this many are dropped, the least recently used first. */
const MAX_GUARDS = 1_000;

/** What one attempt ended with, as the breaker judges it. */
interface Outcome<T> {
  value?: T;
  error?: unknown;
  failed: boolean;
}

/**
 * The breaker and retry budget of one upstream: one provider with one credential (docs/ARCHITECTURE.md
 * section 10). The failure rate is cockatiel's SamplingBreaker over a rolling window; while open, calls fail
 * at once with UPSTREAM_UNAVAILABLE and `retryAfter`; after the cool-down one probe goes and its answer
 * closes or reopens the breaker. Callers arriving while the probe is out fail fast rather than queue.
 */
export class UpstreamGuard {
  readonly retries: RetryBudget;
  private readonly breaker: CircuitBreakerPolicy | null;
  private openedAt = 0;

  constructor(
    readonly provider: string,
    readonly credential: string,
    private readonly settings: ResilienceSettings,
    onChange: (guard: UpstreamGuard, state: 'open' | 'closed') => void,
  ) {
    const { breaker } = settings;
    this.retries = new RetryBudget(settings.retryBudget, breaker.windowMs);
    this.breaker =
      breaker.failurePercent === 0
        ? null
        : circuitBreaker(
            handleWhenResult((outcome) => (outcome as Outcome<unknown>).failed),
            {
              halfOpenAfter: breaker.cooldownMs,
              breaker: new SamplingBreaker({
                threshold: breaker.failurePercent / 100,
                duration: breaker.windowMs,
                minimumRps: (breaker.minAttempts * 1000) / breaker.windowMs,
              }),
            },
          );
    // Told once when the upstream trips and once when it recovers: a failed probe reopens silently.
    let down = false;
    this.breaker?.onBreak(() => {
      this.openedAt = Date.now();
      if (!down) onChange(this, 'open');
      down = true;
    });
    this.breaker?.onReset(() => {
      down = false;
      onChange(this, 'closed');
    });
  }

  get state(): BreakerState {
    const state = this.breaker?.state ?? CircuitState.Closed;
    if (state === CircuitState.Closed) return 'closed';
    return state === CircuitState.HalfOpen ? 'half-open' : 'open';
  }

  /**
   * Runs one attempt through the breaker. `failed` says which thrown errors count against the upstream (a
   * caller who went away does not); answers with 5xx or 408 always do.
   */
  async run<T extends { status: number }>(attempt: () => Promise<T>, failed: (error: unknown) => boolean): Promise<T> {
    if (!this.breaker) return attempt();
    if (this.breaker.state === CircuitState.HalfOpen) throw this.openError();
    let outcome: Outcome<T>;
    try {
      outcome = await this.breaker.execute(async (): Promise<Outcome<T>> => {
        try {
          const value = await attempt();
          return { value, failed: value.status >= 500 || value.status === 408 };
        } catch (error) {
          return { error, failed: failed(error) };
        }
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw this.openError();
      throw error;
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value as T;
  }

  /** Throws at once while the breaker is open and its cool-down runs: the upstream is not asked. */
  admit(): void {
    if (this.state === 'half-open' || (this.state === 'open' && this.secondsToProbe() > 0)) throw this.openError();
  }

  status(): BreakerStatus {
    const state = this.state;
    return {
      provider: this.provider,
      credential: this.credential,
      state,
      retryAfter: state === 'open' ? this.secondsToProbe() : 0,
      retriesDenied: this.retries.denied,
    };
  }

  private secondsToProbe(): number {
    return Math.max(0, Math.ceil((this.openedAt + this.settings.breaker.cooldownMs - Date.now()) / 1000));
  }

  private openError(): UpstreamCircuitOpenError {
    return new UpstreamCircuitOpenError(`${this.provider} is failing: billgraph stopped asking it for a moment`, {
      provider: this.provider,
      retryAfter: Math.max(1, this.secondsToProbe()),
    });
  }
}

/** Every upstream's guard in this process, made on first use per provider and credential. */
export class UpstreamGuards {
  private readonly guards = new Map<string, UpstreamGuard>();

  constructor(
    private readonly settings: ResilienceSettings,
    private readonly onChange: (guard: UpstreamGuard, state: 'open' | 'closed') => void = () => {},
  ) {}

  /** The guard of `provider` used with the credential in `headers` (a digest of it keys the guard). */
  for(provider: string, headers: Readonly<Record<string, string>> | undefined): UpstreamGuard {
    const credential = CREDENTIAL_HEADERS.map((name) => headers?.[name] ?? '').join('\n');
    const key = credentialKey(provider, credential);
    let guard = this.guards.get(key);
    if (guard) {
      // Re-inserted so the map's order is least recently used first.
      this.guards.delete(key);
    } else {
      guard = new UpstreamGuard(provider, key.slice(provider.length + 1), this.settings, this.onChange);
      if (this.guards.size >= MAX_GUARDS) this.guards.delete(this.guards.keys().next().value as string);
    }
    this.guards.set(key, guard);
    return guard;
  }

  /** Every breaker's state: what /readyz and /metrics show. */
  statuses(): BreakerStatus[] {
    return [...this.guards.values()].map((guard) => guard.status());
  }
}
