import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * graphql-js's hints in validation and variable errors: ` Did you mean "invoice" or "invoices"?`, ` Did you
 * mean the enum value "STRIPE"?`. GraphQL names cannot hold a `?`, so the hint ends at the first one.
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** `message` without graphql-js's "Did you mean" hints. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

function hidden(error: GraphQLError): GraphQLError {
  const message = withoutSuggestions(error.message);
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
}

/**
 * With suggestions off (production by default, BILLGRAPH_SUGGESTIONS), errors stop naming fields, arguments
 * and enum values the caller did not ask for: with introspection off, those hints would map the schema for
 * anyone who probes it (docs/ARCHITECTURE.md section 6).
 */
export function useHiddenSuggestions(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      const fix = (one: ExecutionResult): ExecutionResult =>
        one.errors?.length ? { ...one, errors: one.errors.map((error) => hidden(error as GraphQLError)) } : one;
      if (Array.isArray(result)) setResult(result.map(fix));
      else if (!(Symbol.asyncIterator in (result as object))) setResult(fix(result as ExecutionResult));
    },
  };
}
