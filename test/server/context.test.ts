import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { CursorCodec } from '../../src/domain/cursor.js';
import { SingleFlight } from '../../src/http/single-flight.js';
import type { ProviderRegistry } from '../../src/providers/registry.js';
import { createContextFactory } from '../../src/server/context.js';
import { RequestStates } from '../../src/server/request-state.js';

describe('createContextFactory', () => {
  const passThrough: Principal = {
    kind: 'pass-through',
    credentials: { stripe: { authorization: 'Bearer sk_test_1' }, flexprice: { 'x-api-key': 'fp_1' } },
  };
  const build = (principal: Principal | Error, singleFlight?: SingleFlight) => {
    const states = new RequestStates(async () => {
      if (principal instanceof Error) throw principal;
      return principal;
    });
    const factory = createContextFactory({
      states,
      providers: {} as ProviderRegistry,
      defaultProvider: 'stripe',
      maxUpstreamConcurrency: 4,
      cursors: new CursorCodec('context-test-cursor-secret-0123456789abcdef'),
      configuredCredential: (provider) => `configured ${provider} key`,
      ...(singleFlight ? { singleFlight } : {}),
    });
    const request = new Request('http://billgraph.test/graphql', { headers: { 'x-request-id': 'ctx-1' } });
    return { states, request, context: () => factory({ request }) };
  };

  it("gives the resolvers the request's id and principal, and records the principal for the log", async () => {
    const { states, request, context } = build(passThrough);
    const ctx = await context();
    expect(ctx.requestId).toBe('ctx-1');
    expect(ctx.principal).toBe(passThrough);
    expect(ctx.defaultProvider).toBe('stripe');
    expect(states.of(request).principal).toBe(passThrough);
  });

  it("each provider's call carries only that provider's credentials, and shares the request's memo, slots and attempt log", async () => {
    const { states, request, context } = build(passThrough);
    const ctx = await context();
    const stripe = ctx.callFor('stripe');
    const flexprice = ctx.callFor('flexprice');
    expect(stripe.credentials).toEqual({ authorization: 'Bearer sk_test_1' });
    expect(flexprice.credentials).toEqual({ 'x-api-key': 'fp_1' });
    expect(ctx.callFor('stripe')).toBe(stripe);
    expect(stripe.memo).toBe(flexprice.memo);
    expect(stripe.slots).toBe(flexprice.slots);
    expect(stripe.signal).toBe(request.signal);
    stripe.onAttempt!({ provider: 'stripe', method: 'GET', path: '/v1/invoices', status: 200, durationMs: 1, attempt: 1 });
    expect(states.of(request).upstreamCalls).toHaveLength(1);
    expect(ctx.upstreamCalls).toBe(states.of(request).upstreamCalls);
  });

  it('every operation of a batch shares one set of upstream slots', async () => {
    const { context } = build({ kind: 'service' });
    const [first, second] = await Promise.all([context(), context()]);
    expect(first.callFor('stripe').slots).toBe(second.callFor('stripe').slots);
    expect(first.loaders).not.toBe(second.loaders);
  });

  it('reads are shared only between callers of one credential: the same key, or the configured one', async () => {
    const flight = new SingleFlight();
    const key = (stripe: string): Principal => ({ kind: 'pass-through', credentials: { stripe: { authorization: `Bearer ${stripe}` } } });
    const calls = await Promise.all(
      [key('sk_test_1'), key('sk_test_1'), key('sk_test_2'), { kind: 'service' as const }, { kind: 'service' as const }].map(
        async (principal) => (await build(principal, flight).context()).callFor('stripe'),
      ),
    );
    let reads = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++reads), 20));
    const answers = await Promise.all(calls.map((call) => call.share!('GET /v1/invoices', slow)));
    expect(reads).toBe(3);
    expect(answers[0]).toBe(answers[1]);
    expect(answers[3]).toBe(answers[4]);
    expect(new Set([answers[0], answers[2], answers[3]]).size).toBe(3);
    expect(flight.joined).toBe(2);
  });

  it('a principal that cannot be resolved fails the context with its error', async () => {
    const { context } = build(new Error('bad token'));
    await expect(context()).rejects.toThrow('bad token');
  });
});
