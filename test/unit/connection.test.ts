import { describe, expect, it } from 'vitest';
import { CursorCodec, type CursorScope } from '../../src/domain/cursor.js';
import { toConnection } from '../../src/schema/connection.js';

/** The real codec, counting what it signs. */
class CountingCodec extends CursorCodec {
  signed = 0;
  override encode(scope: CursorScope, position: string): string {
    this.signed += 1;
    return super.encode(scope, position);
  }
}

const scope = { k: 'lines', i: 'stripe:cus_A:in_1' };
const page = (size: number) => ({
  items: Array.from({ length: size }, (_, n) => ({ item: `line ${n}`, position: `il_${n}` })),
  hasNextPage: true,
  hasPreviousPage: false,
  totalCount: null,
});

describe('connection cursors are signed when read', () => {
  it('a page whose cursors nobody reads signs none; each read cursor is signed once and decodes to its position', () => {
    const codec = new CountingCodec('a-secret-of-at-least-32-bytes-0123456789');
    const connection = toConnection(page(100), scope, codec);
    expect(connection.edges.map((edge) => edge.node)).toHaveLength(100);
    expect(codec.signed).toBe(0);
    const cursor = connection.edges[7]!.cursor;
    expect(connection.edges[7]!.cursor).toBe(cursor);
    expect(codec.signed).toBe(1);
    expect(codec.decode(cursor, scope, 'after')).toBe('il_7');
    expect(codec.decode(connection.pageInfo.endCursor!, scope, 'after')).toBe('il_99');
    expect(connection.pageInfo.startCursor).toBe(connection.edges[0]!.cursor);
    expect(codec.signed).toBe(3);
  });

  it('an empty page has null start and end cursors', () => {
    const connection = toConnection(page(0), scope, new CountingCodec('a-secret-of-at-least-32-bytes-0123456789'));
    expect(connection.pageInfo).toMatchObject({ startCursor: null, endCursor: null, hasNextPage: true });
  });
});
