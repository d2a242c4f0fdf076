import { describe, expect, it } from 'vitest';
import { BillingError, RateLimitedError, UpstreamBadResponseError } from '../../src/domain/errors.js';
import type { UpstreamResponse } from '../../src/http/client.js';
import { memoKey, readJsonAnswer, retryAfterSeconds, type FailedAnswer, type JsonDialect } from '../../src/http/json-api.js';
import { describeStripeFailure } from '../../src/providers/stripe/client.js';
import { describeCloudflareFailure } from '../../src/providers/cloudflare/client.js';
import { describeFlexpriceFailure } from '../../src/providers/flexprice/client.js';

const answer = (status: number, body: string, headers: Record<string, string> = {}): UpstreamResponse => ({
  status,
  headers,
  body,
  attempts: 1,
});

const stripe: JsonDialect = { provider: 'stripe', requestIdHeader: 'request-id' };
const cloudflare: JsonDialect = {
  provider: 'cloudflare',
  requestIdHeader: 'cf-ray',
  failedBody: (body) => body.maybe('success')?.asBoolean() === false,
};
const flexprice: JsonDialect = { provider: 'flexprice', requestIdHeader: 'x-request-id', failedStatus: (s) => s < 200 || s >= 300 };
const describers = {
  stripe: (a: FailedAnswer) => describeStripeFailure(a, () => null),
  cloudflare: describeCloudflareFailure,
  flexprice: describeFlexpriceFailure,
};
const dialects = { stripe, cloudflare, flexprice };

function failure(run: () => unknown): BillingError {
  try {
    run();
  } catch (error) {
    if (error instanceof BillingError) return error;
    throw error;
  }
  throw new Error('expected a BillingError');
}

describe('readJsonAnswer', () => {
  it('reads a 200 exactly, keeping a 20-digit amount', () => {
    const { body } = readJsonAnswer(answer(200, '{"amount": 12345678901234567890.123}'), stripe, describers.stripe);
    expect(body.number('amount').toString()).toBe('12345678901234567890.123');
  });

  describe.each(['stripe', 'cloudflare', 'flexprice'] as const)('%s: a 429 gives RATE_LIMITED with retryAfter in whole seconds', (name) => {
    const limited = (retryAfter: string) =>
      failure(() => readJsonAnswer(answer(429, '{}', { 'retry-after': retryAfter }), dialects[name], describers[name]));

    it('from delta seconds, a fraction rounded up so no caller retries early', () => {
      expect(limited('7').details.retryAfter).toBe(7);
      const error = limited('1.25');
      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.details).toMatchObject({ provider: name, upstreamStatus: 429, retryAfter: 2 });
    });

    it('from an HTTP date', () => {
      const inThirty = new Date(Math.floor(Date.now() / 1000) * 1000 + 30_000).toUTCString();
      const seconds = limited(inThirty).details.retryAfter;
      expect(seconds).toBeGreaterThanOrEqual(29);
      expect(seconds).toBeLessThanOrEqual(30);
      expect(limited('Thu, 01 Jan 1970 00:00:00 GMT').details.retryAfter).toBe(0);
    });

    it('leaves retryAfter out when the header is missing or junk', () => {
      expect(limited('soon').details).not.toHaveProperty('retryAfter');
    });
  });

  it('never puts retryAfter on another kind of failure', () => {
    const error = failure(() => readJsonAnswer(answer(503, 'x', { 'retry-after': '3' }), stripe, describers.stripe));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.details).not.toHaveProperty('retryAfter');
  });

  it('tags errors with the request id of the dialect', () => {
    const error = failure(() =>
      readJsonAnswer(answer(404, '{}', { 'cf-ray': 'ray-1', 'request-id': 'no' }), cloudflare, describers.cloudflare),
    );
    expect(error.details).toMatchObject({ provider: 'cloudflare', upstreamStatus: 404, upstreamRequestId: 'ray-1' });
  });

  it('a 200 that is not JSON is UPSTREAM_BAD_RESPONSE; a failed status that is not JSON is still its failure', () => {
    expect(failure(() => readJsonAnswer(answer(200, '<html>'), stripe, describers.stripe))).toBeInstanceOf(UpstreamBadResponseError);
    expect(failure(() => readJsonAnswer(answer(502, '<html>'), flexprice, describers.flexprice)).code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('Cloudflare: success false on a 200 is a failure; Flexprice: a 3xx is', () => {
    const body = '{"success": false, "errors": [{"code": 10000, "message": "bad token"}], "result": null}';
    expect(failure(() => readJsonAnswer(answer(200, body), cloudflare, describers.cloudflare)).code).toBe('UNAUTHENTICATED');
    expect(failure(() => readJsonAnswer(answer(302, '{}'), flexprice, describers.flexprice)).code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('retryAfterSeconds', () => {
  const now = Date.parse('2026-11-15T12:00:00Z');
  it('reads both forms', () => {
    expect(retryAfterSeconds('1.25', now)).toBe(2);
    expect(retryAfterSeconds('0', now)).toBe(0);
    expect(retryAfterSeconds('Sun, 15 Nov 2026 12:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds(undefined, now)).toBeNull();
    expect(retryAfterSeconds('-5', now)).toBeNull();
  });
});

describe('memoKey', () => {
  it('names a read by provider, method, path, query and body', () => {
    expect(memoKey('stripe', { method: 'GET', path: '/v1/invoices', query: new URLSearchParams({ customer: 'c', limit: '3' }) })).toBe(
      'stripe GET /v1/invoices?customer=c&limit=3',
    );
    expect(memoKey('flexprice', { method: 'POST', path: '/invoices/search', body: '{"offset":0}' })).toBe(
      'flexprice POST /invoices/search {"offset":0}',
    );
    expect(memoKey('cloudflare', { method: 'GET', path: '/a', query: new URLSearchParams() })).toBe('cloudflare GET /a');
  });

  it('tells different queries and bodies apart', () => {
    const a = memoKey('flexprice', { method: 'POST', path: '/p', body: '{"offset":0}' });
    const b = memoKey('flexprice', { method: 'POST', path: '/p', body: '{"offset":20}' });
    expect(a).not.toBe(b);
    expect(memoKey('stripe', { method: 'GET', path: '/p' })).not.toBe(memoKey('stripe', { method: 'POST', path: '/p' }));
  });
});
