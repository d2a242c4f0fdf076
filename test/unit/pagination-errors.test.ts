import { describe, expect, it } from 'vitest';
import { BillingError } from '../../src/domain/errors.js';
import { emptyWindowPage, offsetWindow, pageOfList, parseOffsetPosition, toPageRequest } from '../../src/domain/pagination.js';

const identity = (cursor: string) => cursor;

/** The BAD_USER_INPUT `run` throws, with the message and the `field` path a client is shown. */
function badInput(run: () => unknown): { message: string; field: unknown } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BillingError);
    expect((error as BillingError).code).toBe('BAD_USER_INPUT');
    return { message: (error as BillingError).message, field: (error as BillingError).details.field };
  }
  throw new Error('expected BAD_USER_INPUT, nothing was thrown');
}

describe('paging errors name the argument at fault', () => {
  it('a size out of range names `first` or `last`, with the size given', () => {
    expect(badInput(() => toPageRequest({ first: 101 }, identity))).toEqual({
      message: '`first` must be an integer from 1 to 100, got 101',
      field: ['first'],
    });
    expect(badInput(() => toPageRequest({ last: 0 }, identity))).toEqual({
      message: '`last` must be an integer from 1 to 100, got 0',
      field: ['last'],
    });
    expect(badInput(() => toPageRequest({ last: 2.5, before: 'c' }, identity)).field).toEqual(['last']);
    expect(toPageRequest({ last: 100 }, identity)).toEqual({ direction: 'backward', size: 100, before: null });
    expect(toPageRequest({ last: 1 }, identity)).toEqual({ direction: 'backward', size: 1, before: null });
  });

  it('mixing directions names `first` when given, else `after`', () => {
    expect(badInput(() => toPageRequest({ first: 5, before: 'c' }, identity))).toEqual({
      message: 'use `first`/`after` to page forward or `last`/`before` to page backward, not both',
      field: ['first'],
    });
    expect(badInput(() => toPageRequest({ after: 'c', last: 5 }, identity)).field).toEqual(['after']);
    expect(badInput(() => toPageRequest({ after: 'c', before: 'd' }, identity)).field).toEqual(['after']);
  });

  it('a position that is not in the list names its argument', () => {
    expect(badInput(() => parseOffsetPosition('x1', 'before'))).toEqual({
      message: '`before` does not point at a position in this list',
      field: ['before'],
    });
    expect(badInput(() => parseOffsetPosition('1x', 'after')).field).toEqual(['after']);
    expect(badInput(() => offsetWindow({ direction: 'backward', size: 2, before: 'x' }, 10)).field).toEqual(['before']);
    expect(badInput(() => offsetWindow({ direction: 'forward', size: 2, after: 'x' }, 10)).field).toEqual(['after']);
    expect(parseOffsetPosition('999999999', 'after')).toBe(999_999_999);
    expect(parseOffsetPosition('0', 'after')).toBe(0);
  });
});

describe('pages at the edges', () => {
  it('an empty window backward from the first item still has the item `before` named as its next page', () => {
    expect(emptyWindowPage({ direction: 'backward', size: 5, before: '0' }, 12)).toEqual({
      items: [],
      hasNextPage: true,
      hasPreviousPage: false,
      totalCount: 12,
    });
    expect(emptyWindowPage({ direction: 'backward', size: 5, before: null }, 0).hasNextPage).toBe(false);
    expect(emptyWindowPage({ direction: 'forward', size: 5, after: '3' }, null)).toEqual({
      items: [],
      hasNextPage: false,
      hasPreviousPage: false,
      totalCount: null,
    });
  });

  it('a backward page of a known list clamps at its start and end', () => {
    const all = ['a', 'b', 'c', 'd', 'e'];
    const first = pageOfList(all, { direction: 'backward', size: 3, before: '2' });
    expect(first.items).toEqual([
      { item: 'a', position: '0' },
      { item: 'b', position: '1' },
    ]);
    expect(first).toMatchObject({ hasNextPage: true, hasPreviousPage: false, totalCount: 5 });
    const past = pageOfList(all, { direction: 'forward', size: 3, after: '9' });
    expect(past.items).toEqual([]);
    expect(past).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const whole = pageOfList(all, { direction: 'forward', size: 5, after: null });
    expect(whole).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(pageOfList(all, { direction: 'backward', size: 2, before: '5' }).items.map((i) => i.position)).toEqual(['3', '4']);
  });
});
