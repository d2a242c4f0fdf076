import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isInvoiceVisible } from '../auth/authorize.js';
import { principalKey, type Principal } from '../auth/principal.js';
import type { Tracer } from '@opentelemetry/api';
import { credentialsFor } from '../auth/resolve.js';
import { CacheTags } from '../cache/cache-tags.js';
import { UnrecordedCacheTags } from '../cache/unrecorded-tags.js';
import type { CallAllowance, UpstreamGates } from '../budget/upstream-gate.js';
import type { CursorCodec } from '../domain/cursor.js';
import type { Invoice, ProviderName } from '../domain/invoice.js';
import type { UpstreamGuards } from '../http/breaker.js';
import type { UpstreamAttempt } from '../http/client.js';
import { Slots } from '../http/concurrency.js';
import type { UpstreamFailureReport } from '../http/json-api.js';
import type { SingleFlight } from '../http/single-flight.js';
import { liveContext, type LiveServices, type Renewable } from '../live/live-context.js';
import { createLoaders, createReadMemo } from '../loaders/index.js';
import type { ProviderCall } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { Context } from '../schema/context.js';
import { recordAttempt } from '../telemetry/spans.js';
import { activeStreamTrace } from '../telemetry/stream-trace.js';
import type { RequestState, RequestStates } from './request-state.js';

export interface ContextOptions {
  states: RequestStates;
  providers: ProviderRegistry;
  defaultProvider: ProviderName;
  /** Upstream attempts one HTTP request may have in flight at once. */
  maxUpstreamConcurrency: number;
  /** Signs and verifies cursors with the configured secret. */
  cursors: CursorCodec;
  /** Breakers and retry budgets shared by every request of this process (src/http/breaker.ts). */
  guards?: UpstreamGuards;
  /** Budgets and fair slots each upstream attempt passes (absent: none). */
  gates?: UpstreamGates;
  /** Reads shared across requests (absent: every request reads alone). */
  singleFlight?: SingleFlight;
  /** The configured upstream credential per provider, naming the budget JWT and sandbox callers draw on. */
  configuredCredential?: (provider: ProviderName) => string;
  /** False when no response cache keeps answers: then nothing reads the tags and they are not recorded (default true). */
  recordCacheTags?: boolean;
  /** Set when tracing is on: loader batches and upstream attempts become spans (src/telemetry/spans.ts). */
  tracer?: Tracer | null;
  /** Subscriptions (src/live): the event bus and limits, and how a re-read spends from the caller's budget. */
  live?: { services: LiveServices; spend(budgetKey: string, calls: number): Promise<unknown> };
}

/** Whose budget a request draws on: the principal, or in sandbox mode (everyone is `service`) the caller's address. */
export function budgetKeyOf(principal: Principal, req: IncomingMessage | undefined): string {
  if (principal.kind !== 'service') return principalKey(principal);
  return `addr:${req?.socket?.remoteAddress ?? 'unknown'}`;
}

/**
 * Yoga's context factory: resolves the principal (a failure becomes UNAUTHENTICATED) and gives the resolvers
 * per-request loaders and one upstream call per provider. A subscription renews them before each re-read
 * (src/live): per-request DataLoaders would otherwise answer every event with the first read.
 */
