import type { InvoiceRef, ProviderName } from '../domain/invoice.js';

/**
 * What a cached answer contains, named so a billing event can find it (docs/ARCHITECTURE.md section 11):
 * `stripe:customer:cus_1` for everything read about a customer, `stripe:invoice:in_1` for one invoice.
 * Tags are recorded from what the loaders actually read, not from the fields a query selected: an answer
 * showing only `amountDue` of customer X's invoices is still X's answer.
 */
export const customerTag = (provider: ProviderName, customer: string): string => `${provider}:customer:${customer}`;
export const invoiceTag = (provider: ProviderName, invoiceId: string): string => `${provider}:invoice:${invoiceId}`;

/** The provider a tag belongs to (tags always start with one). */
export const providerOfTag = (tag: string): ProviderName => tag.slice(0, tag.indexOf(':')) as ProviderName;

/**
 * How long an eviction is remembered per tag: longer than any operation runs. An answer whose reads began before
 * an eviction of one of its tags may hold what the event changed, so it is not stored (tagged-cache.ts).
 */
export const EVICTION_MARK_MS = 300_000;
/**
 * Instances sharing Redis compare one's clock with another's: an answer whose reads began up to this long after
 * an eviction elsewhere is not stored either (NTP keeps hosts within a few ms). In one process there is one clock.
 */
export const CLOCK_SKEW_MS = 250;

/** How tags travel through the Cache interface's `entities` (through stale-entries.ts untouched): the id is when reads began. */
export type TagEntity = { typename: string; id?: number | string };
export const tagEntities = (tags: readonly string[], readsBegan: number): TagEntity[] =>
  tags.map((typename) => ({ typename, id: readsBegan }));
export function fromTagEntities(entities: Iterable<TagEntity>): { tags: string[]; readsBegan: number } {
  const list = [...entities];
  const began = list.map((entity) => Number(entity.id)).filter(Number.isFinite);
  return { tags: [...new Set(list.map((entity) => entity.typename))], readsBegan: began.length ? Math.min(...began) : 0 };
}

/** The tags of one GraphQL operation, filled by its loaders while it runs (src/loaders/index.ts). */
export class CacheTags {
  readonly #tags = new Set<string>();
  /** When this operation's reads began: its context was made, or a shared read it joined began earlier. */
  #readsBegan = Date.now();

  get readsBegan(): number {
    return this.#readsBegan;
  }

  /** A read begun at `startedAt` by another request was joined (src/http/single-flight.ts). */
  joinedReadFrom(startedAt: number): void {
    this.#readsBegan = Math.min(this.#readsBegan, startedAt);
  }

  customer(provider: ProviderName, customer: string): void {
    this.#tags.add(customerTag(provider, customer));
  }

  /** An invoice asked for or read: its customer's tag, and its own unless it is a preview (which has no id). */
  invoice(ref: InvoiceRef): void {
    this.customer(ref.provider, ref.customer);
    if (!ref.preview) this.#tags.add(invoiceTag(ref.provider, ref.key));
  }

  list(): string[] {
    return [...this.#tags];
  }

  providers(): Set<ProviderName> {
    return new Set(this.list().map(providerOfTag));
  }
}
