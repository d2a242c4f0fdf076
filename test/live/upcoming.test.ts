import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { CF_DEFAULT_ACCOUNT } from '../../src/sandbox/cloudflare/data.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { openSse, type SseStream } from '../helpers/sse.js';
import { bearer, customerToken, JWT_ENV } from '../security/support.js';
import { billingEvent, liveInstance, testPrefix, until } from './helpers.js';

/**
 * upcomingInvoiceChanged (docs/ARCHITECTURE.md section 13): the upcoming invoice at the start, then again only
 * when it differs. Cloudflare, which has no webhooks, is polled: once per interval across every subscriber and
 * instance (counted at the sandbox), one event per subscriber when usage moves the invoice.
 */
const UPCOMING = (provider: string) =>
  `subscription { upcomingInvoiceChanged(provider: ${provider}) { id amountDue { amount currency } lines(first: 20) { nodes { description amount { amount } } } } }`;
const POLL_MS = 1_000;
const nextsOf = (stream: SseStream) => stream.events.filter((e) => e.event === 'next');

/** Sleeps to the middle of the next poll interval: polls happen just after each boundary. */
const toMidInterval = () => sleep(POLL_MS - (Date.now() % POLL_MS) + POLL_MS / 2);

describe('Cloudflare upcomingInvoiceChanged, polled across two instances', () => {
  let sandbox: Sandbox;
  let one: Harness;
  let two: Harness;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const prefix = testPrefix();
    const env = { BILLGRAPH_PROVIDER: 'cloudflare', BILLGRAPH_CLOUDFLARE_POLL_MS: String(POLL_MS) };
    [one, two] = [await liveInstance(sandbox, prefix, env), await liveInstance(sandbox, prefix, env)];
  });
  afterAll(async () => {
    await Promise.all([one.close(), two.close()]);
    await sandbox.close();
  });

  it('reads the preview once per interval for three subscribers on two instances, and sends each one event when usage changes it', async () => {
    const previews = () => sandbox.count('cloudflare', 'invoice-preview');
    const streams = [
      await openSse(one.url, UPCOMING('CLOUDFLARE')),
      await openSse(one.url, UPCOMING('CLOUDFLARE')),
      await openSse(two.url, UPCOMING('CLOUDFLARE')),
    ];
    const initial = await Promise.all(streams.map(async (s) => (await s.nexts(1))[0]!.data.data.upcomingInvoiceChanged));
    expect(new Set(initial.map((i) => JSON.stringify(i))).size).toBe(1);

    // Nothing changes: one read per interval in all (not one per subscriber or instance), and no event.
    await toMidInterval();
    let before = previews();
    await sleep(3 * POLL_MS);
    expect(previews() - before).toBe(3);
    expect(streams.map((s) => nextsOf(s).length)).toEqual([1, 1, 1]);

    const added = await fetch(`${sandbox.url}/__sandbox/cloudflare/usage`, {
      method: 'POST',
      body: JSON.stringify({ account: CF_DEFAULT_ACCOUNT, amount: 1234, description: 'Workers AI: burst' }),
    });
    expect(added.status).toBe(200);
    const changed = await Promise.all(streams.map(async (s) => (await s.nexts(2, 4 * POLL_MS))[1]!.data.data.upcomingInvoiceChanged));
    const expected = Decimal.parse(initial[0].amountDue.amount).add(Decimal.parse('12.34')).toString();
    for (const invoice of changed) {
      expect(invoice.amountDue).toEqual({ amount: expected, currency: initial[0].amountDue.currency });
      expect(invoice.lines.nodes.at(-1)).toEqual({ description: 'Workers AI: burst', amount: { amount: '12.34' } });
    }
    // What a query shows now, exactly.
    const query = await one.graphql(
      '{ upcomingInvoice { id amountDue { amount currency } lines(first: 20) { nodes { description amount { amount } } } } }',
    );
    expect(changed[0]).toEqual(query.body.data.upcomingInvoice);

    // Still one read per interval, and no second event for the same change.
    await toMidInterval();
    before = previews();
    await sleep(2 * POLL_MS);
    expect(previews() - before).toBe(2);
    expect(streams.map((s) => nextsOf(s).length)).toEqual([2, 2, 2]);

    // Nobody subscribes any more: the polling stops.
    for (const stream of streams) stream.close();
    await sleep(POLL_MS);
    before = previews();
    await sleep(2 * POLL_MS);
    expect(previews() - before).toBe(0);
  });
});

