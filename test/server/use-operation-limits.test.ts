import { describe, expect, it } from 'vitest';
import { useOperationLimits } from '../../src/server/use-operation-limits.js';
import { bareYoga, post } from './support.js';

describe('useOperationLimits', () => {
  const ask = async (introspection: boolean, query: string, variables?: Record<string, unknown>) => {
    const yoga = bareYoga([useOperationLimits({ maxCost: 50, introspection })]);
    return (await yoga.fetch(post(query, {}, variables))).json();
  };

  it('answers an operation within the cost limit', async () => {
    expect(await ask(true, '{ items(first: 2) { name } }')).toEqual({ data: { items: [{ name: 'item 0' }, { name: 'item 1' }] } });
  });

  it('refuses an operation that costs more than the limit (each item and its object), with its cost', async () => {
    const body = await ask(true, 'query Big($n: Int!) { items(first: $n) { next { name } } }', { n: 500 });
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors;
    expect(error.message).toMatch(/^this operation costs 501, more than the limit of 50/);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', cost: 501, maxCost: 50 });
  });

  it('refuses introspection when it is switched off, and allows it when on', async () => {
    const off = await ask(false, '{ __schema { queryType { name } } }');
    expect(off.errors[0].message).toMatch(/introspection/i);
    expect(await ask(true, '{ __schema { queryType { name } } }')).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});
