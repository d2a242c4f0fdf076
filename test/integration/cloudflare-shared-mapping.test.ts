import { describe, expect, it } from 'vitest';
import type { PageRequest } from '../../src/domain/pagination.js';
import { SingleFlight } from '../../src/http/single-flight.js';
import type { ProviderCall } from '../../src/providers/provider.js';
import { USD_ACCOUNT } from '../helpers/cloudflare.js';
import { requestCall, useSandboxProviders } from '../helpers/sandbox-providers.js';

/**
 * Requests that share one upstream read share its mapped invoices (src/providers/mapped-once.ts); requests
 * that read on their own map their own. The Cloudflare adapter against the sandbox over real HTTP.
 */
describe('Cloudflare history invoices are mapped once per upstream read', () => {
  const upstreams = useSandboxProviders();

  const first20: PageRequest = { direction: 'forward', size: 20, after: null };
  const list = (call: ProviderCall, type: 'ALL' | 'AUTO' = 'ALL') =>
    upstreams.providers.get('cloudflare').listInvoices(call, { customer: USD_ACCOUNT, type, page: first20 });
  const invoicesOf = async (page: ReturnType<typeof list>) => (await page).items.map(({ item }) => item);

  it('concurrent identical requests sharing one read get the same invoice objects', async () => {
    const singleFlight = new SingleFlight();
    const [a, b] = await Promise.all([invoicesOf(list(requestCall(singleFlight))), invoicesOf(list(requestCall(singleFlight)))]);
    expect(singleFlight.joined).toBe(1);
    expect(a).toHaveLength(20);
    a.forEach((invoice, i) => expect(b[i]).toBe(invoice));
  });

  it('requests reading on their own get equal invoices, not the same objects', async () => {
    const [a, b] = await Promise.all([invoicesOf(list(requestCall())), invoicesOf(list(requestCall()))]);
    expect(b).toEqual(a);
    a.forEach((invoice, i) => expect(b[i]).not.toBe(invoice));
  });

  it('a read nobody joined is mapped for its request alone, even with single flight on', async () => {
    const singleFlight = new SingleFlight();
    const call = requestCall(singleFlight);
    const once = await invoicesOf(list(call));
    expect(singleFlight.joined).toBe(0);
    // The same request asking again gets its memoised read, mapped afresh: nothing was kept for others.
    const again = await invoicesOf(list(call));
    expect(again).toEqual(once);
    expect(again[0]).not.toBe(once[0]);
  });

  it('invoice(id) in a request sharing a read finds the listed invoice itself; another filter maps its own', async () => {
    const singleFlight = new SingleFlight();
    const [call, other] = [requestCall(singleFlight), requestCall(singleFlight)];
    const [[listed]] = await Promise.all([invoicesOf(list(call)), invoicesOf(list(other))]);
    expect(await upstreams.providers.get('cloudflare').getInvoice(call, listed!.ref)).toBe(listed);
    const auto = await invoicesOf(list(call, 'AUTO'));
    expect(auto.every((invoice) => invoice.origin === 'AUTO')).toBe(true);
    expect(auto).not.toContain(listed);
  });

  it('the upcoming invoice of one shared read is one object, lines and all; read alone it is mapped afresh', async () => {
    const upcoming = (call: ProviderCall) =>
      upstreams.providers.get('cloudflare').upcomingInvoice(call, { customer: USD_ACCOUNT, subscription: null });
    const singleFlight = new SingleFlight();
    const [a, b] = await Promise.all([upcoming(requestCall(singleFlight)), upcoming(requestCall(singleFlight))]);
    expect(singleFlight.joined).toBe(1);
    expect(a!.lines.length).toBeGreaterThan(0);
    expect(b).toBe(a);
    const alone = await upcoming(requestCall());
    expect(alone).toEqual(a);
    expect(alone).not.toBe(a);
  });
});
