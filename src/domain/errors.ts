/**
 * The one error vocabulary of docs/ARCHITECTURE.md section 8: a class per failure kind, each carrying its
 * code. Adapters and the HTTP layer throw these; the GraphQL layer reads `code` and `details` (and tells
 * the kinds apart with `instanceof`). Nothing here knows GraphQL.
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

export type FieldPath = ReadonlyArray<string | number>;

export interface BillingErrorDetails {
  provider?: string;
  upstreamStatus?: number;
  upstreamRequestId?: string;
  /** The upstream's own machine-readable error code (e.g. Stripe's `invoice_upcoming_none`); for adapters, not shown. */
  upstreamCode?: string;
  /** What the upstream's error body said, for the log only (scrubbed there); never shown to a caller (section 8). */
  upstreamMessage?: string;
  /** Seconds the caller should wait (RATE_LIMITED). */
  retryAfter?: number;
  /** Input path of a bad argument, e.g. ["input", "items", 0, "price"]. */
  field?: FieldPath;
  /**
   * Shown to callers as `extensions.choices`: the subscriptions to choose from (AmbiguousSubscriptionError)
   * or the refused fields (UnsupportedError). Filled by those classes only; code tests the class, not this.
   */
  choices?: readonly string[];
}

/** The common base: `code` and `details` are all the error shaping reads. */
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

type Options = { cause?: unknown };

export class UnauthenticatedError extends BillingError {
  constructor(message: string, details: BillingErrorDetails = {}, options?: Options) {
    super('UNAUTHENTICATED', message, details, options);
  }
}

export class ForbiddenError extends BillingError {
  constructor(message: string, details: BillingErrorDetails = {}, options?: Options) {
    super('FORBIDDEN', message, details, options);
  }
}

/** The thing the caller named does not exist (or is not theirs to know about). */
export class NotFoundError extends BillingError {
  constructor(message: string, details: BillingErrorDetails = {}, options?: Options) {
    super('NOT_FOUND', message, details, options);
  }
}

/** An argument the caller can fix; `field` is its input path (empty when the upstream named none). */
export class InvalidInputError extends BillingError {
  constructor(message: string, details: BillingErrorDetails = {}, options?: Options) {
    super('BAD_USER_INPUT', message, details, options);
  }

  get field(): FieldPath {
    return this.details.field ?? [];
  }
}

/** No subscription was named and the customer has several: the caller picks one of `choices`. */
export class AmbiguousSubscriptionError extends InvalidInputError {
  constructor(
    message: string,
    readonly choices: readonly string[],
    details: BillingErrorDetails & { provider: string; field: FieldPath },
  ) {
    super(message, { ...details, choices });
  }
}

/** Input this provider cannot take; `fields` names it (empty when the upstream said only "not implemented"). */
export class UnsupportedError extends BillingError {
  readonly fields: readonly string[];
  constructor(message: string, facts: BillingErrorDetails & { fields?: readonly string[] } = {}, options?: Options) {
    const { fields, ...details } = facts;
    // Callers have always read the refused fields from `extensions.choices`; the wire stays as it is.
    super('UNSUPPORTED', message, fields ? { ...details, choices: fields } : details, options);
    this.fields = fields ?? [];
  }

  get provider(): string | undefined {
    return this.details.provider;
  }
}

export class RateLimitedError extends BillingError {
  constructor(message: string, details: BillingErrorDetails = {}, options?: Options) {
    super('RATE_LIMITED', message, details, options);
  }

  /** Seconds to wait before asking again, when the upstream said. */
  get retryAfter(): number | undefined {
    return this.details.retryAfter;
  }
}

/** The upstream could not be asked or did not answer in time; asking again later may work. */
export class UpstreamUnavailableError extends BillingError {
  constructor(message: string, details: BillingErrorDetails = {}, options?: Options) {
    super('UPSTREAM_UNAVAILABLE', message, details, options);
  }
}

/** The upstream answered something its contract does not allow. */
export class UpstreamBadResponseError extends BillingError {
  constructor(message: string, details: BillingErrorDetails = {}, options?: Options) {
    super('UPSTREAM_BAD_RESPONSE', message, details, options);
  }
}

export class InternalError extends BillingError {
  constructor(message: string, details: BillingErrorDetails = {}, options?: Options) {
    super('INTERNAL', message, details, options);
  }
}

const CLASS_FOR_CODE: Record<ErrorCode, new (message: string, details: BillingErrorDetails, options?: Options) => BillingError> = {
  UNAUTHENTICATED: UnauthenticatedError,
  FORBIDDEN: ForbiddenError,
  NOT_FOUND: NotFoundError,
  BAD_USER_INPUT: InvalidInputError,
  RATE_LIMITED: RateLimitedError,
  UPSTREAM_UNAVAILABLE: UpstreamUnavailableError,
  UPSTREAM_BAD_RESPONSE: UpstreamBadResponseError,
  UNSUPPORTED: UnsupportedError,
  INTERNAL: InternalError,
};

/** The error of the kind `code` names: for upstream answers, whose kind is decided from a status and an envelope. */
export function errorForCode(code: ErrorCode, message: string, details: BillingErrorDetails = {}, options?: Options): BillingError {
  return new CLASS_FOR_CODE[code](message, details, options);
}

export const badInput = (message: string, field?: FieldPath) => new InvalidInputError(message, field ? { field } : {});

export const notFound = (message: string, details?: BillingErrorDetails) => new NotFoundError(message, details);

export const unsupported = (message: string, facts?: BillingErrorDetails & { fields?: readonly string[] }) =>
  new UnsupportedError(message, facts);

/** The upstream answered something its contract does not allow; `path` names the offending field. */
export const badResponse = (provider: string, path: string, problem: string, details: BillingErrorDetails = {}) =>
  new UpstreamBadResponseError(`${provider} response broke its contract at ${path}: ${problem}`, { provider, ...details });

/** "Not found" as an absent value: the read's NOT_FOUND becomes null, every other failure stays thrown. */
export async function nullWhenNotFound<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
