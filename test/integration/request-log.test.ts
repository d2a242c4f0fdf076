import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

/** The one structured line billgraph writes per request, read back from the logger's own output. */
describe('request log', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ LOG_LEVEL: 'info' }, { captureLogs: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  const lineFor = (requestId: string) =>
    h.logs.map((line) => JSON.parse(line) as Record<string, any>).find((line) => line.msg === 'request' && line.requestId === requestId);

  it('names the request, operation, principal, duration, each upstream call and the error codes', async () => {
    h.sandbox.faults.add({ provider: 'stripe', kind: 'status', status: 500, pathIncludes: '/v1/invoices' });
    const ok = await h.graphql(
      'query HistoryAndUpcoming { invoices(provider: STRIPE, first: 2) { nodes { id } } missing: invoice(id: "SW52b2ljZTpbInN0cmlwZSJd") { id } }',
      undefined,
      { 'x-request-id': 'log-test-1' },
    );
    expect(ok.body.data.invoices.nodes).toHaveLength(2);
    const line = lineFor('log-test-1')!;
    expect(line).toMatchObject({
      service: 'billgraph',
      level: 30,
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'HistoryAndUpcoming',
      principal: { kind: 'service' }, // sandbox mode: billgraph's own (sandbox) keys
      upstreamCallCount: 2,
      errorCodes: ['BAD_USER_INPUT'],
    });
    expect(typeof line.durationMs).toBe('number');
    expect(line.durationMs).toBeGreaterThan(0);
    expect(Date.parse(line.time)).not.toBeNaN();
    // The retried 500, then the answer: provider, method, path, status, attempt and duration of each.
    expect(
      line.upstreamCalls.map((call: Record<string, unknown>) => [call.provider, call.method, call.path, call.status, call.attempt]),
    ).toEqual([
      ['stripe', 'GET', '/v1/invoices', 500, 1],
      ['stripe', 'GET', '/v1/invoices', 200, 2],
    ]);
    for (const call of line.upstreamCalls) expect(typeof call.durationMs).toBe('number');
  });

  it('a request refused before GraphQL is logged too, with its status and code', async () => {
    await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/xml', 'x-request-id': 'log-test-2' }, body: '<q/>' });
    expect(lineFor('log-test-2')).toMatchObject({ status: 415, operationName: null, upstreamCallCount: 0, errorCodes: ['BAD_USER_INPUT'] });
  });
});
