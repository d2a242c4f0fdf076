import Cloudflare from 'cloudflare';
import type { BillingInvoiceHistoryResponse, BillingInvoicePreviewResponse } from 'cloudflare/resources/ai-gateway/billing/billing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { EUR_ACCOUNT, JPY_ACCOUNT, USD_ACCOUNT, seededAccount } from '../helpers/cloudflare.js';

/**
 * Fidelity of the sandbox's Cloudflare dialect, checked by a client nobody here wrote: the official
 * `cloudflare` SDK (v7), pointed at the sandbox, reads the invoice preview and history.
 */
describe('the official cloudflare SDK against the sandbox', () => {
  let sandbox: Sandbox;
  let client: Cloudflare;

  beforeAll(async () => {
    sandbox = await startSandbox();
    client = new Cloudflare({
      baseURL: `${sandbox.url}/cloudflare/client/v4`,
      apiToken: SANDBOX_CREDENTIALS.cloudflare.token,
      maxRetries: 0,
    });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('reads the invoice preview (client.aiGateway.billing.invoicePreview)', async () => {
    const preview: BillingInvoicePreviewResponse = await client.aiGateway.billing.invoicePreview({ account_id: USD_ACCOUNT });
    expect(preview.id).toMatch(/^in_preview_/);
    expect(typeof preview.amount_due).toBe('number');
    expect(preview.amount_due).toBe(7004);
    expect(preview.status).toBe('draft');
    expect(typeof preview.period_start).toBe('number');
    expect(preview.invoice_lines.length).toBe(10);
    for (const line of preview.invoice_lines) {
      expect(typeof line.amount).toBe('number');
      expect(typeof line.quantity).toBe('number');
      expect(typeof line.period.start).toBe('number');
      expect(line.pricing.unit_amount_decimal === null || typeof line.pricing.unit_amount_decimal === 'string').toBe(true);
      expect(line.description === null || typeof line.description === 'string').toBe(true);
      for (const credit of line.pretax_credit_amounts ?? []) {
        expect(typeof credit.amount).toBe('number');
        expect(typeof credit.type).toBe('string');
      }
    }
    expect(sandbox.count('cloudflare', 'invoice-preview')).toBe(1);
  });

  it('reads the invoice history with each type (client.aiGateway.billing.invoiceHistory)', async () => {
    for (const [account, type] of [
      [USD_ACCOUNT, 'all'],
      [USD_ACCOUNT, 'manual'],
      [EUR_ACCOUNT, 'auto'],
      [JPY_ACCOUNT, undefined],
    ] as const) {
      const history: BillingInvoiceHistoryResponse = await client.aiGateway.billing.invoiceHistory(
        type ? { account_id: account, type } : { account_id: account },
      );
      const seeded = seededAccount(account).history.filter((wire) => !type || type === 'all' || wire.invoice_origin === type);
      expect(history.pagination.total_count).toBe(seeded.length);
      expect(typeof history.pagination.has_more).toBe('boolean');
      expect(typeof history.pagination.page).toBe('number');
      expect(typeof history.pagination.per_page).toBe('number');
      expect(history.invoices.length).toBeGreaterThan(0);
      for (const invoice of history.invoices) {
        expect(typeof invoice.amount_due).toBe('number');
        expect(typeof invoice.currency).toBe('string');
        expect(invoice.id === null || invoice.id === undefined || typeof invoice.id === 'string').toBe(true);
        if (type && type !== 'all') expect(invoice.invoice_origin).toBe(type);
      }
    }
  });

  it('the SDK parses with JSON.parse, so it rounds 2^53 + 1 cents (billgraph does not: see the mapping test)', async () => {
    const history = await client.aiGateway.billing.invoiceHistory({ account_id: USD_ACCOUNT, type: 'manual' });
    const big = history.invoices.find((invoice) => invoice.id === 'in_precision_beyond_float64');
    expect(big?.amount_due).toBe(2 ** 53);
  });

  it('email + global key auth works too', async () => {
    const { email, globalKey } = SANDBOX_CREDENTIALS.cloudflare;
    const byKey = new Cloudflare({
      baseURL: `${sandbox.url}/cloudflare/client/v4`,
      apiEmail: email,
      apiKey: globalKey,
      apiToken: null,
      maxRetries: 0,
    });
    const preview = await byKey.aiGateway.billing.invoicePreview({ account_id: EUR_ACCOUNT });
    expect(preview.currency).toBe('eur');
  });

  it("errors arrive in Cloudflare's envelope, which the SDK maps to its own error classes", async () => {
    const wrong = new Cloudflare({ baseURL: `${sandbox.url}/cloudflare/client/v4`, apiToken: 'wrong', maxRetries: 0 });
    const denied = await wrong.aiGateway.billing.invoicePreview({ account_id: USD_ACCOUNT }).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(Cloudflare.PermissionDeniedError);
    expect((denied as InstanceType<typeof Cloudflare.APIError>).errors[0]).toMatchObject({ code: 10000 });

    const missing = await client.aiGateway.billing
      .invoicePreview({ account_id: 'ffffffffffffffffffffffffffffffff' })
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(Cloudflare.NotFoundError);

    sandbox.faults.add({ provider: 'cloudflare', kind: 'status', status: 429, retryAfter: 1 });
    const limited = await client.aiGateway.billing.invoicePreview({ account_id: USD_ACCOUNT }).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(Cloudflare.RateLimitError);
    expect((limited as InstanceType<typeof Cloudflare.APIError>).headers?.get('retry-after')).toBe('1');
  });
});
