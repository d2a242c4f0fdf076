import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { sandboxEnv, startBillgraph } from '../helpers/process.js';
import { UNBOUNDED_BUDGETS } from '../helpers/harness.js';

/**
 * The drain over real HTTP against a real billgraph process (docs/ARCHITECTURE.md section 11): SIGTERM with
 * 20 requests waiting on a 12 s upstream completes all 20; readiness turns 503 while the listener still
 * serves; then the listener closes, an idle keep-alive connection is closed, the busy ones answer with
 * `Connection: close`; the process exits 0. A second signal exits at once.
 */
interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: any;
}

function call(origin: string, path: string, options: { agent?: Agent | false; query?: string; onSocket?: (s: Socket) => void } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const body = options.query ? JSON.stringify({ query: options.query }) : undefined;
    const req = request(
      `${origin}${path}`,
      {
        method: body ? 'POST' : 'GET',
        agent: options.agent ?? false,
        headers: body ? { 'content-type': 'application/json', accept: 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += String(chunk)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('socket', (socket) => options.onSocket?.(socket));
    req.on('error', reject);
    req.end(body);
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const SLOW = '{ upcomingInvoice { id amountDue { amount currency } } }';
const FAST = '{ invoices(first: 1) { nodes { id } } }';

describe('SIGTERM drain', () => {
  let sandbox: Sandbox;
  const env = (extra: Record<string, string>) => ({
    ...sandboxEnv(sandbox.url),
    ...UNBOUNDED_BUDGETS,
    BILLGRAPH_PROVIDER: 'stripe',
    UPSTREAM_MAX_RETRIES: '0',
    UPSTREAM_HEADERS_TIMEOUT_MS: '14000',
    ...extra,
  });
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('finishes 20 requests on a 12 s upstream, turns /readyz 503 before closing the listener, closes idle and busy keep-alive connections, exits 0', async () => {
    const billgraph = await startBillgraph(env({ BILLGRAPH_DRAIN_DELAY_MS: '1500', LOG_LEVEL: 'info' }));
    const { origin } = billgraph;
    try {
      sandbox.faults.add({ provider: 'stripe', kind: 'latency', pathIncludes: '/v1/subscriptions', latencyMs: 12_000, times: 20 });
      const busy = new Agent({ keepAlive: true, maxSockets: 20 });
      const idle = new Agent({ keepAlive: true, maxSockets: 1 });
      let idleClosedAt = 0;
      expect(
        (await call(origin, '/livez', { agent: idle, onSocket: (s) => s.once('close', () => (idleClosedAt = Date.now())) })).status,
      ).toBe(200);
      const started = Date.now();
      const slow = Array.from({ length: 20 }, () => call(origin, '/graphql', { agent: busy, query: SLOW }));
      // Identical reads in flight share one upstream call (issue 10's coalescing): all 20 wait on it.
      await until(() => sandbox.received.some((r) => r.path.includes('/v1/subscriptions')), 'the upstream call in flight');
      await sleep(300);

      const signalledAt = Date.now();
      billgraph.child.kill('SIGTERM');
      await sleep(200);
      // Draining: not ready, but still served, on new connections too.
      const ready = await call(origin, '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body.checks.draining).toEqual({ ok: false, detail: 'draining' });
      const served = await call(origin, '/graphql', { query: FAST });
      expect(served.status).toBe(200);
      expect(served.body.data.invoices.nodes).toHaveLength(1);
      expect(idleClosedAt).toBe(0);

      // After the 1.5 s delay: the listener is closed and the idle keep-alive connection with it.
      await sleep(signalledAt + 2_000 - Date.now());
      await expect(call(origin, '/livez')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      expect(idleClosedAt).toBeGreaterThanOrEqual(signalledAt + 1_400);

      const answers = await Promise.all(slow);
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      for (const answer of answers) {
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data.upcomingInvoice.amountDue.currency).toBe('USD');
        expect(answer.headers.connection).toBe('close');
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(11_500);
      expect(await billgraph.exited).toBe(0);
      expect(billgraph.stdout()).toContain('"msg":"stopped"');
      busy.destroy();
      idle.destroy();
    } finally {
      await billgraph.stop();
      sandbox.reset();
    }
  }, 60_000);

  it('exits at once on a second signal', async () => {
    const billgraph = await startBillgraph(env({ BILLGRAPH_DRAIN_DELAY_MS: '5000' }));
    try {
      sandbox.faults.add({ provider: 'stripe', kind: 'latency', pathIncludes: '/v1/subscriptions', latencyMs: 8_000 });
      const slow = call(billgraph.origin, '/graphql', { query: SLOW }).catch((error: unknown) => error);
      await until(() => sandbox.received.some((r) => r.path.includes('/v1/subscriptions')), 'the upstream call');
      billgraph.child.kill('SIGTERM');
      await sleep(300);
      expect(billgraph.child.exitCode).toBeNull(); // draining, not gone
      const second = Date.now();
      billgraph.child.kill('SIGTERM');
      expect(await billgraph.exited).toBe(1);
      expect(Date.now() - second).toBeLessThan(2_000);
      expect(billgraph.stderr()).toContain('second SIGTERM, exiting now');
      await slow;
    } finally {
      await billgraph.stop();
      sandbox.reset();
    }
  }, 40_000);
});
