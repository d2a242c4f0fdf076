import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { mapWithConcurrency } from '../../src/http/concurrency.js';
import { CF_DEFAULT_ACCOUNT, CF_EUR_ACCOUNT } from '../../src/sandbox/cloudflare/data.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { seededRandom } from '../../src/sandbox/random.js';
import { startHarness } from '../helpers/harness.js';
import { customerToken, JWT_SECRET } from './support.js';

/**
 * The hostile-input suite: >= 1,000 generated requests against a billgraph in its own process (so its
 * heap can be measured after a forced GC). Each answer: no 5xx, a well-formed GraphQL error with a
 * docs/ARCHITECTURE.md section 8 code, no credential; afterwards a normal query still works and the heap is back
 * near where it started.
 */
interface HostileRequest {
  kind: string;
  method: 'GET' | 'POST';
  /** Appended to the endpoint URL (GET query strings). */
  search?: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const random = seededRandom(20_261_122);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(0, 255));
const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(int(32, 126))).join('');
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

const LIST =
  'query L($first: Int, $after: String, $customer: String) { invoices(first: $first, after: $after, customer: $customer) { nodes { id } pageInfo { endCursor } } }';
const BY_ID = 'query I($id: ID!) { invoice(id: $id) { id } }';
const BY_NODE = 'query N($id: ID!) { node(id: $id) { id } }';
const PREVIEW = 'mutation P($input: PreviewInvoiceInput!) { previewInvoice(input: $input) { __typename } }';
const INVOICE_FIELDS = 'id number status amountDue { amount currency } lines(first: 100) { nodes { description amount { amount } } }';

function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i += 1) value = { a: value, b: [value === 'x' ? 1 : 0] };
  return value;
}