describe('upcomingInvoiceChanged on webhook providers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      ...JWT_ENV,
      BILLGRAPH_PROVIDER: 'stripe',
      BILLGRAPH_PRINCIPAL_BURST: '60',
      BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND: '1',
    });
  });
  afterAll(() => h.close());

  it('reads again on each event of the customer, sends nothing while the invoice stays the same, and each read spends from the budget', async () => {
    const token = await customerToken('stripe', ['cus_SbxAcmeUsd001']);
    const stream = await openSse(h.url, UPCOMING('STRIPE'), {}, bearer(token));
    const [first] = await stream.nexts(1);
    expect(first!.data.data.upcomingInvoiceChanged.amountDue).toEqual({ amount: '117.99', currency: 'USD' });
    const reads = () => h.sandbox.count('stripe');
    // Stripe's upcoming invoice costs 2 calls (docs/ARCHITECTURE.md section 10): 2 at the start, 2 per event, 60 in all.
    for (let event = 1; event <= 30; event += 1) {
      const before = reads();
      await h.app.events.emit(billingEvent('stripe', 'cus_SbxAcmeUsd001', { type: 'SUBSCRIPTION_CHANGED' }));
      if (event <= 29) await until(() => reads() > before, `the re-read after event ${event}`);
    }
    // Event 30 would pass the caller's 60 calls: it is told RATE_LIMITED, without an upstream call.
    const [, limited] = await stream.nexts(2);
    expect(limited!.data.errors.map((e: any) => e.extensions.code)).toEqual(['RATE_LIMITED']);
    expect(nextsOf(stream)).toHaveLength(2); // 29 unchanged re-reads sent nothing
    stream.close();
  });

  it('a customer principal cannot watch another customer; pass-through cannot have Cloudflare polled', async () => {
    const token = await customerToken('stripe', ['cus_SbxAcmeUsd001'], { subject: 'another-user' });
    const other = await openSse(h.url, 'subscription { upcomingInvoiceChanged(customer: "cus_SbxSakuraJpy1") { id } }', {}, bearer(token));
    await other.ended;
    expect(other.events[0]!.data.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(h.sandbox.received.some((r) => r.path.includes('cus_SbxSakuraJpy1'))).toBe(false);

    const pass = await startHarness({ BILLGRAPH_AUTH_MODE: 'pass-through', BILLGRAPH_PROVIDER: 'cloudflare' });
    try {
      const stream = await openSse(pass.url, UPCOMING('CLOUDFLARE'), {}, { authorization: 'Bearer sandbox-cloudflare-token' });
      await stream.ended;
      expect(stream.events[0]!.data.errors.map((e: any) => e.extensions.code)).toEqual(['UNSUPPORTED']);
    } finally {
      await pass.close();
    }
  });
});

describe('open subscriptions are bounded', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      ...JWT_ENV,
      BILLGRAPH_PROVIDER: 'stripe',
      BILLGRAPH_SUBSCRIPTIONS_PER_PRINCIPAL: '2',
      BILLGRAPH_SUBSCRIPTIONS_PER_INSTANCE: '3',
    });
  });
  afterAll(() => h.close());

  it('per principal and per instance, refused with RATE_LIMITED; a closed stream frees its place', async () => {
    const EVENTS = 'subscription { invoiceEvents { type } }';
    const [a, b] = [await customerToken('stripe', ['cus_SbxAcmeUsd001']), await customerToken('stripe', ['cus_SbxSakuraJpy1'])];
    const open = async (token: string) => {
      const stream = await openSse(h.url, EVENTS, {}, bearer(token));
      await Promise.race([stream.ended, sleep(300)]);
      return stream;
    };
    const codesOf = (s: SseStream) => s.events.flatMap((e) => (e.data?.errors ?? []).map((x: any) => x.extensions.code));
    const a1 = await open(a);
    await open(a);
    const a3 = await open(a);
    expect([codesOf(a1), codesOf(a3)]).toEqual([[], ['RATE_LIMITED']]);
    await open(b);
    const b2 = await open(b); // b holds 1 of its 2, but the instance holds 3 of 3
    expect(codesOf(b2)).toEqual(['RATE_LIMITED']);
    a1.close();
    await sleep(200);
    expect(codesOf(await open(a))).toEqual([]);
  });
});

describe('the operation limits price a subscription per event', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ BILLGRAPH_PROVIDER: 'stripe', BILLGRAPH_MAX_UPSTREAM_CALLS: '1', BILLGRAPH_MAX_COST: '30' });
  });
  afterAll(() => h.close());

  const codesWhenOpened = async (query: string) => {
    const stream = await openSse(h.url, query);
    await Promise.race([stream.ended, sleep(300)]);
    stream.close();
    return stream.events.flatMap((e) => (e.data?.errors ?? []).map((x: any) => [x.extensions.code, x.extensions.cost ?? null]));
  };

  it('a re-read estimated above BILLGRAPH_MAX_UPSTREAM_CALLS, or a selection above BILLGRAPH_MAX_COST, is refused when the stream opens', async () => {
    // Stripe: the event's invoice is one read; its customer one more.
    expect(await codesWhenOpened('subscription { invoiceEvents { invoice { id } } }')).toEqual([]);
    expect(await codesWhenOpened('subscription { invoiceEvents { invoice { id customer { id } } } }')).toEqual([
      ['BAD_USER_INPUT', { estimatedUpstreamCalls: 2, maxUpstreamCalls: 1 }],
    ]);
    // Stripe's upcoming invoice is two reads (subscriptions, then the preview).
    expect((await codesWhenOpened('subscription { upcomingInvoiceChanged { id } }'))[0]?.[0]).toBe('BAD_USER_INPUT');
    expect(
      (await codesWhenOpened('subscription { invoiceEvents { invoice { lines(first: 100) { nodes { description } } } } }'))[0],
    ).toEqual(['BAD_USER_INPUT', expect.any(Number)]);
  });
});
