import { describe, expect, it } from 'vitest';
import { pageByOffset, type OffsetSource, type PageRequest } from '../../src/domain/pagination.js';

/** An upstream holding `list`, serving whole pages of `pageSize` and counting its reads. */
function upstream(list: string[], pageSize = 3) {
  const reads: string[] = [];
  const source: OffsetSource<string> = {
    lengthForEnd: async () => {
      reads.push('end');
      return list.length;
    },
    lengthForEmpty: async () => {
      reads.push('empty');
      return list.length;
    },
    range: async (start, end) => {
      reads.push(`${start}-${end}`);
      const offset = Math.floor(start / pageSize) * pageSize;
      const stop = Math.ceil(end / pageSize) * pageSize;
      return { offset, items: list.slice(offset, stop), total: list.length };
    },
  };
  return { source, reads };
}

const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const page = async (request: PageRequest) => {
  const { source, reads } = upstream(letters);
  const result = await pageByOffset(request, source, (s) => s.toUpperCase());
  return { ...result, items: result.items.map((i) => `${i.position}:${i.item}`), reads };
};

describe('pageByOffset', () => {
  it('pages forward from the start and after a position, slicing the run the upstream gave', async () => {
    expect(await page({ direction: 'forward', size: 2, after: null })).toEqual({
      items: ['0:A', '1:B'],
      hasNextPage: true,
      hasPreviousPage: false,
      totalCount: 7,
      reads: ['0-2'],
    });
    expect(await page({ direction: 'forward', size: 3, after: '3' })).toMatchObject({
      items: ['4:E', '5:F', '6:G'],
      hasNextPage: false,
      hasPreviousPage: true,
    });
  });

  it('pages back from the end after learning the length, and back from a position', async () => {
    expect(await page({ direction: 'backward', size: 2, before: null })).toMatchObject({
      items: ['5:F', '6:G'],
      hasNextPage: false,
      hasPreviousPage: true,
      reads: ['end', '5-7'],
    });
    expect(await page({ direction: 'backward', size: 2, before: '2' })).toMatchObject({
      items: ['0:A', '1:B'],
      hasNextPage: true,
      hasPreviousPage: false,
    });
  });

  it('an empty window (backward from the first item) asks only the length', async () => {
    expect(await page({ direction: 'backward', size: 2, before: '0' })).toEqual({
      items: [],
      hasNextPage: true,
      hasPreviousPage: false,
      totalCount: 7,
      reads: ['empty'],
    });
  });

  it('past the end is an empty last page', async () => {
    expect(await page({ direction: 'forward', size: 2, after: '6' })).toMatchObject({
      items: [],
      hasNextPage: false,
      hasPreviousPage: true,
    });
  });

  it('believes what was listed over a total that is too small', async () => {
    const source: OffsetSource<string> = {
      lengthForEnd: async () => 1,
      lengthForEmpty: async () => 1,
      range: async () => ({ offset: 0, items: ['a', 'b', 'c'], total: 1 }),
    };
    const result = await pageByOffset({ direction: 'forward', size: 2, after: null }, source, (s) => s);
    expect(result.items.map((i) => i.item)).toEqual(['a', 'b']);
    expect(result.hasNextPage).toBe(true);
  });
});
