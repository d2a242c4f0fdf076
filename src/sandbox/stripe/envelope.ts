import { randomBytes } from 'node:crypto';
import type { SandboxResponse } from '../dialect.js';

/** Stripe's answers: a `Request-Id` on every one, errors in `{error: {type, code, message, param, doc_url}}` (docs/UPSTREAMS.md 2.7). */

type ErrorType = 'invalid_request_error' | 'api_error' | 'idempotency_error';

export interface StripeErrorBody {
  type: ErrorType;
  message: string;
  code?: string;
  param?: string;
}

/** The `code` Stripe gives the statuses the fault injector produces. */
export const ERROR_CODES: Record<number, string> = {
  401: 'api_key_invalid',
  403: 'secret_key_required',
  404: 'resource_missing',
  409: 'lock_timeout',
  429: 'rate_limit',
};

function requestId(): string {
  return `req_${randomBytes(7).toString('hex')}`;
}

export function ok(json: unknown): SandboxResponse {
  return { status: 200, headers: { 'request-id': requestId(), 'stripe-version': '2026-07-29.dahlia' }, json };
}

export function stripeError(status: number, error: StripeErrorBody, headers: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: { 'request-id': requestId(), ...headers },
    json: { error: { ...error, doc_url: error.code ? `https://stripe.com/docs/error-codes/${error.code.replace(/_/g, '-')}` : undefined } },
  };
}

export function notFound(noun: string, id: string, param = 'id'): SandboxResponse {
  return stripeError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${noun}: '${id}'`, param });
}

export function isResponse(value: unknown): value is SandboxResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'json' in value;
}
