import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { attr, exportingTo, startReceiver, type OtlpReceiver, type OtlpSpan } from '../helpers/otlp.js';
import { sandboxEnv, startBillgraph, type BillgraphProcess } from '../helpers/process.js';
import { STRIPE_DEFAULT_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { stripeHeader, stripeInvoiceEvent } from '../helpers/webhooks.js';
import { openSse } from '../helpers/sse.js';
import { REDIS_URL, testPrefix, untilListening } from '../live/helpers.js';

/**
 * Traces of a subscription, end to end over real HTTP: a billgraph process exports OTLP/HTTP (JSON) to a receiver
 * in this test. A subscriber of invoiceEvents (with the caller's traceparent) hears a Stripe invoice being paid
 * (the sandbox pays it and delivers the signed webhook): the stream's span is a child of the caller's span and says
 * how many events it delivered; the event's span, linked to it, holds the re-read's loader batch and upstream
 * attempt; no customer or invoice id is exported. When the re-read fails (the sandbox answers 500), the event's
 * span ends with status ERROR and the error's code.
 */
const SECRET = 'whsec_subscription_trace_0123456789';
const INITECH = 'cus_SbxInitechNo1';
const OPEN_INVOICE = 'in_tfmMxgDcr9fA5s2Zsv4AMgwi';
const PAID = `subscription Paid($customer: String) {
  invoiceEvents(provider: STRIPE, customer: $customer) { type providerInvoiceId invoice { id status } }
}`;
const SERVER = 2;
const CONSUMER = 5;
/** SpanStatusCode.ERROR, as OTLP/JSON sends it. */
const ERROR = 2;

describe('OpenTelemetry traces of a subscription', () => {
  let sandbox: Sandbox;
  let receiver: OtlpReceiver;
  let redis: Redis;
  beforeAll(async () => {
    sandbox = await startSandbox();
    receiver = await startReceiver();
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await sandbox.close();
    await receiver.close();
  });

  const start = (prefix: string): Promise<BillgraphProcess> =>
    startBillgraph({
      ...sandboxEnv(sandbox.url),
      BILLGRAPH_PROVIDER: 'stripe',
      BILLGRAPH_DRAIN_DELAY_MS: '0',
      BILLGRAPH_REDIS_URL: REDIS_URL,
      BILLGRAPH_RESPONSE_CACHE_PREFIX: prefix,
      BILLGRAPH_BUDGET_PREFIX: prefix,
      STRIPE_WEBHOOK_SECRET: SECRET,
      ...exportingTo(receiver),
    });

  it('stream span under the caller; one event span linked to it, with the re-read as its children', async () => {
    const prefix = testPrefix();
    const billgraph = await start(prefix);
    sandbox.webhooks.configure('stripe', { url: `${billgraph.origin}/webhooks/stripe`, secret: SECRET });
    const callerTrace = '0af7651916cd43dd8448eb211c80319c';
    const callerSpan = 'b7ad6b7169203331';
    const stream = await openSse(
      `${billgraph.origin}/graphql`,
      PAID,
      { customer: INITECH },
      { traceparent: `00-${callerTrace}-${callerSpan}-01` },
    );
    expect((await fetch(`${sandbox.url}/__sandbox/stripe/invoices/${OPEN_INVOICE}/pay`, { method: 'POST' })).status).toBe(200);
    const [event] = await stream.nexts(1);
    expect(event!.data.data.invoiceEvents).toMatchObject({ type: 'INVOICE_PAID', invoice: { status: 'PAID' } });
    stream.close();
    await untilListening(redis, prefix, 'stripe', INITECH, 0, 'at most'); // the server saw the client go
    expect(await billgraph.stop()).toBe(0); // SIGTERM flushes the spans

    expect(receiver.bodies.join('\n')).not.toMatch(new RegExp(`${INITECH}|${OPEN_INVOICE}`));
    const spans = receiver.spans();
    const children = (parent: OtlpSpan) => spans.filter((s) => s.parentSpanId === parent.spanId);
    const streamSpan = spans.find((s) => s.name === 'subscription Paid')!;
    expect(streamSpan).toMatchObject({ traceId: callerTrace, parentSpanId: callerSpan, kind: SERVER });
    expect(attr(streamSpan, 'graphql.operation.type')).toBe('subscription');
    expect(attr(streamSpan, 'billgraph.principal.kind')).toBe('service');
    expect(attr(streamSpan, 'billgraph.subscription.events_delivered')).toBe(1);

    const eventSpans = spans.filter((s) => s.name.startsWith('event '));
    expect(eventSpans.map((s) => s.name)).toEqual(['event INVOICE_PAID']);
    const eventSpan = eventSpans[0]!;
    // A trace of its own, linked to the stream's span (not its child: see src/telemetry/stream-trace.ts).
    expect(eventSpan.kind).toBe(CONSUMER);
    expect(eventSpan.parentSpanId ?? '').toBe('');
    expect(eventSpan.traceId).not.toBe(callerTrace);
    expect(eventSpan.links).toEqual([expect.objectContaining({ traceId: callerTrace, spanId: streamSpan.spanId })]);
    expect([attr(eventSpan, 'billgraph.event.type'), attr(eventSpan, 'billgraph.event.provider')]).toEqual(['INVOICE_PAID', 'stripe']);
    expect(attr(eventSpan, 'billgraph.event.delivered')).toBe(true);

    const loader = children(eventSpan).find((s) => s.name.startsWith('loader '))!;
    expect(loader.traceId).toBe(eventSpan.traceId);
    const attempts = children(loader);
    expect(attempts.map((s) => [s.name, attr(s, 'billgraph.upstream.provider'), attr(s, 'http.response.status_code')])).toEqual([
      ['GET /v1/invoices/{id}', 'stripe', 200],
    ]);
  }, 60_000);

  it('upcomingInvoiceChanged: the first read under the stream span; a re-read that changes nothing is an event not delivered', async () => {
    const prefix = testPrefix();
    const billgraph = await start(prefix);
    const upcoming = 'subscription Upcoming { upcomingInvoiceChanged(provider: STRIPE) { id amountDue { amount } } }';
    const stream = await openSse(`${billgraph.origin}/graphql`, upcoming);
    await stream.nexts(1);
    const reads = sandbox.count('stripe');
    // A subscription of the customer changed (signed as Stripe signs), but not its upcoming invoice.
    const payload = JSON.stringify({
      id: `evt_trace_${prefix.slice(7, 15)}`,
      type: 'customer.subscription.updated',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'sub_trace', object: 'subscription', customer: STRIPE_DEFAULT_CUSTOMER } },
    });
    const hook = await fetch(`${billgraph.origin}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeHeader(payload, SECRET) },
      body: payload,
    });
    expect(hook.status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (sandbox.count('stripe') === reads && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    stream.close();
    expect(await billgraph.stop()).toBe(0);

    const spans = receiver.spans();
    const streamSpan = spans.find((s) => s.name === 'subscription Upcoming')!;
    expect(attr(streamSpan, 'billgraph.subscription.events_delivered')).toBe(1); // the first read only
    const first = spans.filter((s) => s.parentSpanId === streamSpan.spanId).map((s) => s.name);
    expect(first).toContain('loader upcomingInvoice');
    const eventSpan = spans.find((s) => s.links?.[0]?.spanId === streamSpan.spanId)!;
    expect(eventSpan.name).toBe('event SUBSCRIPTION_CHANGED');
    expect(attr(eventSpan, 'billgraph.event.delivered')).toBe(false);
    expect(spans.filter((s) => s.parentSpanId === eventSpan.spanId).map((s) => s.name)).toEqual(['loader upcomingInvoice']);
  }, 60_000);

  it("an event whose re-read fails: the event's span ends with status ERROR and the error's code", async () => {
    const prefix = testPrefix();
    const billgraph = await start(prefix);
    const callerTrace = '5c1f0e2a9b8d47c6a3e2d1f0a9b8c7d6';
    const traceparent = `00-${callerTrace}-a1b2c3d4e5f60718-01`;
    const stream = await openSse(`${billgraph.origin}/graphql`, PAID, { customer: INITECH }, { traceparent });
    // Every read of the invoice fails, retries included.
    const fault = { provider: 'stripe', kind: 'status', status: 500, pathIncludes: `/v1/invoices/${OPEN_INVOICE}`, times: 10 };
    expect((await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify(fault) })).status).toBe(200);
    const payload = stripeInvoiceEvent(`evt_trace_${prefix.slice(7, 15)}`, 'invoice.paid', INITECH, OPEN_INVOICE);
    const hook = await fetch(`${billgraph.origin}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeHeader(payload, SECRET) },
      body: payload,
    });
    expect(hook.status).toBe(200);
    const [event] = await stream.nexts(1);
    expect(event!.data.data.invoiceEvents).toMatchObject({ type: 'INVOICE_PAID', invoice: null });
    expect(event!.data.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }) }),
    ]);
    stream.close();
    sandbox.faults.clear();
    expect(await billgraph.stop()).toBe(0);

    const spans = receiver.spans();
    const streamSpan = spans.find((s) => s.traceId === callerTrace)!;
    const eventSpan = spans.find((s) => s.links?.[0]?.spanId === streamSpan.spanId)!;
    expect(eventSpan.name).toBe('event INVOICE_PAID');
    expect(eventSpan.status).toEqual({ code: ERROR });
    expect(attr(eventSpan, 'error.type')).toBe('UPSTREAM_UNAVAILABLE');
  }, 60_000);
});
