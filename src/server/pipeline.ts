import type { Plugin } from 'graphql-yoga';
import { PrincipalTurns } from '../budget/principal-turns.js';
import type { Config } from '../config.js';
import { CursorCodec } from '../domain/cursor.js';
import { configuredCredential, type AppParts } from './app-parts.js';
import { createContextFactory } from './context.js';
import { useArmor } from './use-armor.js';
import { useConditionalRequests } from './use-conditional-requests.js';
import { useCompiledExecution } from './use-compiled-execution.js';
import { useCors } from './use-cors.js';
import { useErrorCodes } from './use-error-codes.js';
import { useHealth } from './use-health.js';
import { useHeavyOperationGate } from './use-heavy-operation-gate.js';
import { useHiddenSuggestions } from './use-hidden-suggestions.js';
import { useHttpGuards } from './use-http-guards.js';
import { useOperationLimits } from './use-operation-limits.js';
import { usePrincipalResponseCache } from './use-principal-response-cache.js';
import { useRequestLog } from './use-request-log.js';
import { useRequestState } from './use-request-state.js';
import { useStaleIfError } from './use-stale-if-error.js';
import { useTracing } from './use-tracing.js';
import { useTrustedDocuments } from './use-trusted-documents.js';
import { useUpstreamBudget } from './use-upstream-budget.js';
import { useWebhooks } from './use-webhooks.js';

/**
 * The table of contents of a request: every plugin in the order it sees the request (docs/ARCHITECTURE.md
 * section 1). Webhooks first (they are not GraphQL), then health, the request's state, the executor (compiled
 * or graphql-js: every later plugin wraps it), the doors (CORS, HTTP guards, trusted documents, armor, the cost
 * rules, the budget), the log, and the response cache last.
 */
export function requestPipeline(config: Config, parts: AppParts): Plugin[] {
  const { limits, budgets } = config;
  const { states, logger, metrics, secrets, cacheStack, cacheKeys, tracer } = parts;
  return [
    useWebhooks({ path: config.webhooks.path, receiver: parts.webhooks }),
    useHealth({ readiness: parts.readiness }),
    useRequestState(states),
    ...(config.compiledExecution ? [useCompiledExecution()] : []),
    useCors(config.cors),
    useHttpGuards({ maxBodyBytes: limits.maxBodyBytes, states }),
    useTrustedDocuments({ ...config.trustedDocuments, documents: parts.documents, states }),
    useArmor(limits),
    useOperationLimits({ maxCost: limits.maxCost, introspection: config.introspection }),
    ...(config.suggestions ? [] : [useHiddenSuggestions()]),
    useHeavyOperationGate(config.resilience.heavyOperations),
    useUpstreamBudget({
      states,
      defaultProvider: config.defaultProvider,
      maxUpstreamCalls: budgets.maxUpstreamCalls,
      budget: parts.principalBudget,
      allowance: parts.allowance,
      turns: new PrincipalTurns(budgets.principalInFlight, budgets.principalQueue),
      turnWaitMs: config.deadlines.totalMs,
    }),
    useErrorCodes({ states, logger, secrets }),
    useRequestLog({ states, logger, metrics, secrets }),
    ...(tracer ? [useTracing({ tracer, states })] : []),
    ...(cacheStack
      ? [
          useConditionalRequests({ secret: cacheStack.secret }),
          usePrincipalResponseCache({
            ttlMs: config.responseCache.ttlMs,
            cache: cacheStack.tagged,
            lifetime: cacheStack.lifetime,
            keySecret: cacheStack.secret,
            states,
            keys: cacheKeys,
          }),
        ]
      : []),
    ...(cacheStack?.stale
      ? [useStaleIfError({ cache: cacheStack.stale, keys: cacheKeys, onStaleAnswer: () => metrics.observeStaleAnswer() })]
      : []),
  ];
}

/** What every resolver gets: the principal, per-request loaders and upstream calls, and live services for subscriptions. */
export function contextFactory(config: Config, parts: AppParts, providers: Parameters<typeof createContextFactory>[0]['providers']) {
  return createContextFactory({
    states: parts.states,
    providers,
    defaultProvider: config.defaultProvider,
    maxUpstreamConcurrency: config.limits.maxUpstreamConcurrency,
    cursors: new CursorCodec(config.cursors.secret),
    guards: parts.guards,
    gates: parts.gates,
    singleFlight: parts.singleFlight,
    configuredCredential: (provider) => configuredCredential(config, provider),
    tracer: parts.tracer,
    recordCacheTags: parts.cacheStack !== null,
    live: { services: parts.live.services, spend: (key, calls) => parts.principalBudget.spend(key, calls) },
  });
}
