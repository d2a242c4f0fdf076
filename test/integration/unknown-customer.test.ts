import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FP_IDLE_CUSTOMER } from '../../src/sandbox/flexprice/data.js';
import { STRIPE_NO_SUBSCRIPTION_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';

// A mistyped customer id must not read as "this customer has nothing" (docs/ARCHITECTURE.md section 8: NOT_FOUND).
describe('a customer that does not exist is NOT_FOUND, not an empty answer', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  for (const [provider, missing] of [
    ['STRIPE', 'cus_DoesNotExist1'],
    ['FLEXPRICE', 'cust_does_not_exist'],
  ] as const) {
    it(`${provider}: upcomingInvoice, invoices (first and last) and previewInvoice`, async () => {
      for (const query of [
        `{ upcomingInvoice(provider: ${provider}, customer: "${missing}") { id } }`,
        `{ invoices(provider: ${provider}, customer: "${missing}", first: 5) { totalCount nodes { id } } }`,
        `{ invoices(provider: ${provider}, customer: "${missing}", last: 5) { totalCount nodes { id } } }`,
      ]) {
        const { body } = await h.graphql(query);
        expect(body.errors?.[0]?.extensions, query).toMatchObject({ code: 'NOT_FOUND', provider: provider.toLowerCase() });
      }
      const preview = await h.graphql(
        `mutation { previewInvoice(input: { provider: ${provider}, customer: "${missing}" }) { __typename } }`,
      );
      expect(preview.body.data.previewInvoice.__typename).toBe('NotFoundError');
    });
  }

  it('a customer that exists but has no subscription still has a null upcoming invoice', async () => {
    for (const [provider, customer] of [
      ['STRIPE', STRIPE_NO_SUBSCRIPTION_CUSTOMER],
      ['FLEXPRICE', FP_IDLE_CUSTOMER],
    ]) {
      const { body } = await h.graphql(`{ upcomingInvoice(provider: ${provider}, customer: "${customer}") { id } }`);
      expect(body.errors, provider).toBeUndefined();
      expect(body.data.upcomingInvoice).toBeNull();
    }
  });
});
