import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_JPY_CUSTOMER, STRIPE_KWD_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';

// `Money.formatted` over HTTP (README "Frontend: amounts"): rounded half-even to the currency's minor unit by
// default, every digit with `precision: FULL`, and `amount` exact either way. Ties are in test/unit/money.test.ts.
const MONEY = `amount minorUnits formatted full: formatted(precision: FULL) minor: formatted(precision: MINOR_UNIT) de: formatted(locale: "de-DE")`;

describe('Money.formatted', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('rounds a Flexprice usage amount to cents by default; FULL shows it as the upstream sent it', async () => {
    const { body } = await h.graphql(`{ invoices(provider: FLEXPRICE, first: 20) { nodes { amountDue { ${MONEY} } } } }`);
    expect(body.errors).toBeUndefined();
    const amounts = body.data.invoices.nodes.map((node: { amountDue: Record<string, string | null> }) => node.amountDue);
    // Before 0.2.0 `formatted` was "$109.060178723999340085" here (CHANGELOG.md).
    expect(amounts).toContainEqual({
      amount: '109.060178723999340085',
      minorUnits: null,
      formatted: '$109.06',
      full: '$109.060178723999340085',
      minor: '$109.06',
      de: '109,06\u00a0$',
    });
    for (const money of amounts) expect(money.formatted).toMatch(/^-?\$[\d,]+\.\d\d$/);
  });

  it.each([
    [
      STRIPE_JPY_CUSTOMER,
      { amount: '15730', minorUnits: '15730', formatted: '¥15,730', full: '¥15,730', minor: '¥15,730', de: '15.730\u00a0¥' },
    ],
    [
      STRIPE_KWD_CUSTOMER,
      {
        amount: '22.340',
        minorUnits: '22340',
        formatted: 'KWD\u00a022.340',
        full: 'KWD\u00a022.340',
        minor: 'KWD\u00a022.340',
        de: '22,340\u00a0KWD',
      },
    ],
  ])('keeps the minor unit of %s (zero and three decimals) in both precisions', async (customer, expected) => {
    const { body } = await h.graphql(`query($c: String) { upcomingInvoice(provider: STRIPE, customer: $c) { amountDue { ${MONEY} } } }`, {
      c: customer,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.upcomingInvoice.amountDue).toEqual(expected);
  });

  it('refuses a precision that is not MINOR_UNIT or FULL before running anything', async () => {
    const { body } = await h.graphql(`{ upcomingInvoice { amountDue { formatted(precision: CENTS) } } }`);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.message).toMatch(/MoneyPrecision/);
  });
});
