import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { scrub } from '../../src/log/logger.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { FP_DEFAULT_CUSTOMER } from '../../src/sandbox/flexprice/data.js';
import { STRIPE_DEFAULT_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { bearer, codes, customerToken, JWT_ENV, JWT_SECRET, startSecureHarness, type SecureHarness } from './support.js';

/**
 * The isolation findings of issue 10, item 7, each over real HTTP against the sandbox: upstream text never
 * reaches a caller, ids and cursors are checked before use and cursors cannot be forged, production gives
 * no "Did you mean" map of the schema, and a JWT cannot be valid for ever. (Stripe subscriptions of another
 * customer and the invoice(id) existence oracle are in two-customers.test.ts, beside the other A-vs-B cases.)
 */

const DB_PASSWORD = 'hunter2-db-password';
const LEAKY = (key: string) => `pq: connection to postgres://billing:${DB_PASSWORD}@db.internal:5432 failed (x-api-key ${key})`;

describe('upstream error text never reaches a caller; it is logged, scrubbed', () => {
  let h: SecureHarness;
  beforeAll(async () => {
    h = await startSecureHarness(JWT_ENV);
  });
  afterAll(() => h?.close());

  const cases = [
    { provider: 'flexprice', customer: FP_DEFAULT_CUSTOMER, key: SANDBOX_CREDENTIALS.flexprice.apiKey, path: '/invoices/search' },
    { provider: 'stripe', customer: STRIPE_DEFAULT_CUSTOMER, key: SANDBOX_CREDENTIALS.stripe.secretKey, path: '/v1/invoices' },
    {
      provider: 'cloudflare',
      customer: '023e105f4ecef8ad9ca31a8372d0c353',
      key: SANDBOX_CREDENTIALS.cloudflare.token,
      path: 'invoice-history',
    },
  ] as const;

  it.each(cases)('$provider: a 500 whose message echoes the API key and a database password', async ({ provider, customer, key, path }) => {
    h.sandbox.reset();
    h.logs.length = 0;
    h.sandbox.faults.add({ provider, kind: 'status', status: 500, times: 5, pathIncludes: path, message: LEAKY(key) });
    const asCustomer = bearer(await customerToken(provider, [customer]));
    const { body, text } = await h.graphql('{ invoices(first: 2) { nodes { id } } }', {}, asCustomer);
    expect(codes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(body.errors?.[0]?.message).toBe(`${provider} answered 500: the upstream failed; retry later`);
    for (const leaked of [key, DB_PASSWORD, 'pq:', 'postgres://', 'db.internal']) expect(text).not.toContain(leaked);
    // The upstream's words are in the request log for the operator, with the secrets scrubbed.
    const logged = h.logs.join('\n');
    expect(logged).toContain('connection to postgres:[redacted]db.internal:5432 failed');
    expect(logged).not.toContain(DB_PASSWORD);
    expect(logged).not.toContain(key);
    const line = h.logs.map((l) => JSON.parse(l) as Record<string, any>).find((l) => l.upstreamFailures);
    expect(line?.upstreamFailures[0]).toMatchObject({ provider, status: 500, code: 'UPSTREAM_UNAVAILABLE' });
  });

  it("Stripe: a 400 keeps its structured fact (`param` as `field`), never Stripe's sentence", async () => {
    h.sandbox.reset();
    const asCustomer = bearer(await customerToken('stripe', [STRIPE_DEFAULT_CUSTOMER]));
    const { body, text } = await h.graphql(
      `mutation { previewInvoice(input: { addItems: [{ price: "price_DoesNotExist1" }] }) {
        __typename ... on InvalidInputError { message field } ... on NotFoundError { message } } }`,
      {},
      asCustomer,
    );
    expect(body.errors).toBeUndefined();
    const answer = body.data.previewInvoice;
    expect(answer.__typename).toBe('InvalidInputError');
    expect(answer.field).toEqual(['input', 'addItems', '0', 'price']);
    expect(answer.message).toBe('stripe answered 400: the value of `input.addItems.0.price` was refused');
    expect(text).not.toContain('No such price');
  });

  it('scrub blanks URL credentials and key=value secrets in free text', () => {
    expect(scrub('postgres://u:p4ss@h/db password=abc api_key: "x y" token is zzz')).toBe(
      'postgres:[redacted]h/db [redacted] [redacted] [redacted]',
    );
  });
});

describe('ids and cursors are checked before use; cursors are signed', () => {
  let sandbox: Sandbox;
  let a: Harness;
  let b: Harness;
  const SECRET = 'isolation-test-cursor-secret-0123456789abcdef';
  const LIST = `query($after: String, $customer: String) {
    invoices(provider: FLEXPRICE, customer: $customer, first: 2, after: $after) { totalCount nodes { id } pageInfo { endCursor } }
  }`;
  const globalId = (local: unknown[]) => Buffer.from(`Invoice:${JSON.stringify(local)}`, 'utf8').toString('base64url');

  beforeAll(async () => {
    sandbox = await startSandbox();
    // Two instances over one sandbox, as two replicas behind a load balancer: one secret between them.
    a = await startHarness({ BILLGRAPH_CURSOR_SECRET: SECRET }, { sandbox });
    b = await startHarness({ BILLGRAPH_CURSOR_SECRET: SECRET }, { sandbox });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sandbox?.close();
  });

  it('Flexprice ids `.` and `..` (and other path-shaped ids) are BAD_USER_INPUT with no upstream request', async () => {
    sandbox.reset();
    for (const key of ['.', '..', '../customers/cust_acme_usd', 'inv%2F..', 'inv.1']) {
      const byId = await a.graphql('query($id: ID!) { invoice(id: $id) { id } }', {
        id: globalId(['flexprice', FP_DEFAULT_CUSTOMER, key, 0]),
      });
      expect(codes(byId.body), key).toEqual(['BAD_USER_INPUT']);
      expect(byId.body.errors?.[0]?.message).toBe('`id` is not a Flexprice id');
    }
    for (const [field, value] of [
      ['customer', '..'],
      ['subscription', '.'],
    ] as const) {
      const { body } = await a.graphql(`query($v: String) { upcomingInvoice(provider: FLEXPRICE, ${field}: $v) { id } }`, { v: value });
      expect(codes(body), field).toEqual(['BAD_USER_INPUT']);
    }
    const stripe = await a.graphql('{ upcomingInvoice(provider: STRIPE, customer: "../v1/balance") { id } }');
    expect(stripe.body.errors?.[0]).toMatchObject({
      message: '`customer` is not a Stripe customer id',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(sandbox.received).toEqual([]);
  });

  it('a cursor works on another instance and after a restart, because the secret is configured', async () => {
    const first = await a.graphql(LIST);
    const cursor = first.body.data.invoices.pageInfo.endCursor as string;
    const onB = await b.graphql(LIST, { after: cursor });
    expect(onB.body.errors).toBeUndefined();
    const restarted = await startHarness({ BILLGRAPH_CURSOR_SECRET: SECRET }, { sandbox });
    try {
      const again = await restarted.graphql(LIST, { after: cursor });
      expect(again.body).toEqual(onB.body);
    } finally {
      await restarted.close();
    }
    expect(onB.body.data.invoices.nodes.map((n: { id: string }) => n.id)).not.toEqual(
      first.body.data.invoices.nodes.map((n: { id: string }) => n.id),
    );
  });

  it('a forged Flexprice cursor (offset 999999999) is BAD_USER_INPUT with no upstream call, never totalCount 1000000000', async () => {
    const scope = { k: 'invoices', p: 'flexprice', c: FP_DEFAULT_CUSTOMER, t: 'ALL' };
    const record = Buffer.from(JSON.stringify({ v: 2, s: scope, p: '999999999' }));
    const tagged = (secret: string) =>
      Buffer.concat([createHmac('sha256', secret).update(record).digest().subarray(0, 16), record]).toString('base64url');
    const unsignedV1 = Buffer.from(JSON.stringify({ v: 1, s: scope, p: '999999999' })).toString('base64url');
    sandbox.reset();
    for (const forged of [unsignedV1, tagged('a-guessed-secret-0123456789abcdefghij'), record.toString('base64url')]) {
      const { body, text } = await a.graphql(LIST, { after: forged });
      expect(body.errors?.[0]).toMatchObject({
        message: '`after` is not a cursor this API issued',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect(text).not.toContain('1000000000');
    }
    expect(sandbox.received).toEqual([]);
    // Only the deployment's secret makes a cursor; even then the empty page past the end says the real total.
    const past = await a.graphql(LIST, { after: tagged(SECRET) });
    expect(past.body.errors).toBeUndefined();
    expect(past.body.data.invoices.nodes).toEqual([]);
    expect(past.body.data.invoices.totalCount).toBeLessThan(1000);
  });

  it('production refuses to start without BILLGRAPH_CURSOR_SECRET, or with a short one; development has a default', () => {
    const production = { NODE_ENV: 'production' };
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/^BILLGRAPH_CURSOR_SECRET must be a secret of at least 32 bytes/);
    expect(() => loadConfig({ ...production, BILLGRAPH_CURSOR_SECRET: 'short' })).toThrow(
      /BILLGRAPH_CURSOR_SECRET must be at least 32 bytes/,
    );
    expect(loadConfig({ ...production, BILLGRAPH_CURSOR_SECRET: SECRET }).cursors.secret).toBe(SECRET);
    expect(loadConfig({}).cursors.secret.length).toBeGreaterThanOrEqual(32);
  });
});

describe('"Did you mean" hints: none in production', () => {
  const TYPO = '{ invoicez(first: 1) { nodes { id } } }';
  const ENUM = 'query($p: BillingProvider) { invoices(provider: $p, first: 1) { nodes { id } } }';
  let production: Harness;
  let development: Harness;
  beforeAll(async () => {
    production = await startHarness({ NODE_ENV: 'production', BILLGRAPH_CURSOR_SECRET: 'suggestion-test-cursor-secret-0123456789' });
    development = await startHarness({}, { sandbox: production.sandbox });
  });
  afterAll(async () => {
    await development?.close();
    await production?.close();
  });

  it('an anonymous caller in production learns no field or enum names it did not send', async () => {
    const typo = await production.graphql(TYPO);
    expect(typo.body.errors?.[0]?.message).toBe('Cannot query field "invoicez" on type "Query".');
    expect(typo.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const value = await production.graphql(ENUM, { p: 'STRIP' });
    expect(value.body.errors?.[0]?.message).not.toMatch(/Did you mean|"STRIPE"/);
    expect(value.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('development keeps them (BILLGRAPH_SUGGESTIONS defaults on outside production)', async () => {
    expect((await development.graphql(TYPO)).body.errors?.[0]?.message).toBe(
      'Cannot query field "invoicez" on type "Query". Did you mean "invoice" or "invoices"?',
    );
    expect((await development.graphql(ENUM, { p: 'STRIP' })).body.errors?.[0]?.message).toContain('Did you mean the enum value "STRIPE"?');
  });
});

describe('JWT lifetime is bounded (BILLGRAPH_JWT_MAX_LIFETIME_S, default one day)', () => {
  const QUERY = '{ invoices(first: 1) { nodes { id } } }';
  const key = new TextEncoder().encode(JWT_SECRET);
  const now = () => Math.floor(Date.now() / 1000);
  const sign = (claims: { exp: number; iat?: number }) => {
    let jwt = new SignJWT({ billgraph_provider: 'stripe', billgraph_customers: [STRIPE_DEFAULT_CUSTOMER] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(JWT_ENV.BILLGRAPH_JWT_ISSUER!)
      .setAudience(JWT_ENV.BILLGRAPH_JWT_AUDIENCE!)
      .setExpirationTime(claims.exp);
    if (claims.iat !== undefined) jwt = jwt.setIssuedAt(claims.iat);
    return jwt.sign(key);
  };
  const YEAR_3000 = Date.UTC(3000, 0, 1) / 1000;
  let h: SecureHarness;
  let longer: SecureHarness;
  beforeAll(async () => {
    h = await startSecureHarness(JWT_ENV);
    longer = await startSecureHarness({ ...JWT_ENV, BILLGRAPH_JWT_MAX_LIFETIME_S: String(3 * 86_400) });
  });
  afterAll(async () => {
    await h?.close();
    await longer?.close();
  });

  it('a token expiring in the year 3000 is UNAUTHENTICATED, with or without iat; a day-long one passes', async () => {
    for (const token of [await sign({ exp: YEAR_3000, iat: now() }), await sign({ exp: YEAR_3000 })]) {
      const { body } = await h.graphql(QUERY, {}, bearer(token));
      expect(body.errors?.[0]).toMatchObject({
        message: 'invalid token: valid for longer than the 86400 s this API accepts',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    // Issued long ago, expiring soon: still too long a lifetime.
    const backdated = await h.graphql(QUERY, {}, bearer(await sign({ exp: now() + 600, iat: now() - 2 * 86_400 })));
    expect(codes(backdated.body)).toEqual(['UNAUTHENTICATED']);
    const day = await h.graphql(QUERY, {}, bearer(await sign({ exp: now() + 86_400, iat: now() })));
    expect(day.body.errors).toBeUndefined();
    const usual = await h.graphql(QUERY, {}, bearer(await customerToken('stripe', [STRIPE_DEFAULT_CUSTOMER])));
    expect(usual.body.errors).toBeUndefined();
  });

  it('the setting raises the bound: two days pass at three, the year 3000 still does not', async () => {
    const twoDays = await longer.graphql(QUERY, {}, bearer(await sign({ exp: now() + 2 * 86_400, iat: now() })));
    expect(twoDays.body.errors).toBeUndefined();
    expect(codes((await h.graphql(QUERY, {}, bearer(await sign({ exp: now() + 2 * 86_400, iat: now() })))).body)).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(codes((await longer.graphql(QUERY, {}, bearer(await sign({ exp: YEAR_3000 })))).body)).toEqual(['UNAUTHENTICATED']);
  });

  it('a bad setting is a ConfigError naming the variable', () => {
    for (const value of ['0', '59', 'a day', '2592001']) {
      expect(() => loadConfig({ ...JWT_ENV, BILLGRAPH_JWT_MAX_LIFETIME_S: value })).toThrow(
        /^BILLGRAPH_JWT_MAX_LIFETIME_S must be an integer from 60 to 2592000/,
      );
    }
  });
});
