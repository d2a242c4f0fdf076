import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { UNBOUNDED_BUDGETS } from '../helpers/harness.js';
import { sandboxEnv, startBillgraph } from '../helpers/process.js';
import { openSse } from '../helpers/sse.js';

/**
 * SIGTERM with subscriptions open (docs/ARCHITECTURE.md sections 11 and 13): each stream ends with GraphQL over
 * SSE's `complete` once the listener closes, so its client reconnects elsewhere, and the process exits 0 without
 * waiting out the grace period.
 */
describe('the drain and open subscriptions', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('ends every open event stream with `complete` and exits 0 well before the grace period', async () => {
    const billgraph = await startBillgraph({
      ...sandboxEnv(sandbox.url),
      ...UNBOUNDED_BUDGETS,
      BILLGRAPH_PROVIDER: 'stripe',
      BILLGRAPH_DRAIN_DELAY_MS: '300',
      BILLGRAPH_SHUTDOWN_GRACE_MS: '20000',
    });
    try {
      const url = `${billgraph.origin}/graphql`;
      const streams = await Promise.all([
        openSse(url, 'subscription { invoiceEvents { type } }'),
        openSse(url, 'subscription { upcomingInvoiceChanged { amountDue { amount } } }'),
      ]);
      await streams[1]!.nexts(1);
      await sleep(200); // the first stream is open too (it sends nothing until an event)
      const stopping = Date.now();
      billgraph.child.kill('SIGTERM');
      await Promise.all(streams.map((s) => s.ended));
      for (const stream of streams) expect(stream.events.at(-1)).toEqual({ event: 'complete', data: null });
      expect(await billgraph.exited).toBe(0);
      expect(Date.now() - stopping).toBeLessThan(5_000);
    } finally {
      await billgraph.stop();
    }
  });
});
