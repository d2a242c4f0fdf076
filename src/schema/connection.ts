import type { CursorCodec, CursorScope } from '../domain/cursor.js';
import type { Page } from '../domain/pagination.js';

/**
 * An edge whose cursor is signed (an HMAC, src/domain/cursor.ts) the first time a query reads it: most pages
 * select `nodes` alone, and signing every edge of a 100-item page showed in the CPU profile (bench/HISTORY.md).
 */
class Edge<T> {
  private signed: string | null = null;

  constructor(
    readonly node: T,
    private readonly position: string,
    private readonly sign: (position: string) => string,
  ) {}

  get cursor(): string {
    return (this.signed ??= this.sign(this.position));
  }
}

/** A domain Page as a Relay connection: each position becomes a signed cursor bound to `scope`, when it is read. */
export function toConnection<T>(page: Page<T>, scope: CursorScope, cursors: CursorCodec) {
  const sign = (position: string) => cursors.encode(scope, position);
  const edges = page.items.map(({ item, position }) => new Edge(item, position, sign));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? null;
      },
    },
  };
}
