import type { AuthSettings } from '../config.js';
import { BillingError } from '../domain/errors.js';
import type { ProviderName } from '../domain/invoice.js';
import { createJwtVerifier } from './jwt.js';
import { passThroughHint, readPassThroughCredentials } from './pass-through.js';
import type { CredentialHeaders, Principal } from './principal.js';

/** Resolves the principal of a request for the configured auth mode; throws UNAUTHENTICATED. */
export type PrincipalResolver = (headers: Headers) => Promise<Principal>;

const SERVICE: Principal = { kind: 'service' };

export function createPrincipalResolver(auth: AuthSettings): PrincipalResolver {
  switch (auth.mode) {
    case 'sandbox':
      return async () => SERVICE;
    case 'pass-through':
      return async (headers) => ({ kind: 'pass-through', credentials: readPassThroughCredentials(headers) });
    case 'jwt': {
      const verify = createJwtVerifier(auth.jwt!);
      return async (headers) => {
        const authorization = headers.get('authorization');
        if (authorization === null) throw new BillingError('UNAUTHENTICATED', 'send a billgraph JWT as "Authorization: Bearer <token>"');
        const match = /^Bearer ([^\s]+)$/i.exec(authorization);
        if (!match) throw new BillingError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
        return verify(match[1]!);
      };
    }
  }
}

/**
 * The credential headers an adapter sends for this principal: null = billgraph's configured key
 * (service and JWT principals); a pass-through caller only ever gets its own headers for that provider,
 * never the configured key (fails closed when it sent none).
 */
export function credentialsFor(principal: Principal, provider: ProviderName): CredentialHeaders | null {
  if (principal.kind !== 'pass-through') return null;
  const credentials = principal.credentials[provider];
  if (!credentials) {
    throw new BillingError('UNAUTHENTICATED', `send your ${provider} credentials in ${passThroughHint(provider)}`, { provider });
  }
  return credentials;
}
