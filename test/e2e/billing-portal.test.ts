import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { print } from 'graphql';
import type { Browser, Locator, Page } from 'playwright-core';
import { Client, fetchExchange } from 'urql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PortalInvoiceHistoryDocument,
  PortalPreviewInvoiceDocument,
  PortalUpcomingInvoiceDocument,
} from '../../examples/billing-portal/src/gql/graphql.js';
import { HISTORY_PAGE_SIZE } from '../../examples/billing-portal/src/settings.js';
import { documentIdExchange } from '../../examples/billing-portal/src/trusted-documents.js';
import { Decimal } from '../../src/domain/decimal.js';
import { seedStripeAccount, STRIPE_DEFAULT_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { launchChromium } from '../helpers/chromium.js';
import { freePort } from '../helpers/listen.js';
import { PORTAL_DIR, startPortal, type Portal } from '../helpers/portal.js';

/** Production needs a cursor-signing secret of its own (src/config/cursors.ts). */
const CURSOR_SECRET = 'test-cursor-secret-0123456789-abcdefghij';

const SCREENSHOTS = join(PORTAL_DIR, 'screenshots');
const HOOLI = 'cus_SbxHooliUsd01';
const GLOBEX = 'cus_SbxGlobexMul1';
const UI_TIMEOUT = 15_000;
const MANIFEST = join(PORTAL_DIR, 'src/gql/persisted-documents.json');
const hashOf = (document: unknown) => (document as { __meta__: { hash: string } }).__meta__.hash;
/** What the portal's request for each operation carries: its documentId, not its name or text. */
const DOCUMENT_IDS: Record<string, string> = {
  PortalUpcomingInvoice: hashOf(PortalUpcomingInvoiceDocument),
  PortalInvoiceHistory: hashOf(PortalInvoiceHistoryDocument),
  PortalPreviewInvoice: hashOf(PortalPreviewInvoiceDocument),
};

/** Runs a command to completion in the repo, collecting its output (the type check and codegen drift run beside the walk). */
function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The sandbox's own numbers: a subscription line is unit price (minor units) x quantity, in major units. */
const lineAmount = (unitMinor: Decimal, quantity: bigint) => unitMinor.mul(Decimal.fromInteger(quantity)).movePoint(-2).toFixedString(2);
/** Exact cents of a USD amount string, for arithmetic without floats. */
const cents = (amount: string) => BigInt(amount.replace('.', ''));

describe('the example billing portal, clicked through in Chromium against billgraph and the sandbox', () => {
  /** billgraph as the portal meets it: another origin (CORS lists the portal), trusted documents only. */
  let h: Harness;
  /** A second billgraph on the same sandbox that takes any document and lists no origin: the test's own questions. */
  let reference: Harness;
  let portal: Portal;
  let browser: Browser;
  let page: Page;
  const graphqlBodies: Record<string, unknown>[] = [];
  const outside: string[] = [];
  const pageErrors: string[] = [];
  let typecheck: Promise<{ code: number | null; output: string }>;
  let drift: Promise<{ code: number | null; output: string }>;

  /** billgraph's own answer to one of the portal's operations, over HTTP: what the page must show. */
  const ask = async (document: Parameters<typeof print>[0], variables: Record<string, unknown>) => {
    const { body } = await reference.graphql(print(document), variables);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  };
  const byTestId = (id: string) => page.getByTestId(id);
  // playwright-core has no web-first assertions (those are @playwright/test's): poll what the page shows.
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: UI_TIMEOUT });
  const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const attribute = (id: string, name: string) => poll(() => byTestId(id).getAttribute(name));
  const text = (id: string) => poll(() => byTestId(id).innerText());
  /** Does `act` and waits for the portal's request for `operation` to be answered. */
  const answered = async (operation: string, act: () => Promise<void>) => {
    const response = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/graphql' && (r.request().postData() ?? '').includes(DOCUMENT_IDS[operation]!),
      {
        timeout: UI_TIMEOUT,
      },
    );
    await act();
    await response;
  };
  const amountOf = async (id: string) => ({
    formatted: await byTestId(id).innerText(),
    amount: await byTestId(id).getAttribute('data-amount'),
  });
  const money = (m: { formatted: string; amount: string }) => ({ formatted: m.formatted, amount: m.amount });
  const showAccount = async (account: { provider?: string; customer?: string; subscription?: string }) => {
    const form = byTestId('account');
    if (account.provider) await form.locator('select[name=provider]').selectOption(account.provider);
    await form.locator('input[name=customer]').fill(account.customer ?? '');
    await form.locator('input[name=subscription]').fill(account.subscription ?? '');
    await answered('PortalUpcomingInvoice', () => form.getByRole('button', { name: 'Show' }).click());
  };
  const shownLines = (container: string) =>
    byTestId(container)
      .getByTestId('line')
      .evaluateAll((rows) =>
        rows.map((row) => ({
          description: row.querySelector('[data-testid=line-description]')?.textContent,
          amount: row.querySelector('[data-testid=line-amount]')?.getAttribute('data-amount'),
          formatted: row.querySelector('[data-testid=line-amount]')?.textContent,
          credits: [...row.querySelectorAll('[data-testid=credit-amount]')].map((c) => [c.getAttribute('data-amount'), c.textContent]),
        })),
      );
  const expectedLines = (lines: any[]) =>
    lines.map((line) => ({
      description: line.description,
      amount: line.amount.amount,
      formatted: line.amount.formatted,
      credits: line.credits.map((c: any) => [c.amount.amount, c.amount.formatted]),
    }));
  const shownInvoices = () =>
    byTestId('history-table')
      .getByTestId('invoice')
      .evaluateAll((rows) =>
        rows.map((row) => ({
          number: row.querySelector('[data-testid=invoice-number]')?.textContent,
          origin: row.getAttribute('data-origin'),
          amount: row.querySelector('[data-testid=invoice-amount]')?.getAttribute('data-amount'),
          formatted: row.querySelector('[data-testid=invoice-amount]')?.textContent,
        })),
      );
  const expectedInvoices = (edges: any[]) =>
    edges.map(({ node }) => ({
      number: node.number,
      origin: node.origin,
      amount: node.amountDue.amount,
      formatted: node.amountDue.formatted,
    }));
  const submitPreview = async (fields: Record<string, string>) => {
    const form = byTestId('preview');
    for (const name of ['item', 'quantity', 'price', 'priceQuantity', 'date'])
      await form.locator(`input[name=${name}]`).fill(fields[name] ?? '');
    await answered('PortalPreviewInvoice', () => form.getByRole('button', { name: 'Preview the change' }).click());
    // The button reads "Previewing…" until the answer is rendered.
    await visible(form.getByRole('button', { name: 'Preview the change' }));
  };

  beforeAll(async () => {
    if (!existsSync('/usr/bin/chromium')) throw new Error("/usr/bin/chromium is missing: install Debian's chromium (.ci/run does)");
    mkdirSync(SCREENSHOTS, { recursive: true });
    const port = await freePort();
    h = await startHarness({
      NODE_ENV: 'production',
      BILLGRAPH_CURSOR_SECRET: CURSOR_SECRET,
      BILLGRAPH_CORS_ORIGINS: `http://127.0.0.1:${port}`,
      BILLGRAPH_TRUSTED_DOCUMENTS: MANIFEST,
      BILLGRAPH_ARBITRARY_DOCUMENTS: 'refused',
    });
    reference = await startHarness({ BILLGRAPH_CORS_ORIGINS: 'none', BILLGRAPH_CURSOR_SECRET: CURSOR_SECRET }, { sandbox: h.sandbox });
    [portal, browser] = await Promise.all([startPortal(h.url, port), launchChromium()]);
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) outside.push(request.url());
      if (url.pathname === '/graphql' && request.method() === 'POST') graphqlBodies.push(request.postDataJSON() as Record<string, unknown>);
    });
    await page.goto(portal.url, { waitUntil: 'load' });
    // The example's own type check and the codegen drift check run beside the walk (mostly waiting on the browser
    // and billgraph), not beside the build; their tests at the end await them.
    typecheck = run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', PORTAL_DIR]);
    drift = run(process.execPath, ['--import', 'tsx', join(PORTAL_DIR, 'scripts/generate.ts'), '--check']);
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await reference?.close();
    await h?.close();
    await Promise.allSettled([typecheck, drift]);
  });

  it('1. the upcoming invoice: lines, totals and credits as billgraph answers them and the sandbox seeds them', async () => {
    const stripe = seedStripeAccount();
    // Default account: Stripe's default customer (Acme), whose subscription has no coupon.
    await visible(byTestId('upcoming-amount-due'));
    const acme = (await ask(PortalUpcomingInvoiceDocument, { provider: 'STRIPE' })).upcomingInvoice;
    expect(await amountOf('upcoming-amount-due')).toEqual(money(acme.amountDue));
    for (const [id, value] of [
      ['upcoming-subtotal', acme.subtotal],
      ['upcoming-tax', acme.tax],
      ['upcoming-total', acme.total],
    ])
      expect(await amountOf(id)).toEqual(money(value));
    expect(await shownLines('upcoming-lines')).toEqual(expectedLines(acme.lines.nodes));
    const acmeSub = stripe.subscriptions.find((s) => s.customer === STRIPE_DEFAULT_CUSTOMER && s.status === 'active')!;
    expect((await shownLines('upcoming-lines')).map((l) => l.amount)).toEqual(
      acmeSub.items.map((item) => lineAmount(item.price.unitAmount, item.quantity)),
    );

    // Hooli's subscription carries the SAVE20 coupon: each line shows its discount credit.
    await showAccount({ customer: HOOLI });
    await visible(byTestId('upcoming').getByTestId('credit'));
    const hooli = (await ask(PortalUpcomingInvoiceDocument, { provider: 'STRIPE', customer: HOOLI })).upcomingInvoice;
    const lines = await shownLines('upcoming-lines');
    expect(lines).toEqual(expectedLines(hooli.lines.nodes));
    expect(await amountOf('upcoming-amount-due')).toEqual(money(hooli.amountDue));
    expect(await amountOf('upcoming-discount')).toEqual(money(hooli.discount));
    const hooliSub = stripe.subscriptions.find((s) => s.customer === HOOLI)!;
    const percentOff = hooliSub.discounts[0]!.coupon.percentOff!;
    // Each line's credit is the coupon's percentage of the line, to the cent.
    expect(lines.map((l) => l.credits.map(([amount]) => cents(amount!)))).toEqual(
      hooliSub.items.map((item) => [
        Decimal.parse(lineAmount(item.price.unitAmount, item.quantity)).mul(percentOff).movePoint(-2).toUnits(2),
      ]),
    );
    expect(lines.every((l) => l.credits.length === 1)).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'upcoming.png'), fullPage: true });
  });

  it('2. the history: type filter and "load more" through endCursor, page by page as billgraph pages it', async () => {
    const customer = HOOLI; // still shown from the previous step
    const history = (type: string, after: string | null = null) =>
      ask(PortalInvoiceHistoryDocument, { provider: 'STRIPE', customer, type, first: HISTORY_PAGE_SIZE, after }).then((d) => d.invoices);
    const first = await history('ALL');
    await visible(byTestId('load-more'));
    expect(await shownInvoices()).toEqual(expectedInvoices(first.edges));
    expect(first.edges).toHaveLength(HISTORY_PAGE_SIZE);

    await byTestId('load-more').click();
    await poll(() => byTestId('history-table').getByTestId('invoice').count()).toBe(2 * HISTORY_PAGE_SIZE);
    const second = await history('ALL', first.pageInfo.endCursor);
    expect(await shownInvoices()).toEqual(expectedInvoices([...first.edges, ...second.edges]));
    // The page asked for the second page with the first page's endCursor.
    expect(graphqlBodies.some((b) => (b.variables as any)?.after === first.pageInfo.endCursor)).toBe(true);

    for (const type of ['MANUAL', 'AUTO'] as const) {
      await byTestId('history').locator(`input[value=${type}]`).check();
      const expected = expectedInvoices((await history(type)).edges);
      expect(expected.length).toBeGreaterThan(0);
      await expect
        .poll(async () => (await shownInvoices()).map((i) => i.number), { timeout: UI_TIMEOUT })
        .toEqual(expected.map((i) => i.number));
      expect(await shownInvoices()).toEqual(expected);
      expect(expected.every((i) => i.origin === type)).toBe(true);
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'history.png'), fullPage: true });
  });

  it('3. change seats / add an item: before, after, difference and proration lines of previewInvoice', async () => {
    await showAccount({ customer: '' }); // back to the default customer, Acme
    await visible(byTestId('upcoming-amount-due'));
    const seats = { item: 'si_SbxAcmeSeats1', quantity: '8', date: '2026-11-16' };
    await submitPreview(seats);
    await visible(byTestId('preview-result'));
    const direct = (
      await ask(PortalPreviewInvoiceDocument, {
        input: {
          provider: 'STRIPE',
          changeItems: [{ item: seats.item, quantity: seats.quantity }],
          prorationDate: `${seats.date}T00:00:00Z`,
        },
      })
    ).previewInvoice;
    expect(direct.__typename).toBe('PreviewInvoiceSuccess');
    const before = await amountOf('preview-before');
    const after = await amountOf('preview-after');
    const difference = await amountOf('preview-difference');
    expect([before, after, difference]).toEqual([
      money(direct.change.amountDueBefore),
      money(direct.change.amountDueAfter),
      money(direct.change.amountDueDifference),
    ]);
    // "Before" is the upcoming invoice the page shows, and the difference is exact cents apart.
    expect(before).toEqual(await amountOf('upcoming-amount-due'));
    expect(cents(difference.amount!)).toBe(cents(after.amount!) - cents(before.amount!));
    const proration = await shownLines('preview-proration');
    expect(proration).toEqual(expectedLines(direct.change.prorationLines));
    expect(proration).toHaveLength(2); // the unused 5 seats credited, the 8 charged, for the rest of the period
    expect(await shownLines('preview-added')).toEqual(expectedLines(direct.change.linesAdded));
    expect(await shownLines('preview-removed')).toEqual(expectedLines(direct.change.linesRemoved));
    await page.screenshot({ path: join(SCREENSHOTS, 'preview.png'), fullPage: true });

    // Add an item: Priority support at the sandbox's price, one unit.
    await submitPreview({ price: 'price_SbxSupportUsd', priceQuantity: '1' });
    const added = (
      await ask(PortalPreviewInvoiceDocument, {
        input: { provider: 'STRIPE', addItems: [{ price: 'price_SbxSupportUsd', quantity: '1' }] },
      })
    ).previewInvoice;
    await attribute('preview-difference', 'data-amount').toBe(added.change.amountDueDifference.amount);
    expect(await shownLines('preview-added')).toEqual(expectedLines(added.change.linesAdded));
    const support = seedStripeAccount().prices.get('price_SbxSupportUsd')!;
    expect((await shownLines('preview-added')).map((l) => l.amount)).toContain(lineAmount(support.unitAmount, 1n));
  });

  it('4. errors: extensions.code and the union members become sentences a person understands', async () => {
    // InvalidInputError: a fractional seat count; the message names the form field, which is marked invalid.
    await submitPreview({ item: 'si_SbxAcmeSeats1', quantity: '2.5' });
    await attribute('preview-problem', 'data-code').toBe('InvalidInputError');
    await text('preview-problem').toContain('Check “New quantity”');
    await poll(() => byTestId('preview').locator('input[name=quantity]').getAttribute('aria-invalid')).toBe('true');
    const invalid = (
      await ask(PortalPreviewInvoiceDocument, {
        input: { provider: 'STRIPE', changeItems: [{ item: 'si_SbxAcmeSeats1', quantity: '2.5' }] },
      })
    ).previewInvoice;
    expect(invalid).toMatchObject({ __typename: 'InvalidInputError', field: ['input', 'changeItems', '0', 'quantity'] });
    await text('preview-problem').toContain(invalid.message);

    // BAD_USER_INPUT with choices: a customer with two subscriptions; picking one shows its upcoming invoice.
    await showAccount({ customer: GLOBEX });
    await attribute('upcoming-problem', 'data-code').toBe('BAD_USER_INPUT');
    await text('upcoming-problem').toContain('This customer has 2 subscriptions. Choose the one to show');
    await answered('PortalUpcomingInvoice', () => byTestId('upcoming-problem').getByRole('button', { name: 'sub_SbxGlobexBas1' }).click());
    const basic = (await ask(PortalUpcomingInvoiceDocument, { provider: 'STRIPE', customer: GLOBEX, subscription: 'sub_SbxGlobexBas1' }))
      .upcomingInvoice;
    await attribute('upcoming-amount-due', 'data-amount').toBe(basic.amountDue.amount);
    await poll(() => byTestId('account').locator('input[name=subscription]').inputValue()).toBe('sub_SbxGlobexBas1');

    // NOT_FOUND (a query's extensions.code) and NotFoundError (the mutation's union member) for a mistyped customer.
    await showAccount({ customer: 'cus_DoesNotExist1' });
    await attribute('upcoming-problem', 'data-code').toBe('NOT_FOUND');
    await text('upcoming-problem').toContain('Stripe has no such customer or invoice. Check the customer id.');
    await attribute('history-problem', 'data-code').toBe('NOT_FOUND');
    await submitPreview({ price: 'price_SbxSupportUsd' });
    await attribute('preview-problem', 'data-code').toBe('NotFoundError');
    await text('preview-problem').toContain('That customer, subscription or item does not exist.');
    await page.screenshot({ path: join(SCREENSHOTS, 'errors.png'), fullPage: true });

    // UnsupportedError: Cloudflare's preview takes no input.
    await showAccount({ provider: 'CLOUDFLARE' });
    await visible(byTestId('upcoming-amount-due'));
    await submitPreview({ price: 'price_SbxSupportUsd' });
    await attribute('preview-problem', 'data-code').toBe('UnsupportedError');
    await text('preview-problem').toContain('Cloudflare cannot preview adding an item. Stripe customers can.');
  });

  it('sends only documentIds of its manifest, loads nothing from outside, and reports no page error', async () => {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
    expect(graphqlBodies.length).toBeGreaterThan(10);
    for (const body of graphqlBodies) {
      expect(body.query).toBeUndefined();
      expect(manifest[body.documentId as string], String(body.documentId)).toBeDefined();
    }
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('CORS in the browser: the portal read billgraph on another origin; an origin billgraph does not list cannot', async () => {
    expect(new URL(h.url).origin).not.toBe(new URL(portal.url).origin);
    const read = (url: string) =>
      page.evaluate(async (url) => {
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"query":"{ __typename }"}',
          });
          return `read ${response.status}`;
        } catch (error) {
          return `blocked: ${(error as Error).name}`;
        }
      }, url);
    expect(await read(reference.url)).toBe('blocked: TypeError');
    expect(await read(h.url)).toBe('read 403'); // readable (CORS), and refused: the page's own document is not trusted
  });

  it('the documentId switch sends the hash of persisted-documents.json, whose documents billgraph validates', async () => {
    const manifest = JSON.parse(readFileSync(join(PORTAL_DIR, 'src/gql/persisted-documents.json'), 'utf8')) as Record<string, string>;
    const sent: Record<string, unknown>[] = [];
    const client = new Client({
      url: h.url,
      preferGetMethod: false,
      exchanges: [documentIdExchange, fetchExchange],
      fetch: async (url, init) => {
        sent.push(JSON.parse(String(init?.body)));
        return fetch(url, init);
      },
    });
    await client.query(PortalUpcomingInvoiceDocument, { provider: 'STRIPE' }).toPromise();
    await client.mutation(PortalPreviewInvoiceDocument, { input: { provider: 'STRIPE' } }).toPromise();
    expect(sent).toHaveLength(2);
    for (const [body, document] of [
      [sent[0]!, PortalUpcomingInvoiceDocument],
      [sent[1]!, PortalPreviewInvoiceDocument],
    ] as const) {
      const hash = (document as { __meta__?: { hash?: string } }).__meta__!.hash!;
      expect(body).toMatchObject({ documentId: hash });
      expect(body.query).toBeUndefined();
      expect(manifest[hash]).toBeDefined();
      expect(`sha256:${createHash('sha256').update(manifest[hash]!).digest('hex')}`).toBe(hash);
    }
    // Every manifest document is one billgraph accepts today as query text (what the trusted-documents server executes).
    expect(Object.keys(manifest)).toHaveLength(3);
    for (const [hash, text] of Object.entries(manifest)) {
      const variables = text.includes('mutation') ? { input: { provider: 'STRIPE' } } : { provider: 'STRIPE', type: 'ALL', first: 1 };
      const { status, body } = await reference.graphql(text, variables);
      expect(status, hash).toBe(200);
      expect(body.errors, hash).toBeUndefined();
    }
  });

  it('type-checks with its own tsconfig', { timeout: 120_000 }, async () => {
    const { code, output } = await typecheck;
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it(
    'its typed documents and persisted-documents.json are what codegen makes from schema/schema.graphql now',
    { timeout: 120_000 },
    async () => {
      const { code, output } = await drift;
      expect(output).toBe('');
      expect(code).toBe(0);
    },
  );
});
