import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { usePrincipalResponseCache } from '../../src/server/use-principal-response-cache.js';
import { callerStates, post } from './support.js';

/** A schema that says who asked and counts how often it was really executed. */
function whoAmI() {
  const executed = { count: 0 };
  const states = callerStates();
  const schema = createSchema<{ request: Request }>({
    typeDefs: 'type Query { me: String }',
    resolvers: {
      Query: {
        me: async (_: unknown, __: unknown, { request }: { request: Request }) => {
          executed.count += 1;
          const principal = await states.principalOf(request);
          return principal.kind === 'customer' ? principal.customers[0] : null;
        },
      },
    },
  });
  const yoga = createYoga({ schema, logging: false, plugins: [usePrincipalResponseCache({ ttlMs: 60_000, states })] });
  const ask = async (caller: string) => (await (await yoga.fetch(post('{ me }', { 'x-caller': caller }))).json()).data?.me;
  return { ask, executed };
}

describe('usePrincipalResponseCache', () => {
  it("answers a caller's repeated query from the cache", async () => {
    const { ask, executed } = whoAmI();
    expect(await ask('a')).toBe('cus_A');
    expect(await ask('a')).toBe('cus_A');
    expect(executed.count).toBe(1);
  });

  it("never answers one principal with another's cached answer", async () => {
    const { ask, executed } = whoAmI();
    expect(await ask('a')).toBe('cus_A');
    expect(await ask('b')).toBe('cus_B');
    expect(executed.count).toBe(2);
  });

  it('an unverifiable caller shares no cache entry, not even with another unverifiable one', async () => {
    const { ask, executed } = whoAmI();
    await ask('nobody');
    await ask('nobody');
    expect(executed.count).toBe(2);
  });
});
