import { BillingError, errorForCode, UpstreamBadResponseError, type BillingErrorDetails, type ErrorCode } from '../domain/errors.js';
import type { CallOptions, UpstreamClient, UpstreamRequest, UpstreamResponse } from './client.js';
import { JsonSyntaxError, parseLosslessJson } from './lossless-json.js';
import { parseRetryAfter } from './retry.js';
import { WireReader } from './wire-reader.js';

/** A failed answer as the provider's error envelope reads it. */
export interface FailedAnswer {
  status: number;
  /** The parsed body; null when it was not JSON (an HTML page from a proxy, nothing at all). */
  body: WireReader | null;
  /** The raw body, for envelopes read their own way. Never copied into an error. */
  text: string;
}

/**
 * What a provider's error envelope said: our code, facts to add (e.g. the input field), and the upstream's
 * own words (`said`), which go to the log only, scrubbed: never into a caller's message.
 */
export interface UpstreamFailure {
  code: ErrorCode;
  details?: BillingErrorDetails;
  said?: string | null;
  /** The thing a NOT_FOUND is about, from a fixed list the adapter knows (Stripe's `param`: customer, subscription). */
  subject?: string;
}

/**
 * billgraph's own words for each code (docs/ARCHITECTURE.md section 8). An upstream's message can echo a key,
 * a password or another customer's data, so a caller reads only these and the typed facts in `extensions`.
 */
const CALLER_WORDS: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'the credentials were rejected',
  FORBIDDEN: 'access was refused',
  NOT_FOUND: 'what was named does not exist',
  BAD_USER_INPUT: 'the request was refused as invalid',
  RATE_LIMITED: 'too many requests; retry later',
  UPSTREAM_UNAVAILABLE: 'the upstream failed; retry later',
  UPSTREAM_BAD_RESPONSE: 'the answer broke the upstream contract',
  UNSUPPORTED: 'the upstream does not support this',
  INTERNAL: 'the upstream failed',
};

/** A caller's message for an upstream failure: the provider, its status and billgraph's words, nothing the upstream wrote. */
export function upstreamFailureMessage(provider: string, status: number, failure: Pick<UpstreamFailure, 'code' | 'details' | 'subject'>) {
  const field = failure.details?.field;
  let words = CALLER_WORDS[failure.code];
  if (failure.code === 'NOT_FOUND' && failure.subject) words = `no such ${failure.subject}`;
  else if (failure.code === 'BAD_USER_INPUT' && field?.length) words = `the value of \`${field.join('.')}\` was refused`;
  return `${provider} answered ${status}: ${words}`;
}

/** The upstream's own words, bounded, for the log (scrubbed there): whitespace folded, at most 500 characters. */
export function upstreamWords(...parts: (string | null | undefined)[]): string | null {
  const text = parts.filter((part): part is string => typeof part === 'string' && part.length > 0).join(' ');
  return text ? text.replace(/\s+/g, ' ').slice(0, 500) : null;
}

/** How one upstream speaks JSON: its name, its request-id header, and what counts as a failed answer. */
export interface JsonDialect {
  provider: string;
  requestIdHeader: string;
  /** A failed answer besides any status from 400 on (Cloudflare's `success: false`). */
  failedBody?: (body: WireReader) => boolean;
  /** Statuses that are failures; by default 400 and above. */
  failedStatus?: (status: number) => boolean;
}

export interface JsonAnswer {
  status: number;
  body: WireReader;
}

/** Whole seconds from a Retry-After (delta seconds, fractional too, or an HTTP date), rounded up so no caller retries early. */
export function retryAfterSeconds(header: string | undefined, now = Date.now()): number | null {
  const ms = parseRetryAfter(header, now);
  return ms === null ? null : Math.ceil(ms / 1000);
}

/**
 * Reads one upstream answer: parses it exactly, tags every error with the provider, status and request
 * id, and turns a failed answer into the error its envelope describes (RATE_LIMITED with `retryAfter`).
 */
