import type { ProviderName } from '../domain/invoice.js';

/**
 * Who is asking, resolved once per request (DESIGN.md section 6).
 * - `service`: billgraph's own configured upstream credentials (or the sandbox); sees every customer.
 * - `pass-through`: the caller's own upstream credentials are forwarded; the upstream decides.
 * - `customer`: a verified JWT names the provider and the customers the caller may see.
 */
export type Principal =
  | { kind: 'service' }
  | { kind: 'pass-through'; credentials: Partial<Record<ProviderName, Readonly<Record<string, string>>>> }
  | { kind: 'customer'; subject: string; provider: ProviderName; customers: readonly string[] };

/** A stable string naming the principal, for cache keys: one caller's data never answers another. */
export function principalKey(principal: Principal): string {
  switch (principal.kind) {
    case 'service':
      return 'service';
    case 'pass-through':
      return `pass:${JSON.stringify(principal.credentials)}`;
    case 'customer':
      return `jwt:${principal.provider}:${principal.subject}:${principal.customers.join(',')}`;
  }
}
