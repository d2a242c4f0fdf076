import { createHash } from 'node:crypto';
import { Decimal } from '../domain/decimal.js';
import type { Invoice } from '../domain/invoice.js';

/**
 * An invoice as text and back, exactly: Decimals and Dates are tagged, so a polled Cloudflare invoice kept in
 * Redis reads back with the same money to the last digit (JSON alone would turn them into plain strings).
 */
export function encodeInvoice(invoice: Invoice | null): string {
  return JSON.stringify(tag(invoice));
}

export function decodeInvoice(text: string): Invoice | null {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const tagged = value as { $decimal?: unknown; $date?: unknown };
      if (typeof tagged.$decimal === 'string') return Decimal.parse(tagged.$decimal);
      if (typeof tagged.$date === 'string') return new Date(tagged.$date);
    }
    return value;
  }) as Invoice | null;
}

function tag(value: unknown): unknown {
  if (value instanceof Decimal) return { $decimal: value.toString() };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(tag);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tag(v)]));
  return value;
}

/** What an upcoming invoice looks like, as a short digest: equal digests, nothing a subscriber could see changed. */
export function invoiceFingerprint(invoice: Invoice | null): string {
  return createHash('sha256').update(encodeInvoice(invoice)).digest('base64url');
}
