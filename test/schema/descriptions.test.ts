import { buildClientSchema, buildSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { undocumented } from '../helpers/schema-docs.js';

// README "Frontend: schema": what GraphiQL and codegen see over HTTP is documented everywhere.
describe('every element of the schema has a description written for a frontend developer', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ BILLGRAPH_INTROSPECTION: 'true' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the schema billgraph serves, read by introspection over HTTP, has no undocumented element', async () => {
    const { body } = await h.graphql(getIntrospectionQuery({ inputValueDeprecation: true }));
    expect(body.errors).toBeUndefined();
    const served = buildClientSchema(body.data as IntrospectionQuery);
    expect(undocumented(served)).toEqual([]);
    // Sanity: the walk saw the whole schema, not an empty one.
    expect(Object.keys(served.getTypeMap()).length).toBeGreaterThan(30);
  });

  it('names each element that breaks the rule, so the failure says what to write', () => {
    const schema = buildSchema(`
      """Documented."""
      type Query {
        """Documented, never null."""
        ok(
          """Documented."""
          a: Int
          b: Int
        ): Int!
        bare: String!
        """Loaded through a DataLoader; null when missing."""
        leaky: String
        """Says nothing about absence."""
        maybe: String
      }
      enum Colour {
        """Documented."""
        RED
        GREEN
      }
      input Filter { colour: Colour }
      directive @audit(level: Int) on FIELD_DEFINITION
    `);
    expect(undocumented(schema)).toEqual([
      '@audit(level:): no description',
      '@audit: no description',
      'Colour.GREEN: no description',
      'Colour: no description',
      'Filter.colour: no description',
      'Filter: no description',
      'Query.bare: no description',
      'Query.leaky: describes the implementation ("DataLoader")',
      'Query.maybe: nullable, but its description does not say when it is null',
      'Query.ok(b:): no description',
    ]);
  });
});
