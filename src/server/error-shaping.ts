import { GraphQLError } from 'graphql';
import { BillingError, ERROR_CODES, type BillingErrorDetails } from '../domain/errors.js';

/**
 * The one place that decides what an error shows a caller (docs/ARCHITECTURE.md section 8): a known code,
 * the typed facts below, and never an original error, a credential, a stack or an upstream body.
 */

/** The facts of a BillingError's details a caller may see, in the order they are written. */
const DETAIL_FACTS = ['provider', 'upstreamStatus', 'upstreamRequestId', 'retryAfter', 'field', 'choices'] as const satisfies ReadonlyArray<
  keyof BillingErrorDetails
>;
/** Every extension a caller may see: typed facts, never an original error or stack. */
export const SAFE_EXTENSIONS: readonly string[] = ['code', ...DETAIL_FACTS, 'cost', 'maxCost', 'http'];
const SAFE_KEYS = new Set<string>(SAFE_EXTENSIONS);
const KNOWN_CODES = new Set<string>(ERROR_CODES);

const safeExtensions = (extensions: Record<string, unknown> | undefined): Record<string, unknown> =>
  Object.fromEntries(Object.entries(extensions ?? {}).filter(([key]) => SAFE_KEYS.has(key)));

/** A copy of `base`'s location and path with a new message and extensions. */
const relocated = (message: string, base: GraphQLError | undefined, extensions: Record<string, unknown>, originalError?: Error) =>
  new GraphQLError(message, {
    nodes: base?.nodes,
    source: base?.source,
    positions: base?.positions,
    path: base?.path,
    originalError,
    extensions,
  });

/** Turns a BillingError into a GraphQL error with only the safe, typed facts of its details in its extensions. */
export function billingErrorToGraphQL(error: BillingError, base?: GraphQLError): GraphQLError {
  const extensions: Record<string, unknown> = { code: error.code };
  for (const key of DETAIL_FACTS) {
    const value: unknown = error.details[key];
    if (value !== undefined && value !== null && value !== '') extensions[key] = value;
  }
  return relocated(error.message, base, extensions);
}

/**
 * Yoga's `maskError`: our errors become typed GraphQL errors; GraphQL's own (parse, validation, scalar input)
 * pass through (their code is set by shapeResultError); anything unexpected is masked to INTERNAL so nothing
 * of it reaches the caller. The original stays attached (never serialised) for the server log.
 */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? null) : error;
  if (original instanceof BillingError) return billingErrorToGraphQL(original, error instanceof GraphQLError ? error : undefined);
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (error instanceof GraphQLError && original instanceof GraphQLError) {
    // GraphQL's own input errors: variable coercion wraps a scalar's error in one whose message names the
    // variable and the path inside it (`at "input.addItems[1].quantity"`). Keep that message, the location
    // and the wrapper's HTTP status, with the inner error's code.
    if (!original.extensions.code) return error;
    return relocated(error.message, error, { ...error.extensions, ...original.extensions });
  }
  return new GraphQLError(message === 'Unexpected error.' ? 'Internal error' : message, {
    nodes: error instanceof GraphQLError ? error.nodes : undefined,
    path: error instanceof GraphQLError ? error.path : undefined,
    originalError: original instanceof Error ? original : undefined,
    extensions: { code: 'INTERNAL' },
  });
}

/** The code an error leaves with: its own if known, INTERNAL for server faults, else the caller's fault. */
export function errorCodeOf(error: GraphQLError): string {
  const given = error.extensions?.code;
  const httpStatus = (error.extensions?.http as { status?: number } | undefined)?.status;
  if (typeof given === 'string' && KNOWN_CODES.has(given)) return given;
  if ((httpStatus !== undefined && httpStatus >= 500) || given === 'INTERNAL_SERVER_ERROR') return 'INTERNAL';
  return 'BAD_USER_INPUT'; // parse, validation, variable coercion, request shape, limits
}

/**
 * The last word on an error in a result: a known code, safe extensions only, and for INTERNAL the request id
 * (its details go to the log) instead of anything of the cause.
 */
export function shapeResultError(error: GraphQLError, code: string, requestId: string): GraphQLError {
  const internal = code === 'INTERNAL';
  const extraKeys = Object.keys(error.extensions ?? {}).some((key) => !SAFE_KEYS.has(key));
  // A request that is not GraphQL at all (bad JSON, no body, bad parameters) is a 400 whatever the
  // Accept header; Yoga marks those `spec` and would answer 200 to application/json.
  const http = error.extensions?.http as { status?: number; spec?: boolean; headers?: Record<string, string> } | undefined;
  const requestError = http?.spec === true && !error.locations?.length;
  if (code === error.extensions?.code && !internal && !extraKeys && !requestError) return error;
  return relocated(
    internal ? 'Internal error' : error.message,
    error,
    {
      ...(internal ? {} : safeExtensions(error.extensions)),
      ...(http ? { http: requestError ? { status: http.status, headers: http.headers } : http } : {}),
      code,
      ...(internal ? { requestId } : {}),
    },
    // Kept for INTERNAL only (Yoga then knows it was unexpected); input errors carry nothing of the cause.
    internal ? error.originalError : undefined,
  );
}
