import type { FlexpriceSettings } from '../../config.js';
import { BillingError, type BillingErrorDetails, type ErrorCode } from '../../domain/errors.js';
import { codeForUpstreamStatus, UpstreamClient, type Deadlines } from '../../http/client.js';
import { JsonNumber, JsonSyntaxError, parseLosslessJson, stringifyLossless, type LosslessJson } from '../../http/lossless-json.js';
import type { RetryPolicy } from '../../http/retry.js';
import { WireReader } from '../../http/wire-reader.js';
import type { ProviderCall } from '../provider.js';

/**
 * Flexprice's `errors.ErrorCode` values -> our codes (UPSTREAMS 3.5). The HTTP status decides when the
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

/** The BillingError for a non-2xx Flexprice answer. Never carries the raw body, only its message. */
export function flexpriceError(status: number, text: string, retryAfter: string | undefined, details: BillingErrorDetails): BillingError {
  const said = readErrorBody(text);
  let code = codeForUpstreamStatus(status);
  // The status is authoritative for auth and throttling; the body's code refines the rest.
  if (status !== 401 && status !== 429 && said.code && CODE_MAP[said.code]) code = CODE_MAP[said.code] as ErrorCode;
  const extra: BillingErrorDetails = {};
  if (code === 'RATE_LIMITED' && retryAfter && /^\d+$/.test(retryAfter.trim())) extra.retryAfter = Number(retryAfter.trim());
  const message = said.message ? `: ${said.message.replace(/\s+/g, ' ').slice(0, 200)}` : '';
  const codeNote = said.code ? ` (${said.code})` : '';
  return new BillingError(code, `flexprice answered ${status}${message}${codeNote}`, { ...details, ...extra });
}

/**
 * Requests + auth for the Flexprice API: `x-api-key` (or the caller's own headers in pass-through
 * mode), JSON bodies, error envelopes mapped to our codes. The base URL includes the version path
 * (`https://us.api.flexprice.io/v1`), as the OpenAPI file's `servers` do.
 */
export class FlexpriceClient {
  private readonly http: UpstreamClient;

  constructor(
    private readonly settings: FlexpriceSettings & { baseUrl: string },
    deadlines: Deadlines,
    retry: RetryPolicy,
  ) {
    this.http = new UpstreamClient({ provider: 'flexprice', baseUrl: settings.baseUrl, deadlines, retry });
  }

  private authHeaders(call: ProviderCall): Record<string, string> {
    if (call.credentials) return { ...call.credentials };
    if (!this.settings.apiKey) throw new BillingError('UNAUTHENTICATED', 'no Flexprice API key is configured', { provider: 'flexprice' });
    return { 'x-api-key': this.settings.apiKey };
  }

  get(path: string, query: URLSearchParams | undefined, call: ProviderCall): Promise<WireReader> {
    return this.send('GET', path, query, undefined, call);
  }

  /** POSTs a JSON body. Only used for reads (search, preview): nothing is written, so retrying is safe. */
  post(path: string, body: Record<string, unknown>, call: ProviderCall): Promise<WireReader> {
    return this.send('POST', path, undefined, stringifyLossless(body), call);
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    query: URLSearchParams | undefined,
    body: string | undefined,
    call: ProviderCall,
  ): Promise<WireReader> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.authHeaders(call) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.http.send(
      { method, path, ...(query ? { query } : {}), headers, ...(body !== undefined ? { body } : {}), retryable: true },
      call,
    );
    const requestId = response.headers['x-request-id'];
    const details: BillingErrorDetails = {
      provider: 'flexprice',
      upstreamStatus: response.status,
      ...(requestId ? { upstreamRequestId: requestId } : {}),
    };
    if (response.status < 200 || response.status >= 300)
      throw flexpriceError(response.status, response.body, response.headers['retry-after'], details);
    try {
      return WireReader.root('flexprice', parseLosslessJson(response.body), details);
    } catch (error) {
      if (error instanceof JsonSyntaxError) {
        throw new BillingError('UPSTREAM_BAD_RESPONSE', `flexprice sent a body that is not JSON (${error.message})`, details);
      }
      throw error;
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
