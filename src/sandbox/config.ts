import type { Config } from '../config.js';
import { CF_DEFAULT_ACCOUNT } from './cloudflare/data.js';
import { SANDBOX_CREDENTIALS } from './credentials.js';
import { FP_DEFAULT_CUSTOMER } from './flexprice/data.js';
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
