import { randomUUID } from 'node:crypto';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type DefinitionNode,
  type ExecutionResult,
  type ValidationContext,
} from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { DestinationStream } from 'pino';
import { assertInvoiceVisible } from './auth/authorize.js';
import { describePrincipal, principalKey, type Principal } from './auth/principal.js';
import { createPrincipalResolver, credentialsFor } from './auth/resolve.js';
import { createRedisResponseCache } from './cache/redis-response-cache.js';
import type { Config } from './config.js';
import { BillingError, ERROR_CODES } from './domain/errors.js';
import type { ProviderName } from './domain/invoice.js';
import type { UpstreamAttempt } from './http/client.js';
import { Slots } from './http/concurrency.js';
import { operationCost } from './limits/cost.js';
import { boundedDocumentCache } from './limits/document-cache.js';
import { createLoaders, createReadMemo } from './loaders/index.js';
import { configuredSecrets, createLogger, scrub, type Logger } from './log/logger.js';
import { createMetrics, type BillgraphMetrics } from './metrics/billgraph-metrics.js';
import { createProviders } from './providers/index.js';
import type { ProviderCall } from './providers/provider.js';
import type { ProviderRegistry } from './providers/registry.js';
import type { Context } from './schema/context.js';
import { billingErrorToGraphQL } from './schema/errors.js';
import { schema } from './schema/index.js';

export const GRAPHIQL_EXAMPLE = `# Welcome to billgraph. Press the play button to run this query against the sandbox.
query UpcomingAndHistory {
  upcomingInvoice {
    id
    status
    amountDue { amount currency formatted }
    lines(first: 5) { nodes { description amount { formatted } quantity } }
  }
  invoices(first: 5, type: ALL) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id number status origin createdAt amountDue { formatted } }
  }
}
`;

export interface App {
  yoga: YogaServerInstance<Record<string, never>, Context>;
  providers: ProviderRegistry;
  logger: Logger;
  /** Request and upstream metrics; src/metrics/server.ts serves them on their own port. */
  metrics: BillgraphMetrics;
  close(): Promise<void>;
}

export interface AppOptions {
  /** A ready logger; otherwise one is made from config.logLevel writing to `logDestination` (default stdout). */
  logger?: Logger;
  /** Where request logs go, e.g. a stream a test reads. */
  logDestination?: DestinationStream;
}

/** What the request log learns about one HTTP request while it runs. */
interface RequestState {
  requestId: string;
  startedAt: number;
  operationName: string | null;
  operationType: 'query' | 'mutation' | 'subscription' | null;
  principal: Principal | null;
  upstreamCalls: UpstreamAttempt[];
  errorCodes: string[];
  /** Upstream attempts in flight for this HTTP request: shared by every operation of a batch. */
  slots: Slots | null;
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);
/**
 * Content types a browser may send cross-site without a CORS preflight: a CSRF vector. The form types carry
 * GraphQL only with the preflight header below; text/plain is no GraphQL request type at all (Yoga has no
 * parser for it), so, like any other type, it gets the 415 at the end of the guards.
 */
const SIMPLE_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);
/** What a GraphQL POST may carry besides the simple types (which need the preflight header). */
const POST_CONTENT_TYPES = new Set(['application/json', 'application/graphql', 'application/graphql-response+json']);
/** Extensions a caller may see on a GraphQL/Yoga error: typed facts, never an original error or stack. */
const SAFE_EXTENSIONS = [
  'code',
  'field',
  'choices',
  'provider',
  'upstreamStatus',
  'upstreamRequestId',
  'retryAfter',
  'cost',
  'maxCost',
  'http',
];
const safeExtensions = (extensions: Record<string, unknown> | undefined): Record<string, unknown> =>
  Object.fromEntries(Object.entries(extensions ?? {}).filter(([key]) => SAFE_EXTENSIONS.includes(key)));
const isJsonObjectOrNull = (text: string): boolean => {
  try {
    const value: unknown = JSON.parse(text);
    return value === null || (typeof value === 'object' && !Array.isArray(value));
  } catch {
    return false;
  }
};
/**
 * graphql-armor's depth/alias/directive rules throw, which stops validating a hostile document at once (worth
 * keeping: the other rules never walk an alias bomb). The thrown error is marked as the caller's fault, a 400
 * with BAD_USER_INPUT, as the token limit already is, instead of reading like a 200 execution result.
 */
