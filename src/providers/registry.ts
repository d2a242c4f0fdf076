import { unsupported } from '../domain/errors.js';
import type { ProviderName } from '../domain/invoice.js';
import type { BillingProvider } from './provider.js';

/** The adapters this deployment runs, by provider name. */
export class ProviderRegistry {
  private readonly byName = new Map<ProviderName, BillingProvider>();

  constructor(providers: Iterable<BillingProvider>) {
    for (const provider of providers) this.byName.set(provider.name, provider);
  }

  get(name: ProviderName): BillingProvider {
    const provider = this.byName.get(name);
    if (!provider) throw unsupported(`the ${name} provider is not configured in this deployment`, { provider: name });
    return provider;
  }

  all(): BillingProvider[] {
    return [...this.byName.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((provider) => provider.close()));
  }
}
