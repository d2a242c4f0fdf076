import { useGraphQlJit } from '@envelop/graphql-jit';
import { Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { withGraphqlJsErrors } from './compiled-errors.js';

/**
 * Repeated queries run as JavaScript compiled once per document (graphql-jit, through @envelop/graphql-jit)
 * instead of graphql-js walking the document for every answer (bench/HISTORY.md, 2026-11-30 compiled execution).
 *
 * Only a query, alone in its document, on its second run:
 * - mutations and subscriptions stay on graphql-js: a mutation's serial root fields and a subscription's
 *   stream (src/live, its per-event spans) are where the jit's semantics differ most, and they are rare next to
 *   reads, so nothing is won there;
 * - the plugin keeps one compiled query per document whatever the operation name, so a document of several
 *   operations would run the first one it compiled;
 * - compiling costs far more than one run: a document seen once (a unique or oversized one Yoga's bounded parse
 *   cache does not keep, src/limits/document-cache.ts) is never compiled. The compiled code lives as long as
 *   the cached document.
 * Answers are graphql-js's: errors are rebuilt as graphql-js builds them (./compiled-errors.ts), and an answer
 * without data (variables the jit refused, a document it could not compile) is redone by graphql-js, which
 * words it — nothing has run yet when that happens.
 *
 * First in the pipeline: the plugins after it (tracing, the heavy-operation gate, the response cache) wrap
 * whichever executor it chose.
 */
export function useCompiledExecution(): Plugin {
  const seen = new WeakSet<DocumentNode>();
  const jit = useGraphQlJit(
    {},
    {
      enableIf: ({ document }) => isLoneQuery(document) && seenBefore(seen, document),
      // A document the jit cannot compile answers without data, so graphql-js runs it (see above).
      onError: () => {},
    },
  );
  return {
    onExecute(payload) {
      const graphqlJs = payload.executeFn;
      return jit.onExecute?.({
        ...payload,
        setExecuteFn: (compiled) =>
          payload.setExecuteFn(async (args: ExecutionArgs) => {
            const result = (await compiled(args)) as ExecutionResult;
            if (!('data' in result)) return graphqlJs(args);
            return withGraphqlJsErrors(result, args.document);
          }),
      });
    },
  };
}

function isLoneQuery(document: DocumentNode): boolean {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operations.length === 1 && operations[0]!.operation === 'query';
}

/** True from a document's second run on; the first only marks it. */
function seenBefore(seen: WeakSet<DocumentNode>, document: DocumentNode): boolean {
  if (seen.has(document)) return true;
  seen.add(document);
  return false;
}
