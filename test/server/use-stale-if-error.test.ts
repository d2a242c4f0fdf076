import { createInMemoryCache } from '@graphql-yoga/plugin-response-cache';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { keepStaleEntries } from '../../src/cache/stale-entries.js';
import { TaggedCache } from '../../src/cache/tagged-cache.js';
import { usePrincipalResponseCache } from '../../src/server/use-principal-response-cache.js';
import { useStaleIfError, type CacheKeys } from '../../src/server/use-stale-if-error.js';
import { callerStates, post } from './support.js';

/**
 * useStaleIfError alone with the principal response cache in a bare Yoga: a schema whose "upstream" can be
 * switched off, and a clock the test moves.
 */
function billing(maxStaleMs: number) {
  const upstream = { down: false, calls: 0, errorCode: 'UPSTREAM_UNAVAILABLE' };
  const clock = { now: Date.now() };
  const states = callerStates();
  const answer = () => {
    upstream.calls += 1;
    if (upstream.down) throw new GraphQLError('stripe is unavailable', { extensions: { code: upstream.errorCode } });
    return `balance ${upstream.calls}`;
  };
  const schema = createSchema({
    typeDefs: 'type Query { balance: String } type Mutation { preview: String }',
    resolvers: { Query: { balance: answer }, Mutation: { preview: answer } },
  });
  const cache = keepStaleEntries(createInMemoryCache(), maxStaleMs, () => clock.now);
  const keys: CacheKeys = new WeakMap();
  const yoga = createYoga({
    schema,
    logging: false,
    maskedErrors: false,
    plugins: [usePrincipalResponseCache({ ttlMs: 1_000, cache: new TaggedCache(cache), states, keys }), useStaleIfError({ cache, keys })],
  });
  const ask = async (caller: string, query = '{ balance }') => (await yoga.fetch(post(query, { 'x-caller': caller }))).json();
  return { ask, upstream, clock };
}

describe('useStaleIfError', () => {
  it('answers a failed query with the expired entry of the same principal, marked stale with its age', async () => {
    const { ask, upstream, clock } = billing(60_000);
    const fresh = await ask('a');
    expect(fresh).toEqual({ data: { balance: 'balance 1' } });
    clock.now += 1_000 + 120_000 / 4; // past the 1 s TTL, 31 s old
    upstream.down = true;
    const stale = await ask('a');
    expect(stale.data).toEqual({ balance: 'balance 1' });
    expect(stale.errors).toBeUndefined();
    expect(stale.extensions).toMatchObject({ stale: true, ageSeconds: 31 });
    expect(Date.parse(stale.extensions.cachedAt)).toBeGreaterThan(0);
    expect(upstream.calls).toBe(2); // it was asked, and failed
  });

  it("never answers one principal with another's entry", async () => {
    const { ask, upstream, clock } = billing(60_000);
    await ask('a');
    clock.now += 2_000;
    upstream.down = true;
    const b = await ask('b');
    expect(b.data).toEqual({ balance: null });
    expect(b.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(b.extensions?.stale).toBeUndefined();
  });

  it('nothing older than the maximum staleness, nothing for other failures, nothing for mutations', async () => {
    const { ask, upstream, clock } = billing(5_000);
    await ask('a');
    await ask('a', 'mutation { preview }');
    upstream.down = true;
    clock.now += 2_000;
    const mutation = await ask('a', 'mutation { preview }');
    expect(mutation.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(mutation.extensions?.stale).toBeUndefined();
    upstream.errorCode = 'UNAUTHENTICATED';
    expect((await ask('a')).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    upstream.errorCode = 'UPSTREAM_UNAVAILABLE';
    expect((await ask('a')).extensions.stale).toBe(true);
    clock.now += 5_000; // 1 s TTL + 5 s staleness passed
    expect((await ask('a')).errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('a stale answer is not stored again: once the upstream is back the next answer is fresh', async () => {
    const { ask, upstream, clock } = billing(60_000);
    await ask('a');
    clock.now += 2_000;
    upstream.down = true;
    expect((await ask('a')).extensions.stale).toBe(true);
    upstream.down = false;
    const back = await ask('a');
    expect(back.extensions?.stale).toBeUndefined();
    expect(back.data.balance).toBe(`balance ${upstream.calls}`);
  });
});
