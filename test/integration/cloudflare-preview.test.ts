import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, PreviewInvoiceDocument, type PreviewInvoiceInput } from '../../src/client/index.js';
import { EUR_ACCOUNT, USD_ACCOUNT } from '../helpers/cloudflare.js';
import { startHarness, type Harness } from '../helpers/harness.js';

// Cloudflare's invoice-preview endpoint takes no input: previewInvoice can only show what it shows.
describe('previewInvoice on Cloudflare', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const preview = async (input: Partial<PreviewInvoiceInput>) => {
    const result = await execute(h.url, PreviewInvoiceDocument, { input: { provider: 'CLOUDFLARE', ...input } });
    expect(result.errors).toBeUndefined();
    return result.data!.previewInvoice;
  };

  it('with no change: the invoice preview, and no difference against the upcoming invoice', async () => {
    h.sandbox.reset();
    const result = await preview({ customer: EUR_ACCOUNT });
    expect(result.__typename).toBe('PreviewInvoiceSuccess');
    if (result.__typename !== 'PreviewInvoiceSuccess') return;
    expect(result.invoice.isPreview).toBe(true);
    expect(result.invoice.currency).toBe('EUR');
    expect(result.change.amountDueBefore).toEqual(result.change.amountDueAfter);
    expect(result.change.amountDueDifference).toMatchObject({ amount: '0.00', currency: 'EUR' });
    expect(result.change.linesAdded).toEqual([]);
    expect(result.change.linesRemoved).toEqual([]);
    expect(result.change.linesComplete).toBe(true);
    // The preview and the "before" are one upstream read (memoised within the request).
    expect(h.sandbox.count('cloudflare', 'invoice-preview')).toBe(1);
  });

  it('any change is the UnsupportedError member naming every field, without calling Cloudflare', async () => {
    h.sandbox.reset();
    const result = await preview({
      customer: USD_ACCOUNT,
      subscription: 'sub_1',
      addItems: [{ price: 'price_1' }],
      discounts: [{ coupon: 'TENOFF' }],
      currency: 'eur',
      periodStart: '2026-10-01T00:00:00Z',
    });
    expect(result).toMatchObject({ __typename: 'UnsupportedError', provider: 'CLOUDFLARE' });
    if (result.__typename !== 'UnsupportedError') return;
    expect([...result.fields].sort()).toEqual(['addItems', 'currency', 'discounts', 'periodStart', 'subscription']);
    expect(result.message).toMatch(/takes no input/);
    expect(h.sandbox.received).toEqual([]);
  });
});
