import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { createApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { withSandbox } from '../../src/sandbox/config.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { TEST_ENV, type GraphQLResult } from '../helpers/harness.js';

/** A real billgraph over loopback in front of a real sandbox, with every log line captured. */
export interface SecureHarness {
  sandbox: Sandbox;
  app: App;
  config: Config;
  url: string;
  /** Raw JSON log lines written by billgraph's logger. */
  logs: string[];
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult<T> & { text: string }>;
  close(): Promise<void>;
}

export const JWT_SECRET = 'test-jwt-secret-0123456789-abcdefghijklmnop';
export const JWT_ISSUER = 'https://auth.billgraph.test/';
export const JWT_AUDIENCE = 'billgraph-api';

export const JWT_ENV: Record<string, string> = {
  BILLGRAPH_AUTH_MODE: 'jwt',
  BILLGRAPH_JWT_SECRET: JWT_SECRET,
  BILLGRAPH_JWT_ISSUER: JWT_ISSUER,
  BILLGRAPH_JWT_AUDIENCE: JWT_AUDIENCE,
};

export async function startSecureHarness(env: Record<string, string> = {}): Promise<SecureHarness> {
  const sandbox = await startSandbox();
  const config = withSandbox(loadConfig({ ...TEST_ENV, LOG_LEVEL: 'info', ...env }), sandbox.url);
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(line);
      done();
    },
  });
  const app = createApp(config, undefined, { logDestination });
  const server: Server = createServer(app.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
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
      return { status: response.status, text, body: JSON.parse(text) as GraphQLResult<any>['body'] };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await sandbox.close();
    },
  };
}

/** A billgraph JWT for `customers` of `provider`, signed with the test secret unless told otherwise. */
export async function customerToken(
  provider: string,
  customers: string[],
  options: { secret?: string; issuer?: string; audience?: string; expiresIn?: string | number; notBefore?: string | number; subject?: string } = {},
): Promise<string> {
  let jwt = new SignJWT({ billgraph_provider: provider, billgraph_customers: customers })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(options.issuer ?? JWT_ISSUER)
    .setAudience(options.audience ?? JWT_AUDIENCE)
    .setSubject(options.subject ?? `user-${customers.join('-')}`)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m');
  if (options.notBefore !== undefined) jwt = jwt.setNotBefore(options.notBefore);
  return jwt.sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The codes of a response's errors. */
export const codes = (body: { errors?: { extensions?: Record<string, any> }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);
