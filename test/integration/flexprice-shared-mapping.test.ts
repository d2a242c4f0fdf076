import { describe, expect, it } from 'vitest';
import type { PageRequest } from '../../src/domain/pagination.js';
import { SingleFlight } from '../../src/http/single-flight.js';
import type { ProviderCall } from '../../src/providers/provider.js';
import { FP_DEFAULT_CUSTOMER } from '../../src/sandbox/flexprice/data.js';
import { requestCall, useSandboxProviders } from '../helpers/sandbox-providers.js';

/** The Flexprice adapter against the sandbox over real HTTP: a shared search answer is mapped once (src/providers/mapped-once.ts). */
describe('Flexprice listed invoices are mapped once per shared search answer', () => {
  const upstreams = useSandboxProviders();
  const list = async (call: ProviderCall, page: PageRequest) =>
    (await upstreams.providers.get('flexprice').listInvoices(call, { customer: FP_DEFAULT_CUSTOMER, type: 'ALL', page })).items;

  for (const page of [
    { direction: 'forward', size: 3, after: null },
    { direction: 'backward', size: 2, before: null },
  ] satisfies PageRequest[]) {
    it(`${page.direction}: concurrent requests sharing the search get the same invoices; one reading alone, equal ones`, async () => {
      const singleFlight = new SingleFlight();
      const [a, b] = await Promise.all([list(requestCall(singleFlight), page), list(requestCall(singleFlight), page)]);
      expect(singleFlight.joined).toBeGreaterThan(0);
      expect(a.length).toBeGreaterThan(0);
      a.forEach(({ item, position }, i) => {
        expect(b[i]!.item).toBe(item);
        expect(b[i]!.position).toBe(position);
      });
      const alone = await list(requestCall(), page);
      expect(alone).toEqual(a);
      expect(alone[0]!.item).not.toBe(a[0]!.item);
    });
  }
});
