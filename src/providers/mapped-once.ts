import { keepIsoTime } from '../domain/iso-time.js';
import { keepRefString, type Invoice } from '../domain/invoice.js';

/**
 * Maps each wire invoice once for every request holding it. Identical requests in flight share one upstream
 * read (src/http/single-flight.ts), so they hold the very same wire objects; each used to map them again.
 * `variant` must name everything else the mapping depends on (filter, customer, ...): one invoice per variant.
 *
 * The invoice is shared between requests, so it must never be mutated. Nothing in src mutates an Invoice
 * (a preview's `previewOf` goes on a copy, src/schema/preview.ts); keep it that way. Authorization stays per
 * request: loaders and resolvers check every invoice they hand out.
 */
export class SharedInvoices<W extends object> {
  // Weak: an invoice lives as long as the wire page some request still holds, no longer.
  readonly #memo = new WeakMap<W, Map<string, Invoice>>();

  get(wire: W, variant: string, map: (wire: W) => Invoice): Invoice {
    let byVariant = this.#memo.get(wire);
    if (byVariant === undefined) this.#memo.set(wire, (byVariant = new Map()));
    let invoice = byVariant.get(variant);
    if (invoice === undefined) byVariant.set(variant, (invoice = shared(map(wire))));
    return invoice;
  }

  /** How to map the wire invoices of one answer: through this memo when the answer was shared, else `map` itself. */
  mapperFor(shared: boolean, variant: string, map: (wire: W) => Invoice): (wire: W) => Invoice {
    return shared ? (wire) => this.get(wire, variant, map) : map;
  }
}

/** What every request asks of an invoice again (its ref string, its and its lines' times as text) is worked out once. */
function shared(invoice: Invoice): Invoice {
  keepRefString(invoice.ref);
  for (const time of [invoice.createdAt, invoice.dueAt, invoice.periodStart, invoice.periodEnd]) if (time) keepIsoTime(time);
  for (const line of invoice.lines) for (const time of [line.periodStart, line.periodEnd]) if (time) keepIsoTime(time);
  return invoice;
}
