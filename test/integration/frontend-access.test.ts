import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_DEFAULT_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { spawnBillgraph } from '../helpers/process.js';

/** Production needs a cursor-signing secret of its own (src/config/cursors.ts). */
const CURSOR_SECRET = 'test-cursor-secret-0123456789-abcdefghij';

/**
 * What a browser app meets over real HTTP, with the whole server (createApp) in front of the sandbox:
 * CORS per origin, the CSRF header's part in it, and trusted documents as a production deployment runs them.
 */
const PORTAL = 'https://billing.example.com';
const EVIL = 'https://evil.example';
const MANIFEST = 'examples/billing-portal/src/gql/persisted-documents.json';
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
const UPCOMING_ID = Object.keys(manifest).find((id) => manifest[id]!.includes('query PortalUpcomingInvoice'))!;
const QUERY = '{ upcomingInvoice(provider: STRIPE) { amountDue { amount } } }';

const SECRET = 'frontend-test-secret-0123456789-abcdefghij';
const JWT_ENV = {
  BILLGRAPH_AUTH_MODE: 'jwt',
  BILLGRAPH_JWT_SECRET: SECRET,
  BILLGRAPH_JWT_ISSUER: 'https://auth.billgraph.test/',
  BILLGRAPH_JWT_AUDIENCE: 'billgraph-api',
};
const token = (roles?: string[]) =>
  new SignJWT({
    billgraph_provider: 'stripe',
    billgraph_customers: [STRIPE_DEFAULT_CUSTOMER],
    ...(roles ? { billgraph_roles: roles } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(JWT_ENV.BILLGRAPH_JWT_ISSUER)
    .setAudience(JWT_ENV.BILLGRAPH_JWT_AUDIENCE)
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));

const cors = (response: Response) => ({
  origin: response.headers.get('access-control-allow-origin'),
  credentials: response.headers.get('access-control-allow-credentials'),
});
const postFrom = (h: Harness, origin: string, init: { body?: string; headers?: Record<string, string> } = {}) =>
  fetch(h.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...init.headers },
    body: init.body ?? JSON.stringify({ query: QUERY }),
  });

