import type { Invoice, InvoiceRef, ProviderName } from '../domain/invoice.js';

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

/** The tags of one GraphQL operation, filled by its loaders while it runs (src/loaders/index.ts). */
export class CacheTags {
  readonly #tags = new Set<string>();

  customer(provider: ProviderName, customer: string): void {
    this.#tags.add(customerTag(provider, customer));
  }

  /** An invoice asked for or read: its customer's tag, and its own unless it is a preview (which has no id). */
  invoice(ref: InvoiceRef): void {
    this.customer(ref.provider, ref.customer);
    if (!ref.preview) this.#tags.add(invoiceTag(ref.provider, ref.key));
  }

  invoices(invoices: Iterable<Invoice>): void {
    for (const invoice of invoices) this.invoice(invoice.ref);
  }

  list(): string[] {
    return [...this.#tags];
  }

  providers(): Set<ProviderName> {
    return new Set(this.list().map(providerOfTag));
  }
}
