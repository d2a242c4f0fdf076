import type { ProviderName } from '../domain/invoice.js';

/**
 * Faults the sandbox can inject, for tests and demos. A fault matches requests of one provider (and
 * optionally a path fragment) and applies to the next `times` of them.
 */
export type FaultKind =
  | 'latency' // answer normally, after `latencyMs`
  | 'status' // answer `status` in the provider's error envelope (401, 403, 404, 429 + Retry-After, 500, ...)
  | 'reset' // destroy the connection without answering
  | 'malformed' // 200 with a body that is not JSON
  | 'contract' // 200 with JSON that breaks the provider's contract (a field of the wrong type)
  | 'stall-body'; // the status, headers and half the body at once, the rest after `latencyMs`

export interface Fault {
  provider: ProviderName;
  kind: FaultKind;
  /** Only requests whose path contains this. */
  pathIncludes?: string;
  /** Only requests whose body contains / does not contain this (e.g. tell two POSTs to one path apart). */
  bodyIncludes?: string;
  bodyExcludes?: string;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  /** Let this many matching requests through untouched first (e.g. fail only the second call). */
  skip?: number;
  status?: number;
  /** Seconds, sent as Retry-After with a status fault. */
  retryAfter?: number;
  /** The message of a status fault, in the dialect's envelope (e.g. one that echoes a secret); default: generic for the status. */
  message?: string;
  /** Extra response headers sent with a status fault (e.g. Stripe-Should-Retry); they win over the dialect's. */
  headers?: Record<string, string>;
  latencyMs?: number;
}

export class FaultPlan {
  private faults: (Fault & { remaining: number; toSkip: number })[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1, toSkip: fault.skip ?? 0 });
  }

  /** The fault to apply to this request, if any (consumes one use of it). */
  take(provider: ProviderName, path: string, body = ''): Fault | null {
    const fault = this.faults.find(
      (f) =>
        f.provider === provider &&
        f.remaining > 0 &&
        (!f.pathIncludes || path.includes(f.pathIncludes)) &&
        (!f.bodyIncludes || body.includes(f.bodyIncludes)) &&
        (!f.bodyExcludes || !body.includes(f.bodyExcludes)),
    );
    if (!fault) return null;
    if (fault.toSkip > 0) {
      fault.toSkip -= 1;
      return null;
    }
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }
}
