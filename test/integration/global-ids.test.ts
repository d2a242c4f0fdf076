import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_DEFAULT_CUSTOMER, STRIPE_SECOND_USD_CUSTOMER } from '../../src/sandbox/stripe/data.js';
import { FP_DEFAULT_CUSTOMER, FP_MULTI_CUSTOMER } from '../../src/sandbox/flexprice/data.js';
import { startHarness, type Harness } from '../helpers/harness.js';

const globalId = (typename: string, local: string) => Buffer.from(`${typename}:${local}`, 'utf8').toString('base64url');
const localOf = (id: string) => JSON.parse(Buffer.from(id, 'base64url').toString('utf8').slice('Invoice:'.length)) as unknown[];

describe('global ids of invoice(id) and node(id)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('anything but an Invoice id (a cursor, another type name, garbage) is BAD_USER_INPUT that echoes nothing of it', async () => {
    const page = await h.graphql(`{ invoices(first: 1) { edges { cursor } } }`);
    const cursor: string = page.body.data.invoices.edges[0].cursor;
    for (const id of [cursor, globalId('Customer', 'cus_1'), globalId('Query', 'x'), 'not base64!', 'Zm9v']) {
      for (const query of [`query($id: ID!) { node(id: $id) { id } }`, `query($id: ID!) { invoice(id: $id) { id } }`]) {
        const { body, text } = await h.graphql(query, { id });
        expect(body.errors?.[0]?.extensions?.code, `${query} ${id}`).toBe('BAD_USER_INPUT');
        expect(text).not.toMatch(/"v"|not been implemented|does not support/);
      }
    }
  });

  for (const [provider, own, other] of [
    ['STRIPE', STRIPE_DEFAULT_CUSTOMER, STRIPE_SECOND_USD_CUSTOMER],
    ['FLEXPRICE', FP_DEFAULT_CUSTOMER, FP_MULTI_CUSTOMER],
  ] as const) {
    it(`${provider}: an id naming one customer with another customer's invoice key finds nothing, never that other invoice`, async () => {
      const theirs = await h.graphql(`{ invoices(provider: ${provider}, customer: "${other}", first: 1) { nodes { id } } }`);
      const [p, , key, preview] = localOf(theirs.body.data.invoices.nodes[0].id);
      const forged = globalId('Invoice', JSON.stringify([p, own, key, preview]));
      const byId = await h.graphql(`query($id: ID!) { invoice(id: $id) { id customerId } }`, { id: forged });
      expect(byId.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(byId.body.data?.invoice ?? null).toBeNull();
      const byNode = await h.graphql(`query($id: ID!) { node(id: $id) { id } }`, { id: forged });
      expect(byNode.body.data.node).toBeNull();
      // Their own id still reads their invoice, and its id is the one asked for.
      const real = await h.graphql(`query($id: ID!) { node(id: $id) { id } }`, { id: theirs.body.data.invoices.nodes[0].id });
      expect(real.body.data.node.id).toBe(theirs.body.data.invoices.nodes[0].id);
    });
  }
});
