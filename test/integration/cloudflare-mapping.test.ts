import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  execute,
  InvoiceDocument,
  InvoiceHistoryDocument,
  UpcomingInvoiceDocument,
  type InvoiceHistoryQuery,
} from '../../src/client/index.js';
import { JsonNumber } from '../../src/http/lossless-json.js';
import { EUR_ACCOUNT, JPY_ACCOUNT, USD_ACCOUNT, ok, onlyError, seededAccount } from '../helpers/cloudflare.js';
import { startHarness, type Harness } from '../helpers/harness.js';

type Wire = Record<string, any>;
type Node = InvoiceHistoryQuery['invoices']['edges'][number]['node'];

const EXPONENT: Record<string, number> = { USD: 2, EUR: 2, JPY: 0 };

/** "12345" minor units -> "123.45" (written independently of src/domain, with bigint and strings). */
function major(minor: string, currency: string): string {
  const exponent = EXPONENT[currency]!;
  if (exponent === 0) return minor;
  const negative = minor.startsWith('-');
  const digits = (negative ? minor.slice(1) : minor).padStart(exponent + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Seeded numbers are JsonNumber (exact text); read that text. */
const raw = (value: unknown): string => (value instanceof JsonNumber ? value.text : String(value));
const wireTime = (value: unknown, unit: 's' | 'ms') =>
  value === undefined || value === null ? null : new Date(Number(raw(value)) * (unit === 's' ? 1000 : 1)).toISOString();

function expectedMoney(minor: unknown, currency: string) {
  const units = raw(minor);
  return { amount: major(units, currency), currency, minorUnits: units };
}

function expectHistoryInvoice(node: Node, wire: Wire, account: string, unit: 's' | 'ms') {
  const currency = String(wire.currency).toUpperCase();
  expect(node).toMatchObject({
    provider: 'CLOUDFLARE',
    providerId: wire.id ?? null,
    isPreview: false,
    number: null,
    status: wire.status ? String(wire.status).toUpperCase() : null,
    providerStatus: wire.status ?? null,
    origin: String(wire.invoice_origin).toUpperCase(),
    description: wire.description ?? null,
    currency,
    amountDue: expectedMoney(wire.amount_due, currency),
    amountPaid: expectedMoney(wire.amount_paid, currency),
    amountRemaining: expectedMoney(wire.amount_remaining, currency),
    subtotal: null,
    tax: null,
    discount: null,
    total: null,
    periodStart: null,
    periodEnd: null,
    createdAt: wireTime(wire.created, unit),
    dueAt: null,
    pdfUrl: wire.invoice_pdf ?? null,
    hostedUrl: null,
    attemptCount: wire.attempt_count === undefined ? null : Number(raw(wire.attempt_count)),
    attempted: wire.attempted ?? null,
    autoAdvance: wire.auto_advance ?? null,
    customerId: account,
    subscriptionId: null,
  });
  expect(node.amountDue.formatted).toMatch(/\d/);
}

describe('Cloudflare mapping over real HTTP', () => {
  let h: Harness;
  let major_: Harness;

  beforeAll(async () => {
    [h, major_] = await Promise.all([startHarness(), startHarness({ CLOUDFLARE_AMOUNT_UNIT: 'major' })]);
  });
  afterAll(async () => {
    await Promise.all([h?.close(), major_?.close()]);
  });

  const history = async (harness: Harness, customer: string) =>
    (await ok(harness.url, InvoiceHistoryDocument, { customer, first: 100 })).invoices;

  for (const [label, account] of [
    ['USD, seconds', USD_ACCOUNT],
    ['EUR, milliseconds, paging ignored', EUR_ACCOUNT],
    ['JPY, zero-decimal', JPY_ACCOUNT],
  ] as const) {
    it(`maps every field of every history invoice (${label})`, async () => {
      const seeded = seededAccount(account);
      const invoices = await history(h, account);
      expect(invoices.totalCount).toBe(seeded.history.length);
      expect(invoices.edges).toHaveLength(seeded.history.length);
      invoices.edges.forEach(({ node }, i) => expectHistoryInvoice(node, seeded.history[i]!, account, seeded.timeUnit));
    });

    it(`maps every field of the upcoming invoice and its lines (${label})`, async () => {
      const seeded = seededAccount(account);
      const wire = seeded.preview as Wire;
      const currency = String(wire.currency).toUpperCase();
      const { upcomingInvoice } = await ok(h.url, UpcomingInvoiceDocument, { customer: account, lines: 100 });
      const lines = wire.invoice_lines as Wire[];
      const credits = lines.flatMap((line) => (line.pretax_credit_amounts ?? []) as Wire[]);
      const sum = (values: unknown[]) => values.reduce<bigint>((total, value) => total + BigInt(raw(value)), 0n).toString();
      expect(upcomingInvoice).toMatchObject({
        provider: 'CLOUDFLARE',
        providerId: wire.id,
        isPreview: true,
        number: null,
        status: 'DRAFT',
        providerStatus: 'draft',
        origin: 'AUTO',
        description: null,
        currency,
        amountDue: expectedMoney(wire.amount_due, currency),
        amountPaid: expectedMoney(wire.amount_paid, currency),
        amountRemaining: expectedMoney(wire.amount_remaining, currency),
        subtotal: expectedMoney(sum(lines.map((line) => line.amount)), currency),
        tax: null,
        discount: expectedMoney(sum(credits.map((credit) => credit.amount)), currency),
        total: null,
        periodStart: wireTime(wire.period_start, seeded.timeUnit),
        periodEnd: wireTime(wire.period_end, seeded.timeUnit),
        createdAt: null,
        dueAt: null,
        pdfUrl: null,
        hostedUrl: null,
        attemptCount: null,
        attempted: null,
        autoAdvance: null,
        customerId: account,
        subscriptionId: null,
      });
      expect(upcomingInvoice!.lines.totalCount).toBe(lines.length);
      expect(upcomingInvoice!.lines.pageInfo.hasNextPage).toBe(false);
      upcomingInvoice!.lines.nodes.forEach((node, i) => {
        const line = lines[i]!;
        const unitAmount = line.pricing.unit_amount_decimal as string | null;
        expect(node).toMatchObject({
          id: null,
          description: line.description,
          amount: expectedMoney(line.amount, currency),
          quantity: raw(line.quantity),
          periodStart: wireTime(line.period.start, seeded.timeUnit),
          periodEnd: wireTime(line.period.end, seeded.timeUnit),
          proration: false,
          credits: ((line.pretax_credit_amounts ?? []) as Wire[]).map((credit) => ({
            amount: expectedMoney(credit.amount, currency),
            type: credit.type,
            creditBalanceTransaction: credit.credit_balance_transaction ?? null,
            discount: credit.discount ?? null,
          })),
        });
        // unit_amount_decimal is in the same (minor) unit as amounts, with sub-minor digits kept.
        if (unitAmount === null) expect(node.unitAmount).toBeNull();
        else expect(Number(node.unitAmount!.amount) * 10 ** EXPONENT[currency]!).toBeCloseTo(Number(unitAmount), 12);
      });
    });
  }

  it('covers each nullable case of the seeded history explicitly', async () => {
    const seeded = seededAccount(USD_ACCOUNT);
    const nodes = (await history(h, USD_ACCOUNT)).edges.map((edge) => edge.node);
    const idless = nodes.filter((node) => node.providerId === null);
    expect(idless).toHaveLength(1);
    expect(idless[0]!.id).toMatch(/^[A-Za-z0-9_-]+$/); // still a usable global id
    expect(nodes.some((node) => node.status === null && node.providerStatus === null)).toBe(true);
    expect(nodes.some((node) => node.description === null)).toBe(true);
    expect(nodes.some((node) => node.pdfUrl === null)).toBe(true);
    expect(nodes.some((node) => node.autoAdvance === null)).toBe(true);
    const missingKeys = seeded.history.findIndex((wire) => !('attempt_count' in wire) && !('attempted' in wire));
    expect(missingKeys).toBeGreaterThanOrEqual(0);
    expect(nodes[missingKeys]).toMatchObject({ attemptCount: null, attempted: null });
    const { upcomingInvoice } = await ok(h.url, UpcomingInvoiceDocument, {});
    const bare = upcomingInvoice!.lines.nodes.find((line) => line.description === null);
    expect(bare).toMatchObject({ description: null, unitAmount: null, credits: [] });
  });

  it('keeps the 2^53 + 1 cents invoice exact', async () => {
    const nodes = (await history(h, USD_ACCOUNT)).edges.map((edge) => edge.node);
    const big = nodes.find((node) => node.providerId === 'in_precision_beyond_float64')!;
    expect(big.amountDue).toEqual({
      amount: '90071992547409.93',
      currency: 'USD',
      minorUnits: '9007199254740993',
      formatted: '$90,071,992,547,409.93',
    });
    expect(big.amountPaid.minorUnits).toBe('9007199254740993');
    expect(big.origin).toBe('MANUAL');
  });

  it('reads seconds and milliseconds to the same instants', async () => {
    const [usd, eur] = await Promise.all([history(h, USD_ACCOUNT), history(h, EUR_ACCOUNT)]);
    const newestAuto = (edges: typeof usd.edges) => edges.find((edge) => edge.node.origin === 'AUTO')!.node.createdAt;
    expect(newestAuto(usd.edges)).toBe('2026-11-01T01:00:00.000Z');
    expect(newestAuto(eur.edges)).toBe('2026-11-01T01:00:00.000Z');
    const { upcomingInvoice: usdNext } = await ok(h.url, UpcomingInvoiceDocument, { customer: USD_ACCOUNT });
    const { upcomingInvoice: eurNext } = await ok(h.url, UpcomingInvoiceDocument, { customer: EUR_ACCOUNT });
    expect(usdNext!.periodStart).toBe('2026-11-01T00:00:00.000Z');
    expect(eurNext!.periodStart).toBe(usdNext!.periodStart);
    expect(eurNext!.lines.nodes[0]!.periodEnd).toBe('2026-12-01T00:00:00.000Z');
  });

  it('formats non-USD currencies (EUR in de-DE, JPY without decimals)', async () => {
    const eur = await h.graphql(
      `query($c: String) { upcomingInvoice(customer: $c) { amountDue { amount currency formatted(locale: "de-DE") } } }`,
      { c: EUR_ACCOUNT },
    );
    const { amount, currency, formatted } = eur.body.data.upcomingInvoice.amountDue;
    expect(currency).toBe('EUR');
    const [whole, cents] = (amount as string).split('.');
    expect(formatted.replace(/[\u00a0\u202f]/g, ' ')).toBe(`${Number(whole).toLocaleString('de-DE')},${cents} €`);
    const { upcomingInvoice: jpy } = await ok(h.url, UpcomingInvoiceDocument, { customer: JPY_ACCOUNT });
    expect(jpy!.amountDue.amount).toMatch(/^\d+$/);
    expect(jpy!.amountDue.minorUnits).toBe(jpy!.amountDue.amount);
    expect(jpy!.amountDue.formatted).toMatch(/^¥[\d,]+$/);
    const bad = await h.graphql(`{ upcomingInvoice { amountDue { formatted(locale: "not a locale!!") } } }`);
    onlyError(bad.body, 'BAD_USER_INPUT');
  });

  it('CLOUDFLARE_AMOUNT_UNIT=major reads upstream amounts as major units', async () => {
    const nodes = (await history(major_, USD_ACCOUNT)).edges.map((edge) => edge.node);
    const big = nodes.find((node) => node.providerId === 'in_precision_beyond_float64')!;
    expect(big.amountDue).toMatchObject({ amount: '9007199254740993.00', minorUnits: '900719925474099300' });
    const { upcomingInvoice } = await ok(major_.url, UpcomingInvoiceDocument, {});
    expect(upcomingInvoice!.amountDue.amount).toBe('7004.00');
    const jpy = (await history(major_, JPY_ACCOUNT)).edges[0]!.node;
    const wire = seededAccount(JPY_ACCOUNT).history[0] as Wire;
    expect(jpy.amountDue.amount).toBe(raw(wire.amount_due));
  });

  it('invoice(id) and node(id) return the same invoice, also for an id-less history invoice', async () => {
    const nodes = (await history(h, USD_ACCOUNT)).edges.map((edge) => edge.node);
    for (const listed of [
      nodes[3]!,
      nodes.find((node) => node.providerId === null)!,
      nodes.find((node) => node.providerId === 'in_precision_beyond_float64')!,
    ]) {
      const { invoice } = await ok(h.url, InvoiceDocument, { id: listed.id });
      const { lines, ...summary } = invoice!;
      expect(summary).toEqual(listed);
      expect(lines.nodes).toEqual([]);
      const viaNode = await h.graphql(
        `query($id: ID!) { node(id: $id) { __typename id ... on Invoice { providerId amountDue { amount minorUnits } createdAt } } }`,
        { id: listed.id },
      );
      expect(viaNode.body.errors).toBeUndefined();
      expect(viaNode.body.data.node).toEqual({
        __typename: 'Invoice',
        id: listed.id,
        providerId: listed.providerId,
        amountDue: { amount: listed.amountDue.amount, minorUnits: listed.amountDue.minorUnits },
        createdAt: listed.createdAt,
      });
    }
  });

  // Until 0.2.0 node(id) refused this id too; it now previews the upcoming invoice again (CHANGELOG.md).
  it('an upcoming invoice id: invoice(id) is a clear BAD_USER_INPUT naming node(id); node(id) reads it again', async () => {
    const { upcomingInvoice } = await ok(h.url, UpcomingInvoiceDocument, {});
    const viaInvoice = onlyError(await execute(h.url, InvoiceDocument, { id: upcomingInvoice!.id }), 'BAD_USER_INPUT');
    expect(viaInvoice.message).toMatch(/upcoming invoice/);
    expect(viaInvoice.message).toMatch(/node\(id\)/);
    const viaNode = await h.graphql(`query($id: ID!) { node(id: $id) { id ... on Invoice { amountDue { amount } } } }`, {
      id: upcomingInvoice!.id,
    });
    expect(viaNode.body).toEqual({ data: { node: { id: upcomingInvoice!.id, amountDue: { amount: upcomingInvoice!.amountDue.amount } } } });
  });

  it('an unknown or malformed invoice id is NOT_FOUND or BAD_USER_INPUT, never a wrong invoice', async () => {
    const unknown = Buffer.from(`Invoice:${JSON.stringify(['cloudflare', USD_ACCOUNT, 'in_does_not_exist', 0])}`).toString('base64url');
    onlyError(await execute(h.url, InvoiceDocument, { id: unknown }), 'NOT_FOUND');
    for (const id of ['garbage!', Buffer.from('Invoice:[1,2]').toString('base64url'), Buffer.from('Customer:x').toString('base64url')]) {
      onlyError(await execute(h.url, InvoiceDocument, { id }), 'BAD_USER_INPUT');
    }
  });
});
