import { createCloudflareDialect } from './cloudflare/dialect.js';
import type { SandboxDialect } from './dialect.js';
import { createFlexpriceDialect } from './flexprice/dialect.js';
import { createStripeDialect } from './stripe/dialect.js';

/** Every dialect the sandbox speaks. */
export function createDialects(): SandboxDialect[] {
  return [createCloudflareDialect(), createStripeDialect(), createFlexpriceDialect()];
}
