import { createHmac, timingSafeEqual } from 'node:crypto';
import { badInput } from './errors.js';
import { lineCursorScope, PROVIDERS, type Invoice, type InvoiceTypeFilter, type ProviderName } from './invoice.js';

/**
 * Opaque, tamper-evident cursors: base64url of an HMAC-SHA256 tag (16 bytes) followed by a small versioned
 * JSON record, bound to the query they came from. The tag is keyed with BILLGRAPH_CURSOR_SECRET, the same on
 * every instance, so a cursor works after a restart and on any instance, and a cursor whose position or scope
 * was edited (or an unsigned one from before version 2) is BAD_USER_INPUT, never a wrong page.
 */
const CURSOR_VERSION = 2;
const TAG_BYTES = 16;
const MAX_CURSOR_LENGTH = 1024;

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

/** Issues and reads cursors with one secret (src/config/cursors.ts); one per app, shared by its requests. */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(scope: CursorScope, position: string): string {
    const record: CursorRecord = { v: CURSOR_VERSION, s: { ...scope }, p: position };
    const body = Buffer.from(JSON.stringify(record), 'utf8');
    return Buffer.concat([this.tag(body), body]).toString('base64url');
  }

  /** Returns the position inside `cursor`, after checking it is ours, untouched, and belongs to `scope`. */
  decode(cursor: string, scope: CursorScope, argument: string): string {
    const record = this.verified(cursor);
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

  /**
   * The provider and customer a cursor this API issued pages, or null (a line cursor, an unknown provider, or
   * not our cursor): lets authorization refuse another customer's cursor before decoding it against the query.
   */
  customerOf(cursor: string): { provider: ProviderName; customer: string } | null {
    const scope = this.verified(cursor)?.s;
    const provider = scope?.p;
    const customer = scope?.c;
    if (provider === undefined || customer === undefined) return null;
    if (!(PROVIDERS as readonly string[]).includes(provider)) return null;
    return { provider: provider as ProviderName, customer };
  }

  private tag(body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, TAG_BYTES);
  }

  /** The record of a well-formed cursor whose tag verifies, or null. */
  private verified(cursor: string): CursorRecord | null {
    if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length <= TAG_BYTES) return null;
    const body = bytes.subarray(TAG_BYTES);
    if (!timingSafeEqual(bytes.subarray(0, TAG_BYTES), this.tag(body))) return null;
    return parseRecord(body.toString('utf8'));
  }
}

function parseRecord(json: string): CursorRecord | null {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null) return null;
    const { v, s, p } = value as Partial<CursorRecord>;
    if (v !== CURSOR_VERSION || typeof p !== 'string' || typeof s !== 'object' || s === null) return null;
    if (!Object.values(s).every((part) => typeof part === 'string')) return null;
    return { v, s, p };
  } catch {
    return null;
  }
}
