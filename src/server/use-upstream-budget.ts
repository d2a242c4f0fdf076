import type { IncomingMessage } from 'node:http';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { PrincipalBudget } from '../budget/principal-budget.js';
import type { PrincipalTurns } from '../budget/principal-turns.js';
import { RateLimitedError } from '../domain/errors.js';
import type { ProviderName } from '../domain/invoice.js';
import { OperationPrices } from '../limits/operation-prices.js';
import { estimateUpstreamCalls } from '../limits/upstream-calls.js';
import type { RequestState, RequestStates } from './request-state.js';
import { doorRefusal, spentCallerAtTheDoor } from './spent-caller.js';

export interface UpstreamBudgetOptions {
  states: RequestStates;
  defaultProvider: ProviderName;
  /** The most upstream calls one request's estimate may reach (BILLGRAPH_MAX_UPSTREAM_CALLS). */
  maxUpstreamCalls: number;
  budget: PrincipalBudget;
  /** Shown in `extensions.cost.budget` so a client can pace itself. */
  allowance: { burst: number; perSecond: number };
  turns: PrincipalTurns;
  /** How long a request waits for its principal's turn before it is refused. */
  turnWaitMs: number;
}

/**
 * Upstream calls are the unit of cost (docs/ARCHITECTURE.md section 10). Before execution: the operation's
 * worst-case upstream calls are estimated; more than the limit is refused; the estimate is spent from the
 * caller's budget (over budget: RATE_LIMITED, HTTP 429 + Retry-After, no upstream call); the caller waits
 * for one of its in-flight turns. During: the estimate is the request's hard cap of calls. After: what was
 * not used is refunded, and every response says in `extensions.cost` what it cost and what is left.
 */
export function useUpstreamBudget(options: UpstreamBudgetOptions): Plugin {
  const { states, budget, turns } = options;
  const prices = new OperationPrices();
  return {
    onRequest: refuseSpentCallersAtTheDoor(options),
    async onExecute({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!request) return;
      const state = states.of(request);
      const estimate = estimateFor(state, args, options, prices);
      state.cost.estimated += estimate;
      if (estimate > options.maxUpstreamCalls) {
        setResultAndStopExecution({ errors: [tooCostly(estimate, options.maxUpstreamCalls)] });
        return;
      }
      const key = state.budgetKey ?? 'unknown';
      let release: (() => void) | null = null;
      try {
        state.cost.remaining = await budget.spend(key, estimate);
        state.cost.spent += estimate;
        if (estimate > 0) release = await turns.take(key, options.turnWaitMs);
      } catch (error) {
        if (!(error instanceof RateLimitedError)) throw error;
        setResultAndStopExecution({ errors: [refusal(error)] });
        return;
      }
      state.cost.allowance.cap += estimate;
      return {
        onExecuteDone() {
          release?.();
        },
      };
    },
    onSubscribe: subscriptionPricing(options, prices),
    async onResultProcess({ request, result, setResult }) {
      if (Symbol.asyncIterator in (result as object)) return;
      const state = states.of(request);
      const actual = state.upstreamCalls.length;
      const unused = state.cost.spent - actual;
      if (unused > 0 && state.budgetKey) {
        state.cost.spent = actual;
        await budget.refund(state.budgetKey, unused);
        if (state.cost.remaining !== null) state.cost.remaining = Math.min(options.allowance.burst, state.cost.remaining + unused);
      }
      const cost = costExtension(state, actual, options);
      const withCost = (one: ExecutionResult): ExecutionResult => ({ ...one, extensions: { ...one.extensions, cost } });
      setResult(Array.isArray(result) ? result.map(withCost) : withCost(result as ExecutionResult));
    },
  };
}

/**
 * A subscription is priced per event (one re-read): that estimate is checked against the limit and spent once
 * when the stream opens (a caller over budget cannot open one, and the start's own read is covered), then
 * again before each re-read (src/server/context.ts renew). No turn is held: a stream lives for minutes.
 */
