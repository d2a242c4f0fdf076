import { randomUUID } from 'node:crypto';
import type { StripeSettings } from '../../config.js';
import { BillingError, type BillingErrorDetails } from '../../domain/errors.js';
import { codeForUpstreamStatus, UpstreamClient, type Deadlines, type UpstreamResponse } from '../../http/client.js';
import { JsonSyntaxError, parseLosslessJson } from '../../http/lossless-json.js';
import type { RetryPolicy } from '../../http/retry.js';
import { WireReader } from '../../http/wire-reader.js';
import type { ProviderCall } from '../provider.js';
import { encodeForm, type FormValue } from './form.js';

/** Maps a Stripe `param` (e.g. `subscription_details[items][0][price]`) to our input path, or null. */
export type FieldOf = (param: string) => ReadonlyArray<string | number> | null;

/** Params whose `resource_missing` means the thing the caller named does not exist (NOT_FOUND). */
const NAMED_RESOURCES = new Set(['id', 'customer', 'subscription', 'invoice']);

/**
 * Requests + auth for Stripe's v1 API: secret key as Bearer (or the caller's own headers in
 * pass-through mode), a pinned `Stripe-Version` on every call, form-encoded POSTs with an
 * `Idempotency-Key` (so a retried POST is safe), and Stripe's error envelope mapped to our codes.
 */
export class StripeClient {
  private readonly http: UpstreamClient;

  constructor(
    private readonly settings: StripeSettings & { baseUrl: string },
    deadlines: Deadlines,
    retry: RetryPolicy,
  ) {
    this.http = new UpstreamClient({
      provider: 'stripe',
      baseUrl: settings.baseUrl,
      deadlines,
      retry,
      shouldRetryHeader: 'stripe-should-retry',
    });
  }

  private headers(call: ProviderCall): Record<string, string> {
    const base = { accept: 'application/json', 'stripe-version': this.settings.apiVersion };
    if (call.credentials) return { ...base, ...call.credentials };
    if (!this.settings.secretKey) throw new BillingError('UNAUTHENTICATED', 'no Stripe secret key is configured', { provider: 'stripe' });
    return { ...base, authorization: `Bearer ${this.settings.secretKey}` };
  }

  async get(path: string, query: URLSearchParams, call: ProviderCall, fieldOf: FieldOf): Promise<WireReader> {
    const response = await this.http.send({ method: 'GET', path, query, headers: this.headers(call), retryable: true }, call);
    return this.read(response, fieldOf);
  }

  /** POSTs form params. Retryable: the idempotency key makes a repeat return the first result. */
  async post(path: string, params: Record<string, FormValue>, call: ProviderCall, fieldOf: FieldOf): Promise<WireReader> {
    const headers = {
      ...this.headers(call),
      'content-type': 'application/x-www-form-urlencoded',
      'idempotency-key': `billgraph-${randomUUID()}`,
    };
    const response = await this.http.send({ method: 'POST', path, headers, body: encodeForm(params), retryable: true }, call);
    return this.read(response, fieldOf);
  }

  private read(response: UpstreamResponse, fieldOf: FieldOf): WireReader {
    const requestId = response.headers['request-id'];
    const details: BillingErrorDetails = {
      provider: 'stripe',
      upstreamStatus: response.status,
      ...(requestId ? { upstreamRequestId: requestId } : {}),
    };
    let body;
    try {
      body = parseLosslessJson(response.body);
    } catch (error) {
      if (response.status >= 400) throw this.errorFor(response, null, details, fieldOf);
      if (error instanceof JsonSyntaxError)
        throw new BillingError('UPSTREAM_BAD_RESPONSE', `stripe sent a body that is not JSON (${error.message})`, details);
      throw error;
    }
    const root = WireReader.root('stripe', body, details);
    if (response.status >= 400) throw this.errorFor(response, root, details, fieldOf);
    if (response.status !== 200) root.fail(`expected HTTP 200, got ${response.status}`);
    return root;
  }

  private errorFor(response: UpstreamResponse, root: WireReader | null, details: BillingErrorDetails, fieldOf: FieldOf): BillingError {
    const { status } = response;
    let error: { type: string | null; code: string | null; message: string | null; param: string | null } | null = null;
    try {
      const e = root?.maybe('error');
      if (e)
        error = {
          type: e.nullableString('type'),
          code: e.nullableString('code'),
          message: e.nullableString('message'),
          param: e.nullableString('param'),
        };
    } catch {
      error = null;
    }
    let code = codeForUpstreamStatus(status);
    if (status === 400 && error?.code === 'rate_limit') code = 'RATE_LIMITED';
    if (status === 409 && error?.type !== 'idempotency_error') code = 'UPSTREAM_UNAVAILABLE';
    const extra: BillingErrorDetails = error?.code ? { upstreamCode: error.code } : {};
    if (error?.param && (status === 400 || status === 404)) {
      if (error.code === 'resource_missing' && NAMED_RESOURCES.has(error.param)) code = 'NOT_FOUND';
      else {
        code = 'BAD_USER_INPUT';
        extra.field = fieldOf(error.param) ?? [error.param];
      }
    }
    if (code === 'RATE_LIMITED') {
      const retryAfter = response.headers['retry-after']?.trim();
      if (retryAfter && /^\d+$/.test(retryAfter)) extra.retryAfter = Number(retryAfter);
    }
    // Stripe's 401 message echoes part of the key; say what happened without it.
    const said = status === 401 ? ': the API key was rejected' : error?.message ? `: ${error.message.slice(0, 300)}` : '';
    const suffix = error?.code ? ` (${error.code})` : '';
    return new BillingError(code, `stripe answered ${status}${said}${suffix}`, { ...details, ...extra });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
