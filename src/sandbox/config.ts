import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { CF_DEFAULT_ACCOUNT } from './cloudflare/data.js';
import { SANDBOX_CREDENTIALS } from './credentials.js';
import { FP_DEFAULT_CUSTOMER } from './flexprice/data.js';
import type { Sandbox } from './server.js';
import { STRIPE_DEFAULT_CUSTOMER } from './stripe/data.js';

/**
 * Points every upstream that has neither credentials nor a base URL at the sandbox at `sandboxUrl`,
 * with the sandbox's credentials and seeded default customers. Configured upstreams are left alone.
 */
export function withSandbox(config: Config, sandboxUrl: string): Config {
  const next: Config = structuredClone(config);
  if (next.cloudflare.baseUrl === null && next.cloudflare.auth === null) {
    next.cloudflare.baseUrl = `${sandboxUrl}/cloudflare/client/v4`;
    next.cloudflare.auth = { kind: 'token', token: SANDBOX_CREDENTIALS.cloudflare.token };
    next.cloudflare.defaultAccount ??= CF_DEFAULT_ACCOUNT;
  }
  if (next.stripe.baseUrl === null && next.stripe.secretKey === null) {
    next.stripe.baseUrl = `${sandboxUrl}/stripe`;
    next.stripe.secretKey = SANDBOX_CREDENTIALS.stripe.secretKey;
    next.stripe.defaultCustomer ??= STRIPE_DEFAULT_CUSTOMER;
  }
  if (next.flexprice.baseUrl === null && next.flexprice.apiKey === null) {
    next.flexprice.baseUrl = `${sandboxUrl}/flexprice/v1`;
    next.flexprice.apiKey = SANDBOX_CREDENTIALS.flexprice.apiKey;
    next.flexprice.defaultCustomer ??= FP_DEFAULT_CUSTOMER;
  }
  return next;
}

/** A Stripe-style and a Standard Webhooks-style signing secret, fresh for one start. */
function freshSecrets(): { stripe: string; flexprice: string } {
  return { stripe: `whsec_${randomBytes(24).toString('hex')}`, flexprice: `whsec_${randomBytes(24).toString('base64')}` };
}

/**
 * With the sandbox standing in for Stripe or Flexprice and no webhook secret configured for it, the sandbox's
 * webhooks go to this billgraph: a random secret per start, set into the config here and into the sandbox by
 * `connect` once billgraph listens (`npm start`: pay an invoice in the sandbox, see the event arrive).
 */
export function withSandboxWebhooks(config: Config): { config: Config; connect(sandbox: Sandbox, billgraphUrl: string): void } {
  const next: Config = structuredClone(config);
  const secrets = freshSecrets();
  const wired: { provider: 'stripe' | 'flexprice'; secret: string }[] = [];
  if (next.stripe.secretKey === SANDBOX_CREDENTIALS.stripe.secretKey && next.webhooks.stripeSecrets.length === 0) {
    next.webhooks.stripeSecrets = [secrets.stripe];
    wired.push({ provider: 'stripe', secret: secrets.stripe });
  }
  if (next.flexprice.apiKey === SANDBOX_CREDENTIALS.flexprice.apiKey && next.webhooks.flexpriceSecrets.length === 0) {
    next.webhooks.flexpriceSecrets = [secrets.flexprice];
    wired.push({ provider: 'flexprice', secret: secrets.flexprice });
  }
  return {
    config: next,
    connect(sandbox, billgraphUrl) {
      for (const { provider, secret } of wired)
        sandbox.webhooks.configure(provider, { url: `${billgraphUrl}${next.webhooks.path}/${provider}`, secret });
    },
  };
}
