import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvoiceHistoryDocument, type BillingProvider } from '../../src/client/index.js';
import { ok } from '../helpers/cloudflare.js';
import { startHarness, type Harness } from '../helpers/harness.js';

// The two ends of a history, paged past, for every provider: the same pageInfo whatever the upstream's
// paging dialect (page numbers, id cursors or offsets).
describe.each<BillingProvider>(['CLOUDFLARE', 'STRIPE', 'FLEXPRICE'])('%s: paging past either end of the history', (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const page = (variables: { first?: number; after?: string; last?: number; before?: string }) =>
    ok(h.url, InvoiceHistoryDocument, { provider, ...variables }).then((data) => data.invoices);

  it('`last` before the newest invoice: no invoices, and that newest invoice is the next page', async () => {
    const newest = await page({ first: 1 });
    expect(newest.edges).toHaveLength(1);
    const past = await page({ last: 3, before: newest.edges[0]!.cursor });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null });
    expect(past.totalCount).toBe(newest.totalCount); // the same count as every other page (null only for Stripe)

    // ...and paging forward from there again starts at the newest invoice.
    const again = await page({ first: 1 });
    expect(again.edges[0]!.node.id).toBe(newest.edges[0]!.node.id);
  });

  it('`first` after the oldest invoice: no invoices, no next page, a previous page', async () => {
    const oldest = await page({ last: 1 });
    expect(oldest.edges).toHaveLength(1);
    expect(oldest.pageInfo.hasNextPage).toBe(false);
    expect(oldest.pageInfo.hasPreviousPage).toBe(true);
    const past = await page({ first: 3, after: oldest.edges[0]!.cursor });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});
