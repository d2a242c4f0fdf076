import { type Env, oneOf, text } from './env.js';
import { ConfigError } from './errors.js';

/**
 * Trusted documents (persisted operations): the manifests billgraph executes `documentId` requests from, and
 * whether a caller may still send a document of its own (README "Frontend").
 */
export interface TrustedDocumentSettings {
  /** Manifest files, or directories whose *.json files are manifests (one per app and version). */
  manifests: string[];
  /** `refused`: only manifest documents run, except for a principal holding `arbitraryRole`. */
  arbitrary: 'allowed' | 'refused';
  /** A JWT role (BILLGRAPH_JWT_ROLES_CLAIM) whose holders may send any document although they are refused. */
  arbitraryRole: string | null;
}

/** What decides the default: production, and whether GraphiQL or the open sandbox mode need arbitrary documents. */
export interface DocumentContext {
  graphiql: boolean;
  authMode: string;
}

export function trustedDocumentSettings(env: Env, context: DocumentContext): TrustedDocumentSettings {
  const manifests = (text(env, 'BILLGRAPH_TRUSTED_DOCUMENTS') ?? '')
    .split(',')
    .map((path) => path.trim())
    .filter(Boolean);
  // With a manifest in production only its documents run; GraphiQL and the sandbox's open mode keep any document.
  const locked = env.NODE_ENV === 'production' && manifests.length > 0 && !context.graphiql && context.authMode !== 'sandbox';
  const arbitrary = oneOf(env, 'BILLGRAPH_ARBITRARY_DOCUMENTS', ['allowed', 'refused'] as const, locked ? 'refused' : 'allowed');
  if (arbitrary === 'refused' && manifests.length === 0) {
    throw new ConfigError('BILLGRAPH_ARBITRARY_DOCUMENTS', 'allowed unless BILLGRAPH_TRUSTED_DOCUMENTS names a manifest', arbitrary);
  }
  const arbitraryRole = text(env, 'BILLGRAPH_ARBITRARY_DOCUMENTS_ROLE');
  if (arbitraryRole !== null && context.authMode !== 'jwt') {
    throw new ConfigError(
      'BILLGRAPH_ARBITRARY_DOCUMENTS_ROLE',
      'set only with BILLGRAPH_AUTH_MODE=jwt (roles come from the JWT)',
      arbitraryRole,
    );
  }
  return { manifests, arbitrary, arbitraryRole };
}
