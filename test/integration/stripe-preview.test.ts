import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  execute,
  PreviewInvoiceDocument,
  UpcomingInvoiceDocument,
  type PreviewInvoiceInput,
  type PreviewInvoiceMutation,
} from '../../src/client/index.js';
import {
  STRIPE_DEFAULT_CUSTOMER,
  STRIPE_JPY_CUSTOMER,
  STRIPE_KWD_CUSTOMER,
  STRIPE_MULTI_SUBSCRIPTION_CUSTOMER,
  STRIPE_NO_SUBSCRIPTION_CUSTOMER,
} from '../../src/sandbox/stripe/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';

/**
 * Upcoming invoices and previewInvoice against the sandbox's create_preview. The default customer's
 * subscription bills 1 × Pro plan ($49.00) + 5 × Seat ($12.00) monthly with 8.25% tax per line:
 * subtotal $109.00, tax $4.04 + $4.95 = $8.99, amount due $117.99. Its period is 1 Nov - 1 Dec 2026,
 * so a proration date of 16 Nov 00:00 UTC leaves exactly half the period.
 */
const HALF_PERIOD = '2026-11-16T00:00:00.000Z';

describe('Stripe upcoming invoice and previewInvoice over real HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ BILLGRAPH_PROVIDER: 'stripe' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const upcoming = async (customer: string, subscription?: string) => {
    const result = await execute(h.url, UpcomingInvoiceDocument, { provider: 'STRIPE', customer, subscription, lines: 20 });
    return result;
  };

  async function preview(input: Partial<PreviewInvoiceInput>) {
    const result = await execute(h.url, PreviewInvoiceDocument, {
      input: { provider: 'STRIPE', customer: STRIPE_DEFAULT_CUSTOMER, ...input },
    });
    expect(result.errors).toBeUndefined();
    return result.data!.previewInvoice;
  }

  type Success = Extract<PreviewInvoiceMutation['previewInvoice'], { __typename: 'PreviewInvoiceSuccess' }>;
  const success = (result: PreviewInvoiceMutation['previewInvoice']): Success => {
    expect(result.__typename, JSON.stringify(result)).toBe('PreviewInvoiceSuccess');
    return result as Success;
  };
  const lineSummary = (lines: Success['change']['linesAdded']) => lines.map((l) => [l.description, l.amount.amount, l.proration]);

  it.each([
    [STRIPE_DEFAULT_CUSTOMER, 'USD', '117.99', '11799', '$117.99', '8.99'],
    [STRIPE_JPY_CUSTOMER, 'JPY', '15730', '15730', '¥15,730', '1430'],
    [STRIPE_KWD_CUSTOMER, 'KWD', '22.340', '22340', 'KWD\u00a022.340', null],
  ])('upcoming invoice of %s is exact in %s', async (customer, currency, amount, minorUnits, formatted, tax) => {
    const result = await upcoming(customer);
    expect(result.errors).toBeUndefined();
    const invoice = result.data!.upcomingInvoice!;
    expect(invoice.isPreview).toBe(true);
    expect(invoice.providerId).toMatch(/^upcoming_in_/);
    expect(invoice.origin).toBe('AUTO');
    expect(invoice.currency).toBe(currency);
    expect(invoice.amountDue).toEqual({ amount, currency, minorUnits, formatted });
    expect(invoice.tax?.amount ?? null).toBe(tax === null ? (currency === 'KWD' ? '0.000' : null) : tax);
    const sum = invoice.lines.nodes.reduce((total, line) => total + BigInt(line.amount.minorUnits!), 0n);
    expect(sum.toString()).toBe(invoice.subtotal!.minorUnits);
  });

  it('KWD lines keep three decimals and seat unit amounts exact', async () => {
    const invoice = (await upcoming(STRIPE_KWD_CUSTOMER)).data!.upcomingInvoice!;
    expect(invoice.lines.nodes.map((l) => [l.description, l.amount.amount, l.unitAmount?.amount, l.quantity])).toEqual([
      ['1 × Business plan', '12.340', '12.340', '1'],
      ['4 × Seat', '10.000', '2.500', '4'],
    ]);
  });

  it('without `subscription`: several active subscriptions are listed in BAD_USER_INPUT, none gives null', async () => {
    const several = await upcoming(STRIPE_MULTI_SUBSCRIPTION_CUSTOMER);
    expect(several.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: ['subscription'],
      choices: ['sub_SbxGlobexBas1', 'sub_SbxGlobexEnt1'],
    });
    const none = await upcoming(STRIPE_NO_SUBSCRIPTION_CUSTOMER);
    expect(none.errors).toBeUndefined();
    expect(none.data!.upcomingInvoice).toBeNull();
  });

  it('a canceled subscription has no upcoming invoice (Stripe: invoice_upcoming_none) and is not a choice', async () => {
    h.sandbox.reset();
    const canceled = await upcoming(STRIPE_DEFAULT_CUSTOMER, 'sub_SbxAcmeOld001');
    expect(canceled.errors).toBeUndefined();
    expect(canceled.data!.upcomingInvoice).toBeNull();
    expect(h.sandbox.count('stripe', 'invoices.create_preview')).toBe(1);
    // Acme also has that canceled subscription: only the active one is resolved without `subscription`.
    const active = await upcoming(STRIPE_DEFAULT_CUSTOMER);
    expect(active.errors).toBeUndefined();
    expect(active.data!.upcomingInvoice?.subscriptionId).toBe('sub_SbxAcmePro001');
  });

  it('a preview with more than 10 lines says hasNextPage honestly and never calls the lines endpoint', async () => {
    h.sandbox.reset();
    const result = await upcoming(STRIPE_MULTI_SUBSCRIPTION_CUSTOMER, 'sub_SbxGlobexEnt1');
    expect(result.errors).toBeUndefined();
    const invoice = result.data!.upcomingInvoice!;
    expect(invoice.lines.nodes).toHaveLength(10);
    expect(invoice.lines.pageInfo.hasNextPage).toBe(true);
    expect(invoice.lines.totalCount).toBeNull();
    expect(h.sandbox.count('stripe', 'invoices.lines')).toBe(0);
    expect(h.sandbox.count('stripe', 'invoices.create_preview')).toBe(1);
  });

  it('preview lines page within the embedded ten; past them is UNSUPPORTED, not an endless empty "next page"', async () => {
    const linesPage = (after: string | null) =>
      h.graphql(
        `query($after: String) { upcomingInvoice(provider: STRIPE, customer: "${STRIPE_MULTI_SUBSCRIPTION_CUSTOMER}", subscription: "sub_SbxGlobexEnt1") {
          lines(first: 6, after: $after) { pageInfo { hasNextPage endCursor } nodes { description } } } }`,
        { after },
      );
    const first = await linesPage(null);
    const second = await linesPage(first.body.data.upcomingInvoice.lines.pageInfo.endCursor);
    expect(second.body.errors).toBeUndefined();
    expect(second.body.data.upcomingInvoice.lines.nodes).toHaveLength(4);
    expect(second.body.data.upcomingInvoice.lines.pageInfo.hasNextPage).toBe(true); // Stripe said has_more
    const third = await linesPage(second.body.data.upcomingInvoice.lines.pageInfo.endCursor);
    expect(third.status).toBe(200);
    expect(third.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNSUPPORTED', provider: 'stripe' });
    expect(third.body.errors?.[0]?.message).toMatch(/only the first 10 lines of this preview/);
    // The last lines are among those Stripe did not return: `last` without `before` cannot be answered either.
    const last = await h.graphql(
      `{ upcomingInvoice(provider: STRIPE, customer: "${STRIPE_MULTI_SUBSCRIPTION_CUSTOMER}", subscription: "sub_SbxGlobexEnt1") { lines(last: 3) { nodes { description } } } }`,
    );
    expect(last.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNSUPPORTED', provider: 'stripe' });
    // Backward from a line that was returned is fine, and says more lines follow.
    const before = await h.graphql(
      `query($before: String) { upcomingInvoice(provider: STRIPE, customer: "${STRIPE_MULTI_SUBSCRIPTION_CUSTOMER}", subscription: "sub_SbxGlobexEnt1") {
          lines(last: 2, before: $before) { pageInfo { hasNextPage hasPreviousPage } nodes { description } } } }`,
      { before: second.body.data.upcomingInvoice.lines.pageInfo.endCursor },
    );
    expect(before.body.errors).toBeUndefined();
    expect(before.body.data.upcomingInvoice.lines.nodes).toHaveLength(2);
    expect(before.body.data.upcomingInvoice.lines.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true });
  });

  it("line cursors fit only their own preview: the upcoming invoice's are refused by a change's preview", async () => {
    const upcomingLines = await h.graphql(`{ upcomingInvoice(provider: STRIPE) { lines(first: 1) { pageInfo { endCursor } } } }`);
    const cursor: string = upcomingLines.body.data.upcomingInvoice.lines.pageInfo.endCursor;
    const changed = (after: string | null) =>
      h.graphql(
        `mutation($after: String) { previewInvoice(input: { provider: STRIPE, addItems: [{ price: "price_SbxSupportUsd" }], prorationBehavior: NONE }) {
          ... on PreviewInvoiceSuccess { invoice { lines(first: 1, after: $after) { pageInfo { endCursor } nodes { description } } } } } }`,
        { after },
      );
    const foreign = await changed(cursor);
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(foreign.body.errors?.[0]?.message).toMatch(/different query/);
    // The same change previewed again accepts its own cursor (previews are recomputed, the change is the same).
    const own = await changed(null);
    const next = await changed(own.body.data.previewInvoice.invoice.lines.pageInfo.endCursor);
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.previewInvoice.invoice.lines.nodes).toHaveLength(1);
  });

  it('add an item: the new line and its cost against the upcoming invoice', async () => {
    const result = success(await preview({ addItems: [{ price: 'price_SbxSupportUsd' }], prorationBehavior: 'NONE' }));
    // + Priority support $25.00, tax $2.0625 -> $2.06: due 117.99 + 27.06 = 145.05
    expect(result.invoice.amountDue.amount).toBe('145.05');
    expect(result.change.amountDueBefore?.amount).toBe('117.99');
    expect(result.change.amountDueDifference).toMatchObject({ amount: '27.06', minorUnits: '2706', formatted: '$27.06' });
    expect(lineSummary(result.change.linesAdded)).toEqual([['1 × Priority support', '25.00', false]]);
    expect(result.change.linesRemoved).toEqual([]);
    expect(result.change.prorationLines).toEqual([]);
    expect(result.change.linesComplete).toBe(true);
  });

  it('a change to a preview of more than ten lines: the amounts are whole and linesComplete says the line lists are not', async () => {
    const result = success(
      await preview({
        customer: STRIPE_MULTI_SUBSCRIPTION_CUSTOMER,
        subscription: 'sub_SbxGlobexEnt1',
        addItems: [{ price: 'price_SbxProMonthly' }],
        prorationBehavior: 'NONE',
      }),
    );
    expect(result.invoice.lines.pageInfo.hasNextPage).toBe(true);
    expect(result.change.linesComplete).toBe(false);
    // The difference is computed from the whole invoices' amounts, whatever the lines shown.
    const { amountDueBefore, amountDueAfter, amountDueDifference } = result.change;
    const cents = (amount: string) => BigInt(amount.replace('.', ''));
    expect(cents(amountDueDifference.amount)).toBe(cents(amountDueAfter.amount) - cents(amountDueBefore!.amount));
    expect(cents(amountDueDifference.amount)).toBeGreaterThan(0n);
  });

  it('change a quantity with a proration date: credit and charge for the remaining half period', async () => {
    const result = success(await preview({ changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '8' }], prorationDate: HALF_PERIOD }));
    expect(lineSummary(result.change.prorationLines)).toEqual([
      ['Unused time on 5 × Seat after 16 Nov 2026', '-30.00', true],
      ['Remaining time on 8 × Seat after 16 Nov 2026', '48.00', true],
    ]);
    // lines 49 + 96 - 30 + 48 = 163.00; tax 4.04 + 7.92 - 2.48 + 3.96 = 13.44; due 176.44
    expect(result.invoice.subtotal?.amount).toBe('163.00');
    expect(result.invoice.tax?.amount).toBe('13.44');
    expect(result.invoice.amountDue.amount).toBe('176.44');
    expect(result.change.amountDueDifference.amount).toBe('58.45');
    expect(lineSummary(result.change.linesAdded)).toEqual([
      ['Unused time on 5 × Seat after 16 Nov 2026', '-30.00', true],
      ['Remaining time on 8 × Seat after 16 Nov 2026', '48.00', true],
      ['8 × Seat', '96.00', false],
    ]);
    expect(lineSummary(result.change.linesRemoved)).toEqual([['5 × Seat', '60.00', false]]);
  });

  it('remove an item: the seats line goes and the unused half is credited', async () => {
    const result = success(await preview({ removeItems: ['si_SbxAcmeSeats1'], prorationDate: HALF_PERIOD }));
    // 49.00 - 30.00 = 19.00; tax 4.04 - 2.48 = 1.56; due 20.56
    expect(result.invoice.amountDue.amount).toBe('20.56');
    expect(result.change.amountDueDifference.amount).toBe('-97.43');
    expect(lineSummary(result.change.linesRemoved)).toEqual([['5 × Seat', '60.00', false]]);
    expect(lineSummary(result.change.prorationLines)).toEqual([['Unused time on 5 × Seat after 16 Nov 2026', '-30.00', true]]);
  });

  it('apply a coupon: 20% off every line before tax', async () => {
    const result = success(await preview({ discounts: [{ coupon: 'SAVE20' }] }));
    // discount 9.80 + 12.00 = 21.80; tax on 39.20 and 48.00 = 3.23 + 3.96 = 7.19; due 109 - 21.80 + 7.19 = 94.39
    expect(result.invoice.discount?.amount).toBe('21.80');
    expect(result.invoice.tax?.amount).toBe('7.19');
    expect(result.invoice.amountDue.amount).toBe('94.39');
    expect(result.change.amountDueDifference.amount).toBe('-23.60');
    expect(result.invoice.lines.nodes.map((l) => l.credits.map((c) => [c.type, c.amount.amount]))).toEqual([
      [['discount', '9.80']],
      [['discount', '12.00']],
    ]);
    // Same lines, same amounts: nothing added or removed, only the discount changed the total.
    expect(result.change.linesAdded).toEqual([]);
    expect(result.change.linesRemoved).toEqual([]);
  });

  it('a promotion code and a one-off amount with sub-cent precision stay exact', async () => {
    const result = success(
      await preview({
        discounts: [{ promotionCode: 'promo_SbxWelcome10' }],
        invoiceItems: [{ amount: '10.005', quantity: '2', description: 'Setup fee' }],
        prorationBehavior: 'NONE',
      }),
    );
    const setup = result.change.linesAdded.find((l) => l.description === 'Setup fee')!;
    expect(setup.unitAmount?.amount).toBe('10.005');
    expect(setup.amount.amount).toBe('20.01');
    expect(result.invoice.discount?.amount).toBe('12.90');
  });

  it('invalid input comes back as InvalidInputError with the input field path, HTTP 200', async () => {
    const cases: [Partial<PreviewInvoiceInput>, string[]][] = [
      [{ addItems: [{ price: 'price_SbxSupportUsd' }, { price: 'price_DoesNotExist' }] }, ['input', 'addItems', '1', 'price']],
      [{ changeItems: [{ item: 'si_Nope', quantity: '2' }] }, ['input', 'changeItems', '0', 'item']],
      [{ changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '2.5' }] }, ['input', 'changeItems', '0', 'quantity']],
      [{ discounts: [{ coupon: 'NOPE' }] }, ['input', 'discounts', '0', 'coupon']],
      [{ addItems: [{ price: 'price_SbxStandardJpy' }] }, ['input', 'addItems', '0', 'price']],
      [{ removeItems: ['si_SbxAcmePlan01'], prorationDate: '2027-03-01T00:00:00Z' }, ['input', 'prorationDate']],
      // Contradictions are pointed at, never resolved by a guess.
      [
        {
          changeItems: [
            { item: 'si_SbxAcmeSeats1', quantity: '3' },
            { item: 'si_SbxAcmeSeats1', quantity: '9' },
          ],
        },
        ['input', 'changeItems', '1', 'item'],
      ],
      [{ removeItems: ['si_SbxAcmeSeats1', 'si_SbxAcmeSeats1'] }, ['input', 'removeItems', '1']],
      [{ changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '3' }], removeItems: ['si_SbxAcmeSeats1'] }, ['input', 'removeItems', '0']],
      [{ discounts: [{ coupon: 'SAVE20' }, { coupon: 'SAVE20' }] }, ['input', 'discounts', '1']],
      [{ invoiceItems: [{ price: 'price_SbxSupportUsd', amount: '25.00', description: 'both' }] }, ['input', 'invoiceItems', '0']],
      // A single charge finer than a cent would be rounded by Stripe: refused (with a quantity it is a unit price).
      [{ invoiceItems: [{ amount: '25.005', description: 'Setup' }] }, ['input', 'invoiceItems', '0', 'amount']],
      [
        { customer: STRIPE_JPY_CUSTOMER, invoiceItems: [{ amount: '100.5', description: 'Setup' }] },
        ['input', 'invoiceItems', '0', 'amount'],
      ],
    ];
    for (const [input, field] of cases) {
      const response = await h.graphql(
        `mutation($input: PreviewInvoiceInput!) { previewInvoice(input: $input) { __typename ... on InvalidInputError { message field } } }`,
        {
          input: { provider: 'STRIPE', customer: STRIPE_DEFAULT_CUSTOMER, ...input },
        },
      );
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.previewInvoice, JSON.stringify(input)).toMatchObject({ __typename: 'InvalidInputError', field });
    }
  });

  it('input refused on its face costs no upstream call (not even the current upcoming invoice)', async () => {
    h.sandbox.reset();
    for (const input of [
      { changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '2.5' }] },
      { removeItems: ['si_SbxAcmeSeats1', 'si_SbxAcmeSeats1'] },
      { discounts: [{ coupon: 'SAVE20', promotionCode: 'WELCOME10' }] },
      { invoiceItems: [{ description: 'neither price nor amount' }] },
      { invoiceItems: [{ amount: '25.005', currency: 'usd', description: 'finer than a cent' }] },
      { currency: 'isk', invoiceItems: [{ amount: '5.50', description: 'ISK has no decimal part, even at Stripe' }] },
    ] as Partial<PreviewInvoiceInput>[]) {
      expect((await preview(input)).__typename, JSON.stringify(input)).toBe('InvalidInputError');
    }
    expect(h.sandbox.received).toEqual([]);
  });

  it('Flexprice-only inputs (billing period, hide zero charges) are the UnsupportedError member, not silently ignored', async () => {
    h.sandbox.reset();
    const result = await preview({ periodStart: '2026-11-01T00:00:00Z', periodEnd: '2026-12-01T00:00:00Z', hideZeroCharges: true });
    expect(result).toMatchObject({
      __typename: 'UnsupportedError',
      provider: 'STRIPE',
      fields: ['periodStart', 'periodEnd', 'hideZeroCharges'],
    });
    expect(h.sandbox.count('stripe')).toBe(0);
  });

  it('an unknown subscription is the NotFoundError member; several subscriptions need one named', async () => {
    expect(await preview({ subscription: 'sub_Nope' })).toMatchObject({ __typename: 'NotFoundError' });
    expect(await preview({ customer: STRIPE_MULTI_SUBSCRIPTION_CUSTOMER, addItems: [{ price: 'price_SbxSupportUsd' }] })).toMatchObject({
      __typename: 'InvalidInputError',
      field: ['input', 'subscription'],
    });
  });

  it('a new subscription for a customer without one previews its first invoice (no current invoice to compare)', async () => {
    const result = success(
      await preview({ customer: STRIPE_NO_SUBSCRIPTION_CUSTOMER, addItems: [{ price: 'price_SbxProEur', quantity: '2' }] }),
    );
    // 2 x 45.00 EUR + 19% VAT = 107.10 EUR
    expect(result.invoice.amountDue).toMatchObject({ amount: '107.10', currency: 'EUR', minorUnits: '10710' });
    expect(result.change.amountDueBefore).toBeNull();
    expect(result.change.amountDueDifference.amount).toBe('107.10');
    expect(lineSummary(result.change.linesAdded)).toEqual([['2 × Pro plan', '90.00', false]]);
  });

  it('previewInvoice costs two create_preview calls (the change and the current upcoming invoice) and one subscription lookup', async () => {
    h.sandbox.reset();
    success(await preview({ changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '8' }], prorationDate: HALF_PERIOD }));
    expect(h.sandbox.count('stripe', 'subscriptions.list')).toBe(1);
    expect(h.sandbox.count('stripe', 'invoices.create_preview')).toBe(2);
    expect(h.sandbox.count('stripe')).toBe(3);
    // The change and the current upcoming invoice are previewed at once: find the change by its body.
    const post = h.sandbox.received.find((r) => r.route === 'invoices.create_preview' && r.body.includes('subscription_details'));
    expect(post!.headers['stripe-version']).toBe('2026-07-29.dahlia');
    expect(post!.headers['idempotency-key']).toMatch(/^billgraph-/);
    expect(post!.body).toBe(
      `customer=cus_SbxAcmeUsd001&subscription=sub_SbxAcmePro001&subscription_details[items][0][id]=si_SbxAcmeSeats1&subscription_details[items][0][quantity]=8&subscription_details[proration_date]=${Date.parse(HALF_PERIOD) / 1000}`,
    );
  });

  it('the change and the current upcoming invoice are previewed at the same time, not one after the other', async () => {
    h.sandbox.reset();
    const latencyMs = 400;
    h.sandbox.faults.add({ provider: 'stripe', kind: 'latency', latencyMs, pathIncludes: 'create_preview', times: 2 });
    const started = performance.now();
    success(
      await preview({
        subscription: 'sub_SbxAcmePro001',
        changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '8' }],
        prorationDate: HALF_PERIOD,
      }),
    );
    const elapsed = performance.now() - started;
    expect(h.sandbox.count('stripe', 'invoices.create_preview')).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(latencyMs - 20);
    expect(elapsed).toBeLessThan(2 * latencyMs - 100); // one after the other would take 800 ms or more
  });

  it('when reading the current upcoming invoice fails, the failure is reported rather than a null "before"', async () => {
    h.sandbox.reset();
    // The change's create_preview passes; the current upcoming invoice's (no subscription_details) and its retries fail.
    h.sandbox.faults.add({
      provider: 'stripe',
      kind: 'status',
      status: 500,
      pathIncludes: 'create_preview',
      bodyExcludes: 'subscription_details',
      times: 10,
    });
    const result = await execute(h.url, PreviewInvoiceDocument, {
      input: {
        provider: 'STRIPE',
        customer: STRIPE_DEFAULT_CUSTOMER,
        changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '8' }],
        prorationDate: HALF_PERIOD,
      },
    });
    expect(result.data?.previewInvoice ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const previews = h.sandbox.received.filter((r) => r.route === 'invoices.create_preview');
    expect(previews.filter((r) => r.body.includes('subscription_details'))).toHaveLength(1); // the change: answered
    expect(previews.length).toBe(1 + 3); // the current upcoming invoice: three failed attempts
    h.sandbox.faults.clear();
  });
});
