import { randomUUID } from 'node:crypto';
import type { StripeSettings } from '../../config.js';
import { UnauthenticatedError, type BillingErrorDetails } from '../../domain/errors.js';
import { codeForUpstreamStatus, UpstreamClient, type Deadlines } from '../../http/client.js';
import { JsonApi, upstreamWords, type FailedAnswer, type JsonAnswer, type UpstreamFailure } from '../../http/json-api.js';
import type { RetryPolicy } from '../../http/retry.js';
import type { WireReader } from '../../http/wire-reader.js';
import type { ProviderCall } from '../provider.js';
import { encodeForm, type FormValue } from './form.js';

/** Maps a Stripe `param` (e.g. `subscription_details[items][0][price]`) to our input path, or null. */
export type FieldOf = (param: string) => ReadonlyArray<string | number> | null;

/** Params whose `resource_missing` means the thing the caller named does not exist (NOT_FOUND). */
const NAMED_RESOURCES = new Set(['id', 'customer', 'subscription', 'invoice']);

interface StripeErrorBody {
  type: string | null;
  code: string | null;
  message: string | null;
  param: string | null;
}

function readStripeError(body: WireReader | null): StripeErrorBody | null {
  try {
    const e = body?.maybe('error');
    if (!e) return null;
    return {
      type: e.nullableString('type'),
      code: e.nullableString('code'),
      message: e.nullableString('message'),
      param: e.nullableString('param'),
    };
  } catch {
    return null;
  }
}

/** Stripe's error envelope (`{error: {type, code, message, param}}`) -> our code, message and input field. */
export function describeStripeFailure({ status, body }: FailedAnswer, fieldOf: FieldOf): UpstreamFailure {
  const error = readStripeError(body);
  let code = codeForUpstreamStatus(status);
  if (status === 400 && error?.code === 'rate_limit') code = 'RATE_LIMITED';
  if (status === 409 && error?.type !== 'idempotency_error') code = 'UPSTREAM_UNAVAILABLE';
  const details: BillingErrorDetails = error?.code ? { upstreamCode: error.code } : {};
  let subject: string | undefined;
  if (error?.param && (status === 400 || status === 404)) {
    if (error.code === 'resource_missing' && NAMED_RESOURCES.has(error.param)) {
      code = 'NOT_FOUND';
      subject = error.param === 'id' ? undefined : error.param;
    } else {
      code = 'BAD_USER_INPUT';
      details.field = fieldOf(error.param) ?? [error.param];
    }
  }
  // The caller reads billgraph's words (src/http/json-api.ts); Stripe's message, which can echo part of the
  // key (401) or another customer's ids, goes to the log only.
  return { code, details, subject, said: upstreamWords(error?.message, error?.code ? `(${error.code})` : null) };
}

/** An answer that is not a failure must be a 200: Stripe's reads and previews answer nothing else. */
function okBody({ status, body }: JsonAnswer): WireReader {
  if (status !== 200) body.fail(`expected HTTP 200, got ${status}`);
  return body;
}

/**
 * Requests + auth for Stripe's v1 API: secret key as Bearer (or the caller's own headers in
 * pass-through mode), a pinned `Stripe-Version` on every call, form-encoded POSTs with an
 * `Idempotency-Key` (so a retried POST is safe), and Stripe's error envelope mapped to our codes.
 */
export class StripeClient {
  private readonly api: JsonApi<ProviderCall, FieldOf>;

  constructor(settings: StripeSettings & { baseUrl: string }, deadlines: Deadlines, retry: RetryPolicy) {
    const http = new UpstreamClient({
      provider: 'stripe',
      baseUrl: settings.baseUrl,
      deadlines,
      retry,
      shouldRetryHeader: 'stripe-should-retry',
    });
    this.api = new JsonApi(http, {
      dialect: { provider: 'stripe', requestIdHeader: 'request-id' },
      headers: (call) => {
        const base = { accept: 'application/json', 'stripe-version': settings.apiVersion };
        if (call.credentials) return { ...base, ...call.credentials };
        if (!settings.secretKey) throw new UnauthenticatedError('no Stripe secret key is configured', { provider: 'stripe' });
        return { ...base, authorization: `Bearer ${settings.secretKey}` };
      },
      describeFailure: describeStripeFailure,
    });
  }

  /** GETs and maps, once per request for the same path and query. */
  get<T>(call: ProviderCall, path: string, query: URLSearchParams, fieldOf: FieldOf, map: (body: WireReader) => T): Promise<T> {
    return this.api.read(call, { method: 'GET', path, query, retryable: true }, fieldOf, (answer) => map(okBody(answer)));
  }

  /** POSTs form params. Retryable: the idempotency key makes a repeat return the first result. */
  post<T>(call: ProviderCall, path: string, params: Record<string, FormValue>, fieldOf: FieldOf, map: (body: WireReader) => T): Promise<T> {
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': `billgraph-${randomUUID()}` };
    const request = { method: 'POST' as const, path, headers, body: encodeForm(params), retryable: true };
    return this.api.read(call, request, fieldOf, (answer) => map(okBody(answer)));
  }

  close(): Promise<void> {
    return this.api.close();
  }
}
