import { Decimal } from '../../domain/decimal.js';
import { changed, refused, type ChangeResult } from '../changes.js';
import { flexpriceInvoiceWebhook } from '../webhooks/flexprice-event.js';
import type { FpDataset } from './data.js';
import type { Json } from './request.js';

/**
 * The changes a Flexprice invoice goes through between billgraph's reads (invoice_status DRAFT -> FINALIZED
 * -> VOIDED; payment_status to SUCCEEDED when paid), each with the webhook Flexprice sends. Invoices are
 * changed in place, so every later read (search, get) shows the change until the sandbox is reset.
 */
const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const SETTLED = ['SUCCEEDED', 'OVERPAID', 'REFUNDED', 'PARTIALLY_REFUNDED'];

function invoiceChange(
  data: FpDataset,
  id: string,
  check: (invoice: Json) => string | null,
  change: (invoice: Json) => string,
): ChangeResult {
  const invoice = data.invoicesById.get(id);
  if (!invoice) return refused(404, `invoice ${id} not found`);
  const problem = check(invoice);
  if (problem) return refused(409, `invoice ${id}: ${problem}`);
  const eventType = change(invoice);
  invoice.updated_at = nowIso();
  return changed(invoice, [flexpriceInvoiceWebhook(eventType, invoice)]);
}

export const payFlexpriceInvoice = (data: FpDataset, id: string): ChangeResult =>
  invoiceChange(
    data,
    id,
    (invoice) =>
      invoice.invoice_status !== 'FINALIZED'
        ? `is ${String(invoice.invoice_status)}; only a FINALIZED invoice can be paid`
        : SETTLED.includes(String(invoice.payment_status))
          ? `payment is already ${String(invoice.payment_status)}`
          : null,
    (invoice) => {
      invoice.payment_status = 'SUCCEEDED';
      invoice.amount_paid = Decimal.parse(String(invoice.amount_due)).toString();
      invoice.amount_remaining = '0';
      invoice.paid_at = nowIso();
      return 'invoice.update.payment';
    },
  );

export const voidFlexpriceInvoice = (data: FpDataset, id: string): ChangeResult =>
  invoiceChange(
    data,
    id,
    (invoice) =>
      invoice.invoice_status === 'VOIDED' || invoice.invoice_status === 'SKIPPED'
        ? `is already ${String(invoice.invoice_status)}`
        : SETTLED.includes(String(invoice.payment_status))
          ? 'a paid invoice cannot be voided'
          : null,
    (invoice) => {
      invoice.invoice_status = 'VOIDED';
      invoice.amount_remaining = '0';
      invoice.voided_at = nowIso();
      return 'invoice.update.voided';
    },
  );

export const finalizeFlexpriceInvoice = (data: FpDataset, id: string): ChangeResult =>
  invoiceChange(
    data,
    id,
    (invoice) => (invoice.invoice_status === 'DRAFT' ? null : `is ${String(invoice.invoice_status)}; only a DRAFT can be finalized`),
    (invoice) => {
      const at = nowIso();
      invoice.invoice_status = 'FINALIZED';
      invoice.finalized_at = at;
      invoice.issue_date = at;
      invoice.invoice_number ??= `INV-SBX-${String(invoice.id).slice(-5).toUpperCase()}`;
      invoice.invoice_pdf_url = `https://invoices.flexprice.test/${String(invoice.customer_id)}/${String(invoice.id)}.pdf`;
      return 'invoice.update.finalized';
    },
  );
