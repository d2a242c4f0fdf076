import type { Tracer } from '@opentelemetry/api';
import { assertInvoiceVisible } from '../auth/authorize.js';
import { credentialsFor } from '../auth/resolve.js';
import type { ProviderName } from '../domain/invoice.js';
import type { UpstreamAttempt } from '../http/client.js';
import { Slots } from '../http/concurrency.js';
import { createLoaders, createReadMemo } from '../loaders/index.js';
import type { ProviderCall } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { Context } from '../schema/context.js';
import { recordAttempt } from '../telemetry/spans.js';
import type { RequestStates } from './request-state.js';

export interface ContextOptions {
  states: RequestStates;
  providers: ProviderRegistry;
  defaultProvider: ProviderName;
  /** Upstream attempts one HTTP request may have in flight at once. */
  maxUpstreamConcurrency: number;
  /** Set when tracing is on: loader batches and upstream attempts become spans (src/telemetry/spans.ts). */
  tracer?: Tracer | null;
}

/**
 * Yoga's context factory: resolves the principal (a failure becomes UNAUTHENTICATED) and gives the resolvers
 * per-request loaders and one upstream call per provider.
 */
export function createContextFactory({ states, providers, defaultProvider, maxUpstreamConcurrency, tracer = null }: ContextOptions) {
  return async ({ request }: { request: Request }): Promise<Context> => {
    const state = states.of(request);
    const principal = await states.principalOf(request);
    state.principal = principal;
    const shared = {
      memo: createReadMemo(),
      onAttempt: (attempt: UpstreamAttempt) => {
        state.upstreamCalls.push(attempt);
        if (tracer) recordAttempt(tracer, attempt);
      },
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
      loaders: createLoaders(providers, callFor, (invoice) => assertInvoiceVisible(principal, invoice), tracer),
      callFor,
      upstreamCalls: state.upstreamCalls,
    };
  };
}
