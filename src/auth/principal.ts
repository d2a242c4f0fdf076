import { createHash } from 'node:crypto';
import type { ProviderName } from '../domain/invoice.js';

/** Upstream credential headers for one provider, named as that upstream names them. */
export type CredentialHeaders = Readonly<Record<string, string>>;

/**
 * Who is asking, resolved once per request (docs/ARCHITECTURE.md section 6, src/auth/resolve.ts).
 * - `service`: billgraph's own configured upstream credentials (sandbox mode); sees every customer.
 * - `pass-through`: the caller's own upstream credentials are forwarded; the upstream decides.
 * - `customer`: a verified JWT names the provider and the customers the caller may see; its roles decide
 *   nothing about data, only what the caller may send (arbitrary documents, src/server/use-trusted-documents.ts).
 */
export type Principal =
  | { kind: 'service' }
  | { kind: 'pass-through'; credentials: Partial<Record<ProviderName, CredentialHeaders>> }
  | {
      kind: 'customer';
      subject: string;
      provider: ProviderName;
      customers: readonly string[];
      roles?: readonly string[];
      /** When the token expires (ms since the epoch): a subscription ends then (src/live/live-context.ts). */
      expiresAt?: number;
    };

/**
 * A stable string naming the principal, for cache keys: one caller's data never answers another.
 * Pass-through keys are a hash, so a credential never becomes part of a cache key or a log line.
 */
export function principalKey(principal: Principal): string {
  switch (principal.kind) {
    case 'service':
      return 'service';
    case 'pass-through': {
      const sorted = Object.entries(principal.credentials)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([provider, headers]) => [provider, Object.entries(headers ?? {}).sort(([a], [b]) => a.localeCompare(b))]);
      return `pass:${createHash('sha256').update(JSON.stringify(sorted)).digest('base64url')}`;
    }
    case 'customer':
      return `jwt:${createHash('sha256')
        .update(JSON.stringify([principal.provider, principal.subject, [...principal.customers].sort()]))
        .digest('base64url')}`;
  }
}

/** What a request log may say about the principal: its kind and scope, never a credential. */
export function describePrincipal(principal: Principal): Record<string, unknown> {
  switch (principal.kind) {
    case 'service':
      return { kind: 'service' };
    case 'pass-through':
      return { kind: 'pass-through', providers: Object.keys(principal.credentials) };
    case 'customer':
      return { kind: 'customer', subject: principal.subject, provider: principal.provider, customers: principal.customers.length };
  }
}
