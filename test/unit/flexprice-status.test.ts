import { describe, expect, it } from 'vitest';
import { flexpriceError, readErrorBody } from '../../src/providers/flexprice/client.js';
import {
  FP_INVOICE_STATUSES,
  FP_PAYMENT_STATUSES,
  FP_STATUS_TABLE,
  invoiceStatus,
  providerStatus,
} from '../../src/providers/flexprice/status.js';

describe('Flexprice status table', () => {
  it('maps every one of the 36 invoice_status x payment_status pairs', () => {
    const seen: string[] = [];
    for (const invoice of FP_INVOICE_STATUSES) {
      for (const payment of FP_PAYMENT_STATUSES) {
        const status = invoiceStatus(invoice, payment);
        seen.push(`${providerStatus(invoice, payment)}=${status}`);
        if (invoice === 'DRAFT') expect(status).toBe('DRAFT');
        else if (invoice === 'VOIDED' || invoice === 'SKIPPED') expect(status).toBe('VOID');
        else expect(status).toBe(payment === 'SUCCEEDED' || payment === 'OVERPAID' ? 'PAID' : 'OPEN');
      }
    }
    expect(seen).toHaveLength(36);
    expect(Object.keys(FP_STATUS_TABLE).sort()).toEqual([...FP_INVOICE_STATUSES].sort());
    expect(seen).toContain('FINALIZED/SUCCEEDED=PAID');
    expect(seen).toContain('FINALIZED/FAILED=OPEN');
    expect(seen).toContain('SKIPPED/SUCCEEDED=VOID');
  });
});

describe('Flexprice error envelopes', () => {
  it('reads the flat, the older nested and the bare auth shapes', () => {
    expect(readErrorBody('{"code":"not_found","message":"invoice not found","http_status_code":404,"details":{"id":"x"}}')).toEqual({
      shape: 'flat',
      code: 'not_found',
      message: 'invoice not found',
    });
    expect(readErrorBody('{"success":false,"error":{"message":"invalid filter","internal_error":"pq: boom"}}')).toEqual({
      shape: 'nested',
      code: null,
      message: 'invalid filter',
    });
    expect(readErrorBody('{"error":"Unauthorized"}')).toEqual({ shape: 'bare', code: null, message: 'Unauthorized' });
    expect(readErrorBody('<html>502 Bad Gateway</html>').shape).toBe('unknown');
    expect(readErrorBody('[1,2]').shape).toBe('unknown');
  });

  it.each([
    [401, '{"error":"Invalid token"}', 'UNAUTHENTICATED'],
    [403, '{"code":"permission_denied","message":"no","http_status_code":403}', 'FORBIDDEN'],
    [404, '{"success":false,"error":{"message":"not found"}}', 'NOT_FOUND'],
    [400, '{"code":"validation_error","message":"limit","http_status_code":400}', 'BAD_USER_INPUT'],
    [409, '{"code":"version_conflict","message":"v","http_status_code":409}', 'BAD_USER_INPUT'],
    [429, '{"code":"too_many_requests","message":"slow down","http_status_code":429}', 'RATE_LIMITED'],
    [500, '{"code":"database_error","message":"pq","http_status_code":500}', 'UPSTREAM_UNAVAILABLE'],
    [501, '{"code":"not_implemented","message":"n","http_status_code":501}', 'UNSUPPORTED'],
    [503, 'not json at all', 'UPSTREAM_UNAVAILABLE'],
    // The body's code refines a vague status: a 400 that says not_found is NOT_FOUND.
    [400, '{"code":"not_found","message":"subscription not found","http_status_code":400}', 'NOT_FOUND'],
  ])('%i %s -> %s', (status, body, code) => {
    const error = flexpriceError(status, body, status === 429 ? '7' : undefined, { provider: 'flexprice', upstreamStatus: status });
    expect(error.code).toBe(code);
    expect(error.message).not.toContain('pq: boom');
    if (status === 429) expect(error.details.retryAfter).toBe(7);
  });
});
