import { buildSchema, execute, parse, type ExecutionResult, type GraphQLError } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { describe, expect, it } from 'vitest';
import { withGraphqlJsErrors } from '../../src/server/compiled-errors.js';
import { maskError } from '../../src/server/error-shaping.js';

// The jit's own errors, which no sandbox answer provokes: a null in a non-null field next to a resolver's throw.
const schema = buildSchema(`
  type Account { balance: String! memo: String }
  type Query { account: Account audit: String }
`);
// Plain values and a getter: the jit reads a field without a resolver as a property, where graphql-js would
// also call a function.
const rootValue = {
  account: { balance: null, memo: 'kept' },
  get audit(): string {
    throw new TypeError('ledger unreadable');
  },
};
const document = parse(`query Ledger {
  ...Books
  checked: audit
}
fragment Books on Query {
  books: account {
    ... on Account { owed: balance }
    memo
  }
}`);

/** What a caller would see of each error, in path order. */
const shown = (result: ExecutionResult) =>
  (result.errors ?? [])
    .map((error) => maskError(error, 'Unexpected error.') as GraphQLError)
    .map((error) => ({ ...error.toJSON(), cause: error.originalError?.constructor.name }))
    .sort((a, b) => String(a.path).localeCompare(String(b.path)));

describe('compiled errors', () => {
  it('a null in a non-null field and a thrown error leave as graphql-js makes them: located, masked INTERNAL', async () => {
    const compiled = compileQuery(schema, document);
    if (!isCompiledQuery(compiled)) throw new Error('did not compile');
    const jit = (await compiled.query(rootValue, {}, {})) as ExecutionResult;
    const graphqlJs = await execute({ schema, document, rootValue });
    expect(jit.data).toEqual(graphqlJs.data);
    expect(shown(withGraphqlJsErrors(jit, document))).toEqual(shown(graphqlJs));
    expect(shown(graphqlJs)).toEqual([
      {
        message: 'Internal error',
        locations: [{ line: 7, column: 22 }],
        path: ['books', 'owed'],
        extensions: { code: 'INTERNAL' },
        cause: 'Error',
      },
      {
        message: 'Internal error',
        locations: [{ line: 3, column: 3 }],
        path: ['checked'],
        extensions: { code: 'INTERNAL' },
        cause: 'TypeError',
      },
    ]);
  });
});
