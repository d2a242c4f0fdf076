import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, InvoiceHistoryDocument, type InvoiceHistoryQuery, type InvoiceType } from '../../src/client/index.js';
import { createCloudflareDialect } from '../../src/sandbox/cloudflare/dialect.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import type { SandboxDialect } from '../../src/sandbox/dialect.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { EUR_ACCOUNT, JPY_ACCOUNT, USD_ACCOUNT, ok, onlyError, seededAccount, serveBillgraphInProcess } from '../helpers/cloudflare.js';
import { startHarness, type Harness } from '../helpers/harness.js';

type Connection = InvoiceHistoryQuery['invoices'];

/** The seeded history as (providerId, origin) pairs, newest first, filtered like the upstream's `type`. */
function expected(account: string, type: InvoiceType): { providerId: string | null; origin: string }[] {
  return seededAccount(account)
    .history.filter((wire) => type === 'ALL' || wire.invoice_origin === type.toLowerCase())
    .map((wire) => ({ providerId: (wire.id as string | null) ?? null, origin: String(wire.invoice_origin).toUpperCase() }));
}

const summary = (connection: Connection) => connection.edges.map(({ node }) => ({ providerId: node.providerId, origin: node.origin! }));

describe('Cloudflare invoice paging over real HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const page = (variables: Parameters<typeof execute<InvoiceHistoryQuery, any>>[2]) => ok(h.url, InvoiceHistoryDocument, variables);

  async function forward(customer: string, type: InvoiceType, size: number): Promise<Connection[]> {
    const pages: Connection[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i += 1) {
      const { invoices }: InvoiceHistoryQuery = await page({ customer, type, first: size, after });
      pages.push(invoices);
      if (!invoices.pageInfo.hasNextPage) return pages;
      after = invoices.pageInfo.endCursor;
    }
    throw new Error('paging forward never ended');
  }

  async function backward(customer: string, type: InvoiceType, size: number): Promise<Connection[]> {
    const pages: Connection[] = [];
    let before: string | null = null;
    for (let i = 0; i < 50; i += 1) {
      const { invoices }: InvoiceHistoryQuery = await page({ customer, type, last: size, before });
      pages.push(invoices);
      if (!invoices.pageInfo.hasPreviousPage) return pages;
      before = invoices.pageInfo.startCursor;
    }
    throw new Error('paging backward never ended');
  }

  for (const [label, account] of [
    ['honours page/per_page (USD)', USD_ACCOUNT],
    ['ignores paging (EUR)', EUR_ACCOUNT],
    ['JPY', JPY_ACCOUNT],
  ] as const) {
    describe(`an upstream that ${label}`, () => {
      it('pages forward by `after` with first: 7: every invoice exactly once, newest first', async () => {
        const all = expected(account, 'ALL');
        expect(all.length).toBeGreaterThanOrEqual(30);
        const pages = await forward(account, 'ALL', 7);
        expect(pages).toHaveLength(Math.ceil(all.length / 7));
        pages.forEach((p, i) => {
          expect(p.totalCount).toBe(all.length);
          expect(p.pageInfo.hasPreviousPage).toBe(i > 0);
          expect(p.pageInfo.hasNextPage).toBe(i < pages.length - 1);
          expect(p.edges.length).toBe(i < pages.length - 1 ? 7 : all.length - 7 * (pages.length - 1));
          expect(p.pageInfo.startCursor).toBe(p.edges[0]!.cursor);
          expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)!.cursor);
        });
        const seen = pages.flatMap(summary);
        expect(seen).toEqual(all);
        const ids = pages.flatMap((p) => p.edges.map((e) => e.node.id));
        expect(new Set(ids).size).toBe(all.length);
        const created = pages.flatMap((p) => p.edges.map((e) => Date.parse(e.node.createdAt!)));
        expect(created).toEqual([...created].sort((a, b) => b - a));
      });

      it('pages backward by `before` with last: 7 and meets the same list', async () => {
        const all = expected(account, 'ALL');
        const pages = await backward(account, 'ALL', 7);
        expect(pages).toHaveLength(Math.ceil(all.length / 7));
        pages.forEach((p, i) => {
          expect(p.totalCount).toBe(all.length);
          expect(p.pageInfo.hasNextPage).toBe(i > 0);
          expect(p.pageInfo.hasPreviousPage).toBe(i < pages.length - 1);
          expect(p.edges.length).toBe(i < pages.length - 1 ? 7 : all.length - 7 * (pages.length - 1));
        });
        expect(pages.reverse().flatMap(summary)).toEqual(all);
      });

      for (const type of ['AUTO', 'MANUAL'] as const) {
        it(`type: ${type} returns exactly the ${type.toLowerCase()} invoices, in order, also when paged`, async () => {
          const want = expected(account, type);
          expect(want.length).toBeGreaterThan(0);
          const { invoices } = await page({ customer: account, type, first: 100 });
          expect(invoices.totalCount).toBe(want.length);
          expect(summary(invoices)).toEqual(want);
          expect(invoices.edges.every((e) => e.node.origin === type)).toBe(true);
          const paged = await forward(account, type, 3);
          expect(paged.flatMap(summary)).toEqual(want);
        });
      }
    });
  }

  it('`type` defaults to ALL', async () => {
    const { invoices } = await page({ first: 100 });
    expect(summary(invoices)).toEqual(expected(USD_ACCOUNT, 'ALL'));
  });

  it('defaults to 20 per page', async () => {
    const { invoices } = await page({});
    expect(invoices.edges).toHaveLength(20);
    expect(invoices.pageInfo.hasNextPage).toBe(true);
  });

  it('a page size of 0, negative or over 100 is BAD_USER_INPUT', async () => {
    for (const variables of [{ first: 0 }, { first: -1 }, { first: 101 }, { last: 0 }, { last: 101 }, { last: -3 }]) {
      const error = onlyError(await execute(h.url, InvoiceHistoryDocument, variables), 'BAD_USER_INPUT');
      expect(error.message, JSON.stringify(variables)).toMatch(/(first|last)` must be an integer from 1 to 100/);
    }
    const { invoices } = await page({ first: 100 });
    expect(invoices.edges.length).toBeGreaterThan(0);
  });

  it('malformed cursors and cursors from another customer or type are BAD_USER_INPUT, never a wrong page', async () => {
    const { invoices: usd } = await page({ customer: USD_ACCOUNT, first: 7 });
    const { invoices: jpy } = await page({ customer: JPY_ACCOUNT, first: 7 });
    const { invoices: manual } = await page({ customer: USD_ACCOUNT, type: 'MANUAL', first: 2 });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ after: 'not-a-cursor' }, /not a cursor this API issued/],
      [{ after: '!!!' }, /not a cursor this API issued/],
      [{ first: null, last: 7, before: Buffer.from('{"v":1}').toString('base64url') }, /not a cursor this API issued/],
      [{ customer: USD_ACCOUNT, after: jpy.pageInfo.endCursor }, /different query/],
      [{ customer: JPY_ACCOUNT, first: null, last: 7, before: usd.pageInfo.endCursor }, /different query/],
      [{ customer: USD_ACCOUNT, type: 'ALL', after: manual.pageInfo.endCursor }, /different query/],
      [{ customer: USD_ACCOUNT, type: 'AUTO', after: usd.pageInfo.endCursor }, /different query/],
    ];
    for (const [variables, message] of cases) {
      const error = onlyError(await execute(h.url, InvoiceHistoryDocument, { first: 7, ...variables }), 'BAD_USER_INPUT');
      expect(error.message, JSON.stringify(variables)).toMatch(message);
    }
    // The cursor keeps working with its own query.
    const { invoices: next } = await page({ customer: USD_ACCOUNT, first: 7, after: usd.pageInfo.endCursor });
    expect(next.edges).toHaveLength(7);
  });

  it('mixing first/after with last/before is BAD_USER_INPUT', async () => {
    const { invoices } = await page({ first: 7 });
    for (const variables of [
      { first: 7, before: invoices.pageInfo.endCursor },
      { last: 7, after: invoices.pageInfo.endCursor },
      { first: 3, last: 3 },
    ]) {
      const error = onlyError(await execute(h.url, InvoiceHistoryDocument, variables), 'BAD_USER_INPUT');
      expect(error.message).toMatch(/not both/);
    }
  });

  it('a cursor past the end gives an empty page, and a malformed customer id is BAD_USER_INPUT', async () => {
    const all = expected(USD_ACCOUNT, 'ALL');
    const { invoices: tail } = await page({ last: 1 });
    const { invoices: empty } = await page({ first: 5, after: tail.pageInfo.endCursor });
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(tail.totalCount).toBe(all.length);
    onlyError(await execute(h.url, InvoiceHistoryDocument, { customer: 'not-an-account', first: 1 }), 'BAD_USER_INPUT');
  });
});

/** The Cloudflare dialect with its history paging altered: its own page size, and optionally stuck on page 1. */
function alteredPaging(stuckOnFirstPage: boolean): SandboxDialect {
  const dialect = createCloudflareDialect();
  return {
    ...dialect,
    handle(request) {
      const query = new URLSearchParams(request.query);
      query.set('per_page', '20');
      if (stuckOnFirstPage) query.set('page', '1');
      return dialect.handle({ ...request, query });
    },
  };
}

describe('Cloudflare upstreams with other paging behaviour', () => {
  for (const stuck of [false, true]) {
    it(
      stuck
        ? 'an upstream that answers page 1 whatever is asked gives UPSTREAM_BAD_RESPONSE, never a wrong page'
        : 'an upstream with its own page size still pages correctly',
      async () => {
        const sandbox = await startSandbox({ dialects: [alteredPaging(stuck)] });
        const billgraph = await serveBillgraphInProcess({
          CLOUDFLARE_BASE_URL: `${sandbox.url}/cloudflare/client/v4`,
          CLOUDFLARE_API_TOKEN: SANDBOX_CREDENTIALS.cloudflare.token,
          CLOUDFLARE_ACCOUNT_ID: USD_ACCOUNT,
        });
        try {
          const all = expected(USD_ACCOUNT, 'ALL');
          const seen: { providerId: string | null; origin: string }[] = [];
          let after: string | null = null;
          for (let i = 0; i < 10; i += 1) {
            const response = await execute(billgraph.url, InvoiceHistoryDocument, { first: 7, after });
            if (stuck && seen.length >= 14) {
              // Page 21..27 needs upstream page 2, which this upstream never gives.
              expect(onlyError(response, 'UPSTREAM_BAD_RESPONSE').message).toContain('pagination.page');
              return;
            }
            expect(response.errors).toBeUndefined();
            const invoices: Connection = response.data!.invoices;
            seen.push(...summary(invoices));
            if (!invoices.pageInfo.hasNextPage) break;
            after = invoices.pageInfo.endCursor;
          }
          expect(stuck).toBe(false);
          expect(seen).toEqual(all);
        } finally {
          await billgraph.close();
          await sandbox.close();
        }
      },
    );
  }
});
