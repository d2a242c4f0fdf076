import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import type { Fault } from '../../src/sandbox/faults.js';
import { USD_ACCOUNT, onlyError, serveBillgraphInProcess } from '../helpers/cloudflare.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const PREVIEW = `{ upcomingInvoice { providerId amountDue { amount } } }`;
const HISTORY = `{ invoices(first: 3) { edges { node { providerId } } } }`;
const MAX_RETRIES = 2;

describe('Cloudflare upstream faults, over real HTTP', () => {
  let h: Harness;
  let slow: Harness;

  beforeAll(async () => {
    [h, slow] = await Promise.all([
      startHarness({ UPSTREAM_MAX_RETRIES: String(MAX_RETRIES) }),
      // A short overall deadline; per-attempt header timeouts longer, so the overall deadline is what stops it.
      startHarness({ UPSTREAM_TIMEOUT_MS: '400', UPSTREAM_HEADERS_TIMEOUT_MS: '5000', UPSTREAM_MAX_RETRIES: String(MAX_RETRIES) }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([h?.close(), slow?.close()]);
  });
  beforeEach(() => {
    h.sandbox.reset();
    slow.sandbox.reset();
  });

  /** Injects `fault`, runs `query`, returns the single error, the upstream attempts and the elapsed ms. */
  async function withFault(harness: Harness, fault: Omit<Fault, 'provider'>, code: string, query = PREVIEW) {
    harness.sandbox.reset();
    harness.sandbox.faults.add({ provider: 'cloudflare', ...fault });
    const started = performance.now();
    const response = await harness.graphql(query);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    const error = onlyError(response.body, code);
    const attempts = harness.sandbox.count('cloudflare');
    const text = JSON.stringify(response.body);
    // Never a credential, a stack or the raw upstream body.
    expect(text).not.toContain(SANDBOX_CREDENTIALS.cloudflare.token);
    expect(text).not.toMatch(/"success"|"result"|stack|at .*\.ts/);
    expect(error.extensions?.provider).toBe('cloudflare');
    return { error, attempts, elapsed };
  }

  /** The fault is used up: the very next request succeeds. */
  async function nextSucceeds(harness: Harness, query = PREVIEW) {
    const response = await harness.graphql(query);
    expect(response.body.errors, JSON.stringify(response.body.errors)).toBeUndefined();
    expect(response.body.data).toBeTruthy();
  }

  for (const [status, code] of [
    [401, 'UNAUTHENTICATED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
  ] as const) {
    it(`${status} -> ${code}, not retried, with the upstream status and cf-ray`, async () => {
      const { error, attempts } = await withFault(h, { kind: 'status', status, times: 5 }, code);
      expect(attempts).toBe(1);
      expect(error.extensions).toMatchObject({ provider: 'cloudflare', upstreamStatus: status });
      expect(error.extensions?.upstreamRequestId).toMatch(/^[0-9a-f]{16}-SJC$/);
      expect(error.message).toContain(`cloudflare answered ${status}`);
      h.sandbox.faults.clear();
      await nextSucceeds(h);
    });
  }

  it('429 with Retry-After -> retried, then RATE_LIMITED with extensions.retryAfter', async () => {
    const { error, attempts, elapsed } = await withFault(h, { kind: 'status', status: 429, retryAfter: 1, times: 10 }, 'RATE_LIMITED');
    expect(attempts).toBe(1 + MAX_RETRIES);
    expect(error.extensions).toMatchObject({ retryAfter: 1, upstreamStatus: 429 });
    // Retry-After was honoured between attempts.
    expect(elapsed).toBeGreaterThanOrEqual(MAX_RETRIES * 1000 - 50);
    h.sandbox.faults.clear();
    // The last answer said "retry after 1 s": nothing is sent with that token before then.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await nextSucceeds(h);
  });

  it('429 with a Retry-After beyond the cap is not waited for: RATE_LIMITED at once', async () => {
    // Its own instance: after this answer nothing is sent with the token for 120 s (README "Upstream budgets").
    const own = await startHarness({ UPSTREAM_MAX_RETRIES: String(MAX_RETRIES) }, { sandbox: h.sandbox });
    try {
      const { error, attempts, elapsed } = await withFault(
        own,
        { kind: 'status', status: 429, retryAfter: 120, times: 10 },
        'RATE_LIMITED',
      );
      expect(attempts).toBe(1);
      expect(error.extensions?.retryAfter).toBe(120);
      expect(elapsed).toBeLessThan(1000);
      own.sandbox.reset();
      const again = await own.graphql(PREVIEW);
      expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', provider: 'cloudflare' });
      expect(own.sandbox.count('cloudflare')).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('a single 429 is retried and the request succeeds', async () => {
    h.sandbox.faults.add({ provider: 'cloudflare', kind: 'status', status: 429, retryAfter: 0, times: 1 });
    await nextSucceeds(h);
    expect(h.sandbox.count('cloudflare')).toBe(2);
  });

  it('500 -> UPSTREAM_UNAVAILABLE after 1 + UPSTREAM_MAX_RETRIES attempts', async () => {
    const { error, attempts } = await withFault(h, { kind: 'status', status: 500, times: 10 }, 'UPSTREAM_UNAVAILABLE');
    expect(attempts).toBe(1 + MAX_RETRIES);
    expect(error.extensions).toMatchObject({ upstreamStatus: 500 });
    h.sandbox.faults.clear();
    await nextSucceeds(h);
  });

  it('a single 500 is retried and the request succeeds', async () => {
    h.sandbox.faults.add({ provider: 'cloudflare', kind: 'status', status: 500, times: 1 });
    await nextSucceeds(h, HISTORY);
    expect(h.sandbox.count('cloudflare', 'invoice-history')).toBe(2);
  });

  it('a connection reset once is retried and succeeds', async () => {
    h.sandbox.faults.add({ provider: 'cloudflare', kind: 'reset', times: 1 });
    await nextSucceeds(h);
    expect(h.sandbox.count('cloudflare')).toBe(2);
  });

  it('persistent connection resets -> UPSTREAM_UNAVAILABLE after retries', async () => {
    const { error, attempts } = await withFault(h, { kind: 'reset', times: 10 }, 'UPSTREAM_UNAVAILABLE');
    expect(attempts).toBe(1 + MAX_RETRIES);
    expect(error.message).toMatch(/cloudflare is unavailable/);
    h.sandbox.faults.clear();
    await nextSucceeds(h);
  });

  it('latency beyond UPSTREAM_TIMEOUT_MS -> UPSTREAM_UNAVAILABLE within the deadline', async () => {
    const deadline = slow.config.deadlines.totalMs;
    expect(deadline).toBe(400);
    const { error, elapsed } = await withFault(slow, { kind: 'latency', latencyMs: 2_000, times: 10 }, 'UPSTREAM_UNAVAILABLE');
    expect(error.message).toContain(`did not answer within ${deadline} ms`);
    expect(elapsed).toBeLessThan(deadline + 250);
    slow.sandbox.faults.clear();
    await nextSucceeds(slow);
  });

  it('latency within the deadline is just slower', async () => {
    slow.sandbox.faults.add({ provider: 'cloudflare', kind: 'latency', latencyMs: 100, times: 1 });
    await nextSucceeds(slow);
    expect(slow.sandbox.count('cloudflare')).toBe(1);
  });

  it('malformed JSON twice -> UPSTREAM_BAD_RESPONSE after one more try (issue 14)', async () => {
    const { error, attempts } = await withFault(h, { kind: 'malformed', times: 2 }, 'UPSTREAM_BAD_RESPONSE');
    expect(attempts).toBe(2);
    expect(error.message).toMatch(/not JSON/);
    expect(error.message).not.toContain('in_');
    await nextSucceeds(h);
  });

  it('a contract break -> UPSTREAM_BAD_RESPONSE naming the field (preview and history)', async () => {
    const preview = await withFault(h, { kind: 'contract', times: 1 }, 'UPSTREAM_BAD_RESPONSE');
    expect(preview.error.message).toContain('result.amount_due');
    expect(preview.attempts).toBe(1);
    expect(preview.error.extensions).toMatchObject({ upstreamStatus: 200 });
    await nextSucceeds(h);
    const history = await withFault(h, { kind: 'contract', times: 1 }, 'UPSTREAM_BAD_RESPONSE', HISTORY);
    expect(history.error.message).toContain('result.invoices[0].amount_due');
    await nextSucceeds(h, HISTORY);
  });

  it('a fault scoped to one path leaves the other read alone', async () => {
    h.sandbox.faults.add({ provider: 'cloudflare', kind: 'status', status: 403, pathIncludes: 'invoice-preview', times: 1 });
    const response = await h.graphql(`{ upcomingInvoice { providerId } invoices(first: 1) { edges { node { providerId } } } }`);
    expect(response.body.data?.upcomingInvoice).toBeNull();
    expect(response.body.data?.invoices.edges).toHaveLength(1);
    expect(onlyError(response.body, 'FORBIDDEN').path).toEqual(['upcomingInvoice']);
  });
});

describe('Cloudflare credentials, configured', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const base = () => ({ CLOUDFLARE_BASE_URL: `${h.sandbox.url}/cloudflare/client/v4`, CLOUDFLARE_ACCOUNT_ID: USD_ACCOUNT });
  /** The upcoming-invoice query, sent as any client would. */
  const postPreview = (url: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: PREVIEW }) });

  it('a wrong API token -> UNAUTHENTICATED, and the token never appears in the answer', async () => {
    const billgraph = await serveBillgraphInProcess({ ...base(), CLOUDFLARE_API_TOKEN: 'wrong-token-value' });
    try {
      h.sandbox.reset();
      const response = await postPreview(billgraph.url);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(JSON.stringify(body)).not.toContain('wrong-token-value');
      expect(onlyError(body, 'UNAUTHENTICATED').extensions).toMatchObject({ provider: 'cloudflare', upstreamStatus: 403 });
      expect(h.sandbox.count('cloudflare')).toBe(1);
      expect(h.sandbox.received[0]?.headers.authorization).toBe('Bearer wrong-token-value');
    } finally {
      await billgraph.close();
    }
  });

  it('email + global key authenticates', async () => {
    const { email, globalKey } = SANDBOX_CREDENTIALS.cloudflare;
    const billgraph = await serveBillgraphInProcess({ ...base(), CLOUDFLARE_EMAIL: email, CLOUDFLARE_API_KEY: globalKey });
    try {
      h.sandbox.reset();
      const response = await postPreview(billgraph.url);
      const body = await response.json();
      expect(body.errors).toBeUndefined();
      expect(body.data.upcomingInvoice.amountDue.amount).toBe('70.04');
      const sent = h.sandbox.received[0]!.headers;
      expect(sent).toMatchObject({ 'x-auth-email': email, 'x-auth-key': globalKey });
      expect(sent.authorization).toBeUndefined();
    } finally {
      await billgraph.close();
    }
  });

  it('a wrong global key -> UNAUTHENTICATED', async () => {
    const billgraph = await serveBillgraphInProcess({
      ...base(),
      CLOUDFLARE_EMAIL: SANDBOX_CREDENTIALS.cloudflare.email,
      CLOUDFLARE_API_KEY: 'nope',
    });
    try {
      const response = await postPreview(billgraph.url);
      onlyError(await response.json(), 'UNAUTHENTICATED');
    } finally {
      await billgraph.close();
    }
  });

  it('an unreachable upstream -> UPSTREAM_UNAVAILABLE', async () => {
    const billgraph = await serveBillgraphInProcess({
      CLOUDFLARE_BASE_URL: 'http://127.0.0.1:9/client/v4',
      CLOUDFLARE_API_TOKEN: 't',
      CLOUDFLARE_ACCOUNT_ID: USD_ACCOUNT,
    });
    try {
      const response = await postPreview(billgraph.url);
      const error = onlyError(await response.json(), 'UPSTREAM_UNAVAILABLE');
      expect(error.message).toMatch(/refused|unavailable/);
    } finally {
      await billgraph.close();
    }
  });
});
