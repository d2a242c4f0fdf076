import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsServer } from '../../src/metrics/server.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/** Prometheus text -> { 'name{labels}': value }, checking every line is well formed on the way. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const match =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})?) (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|\+Inf))$/.exec(
        line,
      );
    expect(match, `malformed metrics line: ${line}`).not.toBeNull();
    samples.set(match![1]!, Number(match![2]));
  }
  return samples;
}

describe('metrics on their own port (GET /metrics, Prometheus text format)', () => {
  let h: Harness;
  let server: Server;
  let metricsUrl: string;
  beforeAll(async () => {
    h = await startHarness();
    server = createMetricsServer(h.app.metrics);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    metricsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await h?.close();
  });

  const scrape = async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    return { text, samples: parse(text) };
  };
  const value = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0;

  it('counts requests, operations, errors and every upstream attempt, retries included', async () => {
    const before = (await scrape()).samples;

    // One query that succeeds after one retried upstream 500...
    h.sandbox.faults.add({ provider: 'cloudflare', kind: 'status', status: 500, pathIncludes: 'invoice-preview' });
    const ok = await h.graphql('query Upcoming { upcomingInvoice(provider: CLOUDFLARE) { id } }');
    expect(ok.body.errors).toBeUndefined();
    // ...one that fails validation, and one that never reaches GraphQL (wrong content type).
    const invalid = await h.graphql('{ invoices { nope } }');
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const refused = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<q/>' });
    expect(refused.status).toBe(415);

    const after = (await scrape()).samples;
    const delta = (key: string) => value(after, key) - value(before, key);
    // A validation failure is a 400 for a client that accepts application/graphql-response+json.
    expect(invalid.status).toBe(400);
    expect(delta('billgraph_http_requests_total{status="200"}')).toBe(1);
    expect(delta('billgraph_http_requests_total{status="400"}')).toBe(1);
    expect(delta('billgraph_http_requests_total{status="415"}')).toBe(1);
    expect(delta('billgraph_graphql_operations_total{type="query"}')).toBe(1);
    expect(delta('billgraph_graphql_operations_total{type="none"}')).toBe(2);
    expect(delta('billgraph_graphql_errors_total{code="BAD_USER_INPUT"}')).toBe(2);
    expect(delta('billgraph_upstream_requests_total{provider="cloudflare",method="GET",status="500"}')).toBe(1);
    expect(delta('billgraph_upstream_requests_total{provider="cloudflare",method="GET",status="200"}')).toBe(1);
    expect(delta('billgraph_upstream_retries_total{provider="cloudflare"}')).toBe(1);
    expect(delta('billgraph_upstream_request_duration_seconds_count{provider="cloudflare"}')).toBe(2);
    expect(delta('billgraph_request_duration_seconds_count{type="query"}')).toBe(1);
  });

  it('histograms are cumulative and end at their count', async () => {
    await h.graphql('{ invoices(provider: CLOUDFLARE, first: 3) { nodes { id } } }');
    const { text, samples } = await scrape();
    const buckets = text
      .split('\n')
      .filter((line) => line.startsWith('billgraph_request_duration_seconds_bucket{type="query"'))
      .map((line) => Number(line.split(' ').at(-1)));
    expect(buckets.length).toBeGreaterThan(5);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(buckets.at(-1)).toBe(samples.get('billgraph_request_duration_seconds_count{type="query"}'));
    expect(samples.get('billgraph_request_duration_seconds_sum{type="query"}')).toBeGreaterThan(0);
    expect(samples.get('process_resident_memory_bytes')).toBeGreaterThan(1_000_000);
    // This process's CPU time: non-zero after answering, and no more than the test process has spent in all.
    expect(samples.get('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(samples.get('process_cpu_seconds_total')).toBeLessThanOrEqual(process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6);
    expect(text).toContain('# TYPE process_cpu_seconds_total counter');
  });

  it('never labels by what a caller chose: operation names, customer ids and credentials stay out', async () => {
    await h.graphql(
      'query LeakyOperationName_42 { invoices(provider: STRIPE, customer: "cus_CallerChosen999", first: 1) { nodes { id } } }',
      undefined,
      {
        authorization: 'Bearer caller-token-should-not-appear',
      },
    );
    const { text } = await scrape();
    for (const chosen of [
      'LeakyOperationName_42',
      'cus_CallerChosen999',
      'caller-token-should-not-appear',
      'sandbox-cloudflare-token',
      'sk_test_',
    ]) {
      expect(text).not.toContain(chosen);
    }
  });

  it('serves only GET /metrics', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/graphql'))).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await fetch(metricsUrl, { method: 'HEAD' })).status).toBe(200);
  });
});
