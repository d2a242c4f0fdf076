import { badInput } from '../domain/errors.js';

/** The types `node(id)` can load. */
const NODE_TYPES = new Set(['Invoice']);

/**
 * How many encoded ids are remembered per type. Encoding shows in a profile, and the same invoices are
 * answered again and again (every request sharing a read, every refresh of a page); past this, all are forgotten.
 */
const REMEMBERED = 10_000;
const encodedByType = new Map<string, Map<string, string>>();

/** Global ids are base64url of "Typename:local-id"; anything else is the caller's mistake. */
export function encodeGlobalId(typename: string, id: string): string {
  let encoded = encodedByType.get(typename);
  if (encoded === undefined) encodedByType.set(typename, (encoded = new Map()));
  let globalId = encoded.get(id);
  if (globalId === undefined) {
    if (encoded.size >= REMEMBERED) encoded.clear();
    encoded.set(id, (globalId = Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url')));
  }
  return globalId;
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const text = /^[A-Za-z0-9_-]{1,2048}$/.test(globalId) ? Buffer.from(globalId, 'base64url').toString('utf8') : '';
  const colon = text.indexOf(':');
  // Only types that can be read back by id; anything else (a cursor, a forged type name) is refused
  // here, before its decoded text could reach an error message.
  if (colon <= 0 || !NODE_TYPES.has(text.slice(0, colon))) throw badInput('`id` is not an id this API issued', ['id']);
  return { typename: text.slice(0, colon), id: text.slice(colon + 1) };
}
