import { BillingError } from '../domain/errors.js';
import type { ProviderName } from '../domain/invoice.js';
import type { CredentialHeaders } from './principal.js';

/**
 * The only request headers pass-through mode forwards, per provider: the header the caller sends to
 * billgraph -> the header the upstream expects. One billgraph endpoint fronts three upstreams, so each
 * credential says which upstream it is for in its name. Everything else (cookies, host, other x- headers,
 * a bare Authorization) is never forwarded.
 */
export const PASS_THROUGH_HEADERS: Readonly<Record<ProviderName, Readonly<Record<string, string>>>> = {
  cloudflare: {
    'x-cloudflare-authorization': 'authorization',
    'x-cloudflare-auth-email': 'x-auth-email',
    'x-cloudflare-auth-key': 'x-auth-key',
  },
  stripe: { 'x-stripe-authorization': 'authorization' },
  flexprice: { 'x-flexprice-api-key': 'x-api-key' },
};

/** Printable ASCII, single spaces, bounded: nothing that could smuggle a header or a huge value. */
const HEADER_VALUE = /^[\x21-\x7e]+( [\x21-\x7e]+)*$/;
const MAX_VALUE = 4096;

const bad = (provider: ProviderName, why: string) =>
  new BillingError('UNAUTHENTICATED', `pass-through ${provider} credentials ${why}`, { provider });

/** Shape checks per upstream, so a malformed credential fails here, not as a confusing upstream error. */
const CHECKS: Record<ProviderName, (headers: Record<string, string>) => string | null> = {
  cloudflare: (h) => {
    if (h.authorization !== undefined) {
      if (h['x-auth-email'] !== undefined || h['x-auth-key'] !== undefined) return 'must be a token or an email + global key, not both';
      return /^Bearer \S+$/.test(h.authorization) ? null : 'must be "Bearer <API token>" in x-cloudflare-authorization';
    }
    if ((h['x-auth-email'] === undefined) !== (h['x-auth-key'] === undefined))
      return 'need both x-cloudflare-auth-email and x-cloudflare-auth-key';
    return null;
  },
  stripe: (h) =>
    /^Bearer (sk|rk)_(test|live)_[A-Za-z0-9_]+$/.test(h.authorization ?? '')
      ? null
      : 'must be "Bearer sk_..." (or rk_...) in x-stripe-authorization',
  flexprice: () => null,
};

/** Reads the pass-through credentials of every provider the caller sent some for. */
export function readPassThroughCredentials(headers: Headers): Partial<Record<ProviderName, CredentialHeaders>> {
  const credentials: Partial<Record<ProviderName, CredentialHeaders>> = {};
  for (const [provider, names] of Object.entries(PASS_THROUGH_HEADERS) as [ProviderName, Record<string, string>][]) {
    const forwarded: Record<string, string> = {};
    for (const [incoming, upstream] of Object.entries(names)) {
      const value = headers.get(incoming);
      if (value === null) continue;
      if (value.length > MAX_VALUE || !HEADER_VALUE.test(value)) throw bad(provider, `in ${incoming} are not a valid header value`);
      forwarded[upstream] = value;
    }
    if (Object.keys(forwarded).length === 0) continue;
    const problem = CHECKS[provider](forwarded);
    if (problem) throw bad(provider, problem);
    credentials[provider] = Object.freeze(forwarded);
  }
  return credentials;
}

/** The header a caller uses for a provider, for error messages. */
export function passThroughHint(provider: ProviderName): string {
  return Object.keys(PASS_THROUGH_HEADERS[provider]).join(' or ');
}
