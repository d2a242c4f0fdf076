import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderName } from '../domain/invoice.js';
import { stringifyLossless } from '../http/lossless-json.js';
import type { SandboxDialect, SandboxRequest } from './dialect.js';
import { FaultPlan, type Fault } from './faults.js';
import { createDialects } from './dialects.js';

/** One request the sandbox received, kept for tests (form bodies, forwarded headers, counts). */
export interface ReceivedRequest {
  provider: ProviderName;
  route: string;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

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

const MAX_BODY = 1024 * 1024;
const MAX_KEPT = 5_000;

/** Starts the built-in fake upstreams: one HTTP server, every dialect under its path prefix. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const dialects = options.dialects ?? createDialects();
  const faults = new FaultPlan();
  const received: ReceivedRequest[] = [];
  // Counts are kept apart from `received` (which is capped) so they stay exact under load.
  const counts = new Map<string, number>();

  const reset = () => {
    received.length = 0;
    counts.clear();
    faults.clear();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'sandbox failure', detail: String(error) }));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const body = await readBody(req);
    if (url.pathname.startsWith('/__sandbox/')) return control(url, req.method ?? 'GET', body, res);
    const dialect = dialects.find((d) => url.pathname === d.prefix || url.pathname.startsWith(`${d.prefix}/`));
    if (!dialect) return send(res, 404, {}, JSON.stringify({ error: `no sandbox upstream at ${url.pathname}` }));
    const path = url.pathname.slice(dialect.prefix.length) || '/';
    const method = req.method ?? 'GET';
    const route = dialect.routeName(method, path) ?? 'unknown';
    received.push({ provider: dialect.provider, route, method, path, query: url.search, headers: { ...req.headers }, body });
    counts.set(`${dialect.provider} ${route}`, (counts.get(`${dialect.provider} ${route}`) ?? 0) + 1);
    if (received.length > MAX_KEPT) received.splice(0, received.length - MAX_KEPT);

    const fault = faults.take(dialect.provider, path, body);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'latency') await new Promise((resolve) => setTimeout(resolve, fault.latencyMs ?? 1_000));
    if (fault?.kind === 'malformed') return send(res, 200, { 'content-type': 'application/json' }, '{"result": {"id": "in_');
    if (fault?.kind === 'status') {
      const status = fault.status ?? 500;
      const answer = dialect.error(status, faultMessage(status));
      const extra = Object.fromEntries(Object.entries(fault.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
      const headers = {
        ...answer.headers,
        ...(fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {}),
        ...extra,
      };
      return send(res, status, { 'content-type': 'application/json', ...headers }, stringifyLossless(answer.json));
    }

    const request: SandboxRequest = { method, path, query: url.searchParams, headers: req.headers, body };
    const answer = await dialect.handle(request);
    const json = fault?.kind === 'contract' && answer.status < 300 ? dialect.breakContract(answer.json) : answer.json;
    if (fault?.kind === 'stall-body')
      return stallBody(
        res,
        answer.status,
        { 'content-type': 'application/json', ...answer.headers },
        stringifyLossless(json),
        fault.latencyMs ?? 1_000,
      );
    return send(res, answer.status, { 'content-type': 'application/json', ...answer.headers }, stringifyLossless(json));
  }

  /** Out-of-process control, for `npm run sandbox` users and benchmarks. */
  function control(url: URL, method: string, body: string, res: ServerResponse): void {
    if (url.pathname === '/__sandbox/reset' && method === 'POST') {
      reset();
      return send(res, 200, {}, '{"ok":true}');
    }
    if (url.pathname === '/__sandbox/faults' && method === 'POST') {
      faults.add(JSON.parse(body) as Fault);
      return send(res, 200, {}, '{"ok":true}');
    }
    if (url.pathname === '/__sandbox/counters' && method === 'GET') {
      return send(res, 200, { 'content-type': 'application/json' }, JSON.stringify(Object.fromEntries(counts)));
    }
    send(res, 404, {}, '{"error":"unknown sandbox control"}');
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    faults,
    received,
    count: (provider, route) =>
      [...counts]
        .filter(([key]) => (route === undefined ? key.startsWith(`${provider} `) : key === `${provider} ${route}`))
        .reduce((sum, [, n]) => sum + n, 0),
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function faultMessage(status: number): string {
  if (status === 401) return 'Authentication error';
  if (status === 403) return 'Forbidden: the credentials lack permission for this resource';
  if (status === 404) return 'Not found';
  if (status === 429) return 'Rate limited: too many requests';
  return 'Internal server error';
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { 'content-length': Buffer.byteLength(body).toString(), ...headers });
  res.end(body);
}

/** Headers and the first half of the body now, the rest after `ms`: a body that stalls mid-way. */
async function stallBody(res: ServerResponse, status: number, headers: Record<string, string>, body: string, ms: number): Promise<void> {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  res.writeHead(status, { 'content-length': bytes.length.toString(), ...headers });
  res.write(bytes.subarray(0, half));
  await new Promise((resolve) => setTimeout(resolve, ms));
  if (!res.destroyed) res.end(bytes.subarray(half));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large for the sandbox');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
