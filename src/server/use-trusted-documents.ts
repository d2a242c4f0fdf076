import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type GraphQLParams, type Plugin } from 'graphql-yoga';
import type { RequestStates } from './request-state.js';
import { normalizeDocumentId, type TrustedDocuments } from './trusted-documents.js';

export interface TrustedDocumentOptions {
  /** From the configured manifests (src/server/trusted-documents.ts). */
  documents: TrustedDocuments;
  /** `refused`: a request carrying its own `query` is refused unless its principal holds `arbitraryRole`. */
  arbitrary: 'allowed' | 'refused';
  arbitraryRole: string | null;
  states: RequestStates;
}

/** The id a request names: `documentId` in a POST body or a GET's query string, or an APQ-style sha256Hash. */
function documentIdOf(params: GraphQLParams & { documentId?: unknown }, request: Request): string | null {
  const persisted = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  const id =
    (typeof params.documentId === 'string' ? params.documentId : null) ??
    (request.method === 'GET' ? new URL(request.url).searchParams.get('documentId') : null) ??
    (typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : null);
  return id;
}

const requestError = (message: string, code: string) => () => createGraphQLError(message, { extensions: { code, http: { status: 400 } } });

/**
 * Trusted documents with Yoga's persisted-operations plugin: `{ "documentId": "sha256:..." }` (POST, or GET
 * `?documentId=`) runs that manifest document with the request's variables; an unknown id is
 * PersistedQueryNotFound. When arbitrary documents are refused, a request with its own `query` is refused
 * too, unless its principal holds the configured role.
 */
export function useTrustedDocuments({ documents, arbitrary, arbitraryRole, states }: TrustedDocumentOptions): Plugin {
  const mayBringOwn = async (request: Request): Promise<boolean> => {
    if (arbitrary === 'allowed') return true;
    if (arbitraryRole === null) return false;
    const principal = await states.principalOf(request).catch(() => null);
    return principal?.kind === 'customer' && (principal.roles ?? []).includes(arbitraryRole);
  };
  return usePersistedOperations({
    getPersistedOperation: (id) => documents.get(normalizeDocumentId(id) ?? '') ?? null,
    extractPersistedOperationId: documentIdOf,
    allowArbitraryOperations: arbitrary === 'allowed' ? true : mayBringOwn,
    customErrors: {
      notFound: requestError(
        'PersistedQueryNotFound: no trusted document has this documentId; deploy the manifest of the app that sent it',
        'BAD_USER_INPUT',
      ),
      keyNotFound: requestError('send a GraphQL `query`, or the `documentId` of a trusted document', 'BAD_USER_INPUT'),
      persistedQueryOnly: () =>
        createGraphQLError(
          'PersistedQueryOnly: this billgraph runs trusted documents only; send the `documentId` of a document in a deployed manifest instead of `query`',
          { extensions: { code: 'FORBIDDEN', http: { status: 403 } } },
        ),
    },
  }) as Plugin;
}