export function createContextFactory(options: ContextOptions) {
  const { states, providers, defaultProvider, cursors, tracer = null } = options;
  return async ({ request, req }: { request: Request; req?: IncomingMessage }): Promise<Context> => {
    const state = states.of(request);
    const principal = await states.principalOf(request);
    state.principal = principal;
    state.budgetKey ??= budgetKeyOf(principal, req);
    // What the loaders read tags the cached answer (src/cache/cache-tags.ts).
    const cacheTags = options.recordCacheTags === false ? new UnrecordedCacheTags() : new CacheTags();
    const readers = (allowance: CallAllowance) => {
      const callFor = callsFor(options, state, request, principal, allowance, cacheTags);
      const visible = (invoice: Invoice) => isInvoiceVisible(principal, invoice);
      return { callFor, loaders: createLoaders(providers, callFor, visible, tracer, cacheTags) };
    };
    const context: Context = {
      requestId: state.requestId,
      principal,
      providers,
      defaultProvider,
      ...readers(state.cost.allowance),
      cacheTags,
      cursors,
      upstreamCalls: state.upstreamCalls,
      live: null,
    };
    if (options.live) {
      const { services, spend } = options.live;
      const budgetKey = state.budgetKey;
      // Yoga copies this object into the context resolvers see: the one to renew is the resolver's.
      const renew = async (resolverContext: Renewable) => {
        const calls = state.cost.estimated; // one event's estimate (src/server/use-upstream-budget.ts onSubscribe)
        await spend(budgetKey, calls);
        Object.assign(resolverContext, readers({ cap: calls, calls: 0 }));
      };
      // With tracing on, the subscription's span (src/server/use-tracing.ts) is active where the stream opens.
      const observer = tracer ? { observer: activeStreamTrace } : {};
      context.live = liveContext(services, { principal, budgetKey, signal: request.signal, renew, ...observer });
    }
    return context;
  };
}

/** Who shares reads in single flight: the provider and a digest of the credential, never the credential itself. */
const scopeOf = (provider: ProviderName, credential: string) =>
  `${provider}:${createHash('sha256').update(credential).digest('base64url')}`;

/** The configured keys do not change while the process runs: their digests are taken once, not per request. */
const configuredScopes = new Map<string, string>();
function configuredScope(provider: ProviderName, credential: string): string {
  const key = `${provider}\n${credential}`;
  let scope = configuredScopes.get(key);
  if (scope === undefined) configuredScopes.set(key, (scope = scopeOf(provider, credential)));
  return scope;
}

/** One call per provider, carrying only that provider's credentials (src/auth/resolve.ts), and a fresh read memo. */
function callsFor(
  options: ContextOptions,
  state: RequestState,
  request: Request,
  principal: Principal,
  allowance: CallAllowance,
  cacheTags: CacheTags,
): (provider: ProviderName) => ProviderCall {
  const { maxUpstreamConcurrency, guards, gates, singleFlight, tracer = null } = options;
  const shared = {
    memo: createReadMemo(),
    onAttempt: (attempt: UpstreamAttempt) => {
      state.upstreamCalls.push(attempt);
      if (tracer) recordAttempt(tracer, attempt);
    },
    onUpstreamFailure: (failure: UpstreamFailureReport) => state.upstreamFailures.push(failure),
    signal: request.signal,
    slots: (state.slots ??= new Slots(maxUpstreamConcurrency)),
    ...(guards ? { guards } : {}),
  };
  const calls = new Map<ProviderName, ProviderCall>();
  return (provider) => {
    let call = calls.get(provider);
    if (!call) {
      const credentials = credentialsFor(principal, provider);
      // The credential the upstream sees: the caller's own headers, or the configured key.
      const credential = credentials
        ? JSON.stringify(Object.entries(credentials).sort())
        : (options.configuredCredential?.(provider) ?? '');
      // Hashed when a read is first shared: once per process for a configured key, once per request for a caller's own.
      let scope: string | null = null;
      const credentialScope = () => (scope ??= credentials ? scopeOf(provider, credential) : configuredScope(provider, credential));
      call = {
        ...shared,
        credentials,
        ...(gates ? { gate: gates.gate(provider, credential, state.budgetKey!, allowance) } : {}),
        ...(singleFlight
          ? {
              // A joined read counts from when it began, so an answer built on it is not cached past an eviction.
              share: <T>(key: string, read: () => Promise<T>) =>
                singleFlight.run(`${credentialScope()} ${key}`, read, (startedAt) => cacheTags.joinedReadFrom(startedAt)),
            }
          : {}),
      };
      calls.set(provider, call);
    }
    return call;
  };
}
