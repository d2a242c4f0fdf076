import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { BillingProvider } from '../../src/providers/provider.js';
import { ProviderRegistry } from '../../src/providers/registry.js';
import { codes, startSecureHarness, type SecureHarness } from './support.js';
import { linesInto, withoutCost } from '../helpers/harness.js';
import { listen, type Listening } from '../helpers/listen.js';

/**
 * Every abuse limit of src/app.ts proved over real HTTP against a real billgraph in front of a real
 * sandbox: the request just over a limit is refused with a typed error and costs zero upstream requests,
 * the request at the limit is answered (so each refusal is the limit's doing and would fail without it).
 */

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: any;
}

async function send(url: string, init: RequestInit): Promise<RawResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown;
  try {
    // Each operation's `extensions.cost` (test/integration/budgets.test.ts checks it) is left out here.
    const parsed = JSON.parse(text);
    json = Array.isArray(parsed) ? parsed.map((one) => withoutCost(one).body) : withoutCost(parsed).body;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POSTs `body` as application/json (Accept: application/json unless told otherwise). */
const postJson = (url: string, body: string, headers: Record<string, string> = {}) =>
  send(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body });

/** POSTs one GraphQL operation as application/json. */
const postQuery = (url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  postJson(url, JSON.stringify({ query, variables }), headers);

/** The refusal every limit gives: exactly one BAD_USER_INPUT error with this message, no data, no location. */
const refusal = (message: string) => ({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] });

/** `__type(name: "Invoice") { ofType { ... { name } } }`: exactly `depth` levels of fields (no upstream call). */
function introspectionOfDepth(depth: number): string {
  let selection = 'name';
  for (let level = 0; level < depth - 2; level += 1) selection = `ofType { ${selection} }`;
  return `{ __type(name: "Invoice") { ${selection} } }`;
}

