import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

const PREVIEW = `mutation($input: PreviewInvoiceInput!) { previewInvoice(input: $input) { __typename } }`;

describe('Decimal and DateTime inputs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const send = (input: Record<string, unknown>) =>
    h.graphql(PREVIEW, { input: { provider: 'STRIPE', customer: 'cus_SbxAcmeUsd001', ...input } });

  it('a bad Decimal in variables names the exact path inside the variable, as BAD_USER_INPUT, before any upstream call', async () => {
    h.sandbox.reset();
    for (const bad of ['x', '1e3', ' 2', '+2', '', '1.', '.5', '1,5', '9'.repeat(31)]) {
      const { status, body } = await send({
        addItems: [
          { price: 'price_SbxSupportUsd', quantity: '1' },
          { price: 'price_SbxSupportUsd', quantity: bad },
        ],
      });
      expect(status, bad).toBe(400); // a variable that does not coerce is a request error, like a bad Int or enum
      expect(body.errors, bad).toHaveLength(1);
      expect(body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors![0]!.message).toContain('at "input.addItems[1].quantity"');
      expect(body.errors![0]!.message).toContain('Decimal values are strings of digits');
    }
    expect(h.sandbox.received).toHaveLength(0);
  });

  it('plain decimals are accepted as written', async () => {
    const { body } = await send({
      changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '7' }],
      invoiceItems: [{ amount: '-0.50', description: 'Credit' }],
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.previewInvoice.__typename).toBe('PreviewInvoiceSuccess');
  });

  it('a DateTime that is no calendar time is refused, not rolled over to another day', async () => {
    for (const bad of [
      '2026-11-31T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-16T24:00:00Z',
      '2026-11-16',
      '2026-11-16T00:00:00+25:00',
    ]) {
      const { body } = await send({ changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '8' }], prorationDate: bad });
      expect(body.errors?.[0]?.extensions?.code, bad).toBe('BAD_USER_INPUT');
      expect(body.errors![0]!.message).toContain('at "input.prorationDate"');
    }
    const offset = await send({ changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '8' }], prorationDate: '2026-11-16T01:00:00+01:00' });
    expect(offset.body.errors).toBeUndefined();
    // A leap day is a calendar day, also in years 0-99 (Date.UTC would read 0004 as 1904).
    for (const day of ['2028-02-29T00:00:00Z', '0004-02-29T00:00:00Z']) {
      const { body } = await h.graphql(
        `mutation { previewInvoice(input: { provider: FLEXPRICE, subscription: "subs_acme_growth", periodStart: "${day}", periodEnd: "2030-01-01T00:00:00Z" }) { __typename } }`,
      );
      expect(JSON.stringify(body), day).not.toContain('DateTime values are');
    }
  });

  it('a bad Decimal written into the query itself is BAD_USER_INPUT with its location', async () => {
    const { body } = await h.graphql(
      `mutation { previewInvoice(input: { provider: STRIPE, addItems: [{ price: "p", quantity: "1e3" }] }) { __typename } }`,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((body.errors?.[0] as { locations?: unknown[] } | undefined)?.locations).toEqual([{ line: 1, column: 89 }]); // the "1e3" literal
  });
});
