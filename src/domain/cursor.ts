import { badInput } from './errors.js';

/**
 * Opaque cursors: base64url of a small versioned JSON record, bound to the query they came from.
 * A cursor from another provider, customer, type filter or invoice is BAD_USER_INPUT, never a wrong page.
 */
const CURSOR_VERSION = 1;

/** What a cursor is bound to: every field must match the query it is used with. */
export type CursorScope = Readonly<Record<string, string>>;

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