/** `n` aliases of a field that reads the upstream. */
const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `u${i}: upcomingInvoice { id }`).join(' ')} }`;

/** `n` fields each carrying one directive. */
const directed = (n: number) =>
  `{ upcomingInvoice { ${Array.from({ length: n }, (_, i) => `${i % 2 ? 'number' : 'id'} @include(if: true)`).join(' ')} } }`;

/** A JSON request body of exactly `bytes` bytes (padded with insignificant whitespace) that runs `query`. */
function bodyOfSize(bytes: number, query: string): string {
  const base = JSON.stringify({ query });
  expect(bytes).toBeGreaterThan(base.length);
  return `${base.slice(0, -1)}${' '.repeat(bytes - base.length)}}`;
}

/** The request log line (msg "request") of the request with this x-request-id. */
function requestLine(h: SecureHarness, requestId: string): Record<string, any> | undefined {
  return h.logs
    .map((line) => JSON.parse(line) as Record<string, any>)
    .find((line) => line.msg === 'request' && line.requestId === requestId);
}

const UPCOMING = '{ upcomingInvoice { id } }';
/** Cost with the rule of src/limits/cost.ts: invoices 1 + 100 x (nodes 1 + lines (1 + 100 x (nodes 1 + 0))) = 10,201. */
const HUNDRED_BY_HUNDRED = '{ invoices(first: 100) { nodes { lines(first: 100) { nodes { description } } } } }';

describe('abuse limits at their defaults (sandbox config)', () => {
  let h: SecureHarness;
  beforeAll(async () => {
    h = await startSecureHarness();
  });
  afterAll(() => h?.close());

  it('depth: 16 levels are refused (BAD_USER_INPUT), 15 (BILLGRAPH_MAX_DEPTH default) are answered', async () => {
    expect(h.config.limits.maxDepth).toBe(15);
    const over = await postQuery(h.url, introspectionOfDepth(16));
    // Refused as the caller's fault, like the token limit: 400 whatever the Accept header.
    expect(over.status).toBe(400);
    expect(over.json).toEqual(refusal('Refused: Query depth limit of 15 exceeded, found 16.'));
    const strict = await postQuery(h.url, introspectionOfDepth(16), undefined, { accept: 'application/graphql-response+json' });
    expect(strict.status).toBe(400);
    expect(strict.json).toEqual(refusal('Refused: Query depth limit of 15 exceeded, found 16.'));

    const at = await postQuery(h.url, introspectionOfDepth(15));
    expect(at.status).toBe(200);
    expect(at.json).toEqual({ data: { __type: { ofType: null } } });
  });

  it('aliases: 16 aliased upstream reads are refused before any upstream request, 15 are answered', async () => {
    expect(h.config.limits.maxAliases).toBe(15);
    h.sandbox.reset();
    const over = await postQuery(h.url, aliased(16));
    expect(over.json).toEqual(refusal('Refused: Aliases limit of 15 exceeded, found 16.'));
    expect(h.sandbox.received).toHaveLength(0);

    const at = await postQuery(h.url, aliased(15));
    expect(at.json.errors).toBeUndefined();
    expect(Object.keys(at.json.data)).toHaveLength(15);
    expect(h.sandbox.received.length).toBeGreaterThan(0);
  });

  it('directives: 21 directives are refused before any upstream request, 20 are answered', async () => {
    expect(h.config.limits.maxDirectives).toBe(20);
    h.sandbox.reset();
    const over = await postQuery(h.url, directed(21));
    expect(over.json).toEqual(refusal('Refused: Directives limit of 20 exceeded, found 21.'));
    expect(h.sandbox.received).toHaveLength(0);

    const at = await postQuery(h.url, directed(20));
    expect(at.json.errors).toBeUndefined();
    expect(at.json.data.upcomingInvoice.id).toEqual(expect.any(String));
  });

  it('tokens: a document of 2,001 tokens is refused at parse time (HTTP 400), one of 2,000 is answered', async () => {
    expect(h.config.limits.maxTokens).toBe(2_000);
    // `__type(name: "Invoice") { name }` is 9 tokens; 222 of them plus the outer braces are 2,000.
    // (Not 1,998 bare `__typename`s: graphql-js's own overlapping-fields budget aborts those.)
    const fields = '__type(name: "Invoice") { name } '.repeat(222);
    const at = await postQuery(h.url, `{ ${fields}}`);
    expect(at.status).toBe(200);
    expect(at.json).toEqual({ data: { __type: { name: 'Invoice' } } });

    h.sandbox.reset();
    const over = await postQuery(h.url, `{ ${fields}__typename }`);
    expect(over.status).toBe(400);
    expect(over.json).toEqual(refusal('Refused: Token limit of 2000 exceeded.'));
    expect(h.sandbox.received).toHaveLength(0);
  });

  it('cost: invoices(first: 100) x lines(first: 100) with a few objects per line is refused with its cost, before any upstream request', async () => {
    expect(h.config.limits.maxCost).toBe(50_000);
    // Per line: amount 1 + unitAmount 1 + credits (1 + 10 x amount 1) = 13; lines nodes 14; lines 1 + 100 x 14;
    // invoice nodes 1 + 1,401; invoices 1 + 100 x 1,402 = 140,201.
    const heavy =
      'query Heavy($n: Int) { invoices(first: $n) { nodes { lines(first: $n) { nodes { amount { amount } unitAmount { amount } credits { amount { amount } } } } } } }';
    h.sandbox.reset();
    const over = await postQuery(h.url, heavy, { n: 100 });
    expect(over.status).toBe(200);
    expect(over.json).toEqual({
      errors: [
        {
          message: 'this operation costs 140201, more than the limit of 50000: ask for smaller pages (`first`) or fewer fields',
          extensions: { code: 'BAD_USER_INPUT', cost: 140_201, maxCost: 50_000 },
        },
      ],
    });
    expect(over.json.errors[0].extensions.cost).toBeGreaterThan(over.json.errors[0].extensions.maxCost);
    expect(h.sandbox.received).toHaveLength(0);

    // The same document with small pages (cost 1 + 2 x (1 + 1 + 2 x 14) = 61) is answered.
    const small = await postQuery(h.url, heavy, { n: 2 });
    expect(small.json.errors).toBeUndefined();
    expect(small.json.data.invoices.nodes).toHaveLength(2);
    expect(h.sandbox.received.length).toBeGreaterThan(0);
  });

  it('cost: the 100 x 100 description-only query (cost 10,201) is within the default limit of 50,000', async () => {
    // Leaves are free in src/limits/cost.ts, so 10,000 lines of `description` cost 10,201: allowed by default.
    const answer = await postQuery(h.url, HUNDRED_BY_HUNDRED);
    expect(answer.json.errors).toBeUndefined();
    expect(answer.json.data.invoices.nodes.length).toBeGreaterThan(0);
  });

  it('body cap: 100,001 bytes get HTTP 413 with a GraphQL error and no upstream request; exactly 100,000 bytes are processed', async () => {
    expect(h.config.limits.maxBodyBytes).toBe(100_000);
    h.sandbox.reset();
    const over = await postJson(h.url, bodyOfSize(100_001, UPCOMING));
    expect(over.status).toBe(413);
    expect(over.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(over.json).toEqual(refusal('request bodies are limited to 100000 bytes'));
    expect(h.sandbox.received).toHaveLength(0);

    const at = await postJson(h.url, bodyOfSize(100_000, UPCOMING));
    expect(at.status).toBe(200);
    expect(at.json.errors).toBeUndefined();
    expect(at.json.data.upcomingInvoice.id).toEqual(expect.any(String));
    expect(h.sandbox.received.length).toBeGreaterThan(0);
  });

  it('body cap: a chunked body without Content-Length (the cap cannot be read) gets HTTP 411', async () => {
    const { port } = new URL(h.url);
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      const body = JSON.stringify({ query: UPCOMING });
      req.write(body.slice(0, 10));
      req.end(body.slice(10));
    });
    expect(answer.status).toBe(411);
    expect(JSON.parse(answer.text)).toEqual(refusal('send a Content-Length; streamed request bodies are not accepted'));
  });

  describe('CSRF: form-like content types need the x-billgraph-csrf header', () => {
    const body = JSON.stringify({ query: UPCOMING });
    for (const [type, sent] of [
      ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
      ['multipart/form-data', 'multipart/form-data; boundary=----billgraph'],
    ] as const) {
      it(`${type} without the header: 415, a GraphQL error, no upstream request, logged as BAD_USER_INPUT`, async () => {
        h.sandbox.reset();
        const requestId = `limits-csrf-${type.replace(/\W/g, '-')}`;
        const answer = await send(h.url, {
          method: 'POST',
          headers: { 'content-type': sent, accept: 'application/json', 'x-request-id': requestId },
          body,
        });
        expect(answer.status).toBe(415);
        expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(answer.headers.get('x-request-id')).toBe(requestId);
        expect(answer.json).toEqual(
          refusal(
            `send Content-Type: application/json (a ${type} POST needs the x-billgraph-csrf header, against cross-site request forgery)`,
          ),
        );
        expect(h.sandbox.received).toHaveLength(0);
        expect(requestLine(h, requestId)).toMatchObject({ status: 415, errorCodes: ['BAD_USER_INPUT'], upstreamCallCount: 0 });
      });
    }

    it('text/plain, with or without the header, is refused: 415 and a GraphQL error saying what to send', async () => {
      h.sandbox.reset();
      for (const extra of [{}, { 'x-billgraph-csrf': '1' }] as Record<string, string>[]) {
        const requestId = `limits-text-plain-${Object.keys(extra).length}`;
        const answer = await send(h.url, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', accept: 'application/json', 'x-request-id': requestId, ...extra },
          body,
        });
        expect(answer.status).toBe(415);
        expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(answer.json).toEqual(refusal('send Content-Type: application/json'));
        expect(requestLine(h, requestId)).toMatchObject({ status: 415, errorCodes: ['BAD_USER_INPUT'], upstreamCallCount: 0 });
      }
      expect(h.sandbox.received).toHaveLength(0);
    });

    it('application/x-www-form-urlencoded with the header reaches GraphQL and is answered', async () => {
      const answer = await send(h.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-billgraph-csrf': '1' },
        body: new URLSearchParams({ query: '{ __typename }' }).toString(),
      });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ data: { __typename: 'Query' } });
    });

    it('application/xml is refused with 415 whether or not the header is sent', async () => {
      h.sandbox.reset();
      for (const extra of [{}, { 'x-billgraph-csrf': '1' }] as Record<string, string>[]) {
        const answer = await send(h.url, {
          method: 'POST',
          headers: { 'content-type': 'application/xml', accept: 'application/json', ...extra },
          body,
        });
        expect(answer.status).toBe(415);
        expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(answer.json).toEqual(refusal('send Content-Type: application/json'));
      }
      expect(h.sandbox.received).toHaveLength(0);
    });
  });

  it('batching is off: a JSON array of two operations gets HTTP 400 and no upstream request', async () => {
    expect(h.config.limits.maxBatch).toBe(0);
    h.sandbox.reset();
    const answer = await postJson(h.url, JSON.stringify([{ query: UPCOMING }, { query: '{ __typename }' }]));
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual(refusal('Batching is not supported.'));
    expect(h.sandbox.received).toHaveLength(0);
  });

  it('introspection and GraphiQL are on in the sandbox config', async () => {
    expect(h.config.introspection).toBe(true);
    const schema = await postQuery(h.url, '{ __schema { types { name } } }');
    expect(schema.json.errors).toBeUndefined();
    expect(schema.json.data.__schema.types.map((t: { name: string }) => t.name)).toContain('Invoice');

    const page = await send(h.url, { method: 'GET', headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('<title>billgraph</title>');
  });
});

describe('abuse limits set by environment variables', () => {
  let h: SecureHarness;
  beforeAll(async () => {
    h = await startSecureHarness({
      BILLGRAPH_MAX_DEPTH: '5',
      BILLGRAPH_MAX_ALIASES: '3',
      BILLGRAPH_MAX_DIRECTIVES: '2',
      BILLGRAPH_MAX_TOKENS: '100',
      BILLGRAPH_MAX_COST: '10000',
      BILLGRAPH_MAX_BATCH: '2',
      BILLGRAPH_MAX_BODY_BYTES: '2000', // room for the 100-token documents (about 1.1 KB of JSON)
    });
  });
  afterAll(() => h?.close());

  it('BILLGRAPH_MAX_DEPTH=5: a 6-level invoice query is refused with zero upstream requests, also when hidden in a fragment; 5 levels are answered', async () => {
    h.sandbox.reset();
    const over = await postQuery(h.url, '{ invoices(first: 1) { nodes { lines(first: 1) { nodes { amount { currency } } } } } }');
    expect(over.json).toEqual(refusal('Refused: Query depth limit of 5 exceeded, found 6.'));
    const viaFragment = await postQuery(
      h.url,
      '{ invoices(first: 1) { nodes { ...L } } } fragment L on Invoice { lines(first: 1) { nodes { amount { currency } } } }',
    );
    expect(viaFragment.json).toEqual(refusal('Refused: Query depth limit of 5 exceeded, found 6.'));
    expect(h.sandbox.received).toHaveLength(0);

    const at = await postQuery(h.url, '{ invoices(first: 1) { nodes { lines(first: 1) { nodes { description } } } } }');
    expect(at.json.errors).toBeUndefined();
    expect(at.json.data.invoices.nodes).toHaveLength(1);
    expect(h.sandbox.received.length).toBeGreaterThan(0);
  });

  it('BILLGRAPH_MAX_ALIASES=3: four aliases are refused with zero upstream requests, three are answered', async () => {
    h.sandbox.reset();
    expect((await postQuery(h.url, aliased(4))).json).toEqual(refusal('Refused: Aliases limit of 3 exceeded, found 4.'));
    expect(h.sandbox.received).toHaveLength(0);
    const at = await postQuery(h.url, aliased(3));
    expect(at.json.errors).toBeUndefined();
    expect(Object.keys(at.json.data)).toEqual(['u0', 'u1', 'u2']);
  });

  it('BILLGRAPH_MAX_DIRECTIVES=2: three directives are refused with zero upstream requests, two are answered', async () => {
    h.sandbox.reset();
    expect((await postQuery(h.url, directed(3))).json).toEqual(refusal('Refused: Directives limit of 2 exceeded, found 3.'));
    expect(h.sandbox.received).toHaveLength(0);
    const at = await postQuery(h.url, directed(2));
    expect(at.json.errors).toBeUndefined();
    expect(at.json.data.upcomingInvoice.id).toEqual(expect.any(String));
  });

  it('BILLGRAPH_MAX_TOKENS=100: 101 tokens are refused (HTTP 400), 100 are answered', async () => {
    const at = await postQuery(h.url, `{ ${'__typename '.repeat(98)}}`);
    expect(at.status).toBe(200);
    expect(at.json).toEqual({ data: { __typename: 'Query' } });
    const over = await postQuery(h.url, `{ ${'__typename '.repeat(99)}}`);
    expect(over.status).toBe(400);
    expect(over.json).toEqual(refusal('Refused: Token limit of 100 exceeded.'));
  });

  it('BILLGRAPH_MAX_COST=10000: invoices(first: 100) x lines(first: 100) (cost 10,201) is refused with zero upstream requests; 99 x 99 (cost 10,000) is answered', async () => {
    h.sandbox.reset();
    const over = await postQuery(h.url, HUNDRED_BY_HUNDRED);
    expect(over.status).toBe(200);
    expect(over.json).toEqual({
      errors: [
        {
          message: 'this operation costs 10201, more than the limit of 10000: ask for smaller pages (`first`) or fewer fields',
          extensions: { code: 'BAD_USER_INPUT', cost: 10_201, maxCost: 10_000 },
        },
      ],
    });
    expect(over.json.errors[0].extensions.cost).toBeGreaterThan(over.json.errors[0].extensions.maxCost);
    expect(h.sandbox.received).toHaveLength(0);

    // 1 + 99 x (1 + 1 + 99 x 1) = 10,000: exactly at the limit.
    const at = await postQuery(h.url, '{ invoices(first: 99) { nodes { lines(first: 99) { nodes { description } } } } }');
    expect(at.json.errors).toBeUndefined();
    expect(at.json.data.invoices.nodes.length).toBeGreaterThan(0);
    expect(h.sandbox.received.length).toBeGreaterThan(0);
  });

  it('BILLGRAPH_MAX_BODY_BYTES=2000: 2,001 bytes get HTTP 413, 2,000 bytes are processed', async () => {
    h.sandbox.reset();
    const over = await postJson(h.url, bodyOfSize(2_001, UPCOMING));
    expect(over.status).toBe(413);
    expect(over.json).toEqual(refusal('request bodies are limited to 2000 bytes'));
    expect(h.sandbox.received).toHaveLength(0);
    const at = await postJson(h.url, bodyOfSize(2_000, UPCOMING));
    expect(at.status).toBe(200);
    expect(at.json.data.upcomingInvoice.id).toEqual(expect.any(String));
  });

  it('BILLGRAPH_MAX_BATCH=2: two operations are both answered; three get HTTP 413 with no upstream request', async () => {
    const two = await postJson(h.url, JSON.stringify([{ query: UPCOMING }, { query: '{ t: __typename }' }]));
    expect(two.status).toBe(200);
    expect(two.json).toEqual([{ data: { upcomingInvoice: { id: expect.any(String) } } }, { data: { t: 'Query' } }]);

    h.sandbox.reset();
    const three = await postJson(h.url, JSON.stringify([{ query: UPCOMING }, { query: UPCOMING }, { query: '{ __typename }' }]));
    expect(three.status).toBe(413);
    expect(three.json).toEqual(refusal('Batching is limited to 2 operations per request.'));
    expect(h.sandbox.received).toHaveLength(0);
  });

  it('limits apply to each operation of a batch: an over-deep one is refused, its neighbour answered', async () => {
    const answer = await postJson(
      h.url,
      JSON.stringify([
        { query: '{ invoices(first: 1) { nodes { lines(first: 1) { nodes { amount { currency } } } } } }' },
        { query: '{ __typename }' },
      ]),
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual([refusal('Refused: Query depth limit of 5 exceeded, found 6.'), { data: { __typename: 'Query' } }]);
  });
});

describe('NODE_ENV=production: no introspection, no GraphiQL', () => {
  let h: SecureHarness;
  beforeAll(async () => {
    // loadConfig reads NODE_ENV from the env map it is given (not process.env), so this is a production config.
    h = await startSecureHarness({ NODE_ENV: 'production', BILLGRAPH_CURSOR_SECRET: 'limits-test-cursor-secret-0123456789abcdef' });
  });
  afterAll(() => h?.close());

  it('the config follows NODE_ENV', () => {
    expect(h.config.introspection).toBe(false);
    expect(h.config.graphiql).toBe(false);
  });

  it('`{ __schema { types { name } } }` and `__type` are refused with BAD_USER_INPUT; ordinary queries still work', async () => {
    const schema = await postQuery(h.url, '{ __schema { types { name } } }');
    expect(schema.status).toBe(200);
    expect(schema.json.data).toBeUndefined();
    expect(schema.json.errors[0].message).toBe(
      'GraphQL introspection has been disabled, but the requested query contained the field "__schema".',
    );
    expect(codes(schema.json).length).toBeGreaterThan(0);
    expect(new Set(codes(schema.json))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(schema.text).not.toContain('"Invoice"');

    const type = await postQuery(h.url, '{ __type(name: "Invoice") { fields { name } } }');
    expect(type.json.data).toBeUndefined();
    expect(type.json.errors[0].message).toBe(
      'GraphQL introspection has been disabled, but the requested query contained the field "__type".',
    );
    expect(new Set(codes(type.json))).toEqual(new Set(['BAD_USER_INPUT']));
    expect(type.text).not.toContain('amountDue');

    const ordinary = await postQuery(h.url, '{ __typename upcomingInvoice { id } }');
    expect(ordinary.json.errors).toBeUndefined();
    expect(ordinary.json.data.__typename).toBe('Query');
  });

  it('GET /graphql with Accept: text/html does not serve GraphiQL (HTTP 406, no page)', async () => {
    const page = await send(h.url, { method: 'GET', headers: { accept: 'text/html' } });
    expect(page.status).toBe(406);
    expect(page.headers.get('content-type') ?? '').not.toMatch(/html/);
    expect(page.text).not.toMatch(/<html|graphiql/i);
  });
});

describe('INTERNAL: an unexpected error is masked, logged with the request id and scrubbed', () => {
  const SECRET_MESSAGE = 'boom sk_test_secret123456 Bearer abc.def';
  let app: App;
  let listening: Listening | undefined;
  let url: string;
  const logs: string[] = [];

  /** A deliberately broken provider (not a mock of an upstream): its upcomingInvoice throws a TypeError. */
  const broken: BillingProvider = {
    name: 'cloudflare',
    defaultCustomer: 'acct_broken',
    upcomingInvoice: async () => {
      throw new TypeError(SECRET_MESSAGE);
    },
    listInvoices: async () => {
      throw new TypeError('listInvoices is not used by this test');
    },
    getInvoice: async () => null,
    checkPreview: () => {},
    previewInvoice: async () => {
      throw new TypeError('previewInvoice is not used by this test');
    },
    close: async () => {},
  };

  beforeAll(async () => {
    app = createApp(loadConfig({ LOG_LEVEL: 'info' }), new ProviderRegistry([broken]), { logDestination: linesInto(logs) });
    listening = await listen(app.yoga);
    url = listening.url;
  });
  afterAll(async () => {
    await listening?.close();
    await app?.close();
  });

  it('answers HTTP 200 with exactly { message: "Internal error", code INTERNAL, requestId }, nothing of the cause', async () => {
    const answer = await postQuery(url, '{ upcomingInvoice { id } }');
    expect(answer.status).toBe(200);
    const requestId = answer.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.json).toEqual({
      data: { upcomingInvoice: null },
      errors: [
        {
          message: 'Internal error',
          locations: [{ line: 1, column: 3 }],
          path: ['upcomingInvoice'],
          extensions: { code: 'INTERNAL', requestId },
        },
      ],
    });
    for (const leak of ['boom', 'sk_test_secret123456', 'abc.def', 'Bearer', 'TypeError', 'stack', '.ts:'])
      expect(answer.text).not.toContain(leak);

    const lines = logs.map((line) => JSON.parse(line) as Record<string, any>);
    const internal = lines.filter((line) => line.msg === 'internal error');
    expect(internal).toHaveLength(1);
    expect(internal[0]).toMatchObject({ level: 50, requestId, err: { name: 'TypeError', message: 'boom [redacted] [redacted]' } });
    expect(internal[0]!.err.stack).toMatch(/^TypeError: boom \[redacted\] \[redacted\]\n/);
    expect(lines.find((line) => line.msg === 'request' && line.requestId === requestId)).toMatchObject({
      status: 200,
      errorCodes: ['INTERNAL'],
    });
    for (const line of logs) {
      expect(line).not.toContain('sk_test_secret123456');
      expect(line).not.toContain('abc.def');
    }
  });

  it('a caller-chosen x-request-id is the one in the error and the log', async () => {
    const answer = await postQuery(url, '{ upcomingInvoice { id } }', undefined, { 'x-request-id': 'limits-internal-1' });
    expect(answer.json.errors).toEqual([
      expect.objectContaining({ message: 'Internal error', extensions: { code: 'INTERNAL', requestId: 'limits-internal-1' } }),
    ]);
    expect(logs.some((line) => line.includes('"msg":"internal error"') && line.includes('"requestId":"limits-internal-1"'))).toBe(true);
  });
});
