import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

/**
 * Compiled execution (src/server/use-compiled-execution.ts) answers a repeated query exactly as graphql-js does:
 * one billgraph with it, one without, in front of the same sandbox. A document's second run is the compiled one.
 */

// Errors under aliases, inside a named fragment and an inline fragment in it; the good alias keeps its data.
const PARTIAL = `query Partial {
  known: upcomingInvoice(provider: STRIPE) { id }
  ...Missing
}

fragment Missing on Query {
  ... on Query {
      missingStripe: upcomingInvoice(provider: STRIPE, customer: "cus_DoesNotExist1") { id }
  }
  missingFlexprice: upcomingInvoice(provider: FLEXPRICE, customer: "cust_does_not_exist") { id }
}`;

// `invoices` is non-null: its error nulls the whole answer.
const NULLED = `query Nulled {
  ...History
}
fragment History on Query {
  history: invoices(provider: STRIPE, customer: "cus_DoesNotExist1", first: 2) { totalCount }
}`;

const BY_VARIABLE = 'query Page($first: Int) { invoices(provider: STRIPE, first: $first) { totalCount } }';

type Body = Awaited<ReturnType<Harness['graphql']>>['body'];
const pathOf = (error: NonNullable<Body['errors']>[number]) => (error.path ?? []).join('.');

/**
 * The body as compared: errors in path order (either executor lists them as the upstreams answer) and every
 * upstream request id (the sandbox makes a new one per call) replaced by one placeholder.
 */
function comparable(body: Body): Body {
  const errors = body.errors
    ?.map((error) =>
      error.extensions?.upstreamRequestId ? { ...error, extensions: { ...error.extensions, upstreamRequestId: 'req' } } : error,
    )
    .sort((a, b) => pathOf(a).localeCompare(pathOf(b)));
  return errors ? { ...body, errors } : body;
}

describe('compiled execution answers like graphql-js', () => {
  let compiled: Harness;
  let interpreted: Harness;
  beforeAll(async () => {
    compiled = await startHarness({ BILLGRAPH_COMPILED_EXECUTION: 'on' });
    interpreted = await startHarness({ BILLGRAPH_COMPILED_EXECUTION: 'off' }, { sandbox: compiled.sandbox });
  });
  afterAll(async () => {
    await compiled?.close();
    await interpreted?.close();
  });

  /** The second answer of `compiled` (its first one compiles nothing) next to graphql-js's answer. */
  async function bothAnswers(query: string, variables?: Record<string, unknown>) {
    const first = await compiled.graphql(query, variables);
    const second = await compiled.graphql(query, variables);
    const expected = await interpreted.graphql(query, variables);
    expect(comparable(first.body)).toEqual(comparable(expected.body));
    return { actual: { ...second, body: comparable(second.body) }, expected: { ...expected, body: comparable(expected.body) } };
  }

  it('errors under aliases in fragments keep their locations, paths and codes; the rest of the data stays', async () => {
    const { actual, expected } = await bothAnswers(PARTIAL);
    expect(actual.status).toBe(expected.status);
    expect(actual.body).toEqual(expected.body);
    expect(actual.body.data).toEqual({ known: { id: expect.any(String) }, missingStripe: null, missingFlexprice: null });
    expect(actual.body.errors).toEqual([
      expect.objectContaining({
        locations: [{ line: 10, column: 3 }],
        path: ['missingFlexprice'],
        extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
      }),
      expect.objectContaining({
        locations: [{ line: 8, column: 7 }],
        path: ['missingStripe'],
        extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
      }),
    ]);
  });

  it('an error in a non-null field nulls the answer with the same located error', async () => {
    const { actual, expected } = await bothAnswers(NULLED);
    expect(actual.body).toEqual(expected.body);
    expect(actual.body).toMatchObject({ data: null, errors: [{ locations: [{ line: 5, column: 3 }], path: ['history'] }] });
  });

  it('variables graphql-js refuses are refused in its words', async () => {
    const { actual, expected } = await bothAnswers(BY_VARIABLE, { first: 'ten' });
    expect(actual.status).toBe(expected.status);
    expect(actual.body).toEqual(expected.body);
    expect(actual.body.errors?.[0]?.message).toMatch(/^Variable "\$first" got invalid value "ten"/);
  });
});
