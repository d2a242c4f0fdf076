import type { BillingEvent } from '../live/billing-event.js';

/** What a verified payload means to billgraph: an event to emit, a type it does not act on, or a payload it cannot read. */
export type Normalised =
  | { kind: 'event'; event: BillingEvent }
  | { kind: 'ignored'; id: string | null; providerType: string }
  | { kind: 'malformed'; reason: string };

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A provider id: a non-empty string of id characters, or an expanded object's `id`. */
export function idOf(value: unknown): string | null {
  const id = isObject(value) ? value.id : value;
  return typeof id === 'string' && /^[\w.:-]{1,255}$/.test(id) ? id : null;
}

export const malformed = (reason: string): Normalised => ({ kind: 'malformed', reason });
