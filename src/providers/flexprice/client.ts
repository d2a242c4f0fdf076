import type { FlexpriceSettings } from '../../config.js';
import { errorForCode, UnauthenticatedError, type BillingError, type BillingErrorDetails, type ErrorCode } from '../../domain/errors.js';
import { codeForUpstreamStatus, UpstreamClient, type Deadlines } from '../../http/client.js';
import {
  JsonApi,
  retryAfterSeconds,
  upstreamFailureMessage,
  upstreamWords,
  type FailedAnswer,
  type UpstreamFailure,
} from '../../http/json-api.js';
import { JsonNumber, parseLosslessJson, stringifyLossless, type LosslessJson } from '../../http/lossless-json.js';
import type { RetryPolicy } from '../../http/retry.js';
import type { WireReader } from '../../http/wire-reader.js';
import type { ProviderCall } from '../provider.js';

/**
 * Flexprice's `errors.ErrorCode` values -> our codes (docs/UPSTREAMS.md 3.5). The HTTP status decides when the
 * code is missing or unknown; the code wins where it is more precise than the status.
 */
const CODE_MAP: Readonly<Record<string, ErrorCode>> = {
  not_found: 'NOT_FOUND',
  validation_error: 'BAD_USER_INPUT',
  invalid_operation: 'BAD_USER_INPUT',
  already_exists: 'BAD_USER_INPUT',
  version_conflict: 'BAD_USER_INPUT',
  permission_denied: 'FORBIDDEN',
  too_many_requests: 'RATE_LIMITED',
  service_unavailable: 'UPSTREAM_UNAVAILABLE',
  system_error: 'UPSTREAM_UNAVAILABLE',
  internal_error: 'UPSTREAM_UNAVAILABLE',
  database_error: 'UPSTREAM_UNAVAILABLE',
  not_implemented: 'UNSUPPORTED',
};

/** What an error body said, whichever of Flexprice's three shapes it came in. */
export interface FlexpriceErrorBody {
  shape: 'flat' | 'nested' | 'bare' | 'unknown';
  code: string | null;
  message: string | null;
}

/**
 * Reads Flexprice's error bodies: the current flat `{code, message, http_status_code, details}`, the
 * pre-2026-04-05 nested `{success: false, error: {message, internal_error, details}}` and the auth
 * middleware's bare `{"error": "Unauthorized"}`. Anything else (HTML from a proxy, nothing) is `unknown`.
 */
export function readErrorBody(text: string): FlexpriceErrorBody {
  let body: LosslessJson;
  try {
    body = parseLosslessJson(text);
  } catch {
    return { shape: 'unknown', code: null, message: null };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body) || body instanceof JsonNumber) {
    return { shape: 'unknown', code: null, message: null };
  }
  const record = body as Record<string, LosslessJson>;
  const str = (value: LosslessJson | undefined) => (typeof value === 'string' ? value : null);
  if (typeof record.error === 'string') return { shape: 'bare', code: null, message: record.error };
  if (typeof record.error === 'object' && record.error !== null && !Array.isArray(record.error)) {
    const inner = record.error as Record<string, LosslessJson>;
    return { shape: 'nested', code: str(inner.code), message: str(inner.message) };
  }
  if (typeof record.message === 'string' || typeof record.code === 'string') {
    return { shape: 'flat', code: str(record.code), message: str(record.message) };
  }
  return { shape: 'unknown', code: null, message: null };
}

/** A non-2xx Flexprice answer -> our code; its message and code are kept for the log only. */
export function describeFlexpriceFailure({ status, text }: Pick<FailedAnswer, 'status' | 'text'>): UpstreamFailure {
  const said = readErrorBody(text);
  let code = codeForUpstreamStatus(status);
  // The status is authoritative for auth and throttling; the body's code refines the rest.
  if (status !== 401 && status !== 429 && said.code && CODE_MAP[said.code]) code = CODE_MAP[said.code] as ErrorCode;
  return { code, said: upstreamWords(said.message, said.code ? `(${said.code})` : null) };
}

/** The BillingError for a non-2xx Flexprice answer (RATE_LIMITED with the Retry-After in seconds). */
export function flexpriceError(status: number, text: string, retryAfter: string | undefined, details: BillingErrorDetails): BillingError {
  const failure = describeFlexpriceFailure({ status, text });
  const seconds = failure.code === 'RATE_LIMITED' ? retryAfterSeconds(retryAfter) : null;
  return errorForCode(failure.code, upstreamFailureMessage('flexprice', status, failure), {
    ...details,
    ...(seconds !== null ? { retryAfter: seconds } : {}),
    ...(failure.said ? { upstreamMessage: failure.said } : {}),
  });
}

/**
 * Requests + auth for the Flexprice API: `x-api-key` (or the caller's own headers in pass-through
 * mode), JSON bodies, error envelopes mapped to our codes. The base URL includes the version path
 * (`https://us.api.flexprice.io/v1`), as the OpenAPI file's `servers` do.
 */
export class FlexpriceClient {
  private readonly api: JsonApi<ProviderCall>;

  constructor(settings: FlexpriceSettings & { baseUrl: string }, deadlines: Deadlines, retry: RetryPolicy) {
    const http = new UpstreamClient({ provider: 'flexprice', baseUrl: settings.baseUrl, deadlines, retry });
    this.api = new JsonApi(http, {
      dialect: { provider: 'flexprice', requestIdHeader: 'x-request-id', failedStatus: (status) => status < 200 || status >= 300 },
      headers: (call): Record<string, string> => {
        if (call.credentials) return { accept: 'application/json', ...call.credentials };
        if (!settings.apiKey) throw new UnauthenticatedError('no Flexprice API key is configured', { provider: 'flexprice' });
        return { accept: 'application/json', 'x-api-key': settings.apiKey };
      },
      describeFailure: describeFlexpriceFailure,
    });
  }

  /** GETs and maps, once per request for the same path. */
  get<T>(call: ProviderCall, path: string, map: (body: WireReader) => T): Promise<T> {
    return this.api.read(call, { method: 'GET', path, retryable: true }, undefined, ({ body }) => map(body));
  }

  /** POSTs a JSON body and maps the answer. Only used for reads (search, preview): nothing is written, so retrying is safe. */
  post<T>(call: ProviderCall, path: string, body: Record<string, unknown>, map: (body: WireReader) => T): Promise<T> {
    const request = {
      method: 'POST' as const,
      path,
      headers: { 'content-type': 'application/json' },
      body: stringifyLossless(body),
      retryable: true,
    };
    return this.api.read(call, request, undefined, (answer) => map(answer.body));
  }

  close(): Promise<void> {
    return this.api.close();
  }
}
