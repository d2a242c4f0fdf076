import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { withSandbox } from '../../src/sandbox/config.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

/**
 * A real billgraph on a loopback port in front of a real sandbox on another port: what every
 * integration test talks to. `env` overrides environment variables (as a deployment would set them).
 */
export interface Harness {
  sandbox: Sandbox;
  app: App;
  config: Config;
  /** e.g. http://127.0.0.1:40555/graphql */
  url: string;
  /** POSTs a GraphQL request over HTTP and returns the status and parsed body. */
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

export interface GraphQLResult<T> {
  status: number;
  body: { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
}

/** Fast retries so fault tests finish quickly; tests that measure retries override these. */
export const TEST_ENV: Record<string, string> = {
  UPSTREAM_RETRY_BASE_MS: '5',
  UPSTREAM_RETRY_MAX_MS: '20',
  UPSTREAM_TIMEOUT_MS: '3000',
  UPSTREAM_HEADERS_TIMEOUT_MS: '2000',
  UPSTREAM_BODY_TIMEOUT_MS: '2000',
  LOG_LEVEL: 'silent',
};

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const sandbox = await startSandbox();
  const config = withSandbox(loadConfig({ ...TEST_ENV, ...env }), sandbox.url);
  const app = createApp(config);
  const server: Server = createServer(app.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    sandbox,
    app,
    config,
    url,
    async graphql(query, variables, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResult<any>['body'] };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await sandbox.close();
    },
  };
}
