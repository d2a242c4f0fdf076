import { expect } from 'vitest';
import { createApp } from '../../src/app.js';
import { execute, type BillgraphResponse, type TypedDocumentNode } from '../../src/client/index.js';
import { loadConfig } from '../../src/config.js';
import { CF_DEFAULT_ACCOUNT, CF_EUR_ACCOUNT, CF_JPY_ACCOUNT, seedCloudflareAccounts } from '../../src/sandbox/cloudflare/data.js';
import { TEST_ENV } from './harness.js';
import { listen } from './listen.js';

/** The seeded Cloudflare sandbox accounts, as the README lists them. */
export const USD_ACCOUNT = CF_DEFAULT_ACCOUNT; // USD, second timestamps, honours page/per_page
export const EUR_ACCOUNT = CF_EUR_ACCOUNT; // EUR, millisecond timestamps, ignores paging
export const JPY_ACCOUNT = CF_JPY_ACCOUNT; // JPY (zero-decimal), second timestamps

/** What the sandbox holds for an account (same seed, so the same data the server answers with). */
export function seededAccount(id: string) {
  const account = seedCloudflareAccounts().get(id);
  if (!account) throw new Error(`no seeded Cloudflare account ${id}`);
  return account;
}

/** Sends a typed document and fails the test on any GraphQL error. */
export async function ok<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const response = await execute(url, document, variables);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as TResult;
}

/** The single error of a response, checked to carry `code`. */
export function onlyError(body: BillgraphResponse<unknown>, code: string) {
  expect(body.errors, JSON.stringify(body)).toHaveLength(1);
  const error = body.errors![0]!;
  expect(error.extensions?.code, error.message).toBe(code);
  return error;
}

/**
 * billgraph served in this process (helpers/process.ts startBillgraph starts a process) with a config of the
 * test's choosing (e.g. a wrong token) in front of an already running sandbox: unlike startHarness, configured
 * upstream settings here are not replaced by sandbox defaults.
 */
export async function serveBillgraphInProcess(env: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp(loadConfig({ ...TEST_ENV, ...env }));
  const listening = await listen(app.handler);
  return {
    url: listening.url,
    async close() {
      await listening.close();
      await app.close();
    },
  };
}
