import type { Money } from './money.js';
import type { Decimal } from './decimal.js';

/** The billing backends billgraph speaks to. */
export const PROVIDERS = ['cloudflare', 'stripe', 'flexprice'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** billgraph's invoice statuses (Stripe's five); each adapter maps its upstream's statuses onto these. */
export const INVOICE_STATUSES = ['DRAFT', 'OPEN', 'PAID', 'UNCOLLECTIBLE', 'VOID'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
/** How an invoice came to be: by the billing cycle (AUTO) or by hand (MANUAL). */
export const INVOICE_ORIGINS = ['AUTO', 'MANUAL'] as const;
export type InvoiceOrigin = (typeof INVOICE_ORIGINS)[number];
/** The history filter: AUTO, MANUAL or both. */
export const INVOICE_TYPE_FILTERS = ['ALL', ...INVOICE_ORIGINS] as const;
export type InvoiceTypeFilter = (typeof INVOICE_TYPE_FILTERS)[number];

export interface InvoiceLineCredit {
  amount: Money;
  type: string;
  creditBalanceTransaction: string | null;
  discount: string | null;
}

export interface InvoiceLine {
  id: string | null;
  description: string | null;
  amount: Money;
  quantity: Decimal | null;
  unitAmount: Money | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  proration: boolean;
  credits: InvoiceLineCredit[];
}

/** Where an invoice can be found again: enough to re-read it from its upstream. */
export interface InvoiceRef {
  provider: ProviderName;
  /** The billed party in the provider's terms (Cloudflare account, Stripe / Flexprice customer). */
  customer: string;
  /** Unique within provider + customer. The upstream id when there is one. */
  key: string;
  /** True for a preview (upcoming) invoice: it cannot be re-read by id. */
  preview: boolean;
}

/**
 * One string per invoice: the local part of its global id and its DataLoader key. A JSON array, so no
 * separator character in an upstream id can make two refs collide.
 */
export function invoiceRefString(ref: InvoiceRef): string {
  return refStrings.get(ref) ?? JSON.stringify([ref.provider, ref.customer, ref.key, ref.preview ? 1 : 0]);
}

/**
 * The ref strings of shared invoices (src/providers/mapped-once.ts): every request holding one asks again.
 * Only those are kept: for a ref one request reads, keeping costs more than it saves. Refs are never mutated.
 */
const refStrings = new WeakMap<InvoiceRef, string>();
export function keepRefString(ref: InvoiceRef): void {
  if (!refStrings.has(ref)) refStrings.set(ref, invoiceRefString(ref));
}

/**
 * What the line cursors of an invoice are bound to. A preview is computed afresh on every request and its
 * upstream id can change each time (Flexprice makes a new one per call), so its lines are bound to what
 * stays the same: the customer and subscription being previewed...
 */
export function lineCursorScope(invoice: Pick<Invoice, 'ref' | 'subscriptionId' | 'previewOf'>): string {
  const { ref } = invoice;
  if (!ref.preview) return invoiceRefString(ref);
  // ...and to which preview: the upcoming invoice, or one change (two changes list different lines).
  return JSON.stringify([ref.provider, ref.customer, 'preview', invoice.subscriptionId, invoice.previewOf ?? 'upcoming']);
}

/** A provider-neutral invoice. Produced by an adapter's map.ts, read by the schema. */
export interface Invoice {
  ref: InvoiceRef;
  providerId: string | null;
  number: string | null;
  status: InvoiceStatus | null;
  providerStatus: string | null;
  origin: InvoiceOrigin | null;
  description: string | null;
  currency: string;
  amountDue: Money;
  amountPaid: Money;
  amountRemaining: Money;
  subtotal: Money | null;
  tax: Money | null;
  discount: Money | null;
  total: Money | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  createdAt: Date | null;
  dueAt: Date | null;
  pdfUrl: string | null;
  hostedUrl: string | null;
  attemptCount: number | null;
  attempted: boolean | null;
  autoAdvance: boolean | null;
  customerId: string | null;
  subscriptionId: string | null;
  /** The lines the upstream embedded in the invoice. */
  lines: InvoiceLine[];
  /** True when the upstream says there are more lines than embedded. */
  linesHasMore: boolean;
  /** For a previewInvoice result: a digest of the change it previews (absent for the upcoming invoice). */
  previewOf?: string;
}

export interface Customer {
  id: string;
  name: string | null;
  email: string | null;
}
