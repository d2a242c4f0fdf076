import type { Config } from '../config.js';
import { CloudflareProvider } from './cloudflare/index.js';
import { FlexpriceProvider } from './flexprice/index.js';
import type { BillingProvider } from './provider.js';
import { StripeProvider } from './stripe/index.js';
import { ProviderRegistry } from './registry.js';

/**
 * The adapters for a config whose base URLs are resolved (see src/sandbox/config.ts). A provider with no
 * base URL is left out; asking for it is UNSUPPORTED.
 */
export function createProviders(config: Config): ProviderRegistry {
  const providers: BillingProvider[] = [];
  const { cloudflare, deadlines, retry } = config;
  if (cloudflare.baseUrl) providers.push(new CloudflareProvider({ ...cloudflare, baseUrl: cloudflare.baseUrl }, deadlines, retry));
  const { flexprice } = config;
  if (flexprice.baseUrl) providers.push(new FlexpriceProvider({ ...flexprice, baseUrl: flexprice.baseUrl }, deadlines, retry));
  const { stripe } = config;
  if (stripe.baseUrl) providers.push(new StripeProvider({ ...stripe, baseUrl: stripe.baseUrl }, deadlines, retry));
  return new ProviderRegistry(providers);
}
