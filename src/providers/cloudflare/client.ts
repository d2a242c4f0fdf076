import type { CloudflareSettings } from '../../config.js';
import { BillingError } from '../../domain/errors.js';
import { codeForUpstreamStatus, UpstreamClient, type Deadlines } from '../../http/client.js';
import { JsonSyntaxError, parseLosslessJson } from '../../http/lossless-json.js';
import { parseRetryAfter, type RetryPolicy } from '../../http/retry.js';
import { WireReader } from '../../http/wire-reader.js';
import type { ProviderCall } from '../provider.js';

/** Cloudflare error codes that mean "bad or missing credentials" whatever the HTTP status. */
const AUTH_ERROR_CODES = new Set(['10000', '9103', '9106']);

/**
 * Requests + auth for Cloudflare API v4: bearer token or email + global key, the v4 envelope
 * (`{success, errors, messages, result}`) unwrapped, errors mapped to our codes with the `cf-ray` id.
 */
export class CloudflareClient {
  private readonly http: UpstreamClient;

  constructor(
    private readonly settings: CloudflareSettings & { baseUrl: string },
    deadlines: Deadlines,
    retry: RetryPolicy,
  ) {
    this.http = new UpstreamClient({
      provider: 'cloudflare',
      baseUrl: settings.baseUrl,
      deadlines,
      retry,
      shouldRetryHeader: 'x-should-retry',
    });
  }

  private authHeaders(call: ProviderCall): Record<string, string> {
    if (call.credentials) return { ...call.credentials };
    const auth = this.settings.auth;
    if (!auth) throw new BillingError('UNAUTHENTICATED', 'no Cloudflare credentials are configured', { provider: 'cloudflare' });
    return auth.kind === 'token' ? { authorization: `Bearer ${auth.token}` } : { 'x-auth-email': auth.email, 'x-auth-key': auth.key };
  }

  /** GETs `path` and returns a reader over the envelope's `result` (and the whole envelope). */
  async get(path: string, query: URLSearchParams, call: ProviderCall): Promise<{ result: WireReader; envelope: WireReader }> {
    const response = await this.http.send(
      { method: 'GET', path, query, headers: { accept: 'application/json', ...this.authHeaders(call) }, retryable: true },
      call,
    );
    const requestId = response.headers['cf-ray'];
    const details = { provider: 'cloudflare', upstreamStatus: response.status, ...(requestId ? { upstreamRequestId: requestId } : {}) };
    let body;
    try {
      body = parseLosslessJson(response.body);
    } catch (error) {
      if (response.status >= 400) throw this.errorFor(response.status, null, details, response.headers['retry-after']);
      if (error instanceof JsonSyntaxError) {
        throw new BillingError('UPSTREAM_BAD_RESPONSE', `cloudflare sent a body that is not JSON (${error.message})`, details);
      }
      throw error;
    }
    const envelope = WireReader.root('cloudflare', body, details);
    if (response.status >= 400 || envelope.maybe('success')?.asBoolean() === false) {
      throw this.errorFor(response.status, envelope, details, response.headers['retry-after']);
    }
    if (!envelope.boolean('success')) envelope.fail('expected true', 'success');
    return { result: envelope.at('result'), envelope };
  }

  private errorFor(
    status: number,
    envelope: WireReader | null,
    details: BillingError['details'],
    retryAfter: string | undefined,
  ): BillingError {
    let first: { code: string; message: string } | null;
    try {
      const errors = envelope?.maybe('errors')?.asArray((e) => ({ code: errorCode(e), message: e.nullableString('message') ?? '' }));
      first = errors?.[0] ?? null;
    } catch {
      first = null;
    }
    let code = codeForUpstreamStatus(status);
    if (first && AUTH_ERROR_CODES.has(first.code)) code = 'UNAUTHENTICATED';
    const said = first ? `: ${first.message.slice(0, 200)} (code ${first.code})` : '';
    const extra: BillingError['details'] = {};
    if (code === 'RATE_LIMITED') {
      // Delta seconds or an HTTP date; the caller gets whole seconds, rounded up so it never retries early.
      const ms = parseRetryAfter(retryAfter);
      if (ms !== null) extra.retryAfter = Math.ceil(ms / 1000);
    }
    return new BillingError(code, `cloudflare answered ${status}${said}`, { ...details, ...extra });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** Cloudflare's error codes are numbers; read a string one too, since this only words an error. */
function errorCode(error: WireReader): string {
  const code = error.maybe('code');
  if (code === null) return '';
  return typeof code.value === 'string' ? code.asString() : code.asNumber().toString();
}
