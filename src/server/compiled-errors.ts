import { locatedError, visit, type DocumentNode, type ExecutionResult, type FieldNode, type GraphQLError } from 'graphql';

/**
 * graphql-jit's field errors carry `locations` as plain numbers but no `nodes`, `source` or `positions`, so
 * every later copy of them (maskError, shapeResultError, Yoga's serialiser) loses the locations. Each of the
 * jit's locations is the start of one field node of the document it ran, so the nodes can be found again and
 * the error rebuilt the way graphql-js's executor builds it (`locatedError`).
 */

type FieldsByStart = Map<string, FieldNode>;
const fieldsByDocument = new WeakMap<DocumentNode, FieldsByStart>();

const startKey = (line: number, column: number) => `${line}:${column}`;

/** Every field of the document (operation and fragments) by where it starts; built once per document, on its first error. */
function fieldsOf(document: DocumentNode): FieldsByStart {
  let fields = fieldsByDocument.get(document);
  if (!fields) {
    const found: FieldsByStart = new Map();
    visit(document, {
      Field(node) {
        if (node.loc) found.set(startKey(node.loc.startToken.line, node.loc.startToken.column), node);
      },
    });
    fields = found;
    fieldsByDocument.set(document, fields);
  }
  return fields;
}

/** The error graphql-js would have made for the same field: same message, path, cause and extensions, with its nodes. */
export function asGraphqlJsError(error: GraphQLError, document: DocumentNode): GraphQLError {
  if (error.nodes || !error.locations?.length) return error;
  const fields = fieldsOf(document);
  const nodes = error.locations.flatMap(({ line, column }) => fields.get(startKey(line, column)) ?? []);
  if (nodes.length !== error.locations.length) return error;
  // A resolver's own error (or anything it threw) is located like graphql-js does. The jit's own errors (a
  // null in a non-null field, a value a scalar cannot serialise) have no cause: graphql-js throws a plain
  // Error for a null, which maskError turns into INTERNAL; the jit keeps only a serialiser's message, so that
  // server fault is treated as one too rather than shown.
  return locatedError(error.originalError ?? new Error(error.message), nodes, error.path);
}

/** A result of the compiled executor with every error as graphql-js would have made it. */
export function withGraphqlJsErrors(result: ExecutionResult, document: DocumentNode): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((error) => asGraphqlJsError(error, document)) };
}