function subscriptionPricing(options: UpstreamBudgetOptions, prices: OperationPrices): NonNullable<Plugin['onSubscribe']> {
  const { states, budget } = options;
  return async ({ args, setResultAndStopExecution }) => {
    const request = (args.contextValue as { request?: Request }).request;
    if (!request) return;
    const state = states.of(request);
    const estimate = estimateFor(state, args, options, prices);
    state.cost.estimated = estimate;
    if (estimate > options.maxUpstreamCalls) return setResultAndStopExecution({ errors: [tooCostly(estimate, options.maxUpstreamCalls)] });
    try {
      state.cost.remaining = await budget.spend(state.budgetKey ?? 'unknown', estimate);
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      return setResultAndStopExecution({ errors: [refusal(error)] });
    }
    state.cost.spent += estimate;
    state.cost.allowance.cap += estimate;
  };
}

function estimateFor(state: RequestState, args: ExecutionArgs, options: UpstreamBudgetOptions, prices: OperationPrices): number {
  // A JWT names its provider; the deployment's default is for everyone else.
  const defaultProvider = state.principal?.kind === 'customer' ? state.principal.provider : options.defaultProvider;
  const { schema, document, operationName, variableValues: variables } = args;
  return prices.price(document, variables, `${operationName ?? ''}\n${defaultProvider}`, () =>
    estimateUpstreamCalls({ schema, document, operationName, variables, defaultProvider }),
  );
}

/** `extensions.cost`, after Shopify's `extensions.cost` and GitHub's `rateLimit`. */
function costExtension(state: RequestState, actual: number, options: UpstreamBudgetOptions) {
  return {
    estimatedUpstreamCalls: state.cost.estimated,
    actualUpstreamCalls: actual,
    maxUpstreamCalls: options.maxUpstreamCalls,
    budget: { remaining: state.cost.remaining, burst: options.allowance.burst, perSecond: options.allowance.perSecond },
  };
}

function tooCostly(estimate: number, max: number): GraphQLError {
  return new GraphQLError(
    `this operation may make ${estimate} upstream calls, more than the limit of ${max}: ask for smaller pages (\`first\`), ` +
      `fewer aliases, or lines beyond the embedded ones in a separate request`,
    { extensions: { code: 'BAD_USER_INPUT', cost: { estimatedUpstreamCalls: estimate, maxUpstreamCalls: max } } },
  );
}

/**
 * The onRequest hook: a caller known to be spent to zero gets its 429 before its request is parsed, the same 429
 * and body as a refusal after estimating, without the work. The principal is the one the node door resolved, if
 * it did (no second JWT check).
 */
function refuseSpentCallersAtTheDoor(options: UpstreamBudgetOptions): NonNullable<Plugin['onRequest']> {
  const { states, budget } = options;
  return async ({ request, serverContext, endResponse, fetchAPI }) => {
    const req = (serverContext as { req?: IncomingMessage }).req;
    states.adoptBeforeYoga(request, req);
    if (!budget.anySpent) return; // no caller is known to be spent: nothing to resolve
    const verdict = await spentCallerAtTheDoor(budget, states.principalOf(request), req);
    if (!verdict) return;
    states.of(request).budgetKey ??= verdict.budgetKey;
    if (!verdict.refusal) return;
    const { status, headers, body } = doorRefusal(verdict.refusal, options);
    endResponse(new fetchAPI.Response(body, { status, headers }));
  };
}

/** The whole request is refused before it runs: HTTP 429 with Retry-After (README, "When you are limited"). */
function refusal(error: RateLimitedError): GraphQLError {
  const retryAfter = error.retryAfter ?? 1;
  return new GraphQLError(error.message, {
    extensions: { code: 'RATE_LIMITED', retryAfter, http: { status: 429, headers: { 'Retry-After': String(retryAfter) } } },
  });
}
