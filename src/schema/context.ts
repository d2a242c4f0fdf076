import type { Principal } from '../auth/principal.js';
import type { CacheTags } from '../cache/cache-tags.js';
import type { CursorCodec } from '../domain/cursor.js';
import type { ProviderName } from '../domain/invoice.js';
import type { UpstreamAttempt } from '../http/client.js';
import type { LiveContext } from '../live/live-context.js';
import type { Loaders } from '../loaders/index.js';
import type { ProviderCall } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/registry.js';

/** What every resolver of one request sees. Built per request by src/server/context.ts. */
export interface Context {
  requestId: string;
  principal: Principal;
  providers: ProviderRegistry;
  defaultProvider: ProviderName;
  loaders: Loaders;
  /** Issues and reads this deployment's signed cursors (src/domain/cursor.ts). */
  cursors: CursorCodec;
  /**
   * The upstream call options for one provider in this request: that provider's credentials only
   * (pass-through) or null (configured key), plus the request's shared memo, attempt log and signal.
   * Loaders use the same function, so no provider ever receives another provider's credential.
   */
  callFor(provider: ProviderName): ProviderCall;
  /** What this operation's loaders read, so its cached answer can be evicted when that changes (src/cache). */
  cacheTags: CacheTags;
  /** Every upstream attempt this request made (for the request log and tests). */
  upstreamCalls: UpstreamAttempt[];
  /** Subscriptions' streams and re-reads (src/live); null where the app runs without them (unit tests). */
  live: LiveContext | null;
}
