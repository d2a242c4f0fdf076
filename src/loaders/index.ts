import type { Tracer } from '@opentelemetry/api';
import DataLoader from 'dataloader';
import {
  invoiceRefString,
  type Customer,
  type Invoice,
  type InvoiceLine,
  type InvoiceRef,
  type InvoiceTypeFilter,
  type ProviderName,
} from '../domain/invoice.js';
import { CacheTags } from '../cache/cache-tags.js';
import { ForbiddenError } from '../domain/errors.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import type { ProviderCall } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { tracedBatch } from '../telemetry/spans.js';

export interface UpcomingInvoiceKey {
  provider: ProviderName;
  customer: string;
  subscription: string | null;
}

export interface InvoicePageKey {
  provider: ProviderName;
  customer: string;
  type: InvoiceTypeFilter;
  page: PageRequest;
}

export interface InvoiceLinesKey {
  invoice: Invoice;
  page: PageRequest;
}

export interface CustomerKey {
  provider: ProviderName;
  id: string;
}

/** Every loader of one GraphQL request. Made fresh per request, so nothing is shared between callers. */
export interface Loaders {
  upcomingInvoice: DataLoader<UpcomingInvoiceKey, Invoice | null, string>;
  invoicePage: DataLoader<InvoicePageKey, Page<Invoice>, string>;
  invoice: DataLoader<InvoiceRef, Invoice | null, string>;
  invoiceLines: DataLoader<InvoiceLinesKey, Page<InvoiceLine>, string>;
  customer: DataLoader<CustomerKey, Customer | null, string>;
}

/** One loader per kind of read: each key is loaded by its own provider call, concurrently; each batch a span when traced. */
function perKey<K, V>(
  tracer: Tracer | null,
  name: string,
  cacheKeyFn: (key: K) => string,
  load: (key: K) => Promise<V>,
): DataLoader<K, V, string> {
  const batch = (keys: readonly K[]) => Promise.all(keys.map((key) => load(key).catch((error: unknown) => error as Error)));
  return new DataLoader<K, V, string>(tracedBatch(tracer, name, batch), { cacheKeyFn });
}

/**
 * `callFor(provider)` gives each provider its own call options (its credentials only); `canSee` says whether
 * the request's principal may see an invoice, so no loaded invoice reaches a resolver unchecked
 * (src/auth/authorize.ts isInvoiceVisible). Every read is recorded in `tags` as it is asked, so the cached
 * answer can be evicted when what it read changes (src/cache/cache-tags.ts).
 */
export function createLoaders(
  providers: ProviderRegistry,
  callFor: (provider: ProviderName) => ProviderCall,
  canSee: (invoice: Invoice) => boolean = () => true,
  tracer: Tracer | null = null,
  tags: CacheTags = new CacheTags(),
): Loaders {
  const visible = (item: Invoice) => {
    if (!canSee(item)) throw new ForbiddenError('you may not see this invoice');
  };
  const invoice = perKey(tracer, 'invoice', invoiceRefString, async (ref: InvoiceRef) => {
    tags.invoice(ref); // a miss too: the invoice may be created later
    const found = await providers.get(ref.provider).getInvoice(callFor(ref.provider), ref);
    // Read by id, another customer's invoice is "not found", as a missing key is: FORBIDDEN would tell the
    // caller that the key exists (docs/ARCHITECTURE.md section 6).
    return found && canSee(found) ? found : null;
  });

  const invoicePage = perKey(
    tracer,
    'invoicePage',
    (key: InvoicePageKey) => JSON.stringify([key.provider, key.customer, key.type, key.page]),
    async (key: InvoicePageKey) => {
      tags.customer(key.provider, key.customer);
      const page = await providers
        .get(key.provider)
        .listInvoices(callFor(key.provider), { customer: key.customer, type: key.type, page: key.page });
      for (const { item } of page.items) visible(item);
      for (const { item } of page.items) tags.invoice(item.ref);
      // A later invoice(id) / node(id) for an invoice on this page costs nothing.
      for (const { item } of page.items) invoice.prime(item.ref, item);
      return page;
    },
  );

  const upcomingInvoice = perKey(
    tracer,
    'upcomingInvoice',
    (key: UpcomingInvoiceKey) => JSON.stringify([key.provider, key.customer, key.subscription]),
    async (key: UpcomingInvoiceKey) => {
      tags.customer(key.provider, key.customer);
      const upcoming = await providers
        .get(key.provider)
        .upcomingInvoice(callFor(key.provider), { customer: key.customer, subscription: key.subscription });
      if (upcoming) visible(upcoming);
      return upcoming;
    },
  );

  const invoiceLines = perKey(
    tracer,
    'invoiceLines',
    (key: InvoiceLinesKey) => JSON.stringify([invoiceRefString(key.invoice.ref), key.page]),
    async (key: InvoiceLinesKey) => {
      tags.invoice(key.invoice.ref);
      const provider = providers.get(key.invoice.ref.provider);
      if (!provider.listInvoiceLines) throw new Error(`${provider.name} embeds every line; listInvoiceLines is not used`);
      return provider.listInvoiceLines(callFor(provider.name), key.invoice, key.page);
    },
  );

  const customer = customerLoader(providers, callFor, tracer, tags);

  return { upcomingInvoice, invoicePage, invoice, invoiceLines, customer };
}

/**
 * Customers are batched: all customers a request needs from one provider go to it in one call, which the
 * adapter serves with as few upstream reads as it can (a page of 100 invoices of 7 customers costs 7 reads, not 100).
 */
function customerLoader(
  providers: ProviderRegistry,
  callFor: (provider: ProviderName) => ProviderCall,
  tracer: Tracer | null,
  tags: CacheTags,
) {
  return new DataLoader<CustomerKey, Customer | null, string>(
    tracedBatch(tracer, 'customer', async (keys: readonly CustomerKey[]) => {
      const byProvider = new Map<ProviderName, string[]>();
      for (const key of keys) tags.customer(key.provider, key.id);
      for (const key of keys) byProvider.set(key.provider, [...(byProvider.get(key.provider) ?? []), key.id]);
      const found = new Map<string, Customer | null | Error>();
      await Promise.all(
        [...byProvider].map(async ([name, ids]) => {
          const provider = providers.get(name);
          try {
            const customers = provider.getCustomers ? await provider.getCustomers(callFor(name), ids) : ids.map(() => null);
            ids.forEach((id, i) => found.set(`${name}:${id}`, customers[i] ?? null));
          } catch (error) {
            for (const id of ids) found.set(`${name}:${id}`, error as Error);
          }
        }),
      );
      return keys.map((key) => found.get(`${key.provider}:${key.id}`) ?? null);
    }),
    { cacheKeyFn: (key) => `${key.provider}:${key.id}`, maxBatchSize: 100 },
  );
}

/** The per-request memo behind ProviderCall.memo: one promise per distinct upstream read. */
export function createReadMemo(): ProviderCall['memo'] {
  const reads = new Map<string, Promise<unknown>>();
  return <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let pending = reads.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = read();
      reads.set(key, pending);
    }
    return pending;
  };
}
