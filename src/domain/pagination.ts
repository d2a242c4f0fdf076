import { badInput } from './errors.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Relay connection arguments as the caller sent them. */
export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * One page to fetch, direction-normalised. `after` / `before` are provider positions already decoded
 * from (and checked against) their cursors.
 */
export type PageRequest =
  { direction: 'forward'; size: number; after: string | null } | { direction: 'backward'; size: number; before: string | null };

/** A page of items with the provider position of each (encoded into cursors by the schema). */
export interface Page<T> {
  items: { item: T; position: string }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number | null;
}

function checkSize(value: number, argument: 'first' | 'last'): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badInput(`\`${argument}\` must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${value}`, [argument]);
  }
  return value;
}

/**
 * Validates page arguments and decides the direction. Forward paging uses first/after, backward paging
 * last/before; mixing the two is refused rather than guessed at.
 */
export function toPageRequest(args: ConnectionArgs, decode: (cursor: string, argument: string) => string): PageRequest {
  const { first, after, last, before } = args;
  const forward = first != null || after != null;
  const backward = last != null || before != null;
  if (forward && backward) {
    throw badInput('use `first`/`after` to page forward or `last`/`before` to page backward, not both', [
      first != null ? 'first' : 'after',
    ]);
  }
  if (backward) {
    return {
      direction: 'backward',
      size: last == null ? DEFAULT_PAGE_SIZE : checkSize(last, 'last'),
      before: before == null ? null : decode(before, 'before'),
    };
  }
  return {
    direction: 'forward',
    size: first == null ? DEFAULT_PAGE_SIZE : checkSize(first, 'first'),
    after: after == null ? null : decode(after, 'after'),
  };
}

/** For offset-addressed upstreams: positions are decimal indexes into the full, filtered list. */
export function parseOffsetPosition(position: string, argument: string): number {
  if (!/^\d{1,9}$/.test(position)) throw badInput(`\`${argument}\` does not point at a position in this list`, [argument]);
  return Number(position);
}

/**
 * The half-open index window [start, end) a page request covers in a list of `total` items
 * (total may be unknown, then backward paging without `before` cannot be served).
 */
export function offsetWindow(request: PageRequest, total: number | null): { start: number; end: number } {
  if (request.direction === 'forward') {
    const start = request.after == null ? 0 : parseOffsetPosition(request.after, 'after') + 1;
    return { start, end: start + request.size };
  }
  const end =
    request.before == null ? (total ?? 0) : Math.min(parseOffsetPosition(request.before, 'before'), total ?? Number.MAX_SAFE_INTEGER);
  return { start: Math.max(0, end - request.size), end };
}

/**
 * The page for an empty window: backward from the very first item (`before` its cursor), or a list with
 * nothing in it. The item `before` names still follows, so that case has a next page.
 */
export function emptyWindowPage<T>(request: PageRequest, total: number | null): Page<T> {
  return { items: [], hasNextPage: request.direction === 'backward' && request.before !== null, hasPreviousPage: false, totalCount: total };
}

/** Slices a fully known list into a page (used when an upstream returns everything at once). */
export function pageOfList<T>(all: readonly T[], request: PageRequest): Page<T> {
  const { start, end } = offsetWindow(request, all.length);
  const clampedEnd = Math.min(end, all.length);
  const items = all.slice(Math.min(start, all.length), clampedEnd).map((item, i) => ({ item, position: String(start + i) }));
  return { items, hasNextPage: clampedEnd < all.length, hasPreviousPage: start > 0, totalCount: all.length };
}

/** A contiguous run of an offset-addressed list: `items` start at index `offset` of a list of `total`. */
export interface OffsetRange<W> {
  offset: number;
  items: W[];
  total: number;
}

/** How an offset-addressed upstream is read: its length, and the run that covers a window. */
export interface OffsetSource<W> {
  /** The list's length, for paging back from its end. */
  lengthForEnd(): Promise<number>;
  /** The list's length when the window is empty (backward from its first item). */
  lengthForEmpty(): Promise<number>;
  /** A run covering at least [start, end) where the list has those items. */
  range(start: number, end: number): Promise<OffsetRange<W>>;
}

/**
 * One page of an offset-addressed list: the window the request covers, read from the upstream, with
 * positions that are list indexes. An upstream that tells less than it listed is believed about what it listed.
 */
export async function pageByOffset<W, T>(request: PageRequest, source: OffsetSource<W>, map: (wire: W) => T): Promise<Page<T>> {
  // Paging backward from the end needs the length first.
  const total = request.direction === 'backward' && request.before === null ? await source.lengthForEnd() : null;
  const { start, end } = offsetWindow(request, total);
  if (end <= start) return emptyWindowPage(request, total ?? (await source.lengthForEmpty()));
  const range = await source.range(start, end);
  const known = range.offset + range.items.length;
  const items = range.items
    .slice(start - range.offset, Math.min(end, known) - range.offset)
    .map((wire, i) => ({ item: map(wire), position: String(start + i) }));
  return { items, hasNextPage: Math.min(end, known) < Math.max(range.total, known), hasPreviousPage: start > 0, totalCount: range.total };
}