export function readJsonAnswer(
  response: UpstreamResponse,
  dialect: JsonDialect,
  describeFailure: (answer: FailedAnswer) => UpstreamFailure,
): JsonAnswer {
  const { status } = response;
  const requestId = response.headers[dialect.requestIdHeader];
  const details: BillingErrorDetails = {
    provider: dialect.provider,
    upstreamStatus: status,
    ...(requestId ? { upstreamRequestId: requestId } : {}),
  };
  const failedStatus = dialect.failedStatus ? dialect.failedStatus(status) : status >= 400;
  const fail = (body: WireReader | null): BillingError => {
    const failure = describeFailure({ status, body, text: response.body });
    const retryAfter = failure.code === 'RATE_LIMITED' ? retryAfterSeconds(response.headers['retry-after']) : null;
    return errorForCode(failure.code, upstreamFailureMessage(dialect.provider, status, failure), {
      ...details,
      ...failure.details,
      ...(retryAfter !== null ? { retryAfter } : {}),
      ...(failure.said ? { upstreamMessage: failure.said } : {}),
    });
  };
  let parsed;
  try {
    parsed = parseLosslessJson(response.body);
  } catch (error) {
    if (failedStatus) throw fail(null);
    if (error instanceof JsonSyntaxError) {
      throw new UpstreamBadResponseError(`${dialect.provider} sent a body that is not JSON (${error.message})`, details);
    }
    throw error;
  }
  const body = WireReader.root(dialect.provider, parsed, details);
  if (failedStatus || dialect.failedBody?.(body)) throw fail(body);
  return { status, body };
}

/** Per-request memo of upstream reads (ProviderCall.memo): one promise per key. */
export interface ReadMemo {
  memo<T>(key: string, read: () => Promise<T>): Promise<T>;
  /** Told of every failed upstream answer with the upstream's own words, for the request log (scrubbed there). */
  onUpstreamFailure?: (failure: UpstreamFailureReport) => void;
}

/** One failed upstream answer as the request log records it. */
export interface UpstreamFailureReport {
  provider: string;
  status: number | null;
  code: ErrorCode;
  upstreamCode: string | null;
  upstreamRequestId: string | null;
  /** The upstream's own message: unscrubbed here, scrubbed by the log. */
  said: string | null;
}

/** The memo key of a read: the provider, the method, the path with its query, and the body. */
export function memoKey(provider: string, request: Pick<UpstreamRequest, 'method' | 'path' | 'query' | 'body'>): string {
  const query = request.query?.toString();
  return `${provider} ${request.method} ${request.path}${query ? `?${query}` : ''}${request.body !== undefined ? ` ${request.body}` : ''}`;
}

function failureReport(error: BillingError): UpstreamFailureReport {
  const { provider, upstreamStatus, upstreamCode, upstreamRequestId, upstreamMessage } = error.details;
  return {
    provider: provider ?? 'unknown',
    status: upstreamStatus ?? null,
    code: error.code,
    upstreamCode: upstreamCode ?? null,
    upstreamRequestId: upstreamRequestId ?? null,
    said: upstreamMessage ?? null,
  };
}

export interface JsonApiOptions<Call, Context> {
  dialect: JsonDialect;
  /** Auth and fixed headers for one call (the configured key, or the caller's own in pass-through mode). */
  headers: (call: Call) => Record<string, string>;
  /** Reads the provider's error envelope; `context` is what the request adds (e.g. Stripe's param -> input field). */
  describeFailure: (answer: FailedAnswer, context: Context) => UpstreamFailure;
}

/**
 * A JSON API over one UpstreamClient, configured by the provider's client with its dialect, its auth
 * headers and its error envelope. `read` sends, reads the answer and maps it, once per request and key.
 */
export class JsonApi<Call extends CallOptions & ReadMemo, Context = undefined> {
  constructor(
    private readonly http: UpstreamClient,
    private readonly options: JsonApiOptions<Call, Context>,
  ) {}

  /** Sends a request and maps the answer; the same read in one request (same memo key) is sent once. */
  read<T>(call: Call, request: UpstreamRequest, context: Context, map: (answer: JsonAnswer) => T): Promise<T> {
    const { dialect, describeFailure } = this.options;
    return call.memo(memoKey(dialect.provider, request), async () => {
      const headers = { ...this.options.headers(call), ...request.headers };
      const response = await this.http.send({ ...request, headers }, call);
      let answer: JsonAnswer;
      try {
        answer = readJsonAnswer(response, dialect, (failed) => describeFailure(failed, context));
      } catch (error) {
        if (error instanceof BillingError) call.onUpstreamFailure?.(failureReport(error));
        throw error;
      }
      return map(answer);
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
