import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderName } from '../domain/invoice.js';
import type { SandboxDialect } from './dialect.js';
import { createDialects } from './dialects.js';
import { FaultPlan, type Fault } from './faults.js';
import { readBody, send } from './http-io.js';
import { RequestLog, type ReceivedRequest } from './request-log.js';
import { respond } from './respond.js';

export type { ReceivedRequest } from './request-log.js';

export interface Sandbox {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  server: Server;
  faults: FaultPlan;
  /** Requests received since the last reset, oldest first (at most 5,000 kept). */
  received: ReceivedRequest[];
  /** How many requests reached `provider` (optionally one route) since the last reset. */
  count(provider: ProviderName, route?: string): number;
  reset(): void;
  close(): Promise<void>;
}

export interface SandboxOptions {
  host?: string;
  port?: number;
  dialects?: SandboxDialect[];
}

/** Out-of-process control (`/__sandbox/reset`, `/faults`, `/counters`), for `npm run sandbox` users and benchmarks. */
function control(
  url: URL,
  method: string,
  body: string,
  res: ServerResponse,
  sandbox: { log: RequestLog; faults: FaultPlan; reset(): void; dialects: SandboxDialect[] },
): void {
  if (url.pathname === '/__sandbox/reset' && method === 'POST') {
    sandbox.reset();
    return send(res, 200, {}, '{"ok":true}');
  }
  if (url.pathname === '/__sandbox/faults' && method === 'POST') {
    sandbox.faults.add(JSON.parse(body) as Fault);
    return send(res, 200, {}, '{"ok":true}');
  }
  if (url.pathname === '/__sandbox/counters' && method === 'GET') {
    return send(res, 200, { 'content-type': 'application/json' }, sandbox.log.countsJson());
  }
  // A dialect's own data changes: /__sandbox/<provider>/<action> (e.g. /__sandbox/cloudflare/usage).
  const [, provider, action] = /^\/__sandbox\/(\w+)\/(\w+)$/.exec(url.pathname) ?? [];
  const answer = sandbox.dialects.find((d) => d.provider === provider)?.control?.(action!, method, body);
  if (answer) return send(res, answer.status, { 'content-type': 'application/json' }, JSON.stringify(answer.json));
  send(res, 404, {}, '{"error":"unknown sandbox control"}');
}

/** Starts the built-in fake upstreams: one HTTP server, every dialect under its path prefix. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dialects = options.dialects ?? createDialects();
  const faults = new FaultPlan();
  const log = new RequestLog();
  const reset = () => {
    log.clear();
    faults.clear();
    for (const dialect of dialects) dialect.reset?.();
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const body = await readBody(req);
    if (url.pathname.startsWith('/__sandbox/')) return control(url, req.method ?? 'GET', body, res, { log, faults, reset, dialects });
    const dialect = dialects.find((d) => url.pathname === d.prefix || url.pathname.startsWith(`${d.prefix}/`));
    if (!dialect) return send(res, 404, {}, JSON.stringify({ error: `no sandbox upstream at ${url.pathname}` }));
    const path = url.pathname.slice(dialect.prefix.length) || '/';
    const method = req.method ?? 'GET';
    const route = dialect.routeName(method, path) ?? 'unknown';
    log.record({ provider: dialect.provider, route, method, path, query: url.search, headers: { ...req.headers }, body });
    const fault = faults.take(dialect.provider, path, body);
    return respond(dialect, fault, { method, path, query: url.searchParams, headers: req.headers, body }, req, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'sandbox failure', detail: String(error) }));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    faults,
    received: log.received,
    count: (provider, route) => log.count(provider, route),
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
