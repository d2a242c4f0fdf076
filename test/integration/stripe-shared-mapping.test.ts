import { describe, expect, it } from 'vitest';
import type { PageRequest } from '../../src/domain/pagination.js';
import { SingleFlight } from '../../src/http/single-flight.js';
import type { ProviderCall } from '../../src/providers/provider.js';
import { STRIPE_DEFAULT_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { requestCall, useSandboxProviders } from '../helpers/sandbox-providers.js';

/** The Stripe adapter against the sandbox over real HTTP: a shared list answer is mapped once (src/providers/mapped-once.ts). */
describe('Stripe invoices are mapped once per shared upstream answer', () => {
  const upstreams = useSandboxProviders();
  const list = async (call: ProviderCall, page: PageRequest, type: 'ALL' | 'AUTO' = 'ALL') =>
    (await upstreams.providers.get('stripe').listInvoices(call, { customer: STRIPE_DEFAULT_CUSTOMER, type, page })).items;
  const forward: PageRequest = { direction: 'forward', size: 5, after: null };
  const fromTheEnd: PageRequest = { direction: 'backward', size: 3, before: null };

  for (const [name, page, type] of [
    ['forward', forward, 'ALL'],
    ['forward, filtered', forward, 'AUTO'],
    ['backward from the end', fromTheEnd, 'ALL'],
  ] as const) {
    it(`${name}: concurrent requests sharing the reads get the same invoices; one reading alone, equal ones`, async () => {
      const singleFlight = new SingleFlight();
      const [a, b] = await Promise.all([list(requestCall(singleFlight), page, type), list(requestCall(singleFlight), page, type)]);
      expect(singleFlight.joined).toBeGreaterThan(0);
      expect(a.length).toBeGreaterThan(0);
      a.forEach(({ item, position }, i) => {
        expect(b[i]!.item).toBe(item);
        expect(b[i]!.position).toBe(position);
      });
      const alone = await list(requestCall(), page, type);
      expect(alone).toEqual(a);
      expect(alone[0]!.item).not.toBe(a[0]!.item);
    });
  }

  it('backward before a cursor: shared reads, shared invoices', async () => {
    const [, , third] = await list(requestCall(), forward);
    const page: PageRequest = { direction: 'backward', size: 2, before: third!.position };
    const singleFlight = new SingleFlight();
    const [a, b] = await Promise.all([list(requestCall(singleFlight), page), list(requestCall(singleFlight), page)]);
    expect(a).toHaveLength(2);
    a.forEach(({ item }, i) => expect(b[i]!.item).toBe(item));
  });
});
