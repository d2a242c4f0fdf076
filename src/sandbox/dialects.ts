import { createCloudflareDialect } from './cloudflare/dialect.js';
import type { SandboxDialect } from './dialect.js';
import type { FpDataset } from './flexprice/data.js';
import { createFlexpriceDialect } from './flexprice/dialect.js';
import type { StripeAccount } from './stripe/data.js';
import { createStripeDialect } from './stripe/dialect.js';

/** Every dialect the sandbox speaks; Stripe and Flexprice serve the data given (the server changes it on request). */
export function createDialects(data: { stripe?: StripeAccount; flexprice?: FpDataset } = {}): SandboxDialect[] {
  return [createCloudflareDialect(), createStripeDialect(data.stripe), createFlexpriceDialect(data.flexprice)];
}
