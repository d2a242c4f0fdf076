import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { SingleFlight } from '../../src/http/single-flight.js';
import { createReadMemo } from '../../src/loaders/index.js';
import { createProviders } from '../../src/providers/index.js';
import type { ProviderCall } from '../../src/providers/provider.js';
import type { ProviderRegistry } from '../../src/providers/registry.js';
import { withSandbox } from '../../src/sandbox/config.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { TEST_ENV } from './harness.js';

/**
 * The real adapters over HTTP to a real sandbox, for tests below the GraphQL layer: started before the
 * calling describe's tests, closed after them. Read `providers` inside tests, once started.
 */
export function useSandboxProviders(): { readonly providers: ProviderRegistry } {
  let sandbox: Sandbox | undefined;
  let providers: ProviderRegistry | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox();
    providers = createProviders(withSandbox(loadConfig(TEST_ENV), sandbox.url));
  });
  afterAll(async () => {
    await providers?.close();
    await sandbox?.close();
  });
  return {
    get providers() {
      if (!providers) throw new Error('the sandbox providers start in beforeAll');
      return providers;
    },
  };
}

/** One GraphQL request's upstream call: its own read memo, and single flight with other requests when given. */
export const requestCall = (singleFlight?: SingleFlight): ProviderCall => ({
  credentials: null,
  memo: createReadMemo(),
  ...(singleFlight ? { share: <T>(key: string, read: () => Promise<T>) => singleFlight.run(key, read) } : {}),
});
