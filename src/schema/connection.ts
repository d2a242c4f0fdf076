import type { CursorCodec, CursorScope } from '../domain/cursor.js';
import type { Page } from '../domain/pagination.js';

/** A domain Page as a Relay connection: each position becomes a signed cursor bound to `scope`. */
export function toConnection<T>(page: Page<T>, scope: CursorScope, cursors: CursorCodec) {
  const edges = page.items.map(({ item, position }) => ({ cursor: cursors.encode(scope, position), node: item }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