function generate(auth: Record<string, string>, bCursor: string): HostileRequest[] {
  const json = {
    'content-type': 'application/json',
    accept: pick(['application/json', 'application/graphql-response+json', '*/*']),
    ...auth,
  };
  const post = (kind: string, payload: unknown, headers: Record<string, string> = json): HostileRequest => ({
    kind,
    method: 'POST',
    headers,
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const requests: HostileRequest[] = [];
  const add = (count: number, make: (i: number) => HostileRequest) => {
    for (let i = 0; i < count; i += 1) requests.push(make(i));
  };

  add(100, () => ({ kind: 'random bytes', method: 'POST', headers: json, body: bytes(int(1, 4_000)) }));
  add(100, (i) => {
    const valid = JSON.stringify({ query: LIST, variables: { first: 2 } });
    const broken = [
      valid.slice(0, int(1, valid.length - 1)),
      `${valid}${junk(int(1, 20))}`,
      `{"query": ${junk(30)}}`,
      '',
      'null',
      '[]',
      '"query"',
      '{"query": 42}',
      '{"query": null}',
      `{"query": "{ __typename }", "variables": "${junk(10)}"}`,
    ];
    return post('invalid JSON', broken[i % broken.length]!);
  });
  add(100, (i) => {
    const types = [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'text/html',
      'application/octet-stream',
      'image/png',
      '',
      'application/jsonp',
      'application/graphql',
    ];
    const type = types[i % types.length]!;
    const body = type === 'application/graphql' ? `{ ${junk(20)}` : JSON.stringify({ query: LIST });
    const headers: Record<string, string> = { ...auth, accept: 'application/json' };
    if (type) headers['content-type'] = type;
    return { kind: 'wrong content type', method: 'POST', headers, body };
  });
  add(100, (i) => {
    if (i % 4 === 0) return post('huge variables', { query: LIST, variables: { first: 2, after: 'a'.repeat(int(100_001, 300_000)) } });
    if (i % 4 === 1) return post('huge variables', { query: LIST, variables: { after: junk(int(2_000, 90_000)) } });
    if (i % 4 === 2) return post('deeply nested variables', { query: PREVIEW, variables: { input: nested(int(50, 400)) } });
    return post('deeply nested variables', `{"query": ${JSON.stringify(LIST)}, "variables": {"first": ${'['.repeat(int(1_000, 20_000))}`);
  });
  add(100, (i) => {
    const aliases = int(16, 400);
    const field = i % 2 === 0 ? `invoices(first: 100) { nodes { ${INVOICE_FIELDS} } }` : 'upcomingInvoice { id }';
    return post('alias bomb', { query: `{ ${Array.from({ length: aliases }, (_, n) => `a${n}: ${field}`).join(' ')} }` });
  });
  add(100, () => {
    const levels = int(5, 12);
    const width = int(8, 20);
    let fragments = `fragment F0 on Invoice { id number amountDue { amount } }`;
    for (let level = 1; level <= levels; level += 1) {
      fragments += ` fragment F${level} on Invoice { ${Array.from({ length: width }, () => `...F${level - 1}`).join(' ')} }`;
    }
    return post('fragment bomb', { query: `{ invoices(first: 100) { nodes { ...F${levels} } } } ${fragments}` });
  });
  add(100, (i) => {
    const depth = int(16, 200);
    if (i % 2 === 0) {
      let query = 'name';
      for (let d = 0; d < depth; d += 1) query = `fields { type { ${query} } }`;
      return post('deep query', { query: `{ __schema { types { ${query} } } }` });
    }
    let query = 'id';
    for (let d = 0; d < depth; d += 1) query = `node(id: "x") { ... on Invoice { customer { id } ${d % 3 === 0 ? query : 'id'} } }`;
    return post('deep query', { query: `{ ${query} }` });
  });
  add(100, (i) => {
    const values = [101, 1_000, 2 ** 31 - 1, 2 ** 31, -1, 0, 1e15, 1.5, '100', -100];
    return post('oversized first', { query: LIST, variables: { first: values[i % values.length] } });
  });
  add(150, (i) => {
    const ids = [
      junk(int(1, 60)),
      b64(junk(40)),
      b64(`Invoice:${junk(30)}`),
      b64('Invoice:["cloudflare"]'),
      b64(`Invoice:["stripe","${CF_DEFAULT_ACCOUNT}","in_1",0]`),
      b64(`Invoice:["cloudflare","${CF_EUR_ACCOUNT}","inv_1",0]`),
      b64(`Invoice:["cloudflare","${CF_DEFAULT_ACCOUNT}","${'k'.repeat(2_000)}",0]`),
      b64(`Customer:${CF_DEFAULT_ACCOUNT}`),
      'a'.repeat(5_000),
      '🙂'.repeat(50),
    ];
    const cursors = [
      junk(int(1, 80)),
      b64('{"v":1,"s":{},"p":"0"}'),
      b64('{"v":2}'),
      b64(`{"v":1,"s":{"k":"invoices","p":"cloudflare","c":"${CF_DEFAULT_ACCOUNT}","t":"ALL"},"p":"-5"}`),
      bCursor,
      'x'.repeat(3_000),
    ];
    if (i % 3 === 0) return post('malformed cursor', { query: LIST, variables: { first: 2, after: cursors[i % cursors.length] } });
    return post('malformed id', { query: i % 3 === 1 ? BY_ID : BY_NODE, variables: { id: ids[i % ids.length] } });
  });
  add(50, (i) => {
    const batch = Array.from({ length: int(2, 200) }, () => ({ query: LIST, variables: { first: 1 } }));
    return i % 2 === 0
      ? post('batch', batch)
      : post('directive bomb', { query: `{ invoices(first: 1) { nodes { id ${'@include(if: true) '.repeat(int(21, 500))} } } }` });
  });
  add(50, (i) => {
    const queries = [
      `mutation { previewInvoice(input: {}) { __typename } }`,
      junk(int(1, 200)),
      `{ invoices(first: 1000) { nodes { id } } }`,
      `{ ${'a'.repeat(3_000)} }`,
      '',
    ];
    return {
      kind: 'GET',
      method: 'GET',
      headers: { accept: 'application/json', ...auth },
      search: `?query=${encodeURIComponent(queries[i % queries.length]!)}&variables=${encodeURIComponent(junk(20))}`,
    };
  });
  add(50, () => post('token bomb', { query: `{ invoices(first: 1) { nodes { id ${'__typename '.repeat(int(2_001, 9_000))} } } }` }));
  return requests;
}

describe('hostile input', () => {
  let child: ChildProcess;
  let url: string;
  let stdout = '';
  let token: string;
  const heap = () =>
    new Promise<number>((resolve) => {
      child.once('message', (message: { heapUsed: number; gc: boolean }) => {
        expect(message.gc).toBe(true);
        resolve(message.heapUsed);
      });
      child.send({ type: 'heap' });
    });
  const normalQuery = async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ invoices(first: 20) { nodes { ${INVOICE_FIELDS} } pageInfo { endCursor } } }` }),
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: unknown[] } };
  };

  beforeAll(async () => {
    child = fork(fileURLToPath(new URL('./hostile-server.ts', import.meta.url)), [], {
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
    url = await new Promise<string>((resolve, reject) => {
      child.once('message', (message: { url: string }) => resolve(message.url));
      child.once('exit', (code) => reject(new Error(`hostile server exited with ${code}`)));
    });
    token = await customerToken('cloudflare', [CF_DEFAULT_ACCOUNT]);
  }, 30_000);
  afterAll(() => {
    child?.send({ type: 'close' });
  });

  it('answers >= 1,000 hostile requests with typed 4xx/200 GraphQL errors, then a normal query, heap back near its start', async () => {
    // Warm up (JIT, caches, pools) before the baseline.
    for (let i = 0; i < 30; i += 1) expect((await normalQuery()).body.errors).toBeUndefined();
    const bToken = await customerToken('cloudflare', [CF_EUR_ACCOUNT]);
    const fromB = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bToken}` },
      body: JSON.stringify({ query: LIST, variables: { first: 1 } }),
    });
    const bCursor = ((await fromB.json()) as any).data.invoices.pageInfo.endCursor as string;
    const auth = { authorization: `Bearer ${token}` };
    // Warm the error paths too (their code is compiled once, and bounded caches fill): a sample of
    // every kind, then the baseline. Growth after that would be retained garbage.
    const warmUp = generate(auth, bCursor).filter((_, i) => i % 5 === 0);
    await mapWithConcurrency(warmUp, 16, async (request) => {
      await (
        await fetch(url + (request.search ?? ''), {
          method: request.method,
          headers: request.headers,
          body: request.body as BodyInit | undefined,
        })
      ).text();
    });
    const before = await heap();

    const requests = generate(auth, bCursor);
    expect(requests.length).toBeGreaterThanOrEqual(1_000);
    const started = performance.now();
    const kinds = new Map<string, number>();
    const failures: string[] = [];
    const bodies: string[] = [];
    await mapWithConcurrency(requests, 16, async (request) => {
      kinds.set(request.kind, (kinds.get(request.kind) ?? 0) + 1);
      const response = await fetch(url + (request.search ?? ''), {
        method: request.method,
        headers: request.headers,
        body: request.body as BodyInit | undefined,
      });
      const text = await response.text();
      bodies.push(text);
      const label = `${request.kind} -> ${response.status} ${text.slice(0, 160)}`;
      if (response.status >= 500) return failures.push(`5xx: ${label}`);
      let body: { errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
      try {
        body = JSON.parse(text);
      } catch {
        return failures.push(`not JSON: ${label}`);
      }
      if (!Array.isArray(body.errors) || body.errors.length === 0) return failures.push(`no errors: ${label}`);
      for (const error of body.errors) {
        if (typeof error.message !== 'string' || !(ERROR_CODES as readonly unknown[]).includes(error.extensions?.code))
          failures.push(`untyped error: ${label}`);
        if (error.extensions?.code === 'INTERNAL') failures.push(`INTERNAL: ${label}`);
      }
      return undefined;
    });
    const elapsed = performance.now() - started;
    expect([...new Set(failures.map((f) => f.slice(0, 200)))].slice(0, 12)).toEqual([]);

    const after = await normalQuery();
    expect(after.status).toBe(200);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.invoices.nodes.length).toBe(20);
    const end = await heap();
    const growthMb = (end - before) / 1024 / 1024;
    // A second pass of new hostile documents: steady state, so any growth now would be a leak.
    const again = generate(auth, bCursor);
    await mapWithConcurrency(again, 16, async (request) => {
      const response = await fetch(url + (request.search ?? ''), {
        method: request.method,
        headers: request.headers,
        body: request.body as BodyInit | undefined,
      });
      await response.text();
      if (response.status >= 500) failures.push(`5xx on second pass: ${request.kind}`);
    });
    expect(failures).toEqual([]);
    const end2 = await heap();
    const secondPassMb = (end2 - end) / 1024 / 1024;
    console.log(
      `hostile suite: ${warmUp.length} warm-up + ${requests.length} requests in ${Math.round(elapsed)} ms; heap ${(before / 1024 / 1024).toFixed(1)} MB -> ${(end / 1024 / 1024).toFixed(1)} MB (${growthMb.toFixed(1)} MB), after a second pass of ${again.length} ${(end2 / 1024 / 1024).toFixed(1)} MB (${secondPassMb.toFixed(1)} MB); kinds ${JSON.stringify(Object.fromEntries(kinds))}`,
    );
    // Bounded: the parsed-document cache (100 documents of <= 2 KB) is the only thing allowed to fill.
    expect(growthMb).toBeLessThan(12);
    expect(secondPassMb).toBeLessThan(4);

    // No seeded credential in any answer or log line.
    const secrets = [
      JWT_SECRET,
      token,
      bToken,
      SANDBOX_CREDENTIALS.cloudflare.token,
      SANDBOX_CREDENTIALS.cloudflare.globalKey,
      SANDBOX_CREDENTIALS.stripe.secretKey,
      SANDBOX_CREDENTIALS.flexprice.apiKey,
    ];
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(requests.length + warmUp.length + again.length);
    for (const secret of secrets) {
      for (const body of bodies) expect(body.includes(secret)).toBe(false);
      expect(stdout.includes(secret)).toBe(false);
    }
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; requestId?: string; errorCodes?: string[] });
    expect(logged.filter((l) => l.msg === 'request').every((l) => typeof l.requestId === 'string' && Array.isArray(l.errorCodes))).toBe(
      true,
    );
  }, 110_000);
});

describe('GraphQL over HTTP conformance (graphql-http serverAudits)', () => {
  it('passes every audit against billgraph in sandbox mode', async () => {
    const h = await startHarness();
    try {
      const results = await Promise.all(serverAudits({ url: h.url, fetchFn: fetch }).map((audit) => audit.fn()));
      const notOk = results.filter((result) => result.status !== 'ok').map((result) => `${result.id} ${result.status}: ${result.name}`);
      expect(results.length).toBeGreaterThan(30);
      // Every audit, the MAYs included (A5BF: a 400 for a POST without a body, whatever the Accept header).
      expect(notOk).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
