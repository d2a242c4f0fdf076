// From 'urql', not '@urql/core': urql 5.0.4 carries its own @urql/core 6.0.3 (the repo pins 6.0.2), and mixing the two breaks the types.
import { makeOperation, mapExchange, type Exchange } from 'urql';

/** What the client preset embeds in each generated document when `persistedDocuments` is on. */
interface HashedDocument {
  __meta__?: { hash?: string };
}

/**
 * Sends `{ documentId }` (the document's hash, a key of src/gql/persisted-documents.json) instead of the query
 * text. urql's fetch body carries `documentId` for a document that has one and no definitions, so each
 * operation's document is swapped for such a stub; its result types are unchanged.
 */
export const documentIdExchange: Exchange = mapExchange({
  onOperation(operation) {
    if (operation.kind === 'teardown') return operation;
    const hash = (operation.query as HashedDocument).__meta__?.hash;
    if (!hash) throw new Error('this document has no __meta__.hash: regenerate src/gql with persisted documents on');
    const stub = { kind: 'Document', definitions: [], documentId: hash, __meta__: { hash } } as unknown as typeof operation.query;
    return makeOperation(operation.kind, { ...operation, query: stub }, operation.context);
  },
});
