import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { withSandbox } from '../../src/sandbox/config.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { listen } from './listen.js';

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
  /** Raw JSON log lines written by billgraph's logger (only with `captureLogs`). */
  logs: string[];
  /** POSTs a GraphQL request over HTTP and returns the status, the raw text and the parsed body. */
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult<T>>;
  /** Closes billgraph, and the sandbox if the harness started it. */
  close(): Promise<void>;
}

export interface GraphQLResult<T> {
  status: number;
  text: string;
  /** The response's `extensions.cost` (upstream calls estimated and made, the caller's budget left). */
  cost: Record<string, any> | undefined;
  /** The parsed body without `extensions.cost`, which differs between identical requests (the budget left). */
  body: { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
}

export interface HarnessOptions {
  /** Put billgraph in front of this sandbox (e.g. several instances over one) instead of starting one. */
  sandbox?: Sandbox;
  /** Keep billgraph's log lines in `logs` (the logger writes at LOG_LEVEL, so set it to info or lower). */
  captureLogs?: boolean;
}

/**
 * The sandbox is no real upstream, and a test makes many calls in a few seconds from one address: budgets that
 * never bind unless a test sets them (test/integration/budgets*.test.ts do).
 */
export const UNBOUNDED_BUDGETS: Record<string, string> = {
  BILLGRAPH_PRINCIPAL_BURST: '1000000',
  BILLGRAPH_PRINCIPAL_CALLS_PER_SECOND: '100000',
  BILLGRAPH_CLOUDFLARE_RATE: 'off',
  BILLGRAPH_STRIPE_RATE: 'off',
};

/** Fast retries so fault tests finish quickly; tests that measure retries override these. */
export const TEST_ENV: Record<string, string> = {
  UPSTREAM_RETRY_BASE_MS: '5',
  UPSTREAM_RETRY_MAX_MS: '20',
  UPSTREAM_TIMEOUT_MS: '3000',
  UPSTREAM_HEADERS_TIMEOUT_MS: '2000',
  UPSTREAM_BODY_TIMEOUT_MS: '2000',
  LOG_LEVEL: 'silent',
  ...UNBOUNDED_BUDGETS,
};

export async function startHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const sandbox = options.sandbox ?? (await startSandbox());
  const config = withSandbox(loadConfig({ ...TEST_ENV, ...env }), sandbox.url);
  const logs: string[] = [];
  const app = createApp(config, undefined, options.captureLogs ? { logDestination: linesInto(logs) } : {});
  const listening = await listen(app.handler);
  const url = listening.url;
  return {
    sandbox,
    app,
    config,
    url,
    logs,
    async graphql(query, variables, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      const { body, cost } = withoutCost(JSON.parse(text));
      return { status: response.status, text, cost, body: body as GraphQLResult<any>['body'] };
    },
    async close() {
      await listening.close();
      await app.close();
      if (!options.sandbox) await sandbox.close();
    },
  };
}

/** A log destination that keeps each line written to it in `lines`, raw. */
export function linesInto(lines: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(line);
      done();
    },
  });
}

/** Splits `extensions.cost` off a parsed response (dropping `extensions` when nothing else is in it). */
export function withoutCost(parsed: any): { body: any; cost: Record<string, any> | undefined } {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !parsed.extensions?.cost)
    return { body: parsed, cost: undefined };
  const { cost, ...rest } = parsed.extensions;
  const body = { ...parsed };
  if (Object.keys(rest).length > 0) body.extensions = rest;
  else delete body.extensions;
  return { body, cost };
}
