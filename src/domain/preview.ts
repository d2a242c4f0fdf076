import type { Decimal } from './decimal.js';
import type { Invoice, InvoiceLine, ProviderName } from './invoice.js';
import { type Money, subtractMoney } from './money.js';

export type ProrationBehavior = 'CREATE_PRORATIONS' | 'ALWAYS_INVOICE' | 'NONE';

/** "What would my invoice be if ...": everything the upstream previews can take, provider-neutral. */
export interface PreviewInvoiceInput {
  provider: ProviderName;
  customer: string;
  subscription: string | null;
  /** New subscription items: a price and a quantity. */
  addItems: { price: string; quantity: Decimal | null }[];
  /** Existing subscription items whose quantity (or price) changes. */
  changeItems: { item: string; quantity: Decimal | null; price: string | null }[];
  /** Existing subscription item ids to remove. */
  removeItems: string[];
  /** One-off charges: either a price, or an amount (major units) with a description. */
  invoiceItems: {
    price: string | null;
    amount: Decimal | null;
    quantity: Decimal | null;
    description: string | null;
    currency: string | null;
  }[];
  discounts: { coupon: string | null; promotionCode: string | null }[];
  prorationDate: Date | null;
  prorationBehavior: ProrationBehavior | null;
  currency: string | null;
  /** Flexprice: the billing period to preview. */
  periodStart: Date | null;
  periodEnd: Date | null;
  hideZeroCharges: boolean | null;
}

/** The inputs that change the invoice (as opposed to choosing which invoice or period to preview). */
export function changedPreviewFields(input: PreviewInvoiceInput): string[] {
  const fields: string[] = [];
  if (input.addItems.length) fields.push('addItems');
  if (input.changeItems.length) fields.push('changeItems');
  if (input.removeItems.length) fields.push('removeItems');
  if (input.invoiceItems.length) fields.push('invoiceItems');
  if (input.discounts.length) fields.push('discounts');
  if (input.prorationDate) fields.push('prorationDate');
  if (input.prorationBehavior) fields.push('prorationBehavior');
  if (input.currency) fields.push('currency');
  return fields;
}

/** The inputs that choose a billing period to preview (Flexprice only). */
export function periodPreviewFields(input: PreviewInvoiceInput): string[] {
  const fields: string[] = [];
  if (input.periodStart) fields.push('periodStart');
  if (input.periodEnd) fields.push('periodEnd');
  if (input.hideZeroCharges !== null) fields.push('hideZeroCharges');
  return fields;
}

/** What a change does to the invoice the customer would get anyway. */
export interface InvoiceChange {
  /**
   * The current upcoming invoice's amount due; null when there is none, or when the change bills in
   * another currency (amounts in two currencies have no difference to report).
   */
  amountDueBefore: Money | null;
  amountDueAfter: Money;
  /** after - before; equal to after when amountDueBefore is null. */
  amountDueDifference: Money;
  linesAdded: InvoiceLine[];
  linesRemoved: InvoiceLine[];
  prorationLines: InvoiceLine[];
  /**
   * False when the upstream returned only some lines of either invoice (a Stripe preview embeds ten and
   * has no way to page the rest): the line lists then compare only the lines returned. Amounts are whole.
   */
  linesComplete: boolean;
}

/**
 * Compares a previewed invoice with the current upcoming one. Lines are matched by a signature of what
 * they bill (description, amount, quantity, period), since preview line ids are not stable across calls.
 */
export function compareInvoices(current: Invoice | null, previewed: Invoice): InvoiceChange {
  const after = previewed.amountDue;
  const before = current && current.currency === previewed.currency ? current.amountDue : null;
  const currentLines = current?.lines ?? [];
  const remaining = new Map<string, number>();
  for (const line of currentLines) remaining.set(lineSignature(line), (remaining.get(lineSignature(line)) ?? 0) + 1);
  const linesAdded: InvoiceLine[] = [];
  for (const line of previewed.lines) {
    const key = lineSignature(line);
    const count = remaining.get(key) ?? 0;
    if (count > 0) remaining.set(key, count - 1);
    else linesAdded.push(line);
  }
  const previewedCounts = new Map<string, number>();
  for (const line of previewed.lines) previewedCounts.set(lineSignature(line), (previewedCounts.get(lineSignature(line)) ?? 0) + 1);
  const linesRemoved: InvoiceLine[] = [];
  for (const line of currentLines) {
    const key = lineSignature(line);
    const count = previewedCounts.get(key) ?? 0;
    if (count > 0) previewedCounts.set(key, count - 1);
    else linesRemoved.push(line);
  }
  return {
    amountDueBefore: before,
    amountDueAfter: after,
    amountDueDifference: before ? subtractMoney(after, before) : after,
    linesAdded,
    linesRemoved,
    prorationLines: previewed.lines.filter((line) => line.proration),
    linesComplete: !previewed.linesHasMore && !(current?.linesHasMore ?? false),
  };
}

function lineSignature(line: InvoiceLine): string {
  return [
    line.description ?? '',
    line.amount.currency,
    line.amount.amount.normalize().toString(),
    line.quantity?.normalize().toString() ?? '',
    line.periodStart?.toISOString() ?? '',
    line.periodEnd?.toISOString() ?? '',
    line.proration ? 'p' : '',
  ].join('|');
}
