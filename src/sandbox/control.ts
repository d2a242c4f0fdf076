import type { ServerResponse } from 'node:http';
import type { ChangeResult } from './changes.js';
import type { FaultPlan, Fault } from './faults.js';
import { finalizeFlexpriceInvoice, payFlexpriceInvoice, voidFlexpriceInvoice } from './flexprice/changes.js';
import type { FpDataset } from './flexprice/data.js';
import { send } from './http-io.js';
import type { SandboxDialect } from './dialect.js';
import type { RequestLog } from './request-log.js';
import { finalizeStripeInvoice, payStripeInvoice, setStripeItemQuantity, voidStripeInvoice } from './stripe/changes.js';
import type { StripeAccount } from './stripe/data.js';
import type { SandboxWebhooks, WebhookProviderName } from './webhooks/targets.js';

/** What the control endpoints act on. */
export interface ControlContext {
  log: RequestLog;
  faults: FaultPlan;
  reset(): void;
  stripe: StripeAccount;
  flexprice: FpDataset;
  webhooks: SandboxWebhooks;
  /** Each dialect may have controls of its own (`/__sandbox/cloudflare/usage`). */
  dialects: SandboxDialect[];
  /** Marks the seeded data as changed, so a reset seeds it again. */
  touched(): void;
}

type Body = Record<string, unknown>;
type Change = (ctx: ControlContext, id: string, body: Body) => ChangeResult;

/** The provider-side changes (`POST /__sandbox/<provider>/...`), each delivering the provider's signed webhook. */
const CHANGES: { pattern: RegExp; change: Change }[] = [
  { pattern: /^\/__sandbox\/stripe\/invoices\/([^/]+)\/pay$/, change: (ctx, id) => payStripeInvoice(ctx.stripe, id) },
  { pattern: /^\/__sandbox\/stripe\/invoices\/([^/]+)\/void$/, change: (ctx, id) => voidStripeInvoice(ctx.stripe, id) },
  { pattern: /^\/__sandbox\/stripe\/invoices\/([^/]+)\/finalize$/, change: (ctx, id) => finalizeStripeInvoice(ctx.stripe, id) },
  {
    pattern: /^\/__sandbox\/stripe\/subscription_items\/([^/]+)$/,
    change: (ctx, id, body) => setStripeItemQuantity(ctx.stripe, id, body.quantity),
  },
  { pattern: /^\/__sandbox\/flexprice\/invoices\/([^/]+)\/pay$/, change: (ctx, id) => payFlexpriceInvoice(ctx.flexprice, id) },
  { pattern: /^\/__sandbox\/flexprice\/invoices\/([^/]+)\/void$/, change: (ctx, id) => voidFlexpriceInvoice(ctx.flexprice, id) },
  { pattern: /^\/__sandbox\/flexprice\/invoices\/([^/]+)\/finalize$/, change: (ctx, id) => finalizeFlexpriceInvoice(ctx.flexprice, id) },
];

const json = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, { 'content-type': 'application/json' }, JSON.stringify(body));

function parse(body: string): Body {
  const parsed: unknown = body ? JSON.parse(body) : {};
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Body) : {};
}

/** `POST /__sandbox/webhooks {"provider":"stripe","url":"…","secret":"…"}` (url null: stop sending). */
function configureWebhooks(ctx: ControlContext, body: Body, res: ServerResponse): void {
  const provider = body.provider;
  if (provider !== 'stripe' && provider !== 'flexprice') return json(res, 400, { error: 'provider must be stripe or flexprice' });
  if (body.url === null) ctx.webhooks.configure(provider as WebhookProviderName, null);
  else if (typeof body.url === 'string' && typeof body.secret === 'string' && /^https?:\/\//.test(body.url))
    ctx.webhooks.configure(provider as WebhookProviderName, { url: body.url, secret: body.secret });
  else return json(res, 400, { error: 'url (http or https) and secret are required' });
  json(res, 200, { ok: true });
}

/**
 * Out-of-process control (`/__sandbox/...`), for tests, `npm run sandbox` users, benchmarks and the README demo:
 * reset, faults, counters, provider-side changes and where their webhooks go.
 */
export function control(url: URL, method: string, rawBody: string, res: ServerResponse, ctx: ControlContext): void {
  const path = url.pathname;
  const body = method === 'POST' ? parse(rawBody) : {};
  if (path === '/__sandbox/reset' && method === 'POST') {
    ctx.reset();
    return json(res, 200, { ok: true });
  }
  if (path === '/__sandbox/faults' && method === 'POST') {
    ctx.faults.add(body as unknown as Fault);
    return json(res, 200, { ok: true });
  }
  if (path === '/__sandbox/counters' && method === 'GET')
    return send(res, 200, { 'content-type': 'application/json' }, ctx.log.countsJson());
  if (path === '/__sandbox/webhooks' && method === 'POST') return configureWebhooks(ctx, body, res);
  if (path === '/__sandbox/webhooks' && method === 'GET') return json(res, 200, { deliveries: ctx.webhooks.deliveries });
  for (const { pattern, change } of CHANGES) {
    const match = method === 'POST' ? pattern.exec(path) : null;
    if (!match) continue;
    const result = change(ctx, decodeURIComponent(match[1] ?? ''), body);
    if (result.status !== 200) return json(res, result.status, result.json);
    ctx.touched();
    return json(res, 200, { object: result.json, webhooks: ctx.webhooks.deliver(result) });
  }
  // A dialect's own data changes: /__sandbox/<provider>/<action> (e.g. /__sandbox/cloudflare/usage).
  const [, provider, action] = /^\/__sandbox\/(\w+)\/(\w+)$/.exec(path) ?? [];
  const answer = ctx.dialects.find((d) => d.provider === provider)?.control?.(action!, method, rawBody);
  if (answer) return json(res, answer.status, answer.json);
  json(res, 404, { error: 'unknown sandbox control' });
}
