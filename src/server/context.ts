import { isInvoiceVisible } from '../auth/authorize.js';
import { credentialsFor } from '../auth/resolve.js';
import type { CursorCodec } from '../domain/cursor.js';
import type { ProviderName } from '../domain/invoice.js';
import type { UpstreamAttempt } from '../http/client.js';
import { Slots } from '../http/concurrency.js';
import type { UpstreamFailureReport } from '../http/json-api.js';
import { createLoaders, createReadMemo } from '../loaders/index.js';
import type { ProviderCall } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { Context } from '../schema/context.js';
import type { RequestStates } from './request-state.js';

export interface ContextOptions {
  states: RequestStates;
  providers: ProviderRegistry;
  defaultProvider: ProviderName;
  /** Upstream attempts one HTTP request may have in flight at once. */
  maxUpstreamConcurrency: number;
  /** Signs and verifies cursors with the configured secret. */
  cursors: CursorCodec;
}

/**
 * Yoga's context factory: resolves the principal (a failure becomes UNAUTHENTICATED) and gives the resolvers
 * per-request loaders and one upstream call per provider.
 */
export function createContextFactory({ states, providers, defaultProvider, maxUpstreamConcurrency, cursors }: ContextOptions) {
  return async ({ request }: { request: Request }): Promise<Context> => {
    const state = states.of(request);
    const principal = await states.principalOf(request);
    state.principal = principal;
    const shared = {
      memo: createReadMemo(),
      onAttempt: (attempt: UpstreamAttempt) => state.upstreamCalls.push(attempt),
      onUpstreamFailure: (failure: UpstreamFailureReport) => state.upstreamFailures.push(failure),
      signal: request.signal,
      slots: (state.slots ??= new Slots(maxUpstreamConcurrency)),
    };
    // One call per provider, carrying only that provider's credentials (src/auth/resolve.ts).
    const calls = new Map<ProviderName, ProviderCall>();
    const callFor = (provider: ProviderName): ProviderCall => {
      let call = calls.get(provider);
      if (!call) {
        call = { ...shared, credentials: credentialsFor(principal, provider) };
        calls.set(provider, call);
      }
      return call;
    };
    return {
      requestId: state.requestId,
      principal,
      providers,
      defaultProvider,
      loaders: createLoaders(providers, callFor, (invoice) => isInvoiceVisible(principal, invoice)),
      callFor,
      cursors,
      upstreamCalls: state.upstreamCalls,
    };
  };
}
