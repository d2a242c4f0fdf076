import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIdOf, InvoiceEventsDocument, UpcomingInvoiceChangedDocument } from '../../src/client/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { STRIPE_DEFAULT_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import type { Harness } from '../helpers/harness.js';
import { openSse } from '../helpers/sse.js';
import { webhookUrl } from '../helpers/webhooks.js';
import { bearer, customerToken, JWT_ENV } from '../security/support.js';
import { liveInstance, testPrefix } from './helpers.js';

/**
 * A frontend in production subscribes with nothing but the typed client's manifest: billgraph runs trusted
 * documents only (src/client/generated/persisted-documents.json), and the subscriptions of schema/operations
 * open over SSE by documentId, while the same subscription as text is refused.
 */
const MANIFEST = 'src/client/generated/persisted-documents.json';
const SECRET = 'whsec_trusted_subscriptions_0123';
const INITECH = 'cus_SbxInitechNo1';
const OPEN_INVOICE = 'in_tfmMxgDcr9fA5s2Zsv4AMgwi';
const CURSOR_SECRET = 'test-cursor-secret-0123456789-abcdefghij';

const idOf = (document: object) => {
  const id = documentIdOf(document)!;
  expect(JSON.parse(readFileSync(MANIFEST, 'utf8'))).toHaveProperty([id]);
  return { documentId: id };
};

describe('subscriptions by trusted document id', () => {
  let sandbox: Sandbox;
  let h: Harness;
  const prefix = testPrefix();

  beforeAll(async () => {
    sandbox = await startSandbox();
    const env = { ...JWT_ENV, NODE_ENV: 'production', BILLGRAPH_CURSOR_SECRET: CURSOR_SECRET, BILLGRAPH_TRUSTED_DOCUMENTS: MANIFEST };
    h = await liveInstance(sandbox, prefix, { ...env, STRIPE_WEBHOOK_SECRET: SECRET });
    sandbox.webhooks.configure('stripe', { url: webhookUrl(h, 'stripe'), secret: SECRET });
  });
  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  it('runs trusted documents only there', () => {
    expect(h.config.trustedDocuments).toMatchObject({ arbitrary: 'refused' });
  });

  it('UpcomingInvoiceChanged: the upcoming invoice at once; its text is refused', async () => {
    const customer = bearer(await customerToken('stripe', [STRIPE_DEFAULT_CUSTOMER]));
    const stream = await openSse(h.url, idOf(UpcomingInvoiceChangedDocument), { provider: 'STRIPE' }, customer);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const [first] = await stream.nexts(1);
    expect(first!.data.errors).toBeUndefined();
    expect(first!.data.data.upcomingInvoiceChanged).toMatchObject({ customerId: STRIPE_DEFAULT_CUSTOMER, isPreview: true });
    stream.close();
    const text = 'subscription { upcomingInvoiceChanged(provider: STRIPE) { id } }';
    const refused = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...customer },
      body: JSON.stringify({ query: text }),
    });
    expect(await refused.text()).toMatch(/PersistedQueryOnly/);
  });

  it('InvoiceEvents: a paid invoice arrives as an event with the invoice read again', async () => {
    const initech = bearer(await customerToken('stripe', [INITECH]));
    const stream = await openSse(h.url, idOf(InvoiceEventsDocument), { provider: 'STRIPE' }, initech);
    expect((await fetch(`${sandbox.url}/__sandbox/stripe/invoices/${OPEN_INVOICE}/pay`, { method: 'POST' })).status).toBe(200);
    const [event] = await stream.nexts(1);
    expect(event!.data.errors).toBeUndefined();
    expect(event!.data.data.invoiceEvents).toMatchObject({
      type: 'INVOICE_PAID',
      providerInvoiceId: OPEN_INVOICE,
      invoice: { status: 'PAID', customerId: INITECH },
    });
    stream.close();
  });
});
