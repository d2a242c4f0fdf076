import type { Deadlines } from './http/client.js';
import type { RetryPolicy } from './http/retry.js';
import { authSettings, type AuthSettings } from './config/auth.js';
import { budgetSettings, type BudgetSettings } from './config/budgets.js';
import { responseCacheSettings, type ResponseCacheSettings } from './config/cache.js';
import { corsSettings, type CorsSettings } from './config/cors.js';
import { trustedDocumentSettings, type TrustedDocumentSettings } from './config/documents.js';
import { cursorSettings, type CursorSettings } from './config/cursors.js';
import type { Env } from './config/env.js';
import { lifecycleSettings, type LifecycleSettings } from './config/lifecycle.js';
import { liveSettings, type LiveSettings } from './config/live.js';
import { limitSettings, type LimitSettings } from './config/limits.js';
import { resilienceSettings, type ResilienceSettings } from './config/resilience.js';
import { serverSettings, type ServerSettings } from './config/server.js';
import { tracingSettings, type TracingSettings } from './config/telemetry.js';
import { webhookSettings, type WebhookSettings } from './config/webhooks.js';
import {
  cloudflareSettings,
  deadlineSettings,
  flexpriceSettings,
  retrySettings,
  stripeSettings,
  type CloudflareSettings,
  type FlexpriceSettings,
  type StripeSettings,
} from './config/upstreams.js';

/**
 * Environment -> validated Config, composed from one module per concern in src/config/. A bad value stops
 * the process with one line naming the variable and what it expected (ConfigError). Configuration knows
 * nothing of the sandbox: an upstream left unconfigured stays null here, and the entry point (src/main.ts)
 * decides what runs in its place (docs/ARCHITECTURE.md section 7).
 */
export { ConfigError } from './config/errors.js';
export type { Env } from './config/env.js';
export * from './config/auth.js';
export * from './config/budgets.js';
export * from './config/cache.js';
export * from './config/cors.js';
export * from './config/documents.js';
export * from './config/cursors.js';
export * from './config/lifecycle.js';
export * from './config/limits.js';
export * from './config/live.js';
export * from './config/resilience.js';
export * from './config/server.js';
export * from './config/telemetry.js';
export * from './config/upstreams.js';
export * from './config/webhooks.js';

export interface Config extends ServerSettings {
  cloudflare: CloudflareSettings;
  stripe: StripeSettings;
  flexprice: FlexpriceSettings;
  deadlines: Deadlines;
  retry: RetryPolicy;
  auth: AuthSettings;
  limits: LimitSettings;
  responseCache: ResponseCacheSettings;
  cors: CorsSettings;
  trustedDocuments: TrustedDocumentSettings;
  cursors: CursorSettings;
  resilience: ResilienceSettings;
  budgets: BudgetSettings;
  lifecycle: LifecycleSettings;
  tracing: TracingSettings;
  webhooks: WebhookSettings;
  live: LiveSettings;
}

export interface LoadOptions {
  /**
   * Upstream keys that are published, not secret (the built-in sandbox's): configuring one does not make
   * an open billgraph hand out anyone's data, so it does not require an auth mode.
   */
  publicKeys?: readonly string[];
}

export function loadConfig(env: Env = process.env, options: LoadOptions = {}): Config {
  const cloudflare = cloudflareSettings(env);
  const stripe = stripeSettings(env);
  const flexprice = flexpriceSettings(env);
  const deadlines = deadlineSettings(env);
  const retry = retrySettings(env);
  const server = serverSettings(env);
  const publicKeys = new Set(options.publicKeys ?? []);
  const auth = authSettings(env, { cloudflare, stripe, flexprice, publicKeys });
  return {
    ...server,
    cloudflare,
    stripe,
    flexprice,
    deadlines,
    retry,
    auth,
    limits: limitSettings(env),
    responseCache: responseCacheSettings(env),
    cors: corsSettings(env),
    trustedDocuments: trustedDocumentSettings(env, { graphiql: server.graphiql, authMode: auth.mode }),
    cursors: cursorSettings(env),
    resilience: resilienceSettings(env),
    budgets: budgetSettings(env),
    lifecycle: lifecycleSettings(env, deadlines),
    tracing: tracingSettings(env),
    webhooks: webhookSettings(env),
    live: liveSettings(env),
  };
}

/** True when some upstream has neither credentials nor a base URL: the entry point then runs the sandbox for it. */
export function needsSandbox(config: Config): boolean {
  return (
    (config.cloudflare.baseUrl === null && config.cloudflare.auth === null) ||
    (config.stripe.baseUrl === null && config.stripe.secretKey === null) ||
    (config.flexprice.baseUrl === null && config.flexprice.apiKey === null)
  );
}
