import { badInput } from './errors.js';
import { invoiceRefString, PROVIDERS, type Invoice, type InvoiceRef, type ProviderName } from './invoice.js';

/**
 * What the local part of an Invoice's global id names, and so how `node(id)` reads it again
 * (docs/ARCHITECTURE.md section 3). A JSON array, so no character of an upstream id can make two collide:
 * - issued:    [provider, customer, upstream key, 0]  read back from the upstream
 * - upcoming:  [provider, customer, subscription | null, 1]  previewed again: the id stays the same
 *   from one request to the next although the upstream makes a new preview (and preview id) each time
 * - previewed: [provider, customer, digest of the change, 2]  a previewInvoice result; its inputs do not
 *   fit in an id, so it cannot be read back, but its id never equals the upcoming invoice's, so a client
 *   cache that merges records by id (Relay, Apollo) keeps the two apart
 */
export type InvoiceIdTarget =
  | { kind: 'issued'; ref: InvoiceRef }
  | { kind: 'upcoming'; provider: ProviderName; customer: string; subscription: string | null }
  | { kind: 'previewed'; provider: ProviderName; customer: string; change: string };

type Identified = Pick<Invoice, 'ref' | 'subscriptionId' | 'previewOf'>;

export function invoiceLocalId(invoice: Identified): string {
  const { ref } = invoice;
  if (!ref.preview) return invoiceRefString(ref);
  if (invoice.previewOf !== undefined) return JSON.stringify([ref.provider, ref.customer, invoice.previewOf, 2]);
  return JSON.stringify([ref.provider, ref.customer, invoice.subscriptionId, 1]);
}

function parts(localId: string): unknown[] | null {
  try {
    const parsed: unknown = JSON.parse(localId);
    return Array.isArray(parsed) && parsed.length === 4 ? parsed : null;
  } catch {
    return null;
  }
}

export function parseInvoiceLocalId(localId: string): InvoiceIdTarget {
  const [provider, customer, key, kind] = parts(localId) ?? [];
  const known = (PROVIDERS as readonly unknown[]).includes(provider) && typeof customer === 'string';
  if (known && typeof key === 'string' && (kind === 0 || kind === 2)) {
    const p = provider as ProviderName;
    if (kind === 2) return { kind: 'previewed', provider: p, customer, change: key };
    return { kind: 'issued', ref: { provider: p, customer, key, preview: false } };
  }
  if (known && (typeof key === 'string' || key === null) && kind === 1) {
    return { kind: 'upcoming', provider: provider as ProviderName, customer, subscription: key };
  }
  throw badInput('`id` is not an invoice id this API issued', ['id']);
}
