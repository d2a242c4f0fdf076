import { assertCustomer, assertInvoiceVisible, isInvoiceVisible } from '../auth/authorize.js';
import { badInput, NotFoundError } from '../domain/errors.js';
import { invoiceLocalId, type InvoiceIdTarget } from '../domain/invoice-id.js';
import { invoiceRefString, type Invoice, type InvoiceRef } from '../domain/invoice.js';
import type { Context } from './context.js';

/** Reading an invoice back from its id: `invoice(id)` for issued invoices, `node(id)` also for upcoming ones. */

/** An issued invoice by ref, or null; visibility is checked on what the upstream reported. */
export async function loadIssuedInvoice(ref: InvoiceRef, ctx: Context): Promise<Invoice | null> {
  assertCustomer(ctx.principal, ref.provider, ref.customer);
  const invoice = await ctx.loaders.invoice.load(ref);
  // A key the upstream does not know, a key of a customer the principal may not see, and a key found under
  // another customer than the id names all read alike, "not found": anything else is an existence oracle
  // (docs/ARCHITECTURE.md section 6).
  if (!invoice || !isInvoiceVisible(ctx.principal, invoice)) return null;
  return invoiceRefString(invoice.ref) === invoiceRefString(ref) ? invoice : null;
}

/**
 * An upcoming invoice is previewed again (what Relay's refetch of an `upcomingInvoice` fragment needs). Null when
 * there is none any more, or when the preview now is of another subscription than the id names (its id would differ).
 */
async function reloadUpcomingInvoice(target: Extract<InvoiceIdTarget, { kind: 'upcoming' }>, ctx: Context): Promise<Invoice | null> {
  assertCustomer(ctx.principal, target.provider, target.customer);
  let invoice: Invoice | null;
  try {
    invoice = await ctx.loaders.upcomingInvoice.load(target);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
  if (!invoice) return null;
  assertInvoiceVisible(ctx.principal, invoice);
  const asked = JSON.stringify([target.provider, target.customer, target.subscription, 1]);
  return invoiceLocalId(invoice) === asked ? invoice : null;
}

export const PREVIEWED_CHANGE_MESSAGE =
  'this id names a previewed change, which is computed from the previewInvoice input and cannot be read back by id: run `previewInvoice` again';

/** `node(id)`: an issued invoice, or an upcoming one previewed again; a previewed change is a clear error. */
export function loadInvoiceNode(target: InvoiceIdTarget, ctx: Context): Promise<Invoice | null> {
  if (target.kind === 'issued') return loadIssuedInvoice(target.ref, ctx);
  if (target.kind === 'upcoming') return reloadUpcomingInvoice(target, ctx);
  throw badInput(PREVIEWED_CHANGE_MESSAGE, ['id']);
}

/** `invoice(id)`: issued invoices only, as its name says; any other id says where to go instead. */
export function issuedRef(target: InvoiceIdTarget): InvoiceRef {
  if (target.kind === 'issued') return target.ref;
  if (target.kind === 'upcoming') {
    throw badInput('this id names an upcoming invoice, which `invoice(id)` does not read: use `node(id)` or `upcomingInvoice`', ['id']);
  }
  throw badInput(PREVIEWED_CHANGE_MESSAGE, ['id']);
}
