import type { Principal } from '../auth/principal.js';
import type { ProviderName } from '../domain/invoice.js';
import type { UpstreamAttempt } from '../http/client.js';
import type { Loaders } from '../loaders/index.js';
import type { ProviderCall } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/registry.js';

/** What every resolver of one request sees. Built per request in src/app.ts. */
export interface Context {
  requestId: string;
  principal: Principal;
  providers: ProviderRegistry;
  defaultProvider: ProviderName;
  loaders: Loaders;
  /** Credentials and hooks for the upstream calls of this request (loaders use the same one). */
  call: ProviderCall;
  /** Every upstream attempt this request made (for the request log and tests). */
  upstreamCalls: UpstreamAttempt[];
}
