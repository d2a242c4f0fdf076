import type { Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/billgraph-metrics.js';
import type { RequestStates } from '../../src/server/request-state.js';
import { useRequestLog } from '../../src/server/use-request-log.js';
import { useRequestState } from '../../src/server/use-request-state.js';
import { bareYoga, capturedLogger, fixedStates, post } from './support.js';

describe('useRequestLog', () => {
  const setup = (extra: (states: RequestStates) => Plugin[] = () => []) => {
    const { states } = fixedStates();
    const { logger, lines } = capturedLogger();
    const metrics = createMetrics();
    const yoga = bareYoga(
      [useRequestState(states), ...extra(states), useRequestLog({ states, logger, metrics, secrets: ['sk_test_secret'] })],
      {},
    );
    return { yoga, lines, metrics };
  };

  it('answers with the request id and logs one line naming the request, operation and duration', async () => {
    const { yoga, lines, metrics } = setup();
    const response = await yoga.fetch(post('query Greeting { hello }', { 'x-request-id': 'log-1' }));
    expect(response.headers.get('x-request-id')).toBe('log-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request',
      service: 'billgraph',
      requestId: 'log-1',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Greeting',
      principal: null,
      upstreamCallCount: 0,
      upstreamCalls: [],
      errorCodes: [],
    });
    expect(lines[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(metrics.render()).toMatch(/billgraph_http_requests_total\{status="200"\} 1/);
    metrics.close();
  });

  it('logs what other plugins learnt: upstream calls (secrets scrubbed, at most 50), principal and error codes once each', async () => {
    const learn = (states: RequestStates): Plugin => ({
      onRequest({ request }) {
        const state = states.of(request);
        state.principal = { kind: 'customer', subject: 'u1', provider: 'stripe', customers: ['cus_1', 'cus_2'] };
        state.errorCodes.push('NOT_FOUND', 'NOT_FOUND', 'FORBIDDEN');
        for (let attempt = 1; attempt <= 60; attempt += 1)
          state.upstreamCalls.push({
            provider: 'stripe',
            method: 'GET',
            path: '/v1/invoices?key=sk_test_secret',
            status: 500,
            durationMs: 2,
            attempt,
            error: 'failed with sk_test_secret',
          });
      },
    });
    const { yoga, lines, metrics } = setup((states) => [learn(states)]);
    await yoga.fetch(post('{ hello }'));
    const [line] = lines;
    expect(line).toMatchObject({
      principal: { kind: 'customer', subject: 'u1', provider: 'stripe', customers: 2 },
      upstreamCallCount: 60,
      errorCodes: ['NOT_FOUND', 'FORBIDDEN'],
    });
    expect(line!.upstreamCalls).toHaveLength(50);
    expect(line!.upstreamCalls[0]).toEqual({
      provider: 'stripe',
      method: 'GET',
      path: '/v1/invoices?key=[redacted]',
      status: 500,
      durationMs: 2,
      attempt: 1,
      error: 'failed with [redacted]',
    });
    metrics.close();
  });

  it('does not log health checks, and counts only /graphql in the metrics', async () => {
    const { yoga, lines, metrics } = setup();
    await yoga.fetch(new Request('http://billgraph.test/health'));
    await yoga.fetch(new Request('http://billgraph.test/healthz'));
    await yoga.fetch(new Request('http://billgraph.test/elsewhere'));
    expect(lines.map((line) => line.path)).toEqual(['/health', '/elsewhere']);
    expect(metrics.render()).not.toMatch(/billgraph_http_requests_total\{/);
    metrics.close();
  });
});
