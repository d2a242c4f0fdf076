import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderName } from '../domain/invoice.js';
import { control } from './control.js';
import type { SandboxDialect } from './dialect.js';
import { createDialects } from './dialects.js';
import { FaultPlan } from './faults.js';
import { seedFlexprice } from './flexprice/data.js';
import { readBody, send } from './http-io.js';
import { RequestLog, type ReceivedRequest } from './request-log.js';
import { respond } from './respond.js';
import { seedStripeAccount } from './stripe/data.js';
import { SandboxWebhooks, type SandboxWebhookOptions } from './webhooks/targets.js';

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
  /** Where provider-side changes (`/__sandbox/stripe/...`, `/__sandbox/flexprice/...`) send their signed webhooks. */
  webhooks: SandboxWebhooks;
  /** Clears the request log and faults, and seeds the data again if a control change touched it. */
  reset(): void;
  close(): Promise<void>;
}

export interface SandboxOptions {
  host?: string;
  port?: number;
  dialects?: SandboxDialect[];
  webhooks?: SandboxWebhookOptions;
}

/** Starts the built-in fake upstreams: one HTTP server, every dialect under its path prefix. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  // The seeded data the dialects serve: control changes alter it in place, a reset seeds it again.
  const stripe = seedStripeAccount();
  const flexprice = seedFlexprice();
  let touched = false;
  const dialects = options.dialects ?? createDialects({ stripe, flexprice });
  const faults = new FaultPlan();
  const log = new RequestLog();
  const webhooks = new SandboxWebhooks(options.webhooks);
  const reset = () => {
    log.clear();
    faults.clear();
    webhooks.deliveries.length = 0;
    for (const dialect of dialects) dialect.reset?.();
    if (!touched) return;
    Object.assign(stripe, seedStripeAccount());
    Object.assign(flexprice, seedFlexprice());
    touched = false;
  };
  const controls = { log, faults, reset, stripe, flexprice, webhooks, dialects, touched: () => (touched = true) };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const body = await readBody(req);
    if (url.pathname.startsWith('/__sandbox/')) return control(url, req.method ?? 'GET', body, res, controls);
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
    webhooks,
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        webhooks.sender.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
