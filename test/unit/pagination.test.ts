import { describe, expect, it } from 'vitest';
import { BillingError } from '../../src/domain/errors.js';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  offsetWindow,
  pageOfList,
  parseOffsetPosition,
  toPageRequest,
  type PageRequest,
} from '../../src/domain/pagination.js';

const identity = (cursor: string) => cursor;

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof BillingError ? error.code : 'NOT_A_BILLING_ERROR';
  }
}

describe('toPageRequest', () => {
  it('defaults to 20 forward', () => {
    expect(toPageRequest({}, identity)).toEqual({ direction: 'forward', size: DEFAULT_PAGE_SIZE, after: null });
    expect(DEFAULT_PAGE_SIZE).toBe(20);
    expect(MAX_PAGE_SIZE).toBe(100);
  });

  it('pages forward with first/after and backward with last/before, decoding cursors with the argument name', () => {
    const seen: string[] = [];
    const decode = (cursor: string, argument: string) => {
      seen.push(argument);
      return `pos:${cursor}`;
    };
    expect(toPageRequest({ first: 7, after: 'x' }, decode)).toEqual({ direction: 'forward', size: 7, after: 'pos:x' });
    expect(toPageRequest({ last: 3, before: 'y' }, decode)).toEqual({ direction: 'backward', size: 3, before: 'pos:y' });
    expect(toPageRequest({ before: 'z' }, decode)).toEqual({ direction: 'backward', size: 20, before: 'pos:z' });
    expect(toPageRequest({ first: 100, after: null, last: null, before: null }, decode)).toEqual({
      direction: 'forward',
      size: 100,
      after: null,
    });
    expect(seen).toEqual(['after', 'before', 'before']);
  });

  it('refuses sizes outside 1..100 and non-integers', () => {
    for (const first of [0, -1, 101, 1.5, Number.NaN])
      expect(
        codeOf(() => toPageRequest({ first }, identity)),
        `first ${first}`,
      ).toBe('BAD_USER_INPUT');
    for (const last of [0, -1, 101])
      expect(
        codeOf(() => toPageRequest({ last }, identity)),
        `last ${last}`,
      ).toBe('BAD_USER_INPUT');
    expect(codeOf(() => toPageRequest({ first: 1 }, identity))).toBeNull();
  });

  it('refuses mixing directions, naming the argument', () => {
    for (const args of [
      { first: 5, before: 'c' },
      { after: 'c', last: 5 },
      { first: 5, last: 5 },
    ]) {
      try {
        toPageRequest(args, identity);
        throw new Error('accepted');
      } catch (error) {
        expect((error as BillingError).code).toBe('BAD_USER_INPUT');
        expect((error as BillingError).message).toMatch(/not both/);
      }
    }
  });
});

describe('offsetWindow', () => {
  const forward = (size: number, after: string | null): PageRequest => ({ direction: 'forward', size, after });
  const backward = (size: number, before: string | null): PageRequest => ({ direction: 'backward', size, before });

  it('covers [after + 1, after + 1 + size) forward', () => {
    expect(offsetWindow(forward(7, null), null)).toEqual({ start: 0, end: 7 });
    expect(offsetWindow(forward(7, '6'), null)).toEqual({ start: 7, end: 14 });
  });

  it('covers the `size` items before `before`, or the last `size` of the list', () => {
    expect(offsetWindow(backward(7, null), 39)).toEqual({ start: 32, end: 39 });
    expect(offsetWindow(backward(7, '32'), 39)).toEqual({ start: 25, end: 32 });
    expect(offsetWindow(backward(7, '4'), 39)).toEqual({ start: 0, end: 4 });
    expect(offsetWindow(backward(7, '50'), 39)).toEqual({ start: 32, end: 39 });
    expect(offsetWindow(backward(7, null), null)).toEqual({ start: 0, end: 0 });
  });

  it('refuses positions that are not small decimal indexes', () => {
    for (const bad of ['-1', 'abc', '1.5', '1e3', '', '9999999999']) {
      expect(
        codeOf(() => parseOffsetPosition(bad, 'after')),
        bad,
      ).toBe('BAD_USER_INPUT');
      expect(
        codeOf(() => offsetWindow(forward(1, bad), null)),
        bad,
      ).toBe('BAD_USER_INPUT');
    }
  });
});

describe('pageOfList', () => {
  const all = Array.from({ length: 10 }, (_, i) => `item${i}`);
  it('slices and reports neighbours and total', () => {
    const first = pageOfList(all, { direction: 'forward', size: 4, after: null });
    expect(first.items.map((i) => i.position)).toEqual(['0', '1', '2', '3']);
    expect(first).toMatchObject({ hasNextPage: true, hasPreviousPage: false, totalCount: 10 });
    const last = pageOfList(all, { direction: 'forward', size: 4, after: '7' });
    expect(last.items.map((i) => i.item)).toEqual(['item8', 'item9']);
    expect(last).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = pageOfList(all, { direction: 'backward', size: 4, before: null });
    expect(back.items.map((i) => i.item)).toEqual(['item6', 'item7', 'item8', 'item9']);
    expect(back).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(pageOfList(all, { direction: 'forward', size: 4, after: '20' }).items).toEqual([]);
  });
});