describe('CORS over HTTP', () => {
  let prod: Harness;
  let dev: Harness;
  let listed: Harness;
  beforeAll(async () => {
    [prod, dev, listed] = await Promise.all([
      startHarness({ NODE_ENV: 'production', BILLGRAPH_CURSOR_SECRET: CURSOR_SECRET }),
      startHarness({}),
      startHarness({ NODE_ENV: 'production', BILLGRAPH_CURSOR_SECRET: CURSOR_SECRET, BILLGRAPH_CORS_ORIGINS: PORTAL }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([prod?.close(), dev?.close(), listed?.close()]);
  });

  it('production, unconfigured: no origin is reflected, not even localhost', async () => {
    for (const origin of [EVIL, 'http://localhost:5173'])
      expect(cors(await postFrom(prod, origin)), origin).toEqual({ origin: null, credentials: null });
  });

  it("development, unconfigured: this machine's origins with credentials, no other", async () => {
    expect(cors(await postFrom(dev, 'http://localhost:5173'))).toEqual({ origin: 'http://localhost:5173', credentials: 'true' });
    expect(cors(await postFrom(dev, EVIL))).toEqual({ origin: null, credentials: null });
  });

  it('a listed origin reads with credentials, after a preflight the browser may cache; an unlisted one gets nothing', async () => {
    const response = await postFrom(listed, PORTAL);
    expect(cors(response)).toEqual({ origin: PORTAL, credentials: 'true' });
    expect((await response.json()).data.upcomingInvoice.amountDue.amount).toMatch(/^\d+\.\d\d$/);
    const preflight = await fetch(listed.url, {
      method: 'OPTIONS',
      headers: { origin: PORTAL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
    expect(cors(await postFrom(listed, EVIL))).toEqual({ origin: null, credentials: null });
  });

  it('CSRF: a cross-site form POST needs no preflight, so CORS cannot stop it; the CSRF rule does', async () => {
    const form = { body: `query=${encodeURIComponent(QUERY)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    listed.sandbox.reset();
    const forged = await postFrom(listed, EVIL, form);
    expect(forged.status).toBe(415);
    expect(listed.sandbox.received).toHaveLength(0); // refused before anything ran
    // Only a listed origin's preflight allows the header, so only its page can send a form POST that runs.
    const preflight = await fetch(listed.url, {
      method: 'OPTIONS',
      headers: { origin: PORTAL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-billgraph-csrf' },
    });
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-billgraph-csrf');
    const evilPreflight = await fetch(listed.url, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    });
    expect(evilPreflight.headers.get('access-control-allow-headers')).toBeNull();
    const withHeader = await postFrom(listed, PORTAL, { ...form, headers: { ...form.headers, 'x-billgraph-csrf': '1' } });
    expect(withHeader.status).toBe(200);
    expect(listed.sandbox.received.length).toBeGreaterThan(0);
  });
});

describe("trusted documents over HTTP, in production with the portal's manifest", () => {
  let h: Harness;
  const env = {
    NODE_ENV: 'production',
    BILLGRAPH_CURSOR_SECRET: CURSOR_SECRET,
    ...JWT_ENV,
    BILLGRAPH_TRUSTED_DOCUMENTS: MANIFEST,
    BILLGRAPH_ARBITRARY_DOCUMENTS_ROLE: 'internal',
  };
  beforeAll(async () => {
    h = await startHarness(env);
  });
  afterAll(() => h?.close());
  const bearer = async (roles?: string[]) => ({ authorization: `Bearer ${await token(roles)}` });

  it('refuses arbitrary documents by default there', () => {
    expect(h.config.trustedDocuments).toMatchObject({ arbitrary: 'refused', arbitraryRole: 'internal' });
  });

  it('runs a manifest document by documentId, POST and GET, with the same answer', async () => {
    const headers = { 'content-type': 'application/json', ...(await bearer()) };
    const variables = { provider: 'STRIPE' };
    const post = await fetch(h.url, { method: 'POST', headers, body: JSON.stringify({ documentId: UPCOMING_ID, variables }) });
    expect(post.status).toBe(200);
    const posted = await post.json();
    expect(posted.errors).toBeUndefined();
    expect(posted.data.upcomingInvoice.amountDue.amount).toMatch(/^\d+\.\d\d$/);
    const params = new URLSearchParams({ documentId: UPCOMING_ID, variables: JSON.stringify(variables) });
    const get = await fetch(`${h.url}?${params}`, { headers: { accept: 'application/graphql-response+json', ...(await bearer()) } });
    // extensions.cost reports the caller's budget left, which the first request spent from: compare the answers.
    const { extensions: _getCost, ...got } = await get.json();
    const { extensions: _postCost, ...sent } = posted;
    expect(got).toEqual(sent);
  });

  it('answers an unknown documentId with PersistedQueryNotFound', async () => {
    const neither = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearer()) },
      body: '{}',
    });
    expect(neither.status).toBe(400);
    expect((await neither.json()).errors[0].message).toMatch(/send a GraphQL `query`, or the `documentId` of a trusted document/);
    const response = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearer()) },
      body: JSON.stringify({ documentId: `sha256:${'0'.repeat(64)}` }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^PersistedQueryNotFound/), extensions: { code: 'BAD_USER_INPUT' } }),
    ]);
  });

  it("refuses a document of the caller's own (FORBIDDEN) unless the JWT holds the internal role", async () => {
    h.sandbox.reset();
    const refused = await h.graphql(QUERY, {}, await bearer(['support']));
    expect(refused.status).toBe(403);
    expect(refused.body.errors![0]).toMatchObject({
      message: expect.stringMatching(/^PersistedQueryOnly/),
      extensions: { code: 'FORBIDDEN' },
    });
    expect(h.sandbox.received).toHaveLength(0);
    const internal = await h.graphql(QUERY, {}, await bearer(['internal']));
    expect(internal.body.errors).toBeUndefined();
    expect(internal.body.data.upcomingInvoice.amountDue.amount).toMatch(/^\d+\.\d\d$/);
  });

  it('GraphiQL and the open sandbox mode keep arbitrary documents; an explicit setting wins', async () => {
    const graphiql = await startHarness({ ...env, BILLGRAPH_GRAPHIQL: 'true' });
    const sandbox = await startHarness({
      NODE_ENV: 'production',
      BILLGRAPH_CURSOR_SECRET: CURSOR_SECRET,
      BILLGRAPH_TRUSTED_DOCUMENTS: MANIFEST,
    });
    const locked = await startHarness({
      NODE_ENV: 'production',
      BILLGRAPH_CURSOR_SECRET: CURSOR_SECRET,
      BILLGRAPH_TRUSTED_DOCUMENTS: MANIFEST,
      BILLGRAPH_ARBITRARY_DOCUMENTS: 'refused',
    });
    try {
      expect((await locked.graphql(QUERY)).status).toBe(403);
      expect(graphiql.config.trustedDocuments.arbitrary).toBe('allowed');
      expect((await graphiql.graphql(QUERY, {}, await bearer())).body.errors).toBeUndefined();
      expect(sandbox.config.trustedDocuments.arbitrary).toBe('allowed');
      expect((await sandbox.graphql(QUERY)).body.errors).toBeUndefined();
    } finally {
      await Promise.all([graphiql.close(), sandbox.close(), locked.close()]);
    }
  });

  it('a bad manifest stops billgraph at startup with one line naming the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-manifest-'));
    writeFileSync(join(dir, 'portal.json'), JSON.stringify({ [UPCOMING_ID]: manifest[UPCOMING_ID]!.replace('amountDue', 'amountOwed') }));
    const billgraph = spawnBillgraph({ PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'silent', BILLGRAPH_TRUSTED_DOCUMENTS: dir });
    const code = await billgraph.exited;
    const stderr = billgraph.stderr();
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^billgraph: configuration error: BILLGRAPH_TRUSTED_DOCUMENTS must be manifests .*portal\.json: sha256:\w+: the key is not the sha256 of its document/,
    );
    expect(stderr.trim().split('\n')).toHaveLength(1);
  }, 30_000);
});
