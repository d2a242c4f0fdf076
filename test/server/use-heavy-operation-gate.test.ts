import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useHeavyOperationGate } from '../../src/server/use-heavy-operation-gate.js';
import { post } from './support.js';

/** useHeavyOperationGate alone in a bare Yoga: a field priced by `first` whose resolver counts how many run at once. */
function pages() {
  const running = { now: 0, most: 0 };
  const schema = createSchema({
    typeDefs: 'type Query { page(first: Int!): [Item!]! } type Item { name: String! next: Item }',
    resolvers: {
      Query: {
        page: async (_: unknown, { first }: { first: number }) => {
          running.now += 1;
          running.most = Math.max(running.most, running.now);
          await new Promise((resolve) => setTimeout(resolve, 20));
          running.now -= 1;
          return Array.from({ length: first }, (_, i) => ({ name: `item ${i}`, next: null }));
        },
      },
    },
  });
  const yoga = createYoga({ schema, logging: false, plugins: [useHeavyOperationGate({ minCost: 50, concurrent: 2 })] });
  const ask = async (first: number) => (await (await yoga.fetch(post(`{ page(first: ${first}) { name next { name } } }`))).json()).data;
  return { ask, running };
}

describe('useHeavyOperationGate', () => {
  it('runs at most `concurrent` heavy operations at once; every one still completes', async () => {
    const { ask, running } = pages();
    const answers = await Promise.all(Array.from({ length: 8 }, () => ask(100)));
    expect(answers.every((data) => data.page.length === 100)).toBe(true);
    expect(running.most).toBe(2);
  });

  it('light operations are not gated', async () => {
    const { ask, running } = pages();
    await Promise.all(Array.from({ length: 8 }, () => ask(3)));
    expect(running.most).toBe(8);
  });
});
