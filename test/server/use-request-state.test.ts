import type { Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useRequestState } from '../../src/server/use-request-state.js';
import { bareYoga, fixedStates, post } from './support.js';

describe('useRequestState', () => {
  it("keeps a well-formed caller's x-request-id and replaces a malformed one", async () => {
    const { states } = fixedStates();
    const seen: string[] = [];
    const yoga = bareYoga([useRequestState(states), { onResponse: ({ request }) => void seen.push(states.of(request).requestId) }]);
    await yoga.fetch(post('{ hello }', { 'x-request-id': 'abc-123_X' }));
    await yoga.fetch(post('{ hello }', { 'x-request-id': 'no spaces; allowed' }));
    expect(seen[0]).toBe('abc-123_X');
    expect(seen[1]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records the executed operation, even when a later plugin stops execution', async () => {
    const { states } = fixedStates();
    const stop: Plugin = { onExecute: ({ setResultAndStopExecution }) => setResultAndStopExecution({ data: null }) };
    let recorded: unknown;
    const yoga = bareYoga([useRequestState(states), stop, { onResponse: ({ request }) => void (recorded = { ...states.of(request) }) }]);
    await yoga.fetch(post('query First { hello } mutation Second { hello }', {}, undefined));
    expect(recorded).toMatchObject({ operationName: null, operationType: null }); // two operations, none named: not executed
    const named = new Request('http://billgraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query First { hello } query Second { hello }', operationName: 'Second' }),
    });
    await yoga.fetch(named);
    expect(recorded).toMatchObject({ operationName: 'Second', operationType: 'query' });
  });

  it('resolves the principal of a request once, whoever asks first', async () => {
    const { states, resolved } = fixedStates({ kind: 'service' });
    const request = post('{ hello }');
    const [a, b] = await Promise.all([states.principalOf(request), states.principalOf(request)]);
    expect(a).toBe(b);
    expect(resolved.count).toBe(1);
  });
});
