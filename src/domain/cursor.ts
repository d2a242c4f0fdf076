import { badInput } from './errors.js';
import { lineCursorScope, PROVIDERS, type Invoice, type InvoiceTypeFilter, type ProviderName } from './invoice.js';

/**
 * Opaque cursors: base64url of a small versioned JSON record, bound to the query they came from.
 * A cursor from another provider, customer, type filter or invoice is BAD_USER_INPUT, never a wrong page.
 */
const CURSOR_VERSION = 1;

/** What a cursor is bound to, as it travels inside the cursor: every field must match the query it is used with. */
export type CursorScope = Readonly<Record<string, string>>;

/**
 * The scope of an invoice-history cursor: which list (`k`), provider (`p`), customer (`c`) and type
 * filter (`t`) it pages. One-letter keys keep cursors short; error messages name them ("its c differs").
 */
export type InvoiceHistoryScope = { readonly k: 'invoices'; readonly p: ProviderName; readonly c: string; readonly t: InvoiceTypeFilter };

/** The scope of a line cursor: which invoice's lines (`i`, see lineCursorScope). */
export type InvoiceLinesScope = { readonly k: 'lines'; readonly i: string };

export function invoiceHistoryScope(target: { provider: ProviderName; customer: string }, type: InvoiceTypeFilter): InvoiceHistoryScope {
  // Key order is part of the encoded cursor: keep it, so cursors issued before a release still decode the same.
  return { k: 'invoices', p: target.provider, c: target.customer, t: type };
}

export function invoiceLinesScope(invoice: Pick<Invoice, 'ref' | 'subscriptionId' | 'previewOf'>): InvoiceLinesScope {
  return { k: 'lines', i: lineCursorScope(invoice) };
}

interface CursorRecord {
  v: number;
  /** scope */
  s: Record<string, string>;
  /** provider-specific position: an offset or an upstream id */
  p: string;
}

export function encodeCursor(scope: CursorScope, position: string): string {
  const record: CursorRecord = { v: CURSOR_VERSION, s: { ...scope }, p: position };
  return Buffer.from(JSON.stringify(record), 'utf8').toString('base64url');
}

/** Returns the position inside `cursor`, after checking it belongs to `scope`. */
export function decodeCursor(cursor: string, scope: CursorScope, argument: string): string {
  const record = parseRecord(cursor);
  if (!record) throw badInput(`\`${argument}\` is not a cursor this API issued`, [argument]);
  const keys = new Set([...Object.keys(record.s), ...Object.keys(scope)]);
  for (const key of keys) {
    if (record.s[key] !== scope[key]) {
      throw badInput(
        `\`${argument}\` is a cursor from a different query (its ${key} differs); cursors only work with the query that returned them`,
        [argument],
      );
    }
  }
  return record.p;
}

/** The scope a well-formed cursor claims (unverified), or null: lets authorization look before decoding. */
export function readCursorScope(cursor: string): CursorScope | null {
  return parseRecord(cursor)?.s ?? null;
}

/**
 * The provider and customer a well-formed cursor claims to page (unverified), or null when it names none
 * (a line cursor) or an unknown provider: lets authorization refuse another customer's cursor early.
 */
export function readCursorCustomer(cursor: string): { provider: ProviderName; customer: string } | null {
  const scope = readCursorScope(cursor);
  const provider = scope?.p;
  const customer = scope?.c;
  if (provider === undefined || customer === undefined) return null;
  if (!(PROVIDERS as readonly string[]).includes(provider)) return null;
  return { provider: provider as ProviderName, customer };
}

function parseRecord(cursor: string): CursorRecord | null {
  if (cursor.length === 0 || cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { v, s, p } = value as Partial<CursorRecord>;
    if (v !== CURSOR_VERSION || typeof p !== 'string' || typeof s !== 'object' || s === null) return null;
    if (!Object.values(s).every((part) => typeof part === 'string')) return null;
    return { v, s, p };
  } catch {
    return null;
  }
}
