import type { ProviderName } from '../domain/invoice.js';

/** One request the sandbox received, kept for tests (form bodies, forwarded headers, counts). */
export interface ReceivedRequest {
  provider: ProviderName;
  route: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const MAX_KEPT = 5_000;

/** What the sandbox received: the last requests in full, and exact counts per provider and route. */
export class RequestLog {
  /** Oldest first, at most 5,000; the same array for the sandbox's lifetime (tests hold it). */
  readonly received: ReceivedRequest[] = [];
  // Counts are kept apart from `received` (which is capped) so they stay exact under load.
  private readonly counts = new Map<string, number>();

  record(request: ReceivedRequest): void {
    this.received.push(request);
    const key = `${request.provider} ${request.route}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.received.length > MAX_KEPT) this.received.splice(0, this.received.length - MAX_KEPT);
  }

  /** How many requests reached `provider` (optionally one route). */
  count(provider: ProviderName, route?: string): number {
    return [...this.counts]
      .filter(([key]) => (route === undefined ? key.startsWith(`${provider} `) : key === `${provider} ${route}`))
      .reduce((sum, [, n]) => sum + n, 0);
  }

  /** `{"<provider> <route>": n}` for GET /__sandbox/counters. */
  countsJson(): string {
    return JSON.stringify(Object.fromEntries(this.counts));
  }

  clear(): void {
    this.received.length = 0;
    this.counts.clear();
  }
}
