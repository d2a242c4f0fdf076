import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { STRIPE_DEFAULT_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { attr, exportingTo, startReceiver, type OtlpReceiver } from '../helpers/otlp.js';
import { sandboxEnv, startBillgraph } from '../helpers/process.js';

/**
 * Traces end to end: billgraph exports OTLP/HTTP (JSON) to a real receiver in this test, configured only by
 * OTEL_* variables. A Stripe previewInvoice whose current-invoice preview fails twice with 500 shows the tree
 * operation -> loader batch -> three upstream attempts, under the caller's traceparent, with route templates
 * and no customer id anywhere in the export.
 */
const PREVIEW = `mutation Preview {
  previewInvoice(input: { provider: STRIPE, addItems: [{ price: "price_SbxSupportUsd" }], prorationBehavior: NONE }) {
    __typename
    ... on PreviewInvoiceSuccess { change { amountDueBefore { amount } amountDueAfter { amount } } }
  }
}`;

describe('OpenTelemetry traces over OTLP/HTTP', () => {
  let sandbox: Sandbox;
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    sandbox = await startSandbox();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('a Stripe previewInvoice: operation -> loader -> three upstream attempts, child of the caller traceparent', async () => {
    const billgraph = await startBillgraph({
      ...sandboxEnv(sandbox.url),
      BILLGRAPH_PROVIDER: 'stripe',
      BILLGRAPH_DRAIN_DELAY_MS: '0',
      UPSTREAM_RETRY_BASE_MS: '5',
      UPSTREAM_RETRY_MAX_MS: '20',
      LOG_LEVEL: 'info',
      ...exportingTo(receiver),
      OTEL_SERVICE_NAME: 'billgraph-test',
    });
    // The current upcoming invoice's preview (the one without the added price) fails twice, then answers.
    sandbox.faults.add({
      provider: 'stripe',
      kind: 'status',
      status: 500,
      pathIncludes: '/v1/invoices/create_preview',
      bodyExcludes: 'price_SbxSupportUsd',
      times: 2,
    });
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const response = await fetch(`${billgraph.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${callerTrace}-${callerSpan}-01` },
      body: JSON.stringify({ query: PREVIEW }),
    });
    const result = await response.json();
    expect(result.errors).toBeUndefined();
    expect(result.data.previewInvoice.__typename).toBe('PreviewInvoiceSuccess');
    // SIGTERM flushes the batch of spans before the process exits.
    expect(await billgraph.stop()).toBe(0);

    const exported = receiver.bodies.join('\n');
    expect(exported).not.toContain(STRIPE_DEFAULT_CUSTOMER);
    const spans = receiver.spans();
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([callerTrace]));
    const children = (parent: (typeof spans)[number]) => spans.filter((s) => s.parentSpanId === parent.spanId);

    const operation = spans.find((s) => s.name === 'mutation Preview')!;
    expect(operation.parentSpanId).toBe(callerSpan);
    expect(attr(operation, 'graphql.operation.type')).toBe('mutation');
    expect(attr(operation, 'billgraph.principal.kind')).toBe('service');

    const loader = children(operation).find((s) => s.name === 'loader upcomingInvoice')!;
    expect(attr(loader, 'billgraph.loader.batch_size')).toBe(1);
    const attempts = children(loader).filter((s) => attr(s, 'url.template') === '/v1/invoices/create_preview');
    expect(attempts.map((s) => [s.name, attr(s, 'billgraph.upstream.attempt'), attr(s, 'http.response.status_code')])).toEqual([
      ['POST /v1/invoices/create_preview', 1, 500],
      ['POST /v1/invoices/create_preview', 2, 500],
      ['POST /v1/invoices/create_preview', 3, 200],
    ]);
    expect(attempts.map((s) => attr(s, 'billgraph.upstream.retry_reason'))).toEqual([undefined, 'status 500', 'status 500']);
    expect(attempts.every((s) => attr(s, 'billgraph.upstream.provider') === 'stripe')).toBe(true);
    // The preview itself and the subscription lookup hang off the operation, their routes templated too.
    const direct = children(operation).map((s) => s.name);
    expect(direct).toContain('POST /v1/invoices/create_preview');
    expect(spans.map((s) => s.name)).toContain('GET /v1/subscriptions');

    // The request's log line carries the same trace id.
    const line = billgraph
      .stdout()
      .split('\n')
      .find((l) => l.includes('"msg":"request"'));
    expect(JSON.parse(line!).traceId).toBe(callerTrace);
  }, 60_000);
});
