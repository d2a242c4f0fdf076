import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterEach, describe, expect, it } from 'vitest';
import { drain } from '../../src/lifecycle/drain.js';
import { InFlight } from '../../src/lifecycle/in-flight.js';
import { Readiness } from '../../src/lifecycle/readiness.js';
import { useHealth } from '../../src/server/use-health.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { bareYoga } from '../server/support.js';

/** /livez, /readyz (named checks, Redis, draining) and /healthz; an open event stream ended cleanly by the drain. */
describe('health endpoints', () => {
  it('useHealth alone: /readyz lists every named check, 503 when one fails or while draining', async () => {
    const readiness = new Readiness();
    let breakerOpen = false;
    readiness.add('breakers', () => ({ ok: !breakerOpen, detail: { stripe: breakerOpen ? 'open' : 'closed' } }));
    const yoga = bareYoga([useHealth({ readiness })]);
    const probe = async () => {
      const response = await yoga.fetch('http://billgraph.test/readyz');
      return { status: response.status, body: await response.json() };
    };
    expect(await probe()).toEqual({
      status: 200,
      body: {
        status: 'ready',
        checks: { draining: { ok: true, detail: 'serving' }, breakers: { ok: true, detail: { stripe: 'closed' } } },
      },
    });
    breakerOpen = true;
    expect(await probe()).toMatchObject({
      status: 503,
      body: { status: 'not ready', checks: { breakers: { ok: false, detail: { stripe: 'open' } } } },
    });
    breakerOpen = false;
    readiness.startDraining();
    expect(await probe()).toMatchObject({ status: 503, body: { checks: { draining: { ok: false, detail: 'draining' } } } });
    expect((await yoga.fetch('http://billgraph.test/healthz')).status).toBe(200);
  });

  it('a check that hangs fails after a second instead of hanging the probe', async () => {
    const readiness = new Readiness().add('stuck', () => new Promise(() => {}));
    const started = Date.now();
    const report = await readiness.report();
    expect(report.status).toBe('not ready');
    expect(report.checks.stuck).toEqual({ ok: false, detail: 'no answer within 1000 ms' });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  let harness: Harness | null = null;
  afterEach(async () => {
    await harness?.close();
    harness = null;
  });

  it('billgraph: /livez and /healthz 200; /readyz pings the configured Redis (real Redis on 127.0.0.1:6379)', async () => {
    harness = await startHarness({
      BILLGRAPH_RESPONSE_CACHE_REDIS_URL: 'redis://127.0.0.1:6379/0',
      BILLGRAPH_RESPONSE_CACHE_TTL_MS: '1000',
    });
    const origin = harness.url.replace(/\/graphql$/, '');
    expect((await fetch(`${origin}/livez`)).status).toBe(200);
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    const ready = await fetch(`${origin}/readyz`);
    const body = await ready.json();
    expect(ready.status).toBe(200);
    expect(body.checks.config).toEqual({ ok: true, detail: 'loaded' });
    expect(body.checks.redis.ok).toBe(true);
    expect(body.checks.redis.detail.pingMs).toBeTypeOf('number');
  });

  it('billgraph: /readyz is 503 when the configured Redis does not answer, and says so without the URL', async () => {
    harness = await startHarness({
      BILLGRAPH_RESPONSE_CACHE_REDIS_URL: 'redis://:hunter22@127.0.0.1:1/0',
      BILLGRAPH_RESPONSE_CACHE_TTL_MS: '1000',
    });
    const origin = harness.url.replace(/\/graphql$/, '');
    const ready = await fetch(`${origin}/readyz`);
    const text = await ready.text();
    expect(ready.status).toBe(503);
    expect(JSON.parse(text).checks.redis.ok).toBe(false);
    expect(text).not.toContain('hunter22');
    expect((await fetch(`${origin}/livez`)).status).toBe(200); // liveness does not depend on Redis
  });
});

describe('drain of an open event stream', () => {
  it('ends a Server-Sent Events subscription with a clean end of stream and exits 0', async () => {
    const schema = createSchema({
      typeDefs: 'type Query { ok: Boolean } type Subscription { tick: Int! }',
      resolvers: {
        Subscription: {
          tick: {
            async *subscribe() {
              for (let i = 0; i < 1_000; i += 1) {
                yield { tick: i };
                await new Promise((resolve) => setTimeout(resolve, 50));
              }
            },
          },
        },
      },
    });
    const yoga = createYoga({ schema, logging: false });
    const server = createServer();
    const inFlight = new InFlight(server);
    server.on('request', inFlight.track(yoga));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/graphql?query=${encodeURIComponent('subscription { tick }')}`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('"tick":0');

    const code = drain({
      server,
      inFlight,
      readiness: new Readiness(),
      settings: { drainDelayMs: 0, shutdownGraceMs: 5_000 },
      cleanup: async () => {},
      flush: async () => {},
      log: () => {},
    });
    let rest = '';
    for (;;) {
      const { done, value } = await reader.read(); // a reset would reject here
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    expect(rest).toContain('reconnect');
    expect(await code).toBe(0);
    expect(server.listening).toBe(false);
  });
});
