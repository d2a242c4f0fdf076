import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BillingError } from '../../src/domain/errors.js';
import { billingErrorToGraphQL, errorCodeOf, maskError, SAFE_EXTENSIONS, shapeResultError } from '../../src/server/error-shaping.js';

describe('error shaping', () => {
  it('a BillingError shows its code and typed facts, never the upstream code or other details', () => {
    const error = new BillingError('RATE_LIMITED', 'stripe is rate limiting', {
      provider: 'stripe',
      upstreamStatus: 429,
      upstreamRequestId: 'req_1',
      upstreamCode: 'rate_limit',
      retryAfter: 0,
      ...({ body: '{"secret":"sk_live_x"}' } as object),
    });
    const shaped = billingErrorToGraphQL(error);
    expect(shaped.message).toBe('stripe is rate limiting');
    expect(shaped.extensions).toEqual({
      code: 'RATE_LIMITED',
      provider: 'stripe',
      upstreamStatus: 429,
      upstreamRequestId: 'req_1',
      retryAfter: 0,
    });
    expect(Object.keys(shaped.extensions)).toEqual(['code', 'provider', 'upstreamStatus', 'upstreamRequestId', 'retryAfter']);
  });

  it('a BillingError thrown in a resolver keeps its path and carries field and choices', () => {
    const base = new GraphQLError('wrapped', { path: ['previewInvoice'] });
    const error = new BillingError('BAD_USER_INPUT', 'choose a subscription', {
      field: ['input', 'subscription'],
      choices: ['sub_1', 'sub_2'],
    });
    const shaped = maskError(
      new GraphQLError(base.message, { path: base.path, originalError: error }),
      'Unexpected error.',
    ) as GraphQLError;
    expect(shaped.path).toEqual(['previewInvoice']);
    expect(shaped.extensions).toEqual({ code: 'BAD_USER_INPUT', field: ['input', 'subscription'], choices: ['sub_1', 'sub_2'] });
  });

  it('masks anything unexpected as INTERNAL, keeping the original only for the log', () => {
    const cause = new Error('connect ECONNREFUSED with token sk_live_123');
    const masked = maskError(new GraphQLError('boom', { originalError: cause, path: ['invoices'] }), 'Unexpected error.') as GraphQLError;
    expect(masked.message).toBe('Internal error');
    expect(masked.extensions).toEqual({ code: 'INTERNAL' });
    expect(masked.originalError).toBe(cause);
    expect(JSON.stringify(masked.toJSON())).not.toMatch(/sk_live|ECONNREFUSED/);
  });

  it("GraphQL's own errors pass; a wrapped scalar error keeps the wrapper's message with the inner code", () => {
    const own = new GraphQLError('Cannot query field "x" on type "Query".');
    expect(maskError(own, 'Unexpected error.')).toBe(own);
    const inner = new GraphQLError('not a decimal', { extensions: { code: 'BAD_USER_INPUT' } });
    const wrapper = new GraphQLError('Variable "$x" got invalid value "1,5" at "x.amount"', {
      originalError: inner,
      extensions: { http: { status: 400 } },
    });
    const shaped = maskError(wrapper, 'Unexpected error.') as GraphQLError;
    expect(shaped.message).toBe(wrapper.message);
    expect(shaped.extensions).toEqual({ http: { status: 400 }, code: 'BAD_USER_INPUT' });
  });

  it('names a code for every error: known codes stay, server faults are INTERNAL, the rest the caller’s fault', () => {
    expect(errorCodeOf(new GraphQLError('x', { extensions: { code: 'NOT_FOUND' } }))).toBe('NOT_FOUND');
    expect(errorCodeOf(new GraphQLError('x', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }))).toBe('INTERNAL');
    expect(errorCodeOf(new GraphQLError('x', { extensions: { http: { status: 503 } } }))).toBe('INTERNAL');
    expect(errorCodeOf(new GraphQLError('Syntax Error: Unexpected "}"'))).toBe('BAD_USER_INPUT');
    expect(errorCodeOf(new GraphQLError('x', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }))).toBe('BAD_USER_INPUT');
  });

  it('a result error keeps only the extensions on the one list; INTERNAL carries only the request id', () => {
    const error = new GraphQLError('too costly', {
      extensions: { code: 'BAD_USER_INPUT', cost: 90, maxCost: 50, stack: 'at x', debug: 1 },
    });
    expect(shapeResultError(error, 'BAD_USER_INPUT', 'req-1').extensions).toEqual({ code: 'BAD_USER_INPUT', cost: 90, maxCost: 50 });
    const internal = new GraphQLError('secret detail', { extensions: { code: 'INTERNAL', provider: 'stripe' } });
    const shaped = shapeResultError(internal, 'INTERNAL', 'req-2');
    expect(shaped.message).toBe('Internal error');
    expect(shaped.extensions).toEqual({ code: 'INTERNAL', requestId: 'req-2' });
    const clean = new GraphQLError('not found', { extensions: { code: 'NOT_FOUND' } });
    expect(shapeResultError(clean, 'NOT_FOUND', 'req-3')).toBe(clean);
    expect(SAFE_EXTENSIONS).toContain('code');
  });

  it('a request that is not GraphQL at all keeps its 400 status, without Yoga’s spec marker', () => {
    const error = new GraphQLError('POST body sent invalid JSON.', { extensions: { http: { status: 400, spec: true } } });
    expect(shapeResultError(error, 'BAD_USER_INPUT', 'r').extensions).toEqual({ http: { status: 400 }, code: 'BAD_USER_INPUT' });
  });
});
