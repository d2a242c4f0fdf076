/**
 * The one error table of DESIGN.md section 8. Adapters and the HTTP layer throw BillingError;
 * the GraphQL layer (src/schema/errors.ts) turns it into `extensions.code`. Nothing here knows GraphQL.
 */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_BAD_RESPONSE',
  'UNSUPPORTED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface BillingErrorDetails {
  provider?: string;
  upstreamStatus?: number;
  upstreamRequestId?: string;
  /** The upstream's own machine-readable error code (e.g. Stripe's `invoice_upcoming_none`); for adapters, not shown. */
  upstreamCode?: string;
  /** Seconds the caller should wait (RATE_LIMITED). */
  retryAfter?: number;
  /** Input path of a bad argument, e.g. ["input", "items", 0, "price"]. */
  field?: ReadonlyArray<string | number>;
  /** Further typed facts safe to show a caller (e.g. the subscriptions to choose from). */
  choices?: readonly string[];
}

export class BillingError extends Error {
  override readonly name = 'BillingError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: BillingErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const badInput = (message: string, field?: BillingErrorDetails['field']) =>
  new BillingError('BAD_USER_INPUT', message, field ? { field } : {});

export const notFound = (message: string, details?: BillingErrorDetails) => new BillingError('NOT_FOUND', message, details);

export const unsupported = (message: string, details?: BillingErrorDetails) => new BillingError('UNSUPPORTED', message, details);

/** The upstream answered something its contract does not allow; `path` names the offending field. */
export const badResponse = (provider: string, path: string, problem: string, details: BillingErrorDetails = {}) =>
  new BillingError('UPSTREAM_BAD_RESPONSE', `${provider} response broke its contract at ${path}: ${problem}`, {
    provider,
    ...details,
  });
