import type { CloudflareSettings } from '../../config.js';
import { UnauthenticatedError } from '../../domain/errors.js';
import { codeForUpstreamStatus, UpstreamClient, type Deadlines } from '../../http/client.js';
import { JsonApi, upstreamWords, type FailedAnswer, type UpstreamFailure } from '../../http/json-api.js';
import type { RetryPolicy } from '../../http/retry.js';
import type { WireReader } from '../../http/wire-reader.js';
import type { ProviderCall } from '../provider.js';

/** Cloudflare error codes that mean "bad or missing credentials" whatever the HTTP status. */
const AUTH_ERROR_CODES = new Set(['10000', '9103', '9106']);

/** The v4 envelope's `errors[0]` -> our code and message. */
export function describeCloudflareFailure({ status, body }: FailedAnswer): UpstreamFailure {
  let first: { code: string; message: string } | null;
  try {
    const errors = body?.maybe('errors')?.asArray((e) => ({ code: errorCode(e), message: e.nullableString('message') ?? '' }));
    first = errors?.[0] ?? null;
  } catch {
    first = null;
  }
  let code = codeForUpstreamStatus(status);
  if (first && AUTH_ERROR_CODES.has(first.code)) code = 'UNAUTHENTICATED';
  // Cloudflare's message goes to the log only; the caller reads billgraph's words (src/http/json-api.ts).
  return {
    code,
    ...(first?.code ? { details: { upstreamCode: first.code } } : {}),
    said: upstreamWords(first?.message, first ? `(code ${first.code})` : null),
  };
}

/**
 * Requests + auth for Cloudflare API v4: bearer token or email + global key, the v4 envelope
 * (`{success, errors, messages, result}`) unwrapped, errors mapped to our codes with the `cf-ray` id.
 */
export class CloudflareClient {
  private readonly api: JsonApi<ProviderCall>;

  constructor(settings: CloudflareSettings & { baseUrl: string }, deadlines: Deadlines, retry: RetryPolicy) {
    const http = new UpstreamClient({
      provider: 'cloudflare',
      baseUrl: settings.baseUrl,
      deadlines,
      retry,
      shouldRetryHeader: 'x-should-retry',
    });
    this.api = new JsonApi(http, {
      dialect: { provider: 'cloudflare', requestIdHeader: 'cf-ray', failedBody: (body) => body.maybe('success')?.asBoolean() === false },
      headers: (call) => {
        if (call.credentials) return { accept: 'application/json', ...call.credentials };
        const auth = settings.auth;
        if (!auth) throw new UnauthenticatedError('no Cloudflare credentials are configured', { provider: 'cloudflare' });
        const credentials: Record<string, string> =
          auth.kind === 'token' ? { authorization: `Bearer ${auth.token}` } : { 'x-auth-email': auth.email, 'x-auth-key': auth.key };
        return { accept: 'application/json', ...credentials };
      },
      describeFailure: describeCloudflareFailure,
    });
  }

  /** GETs `path` and maps the envelope's `result`, once per request for the same path and query. */
  get<T>(call: ProviderCall, path: string, query: URLSearchParams, map: (result: WireReader) => T): Promise<T> {
    return this.api.read(call, { method: 'GET', path, query, retryable: true }, undefined, ({ body }) => {
      if (!body.boolean('success')) body.fail('expected true', 'success');
      return map(body.at('result'));
    });
  }

  close(): Promise<void> {
    return this.api.close();
  }
}

/** Cloudflare's error codes are numbers; read a string one too, since this only words an error. */
function errorCode(error: WireReader): string {
  const code = error.maybe('code');
  if (code === null) return '';
  return typeof code.value === 'string' ? code.asString() : code.asNumber().toString();
}
