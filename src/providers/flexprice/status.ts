import type { InvoiceStatus } from '../../domain/invoice.js';

/** Flexprice's invoice lifecycle (`types.InvoiceStatus`). SKIPPED is a zero-amount invoice never sent. */
export const FP_INVOICE_STATUSES = ['DRAFT', 'FINALIZED', 'VOIDED', 'SKIPPED'] as const;
export type FpInvoiceStatus = (typeof FP_INVOICE_STATUSES)[number];

/** Flexprice's payment state of an invoice (`types.PaymentStatus`). */
export const FP_PAYMENT_STATUSES = [
  'INITIATED',
  'PENDING',
  'PROCESSING',
  'SUCCEEDED',
  'OVERPAID',
  'FAILED',
  'REFUNDED',
  'PARTIALLY_REFUNDED',
  'VOIDED',
] as const;
export type FpPaymentStatus = (typeof FP_PAYMENT_STATUSES)[number];

const FINALIZED: Record<FpPaymentStatus, InvoiceStatus> = {
  INITIATED: 'OPEN',
  PENDING: 'OPEN',
  PROCESSING: 'OPEN',
  SUCCEEDED: 'PAID',
  OVERPAID: 'PAID',
  FAILED: 'OPEN',
  // Money came back: the invoice is no longer settled by a payment, so it is open again (docs/UPSTREAMS.md 3 /
  // issue 4: "PAID once payment succeeded or overpaid, OPEN otherwise").
  REFUNDED: 'OPEN',
  PARTIALLY_REFUNDED: 'OPEN',
  VOIDED: 'OPEN',
};

const all = (status: InvoiceStatus): Record<FpPaymentStatus, InvoiceStatus> =>
  Object.fromEntries(FP_PAYMENT_STATUSES.map((payment) => [payment, status])) as Record<FpPaymentStatus, InvoiceStatus>;

/**
 * THE status table: invoice_status x payment_status -> InvoiceStatus. Every one of the 36 combinations
 * is listed (a unit test walks them all); a draft is DRAFT whatever its payment says, voided and skipped
 * invoices are VOID, a finalized one is PAID once its payment succeeded (or overpaid) and OPEN otherwise.
 */
export const FP_STATUS_TABLE: Readonly<Record<FpInvoiceStatus, Readonly<Record<FpPaymentStatus, InvoiceStatus>>>> = {
  DRAFT: all('DRAFT'),
  FINALIZED,
  VOIDED: all('VOID'),
  SKIPPED: all('VOID'),
};

export function invoiceStatus(invoice: FpInvoiceStatus, payment: FpPaymentStatus): InvoiceStatus {
  return FP_STATUS_TABLE[invoice][payment];
}

/** The raw pair as shown in `providerStatus`, e.g. "FINALIZED/SUCCEEDED". */
export const providerStatus = (invoice: FpInvoiceStatus, payment: FpPaymentStatus) => `${invoice}/${payment}`;