const ARMOR_REFUSAL = {
  onReject: [
    (_context: ValidationContext | null, error: GraphQLError) => {
      Object.assign(error.extensions, { code: 'BAD_USER_INPUT', http: { status: 400 } });
      // armor words every refusal as a "Syntax Error", though the document parsed: say what it is.
      error.message = error.message.replace(/^Syntax Error: /, 'Refused: ');
    },
  ],
};
/** A caller that really means a form/plain-text POST proves it is not a cross-site form with this header. */
const PREFLIGHT_HEADER = 'x-billgraph-csrf';
const MAX_LOGGED_UPSTREAM_CALLS = 50;

/** Builds the GraphQL server for a validated, sandbox-resolved config. Does not listen (see src/main.ts). */
export function createApp(config: Config, providers: ProviderRegistry = createProviders(config), options: AppOptions = {}): App {
  const logger = options.logger ?? createLogger({ level: config.logLevel, destination: options.logDestination });
  const secrets = configuredSecrets(config);
  const resolvePrincipal = createPrincipalResolver(config.auth);
  const metrics = createMetrics();
  const requests = new WeakMap<Request, RequestState>();
  /** The principal of a request, resolved (JWT verified) at most once whoever asks first. */
  const principals = new WeakMap<Request, Promise<Principal>>();
  const principalOf = (request: Request): Promise<Principal> => {
    let principal = principals.get(request);
    if (!principal) {
      principal = resolvePrincipal(request.headers);
      principals.set(request, principal);
      principal.catch(() => {}); // the context factory reports the failure
    }
    return principal;
  };
  const stateOf = (request: Request): RequestState => {
    let state = requests.get(request);
    if (!state) {
      const requestId = request.headers.get('x-request-id')?.match(/^[\w-]{1,64}$/)?.[0] ?? randomUUID();
      state = {
        requestId,
        startedAt: performance.now(),
        operationName: null,
        operationType: null,
        principal: null,
        upstreamCalls: [],
        errorCodes: [],
        slots: null,
      };
      requests.set(request, state);
    }
    return state;
  };

  /** A well-formed GraphQL error response for requests refused before GraphQL sees them. */
  const refuse = (state: RequestState, status: number, message: string): Response => {
    state.errorCodes.push('BAD_USER_INPUT');
    return new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] }), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': state.requestId },
    });
  };

  /** HTTP-level guards: body size cap and CSRF (no "simple" cross-site POST without a preflight header). */
  const httpGuards: Plugin = {
    onRequest({ request, url, endResponse }) {
      const state = stateOf(request);
      if (url.pathname !== '/graphql') return;
      if (request.method === 'GET') {
        // Yoga would throw a raw SyntaxError (a 500) on a GET whose variables/extensions are not JSON.
        for (const name of ['variables', 'extensions']) {
          const raw = url.searchParams.get(name);
          if (raw !== null && !isJsonObjectOrNull(raw))
            return endResponse(refuse(state, 400, `the \`${name}\` parameter must be a JSON object`));
        }
        return;
      }
      if (request.method !== 'POST') return;
      const length = request.headers.get('content-length');
      if (length === null) {
        if (request.headers.get('transfer-encoding') !== null)
          return endResponse(refuse(state, 411, 'send a Content-Length; streamed request bodies are not accepted'));
      } else if (!/^\d{1,12}$/.test(length) || Number(length) > config.limits.maxBodyBytes) {
        return endResponse(refuse(state, 413, `request bodies are limited to ${config.limits.maxBodyBytes} bytes`));
      }
      const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (SIMPLE_CONTENT_TYPES.has(type) && !request.headers.get(PREFLIGHT_HEADER)) {
        return endResponse(
          refuse(
            state,
            415,
            `send Content-Type: application/json (a ${type} POST needs the ${PREFLIGHT_HEADER} header, against cross-site request forgery)`,
          ),
        );
      }
      if (!SIMPLE_CONTENT_TYPES.has(type) && !POST_CONTENT_TYPES.has(type)) {
        return endResponse(refuse(state, 415, 'send Content-Type: application/json'));
      }
    },
  };

  /** Cost limit (list fields cost by `first`), introspection switch, operation name for the log. */
  const operationGuards: Plugin = {
    onValidate({ addValidationRule }) {
      if (!config.introspection) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request }).request;
      const operation = args.document.definitions.find(
        (d: DefinitionNode) => d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
      );
      if (request && operation?.kind === Kind.OPERATION_DEFINITION) {
        const state = stateOf(request);
        state.operationName = operation.name?.value ?? null;
        state.operationType = operation.operation;
      }
      const cost = operationCost(args.schema, args.document, args.operationName, args.variableValues);
      if (cost > config.limits.maxCost) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `this operation costs ${cost}, more than the limit of ${config.limits.maxCost}: ask for smaller pages (\`first\`) or fewer fields`,
              {
                extensions: { code: 'BAD_USER_INPUT', cost, maxCost: config.limits.maxCost },
              },
            ),
          ],
        });
      }
    },
  };

  /** Every error leaves with a DESIGN.md section 8 code; INTERNAL ones with the request id, details logged. */
  const errorCodes: Plugin = {
    onResultProcess({ request, result, setResult }) {
      const state = stateOf(request);
      const fix = (one: ExecutionResult): ExecutionResult => {
        if (!one.errors?.length) return one;
        return { ...one, errors: one.errors.map((error) => normalizeError(error, state)) };
      };
      if (Array.isArray(result)) setResult(result.map(fix));
      else if (!(Symbol.asyncIterator in (result as object))) setResult(fix(result as ExecutionResult));
    },
  };

  const normalizeError = (error: GraphQLError, state: RequestState): GraphQLError => {
    const given = error.extensions?.code;
    const httpStatus = (error.extensions?.http as { status?: number } | undefined)?.status;
    let code: string;
    if (typeof given === 'string' && KNOWN_CODES.has(given)) code = given;
    else if ((httpStatus !== undefined && httpStatus >= 500) || given === 'INTERNAL_SERVER_ERROR') code = 'INTERNAL';
    else code = 'BAD_USER_INPUT'; // parse, validation, variable coercion, request shape, limits
    state.errorCodes.push(code);
    if (code === 'INTERNAL') {
      const cause = error.originalError ?? error;
      logger.error(
        {
          requestId: state.requestId,
          err: { name: cause.name, message: scrub(cause.message, secrets), stack: scrub(cause.stack ?? '', secrets) },
        },
        'internal error',
      );
    }
    const extraKeys = Object.keys(error.extensions ?? {}).some((key) => !SAFE_EXTENSIONS.includes(key));
    // A request that is not GraphQL at all (bad JSON, no body, bad parameters) is a 400 whatever the
    // Accept header; Yoga marks those `spec` and would answer 200 to application/json.
    const http = error.extensions?.http as { status?: number; spec?: boolean; headers?: Record<string, string> } | undefined;
    const requestError = http?.spec === true && !error.locations?.length;
    if (code === given && code !== 'INTERNAL' && !extraKeys && !requestError) return error;
    return new GraphQLError(code === 'INTERNAL' ? 'Internal error' : error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      // Kept for INTERNAL only (Yoga then knows it was unexpected); input errors carry nothing of the cause.
      originalError: code === 'INTERNAL' ? error.originalError : undefined,
      extensions: {
        ...(code === 'INTERNAL' ? {} : safeExtensions(error.extensions)),
        ...(http ? { http: requestError ? { status: http.status, headers: http.headers } : http } : {}),
        code,
        ...(code === 'INTERNAL' ? { requestId: state.requestId } : {}),
      },
    });
  };

  const requestLog: Plugin = {
    onResponse({ request, response }) {
      const state = stateOf(request);
      try {
        response.headers.set('x-request-id', state.requestId);
      } catch {
        // Some responses have immutable headers; the id is still in the log.
      }
      const path = new URL(request.url).pathname;
      if (path === '/healthz') return;
      const durationMs = performance.now() - state.startedAt;
      if (path === '/graphql') {
        metrics.observeRequest({
          status: response.status,
          durationMs,
          operationType: state.operationType,
          errorCodes: state.errorCodes,
          upstreamCalls: state.upstreamCalls,
        });
      }
      logger.info(
        {
          requestId: state.requestId,
          method: request.method,
          path,
          status: response.status,
          durationMs: Math.round(durationMs * 10) / 10,
          operationName: state.operationName,
          principal: state.principal ? describePrincipal(state.principal) : null,
          upstreamCallCount: state.upstreamCalls.length,
          upstreamCalls: state.upstreamCalls.slice(0, MAX_LOGGED_UPSTREAM_CALLS).map((call) => ({
            provider: call.provider,
            method: call.method,
            path: scrub(call.path, secrets),
            status: call.status,
            durationMs: call.durationMs,
            attempt: call.attempt,
            ...(call.error ? { error: scrub(call.error, secrets) } : {}),
          })),
          errorCodes: [...new Set(state.errorCodes)],
        },
        'request',
      );
    },
  };

  const plugins: Plugin[] = [
    httpGuards,
    maxTokensPlugin({ n: config.limits.maxTokens, ...ARMOR_REFUSAL }),
    maxDepthPlugin({ n: config.limits.maxDepth, ignoreIntrospection: false, flattenFragments: true, ...ARMOR_REFUSAL }),
    maxAliasesPlugin({ n: config.limits.maxAliases, ...ARMOR_REFUSAL }),
    maxDirectivesPlugin({ n: config.limits.maxDirectives, ...ARMOR_REFUSAL }),
    operationGuards,
    errorCodes,
    requestLog,
  ];
  // With a Redis URL every instance shares one cache; otherwise each process keeps its own in memory.
  const sharedCache =
    config.responseCache.ttlMs > 0 && config.responseCache.redisUrl !== null
      ? createRedisResponseCache(config.responseCache, logger)
      : null;
  if (config.responseCache.ttlMs > 0) {
    plugins.push(
      useResponseCache({
        ...(sharedCache ? { cache: sharedCache.cache } : {}),
        ttl: config.responseCache.ttlMs,
        // Keyed by the verified principal: one caller's cached answer never answers another (DESIGN.md
        // section 6). The cache is consulted before the context is built, so it resolves the principal
        // itself; an unverifiable caller gets a key nothing was stored under, then UNAUTHENTICATED.
        session: (request) =>
          principalOf(request).then(
            (principal) => principalKey(principal),
            () => `unauthenticated:${randomUUID()}`,
          ),
        includeExtensionMetadata: false,
      }),
    );
  }

  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    logging: false,
    graphiql: config.graphiql ? { title: 'billgraph', defaultQuery: GRAPHIQL_EXAMPLE } : false,
    renderGraphiQL,
    batching: config.limits.maxBatch > 0 ? { limit: config.limits.maxBatch } : false,
    parserAndValidationCache: {
      documentCache: boundedDocumentCache(100, 2_048),
      // Failed documents are not worth remembering: a caller who repeats a broken one pays the parse again.
      errorCache: { get: () => undefined, set: () => {} },
      // Validation results are held in WeakMaps keyed by the parsed document, so they live exactly as long as
      // the bounded document cache keeps that document: repeated operations skip validation entirely.
      validationCache: true,
    },
    maskedErrors: { maskError },
    plugins,
    context: async ({ request }): Promise<Context> => {
      const state = stateOf(request);
      const principal = await principalOf(request);
      state.principal = principal;
      const shared = {
        memo: createReadMemo(),
        onAttempt: (attempt: UpstreamAttempt) => state.upstreamCalls.push(attempt),
        signal: request.signal,
        slots: (state.slots ??= new Slots(config.limits.maxUpstreamConcurrency)),
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
        defaultProvider: config.defaultProvider,
        loaders: createLoaders(providers, callFor, (invoice) => assertInvoiceVisible(principal, invoice)),
        callFor,
        upstreamCalls: state.upstreamCalls,
      };
    },
  });
  return {
    yoga,
    providers,
    logger,
    metrics,
    close: async () => {
      metrics.close();
      await providers.close();
      await sharedCache?.close();
    },
  };
}

/**
 * Our errors become typed GraphQL errors; GraphQL's own (parse, validation, scalar input) pass through
 * (their code is set in onResultProcess); anything unexpected is masked to INTERNAL so no stack, credential
 * or upstream body reaches the caller. The original stays attached (never serialised) for the server log.
 */
function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? null) : error;
  if (original instanceof BillingError) return billingErrorToGraphQL(original, error instanceof GraphQLError ? error : undefined);
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (error instanceof GraphQLError && original instanceof GraphQLError) {
    // GraphQL's own input errors: variable coercion wraps a scalar's error in one whose message names the
    // variable and the path inside it (`at "input.addItems[1].quantity"`). Keep that message, the location
    // and the wrapper's HTTP status, with the inner error's code.
    if (!original.extensions.code) return error;
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions: { ...error.extensions, ...original.extensions },
    });
  }
  return new GraphQLError(message === 'Unexpected error.' ? 'Internal error' : message, {
    nodes: error instanceof GraphQLError ? error.nodes : undefined,
    path: error instanceof GraphQLError ? error.path : undefined,
    originalError: original instanceof Error ? original : undefined,
    extensions: { code: 'INTERNAL' },
  });
}
